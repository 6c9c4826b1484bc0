"""Phrase lists as data, matched on a sentence's normalised words.

Rule files list cue phrases («سفر», «اظهار داشت», «همکاری*»); ``phrases`` turns them into word tuples
(a trailing ``*`` matches any word starting with the stem) and ``find`` returns every span where one
occurs, looking phrases up by their first word so that long cue lists stay cheap.
"""

from __future__ import annotations

from collections.abc import Sequence

from relgraph.lexicon import normalize
from relgraph.model import Word

__all__ = ["find", "find_each", "match", "phrases"]


def phrases(items: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    out = []
    for x in items:
        star = x.endswith("*")
        words = normalize(x.rstrip("*")).split()
        if words:
            if star:
                words[-1] += "*"
            out.append(tuple(words))
    return tuple(out)


def match(words: Sequence[Word], i: int, phrase: tuple[str, ...]) -> bool:
    if i + len(phrase) > len(words):
        return False
    for k, p in enumerate(phrase):
        w = words[i + k].key
        if p.endswith("*"):
            if not w.startswith(p[:-1]):
                return False
        elif w != p:
            return False
    return True


_INDEXES: dict[int, tuple[object, tuple]] = {}  # id(phrase list) → (the list, its index); lists live long


def _phrase_index(phrases: Sequence[tuple[str, ...]]
                  ) -> tuple[dict[str, tuple[tuple[int, tuple[str, ...]], ...]], tuple[tuple[int, str, tuple[str, ...]], ...]]:
    """Phrases by their first word (exact), plus those whose first word is a prefix pattern («همکاری*»),
    each with its position in the list.

    Keyed by the list's identity (rule lists are built once and kept), not by hashing the list: a
    tuple does not cache its hash, and rehashing hundreds of cue phrases on every sentence and rule
    cost more than matching them.
    """
    got = _INDEXES.get(id(phrases))
    if got is not None and got[0] is phrases:
        return got[1]
    exact: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    starred: list[tuple[int, str, tuple[str, ...]]] = []
    for n, p in enumerate(phrases):
        if p[0].endswith("*"):
            starred.append((n, p[0][:-1], p))
        else:
            exact.setdefault(p[0], []).append((n, p))
    index = ({k: tuple(v) for k, v in exact.items()}, tuple(starred))
    if len(_INDEXES) > 4096:
        _INDEXES.clear()
    _INDEXES[id(phrases)] = (phrases, index)
    return index


_POSITIONS: list = [None, None]  # (words, {key: [indices]}) of the last sentence asked about


def _positions(words: Sequence[Word]) -> dict[str, list[int]]:
    """Word key → its indices in ``words``; the last sentence's answer is reused (every rule asks)."""
    if _POSITIONS[0] is words:
        return _POSITIONS[1]
    pos: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        pos.setdefault(w.key, []).append(i)
    _POSITIONS[:] = [words, pos]
    return pos


def find(words: Sequence[Word], phrases: Sequence[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Every (start, end) word span where one of ``phrases`` occurs, by start word, then exact
    phrases before prefix ones, then list order.

    Exact phrases are looked up from the sentence's own word positions (whichever of the two
    tables is smaller is walked), so a long sentence no longer costs one lookup per word per rule.
    """
    exact, starred = _phrase_index(phrases)
    hits: list[tuple[int, int, int, int]] = []
    if exact:
        pos = _positions(words)
        pairs = ((k, pos.get(k)) for k in exact) if len(exact) <= len(pos) else ((k, v) for k, v in pos.items())
        for key, where in pairs:
            plist = exact.get(key) if where else None
            if not plist:
                continue
            for i in where:
                for n, p in plist:
                    if match(words, i, p):
                        hits.append((i, 0, n, i + len(p)))
    if starred:
        for i, w in enumerate(words):
            for n, stem, p in starred:
                if w.key.startswith(stem) and match(words, i, p):
                    hits.append((i, 1, n, i + len(p)))
    hits.sort()
    return [(i, end) for i, _, _, end in hits]


_COMBINED: dict[int, tuple[object, tuple]] = {}  # id(tuple of phrase lists) → (the tuple, its index)


def find_each(words: Sequence[Word], lists: Sequence[Sequence[tuple[str, ...]]]) -> list[list[tuple[int, int]]]:
    """``[find(words, ps) for ps in lists]`` in one pass over the sentence's words.

    The tie rules ask ``find`` once per rule and sentence (a dozen lists); most of each call was
    its own set-up. One index of all the lists' phrases by first word (kept by the tuple's identity,
    as ``_phrase_index`` keeps a list) answers every list from the same walk. Hits sort as in ``find``.
    """
    got = _COMBINED.get(id(lists))
    if got is None or got[0] is not lists:
        exact: dict[str, list[tuple[int, int, tuple[str, ...]]]] = {}
        starred: list[tuple[int, int, str, tuple[str, ...]]] = []
        for li, ps in enumerate(lists):
            for n, p in enumerate(ps):
                if p[0].endswith("*"):
                    starred.append((li, n, p[0][:-1], p))
                else:
                    exact.setdefault(p[0], []).append((li, n, p))
        if len(_COMBINED) > 64:
            _COMBINED.clear()
        got = _COMBINED[id(lists)] = (lists, (exact, tuple(starred)))
    exact, starred = got[1]
    hits: list[list[tuple[int, int, int, int]]] = [[] for _ in lists]
    for key, where in _positions(words).items():
        plist = exact.get(key)
        if plist:
            for i in where:
                for li, n, p in plist:
                    if match(words, i, p):
                        hits[li].append((i, 0, n, i + len(p)))
    if starred:
        for i, w in enumerate(words):
            for li, n, stem, p in starred:
                if w.key.startswith(stem) and match(words, i, p):
                    hits[li].append((i, 1, n, i + len(p)))
    out = []
    for h in hits:
        h.sort()
        out.append([(i, end) for i, _, _, end in h])
    return out
