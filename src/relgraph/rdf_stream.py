"""The corpus graph built one document at a time, so a build's memory does not grow with an rdflib
Dataset of the whole corpus (used by ``relgraph.pipeline.build``).

``relgraph.rdf.build_dataset`` holds every document's graph in one rdflib Dataset: about 650 MB
for 1,000 articles. ``CorpusGraph`` builds each document's graph in a small Dataset with the same
``add_doc_facts``, keeps only its N-Quads text (zlib-compressed) plus what the build activity
needs (the graph's content digest text, its Document and Evidence IRIs), and drops the rdflib
graph. ``finish()`` then adds the same build activity as ``relgraph.rdf.add_build_activity``
(same IRI: the same digest over the graphs in IRI order), and the files, the SHACL check and the
page are produced from the stored quads. The files are byte-identical to ``build_dataset`` +
``write_outputs``.

SHACL is checked in batches of document graphs (each with its build-activity triples): every
shape looks at nodes described inside one document graph (ties, evidence, mentions, times are
per-document IRIs; a shared entity such as ``rid:state/IRN`` is described in each graph that uses
it), so the batches' joint verdict is the whole graph's.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV

from relgraph import __version__
from relgraph.model import DocFacts
from relgraph.rdf_files import new_dataset, prefix_map
from relgraph.rdf_merge import SortedGraph, graph_order, sort_nquads, write_sorted
from relgraph.rdf_shacl import ShapeReport
from relgraph.vocab import REL, rid

__all__ = ["CorpusGraph"]

_REPORT_HEAD = re.compile(r"Validation Report\nConforms: False\nResults \((\d+)\):\n")
_TYPE_N3, _DOCUMENT_N3, _EVIDENCE_N3 = RDF.type.n3(), REL.Document.n3(), REL.Evidence.n3()
_ZLIB_LEVEL = 1  # fastest: level 6 took 2.4x as long to save ~1 MB per 1,000 articles of compressed quads
VALIDATE_BATCH = 100  # document graphs per SHACL run: small enough to stay light, big enough to stay fast


@dataclass(slots=True)
class _DocGraph:
    nquads: bytes  # zlib-compressed N-Quads of the document's named graph, lines sorted (rdf_merge)
    digest_text: bytes | None  # zlib-compressed sorted N3 lines, as add_build_activity hashes them
    docs: tuple[str, ...]
    evidence: tuple[str, ...]


class CorpusGraph:
    """Document graphs added one by one; ``finish()`` adds the build activity."""

    def __init__(self) -> None:
        self._graphs: dict[str, _DocGraph] = {}
        self.build_iri: URIRef | None = None
        self._default_nquads = b""
        self._terms: dict[URIRef | Literal, tuple[str, str]] = {}
        self._triple_count: int | None = None

    def add(self, facts: DocFacts) -> None:
        """Add one document's graph (replacing an earlier graph of the same document id).

        The triples are collected by ``relgraph.rdf.doc_triples`` into a plain dict (no rdflib store:
        indexing every triple three ways only to list them once cost more than making them). Each
        term's N-Quads text (pyoxigraph's, as its N-Quads writer gives it) and rdflib ``n3()`` text
        are worked out once; the lines are joined as text, with no pyoxigraph quad per triple, and
        the digest text is the ``n3()`` text, as before.
        """
        from relgraph.rdf import doc_graph_iri, doc_triples

        if self.build_iri is not None:
            raise RuntimeError("CorpusGraph.add after finish(): the build activity already hashes the graphs")
        sink = _TripleSet()
        doc_triples(sink, facts)
        gid = str(doc_graph_iri(facts.doc.id))
        graph, terms, lines, quads = f" <{gid}> .\n", self._terms, [], []
        if len(terms) > 100_000:  # IRIs of predicates, classes and shared entities repeat; the rest need not stay
            terms.clear()
        docs, evidence = [], []
        term = self._term
        for triple in sink.triples:
            s, p, o = triple  # spelled out: a generator per triple cost more than its three lookups
            so, sn = terms.get(s) or term(s)
            po, pn = terms.get(p) or term(p)
            oo, on = terms.get(o) or term(o)
            quads.append(f"{so} {po} {oo}{graph}")
            lines.append(f"{sn} {pn} {on}")
            if pn == _TYPE_N3:
                if on == _DOCUMENT_N3:
                    docs.append(str(triple[0]))
                elif on == _EVIDENCE_N3:
                    evidence.append(str(triple[0]))
        lines.sort()
        quads.sort()  # the order rdf_merge writes them in (code point order is UTF-8 byte order)
        self._graphs[gid] = _DocGraph(
            nquads=zlib.compress("".join(quads).encode(), _ZLIB_LEVEL),
            digest_text=zlib.compress("\n".join(lines).encode(), _ZLIB_LEVEL),
            docs=tuple(docs),
            evidence=tuple(evidence),
        )

    def _term(self, t):  # noqa: ANN001, ANN202 - an rdflib URIRef or Literal
        """(N-Quads text as pyoxigraph writes it, rdflib ``n3()`` text) of a term, remembered: the same
        lexical form, so the stored N-Quads and the build digest are what rdflib's own terms gave."""
        import pyoxigraph as ox

        if isinstance(t, URIRef):
            node = ox.NamedNode(t)
        elif isinstance(t, Literal):
            if t.language:
                node = ox.Literal(t, language=t.language)
            elif t.datatype:
                node = ox.Literal(t, datatype=ox.NamedNode(t.datatype))
            else:
                node = ox.Literal(t)
        else:
            raise TypeError(f"unexpected RDF term {t!r} in a document graph (relgraph makes no blank nodes)")
        got = self._terms[t] = (str(node), t.n3())
        return got

    def finish(self) -> URIRef:
        """The build activity of ``relgraph.rdf.add_build_activity`` (keep the two in step)."""
        if self.build_iri is not None:
            return self.build_iri
        self._terms.clear()  # no more documents: the term memo only adds to the peak of writing the files
        digest = hashlib.sha1(__version__.encode())
        for gid in sorted(self._graphs):
            rec = self._graphs[gid]
            digest.update(gid.encode())
            digest.update(zlib.decompress(rec.digest_text or b""))
            rec.digest_text = None
        build = rid("build", digest.hexdigest()[:12])
        self.build_iri = build
        self._default_nquads = self._default_dataset(self._graphs).serialize(format="nquads", encoding="utf-8")
        return build

    def _default_dataset(self, graphs: dict[str, _DocGraph]) -> Dataset:
        """The build activity's default-graph triples (``prov:used`` for the documents of ``graphs``)."""
        ds = new_dataset()
        default, build = ds.default_graph, self.build_iri
        default.add((build, RDF.type, REL.Build))
        default.add((build, RDF.type, PROV.Activity))
        default.add((build, RDFS.label, Literal(f"relgraph {__version__} build", lang="en")))
        default.add((build, REL.softwareVersion, Literal(__version__)))
        for rec in graphs.values():
            for doc in rec.docs:
                default.add((build, PROV.used, URIRef(doc)))
        return ds

    def _require_finished(self) -> str:
        if self.build_iri is None:
            raise RuntimeError("CorpusGraph: call finish() before reading the graph")
        return str(self.build_iri)

    def oxi_quads(self) -> Iterator:
        """Every quad as pyoxigraph terms (unsorted): document graphs, ``prov:wasGeneratedBy``, default graph."""
        import pyoxigraph as ox

        build = ox.NamedNode(self._require_finished())
        generated = ox.NamedNode(str(PROV.wasGeneratedBy))
        for gid, rec in self._graphs.items():
            yield from ox.parse(zlib.decompress(rec.nquads), format=ox.RdfFormat.N_QUADS, lenient=True)
            graph = ox.NamedNode(gid)
            for ev in rec.evidence:
                yield ox.Quad(ox.NamedNode(ev), generated, build, graph)
        yield from ox.parse(self._default_nquads, format=ox.RdfFormat.N_QUADS)

    def write_files(self, out_dir: Path) -> list[Path]:
        """``relgraph.rdf_files.write_outputs`` of this graph, the same bytes, merged from each graph's
        sorted N-Quads (``relgraph.rdf_merge``) instead of sorting the corpus's quads; it also notes
        the distinct triples it counted for graph.ttl, so ``triple_count`` need not parse every graph again."""
        stats: dict[str, int] = {}
        paths = write_sorted(self._sorted_graphs, out_dir, prefix_map(), stats)
        self._triple_count = stats.get("triples")
        return paths

    def _sorted_graphs(self) -> Iterator[SortedGraph]:
        """Every graph in file order with its sorted N-Quads lines, ``prov:wasGeneratedBy`` included."""
        import pyoxigraph as ox

        build = ox.NamedNode(self._require_finished())
        generated = ox.NamedNode(str(PROV.wasGeneratedBy))
        for gid in sorted(self._graphs, key=graph_order):
            rec = self._graphs[gid]
            lines = zlib.decompress(rec.nquads).splitlines(keepends=True)
            if rec.evidence:
                graph = ox.NamedNode(gid)
                for ev in rec.evidence:  # a few per graph: put each in place
                    bisect.insort(lines, f"{ox.Quad(ox.NamedNode(ev), generated, build, graph)} .\n".encode())
            yield gid, lines
        default = ox.serialize(ox.parse(self._default_nquads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        yield None, sort_nquads(default or b"").splitlines(keepends=True)

    def triple_count(self) -> int:
        """Distinct triples over all graphs (what ``len()`` of the whole rdflib Dataset says)."""
        import pyoxigraph as ox

        if self._triple_count is not None:
            return self._triple_count
        return len({ox.Triple(q.subject, q.predicate, q.object) for q in self.oxi_quads()})

    def _rdflib_batches(self, size: int) -> Iterator[Dataset]:
        """The graph as small rdflib Datasets of ``size`` document graphs each, with their build triples."""
        build = URIRef(self._require_finished())
        items = list(self._graphs.items())
        for i in range(0, len(items), size):
            batch = dict(items[i:i + size])
            ds = self._default_dataset(batch)
            for gid, rec in batch.items():
                ds.parse(data=zlib.decompress(rec.nquads), format="nquads")
                g = ds.graph(URIRef(gid))
                for ev in rec.evidence:
                    g.add((URIRef(ev), PROV.wasGeneratedBy, build))
            yield ds

    def validate(self, batch: int = VALIDATE_BATCH) -> ShapeReport:
        """SHACL verdict of the whole graph, checked ``batch`` document graphs at a time."""
        from relgraph.rdf_shacl import validate

        reports = [validate(ds) for ds in self._rdflib_batches(batch)]
        if not reports:
            return validate(self._default_dataset({}))
        bad = [r for r in reports if not r.conforms]
        if not bad:
            return reports[0]
        # One report, as pyshacl writes it for the whole graph: one header, then every batch's results.
        heads = [_REPORT_HEAD.match(r.text) for r in bad]
        count = sum(int(m.group(1)) for m in heads if m)
        text = f"Validation Report\nConforms: False\nResults ({count}):\n" + "".join(
            r.text[m.end():] if m else r.text for r, m in zip(bad, heads, strict=True))
        return ShapeReport(conforms=False, text=text, violations=sum(r.violations for r in bad))

    def triples_graph(self, skip_subjects: tuple[str, ...] = (), skip_predicates: tuple[str, ...] = ()) -> Graph:
        """A read-once rdflib Graph view of every triple, for ``relgraph.render.render_html``: it
        yields the triples batch by batch instead of holding them (``relgraph.analysis.load`` reads
        a graph only through ``triples((None, None, None))``). Triples whose subject IRI starts with
        one of ``skip_subjects``, or whose predicate is one of ``skip_predicates``, are left out
        before any term is made (``analysis.load.UNREAD_SUBJECTS`` / ``UNREAD_PREDICATES``: the page
        never reads mentions, times or quantities, more than half of the triples)."""
        return _StreamedTriples(self, skip_subjects, skip_predicates)

    def _oxi_quads_without(self, skip_subjects: tuple[str, ...], skip_predicates: tuple[str, ...]) -> Iterator:
        """``oxi_quads`` less the quads whose subject IRI starts with one of ``skip_subjects`` or whose
        predicate is one of ``skip_predicates``, filtered on the N-Quads text (a line is ``<subject>
        <predicate> …``; an IRI holds no ``>``)."""
        import pyoxigraph as ox

        if not skip_subjects and not skip_predicates:
            yield from self.oxi_quads()
            return
        subjects = tuple(f"<{iri}".encode() for iri in skip_subjects)
        predicates = tuple(f"<{iri}> ".encode() for iri in skip_predicates)
        build = ox.NamedNode(self._require_finished())
        generated = ox.NamedNode(str(PROV.wasGeneratedBy))
        add_generated = str(PROV.wasGeneratedBy) not in skip_predicates
        for gid, rec in self._graphs.items():
            kept = [line for line in zlib.decompress(rec.nquads).splitlines(keepends=True)
                    if not line.startswith(subjects) and not line.startswith(predicates, line.find(b"> ") + 2)]
            yield from ox.parse(b"".join(kept), format=ox.RdfFormat.N_QUADS, lenient=True)
            if add_generated:
                graph = ox.NamedNode(gid)
                for ev in rec.evidence:
                    if not ev.startswith(skip_subjects):
                        yield ox.Quad(ox.NamedNode(ev), generated, build, graph)
        yield from ox.parse(self._default_nquads, format=ox.RdfFormat.N_QUADS)


class _TripleSet:
    """The triples of one document graph in insertion order, each once (as an rdflib Graph keeps them)."""

    __slots__ = ("triples",)

    def __init__(self) -> None:
        self.triples: dict[tuple, None] = {}

    def add(self, triple: tuple) -> None:
        self.triples[triple] = None


class _StreamedTriples(Graph):
    """Graph whose full-pattern ``triples()`` streams the corpus; any other use is refused."""

    def __init__(self, corpus: CorpusGraph, skip_subjects: tuple[str, ...] = (),
                 skip_predicates: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._corpus = corpus
        self._skip = skip_subjects, skip_predicates

    def triples(self, triple, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201 - rdflib's signature
        if tuple(triple) != (None, None, None):
            raise NotImplementedError("a streamed corpus graph only lists all its triples")
        term = _RdflibTerms()
        for q in self._corpus._oxi_quads_without(*self._skip):  # pyoxigraph parses far faster than rdflib's N-Quads reader
            yield term(q.subject), term(q.predicate), term(q.object)


class _RdflibTerms:
    """pyoxigraph term → the rdflib term rdflib's own parser would give, remembered by the pyoxigraph
    term (hashed natively): IRIs and short literals (offsets, confidences, methods, labels) repeat
    across the corpus, and making an rdflib Literal parses its value each time."""

    _XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
    _CACHED_LITERAL = 64  # longer literals (sentence texts) are nearly all distinct: not kept

    def __init__(self) -> None:
        import pyoxigraph as ox

        self._known: dict = {}
        self._ox = ox

    def __call__(self, t):  # noqa: ANN001, ANN204 - a pyoxigraph term
        got = self._known.get(t)
        if got is not None:
            return got
        ox = self._ox
        if isinstance(t, ox.NamedNode):
            got = self._known[t] = URIRef(t.value)
            return got
        if isinstance(t, ox.Literal):
            value = t.value
            if t.language:
                got = Literal(value, lang=t.language)
            else:
                dt = t.datatype.value
                got = Literal(value, datatype=None if dt == self._XSD_STRING else self(t.datatype))
            if len(value) <= self._CACHED_LITERAL:
                self._known[t] = got
            return got
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        raise TypeError(f"unexpected RDF term {t!r} in the corpus graph")
