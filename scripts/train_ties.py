"""Train the tie classifier of ``relgraph.tieclf`` on ../shared/eval/train and measure it on dev.

Usage (from the repository root)::

    PYTHONPATH=src .venv/bin/python scripts/train_ties.py [--eval /path/to/shared/eval] [--dry-run]

What it does, and why this way:

1. Runs the real extractor (``extract_facts``) over every train/ article, so the model learns on the
   entities the pipeline really finds (with their errors), and forms every same-sentence pair.
2. Labels a pair by matching both entities to gold entities with the scorer's own ``names_match``
   (``score.py`` is imported by path, at training time only): positive when a gold tie joins them
   (with that tie's type), negative otherwise. Pairs only an *optional* gold tie joins are neutral for
   the scorer; ``--optional-weight`` says how much they count as positives.
3. Fits logistic regressions in numpy (full-batch Adam, L2; deterministic), picks the L2 strength,
   the optional weight and the thresholds by 5-fold cross-validation *by article* on train/ only,
   scoring folds with ``score.py``; dev/ is only measured, never used to choose anything.
4. Writes ``data/models/ties/model.json`` (weights) and ``meta.json`` (data checksums,
   hyperparameters, CV and dev figures for rules only, classifier only and rules ∪ classifier).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from relgraph.facts_json import facts_to_json  # noqa: E402
from relgraph.model import TIE_TYPES, Document  # noqa: E402
from relgraph.pipeline import extract_facts  # noqa: E402
from relgraph.text import annotate  # noqa: E402
from relgraph.tieclf import FEATURE_VERSION, Candidate, TieModel, combine_with_rules, features  # noqa: E402
from relgraph.tieclf import candidates as make_candidates  # noqa: E402

FOLDS = 5
SEED = 0
GRID_L2 = (10.0, 30.0, 100.0)
GRID_TYPE_L2 = (0.3, 1.0, 3.0, 10.0)
GRID_OPT = (0.0, 0.5)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 13))
KEEP = (0.02, 0.05, 0.1, 0.2, 0.3)
# The classifier's own ties kept per article, best first: GUIDELINES.md keeps to about 3–15 required
# ties per article (session 9: 15 left no set lower and raised dev 0.675 → 0.696).
MAX_PER_ARTICLE = 15
MODES = ("model", "union", "gated")


def load_scorer(eval_dir: Path):  # noqa: ANN201 - a module loaded by path
    spec = importlib.util.spec_from_file_location("relgraph_eval_score", eval_dir / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"train_ties: cannot import {eval_dir / 'score.py'}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_split(split: Path) -> list[tuple[Document, dict]]:
    """(document, gold) for each article, with the publication date from MANIFEST.tsv."""
    dates: dict[str, str] = {}
    manifest = split / "MANIFEST.tsv"
    if manifest.exists():
        rows = [ln.split("\t") for ln in manifest.read_text(encoding="utf-8").splitlines()]
        for row in rows[1:]:
            rec = dict(zip(rows[0], row, strict=False))
            if rec.get("doc") and rec.get("date"):
                dates[rec["doc"]] = rec["date"]
    out = []
    for p in sorted(split.glob("*.txt")):
        doc_id = p.name[: -len(".txt")]
        gold = json.loads((split / f"{doc_id}.gold.json").read_text(encoding="utf-8"))
        out.append((Document(id=doc_id, text=p.read_text(encoding="utf-8"), date=dates.get(doc_id), path=str(p)), gold))
    return out


def read_extra(gold_dir: Path, corpus: Path) -> list[tuple[Document, dict]]:
    """(document, gold) for gold files kept in the project without their text (``bench/gold/*``): the
    text comes from the JSON Lines corpus they were annotated on, read as ``relgraph build`` reads it."""
    from relgraph.io import ReadReport, iter_documents

    golds = {json.loads(p.read_text(encoding="utf-8"))["doc"]: json.loads(p.read_text(encoding="utf-8"))
             for p in sorted(gold_dir.glob("*.gold.json"))}
    docs = {d.id: d for d in iter_documents([corpus], ReadReport()) if d.id in golds}
    missing = sorted(set(golds) - set(docs))
    if missing:
        raise SystemExit(f"train_ties: {len(missing)} gold files of {gold_dir} have no article in {corpus}: "
                         f"{missing[:3]}")
    return [(docs[k], golds[k]) for k in sorted(golds)]


def checksums(split: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(split.iterdir()) if p.name.endswith((".txt", ".gold.json"))}


def match_entities(score, gold: dict, pred: dict) -> dict[str, str]:  # noqa: ANN001
    """Predicted entity id → gold entity id, exactly as score.py's greedy one-to-one matching does."""
    found: dict[str, str] = {}
    for g in sorted(gold["entities"], key=lambda g: bool(g.get("optional"))):
        for p in pred["entities"]:
            if p["id"] in found or p.get("type") != g["type"]:
                continue
            if score.names_match(score.pred_names(p), g["names"]):
                found[p["id"]] = g["id"]
                break
    return found


def pair_label(gold: dict, found: dict[str, str], x: str, y: str) -> tuple[str, str | None]:
    """('pos', type) for a required gold tie, ('opt', type) for an optional one only, ('neg', None)."""
    gx, gy = found.get(x), found.get(y)
    if gx is None or gy is None:
        return "neg", None
    hits = []
    for t in gold.get("ties", []):
        a = set(t["a"] if isinstance(t["a"], list) else [t["a"]])
        b = set(t["b"] if isinstance(t["b"], list) else [t["b"]])
        if (gx in a and gy in b) or (gx in b and gy in a):
            hits.append((bool(t.get("optional")), t["type"]))
    if not hits:
        return "neg", None
    hits.sort()
    return ("opt" if hits[0][0] else "pos"), hits[0][1]


@dataclasses.dataclass
class DocData:
    doc: Document
    gold: dict
    adoc: object
    facts: object
    cands: list[Candidate]
    feats: list[list[str]]
    labels: list[tuple[str, str | None]]


def prepare(score, rows: Sequence[tuple[Document, dict]]) -> list[DocData]:  # noqa: ANN001
    out = []
    for doc, gold in rows:
        facts = extract_facts(doc, use_model=False)
        adoc = annotate(doc)
        found = match_entities(score, gold, facts_to_json(facts))
        cands = make_candidates(adoc, facts.entities)
        out.append(DocData(doc, gold, adoc, facts, cands, [features(c) for c in cands],
                           [pair_label(gold, found, c.a.id, c.b.id) for c in cands]))
    return out


# ---- numpy logistic regressions over sparse binary features ----

def _index(feats: list[list[str]], min_count: int = 2) -> dict[str, int]:
    counts: dict[str, int] = {}
    for fs in feats:
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    keep = sorted(f for f, n in counts.items() if n >= min_count and f != "bias")
    return {f: i for i, f in enumerate(keep)}


def _csr(feats: list[list[str]], index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = [], []
    for r, fs in enumerate(feats):
        for f in fs:
            j = index.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)


def fit(feats: list[list[str]], y: np.ndarray, sw: np.ndarray, n_classes: int, l2: float,
        steps: int = 250, lr: float = 0.1) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Softmax regression (n_classes ≥ 2; 2 = binary) by full-batch Adam; weights D×K, bias K."""
    index = _index(feats)
    rows, cols = _csr(feats, index)
    n, d, k = len(feats), len(index), n_classes
    W, b = np.zeros((d, k)), np.zeros(k)
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b)
    Y = np.zeros((n, k))
    Y[np.arange(n), y] = 1.0
    wsum = sw.sum()
    for t in range(1, steps + 1):
        Wc = W[cols]
        Z = np.stack([np.bincount(rows, weights=Wc[:, j], minlength=n) for j in range(k)], axis=1) + b
        Z -= Z.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        G = (P - Y) * sw[:, None] / wsum
        Gr = G[rows]
        gW = np.stack([np.bincount(cols, weights=Gr[:, j], minlength=d) for j in range(k)], axis=1)
        gW += l2 * W / wsum
        gb = G.sum(axis=0)
        for p, g, m, v in ((W, gW, mW, vW), (b, gb, mb, vb)):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return index, W, b


def train_model(data: list[DocData], l2: float, opt_w: float, threshold: float = 0.5,
                type_l2: float = 1.0) -> TieModel:
    feats, y, sw, tfeats, ty = [], [], [], [], []
    types = [t for t in TIE_TYPES if any(lab[1] == t for d in data for lab in d.labels)]
    for d in data:
        for fs, (kind, ttype) in zip(d.feats, d.labels, strict=True):
            if ttype is not None:  # optional gold ties still show what a tie of that type looks like
                tfeats.append(fs)
                ty.append(types.index(ttype))
            if kind == "opt" and opt_w == 0:
                continue
            feats.append(fs)
            y.append(0 if kind == "neg" else 1)
            sw.append(opt_w if kind == "opt" else 1.0)
    index, W, b = fit(feats, np.asarray(y), np.asarray(sw, dtype=float), 2, l2)
    w1 = W[:, 1] - W[:, 0]  # two-class softmax = logistic regression on the difference
    weights = {f: round(float(w1[j]), 5) for f, j in index.items() if abs(w1[j]) > 1e-5}
    tindex, TW, tb = fit(tfeats, np.asarray(ty), np.ones(len(ty)), len(types), type_l2)
    tweights = {f: tuple(round(float(x), 5) for x in TW[j]) for f, j in tindex.items() if np.abs(TW[j]).max() > 1e-5}
    return TieModel(weights, round(float(b[1] - b[0]), 5), tuple(types), tweights,
                    tuple(round(float(x), 5) for x in tb), threshold, max_per_article=MAX_PER_ARTICLE)


# ---- evaluation with score.py ----

def combine(d: DocData, model: TieModel | None, mode: str, thr: float, probs: list[float] | None = None,
            keep: float = 0.0) -> tuple:
    """The document's relations under ``mode`` ("rules", or a mode of ``combine_with_rules``)."""
    if mode == "rules" or model is None:
        return tuple(d.facts.relations)
    if probs is None:
        probs = [model.prob(fs) for fs in d.feats]
    return tuple(combine_with_rules(d.adoc, d.facts.entities, d.facts.times, d.facts.relations,
                                    model=dataclasses.replace(model, keep_rules_at=keep), mode=mode,
                                    threshold=thr, scored=list(zip(d.cands, probs, d.feats, strict=True))))


def evaluate(score, data: list[DocData], models: dict[str, TieModel] | None, mode: str, thr: float,  # noqa: ANN001
             cache: dict[str, list[float]] | None = None, keep: float = 0.0) -> dict:
    """score.py's pooled figures over ``data``; ``models`` maps doc id (or "") to the model scoring it."""
    tot = {"untyped": [0, 0, 0], "typed": [0, 0, 0]}
    for d in data:
        m = (models.get(d.doc.id) or models.get("")) if models else None
        probs = None
        if m is not None and cache is not None:
            probs = cache.setdefault(d.doc.id, [m.prob(fs) for fs in d.feats])
        rels = combine(d, m, mode, thr, probs, keep)
        c = score.score_doc(d.gold, facts_to_json(dataclasses.replace(d.facts, relations=rels)))
        for k in tot:
            tot[k] = [a + b for a, b in zip(tot[k], c[k], strict=True)]
    out = {}
    for k, (tp, fp, fn) in tot.items():
        p, r, f = score.prf(tp, fp, fn)
        out[k] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp_fp_fn": [tp, fp, fn]}
    return out


def cross_validate(score, data: list[DocData], l2: float, opt_w: float,  # noqa: ANN001
                   type_l2: float = 1.0) -> dict[str, TieModel]:
    """Out-of-fold models: each article is scored by the model trained on the other folds."""
    models: dict[str, TieModel] = {}
    for k in range(FOLDS):
        train = [d for i, d in enumerate(data) if i % FOLDS != k]
        m = train_model(train, l2, opt_w, type_l2=type_l2)
        for i, d in enumerate(data):
            if i % FOLDS == k:
                models[d.doc.id] = m
    return models


def line(name: str, r: dict) -> str:
    u, t = r["untyped"], r["typed"]
    return (f"  {name:34s} untyped P {u['p']:.3f} R {u['r']:.3f} F1 {u['f1']:.3f} {u['tp_fp_fn']}   "
            f"typed F1 {t['f1']:.3f} {t['tp_fp_fn']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "models" / "ties")
    ap.add_argument("--dry-run", action="store_true", help="measure only; write no model")
    ap.add_argument("--extra", type=Path, action="append", default=[],
                    help="more gold to learn from: a folder of *.gold.json without text (bench/gold/newsfa)")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "news-fa.jsonl",
                    help="the JSON Lines corpus the --extra gold was annotated on")
    a = ap.parse_args(argv)
    if not (a.eval / "score.py").exists():
        print(f"train_ties: {a.eval} has no score.py (needs ../shared/eval beside the project)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    score = load_scorer(a.eval)
    rows = read_split(a.eval / "train")
    for extra in a.extra:
        rows += read_extra(extra, a.corpus)
    train = prepare(score, rows)
    dev = prepare(score, read_split(a.eval / "dev"))
    n_inst = sum(len(d.labels) for d in train)
    n_pos = sum(lab[0] == "pos" for d in train for lab in d.labels)
    print(f"train: {len(train)} articles, {n_inst} candidates ({n_pos} on required gold ties); "
          f"dev: {len(dev)} articles ({time.perf_counter() - t0:.0f}s)")

    print(f"== {FOLDS}-fold cross-validation by article on train (threshold chosen per setting) ==")
    best: dict[str, tuple[float, float, float, float, dict]] = {}
    for l2 in GRID_L2:
        for opt_w in GRID_OPT:
            models = cross_validate(score, train, l2, opt_w)
            print(f"    cv l2={l2} opt={opt_w} ({time.perf_counter() - t0:.0f}s)", file=sys.stderr)
            cache: dict[str, list[float]] = {}
            for mode in MODES:
                for thr in THRESHOLDS:
                    for keep in (KEEP if mode == "gated" else (0.0,)):
                        r = evaluate(score, train, models, mode, thr, cache, keep)
                        f1 = r["untyped"]["f1"]
                        if mode not in best or f1 > best[mode][0]:
                            best[mode] = (f1, l2, opt_w, thr, keep, r)
    rules_cv = evaluate(score, train, None, "rules", 1.0)
    print(line("rules only", rules_cv))
    for mode, (_f1, l2, opt_w, thr, keep, r) in best.items():
        print(line(f"{mode} (l2={l2}, opt={opt_w}, thr={thr}, keep={keep})", r))

    choice = max(MODES, key=lambda m: (best[m][0], -MODES.index(m)))
    _f1, l2, opt_w, thr, keep, _r = best[choice]
    typed = {}
    for tl2 in GRID_TYPE_L2:
        # judged on the classifier's own pairs: in the combined modes rule types override many of them
        r = evaluate(score, train, cross_validate(score, train, l2, opt_w, tl2), "model", best["model"][3], {})
        typed[tl2] = r["typed"]["f1"]
        print(f"  type model l2={tl2}: CV typed F1 {typed[tl2]:.3f} (classifier only)")
    type_l2 = max(GRID_TYPE_L2, key=lambda x: (typed[x], -x))
    print(f"== dev (measured only; settings from train CV; recommended: {choice}) ==")
    dev_figs = {"rules": evaluate(score, dev, None, "rules", 1.0)}
    print(line("rules only", dev_figs["rules"]))
    final: dict[str, TieModel] = {}
    for mode in MODES:
        _f1, l2, opt_w, thr, keep, _r = best[mode]
        final[mode] = dataclasses.replace(train_model(train, l2, opt_w, thr, type_l2), combine=mode,
                                          keep_rules_at=keep)
        dev_figs[mode] = evaluate(score, dev, {"": final[mode]}, mode, thr, None, keep)
        print(line(f"{mode} (l2={l2}, opt={opt_w}, thr={thr}, keep={keep})", dev_figs[mode]))
    if a.dry_run:
        return 0
    write_model(a, final[choice], choice, best, rules_cv, dev_figs, n_inst, n_pos, type_l2, typed)
    print(f"wrote {a.out}/model.json and meta.json ({time.perf_counter() - t0:.0f}s)")
    return 0


def write_model(a: argparse.Namespace, model: TieModel, choice: str, best: dict, rules_cv: dict, dev_figs: dict,
                n_inst: int, n_pos: int, type_l2: float, typed_cv: dict[float, float]) -> None:
    a.out.mkdir(parents=True, exist_ok=True)
    _f1, l2, opt_w, thr, keep, _r = best[choice]
    weights = {"format": "relgraph-tieclf", "feature_version": FEATURE_VERSION, "threshold": thr,
               "combine": {"mode": choice, "keep_rules_at": keep, "max_per_article": MAX_PER_ARTICLE},
               "binary": {"bias": model.bias, "weights": dict(sorted(model.weights.items()))},
               "types": {"labels": list(model.types), "bias": list(model.type_bias),
                         "weights": {k: list(v) for k, v in sorted(model.type_weights.items())}}}
    (a.out / "model.json").write_text(json.dumps(weights, ensure_ascii=False, separators=(",", ":")) + "\n",
                                      encoding="utf-8")
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                check=False).stdout.strip()
    except OSError:
        commit = ""
    meta = {
        "model": "model.json", "feature_version": FEATURE_VERSION,
        "trained": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "code_commit": commit,
        "python": sys.version.split()[0], "numpy": np.__version__,
        "training_data": {"split": "../shared/eval/train", "sha256": checksums(a.eval / "train"),
                          "extra_gold": {str(e.relative_to(ROOT) if e.is_absolute() and e.is_relative_to(ROOT) else e):
                                         checksums(e) for e in a.extra},
                          "extra_corpus": {"path": "../shared/corpus/" + a.corpus.name,
                                           "sha256": hashlib.sha256(a.corpus.read_bytes()).hexdigest()}
                          if a.extra else None,
                          "candidates": n_inst, "positive_candidates": n_pos},
        "measured_on": {"split": "../shared/eval/dev", "sha256": checksums(a.eval / "dev")},
        "hyperparameters": {"l2": l2, "optional_weight": opt_w, "threshold": thr, "combine": choice,
                            "keep_rules_at": keep, "max_per_article": MAX_PER_ARTICLE, "type_l2": type_l2,
                            "type_l2_cv_typed_f1": {str(k): v for k, v in typed_cv.items()},
                            "optimizer": "full-batch Adam, lr 0.1, 250 steps", "min_feature_count": 2,
                            "folds": FOLDS, "fold_rule": "article i (sorted by id) in fold i % 5", "seed": SEED,
                            "grid": {"l2": GRID_L2, "type_l2": GRID_TYPE_L2, "optional_weight": GRID_OPT, "threshold": THRESHOLDS,
                                     "keep_rules_at": KEEP}},
        "cv_train": {"rules": rules_cv, **{m: {"l2": b[1], "optional_weight": b[2], "threshold": b[3],
                                               "keep_rules_at": b[4], **b[5]}
                                           for m, b in best.items()}},
        "dev": dev_figs,
        "features": len(model.weights), "type_labels": list(model.types),
    }
    (a.out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())

