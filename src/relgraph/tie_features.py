"""Tie classifier candidates and features: every pair of entities named in one sentence, described by
how the two are written, never by who they are (used by ``relgraph.tieclf``; split from it to keep
each module small).

Why the per-sentence memo: every candidate pair of a sentence shares its words, and news "sentences"
run to hundreds of words with tens of pairs; the masked words, their feature strings and the cue
hits are built once per sentence instead of once per pair (the features are unchanged).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain

from relgraph.lexicon import normalize
from relgraph.mentions import Word, sentence_words
from relgraph.model import AnnotatedDoc, Entity, Sentence
from relgraph.relations import load_tie_rules

__all__ = ["FEATURE_VERSION", "Candidate", "candidates", "features"]

FEATURE_VERSION = "ties-feat-3"
_ACTORS = frozenset(("PERSON", "STATE", "ORG"))
_MARKERS = frozenset(normalize(w) for w in ("با", "به", "از", "علیه", "در", "میان", "بین", "برای", "توسط",
                                            "نزد", "بر", "و", "که", "را"))
_PREPS = frozenset(normalize(w) for w in ("با", "به", "از", "در", "علیه", "میان", "بین", "برای", "توسط", "نزد", "بر"))
_BOUNDARY = frozenset((";", ":", "؛", ".", "!", "?", "؟"))



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
    hits = _cue_hits(words)
    result = _Masked(keys, tuple("bw=" + k for k in keys), tuple(f"bv={x}" if "#" in x else None for x in lemmas),
                     tuple("l3=" + k for k in keys), tuple("r3=" + k for k in keys), hits,
                     tuple(dict.fromkeys(f"cue_any={label}" for _, label in hits)),
                     tuple((i, label, f"cue_in={label}", f"cue_after={label}", f"cue_before={label}",
                            f"cue_inside={label}") for i, label in hits), {})
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
    # per sentence, the cue strings every pair adds, so a pair only picks them (its features are a set)
    cue_any: tuple[str, ...]
    cue_where: tuple[tuple[int, str, str, str, str, str], ...]  # (index, label, in, after, before, inside)
    cue_pair: dict[str, tuple[str, ...]]  # unordered type pair → its "cue=LABEL:PAIR" strings, filled on use


_KNOWN_MEMO: list = [None, None, None]  # (sentence view, known set, its between-word strings) last asked about


def _known_between(view: _Masked, known: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """Per word, its between-the-pair strings (``bw=``, then ``bv=``) that ``known`` holds (often
    none): worked out once per sentence, not per pair."""
    memo = _KNOWN_MEMO
    if memo[0] is view and memo[1] is known:
        return memo[2]
    result = tuple(tuple(x for x in (bw, bv) if x is not None and x in known)
                   for bw, bv in zip(view.bw, view.bv, strict=True))
    memo[:] = [view, known, result]
    return result


def features(c: Candidate, known: frozenset[str] | None = None) -> list[str]:
    """The candidate's feature strings (deterministic; no names, keys or labels of entities).

    ``known``: only the strings in it, in the same sorted order (``TieModel.known``: strings the model
    has no weight for add nothing to its scores, and the words between a pair make most strings).
    """
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
        if known is None:
            f += view.bw[a1:b0]
            f += [x for x in view.bv[a1:b0] if x is not None]
        else:
            f += chain.from_iterable(_known_between(view, known)[a1:b0])
        if not _BOUNDARY.isdisjoint(between):
            f.append("boundary_between")
        if "و" in between:
            f.append("and_between")
    f += view.l3[max(0, a0 - 3):a0]
    f += view.r3[b1:b1 + 3]
    nxt = next((label for i, label in hits if i >= b1 and label not in ("SPEECH", "PLANNED", "NEGATED")), None)
    if nxt:
        f.append(f"cue_next={nxt}")  # Persian is verb-final: the trigger after the pair names its tie
    if hits:  # the same strings as one cue_any, cue_WHERE and cue per hit: f is a set in the end
        f += view.cue_any
        by_pair = view.cue_pair.get(upair)
        if by_pair is None:
            by_pair = view.cue_pair[upair] = tuple(dict.fromkeys(f"cue={label}:{upair}" for _, label in hits))
        f += by_pair
        for i, label, s_in, s_after, s_before, s_inside in view.cue_where:
            if a1 <= i < b0:
                f.append(s_in)
            elif i >= b1:
                f.append(s_after)
                if i - b1 <= 4:
                    f.append(f"cue_near={label}:{before_b}")
            elif i < a0:
                f.append(s_before)
            else:
                f.append(s_inside)
    if known is not None:
        return sorted(known.intersection(f))
    return sorted(set(f))
