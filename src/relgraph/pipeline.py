"""The build: documents in, facts and graphs out.

``extract_facts(doc)`` runs one article through every stage (annotate → mentions → entities →
relations); ``build(inputs, out)`` reads a corpus, extracts every document it can, and writes
``graph.ttl``, ``graph.trig``, ``graph.jsonld``, ``facts.jsonl``, ``report.json`` and ``graph.html``
into ``out`` — all or nothing: a build that fails midway leaves the previous ``out/`` intact.

>>> from relgraph.model import Document
>>> facts = extract_facts(Document(id="d", text="وزیر خارجه ایران با وزیر خارجه روسیه در مسکو دیدار کرد."))
>>> sorted({e.label for e in facts.entities if e.type == "STATE"})
['ایران', 'روسیه']
"""

from __future__ import annotations

import gc
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from relgraph.attributes import add_attributes
from relgraph.coref import build_entities
from relgraph.dates import find_dates, parse_doc_date
from relgraph.mentions import find_mentions
from relgraph.model import DocFacts, Document
from relgraph.quantities import find_quantities
from relgraph.relations import extract_relations, own_side_as_position, retype_model_ties
from relgraph.text import annotate

__all__ = ["BuildResult", "build", "build_cli", "extract_cli", "extract_facts", "load_tagger"]


@cache
def load_tagger() -> object | None:
    """The committed CRF entity tagger, or None (with a note on stderr) when it cannot be loaded."""
    try:
        from relgraph.tagger import EntityTagger

        return EntityTagger.load()
    except Exception as exc:  # noqa: BLE001 - a missing model degrades to lexicon + patterns
        print(f"relgraph: entity tagger unavailable ({exc}); using lexicons and patterns only", file=sys.stderr)
        return None


def extract_facts(doc: Document, *, use_tagger: bool = True, use_model: bool = True) -> DocFacts:
    """Everything relgraph finds in one document (``use_tagger``/``use_model``: the CRF entity tagger
    and the learned tie classifier; without them, lexicons, patterns and rules alone)."""
    adoc = annotate(doc)
    doc_date = parse_doc_date(doc.date)
    times = tuple(find_dates(doc.text, doc_date))
    mentions = find_mentions(adoc, load_tagger() if use_tagger else None)
    entities, _ = build_entities(adoc, mentions)
    entities = add_attributes(adoc, entities)
    relations = extract_relations(adoc, entities, times)
    if use_model:
        relations = _with_tie_model(adoc, entities, times, relations)
    relations = own_side_as_position(entities, relations)
    return DocFacts(doc=doc, entities=tuple(entities), relations=tuple(relations), times=times,
                    quantities=tuple(find_quantities(doc.text, adoc.sentences)),
                    sentences=tuple((s.start, s.end) for s in adoc.sentences))


@cache
def _warn_once(message: str) -> None:
    print(message, file=sys.stderr)


def _with_tie_model(adoc, entities, times, relations):  # noqa: ANN001, ANN202
    """Rule ties gated and completed by the learned tie classifier (``data/models/ties``)."""
    from relgraph.tieclf import TieModelError, combine_with_rules

    try:
        combined = combine_with_rules(adoc, entities, times, relations)
    except TieModelError as exc:  # missing or stale model: the rules alone still work
        _warn_once(f"relgraph: tie classifier unavailable ({exc}); using rule ties only")
        return relations
    # The classifier's gate may drop a rule tie it scores low; ties from structural patterns (offices,
    # «میان X و Y», participation, occasions, topics) are precise enough to keep regardless.
    have = {(r.type, r.source, r.target) for r in combined}
    kept = [r for r in relations if r.evidence.method in _PROTECTED and (r.type, r.source, r.target) not in have]
    return retype_model_ties(adoc, entities, combined + kept)


_PROTECTED = frozenset({"pattern:office", "pattern:title", "pattern:org", "pattern:event-place", "pattern:event-actor", "rule:participate",
                        "rule:occasion", "rule:topic", "rule:located", "rule:sign", "rule:invite",
                        "rule:joint_statement"})


class _FrozenModels:
    """``gc.freeze()`` once the models are loaded, ``gc.unfreeze()`` when the build ends; in between,
    a young generation of ``_YOUNG`` objects instead of CPython's 700.

    Why: the first document loads hazm's tables, the lexicons, the tagger and the tie model (~0.4 M
    container objects, mostly hazm's word list), which live as long as the process. Every full
    collection the rest of a build triggers would rescan them all; frozen, they are skipped (about
    2 ms of a ~30 ms/article build). ``unfreeze`` at the end hands everything back to the collector
    (CPython has no partial unfreeze: objects frozen before the build are handed back too, which
    only means they are scanned again). A document makes tens of thousands of short-lived tokens,
    words, mentions and features that reference counting frees; with the default threshold the
    collector ran about four times per article over objects still in use (about 1.5 ms of it);
    with a larger one it runs about once every ten articles, after most of them are gone, and the
    older generations follow at the same ratios. No output depends on it.
    """

    _YOUNG = 20_000  # container objects allocated (net) between two young collections

    def __init__(self) -> None:
        self.frozen = False
        self._thresholds: tuple[int, ...] | None = None

    def __enter__(self) -> _FrozenModels:
        return self

    def freeze(self) -> None:
        if not self.frozen:
            gc.freeze()
            self._thresholds = gc.get_threshold()
            gc.set_threshold(self._YOUNG, *self._thresholds[1:])
            self.frozen = True

    def __exit__(self, *exc: object) -> None:
        if self.frozen:
            if self._thresholds is not None:
                gc.set_threshold(*self._thresholds)
            gc.unfreeze()
            self.frozen = False


# Every file a build may write: a folder holding other things is shared when none of these is taken.
OUTPUT_NAMES = ("graph.ttl", "graph.trig", "graph.jsonld", "facts.jsonl", "report.json", "graph.html",
                "shacl-report.txt")


@dataclass
class BuildResult:
    out: Path
    documents: int
    entities: int
    relations: int
    triples: int
    skipped: int
    seconds: float
    files: list[Path] = field(default_factory=list)
    conforms: bool = True
    validated: bool = True


def build(inputs: Sequence[Path], out: Path, *, max_bytes: int | None = None,
          progress: Callable[[int], None] | None = None, render: bool = True, validate_shapes: bool = True) -> BuildResult:
    """Build the knowledge graph of ``inputs`` into ``out`` (atomically replaced on success).

    One document at a time: its facts go to facts.jsonl and its graph to a ``CorpusGraph`` (compact
    N-Quads), then are dropped, so memory does not hold the corpus's facts or an rdflib Dataset of
    it; the files are byte-identical to ``build_dataset`` + ``write_outputs``.
    """
    from relgraph.facts_json import facts_to_json
    from relgraph.io import ReadReport, Skip, iter_documents
    from relgraph.outdir import staged_output
    from relgraph.rdf import write_outputs
    from relgraph.rdf_stream import CorpusGraph

    t0 = time.perf_counter()
    report = ReadReport(read=[], skipped=[], warnings=[])
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    counts = {"documents": 0, "entities": 0, "relations": 0}
    corpus = CorpusGraph()
    with staged_output(out, OUTPUT_NAMES) as tmp, _FrozenModels() as models:
        with (tmp / "facts.jsonl").open("w", encoding="utf-8") as facts_out:
            for doc in iter_documents(list(inputs), report, **kwargs):
                if counts["documents"] == 1:
                    models.freeze()  # the first document loaded them
                try:
                    facts = extract_facts(doc)
                except Exception as exc:  # noqa: BLE001 - one bad document must not stop the corpus
                    report.skipped.append(Skip(path=doc.path or doc.id, line=None,
                                               reason=f"extraction failed: {type(exc).__name__}: {exc}"))
                else:
                    corpus.add(facts)
                    facts_out.write(json.dumps(facts_to_json(facts), ensure_ascii=False, sort_keys=False) + "\n")
                    counts["documents"] += 1
                    counts["entities"] += len(facts.entities)
                    counts["relations"] += len(facts.relations)
                    del facts
                if progress:
                    progress(1)
        corpus.finish()
        files = write_outputs(corpus, tmp)
        triples = corpus.triple_count()
        shapes = corpus.validate() if validate_shapes else None
        if render:
            try:
                from relgraph.analysis.load import UNREAD_PREDICATES, UNREAD_SUBJECTS
                from relgraph.render import render_html

                render_html(corpus.triples_graph(UNREAD_SUBJECTS, UNREAD_PREDICATES), tmp / "graph.html")
            except ImportError:
                pass
        summary = {**counts, "triples": triples, "shacl_conforms": shapes.conforms if shapes else None}
        if shapes is not None and not shapes.conforms:
            (tmp / "shacl-report.txt").write_text(shapes.text, encoding="utf-8")
        (tmp / "report.json").write_text(
            json.dumps({"summary": summary, **report.to_json()}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
    return BuildResult(out=out, documents=counts["documents"], entities=counts["entities"],
                       relations=counts["relations"], triples=triples, skipped=len(report.skipped),
                       seconds=time.perf_counter() - t0, files=[out / p.name for p in files],
                       conforms=shapes.conforms if shapes else True, validated=shapes is not None)


def build_cli(inputs: Sequence[Path], out: Path, *, strict: bool = False, max_bytes: int | None = None,
              validate_shapes: bool = True) -> int:
    """``relgraph build``: exit 0 when every input was read, 1 when some were skipped (all the rest
    is still written) and ``--strict`` was given or nothing at all could be read, 2 on a usage error."""
    from tqdm import tqdm

    missing = [p for p in inputs if not p.exists()]
    if missing:
        print(f"relgraph build: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    from relgraph.errors import InputError

    bar = tqdm(unit="doc", desc="extracting", disable=not sys.stderr.isatty(), leave=False)
    try:
        result = build(inputs, out, max_bytes=max_bytes, progress=bar.update, validate_shapes=validate_shapes)
    except InputError as exc:
        print(f"relgraph build: {exc}", file=sys.stderr)
        return 2
    finally:
        bar.close()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for s in report.get("skipped", []):
        where = s["path"] + (f":{s['line']}" if s.get("line") else "")
        print(f"skipped {where}: {s['reason']}", file=sys.stderr)
    print(f"relgraph: {result.documents} documents, {result.entities} entities, {result.relations} ties, "
          f"{result.triples} triples in {result.seconds:.1f}s → {out}/ "
          f"({result.skipped} skipped; SHACL "
          f"{'not checked' if not result.validated else 'conforms' if result.conforms else 'VIOLATIONS: see shacl-report.txt'})")
    if result.documents == 0 or (strict and result.skipped) or not result.conforms:
        return 1
    return 0


def extract_cli(path: Path) -> int:
    from relgraph.errors import InputError
    from relgraph.facts_json import facts_to_json
    from relgraph.io import read_text_file

    try:
        doc = read_text_file(path)
    except (InputError, OSError) as exc:
        print(f"relgraph extract: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(facts_to_json(extract_facts(doc)), ensure_ascii=False, indent=1))
    return 0
