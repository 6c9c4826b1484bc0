"""Terminal tables for ``relgraph analyze`` (rich).

Why the layout is as it is: terminals lay out right-to-left text poorly. Without bidi support they
show Persian in logical order (letters reversed on screen); with bidi support they may reorder a
whole line, table borders included, when one line holds several RTL runs. So every table names
actors in English (or by key) first, and puts the Persian name alone in the LAST column: at most
one RTL run per line, with nothing but the border after it. Persian is printed as the original
characters (ZWNJ kept), never reversed or reshaped, so copy-paste and bidi terminals get it right.
Article text is untrusted: control characters and bidi overrides are removed before printing, and
all data goes in as ``rich.text.Text`` (never parsed as rich markup).
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.table import Table
from rich.text import Text

from relgraph.analysis.graphs import StateEvent
from relgraph.analysis.load import ActorRecord, EvidenceRecord
from relgraph.analysis.report import Report

__all__ = ["clean", "print_report"]

# C0/C1 controls (but \n, \t) and bidi embeddings/overrides/isolates: they can recolour the terminal
# or reorder what is shown (Trojan-Source style).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
QUAD = {1: "verbal coop", 2: "material coop", 3: "verbal conflict", 4: "material conflict"}


def clean(text: str | None) -> str:
    """Article/label text made safe for a terminal."""
    return _UNSAFE.sub("", text or "")


def _t(text: object, style: str = "") -> Text:
    return Text(clean(str(text)) if text is not None else "", style=style)


def _en(a: ActorRecord) -> Text:
    return _t(a.label_en or a.key)


def _fa(a: ActorRecord) -> Text:
    return _t(a.label_fa or "")


def _table(title: str, *columns: tuple[str, str]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, pad_edge=False)
    for name, justify in columns:
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    return table


def _evidence_lines(console: Console, evidence: list[EvidenceRecord], indent: str = "    ", limit: int = 3) -> None:
    for e in evidence[:limit]:
        head = " · ".join(x for x in (e.published, e.doc_id and f"doc {e.doc_id}", e.source) if x)
        console.print(_t(f"{indent}{head}", "dim"))
        if e.title:
            console.print(_t(f"{indent}  « {e.title} »", "dim"))
        console.print(_t(f"{indent}  {e.sentence or '(no sentence)'}"))
    if len(evidence) > limit:
        console.print(_t(f"{indent}… {len(evidence) - limit} more", "dim"))


def _timeline(console: Console, rep: Report) -> None:
    assert rep.dyad is not None
    a, b = rep.dyad
    events: list[StateEvent] = rep.timeline
    table = _table(f"Timeline {a.label_en or a.key} – {b.label_en or b.key}: {len(events)} events",
                   ("date", "left"), ("type", "left"), ("class", "left"), ("direction", "left"),
                   ("reports", "right"))
    for e in events:
        table.add_row(_t(e.period or "?"), _t(e.type), _t(QUAD.get(e.quad_class or 0, "")),
                      _t(", ".join(sorted(e.directions))), _t(len(e.ties)))
    console.print(table)
    for i, e in enumerate(events, 1):
        console.print(_t(f"  {i}. {e.period or '?'} {e.type}", "bold"))
        _evidence_lines(console, e.evidence)


def _paths(console: Console, rep: Report) -> None:
    assert rep.path_ends is not None
    a, b = rep.path_ends
    console.print(_t(f"Paths {a.label_en or a.key} … {b.label_en or b.key}: {len(rep.paths)} found", "bold"))
    if not rep.paths:
        console.print(_t("  no path within the cutoff (try a larger --cutoff)", "dim"))
    for i, p in enumerate(rep.paths, 1):
        chain = " ".join([p.actors[0].label_en or p.actors[0].key]
                         + [f"—{'/'.join(h.types)}— {h.target.label_en or h.target.key}" for h in p.hops])
        console.print(_t(f"  {i}. {chain}"))
        console.print(_t("     " + " › ".join(x.label_fa or x.key for x in p.actors)))
        for h in p.hops:
            for t in h.ties[:2]:  # the real direction of each tie, whatever the path's direction
                console.print(_t(f"     {t.source.label_en or t.source.key} -{t.type}-> "
                                 f"{t.target.label_en or t.target.key} {t.date or ''}", "dim"))
                _evidence_lines(console, list(t.evidence), indent="       ", limit=1)


def print_report(rep: Report, console: Console | None = None, top: int = 15) -> None:
    """The analysis as readable tables: counts, strongest dyads, central actors, timeline, paths."""
    console = console or Console(highlight=False)
    kg = rep.graph
    console.print(_t(f"relgraph analysis of {', '.join(kg.sources) or 'an in-memory graph'}", "bold"))
    console.print(_t(f"{len(kg.actors)} actors, {len(kg.ties)} ties, {len(rep.dyads)} state dyads"))
    if not kg.ties:
        console.print(_t("No ties in the input: was it built by `relgraph build`?", "yellow"))
        return
    types = _table("Ties by type", ("type", "left"), ("ties", "right"))
    for k, n in rep.tie_types.items():
        types.add_row(_t(k), _t(n))
    console.print(types)

    dyads = _table(f"State dyads (distinct events; top {top})", ("state A", "left"), ("state B", "left"),
                   ("events", "right"), ("reports", "right"), ("coop", "right"), ("conflict", "right"),
                   ("balance", "right"), ("main types", "left"), ("فارسی", "right"))
    for d in rep.dyads[:top]:
        main = ", ".join(f"{k} {v}" for k, v in sorted(d.by_type.items(), key=lambda kv: -kv[1])[:3])
        balance = "" if d.balance is None else f"{d.balance:+.2f}"
        style = "green" if (d.balance or 0) > 0 else "red" if (d.balance or 0) < 0 else ""
        dyads.add_row(_en(d.a), _en(d.b), _t(d.total), _t(d.reports), _t(d.coop), _t(d.conflict),
                      _t(balance, style), _t(main), _t(" – ".join(x for x in (d.a.label_fa, d.b.label_fa) if x)))
    console.print(dyads)

    cent = _table(f"Central actors (top {top})", ("actor", "left"), ("kind", "left"), ("degree", "right"),
                  ("weighted", "right"), ("betweenness", "right"), ("community", "right"), ("فارسی", "right"))
    for r in rep.centrality[:top]:
        cent.add_row(_en(r.actor), _t(r.actor.kind), _t(r.degree), _t(f"{r.weighted_degree:g}"),
                     _t(f"{r.betweenness:.3f}"), _t("" if r.community is None else r.community), _fa(r.actor))
    console.print(cent)
    if rep.dyad:
        _timeline(console, rep)
    if rep.path_ends:
        _paths(console, rep)


def analyze_cli(inputs: list, *, dyad: tuple[str, str] | None = None, path: tuple[str, str] | None = None,
                cutoff: int = 4, as_json: bool = False, export: bool = False, export_dir=None, top: int = 15) -> int:
    """``relgraph analyze``: 0 on success, 2 when the input or a named actor is wrong (message on stderr)."""
    import json
    import sys
    from pathlib import Path

    from relgraph.analysis import ActorNotFound, AnalysisInputError, analyze, export_all, report_json

    err = Console(stderr=True, highlight=False)
    try:
        rep = analyze(inputs, dyad=dyad, path=path, cutoff=cutoff)
    except (AnalysisInputError, ActorNotFound) as exc:
        err.print(_t(f"relgraph analyze: {exc}", "red"))
        return 2
    if as_json:
        sys.stdout.write(json.dumps(report_json(rep, top=None), ensure_ascii=False, indent=2) + "\n")
    else:
        print_report(rep, Console(highlight=False), top=top)
    if export:
        first = Path(inputs[0])
        target = Path(export_dir) if export_dir else (first if first.is_dir() else first.parent) / "analysis"
        files = export_all(rep.graph.ties, target, rep.dyads)
        (err if as_json else Console(highlight=False)).print(_t(f"wrote {len(files)} files to {target}/"))
    return 0
