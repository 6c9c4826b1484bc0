"""Analysis of relgraph RDF with networkx: who deals with whom, how strongly, how cooperatively.

Input is whatever ``relgraph build`` wrote (an out/ folder with graph.trig, or any .trig/.ttl/.nt/
.jsonld files, several builds merged) or an rdflib graph. Results are plain dataclasses:

>>> from relgraph.analysis import load_ties, state_dyads, entity_graph, paths, centrality
>>> ties = load_ties("out")                        # list[TieRecord], evidence included
>>> dyads = state_dyads(ties)                      # tie strength per pair of states
>>> G = entity_graph(ties)                         # actors and ties, networkx
>>> paths(G, "https://w3id.org/relgraph/id/state/AZE", "https://w3id.org/relgraph/id/state/IRN")

The counting rules (one event however many articles repeat it; attribution of officials to states)
are documented in ``relgraph.analysis.graphs``.
"""

from relgraph.analysis.export import export_all, scalar_graph
from relgraph.analysis.graphs import (
    CentralityRow,
    Dyad,
    Hop,
    StateEvent,
    TiePath,
    attribute_states,
    centrality,
    communities,
    entity_graph,
    official_graph,
    official_state_graph,
    paths,
    state_dyads,
    state_graph,
    timeline,
)
from relgraph.analysis.load import (
    REL,
    ActorNotFound,
    ActorRecord,
    AnalysisInputError,
    EvidenceRecord,
    LoadedGraph,
    TieRecord,
    load,
    load_ties,
    normalize_name,
    read_rdf,
    resolve_actor,
)
from relgraph.analysis.report import Report, analyze, report_json

__all__ = [
    "REL", "ActorNotFound", "ActorRecord", "AnalysisInputError", "CentralityRow", "Dyad", "EvidenceRecord",
    "Hop", "LoadedGraph", "Report", "StateEvent", "TieRecord", "analyze", "attribute_states",
    "centrality", "communities", "entity_graph", "export_all", "load", "load_ties", "normalize_name",
    "official_graph", "official_state_graph", "paths", "read_rdf", "report_json", "resolve_actor",
    "scalar_graph", "state_dyads", "state_graph", "TiePath", "timeline",
]
