"""SHACL validation of relgraph graphs (used through ``relgraph.rdf.validate``).

The shapes (``ontology/shapes.ttl``) are checked under RDFS entailment with the ontology
(``ontology/relgraph.ttl``), so that, say, a node used as a ``rel:target`` is taken to be a
``rel:Entity`` and must then carry an entity's type and Persian label. pyshacl's own ``rdfs``
inference runs owlrl's full closure, about half a second per graph even for a tiny one; the rules
that matter here (rdfs2 domain, rdfs3 range, rdfs7 sub-property, rdfs9 sub-class) are applied
below from the ontology instead, which gives the same verdicts in a tenth of the time.
``validate(..., full_inference=True)`` runs pyshacl's owlrl closure, for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH

from relgraph.paths import ontology_path
from relgraph.rdf_files import union_graph

__all__ = ["ShapeReport", "rdfs_closure", "validate"]


@dataclass(frozen=True, slots=True)
class ShapeReport:
    """Outcome of a SHACL check: ``text`` is pyshacl's human-readable report."""

    conforms: bool
    text: str
    violations: int


@cache
def _shapes() -> Graph:
    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")


@cache
def _ontology() -> Graph:
    return Graph().parse(ontology_path("relgraph.ttl"), format="turtle")


def _supers(onto: Graph, prop: URIRef, start: URIRef) -> set[URIRef]:
    """``start`` and everything above it along ``prop`` (transitive, IRIs only)."""
    seen, todo = {start}, [start]
    while todo:
        for up in onto.objects(todo.pop(), prop):
            if isinstance(up, URIRef) and up not in seen:
                seen.add(up)
                todo.append(up)
    return seen


@cache
def _schema() -> tuple[dict, dict, dict, dict]:
    onto = _ontology()
    classes = {c for c in onto.subjects(RDFS.subClassOf, None) if isinstance(c, URIRef)}
    props = {p for p in onto.subjects(RDFS.subPropertyOf, None)} | set(onto.subjects(RDFS.domain, None)) \
        | set(onto.subjects(RDFS.range, None))
    class_up = {c: _supers(onto, RDFS.subClassOf, c) for c in classes}
    prop_up = {p: _supers(onto, RDFS.subPropertyOf, p) for p in props if isinstance(p, URIRef)}
    domain = {p: {d for d in onto.objects(p, RDFS.domain) if isinstance(d, URIRef)} for p in prop_up}
    rng = {p: {r for r in onto.objects(p, RDFS.range) if isinstance(r, URIRef)} for p in prop_up}
    return class_up, prop_up, domain, rng


def rdfs_closure(graph: Graph) -> Graph:
    """A copy of ``graph`` with the RDFS consequences of the ontology added (rdfs2, 3, 7, 9)."""
    class_up, prop_up, domain, rng = _schema()
    out = union_graph(graph)
    for s, p, o in list(out):
        for q in prop_up.get(p, ()):
            out.add((s, q, o))
            for d in domain.get(q, ()):
                out.add((s, RDF.type, d))
            if not isinstance(o, Literal):
                for r in rng.get(q, ()):
                    out.add((o, RDF.type, r))
    for s, c in list(out.subject_objects(RDF.type)):
        for up in class_up.get(c, ()):
            out.add((s, RDF.type, up))
    return out


def validate(graph: Graph, *, full_inference: bool = False) -> ShapeReport:
    """Check a graph (or the union of a Dataset's graphs) against ontology/shapes.ttl under RDFS."""
    from pyshacl import validate as shacl_validate

    # The closure already holds every rdf:type the ontology entails, so the fast path needs no
    # ontology mixed in (pyshacl copying it into the data costs more than the check itself).
    data = union_graph(graph) if full_inference else rdfs_closure(graph)
    conforms, results, text = shacl_validate(
        data, shacl_graph=_shapes(), ont_graph=_ontology() if full_inference else None,
        inference="rdfs" if full_inference else "none",
        abort_on_first=False, allow_warnings=False, advanced=False,
    )
    violations = sum(1 for _ in results.subjects(SH.resultSeverity, SH.Violation))
    return ShapeReport(conforms=bool(conforms), text=str(text), violations=violations)
