"""A learned tie classifier: scores every pair of entities named in one sentence.

Why: the trigger rules of ``relations.py`` need a trigger word *and* a marker in the right place, so
they miss most ties the gold annotates (POSITION, PARTICIPATE, CRITICIZE, LOCATED, …) and the
lexicon of cues can never list every phrasing. This module learns, from the annotated train/
articles, which co-occurring entity pairs the text ties, from features that describe *how* the two
are written (entity types, order, distance, words and markers around them, trigger words, subject
position, the office/state links coref found) and never *who* they are: no entity label, key or
article name is a feature, so the model carries over to unseen news.

Two linear models, stored as plain JSON (``data/models/ties/model.json``) and applied in pure
Python: a binary logistic regression (is the pair tied?) and a multinomial one (which tie type?).
Candidates are scored per sentence; a pair of entities keeps its best sentence. Training:
``scripts/train_ties.py`` (metadata, data checksums and figures in ``data/models/ties/meta.json``).
Candidates and their features live in ``relgraph.tie_features`` (re-exported here).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import repeat
from pathlib import Path

from relgraph.lexicon import load_lexicon
from relgraph.model import TIE_TYPES, AnnotatedDoc, Entity, Evidence, Relation, TimeExpr
from relgraph.paths import data_path
from relgraph.relations import is_news_outlet
from relgraph.tie_features import FEATURE_VERSION, Candidate, candidates, features

__all__ = [
    "FEATURE_VERSION", "Candidate", "TieModel", "TieModelError", "candidates", "features",
    "combine_with_rules", "load_model", "predict_ties", "scored_candidates", "ties_from_scored",
]

class TieModelError(ValueError):
    """The tie model file is missing, malformed, or does not fit this code."""


@dataclass(frozen=True)
class TieModel:
    """Binary tie weights, per-type weights, and the decision threshold."""

    weights: dict[str, float]
    bias: float
    types: tuple[str, ...]
    type_weights: dict[str, tuple[float, ...]]
    type_bias: tuple[float, ...]
    threshold: float
    path: str = "<memory>"
    combine: str = "gated"  # how combine_with_rules merges: "model", "union" or "gated"
    keep_rules_at: float = 0.0  # "gated": a rule tie whose pair scores below this is dropped
    max_per_article: int | None = None  # the model's own ties kept per article, best first (None: all)

    @cached_property
    def known(self) -> frozenset[str]:
        """Feature strings with a binary or a type weight: the others change no score, so
        ``features(c, model.known)`` gives the same probabilities and types, faster."""
        return frozenset(self.weights) | frozenset(self.type_weights)

    def prob(self, feats: Sequence[str]) -> float:
        z = self.bias + sum(map(self.weights.get, feats, repeat(0.0)))  # same sum, in the same order
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def type_probs(self, feats: Sequence[str]) -> dict[str, float]:
        z = list(self.type_bias)
        for x in feats:
            row = self.type_weights.get(x)
            if row:
                z = [a + b for a, b in zip(z, row, strict=True)]
        top = max(z)
        ex = [math.exp(v - top) for v in z]
        s = sum(ex)
        return {t: v / s for t, v in zip(self.types, ex, strict=True)}

    @classmethod
    def from_json(cls, raw: dict, where: str = "<memory>") -> TieModel:
        """Check the model's shape; a bad file gets an error naming it and what to do."""
        def bad(why: str) -> TieModelError:
            return TieModelError(f"tie model {where}: {why}; retrain with `python scripts/train_ties.py`")

        if not isinstance(raw, dict) or raw.get("format") != "relgraph-tieclf":
            raise bad("not a relgraph-tieclf model (missing 'format': 'relgraph-tieclf')")
        if raw.get("feature_version") != FEATURE_VERSION:
            raise bad(f"trained with features {raw.get('feature_version')!r} but this code computes {FEATURE_VERSION!r}")
        try:
            types = tuple(raw["types"]["labels"])
            tw = {k: tuple(float(x) for x in v) for k, v in raw["types"]["weights"].items()}
            tb = tuple(float(x) for x in raw["types"]["bias"])
            w = {k: float(v) for k, v in raw["binary"]["weights"].items()}
            b, thr = float(raw["binary"]["bias"]), float(raw["threshold"])
            comb = raw.get("combine") or {}
            mode, keep = str(comb.get("mode", "union")), float(comb.get("keep_rules_at", 0.0))
            most = comb.get("max_per_article")
            most = None if most is None else int(most)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise bad(f"missing or malformed field ({type(exc).__name__}: {exc})") from exc
        unknown = [t for t in types if t not in TIE_TYPES]
        if not types or unknown:
            raise bad(f"type labels {unknown or 'empty'} are not tie types {TIE_TYPES}")
        if len(tb) != len(types):
            raise bad(f"types.bias has {len(tb)} values for {len(types)} type labels")
        wrong = next((k for k, v in tw.items() if len(v) != len(types)), None)
        if wrong is not None:
            raise bad(f"types.weights[{wrong!r}] has {len(tw[wrong])} values for {len(types)} type labels")
        if not 0.0 <= thr <= 1.0 or not 0.0 <= keep <= 1.0:
            raise bad(f"threshold {thr} / keep_rules_at {keep} is not a probability")
        if mode not in ("model", "union", "gated"):
            raise bad(f"combine mode {mode!r} is not one of model, union, gated")
        if most is not None and most < 1:
            raise bad(f"combine.max_per_article {most} is not a positive number of ties")
        return cls(w, b, types, tw, tb, thr, where, mode, keep, most)


def load_model(path: Path | None = None) -> TieModel:
    """The committed model (``data/models/ties/model.json``) or the one at ``path``."""
    return _load(str(path or data_path("models", "ties", "model.json")))


@cache
def _load(path: str) -> TieModel:
    p = Path(path)
    if not p.exists():
        raise TieModelError(f"tie model {p} not found; train it with `python scripts/train_ties.py`")
    try:
        raw = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise TieModelError(f"tie model {p} is not readable JSON ({exc}); retrain with "
                            "`python scripts/train_ties.py`") from exc
    return TieModel.from_json(raw, str(p))


_DIRECTED = {"POSITION": ("PERSON",), "MEMBER": ("ORG", "PERSON"), "PARTICIPATE": ("PERSON", "STATE", "ORG"),
             "LOCATED": ("EVENT", "AGREEMENT"), "TOPIC": ("AGREEMENT", "EVENT")}


def _direction(c: Candidate, ttype: str) -> tuple[Entity, Entity]:
    """Source first: the office holder, the member, the participant, the event; else the subject / first."""
    first = _DIRECTED.get(ttype)
    if first:
        if c.b.type in first and c.a.type not in first:
            return c.b, c.a
        return c.a, c.b
    if c.subject == c.b.id:
        return c.b, c.a
    return c.a, c.b


def scored_candidates(adoc: AnnotatedDoc, entities: Sequence[Entity], model: TieModel | None = None, *,
                      known_only: bool = False) -> list[tuple[Candidate, float, list[str]]]:
    """Every candidate the classifier judges (no place, no news outlet) with its tie probability and
    features (``known_only``: only the features the model has weights for, enough to score and type
    ties). The others are not scored at all: their features would be built for nothing."""
    m = model or load_model()
    known = m.known if known_only else None
    out = []
    for c in candidates(adoc, entities):
        if not _judged(c):
            continue
        feats = features(c, known)
        out.append((c, m.prob(feats), feats))
    return out


def predict_ties(adoc: AnnotatedDoc, entities: Sequence[Entity], times: Sequence[TimeExpr] = (), *,
                 model: TieModel | None = None, threshold: float | None = None) -> list[Relation]:
    """Ties the model finds: one Relation per entity pair whose best sentence scores ≥ the threshold."""
    m = model or load_model()
    return ties_from_scored(adoc, scored_candidates(adoc, entities, m), m, times, threshold)


# Places are tied by the rules only (an event held there, a visit to it, a name that holds it): the
# classifier saw too few place pairs in train/ and on dev and newsfa its place ties were all wrong.
# News outlets too: named as the source in most articles («به گزارش خبرگزاری فرانسه»), their
# co-occurrence with a state says nothing (``relations.is_news_outlet``); rules still tie them where they act.
_RULES_ONLY = frozenset({"LOC"})


def _judged(c: Candidate) -> bool:
    """Whether the classifier speaks for this pair (not a place, not a news outlet)."""
    return not (c.a.type in _RULES_ONLY or c.b.type in _RULES_ONLY or is_news_outlet(c.a) or is_news_outlet(c.b))


def ties_from_scored(adoc: AnnotatedDoc, scored: Sequence[tuple[Candidate, float, list[str]]], model: TieModel,
                     times: Sequence[TimeExpr] = (), threshold: float | None = None) -> list[Relation]:
    """Relations from already scored candidates (lets training try many thresholds cheaply)."""
    thr = model.threshold if threshold is None else threshold
    best: dict[tuple[str, str], tuple[float, Candidate, list[str]]] = {}
    for c, p, feats in scored:
        if not _judged(c):
            continue
        k = (min(c.a.id, c.b.id), max(c.a.id, c.b.id))
        if p >= thr and (k not in best or p > best[k][0]):
            best[k] = (p, c, feats)
    if model.max_per_article is not None and len(best) > model.max_per_article:
        # the annotation guidelines keep to about 3–15 ties per article, those that matter: a long
        # article's weakest pairs are the likeliest to be noise
        kept = sorted(best, key=lambda k: (-best[k][0], k))[: model.max_per_article]
        best = {k: best[k] for k in kept}
    defaults = load_lexicon().tie_defaults
    out: list[Relation] = []
    for k in sorted(best):
        p, c, feats = best[k]
        probs = model.type_probs(feats)
        ttype = max(model.types, key=lambda t: (probs[t], t))
        src, tgt = _direction(c, ttype)
        cameo, plover = defaults.get(ttype, (None, None))
        s = c.sentence
        date = next((t.value for t in times if s.start <= t.start < s.end), None)
        ev = Evidence(doc=adoc.doc.id, sentence=s.index, start=s.start, end=s.end,
                      text=adoc.doc.text[s.start:s.end], method="model:ties", confidence=round(p, 4))
        out.append(Relation(type=ttype, source=src.id, target=tgt.id, evidence=ev, date=date,
                            cameo=cameo, plover=plover, trigger=None))
    return out


def combine_with_rules(adoc: AnnotatedDoc, entities: Sequence[Entity], times: Sequence[TimeExpr],
                       rule_relations: Sequence[Relation], *, model: TieModel | None = None,
                       mode: str | None = None, threshold: float | None = None,
                       scored: Sequence[tuple[Candidate, float, list[str]]] | None = None) -> list[Relation]:
    """The rule ties and the model's, merged the way train-set cross-validation found best (model.json).

    "model": the model's ties only; "union": the rule ties plus the model's ties for pairs the rules
    lack; "gated": like union, but a rule tie between two entities named in one sentence is kept only
    when the model gives that pair at least ``keep_rules_at`` (rule ties between entities never named
    together, such as an official's POSITION, are always kept). Where both have a pair, the rule's
    type and trigger win: rules are more precise about the kind of tie.
    """
    m = model or load_model()
    mode = mode or m.combine
    if scored is None:
        scored = scored_candidates(adoc, entities, m, known_only=True)
    ml = ties_from_scored(adoc, scored, m, times, threshold)
    if mode == "model":
        return ml
    rules = list(rule_relations)
    if mode == "gated":
        best: dict[frozenset[str], float] = {}
        for c, p, _ in scored:
            if _judged(c):  # the model does not judge place or news-outlet ties: their rules stand
                k = frozenset((c.a.id, c.b.id))
                best[k] = max(p, best.get(k, 0.0))
        rules = [r for r in rules if best.get(frozenset((r.source, r.target)), 1.0) >= m.keep_rules_at]
    have = {frozenset((r.source, r.target)) for r in rules if r.modality != "negated"}
    return rules + [r for r in ml if frozenset((r.source, r.target)) not in have]
