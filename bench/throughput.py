"""Throughput of the whole build on real articles, against hazm's own preprocessing as the baseline.

Usage: ``python -m bench throughput [--limit N] [--corpus PATH]``. Reads the first N articles (default
1,000) of ``../shared/corpus/news-fa.jsonl`` and times, in the same process and run:

1. the baseline: hazm ``Normalizer.normalize`` + ``SentenceTokenizer`` + ``WordTokenizer`` over every
   article (one instance of each, reused);
2. the whole build: ``relgraph.pipeline.build`` (read, extract, RDF, every output file, HTML), then
   SHACL validation of what it wrote, timed apart (``build --no-validate`` skips it).

It prints articles per second per core for both, the ratio build / baseline (target: ≤ 3), the same
in CPU seconds (what "per core" means when other jobs share the machine and stretch wall-clock
time), and the process's peak resident memory (target: well under 1.5 GB). The build runs on one core.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "news-fa.jsonl"


def _baseline(texts: list[str]) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of hazm's normalise + sentence + word tokenisation of ``texts``."""
    from hazm import Normalizer, SentenceTokenizer, WordTokenizer

    norm, sents, words = Normalizer(), SentenceTokenizer(), WordTokenizer(join_verb_parts=False)
    t0, c0 = time.perf_counter(), time.process_time()
    for text in texts:
        for s in sents.tokenize(norm.normalize(text)):
            words.tokenize(s)
    return time.perf_counter() - t0, time.process_time() - c0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    a = ap.parse_args(argv)
    if not a.corpus.exists():
        print(f"bench.throughput: {a.corpus} not found (needs ../shared/corpus); nothing to measure")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "corpus.jsonl"
        lines = a.corpus.read_text(encoding="utf-8").splitlines()[: a.limit]
        sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
        texts = []
        for line in lines:
            rec = json.loads(line)
            texts.append("\n\n".join(p for p in (rec.get("title"), rec.get("lead"), rec.get("text")) if p))
        n = len(texts)
        # warm both paths (hazm models, lexicons, tagger) so start-up is not counted in either figure
        from relgraph.model import Document
        from relgraph.pipeline import build, extract_facts

        extract_facts(Document(id="warm", text=texts[0]))
        _baseline(texts[:5])
        base, base_cpu = _baseline(texts)
        from relgraph.rdf import load_dataset, validate

        t0, c0 = time.perf_counter(), time.process_time()
        result = build([sample], Path(tmp) / "out", validate_shapes=False)
        whole, whole_cpu = time.perf_counter() - t0, time.process_time() - c0
        build_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the build's high-water mark
        t0 = time.perf_counter()
        validate(load_dataset(Path(tmp) / "out"))
        shacl = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {n} ({result.entities} entities, {result.relations} ties, {result.triples} triples)")
    print(f"baseline (hazm normalise + sentences + words): {base:7.1f} s  {n / base:7.1f} articles/s/core")
    print(f"whole build (read, extract, RDF, files, HTML): {whole:7.1f} s  {n / whole:7.1f} articles/s/core")
    print(f"SHACL validation of the result (build --validate): {shacl:7.1f} s")
    print(f"ratio build / baseline: {whole / base:.2f}  (target ≤ 3); with SHACL: {(whole + shacl) / base:.2f}")
    print(f"CPU time (steadier on a shared machine): baseline {base_cpu:.1f} s, build {whole_cpu:.1f} s "
          f"= {n / whole_cpu:.1f} articles/s/core, ratio {whole_cpu / base_cpu:.2f}")
    print(f"peak memory of the build: {build_peak_mb:.0f} MB  (target well under 1,500 MB)")
    print(f"peak memory after the separate SHACL check (the whole graph in rdflib at once; `build --validate`"
          f" checks in batches instead): {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
