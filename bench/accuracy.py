"""Accuracy of relgraph's extractor on the gold articles of ``../shared/eval`` (dev and train).

Usage: ``python -m bench.accuracy [--split dev|train|both] [--no-tagger] [--per-doc]``. Runs
``extract_facts`` over every ``*.txt`` of the split, writes the facts JSON Lines under
``out-bench/``, and prints the official scorer's figures (``score.py``) beside the co-occurrence
floor measured in the same run (countries only; a tie for every two countries in one sentence).

What trained what: the CRF tagger is trained on ArmanPersoNER only (``relgraph train``); the rules
and lexicons were written from general knowledge and tuned while measuring on train/; dev/ is
for measurement.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from relgraph.facts_json import facts_to_json
from relgraph.model import Document
from relgraph.pipeline import extract_facts

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def _docs(split: Path) -> list[Document]:
    """The split's articles, with their publication dates from MANIFEST.tsv when it has them."""
    dates: dict[str, str] = {}
    manifest = split / "MANIFEST.tsv"
    if manifest.exists():
        rows = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()]
        head = rows[0]
        for row in rows[1:]:
            rec = dict(zip(head, row, strict=False))
            if rec.get("doc") and rec.get("date"):
                dates[rec["doc"]] = rec["date"]
    out = []
    for p in sorted(split.glob("*.txt")):
        doc_id = p.name[: -len(".txt")]
        out.append(Document(id=doc_id, text=p.read_text(encoding="utf-8"), date=dates.get(doc_id), path=str(p)))
    return out


def run(split_name: str, use_tagger: bool, per_doc: bool) -> None:
    split = SHARED / split_name
    out_dir = Path("out-bench")
    out_dir.mkdir(exist_ok=True)
    docs = _docs(split)
    t0 = time.perf_counter()
    preds = [facts_to_json(extract_facts(d, use_tagger=use_tagger)) for d in docs]
    secs = time.perf_counter() - t0
    pred_path = out_dir / f"{split_name}.facts.jsonl"
    pred_path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
    print(f"== {split_name}: {len(docs)} articles, {secs:.1f}s ==")
    args = [sys.executable, str(SHARED / "score.py"), str(split), str(pred_path)] + (["--per-doc"] if per_doc else [])
    subprocess.run(args, check=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "train", "both"], default="both")
    ap.add_argument("--no-tagger", action="store_true")
    ap.add_argument("--per-doc", action="store_true")
    a = ap.parse_args(argv)
    if not (SHARED / "score.py").exists():
        print(f"bench.accuracy: {SHARED} not found (needs ../shared/eval beside the project); nothing to measure")
        return 0
    for split in (["dev", "train"] if a.split == "both" else [a.split]):
        run(split, not a.no_tagger, a.per_doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
