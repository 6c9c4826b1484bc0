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
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import repeat
from pathlib import Path

from relgraph.lexicon import load_lexicon, normalize
from relgraph.mentions import Word, sentence_words
from relgraph.model import TIE_TYPES, AnnotatedDoc, Entity, Evidence, Relation, Sentence, TimeExpr
from relgraph.paths import data_path
from relgraph.relations import load_tie_rules

__all__ = [
    "FEATURE_VERSION", "Candidate", "TieModel", "TieModelError", "candidates", "features",
    "combine_with_rules", "load_model", "predict_ties", "scored_candidates", "ties_from_scored",
]

FEATURE_VERSION = "ties-feat-3"
_ACTORS = frozenset(("PERSON", "STATE", "ORG"))
_MARKERS = frozenset(normalize(w) for w in ("با", "به", "از", "علیه", "در", "میان", "بین", "برای", "توسط",
                                            "نزد", "بر", "و", "که", "را"))
_PREPS = frozenset(normalize(w) for w in ("با", "به", "از", "در", "علیه", "میان", "بین", "برای", "توسط", "نزد", "بر"))
_BOUNDARY = frozenset((";", ":", "؛", ".", "!", "?", "؟"))


class TieModelError(ValueError):
    """The tie model file is missing, malformed, or does not fit this code."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two entities named in one sentence; ``a`` is the one written first (closest mentions)."""

    a: Entity
    b: Entity
    sentence: Sentence
    words: tuple[Word, ...]
    a_span: tuple[int, int]  # word indices [start, end) of a's mention
    b_span: tuple[int, int]
    a_method: str
    b_method: str
    n_entities: int  # distinct entities named in the sentence
    subject: str | None  # id of the sentence's first actor not after a preposition
    pair_sentences: int  # sentences of the document naming both entities
    word_types: tuple[str | None, ...] = ()  # per word: the type of the entity mention covering it
    a_rank: int = 0  # rank of a by number of mentions among the document's entities (0 = most)
    b_rank: int = 0


def _word_spans(sent: Sentence, words: Sequence[Word], start: int, end: int) -> tuple[int, int] | None:
    idx = [i for i, w in enumerate(words) if sent.tokens[w.token].end > start and sent.tokens[w.token].start < end]
    return (idx[0], idx[-1] + 1) if idx else None


def candidates(adoc: AnnotatedDoc, entities: Sequence[Entity]) -> list[Candidate]:
    """Every pair of distinct entities with mentions in the same sentence, once per sentence."""
    by_sent: dict[int, list[tuple[Entity, object]]] = {}
    for e in entities:
        for m in e.mentions:
            by_sent.setdefault(m.sentence, []).append((e, m))
    placed: dict[int, list[tuple[Entity, tuple[int, int], str]]] = {}
    views: dict[int, tuple[Sentence, tuple[Word, ...]]] = {}
    for sent in adoc.sentences:
        if sent.index not in by_sent:
            continue
        words = tuple(sentence_words(sent))
        views[sent.index] = (sent, words)
        spans = []
        for e, m in by_sent[sent.index]:
            sp = _word_spans(sent, words, m.start, m.end)  # type: ignore[attr-defined]
            if sp is not None:
                spans.append((e, sp, m.method))  # type: ignore[attr-defined]
        placed[sent.index] = sorted(spans, key=lambda x: (x[1][0], -x[1][1], x[0].id))
    together: dict[frozenset[str], int] = {}
    for spans in placed.values():
        ids = sorted({e.id for e, _, _ in spans})
        for i, x in enumerate(ids):
            for y in ids[i + 1:]:
                together[frozenset((x, y))] = together.get(frozenset((x, y)), 0) + 1
    order = sorted(entities, key=lambda e: (-len(e.mentions), e.id))
    rank = {e.id: i for i, e in enumerate(order)}
    out: list[Candidate] = []
    for si, spans in sorted(placed.items()):
        sent, words = views[si]
        wtypes: list[str | None] = [None] * len(words)
        for e, (s0, s1), _ in spans:
            for i in range(s0, s1):
                wtypes[i] = wtypes[i] or e.type
        subject = next((e.id for e, sp, _ in spans if e.type in _ACTORS
                        and (sp[0] == 0 or words[sp[0] - 1].key not in _PREPS)), None)
        n_ent = len({e.id for e, _, _ in spans})
        word_types = tuple(wtypes)
        best: dict[tuple[str, str], tuple[int, Candidate]] = {}
        for i, (e1, s1, m1) in enumerate(spans):
            for e2, s2, m2 in spans[i + 1:]:
                if e1.id == e2.id:
                    continue
                gap = max(0, s2[0] - s1[1])
                key = tuple(sorted((e1.id, e2.id)))
                if key in best and best[key][0] <= gap:
                    continue
                best[key] = (gap, Candidate(e1, e2, sent, words, s1, s2, m1, m2, n_ent, subject,  # type: ignore[arg-type]
                                            together[frozenset(key)], word_types, rank[e1.id], rank[e2.id]))
        out.extend(c for _, c in (best[k] for k in sorted(best)))
    return out


def _bucket(n: int, edges: Sequence[int] = (0, 1, 2, 3, 5, 8, 13)) -> str:
    for e in reversed(edges):
        if n >= e:
            return f"{e}+"
    return "neg"


@cache
def _cues() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(phrase, label) for every trigger cue of ``data/rules/ties.yaml``: tie rules and structural cues."""
    r = load_tie_rules()
    out = [(c, rule.type) for rule in r.rules for c in rule.cues]
    for name, phrases in (("PARTICIPATE", r.participate), ("LOCATED", r.located), ("TOPIC", r.topic),
                          ("SPEECH", r.speech), ("PLANNED", r.planned), ("NEGATED", r.negation)):
        out.extend((c, name) for c in phrases)
    return tuple(out)


def _cue_hits(words: Sequence[Word]) -> tuple[tuple[int, str], ...]:
    return _cue_hits_keys(tuple(w.key for w in words))


@cache
def _cue_index() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Cue positions in ``_cues()`` by exact first word, plus those whose first word is a prefix
    (``word*``): a sentence word then only tries the few cues that can start with it."""
    by_first: dict[str, list[int]] = {}
    prefixed: list[int] = []
    for n, (phrase, _label) in enumerate(_cues()):
        if phrase[0].endswith("*"):
            prefixed.append(n)
        else:
            by_first.setdefault(phrase[0], []).append(n)
    return {k: tuple(v) for k, v in by_first.items()}, tuple(prefixed)


@lru_cache(maxsize=4096)
def _cue_hits_keys(keys: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """(word index, label) of every cue in a sentence (cached: every pair of a sentence asks), in
    word order, then in the order of ``_cues()``."""
    cues = _cues()
    by_first, prefixed = _cue_index()
    hits = []
    for i, first in enumerate(keys):
        exact = by_first.get(first, ())
        tried = sorted(exact + prefixed) if exact and prefixed else (exact or prefixed)
        for n in tried:
            phrase, label = cues[n]
            if i + len(phrase) > len(keys):
                continue
            if all(keys[i + k].startswith(p[:-1]) if p.endswith("*") else keys[i + k] == p
                   for k, p in enumerate(phrase)):
                hits.append((i, label))
    return tuple(hits)


def _side(e: Entity, other: Entity, tag: str) -> list[str]:
    f = [f"{tag}type={e.type}", f"{tag}mentions={_bucket(len(e.mentions), (1, 2, 3, 5))}"]
    if e.office:
        f.append(f"{tag}office")
    if e.state:
        f.append(f"{tag}has_state")
        if e.state == other.key:
            f.append("state_link")  # «وزیر خارجه ایران» … «ایران»: coref tied the person/org to this state
    if "|" not in e.key:
        f.append(f"{tag}linked")  # a lexicon entry, not a phrase found by a pattern
    return f


_MASK_MEMO: list = [None, None, None]  # (words, word_types, result) of the last sentence asked about


def _masked(words: tuple[Word, ...], word_types: tuple[str | None, ...]) -> _Masked:
    """Keys, feature strings and cue hits of a sentence with every word inside an entity mention replaced by
    ``<TYPE>``. Every candidate of a sentence shares ``words`` (the same tuple) and equal
    ``word_types``, so the last answer is kept and reused instead of rebuilding it for each pair:
    news sentences run to hundreds of words, and a sentence has tens of pairs."""
    memo = _MASK_MEMO
    if memo[0] is words and memo[1] == word_types:
        return memo[2]
    wt = word_types or (None,) * len(words)
    keys = tuple(x.key if t is None else f"<{t}>" for x, t in zip(words, wt, strict=True))
    lemmas = tuple(x.lemma if t is None else f"<{t}>" for x, t in zip(words, wt, strict=True))
    result = _Masked(keys, tuple("bw=" + k for k in keys), tuple(f"bv={x}" if "#" in x else None for x in lemmas),
                     tuple("l3=" + k for k in keys), tuple("r3=" + k for k in keys), _cue_hits(words))
    memo[:] = [words, word_types, result]
    return result


@dataclass(frozen=True, slots=True)
class _Masked:
    """A sentence as tie features see it, and the per-word feature strings built once per sentence."""

    keys: tuple[str, ...]
    bw: tuple[str, ...]  # "bw=" + key
    bv: tuple[str | None, ...]  # "bv=" + lemma for verb lemmas («کرد#کن»), else None
    l3: tuple[str, ...]
    r3: tuple[str, ...]
    hits: tuple[tuple[int, str], ...]


def features(c: Candidate) -> list[str]:
    """The candidate's feature strings (deterministic; no names, keys or labels of entities)."""
    # a word inside another entity's mention is replaced by that entity's type: no names as features
    view = _masked(c.words, c.word_types)
    keys, hits = view.keys, view.hits
    (a0, a1), (b0, b1) = c.a_span, c.b_span
    ta, tb = c.a.type, c.b.type
    pair = f"{ta}>{tb}"
    upair = "|".join(sorted((ta, tb)))
    gap = max(0, b0 - a1)
    f = ["bias", f"pair={pair}", f"upair={upair}", f"gap={_bucket(gap)}", f"upair_gap={upair}:{_bucket(gap, (0, 3, 8))}",
         f"nent={_bucket(c.n_entities, (2, 3, 4, 6, 9))}", f"together={_bucket(c.pair_sentences, (1, 2, 3, 5))}",
         f"ma={c.a_method.split(':')[0]}", f"mb={c.b_method.split(':')[0]}"]
    if c.sentence.index == 0:
        f.append("title")
    if a1 > b0:
        f.append("nested")
    f += _side(c.a, c.b, "a_") + _side(c.b, c.a, "b_")
    f += [f"a_rank={_bucket(c.a_rank, (0, 1, 2, 4, 8))}", f"b_rank={_bucket(c.b_rank, (0, 1, 2, 4, 8))}",
          f"top_pair={min(c.a_rank, c.b_rank) <= 1}:{max(c.a_rank, c.b_rank) <= 3}"]
    before_a = keys[a0 - 1] if a0 > 0 else "<s>"
    before_b = keys[b0 - 1] if b0 > 0 else "<s>"
    after_b = keys[b1] if b1 < len(keys) else "</s>"
    after_a = keys[a1] if a1 < len(keys) else "</s>"
    f += [f"pa={before_a}", f"pb={before_b}", f"na={after_a}", f"nb={after_b}",
          f"pb_pair={pair}:{before_b}", f"pa_pair={pair}:{before_a}"]
    if before_b in _MARKERS:
        f.append(f"mark_b={before_b}:{tb}")
    if before_a in _MARKERS:
        f.append(f"mark_a={before_a}:{ta}")
    if c.subject == c.a.id:
        f.append(f"a_subject:{pair}")
    elif c.subject == c.b.id:
        f.append(f"b_subject:{pair}")
    if b0 > a1:
        between = keys[a1:b0]
        f += view.bw[a1:b0]
        f += [x for x in view.bv[a1:b0] if x is not None]
        if not _BOUNDARY.isdisjoint(between):
            f.append("boundary_between")
        if "و" in between:
            f.append("and_between")
    f += view.l3[max(0, a0 - 3):a0]
    f += view.r3[b1:b1 + 3]
    nxt = next((label for i, label in hits if i >= b1 and label not in ("SPEECH", "PLANNED", "NEGATED")), None)
    if nxt:
        f.append(f"cue_next={nxt}")  # Persian is verb-final: the trigger after the pair names its tie
    for i, label in hits:
        f.append(f"cue_any={label}")
        where = "in" if a1 <= i < b0 else ("after" if i >= b1 else ("before" if i < a0 else "inside"))
        f.append(f"cue_{where}={label}")
        f.append(f"cue={label}:{upair}")
        if where == "after" and i - b1 <= 4:
            f.append(f"cue_near={label}:{before_b}")
    return sorted(set(f))


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
        return cls(w, b, types, tw, tb, thr, where, mode, keep)


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


def scored_candidates(adoc: AnnotatedDoc, entities: Sequence[Entity],
                      model: TieModel | None = None) -> list[tuple[Candidate, float, list[str]]]:
    """Every candidate with its tie probability and features (for evaluation and threshold search)."""
    m = model or load_model()
    out = []
    for c in candidates(adoc, entities):
        feats = features(c)
        out.append((c, m.prob(feats), feats))
    return out


def predict_ties(adoc: AnnotatedDoc, entities: Sequence[Entity], times: Sequence[TimeExpr] = (), *,
                 model: TieModel | None = None, threshold: float | None = None) -> list[Relation]:
    """Ties the model finds: one Relation per entity pair whose best sentence scores ≥ the threshold."""
    m = model or load_model()
    return ties_from_scored(adoc, scored_candidates(adoc, entities, m), m, times, threshold)


def ties_from_scored(adoc: AnnotatedDoc, scored: Sequence[tuple[Candidate, float, list[str]]], model: TieModel,
                     times: Sequence[TimeExpr] = (), threshold: float | None = None) -> list[Relation]:
    """Relations from already scored candidates (lets training try many thresholds cheaply)."""
    thr = model.threshold if threshold is None else threshold
    best: dict[tuple[str, str], tuple[float, Candidate, list[str]]] = {}
    for c, p, feats in scored:
        k = (min(c.a.id, c.b.id), max(c.a.id, c.b.id))
        if p >= thr and (k not in best or p > best[k][0]):
            best[k] = (p, c, feats)
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
        scored = scored_candidates(adoc, entities, m)
    ml = ties_from_scored(adoc, scored, m, times, threshold)
    if mode == "model":
        return ml
    rules = list(rule_relations)
    if mode == "gated":
        best: dict[frozenset[str], float] = {}
        for c, p, _ in scored:
            k = frozenset((c.a.id, c.b.id))
            best[k] = max(p, best.get(k, 0.0))
        rules = [r for r in rules if best.get(frozenset((r.source, r.target)), 1.0) >= m.keep_rules_at]
    have = {frozenset((r.source, r.target)) for r in rules if r.modality != "negated"}
    return rules + [r for r in ml if frozenset((r.source, r.target)) not in have]
