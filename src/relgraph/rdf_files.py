"""Reading and writing relgraph's RDF files byte-for-byte reproducibly (used by relgraph.rdf).

rdflib's TriG and JSON-LD writers iterate over unordered sets (output changes with
``PYTHONHASHSEED``) and its Turtle writer is slow on large graphs, so the files are written by
pyoxigraph's serialisers from quads sorted by graph, subject, predicate and object.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from relgraph.vocab import PREFIXES

__all__ = ["load_dataset", "named_graphs", "new_dataset", "union_graph", "write_outputs", "write_quads"]


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


def _oxi_quads(ds: Graph) -> list:
    """Every quad of ``ds`` as pyoxigraph terms (``write_quads`` sorts them by graph, subject,
    predicate, object).

    rdflib writes N-Quads quickly and pyoxigraph parses them natively; sorting the quads makes
    every serialisation below byte-for-byte reproducible.
    """
    import pyoxigraph as ox

    if isinstance(ds, Dataset):
        data = ds.serialize(format="nquads", encoding="utf-8")
    else:
        data = ds.serialize(format="nt", encoding="utf-8")
    fmt = ox.RdfFormat.N_QUADS if isinstance(ds, Dataset) else ox.RdfFormat.N_TRIPLES
    quads = list(ox.parse(data, format=fmt))
    del data
    return quads


def _quad_key(q) -> tuple[str, str]:  # noqa: ANN001 - a pyoxigraph Quad
    """Graph first, then the quad's own N-Quads text (subject, predicate, object order)."""
    return str(q.graph_name), str(q)


def prefix_map() -> dict[str, str]:
    """relgraph's prefixes for pyoxigraph's Turtle and TriG writers, in a fixed order."""
    return {p: str(ns) for p, ns in sorted(PREFIXES.items())}



def _serialize_triples(quads: list, fmt_name: str, stats: dict | None = None) -> bytes:
    import pyoxigraph as ox

    triples = list({ox.Triple(q.subject, q.predicate, q.object) for q in quads})
    if stats is not None:
        stats["triples"] = len(triples)
    triples.sort(key=str)
    fmt = getattr(ox.RdfFormat, fmt_name)
    return ox.serialize(triples, format=fmt, prefixes=prefix_map() if fmt_name == "TURTLE" else None)


def write_outputs(ds: Dataset, out_dir: Path) -> list[Path]:
    """Write graph.ttl (union of all graphs), graph.trig (one named graph per document) and graph.jsonld.

    Serialised by pyoxigraph (fast) from sorted quads, so the same Dataset always gives the same bytes.
    ``ds`` may also be a ``relgraph.rdf_stream.CorpusGraph`` (anything with ``oxi_quads()``).
    """
    if hasattr(ds, "write_files"):  # a CorpusGraph: it also keeps the triple count it gets on the way
        return ds.write_files(out_dir)
    quads = list(ds.oxi_quads()) if hasattr(ds, "oxi_quads") else _oxi_quads(ds)
    return write_quads(quads, out_dir)


def write_quads(quads: list, out_dir: Path, stats: dict | None = None) -> list[Path]:
    """``write_outputs`` from pyoxigraph quads (sorted here in place; the list is emptied afterwards
    to free it): the same quads always give the same bytes, however they were collected.
    ``stats["triples"]``, when a dict is given, is set to the number of distinct triples (graph.ttl's)."""
    import pyoxigraph as ox

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    quads.sort(key=_quad_key)
    writers = {
        "graph.ttl": lambda path: path.write_bytes(_serialize_triples(quads, "TURTLE", stats)),
        "graph.trig": lambda path: ox.serialize(quads, str(path), format=ox.RdfFormat.TRIG, prefixes=prefix_map()),
        "graph.jsonld": lambda path: ox.serialize(quads, str(path), format=ox.RdfFormat.JSON_LD),
    }
    paths = []
    for name, write in writers.items():  # one file at a time: only one serialisation in memory
        path = out_dir / name
        write(path)
        paths.append(path)
    quads.clear()
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
