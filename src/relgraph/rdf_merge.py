"""The build's RDF files written from per-document N-Quads kept in sorted order (used by
``relgraph.rdf_stream.CorpusGraph.write_files``).

``relgraph.rdf_files.write_quads`` sorts every quad of the corpus by (graph, quad text): about
600k pyoxigraph quads for 1,000 articles, each turned into two Python strings for its sort key,
all held at once. The corpus is already split by graph, though, and each document's N-Quads can be
sorted once, as text, when the document is added. Then the files only need the graphs in order:

* the sort key of a quad is its N-Quads line without `` .``; in one graph no line is a prefix of
  another (a term ends in ``>``, ``"`` or a language tag, and the graph name follows), so sorting
  the lines as bytes (UTF-8 keeps code point order) is the same order;
* graphs go in the order of their ``<IRI>`` text, the default graph (``DEFAULT``) last;
* graph.ttl's triples are the distinct lines with the graph name cut off, sorted as text.

pyoxigraph parses each sorted chunk and its serialisers write the same bytes as from the sorted
quad list; no quad list of the corpus is held.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

__all__ = ["SortedGraph", "sort_nquads", "write_sorted"]

# (graph IRI or None for the default graph, its sorted N-Quads lines)
SortedGraph = tuple[str | None, list[bytes]]


def sort_nquads(data: bytes) -> bytes:
    """N-Quads text (one quad per line, each line ending in a newline) with its lines sorted."""
    lines = data.splitlines(keepends=True)
    lines.sort()
    return b"".join(lines)


def graph_order(gid: str) -> str:
    """Sort key of a named graph: its N-Quads term text, as ``str(quad.graph_name)`` gives it."""
    return f"<{gid}>"


def _triple_lines(graphs: Iterable[SortedGraph]) -> list[bytes]:
    """Distinct triples of every graph as N-Triples text without the final `` .\\n``, sorted."""
    seen: set[bytes] = set()
    for gid, lines in graphs:
        cut = len(f" <{gid}> .\n".encode()) if gid is not None else len(b" .\n")
        seen.update(line[:-cut] for line in lines)
    triples = list(seen)
    triples.sort()
    return triples


class _Chunks(io.RawIOBase):
    """The graphs' lines as one readable stream: pyoxigraph parses it in its own loop, with no
    Python code run per quad, and only one graph's text is held at a time."""

    def __init__(self, graphs: Iterable[SortedGraph]) -> None:
        super().__init__()
        self._graphs: Iterator[SortedGraph] = iter(graphs)
        self._buf = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # noqa: ANN001 - a writable buffer
        while not self._buf:
            nxt = next(self._graphs, None)
            if nxt is None:
                return 0
            self._buf = memoryview(b"".join(nxt[1]))
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def _quads(graphs: Iterable[SortedGraph]) -> Iterator:
    import pyoxigraph as ox

    # lenient: no IRI and language-tag validation, about half the parse time; the text is
    # pyoxigraph's own N-Quads of valid terms, so the quads are the same
    return ox.parse(io.BufferedReader(_Chunks(graphs), buffer_size=1 << 20), format=ox.RdfFormat.N_QUADS,
                    lenient=True)


def write_sorted(graphs: Callable[[], Iterable[SortedGraph]], out_dir: Path, prefixes: dict[str, str],
                 stats: dict | None = None) -> list[Path]:
    """graph.ttl, graph.trig and graph.jsonld from ``graphs()`` (called once per file, each time
    yielding the graphs in file order with sorted lines): the bytes ``rdf_files.write_quads`` gives
    for the same quads. ``stats["triples"]`` is set to graph.ttl's count of distinct triples."""
    import pyoxigraph as ox

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    triples = _triple_lines(graphs())
    if stats is not None:
        stats["triples"] = len(triples)
    text = b" .\n".join(triples) + b" .\n" if triples else b""
    del triples
    paths = [out_dir / "graph.ttl", out_dir / "graph.trig", out_dir / "graph.jsonld"]
    triples_in = ox.parse(text, format=ox.RdfFormat.N_TRIPLES, lenient=True)  # lenient: as in _quads
    paths[0].write_bytes(ox.serialize(triples_in, format=ox.RdfFormat.TURTLE, prefixes=prefixes))
    del text
    ox.serialize(_quads(graphs()), str(paths[1]), format=ox.RdfFormat.TRIG, prefixes=prefixes)
    ox.serialize(_quads(graphs()), str(paths[2]), format=ox.RdfFormat.JSON_LD)
    return paths
