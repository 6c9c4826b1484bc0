"""Where a build's time goes: cProfile of ``relgraph.pipeline.build`` plus a per-stage breakdown.

Usage: ``python -m bench profile [--limit N] [--corpus PATH] [--top K] [--sort tottime|cumulative]
[--save FILE.prof]``. Builds the first N articles (default 200) of ``../shared/corpus/news-fa.jsonl``
without SHACL (as ``bench throughput`` times it), after warming the hazm models, lexicons and tagger
so start-up is not counted.

Why two views: cProfile's function table finds hot spots, but its per-call overhead inflates
Python-heavy stages, so the stage table times the same build unprofiled, wrapping each stage
function that ``pipeline`` calls (annotate, mentions, coref, relations, tie model, RDF, outputs)
with a CPU-time clock and reporting CPU ms per article. Save the profile (``--save``) to browse it
with ``python -m pstats`` or snakeviz.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from bench.throughput import CORPUS

# (module, attribute) of every stage the build calls through a module global, in pipeline order.
STAGES: tuple[tuple[str, str], ...] = (
    ("relgraph.pipeline", "annotate"),
    ("relgraph.pipeline", "find_dates"),
    ("relgraph.pipeline", "find_mentions"),
    ("relgraph.pipeline", "build_entities"),
    ("relgraph.pipeline", "add_attributes"),
    ("relgraph.pipeline", "extract_relations"),
    ("relgraph.pipeline", "_with_tie_model"),
    ("relgraph.pipeline", "find_quantities"),
    ("relgraph.tagger", "EntityTagger.tag"),
    ("relgraph.rdf_stream", "CorpusGraph.add"),
    ("relgraph.facts_json", "facts_to_json"),
    ("relgraph.rdf", "write_outputs"),
    ("relgraph.rdf_stream", "CorpusGraph.triple_count"),
    ("relgraph.render", "render_html"),
)


def _slice(corpus: Path, limit: int, tmp: Path) -> Path:
    sample = tmp / "corpus.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines()[:limit]
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sample


def _warm() -> None:
    from relgraph.model import Document
    from relgraph.pipeline import extract_facts

    extract_facts(Document(id="warm", text="وزیر خارجه ایران با وزیر خارجه روسیه در مسکو دیدار کرد."))


def _timed(fn: Callable, name: str, totals: dict[str, float]) -> Callable:
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        t0 = time.process_time()  # CPU time: other jobs on a shared machine do not inflate it
        try:
            return fn(*args, **kwargs)
        finally:
            totals[name] += time.process_time() - t0

    return wrapper


def stage_times(sample: Path, out: Path) -> tuple[dict[str, float], float, float]:
    """CPU seconds per stage (inclusive, so nested stages overlap), the whole build's wall-clock seconds
    and its CPU seconds (steadier than wall clock on a shared machine)."""
    import importlib

    from relgraph.pipeline import build

    totals: dict[str, float] = defaultdict(float)
    undo = []
    for module, attr in STAGES:
        owner = importlib.import_module(module)
        cls_name, _, fn_name = attr.rpartition(".")
        if cls_name:
            owner = getattr(owner, cls_name)
        original = getattr(owner, fn_name)
        undo.append((owner, fn_name, original))
        setattr(owner, fn_name, _timed(original, attr, totals))
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        build([sample], out, validate_shapes=False)
        whole, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        for owner, fn_name, original in undo:
            setattr(owner, fn_name, original)
    return dict(totals), whole, cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--sort", choices=("tottime", "cumulative"), default="tottime")
    ap.add_argument("--save", type=Path, help="write the cProfile stats here")
    ap.add_argument("--no-cprofile", action="store_true", help="stage table only")
    a = ap.parse_args(argv)
    if not a.corpus.exists():
        print(f"bench.profile: {a.corpus} not found (needs ../shared/corpus); nothing to profile")
        return 0
    from relgraph.pipeline import build

    _warm()
    with tempfile.TemporaryDirectory() as tmp:
        sample = _slice(a.corpus, a.limit, Path(tmp))
        n = sum(1 for _ in sample.open(encoding="utf-8"))
        totals, whole, cpu = stage_times(sample, Path(tmp) / "out-stages")
        print(f"articles: {n}; whole build {whole:.2f} s = {1000 * whole / n:.1f} ms/article "
              f"({n / whole:.1f} articles/s); CPU {cpu:.2f} s = {1000 * cpu / n:.1f} ms/article")
        print(f"{'stage (inclusive, CPU)':36} {'s':>8} {'ms/article':>11}")
        for name, secs in sorted(totals.items(), key=lambda kv: -kv[1]):
            print(f"{name:36} {secs:8.2f} {1000 * secs / n:11.2f}")
        if a.no_cprofile:
            return 0
        prof = cProfile.Profile()
        prof.enable()
        build([sample], Path(tmp) / "out-profile", validate_shapes=False)
        prof.disable()
    if a.save:
        prof.dump_stats(str(a.save))
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats(a.sort).print_stats(a.top)
    print(buf.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
