"""One call that runs the whole analysis the ``relgraph analyze`` command shows (or prints as JSON)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from relgraph.analysis.export import centrality_json, dyad_json, event_json, path_json
from relgraph.analysis.graphs import (
    CentralityRow,
    Dyad,
    StateEvent,
    TiePath,
    centrality,
    entity_graph,
    paths,
    state_dyads,
    timeline,
)
from relgraph.analysis.load import ActorRecord, LoadedGraph, load

__all__ = ["Report", "analyze", "report_json"]


@dataclass(slots=True)
class Report:
    graph: LoadedGraph
    dyads: list[Dyad]
    centrality: list[CentralityRow]
    tie_types: dict[str, int]
    dyad: tuple[ActorRecord, ActorRecord] | None = None
    timeline: list[StateEvent] = field(default_factory=list)
    path_ends: tuple[ActorRecord, ActorRecord] | None = None
    paths: list[TiePath] = field(default_factory=list)


def analyze(source: str | Path | Graph | Sequence[str | Path] | LoadedGraph, *,
            dyad: tuple[str, str] | None = None, path: tuple[str, str] | None = None,
            cutoff: int = 4, max_paths: int = 10) -> Report:
    """Load, count dyads, rank actors; with ``dyad``/``path`` (actor names, keys or QIDs) add a timeline/paths.

    Raises ``ActorNotFound`` when a named actor matches nothing or several, ``AnalysisInputError``
    when the input is not readable RDF.
    """
    kg = source if isinstance(source, LoadedGraph) else load(source)
    G = entity_graph(kg.ties)
    rep = Report(kg, state_dyads(kg.ties), centrality(G), dict(Counter(t.type for t in kg.ties).most_common()))
    if dyad:
        a, b = kg.resolve(dyad[0]), kg.resolve(dyad[1])
        rep.dyad, rep.timeline = (a, b), timeline(kg.ties, a.iri, b.iri)
    if path:
        a, b = kg.resolve(path[0]), kg.resolve(path[1])
        rep.path_ends = (a, b)
        rep.paths = paths(G, a.iri, b.iri, cutoff=cutoff, limit=max_paths) if a.iri in G and b.iri in G else []
    return rep


def report_json(rep: Report, top: int | None = None) -> dict:
    """The report as plain JSON-able data (Persian kept as text; ``ensure_ascii=False`` when dumping)."""
    out: dict = {
        "sources": rep.graph.sources,
        "counts": {"actors": len(rep.graph.actors), "ties": len(rep.graph.ties), "dyads": len(rep.dyads)},
        "tie_types": rep.tie_types,
        "dyads": [dyad_json(d) for d in rep.dyads[:top]],
        "centrality": centrality_json(rep.centrality[:top]),
    }
    if rep.dyad:
        pair = {rep.dyad[0].iri, rep.dyad[1].iri}
        summary = next((dyad_json(d) for d in rep.dyads if {d.a.iri, d.b.iri} == pair), None)
        out["dyad"] = {"a": rep.dyad[0].key, "b": rep.dyad[1].key, "summary": summary,
                       "timeline": [event_json(e) for e in rep.timeline]}
    if rep.path_ends:
        out["paths"] = {"a": rep.path_ends[0].key, "b": rep.path_ends[1].key,
                        "paths": [path_json(p) for p in rep.paths]}
    return out
