"""3-fold cross-validation of relgraph's CRF entity tagger on ArmanPersoNERCorpus, beside published figures.

Usage: ``python -m bench.tagger_cv [--data ../shared/data/arman-ner] [--from-metadata] [--speed]``.
Without ``--from-metadata`` it retrains the three fold models (a few minutes on two cores); with it,
it prints the figures stored in the committed model's metadata by ``relgraph train --cv``.
``--speed`` also times the committed model against hazm's sentence+word tokeniser on one fold.

Our protocol: train on ``train_foldN``, test on ``test_foldN`` (N = 1..3, the corpus's own folds);
entity-level exact span + type match (CoNLL style); "pooled" sums the counts over the three test
folds, i.e. every sentence of the corpus is scored once.

Published figures (quoted, not re-measured; their exact protocol may differ from ours):
- Poostchi, Zare Borzeshi & Piccardi, LREC 2018, "BiLSTM-CRF for Persian Named-Entity Recognition.
  ArmanPersoNERCorpus: the First Entity-Annotated Persian Dataset": BiLSTM-CRF with pre-trained
  embeddings, "a 77.45% CoNLL F1 score" (abstract, https://lrec.elra.info/lrec2018-main-701).
  The same abstract says this is "more than 12 percentage points higher than the best previous result".
- Poostchi et al., COLING 2016, "PersoNER: Persian Named-Entity Recognition" (SVM-HMM): 72.59 F1 as
  listed by NLP-progress (persian/named_entity_recognition.md). We could not check this figure against
  the paper, and it is hard to square with the 12-point gap claimed in 2018, so treat it as unverified.
Later neural/BERT results (e.g. ParsBERT) are not comparable baselines for a small CRF and are omitted.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from relgraph.paths import data_path
from relgraph.train import CVResult, Scores, cross_validate, format_cv, read_conll

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "arman-ner"
PUBLISHED = [
    ("BiLSTM-CRF + embeddings (Poostchi et al., LREC 2018)", 77.45, "paper abstract"),
    ("SVM-HMM (Poostchi et al., COLING 2016)", 72.59, "NLP-progress listing; unverified"),
]


def _from_metadata() -> CVResult:
    meta = json.loads(data_path("models", "ner-crf.json").read_text(encoding="utf-8"))
    if not meta.get("cv"):
        raise SystemExit("the committed model has no CV figures; run `relgraph train --data … --cv`")
    folds = [{k: Scores(v["tp"], v["fp"], v["fn"]) for k, v in fold.items()} for fold in meta["cv"]["folds"]]
    return CVResult(folds, meta["cv"].get("seconds", 0.0))


def _speed(data: Path) -> None:
    import hazm

    from relgraph.tagger import EntityTagger

    t0 = time.perf_counter()
    tagger = EntityTagger.load()
    load_s = time.perf_counter() - t0
    sents = [toks for toks, _ in read_conll(data / "test_fold2.txt")]
    n = sum(len(s) for s in sents)
    t0 = time.perf_counter()
    for toks in sents:
        tagger.tag(toks)
    tag_rate = n / (time.perf_counter() - t0)
    text = "\n".join(" ".join(s) for s in sents)
    normalizer, splitter = hazm.Normalizer(), hazm.SentenceTokenizer()
    words = hazm.WordTokenizer(join_verb_parts=False, separate_emoji=False)  # as relgraph.text builds it
    t0 = time.perf_counter()
    normalized = normalizer.normalize(text)
    t1 = time.perf_counter()
    m = sum(len(words.tokenize(s)) for s in splitter.tokenize(normalized))
    t2 = time.perf_counter()
    full, split_only = m / (t2 - t0), m / (t2 - t1)
    print(f"\nload {load_s:.2f} s; tag() {tag_rate:,.0f} tokens/s; hazm normalise+split+tokenise {full:,.0f} "
          f"tokens/s ({tag_rate / full:.2f}x), hazm split+tokenise only {split_only:,.0f} tokens/s "
          f"({tag_rate / split_only:.2f}x)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--from-metadata", action="store_true", help="print the committed model's CV figures")
    ap.add_argument("--speed", action="store_true", help="also time tagging against hazm tokenisation")
    args = ap.parse_args(argv)
    if not args.from_metadata and not (args.data / "train_fold1.txt").is_file():
        print(f"ArmanPersoNERCorpus not found at {args.data}; pass --data or --from-metadata", file=sys.stderr)
        return 2
    cv = _from_metadata() if args.from_metadata else cross_validate(args.data)
    print("relgraph CRF, 3-fold CV on ArmanPersoNERCorpus (entity-level, exact span + type)")
    print(format_cv(cv))
    print(f"\n{'system':<56}{'F1':>7}  source")
    when = "committed model's metadata" if args.from_metadata else "this run"
    print(f"{f'relgraph CRF ({when}, pooled micro)':<56}{100 * cv.pooled()['micro'].f1:7.2f}  measured")
    print(f"{'relgraph CRF (mean of fold micro F1)':<56}{100 * cv.mean_f1():7.2f}  measured")
    for name, f1, source in PUBLISHED:
        print(f"{name:<56}{f1:7.2f}  {source}")
    if args.speed and (args.data / "test_fold2.txt").is_file():
        _speed(args.data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
