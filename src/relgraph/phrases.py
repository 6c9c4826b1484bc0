"""Phrase lists as data, matched on a sentence's normalised words.

Rule files list cue phrases («سفر», «اظهار داشت», «همکاری*»); ``phrases`` turns them into word tuples
(a trailing ``*`` matches any word starting with the stem) and ``find`` returns every span where one
occurs, looking phrases up by their first word so that long cue lists stay cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from relgraph.lexicon import normalize
from relgraph.model import Word

__all__ = ["find", "match", "phrases"]


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


@lru_cache(maxsize=256)
def _phrase_index(phrases: tuple[tuple[str, ...], ...]) -> tuple[dict[str, list[tuple[str, ...]]], list[tuple[str, ...]]]:
    """Phrases by their first word (exact), plus those whose first word is a prefix pattern («همکاری*»)."""
    exact: dict[str, list[tuple[str, ...]]] = {}
    starred: list[tuple[str, ...]] = []
    for p in phrases:
        if p[0].endswith("*"):
            starred.append(p)
        else:
            exact.setdefault(p[0], []).append(p)
    return exact, starred


def find(words: Sequence[Word], phrases: Sequence[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Every (start, end) word span where one of ``phrases`` occurs."""
    exact, starred = _phrase_index(tuple(phrases))
    out: list[tuple[int, int]] = []
    for i, w in enumerate(words):
        for p in exact.get(w.key, ()):
            if match(words, i, p):
                out.append((i, i + len(p)))
        for p in starred:
            if w.key.startswith(p[0][:-1]) and match(words, i, p):
                out.append((i, i + len(p)))
    return out
