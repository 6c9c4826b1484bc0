"""The tagger's fast path: each sentence's feature strings less those the model has no weight for,
as UTF-8 bytes, built from per-word caches.

Why each step (together they about halve the tagger's cost per article, with the very same tags and
marginals, ``tests/test_tagger.py`` checks):

- strings the model lacks (``relgraph.tagger_attrs``) are left out *in order*, so crfsuite adds up
  the same weights in the same order;
- pycrfsuite encodes every ``str`` it is given into a new UTF-8 ``bytes``; ``bytes`` go straight
  through, so each word's strings are encoded once, when the word is first seen;
- a word's own strings, the strings it lends its neighbours' windows and its gazetteer key are
  cached across sentences (news repeats its words), and so is each pair of neighbours' bigram;
- nearly all bigrams are unknown: only words seen in a known bigram can make one.
"""

from __future__ import annotations

from collections.abc import Sequence

from relgraph.tagger_features import (
    _BOS,
    _EOS,
    Gazetteer,
    _flag_names,
    _plain_word_features,
    normalize_token,
)

__all__ = ["KnownFeatures"]

_Strings = tuple[bytes, ...]
# (word, own strings, window strings lent to neighbours (None: unknown), can make a known bigram,
#  gazetteer phrase key, reach of cue phrases starting with it)
_KnownWord = tuple[str, _Strings, tuple[bytes | None, ...], bool, str, int]
_CACHE_LIMIT = 200_000  # words (or bigrams) kept before a cache is emptied


class KnownFeatures:
    """Feature strings of one model (its ``known`` attributes) and gazetteer, with their caches."""

    def __init__(self, known: frozenset[str], gazetteer: Gazetteer | None) -> None:
        self.known = known
        self.gazetteer = gazetteer
        self._paired = frozenset(part for a in known if a.startswith(("b-1=", "b+1="))
                                 for part in a[4:].split("|"))
        self._bos, self._eos = self._encoded(_BOS), self._encoded(_EOS)
        self._words: dict[str, _KnownWord] = {}
        self._bigrams: dict[tuple[str, str], tuple[bytes | None, bytes | None]] = {}
        self._flags: dict[str, tuple[bytes | None, ...]] = {}

    def _encoded(self, strings: Sequence[str]) -> tuple[bytes | None, ...]:
        """Each string as UTF-8, or None where the model has no weight for it."""
        return tuple(s.encode() if s in self.known else None for s in strings)

    def _word(self, token: str) -> _KnownWord:
        gaz = self.gazetteer
        w, own, around = gaz.word_features(token) if gaz else _plain_word_features(token)
        key, reach = gaz.key_of(normalize_token(token)) if gaz else ("", 0)
        if len(self._words) > _CACHE_LIMIT:
            self._words.clear()
        hit = self._words[token] = (w, tuple(s.encode() for s in own if s in self.known), self._encoded(around),
                                    w in self._paired or "|" in w, key, reach)
        return hit

    def _bigram(self, a: str, b: str) -> tuple[bytes | None, bytes | None]:
        """(``b-1=a|b``, ``b+1=a|b``) where known: the b-1 string of b's token and the b+1 of a's."""
        hit = self._bigrams.get((a, b))
        if hit is None:
            if len(self._bigrams) > _CACHE_LIMIT:
                self._bigrams.clear()
            pair = a + "|" + b
            hit = self._bigrams[(a, b)] = self._encoded(("b-1=" + pair, "b+1=" + pair))  # type: ignore[assignment]
        return hit  # type: ignore[return-value]

    def sentence(self, tokens: Sequence[str], extra: Sequence[Sequence[str]] | None = None) -> list[_Strings]:
        """``sentence_features(tokens, extra, gazetteer)`` less the unknown strings, UTF-8 encoded."""
        n = len(tokens)
        if extra is not None and len(extra) != n:
            raise ValueError(f"extra has {len(extra)} entries for {n} tokens; pass one list of flags per token")
        if not n:
            return []
        words = self._words
        cached = [words.get(t) or self._word(t) for t in tokens]
        pad = ["<s>", *[c[0] for c in cached], "</s>"]
        pairs = [True, *[c[3] for c in cached], True]
        none = (None, None)
        grams = [self._bigram(pad[j], pad[j + 1]) if pairs[j] and pairs[j + 1] else none for j in range(n + 1)]
        ctx = [self._bos, self._bos, *[c[2] for c in cached], self._eos, self._eos]
        # token i sits at ctx[i + 2]: w-2 of the word two before, w-1 of the one before, w+1, w+2 of
        # those after, its two bigrams, then the 3-letter suffixes of its neighbours (inside the sentence)
        columns = zip(
            [c[0] for c in ctx[:n]], [c[1] for c in ctx[1 : n + 1]], [c[2] for c in ctx[3 : n + 3]],
            [c[3] for c in ctx[4 : n + 4]], [g[0] for g in grams[:n]], [g[1] for g in grams[1:]],
            [None, *[c[4] for c in ctx[2 : n + 1]]], [*[c[5] for c in ctx[3 : n + 2]], None], strict=True,
        )
        # None marks a string the model lacks; filter(None, …) drops them in C, keeping the order
        feats = [c[1] + tuple(filter(None, col)) for c, col in zip(cached, columns, strict=True)]
        flags = self.gazetteer.flags_at([c[4] for c in cached], [c[5] for c in cached]) if self.gazetteer else {}
        if extra is not None:
            for i, more in enumerate(extra):
                have = flags.get(i, [])
                if add := [f for f in more if f not in have]:
                    flags[i] = have + add
        if flags:
            self._add_flags(feats, flags)
        return feats

    def _add_flags(self, feats: list[_Strings], flags: dict[int, list[str]]) -> None:
        """Append to each token near a flag: its own flags, then its left and right neighbours' ones."""
        n = len(feats)
        names = {i: [self._flag(f) for f in fl] for i, fl in flags.items()}
        for i in sorted({j for at in flags for j in (at - 1, at, at + 1) if 0 <= j < n}):
            more = [x[0] for x in names.get(i, ())]
            more += [x[1] for x in names.get(i - 1, ())]
            more += [x[2] for x in names.get(i + 1, ())]
            if more := [x for x in more if x is not None]:
                feats[i] += tuple(more)

    def _flag(self, flag: str) -> tuple[bytes | None, ...]:
        hit = self._flags.get(flag)
        if hit is None:
            hit = self._flags[flag] = self._encoded(_flag_names(flag))
        return hit
