"""Write the analysis for other tools (Gephi, R, spreadsheets) and for scripts (JSON).

GraphML/GEXF only hold scalar attributes, so dict/list attributes are flattened (``n_VISIT`` counts,
``types`` as a comma list) and Python objects (records) are dropped. CSV files use UTF-8 with a
BOM-less header row; Persian stays Persian.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from relgraph.analysis.graphs import (
    CentralityRow,
    Dyad,
    StateEvent,
    TiePath,
    entity_graph,
    state_dyads,
    state_graph,
)
from relgraph.analysis.load import ActorRecord, EvidenceRecord, TieRecord

__all__ = ["actor_json", "dyad_json", "event_json", "export_all", "path_json", "scalar_graph"]

_SCALAR = (str, int, float, bool)


def scalar_graph(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose node/edge attributes are all str/int/float/bool (for GraphML and GEXF)."""
    H = G.__class__()

    def flat(data: dict) -> dict:
        out = {}
        for k, v in data.items():
            if isinstance(v, bool | int | float | str):
                out[k] = v
            elif isinstance(v, dict) and k == "by_type":
                out.update({f"n_{t}": int(n) for t, n in v.items()})
            elif isinstance(v, list | set | tuple) and k == "ties":
                out["n_ties"] = len(v)
        return out

    for n, data in G.nodes(data=True):
        H.add_node(n, **flat(data))
    for u, v, data in G.edges(data=True):
        H.add_edge(u, v, **flat(data))
    return H


def _write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def export_all(ties: Sequence[TieRecord], out_dir: Path, dyads: Sequence[Dyad] | None = None) -> list[Path]:
    """Write state and entity graphs as GraphML + GEXF and CSV edge/event lists into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    dyads = list(dyads) if dyads is not None else state_dyads(ties)
    written: list[Path] = []
    for name, G in (("state_graph", state_graph(dyads)), ("entity_graph", entity_graph(ties))):
        H = scalar_graph(G)
        nx.write_graphml(H, out_dir / f"{name}.graphml")
        nx.write_gexf(H, out_dir / f"{name}.gexf")
        written += [out_dir / f"{name}.graphml", out_dir / f"{name}.gexf"]
    types = sorted({t for d in dyads for t in d.by_type})
    written.append(_write_csv(
        out_dir / "state_edges.csv",
        ["source", "target", "source_en", "target_en", "source_fa", "target_fa", "events", "reports",
         "coop", "conflict", "balance", *[f"n_{t}" for t in types]],
        [[d.a.key, d.b.key, d.a.label_en or "", d.b.label_en or "", d.a.label_fa or "", d.b.label_fa or "",
          d.total, d.reports, d.coop, d.conflict, "" if d.balance is None else d.balance,
          *[d.by_type.get(t, 0) for t in types]] for d in dyads]))
    written.append(_write_csv(
        out_dir / "state_events.csv",
        ["state_a", "state_b", "type", "date", "period", "quad_class", "reports", "doc_ids", "sentence"],
        [[e.a.key, e.b.key, e.type, e.date or "", e.period or "", e.quad_class or "", len(e.ties),
          " ".join(sorted({x.doc_id for x in e.evidence if x.doc_id})),
          (e.evidence[0].sentence or "") if e.evidence else ""] for d in dyads for e in d.events]))
    written.append(_write_csv(
        out_dir / "entity_edges.csv",
        ["tie", "type", "source", "target", "source_label", "target_label", "date", "cameo", "quad_class",
         "modality", "doc_ids"],
        [[t.iri, t.type, t.source.key, t.target.key, t.source.display, t.target.display, t.date or "",
          t.cameo or "", t.quad_class or "", t.modality, " ".join(t.doc_ids)] for t in ties]))
    return written


# --- JSON for scripts -------------------------------------------------------------------------------
def actor_json(a: ActorRecord) -> dict:
    return {"iri": a.iri, "key": a.key, "kind": a.kind, "label_fa": a.label_fa, "label_en": a.label_en,
            "qid": a.qid, "office": a.office}


def evidence_json(e: EvidenceRecord) -> dict:
    return {"doc_id": e.doc_id, "sentence": e.sentence, "sentence_index": e.sentence_index, "start": e.start,
            "end": e.end, "title": e.title, "published": e.published, "source": e.source, "url": e.url}


def event_json(e: StateEvent) -> dict:
    return {"type": e.type, "date": e.date, "period": e.period, "quad_class": e.quad_class,
            "directions": sorted(e.directions), "reports": len(e.ties), "ties": [t.iri for t in e.ties],
            "evidence": [evidence_json(x) for x in e.evidence]}


def dyad_json(d: Dyad, events: bool = False) -> dict:
    out = {"a": actor_json(d.a), "b": actor_json(d.b), "events": d.total, "reports": d.reports,
           "by_type": d.by_type, "by_year": d.by_year, "by_month": d.by_month, "coop": d.coop,
           "conflict": d.conflict, "balance": d.balance}
    if events:
        out["timeline"] = [event_json(e) for e in d.events]
    return out


def path_json(p: TiePath) -> dict:
    return {"actors": [a.key for a in p.actors],
            "hops": [{"source": actor_json(h.source), "target": actor_json(h.target), "types": h.types,
                      "ties": [t.iri for t in h.ties], "evidence": [evidence_json(e) for e in h.evidence]}
                     for h in p.hops]}


def centrality_json(rows: Sequence[CentralityRow]) -> list[dict]:
    return [{"actor": actor_json(r.actor), "degree": r.degree, "weighted_degree": r.weighted_degree,
             "betweenness": r.betweenness, "community": r.community} for r in rows]
