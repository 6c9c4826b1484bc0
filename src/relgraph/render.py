"""One self-contained, offline HTML file of the graph (``graph.html``), built with pyvis's vis-network.

Why not pyvis's own ``show()``/template: it loads Bootstrap and vis-network from CDNs, so the page
breaks without network and leaks the reader's IP. We use pyvis to assemble the vis node/edge
objects and inline the vis-network JS/CSS that pyvis ships (``pyvis/templates/lib/vis-*``) plus our
own template, script and style (``relgraph/render_assets/``). A Content-Security-Policy forbids
every network load from the page.

Safety: every string from articles is untrusted. The data travels as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the
script puts it into the DOM with ``textContent`` only.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import networkx as nx
import yaml
from pyvis.network import Network
from rdflib import Graph

from relgraph import __version__
from relgraph.analysis.graphs import COUNTED_MODALITIES, entity_graph
from relgraph.analysis.load import LoadedGraph, TieRecord, load
from relgraph.paths import data_path

__all__ = ["build_page_data", "escape_json_for_html", "load_style", "render_html"]

ASSETS = Path(__file__).resolve().parent / "render_assets"
BIG_NODES, BIG_EDGES, MAX_LABELLED_EDGES = 300, 1000, 1000


def escape_json_for_html(obj: object) -> str:
    """JSON safe to place inside ``<script type="application/json">``: no ``</script>``, no ``<!--``."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def load_style(path: Path | None = None) -> dict:
    """Colours, shapes and legend labels per node kind and tie type (``data/style.yaml``)."""
    path = path or data_path("style.yaml")
    try:
        style = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the graph style ({exc}); fix the YAML or restore data/style.yaml") from exc
    for section in ("node_kinds", "tie_types"):
        if not isinstance(style.get(section), dict):
            raise ValueError(f"{path}: needs a mapping '{section}:' (see the comments in data/style.yaml)")
    return style


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network JS and CSS as shipped inside the installed pyvis package (newest version there)."""
    lib = resources.files("pyvis") / "templates" / "lib"
    versions = sorted((d for d in lib.iterdir() if d.name.startswith("vis-")),
                      key=lambda d: [int(x) for x in re.findall(r"\d+", d.name)])
    if not versions:
        raise RuntimeError(f"pyvis at {lib} ships no vis-network library; reinstall pyvis (pip install 'pyvis>=0.3.2')")
    js = (versions[-1] / "vis-network.min.js").read_text(encoding="utf-8")
    css = (versions[-1] / "vis-network.css").read_text(encoding="utf-8")
    for name, text, closer in (("vis-network.min.js", js, "</script"), ("vis-network.css", css, "</style")):
        if closer in text.lower() or "<!--" in text:
            raise RuntimeError(f"pyvis's {name} contains {closer!r} or '<!--' and cannot be inlined safely")
    return js, css


def _ties_of(source: object) -> list[TieRecord]:
    if isinstance(source, LoadedGraph):
        return source.ties
    if isinstance(source, nx.Graph):
        seen: dict[str, TieRecord] = {}
        for _, _, data in source.edges(data=True):
            for t in data.get("ties", []):
                seen.setdefault(t.iri, t)
        return list(seen.values())
    if isinstance(source, list | tuple) and (not source or isinstance(source[0], TieRecord)):
        return list(source)
    if isinstance(source, Graph | str | Path | list | tuple):
        return load(source).ties  # type: ignore[arg-type]
    raise TypeError(f"render_html cannot draw a {type(source).__name__}: give a path, an rdflib graph, "
                    "a LoadedGraph, TieRecords or an entity_graph")


def _fact(t: TieRecord) -> dict:
    return {"tie": t.iri, "type": t.type, "s": t.source.iri, "t": t.target.iri, "date": t.date, "cameo": t.cameo,
            "quad": t.quad_class, "modality": t.modality, "role": t.role,
            "ev": [{"doc": e.doc_id, "title": e.title, "published": e.published, "source": e.source,
                    "url": e.url, "sentence": e.sentence} for e in t.evidence]}


def build_page_data(ties: Sequence[TieRecord], style: dict, title: str = "relgraph") -> dict:
    """Everything the page shows, as JSON-able data: pyvis node/edge objects, facts, legend."""
    ties = [t for t in ties if t.modality in COUNTED_MODALITIES and t.source.iri != t.target.iri]
    kinds, types = style["node_kinds"], style["tie_types"]
    kdef, tdef = kinds.get("default", {"color": "#9ca3af", "shape": "dot"}), types.get("default", {"color": "#cbd5e1"})
    weight = dict(entity_graph(ties).degree(weight="weight"))
    net = Network(directed=True)
    actors = {a.iri: a for t in ties for a in (t.source, t.target)}
    for iri, a in sorted(actors.items(), key=lambda kv: (kv[1].kind, kv[1].name)):
        ks = kinds.get(a.kind, kdef)
        label = "\n".join(x for x in (a.label_fa, a.label_en) if x) or a.key
        net.add_node(iri, label=label, shape=ks.get("shape", "dot"), color=ks.get("color"),
                     value=max(1.0, float(weight.get(iri, 1))), kind=a.kind if a.kind in kinds else "default",
                     fa=a.label_fa or "", en=a.label_en or "", qid=a.qid or "", office=a.office or "",
                     state=a.state or "", key=a.key)
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    facts = []
    for t in ties:
        groups[(t.source.iri, t.target.iri, t.type)].append(len(facts))
        facts.append(_fact(t))
    big = len(actors) > BIG_NODES or len(groups) > BIG_EDGES
    per_pair: Counter = Counter()
    for i, ((s, o, ttype), idx) in enumerate(sorted(groups.items())):
        ts = types.get(ttype, tdef)
        pair = tuple(sorted((s, o)))
        smooth = False if big else {"enabled": True, "type": "curvedCW", "roundness": 0.1 + 0.15 * per_pair[pair]}
        per_pair[pair] += 1
        n_events = len({(facts[j]["date"] or facts[j]["tie"]) for j in idx})
        net.add_edge(s, o, id=f"e{i}", type=ttype if ttype in types else "default", facts=idx, value=n_events,
                     label=ts.get("label_en", ttype) + (f" ×{n_events}" if n_events > 1 else ""),
                     color=ts.get("color"), dashes=ts.get("dashes", False), smooth=smooth)
    dates = sorted(f["date"] for f in facts if f["date"])
    present_kinds = {n["kind"] for n in net.nodes}
    present_types = {e["type"] for e in net.edges}
    return {
        "meta": {"title": title, "version": __version__, "big": big, "edgeLabels": len(net.edges) <= MAX_LABELLED_EDGES,
                 "iterations": 150 if big else 300, "maxLayoutMs": 30000,
                 "dateMin": _full_date(dates[0], low=True) if dates else None,
                 "dateMax": _full_date(dates[-1], low=False) if dates else None},
        "kinds": {k: v for k, v in kinds.items() if k in present_kinds},
        "tieTypes": {k: v for k, v in types.items() if k in present_types},
        "nodes": net.nodes, "edges": net.edges, "facts": facts,
    }


def _full_date(d: str, low: bool) -> str:
    """'2019' → '2019-01-01' / '2019-12-31' for the date pickers' bounds."""
    if len(d) >= 10:
        return d[:10]
    if len(d) == 7:
        return d + ("-01" if low else "-31")
    return d[:4] + ("-01-01" if low else "-12-31")


def render_html(graph_or_path: object, out: Path, *, title: str = "relgraph", style: Path | None = None) -> Path:
    """Write the interactive, offline graph page to ``out`` and return its path.

    ``graph_or_path``: an out/ folder or RDF file(s), an rdflib graph/dataset, a ``LoadedGraph``,
    a list of ``TieRecord`` or an ``entity_graph``. Negated ties are not drawn.
    """
    data = build_page_data(_ties_of(graph_or_path), load_style(style), title)
    vis_js, vis_css = _vis_assets()
    parts = {
        "VERSION": __version__,
        "TITLE": _escape_text(title),
        "VIS_CSS": vis_css,
        "APP_CSS": (ASSETS / "graph.css").read_text(encoding="utf-8"),
        "VIS_JS": vis_js,
        "APP_JS": (ASSETS / "graph.js").read_text(encoding="utf-8"),
        "DATA": escape_json_for_html(data),
    }
    template = (ASSETS / "graph.html").read_text(encoding="utf-8")
    page = re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)  # one pass: inserted text is not rescanned
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def render_cli(inputs: list[Path], out: Path | None = None, title: str | None = None) -> int:
    """``relgraph render``: write graph.html (next to the input by default); 2 when the input is wrong."""
    import sys

    from relgraph.analysis.load import AnalysisInputError

    first = Path(inputs[0])
    target = out or (first if first.is_dir() else first.parent) / "graph.html"
    try:
        kg = load(inputs)
        path = render_html(kg, target, title=title or f"relgraph: {first.name}")
    except (AnalysisInputError, ValueError) as exc:
        sys.stderr.write(f"relgraph render: {exc}\n")
        return 2
    sys.stdout.write(f"wrote {path} ({len(kg.ties)} ties; opens offline in any browser)\n")
    return 0
