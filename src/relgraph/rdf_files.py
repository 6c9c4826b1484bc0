"""Reading and writing relgraph's RDF files byte-for-byte reproducibly (used by relgraph.rdf).

rdflib's Turtle writer sorts subjects, predicates and objects, but its TriG and JSON-LD writers
iterate over unordered sets (graph order and node order change with ``PYTHONHASHSEED``). So TriG
is assembled here from the sorted Turtle of each graph (graphs in IRI order), and JSON-LD is
canonicalised (keys and arrays sorted; relgraph writes no ``@list``, so array order means nothing).
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph

from relgraph.vocab import PREFIXES

__all__ = ["load_dataset", "named_graphs", "new_dataset", "union_graph", "write_outputs"]


def new_dataset() -> Dataset:
    """An empty Dataset with relgraph's prefixes bound."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True, replace=True)
    return ds


def named_graphs(ds: Dataset) -> list[Graph]:
    """The named graphs of ``ds`` (not its default graph), in IRI order."""
    return sorted((g for g in ds.graphs() if g.identifier != ds.default_graph.identifier),
                  key=lambda g: str(g.identifier))


def union_graph(ds: Graph) -> Graph:
    """A plain Graph of every triple in ``ds`` (all named graphs and the default graph), prefixes bound."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    if isinstance(ds, Dataset):
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
    else:
        for triple in ds:
            g.add(triple)
    return g


def _turtle(g: Graph) -> tuple[list[str], str]:
    """rdflib's Turtle of ``g`` (it sorts subjects, predicates and objects) split into its leading
    prefix lines and the body. The body is kept verbatim: long literals may span lines."""
    lines = union_graph(g).serialize(format="turtle").split("\n")
    n = 0
    while n < len(lines) and lines[n].startswith("@prefix"):
        n += 1
    return lines[:n], "\n".join(lines[n:]).strip("\n")


def _trig(ds: Dataset) -> str:
    prefix_lines: set[str] = set()
    parts: list[str] = []
    default_prefixes, default_body = _turtle(ds.default_graph)
    prefix_lines.update(default_prefixes)
    if default_body:
        parts.append(default_body + "\n")
    for g in named_graphs(ds):
        prefixes, body = _turtle(g)
        prefix_lines.update(prefixes)
        parts.append(f"<{g.identifier}> {{\n{body}\n}}\n")
    names = [line.split()[1] for line in prefix_lines]
    if len(names) != len(set(names)):
        raise RuntimeError(f"TriG writer: a prefix is bound to two namespaces: {sorted(prefix_lines)}")
    return "\n".join(sorted(prefix_lines)) + "\n\n" + "\n".join(parts)


def _sorted_json(value: object) -> object:
    """JSON-LD with every array sorted (relgraph writes no @list, so array order carries no meaning)."""
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(ds: Dataset) -> str:
    text = ds.serialize(format="json-ld", context=dict(sorted(PREFIXES.items())), auto_compact=True)
    return json.dumps(_sorted_json(json.loads(text)), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_outputs(ds: Dataset, out_dir: Path) -> list[Path]:
    """Write graph.ttl (union of all graphs), graph.trig (one named graph per document) and graph.jsonld.

    The same Dataset always gives the same bytes.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    prefixes, body = _turtle(ds)
    texts = {
        "graph.ttl": "\n".join(prefixes) + "\n\n" + body + "\n",
        "graph.trig": _trig(ds),
        "graph.jsonld": _jsonld(ds),
    }
    paths = []
    for name, text in texts.items():
        path = out_dir / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


_FORMATS = {".ttl": "turtle", ".trig": "trig", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt", ".nq": "nquads"}


def load_dataset(path: Path) -> Dataset:
    """Read an out/ folder (its graph.trig) or one .ttl/.trig/.jsonld/.nt/.nq file into a Dataset."""
    path = Path(path)
    if path.is_dir():
        path = path / "graph.trig"
        if not path.is_file():
            raise FileNotFoundError(f"{path.parent} has no graph.trig: build it first (relgraph build … -o {path.parent})")
    elif not path.is_file():
        raise FileNotFoundError(f"{path}: no such graph file")
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF file type {path.suffix!r}; use one of {sorted(_FORMATS)}")
    ds = new_dataset()
    ds.parse(path, format=fmt)
    return ds
