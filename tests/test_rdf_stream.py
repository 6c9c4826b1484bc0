"""The streamed corpus graph (relgraph.rdf_stream.CorpusGraph) must give exactly what the
whole-corpus rdflib Dataset gives: the same file bytes, triple count, SHACL verdict and page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rdf_factories import facts_a, facts_b
from relgraph.analysis.load import UNREAD_PREDICATES, UNREAD_SUBJECTS, load
from relgraph.rdf import build_dataset, validate, write_outputs
from relgraph.rdf_stream import CorpusGraph


def _corpus(all_facts) -> CorpusGraph:  # noqa: ANN001
    corpus = CorpusGraph()
    for f in all_facts:
        corpus.add(f)
    corpus.finish()
    return corpus


def test_streamed_files_are_byte_identical(tmp_path: Path) -> None:
    a, b = facts_a(), facts_b()
    stale = replace(b, doc=replace(b.doc, title="an earlier version of b"))  # replaced, as in build_dataset
    all_facts = [stale, a, b]
    ds = build_dataset(all_facts)
    write_outputs(ds, tmp_path / "whole")
    corpus = _corpus(all_facts)
    write_outputs(corpus, tmp_path / "streamed")
    for name in ("graph.ttl", "graph.trig", "graph.jsonld"):
        assert (tmp_path / "whole" / name).read_bytes() == (tmp_path / "streamed" / name).read_bytes(), name
    assert corpus.triple_count() == len(ds)
    assert corpus.build_iri is not None and str(corpus.build_iri) in (tmp_path / "streamed" / "graph.jsonld").read_text()


def test_batched_shacl_verdict_and_loaded_ties_match() -> None:
    a, b = facts_a(), facts_b()
    ds = build_dataset([a, b])
    corpus = _corpus([a, b])
    whole = validate(ds)
    for size in (1, 100):
        part = corpus.validate(size)
        assert (part.conforms, part.violations) == (whole.conforms, whole.violations)
    assert [t.iri for t in load(corpus.triples_graph()).ties] == [t.iri for t in load(ds).ties]
    # the page's view without mentions, times and quantities loads the very same records
    assert load(corpus.triples_graph(UNREAD_SUBJECTS, UNREAD_PREDICATES)).ties == load(ds).ties
    broken = replace(a, relations=(replace(a.relations[0], cameo="-"),) + a.relations[1:])
    report = _corpus([broken, b]).validate(1)
    assert not report.conforms and report.violations >= 1 and report.text.startswith("Validation Report\n")


def test_sorted_graphs_are_file_order() -> None:
    """write_files merges graphs in order: the same lines, in the order write_quads sorts quads."""
    corpus = _corpus([facts_b(), facts_a()])
    lines = [line for _, graph in corpus._sorted_graphs() for line in graph]
    quads = list(corpus.oxi_quads())
    quads.sort(key=lambda q: (str(q.graph_name), str(q)))
    assert lines == [f"{q} .\n".encode() for q in quads]
    assert lines == list(dict.fromkeys(lines))
