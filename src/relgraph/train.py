"""Train and cross-validate the CRF entity tagger on ArmanPersoNERCorpus.

Why this shape: the corpus comes as three rotations (``train_foldN`` / ``test_foldN``); the honest
estimate of accuracy on unseen news is the mean over those folds, with every lexicon feature derived
only from the training side. Given names are learned from the training portion's ``B-pers`` tokens
and, while training, *jack-knifed* (each slice of the training data sees only names learned from the
other slices) so the CRF does not learn to trust a flag that is perfect on its own training data.
The final model is trained on the whole corpus (``train_fold1`` ∪ ``test_fold1``) and written with a
metadata JSON (corpus checksums, hyperparameters, CV figures, attribution and terms).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from relgraph import __version__
from relgraph.paths import data_path
from relgraph.tagger import (
    CUES_NAME,
    FEATURE_VERSION,
    LABEL_MAP,
    EntityTagger,
    Gazetteer,
    bio_spans,
    hazm_word_freq,
    normalize_token,
    read_cues,
    sentence_features,
)
from relgraph.tagger_attrs import write_known_attributes

__all__ = [
    "CVResult", "Scores", "TrainResult", "cross_validate", "learn_given_names", "lexicon_cues", "read_conll",
    "score_spans",
    "train",
]

Sentence = tuple[list[str], list[str]]
CORPUS = "ArmanPersoNERCorpus"
ATTRIBUTION = (
    "ArmanPersoNERCorpus (ISLRN 399-379-640-828-6), github.com/HaniehP/PersianNER commit "
    "82160588e3f80cb0fb4809208bd28e6b20546b44. Cite: H. Poostchi, E. Zare Borzeshi, M. Abdous, M. Piccardi, "
    "'PersoNER: Persian Named-Entity Recognition', COLING 2016; H. Poostchi, E. Zare Borzeshi, M. Piccardi, "
    "'BiLSTM-CRF for Persian Named-Entity Recognition. ArmanPersoNERCorpus: the First Entity-Annotated "
    "Persian Dataset', LREC 2018."
)
TERMS = (
    "The corpus authors write: 'We are releasing it only for academic research use.' No licence file. "
    "This model was trained on that corpus and inherits its terms: academic research use only."
)
DEFAULTS = {"c1": 0.05, "c2": 0.02, "max_iter": 200}
FINAL_FILES = ("train_fold1.txt", "test_fold1.txt")


@dataclass(frozen=True, slots=True)
class Scores:
    """Entity-level (exact span and type) counts; precision/recall/F1 derived."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Scores) -> Scores:
        return Scores(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(slots=True)
class CVResult:
    folds: list[dict[str, Scores]]  # per fold: type → Scores, plus "micro"
    seconds: float = 0.0

    def pooled(self) -> dict[str, Scores]:
        """Counts summed over the folds (each sentence is tested exactly once)."""
        out: dict[str, Scores] = {}
        for fold in self.folds:
            for kind, s in fold.items():
                out[kind] = out.get(kind, Scores()) + s
        return out

    def mean_f1(self) -> float:
        return sum(f["micro"].f1 for f in self.folds) / len(self.folds)

    def as_dict(self) -> dict:
        return {
            "protocol": "train on train_foldN, test on test_foldN, N=1..3; entity-level exact span+type",
            "folds": [{k: s.as_dict() for k, s in fold.items()} for fold in self.folds],
            "pooled": {k: s.as_dict() for k, s in sorted(self.pooled().items())},
            "mean_micro_f1": round(self.mean_f1(), 4),
            "seconds": round(self.seconds, 1),
        }


@dataclass(slots=True)
class TrainResult:
    model: Path
    metadata: Path
    sentences: int
    tokens: int
    seconds: float
    size_bytes: int
    hyperparameters: dict = field(default_factory=dict)


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a ``token TAG`` per line file (blank line between sentences)."""
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            if toks:
                sents.append((toks, tags))
                toks, tags = [], []
            continue
        token, sep, tag = line.rstrip().rpartition(" ")
        if not sep or not token or not (tag == "O" or tag[:2] in ("B-", "I-")):
            raise ValueError(f"{path}:{lineno}: expected 'token TAG' with an IOB tag, got {line!r}")
        toks.append(token)
        tags.append(tag)
    if toks:
        sents.append((toks, tags))
    return sents


def learn_given_names(sents: Sequence[Sentence], min_count: int = 2, min_ratio: float = 0.3) -> list[str]:
    """Normalised words that open a person name (``B-pers``) often enough, from these sentences only."""
    starts: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for toks, tags in sents:
        for tok, tag in zip(toks, tags, strict=True):
            norm = normalize_token(tok)
            seen[norm] += 1
            if tag == "B-pers":
                starts[norm] += 1
    return sorted(w for w, c in starts.items() if c >= min_count and c / seen[w] >= min_ratio and len(w) > 1)


_LEX_FLAGS = {"STATE": "STATE", "LOC": "PLACE", "ORG": "ORG_NAME", "PERSON": "PERSON_NAME"}


def lexicon_cues() -> list[tuple[str, str]]:
    """Gazetteer cues from the project's own lexicons (``data/lexicons/``), if they load.

    They are frozen into the model's metadata at training time, so later lexicon edits cannot
    silently change what the trained weights mean (retrain to pick them up).
    """
    try:
        from relgraph.lexicon import load_lexicon

        lex = load_lexicon()
    except Exception as err:  # noqa: BLE001 - the tagger trains without project lexicons
        import sys

        print(f"relgraph train: project lexicons not used ({err})", file=sys.stderr)
        return []
    cues = [(name, _LEX_FLAGS[e.type]) for e in lex.entries if e.type in _LEX_FLAGS for name in e.names]
    cues += [(name, "NATIONALITY") for name in lex.demonyms]
    cues += [(o.title, "OFFICE") for o in lex.offices]
    cues += [(r, "PERSON_TITLE") for r in lex.ranks]
    cues += [(h, "ORG_HEAD") for h in lex.org_heads]
    cues += [(h, "EVENT_HEAD") for h in lex.event_heads]
    cues += [(h, "PRO_HEAD") for h in lex.agreement_heads]
    return sorted(set(cues))


@lru_cache(maxsize=1)
def _cue_tuple() -> tuple[tuple[str, str], ...]:
    return tuple(read_cues(data_path("models", CUES_NAME)) + lexicon_cues())


def _cue_entries() -> list[tuple[str, str]]:
    """ner-cues.tsv plus the project lexicons: the cue phrases the model is trained with."""
    return list(_cue_tuple())


def _featurise(sents: Sequence[Sentence], cues: list[tuple[str, str]], seed: int, parts: int = 5):
    """Features for training sentences, given-name flags jack-knifed over ``parts`` slices."""
    order = list(range(len(sents)))
    random.Random(seed).shuffle(order)
    slice_of = {idx: pos % parts for pos, idx in enumerate(order)}
    freq = hazm_word_freq()
    gazetteers = []
    for k in range(parts):
        others = [s for i, s in enumerate(sents) if slice_of[i] != k]
        names = learn_given_names(others)
        gazetteers.append(Gazetteer(cues + [(w, "GIVEN_NAME") for w in names], freq))
    return [sentence_features(toks, None, gazetteers[slice_of[i]]) for i, (toks, _) in enumerate(sents)]


def _fit(sents: Sequence[Sentence], model: Path, *, seed: int, c1: float, c2: float, max_iter: int) -> None:
    cues = _cue_entries()
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, (_, tags) in zip(_featurise(sents, cues, seed), sents, strict=True):
        trainer.append(xseq, tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iter,
                        "feature.possible_transitions": True, "feature.minfreq": 1})
    model.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model))


def _write_metadata(model: Path, sents: Sequence[Sentence], files: list[Path], hyper: dict, seed: int,
                    cv: CVResult | None, seconds: float) -> Path:
    from importlib.metadata import version

    cues = _cue_entries()
    names = learn_given_names(sents)
    labels = sorted({t for _, tags in sents for t in tags})
    meta = {
        "model": model.name,
        "model_sha256": _sha256(model),
        "feature_version": FEATURE_VERSION,
        "corpus": {
            "name": CORPUS,
            "files": [{"name": f.name, "sha256": _sha256(f)} for f in files],
            "cv_files": _fold_checksums(files[0].parent) if cv else None,
            "sentences": len(sents),
            "tokens": sum(len(t) for t, _ in sents),
        },
        "labels": labels,
        "label_map": LABEL_MAP,
        "hyperparameters": hyper,
        "seed": seed,
        "cv": cv.as_dict() if cv else None,
        "trained": dt.date.today().isoformat(),
        "training_seconds": round(seconds, 1),
        "versions": {"relgraph": __version__, "python-crfsuite": version("python-crfsuite"),
                     "hazm": version("hazm")},
        "attribution": ATTRIBUTION,
        "terms": TERMS,
        "flags": sorted({f for _, f in cues} | {"GIVEN_NAME"}),
        "cues_file": CUES_NAME,
        "cues_sha256": _sha256(data_path("models", CUES_NAME)),
        "lexicon_cues": sum(1 for _ in lexicon_cues()),
        "cues": ["\t".join(e) for e in cues],
        "given_names": names,
    }
    path = model.with_suffix(".json")
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def _fold_checksums(data_dir: Path) -> list[dict[str, str]]:
    """SHA-256 of the six fold files cross-validation read."""
    names = [f"{s}_fold{k}.txt" for k in (1, 2, 3) for s in ("train", "test")]
    return [{"name": n, "sha256": _sha256(data_dir / n)} for n in names if (data_dir / n).is_file()]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _corpus_files(data_dir: Path, names: Sequence[str]) -> list[Path]:
    files = [data_dir / n for n in names]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise FileNotFoundError(f"corpus files missing: {', '.join(missing)}; --data must be the folder of "
                                "ArmanPersoNERCorpus (train_fold1.txt … test_fold3.txt)")
    return files


def train(data_dir: Path, out: Path, *, seed: int = 0, c1: float = DEFAULTS["c1"], c2: float = DEFAULTS["c2"],
          max_iter: int = DEFAULTS["max_iter"], files: Sequence[str] = FINAL_FILES,
          cv: CVResult | None = None) -> TrainResult:
    """Train on ``files`` (default: the whole corpus) and write ``out`` plus ``out.with_suffix('.json')``."""
    paths = _corpus_files(Path(data_dir), files)
    sents = [s for p in paths for s in read_conll(p)]
    t0 = time.perf_counter()
    _fit(sents, Path(out), seed=seed, c1=c1, c2=c2, max_iter=max_iter)
    seconds = time.perf_counter() - t0
    write_known_attributes(Path(out))  # lets the tagger skip strings the model has no weight for
    hyper = {"algorithm": "lbfgs", "c1": c1, "c2": c2, "max_iter": max_iter, "jackknife_parts": 5}
    meta = _write_metadata(Path(out), sents, paths, hyper, seed, cv, seconds)
    return TrainResult(Path(out), meta, len(sents), sum(len(t) for t, _ in sents), seconds,
                       Path(out).stat().st_size, hyper)


def score_spans(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, Scores]:
    """Entity-level exact-match scores per type and ``micro`` over all types (conlleval semantics)."""
    counts: dict[str, list[int]] = {}
    for g_tags, p_tags in zip(gold, pred, strict=True):
        g, p = set(bio_spans(g_tags)), set(bio_spans(p_tags))
        for span in g | p:
            c = counts.setdefault(span[2], [0, 0, 0])
            c[0 if span in g and span in p else 1 if span in p else 2] += 1
    out = {k: Scores(*v) for k, v in sorted(counts.items())}
    out["micro"] = sum(out.values(), Scores())
    return out


def _run_fold(args: tuple[Path, int, int, float, float, int, Path]) -> dict[str, Scores]:
    data_dir, k, seed, c1, c2, max_iter, workdir = args
    train_sents = read_conll(data_dir / f"train_fold{k}.txt")
    test_sents = read_conll(data_dir / f"test_fold{k}.txt")
    model = workdir / f"fold{k}.crfsuite"
    _fit(train_sents, model, seed=seed, c1=c1, c2=c2, max_iter=max_iter)
    names = learn_given_names(train_sents)  # training portion only
    meta = {"feature_version": FEATURE_VERSION, "cues": ["\t".join(e) for e in _cue_entries()], "given_names": names}
    model.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    tagger = EntityTagger.load(model)
    pred = [tagger.tag_bio(toks) for toks, _ in test_sents]
    return score_spans([tags for _, tags in test_sents], pred)


def cross_validate(data_dir: Path, *, seed: int = 0, c1: float = DEFAULTS["c1"], c2: float = DEFAULTS["c2"],
                   max_iter: int = DEFAULTS["max_iter"], workers: int = 2) -> CVResult:
    """Train on train_foldN and score on test_foldN for N = 1, 2, 3 (folds run in parallel)."""
    import tempfile

    data_dir = Path(data_dir)
    _corpus_files(data_dir, [f"{s}_fold{k}.txt" for k in (1, 2, 3) for s in ("train", "test")])
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="relgraph-cv-") as tmp:
        jobs = [(data_dir, k, seed, c1, c2, max_iter, Path(tmp)) for k in (1, 2, 3)]
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                folds = list(pool.map(_run_fold, jobs))
        else:
            folds = [_run_fold(j) for j in jobs]
    return CVResult(folds, time.perf_counter() - t0)


def format_cv(cv: CVResult) -> str:
    """A small table: per type pooled P/R/F1 and per-fold micro F1."""
    rows = [f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}"]
    for kind, s in sorted(cv.pooled().items(), key=lambda kv: (kv[0] == "micro", kv[0])):
        rows.append(f"{kind:<8}{s.precision:8.3f}{s.recall:8.3f}{s.f1:8.3f}{s.tp + s.fn:8d}")
    rows.append("per-fold micro F1: " + ", ".join(f"{f['micro'].f1:.3f}" for f in cv.folds)
                + f"; mean {cv.mean_f1():.3f}")
    return "\n".join(rows)


def summary(result: TrainResult) -> dict:
    return asdict(result) | {"model": str(result.model), "metadata": str(result.metadata)}


def cli_train(data: Path, out: Path, *, cv: bool, seed: int) -> int:
    """``relgraph train``: returns the exit status (2 when the corpus folder is wrong)."""
    import sys

    try:
        result_cv = None
        if cv:
            print("cross-validating over the corpus's three folds …", file=sys.stderr)
            result_cv = cross_validate(data, seed=seed)
            print(format_cv(result_cv))
        print(f"training on {', '.join(FINAL_FILES)} (the whole corpus) …", file=sys.stderr)
        result = train(data, out, seed=seed, cv=result_cv)
    except (FileNotFoundError, ValueError) as err:
        print(f"relgraph train: {err}", file=sys.stderr)
        return 2
    print(f"wrote {result.model} ({result.size_bytes / 1e6:.1f} MB) and {result.metadata}: "
          f"{result.sentences} sentences, {result.tokens} tokens, {result.seconds:.0f} s")
    return 0
