"""relgraph: Persian news to an RDF knowledge graph of bilateral relations between states.

The data path is ``Document → AnnotatedDoc → Mention → DocFacts → rdflib Graph → networkx / HTML``.
"""

__version__ = "0.1.0"
