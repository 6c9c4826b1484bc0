"""The CRF tagger's features: token normalisation, per-word strings, the gazetteer, per-sentence lists.

Split from ``relgraph.tagger`` (which re-exports these names) so that the model class, the full
feature strings used for training (``sentence_features``) and the filtered fast path used when
tagging (``relgraph.tagger_known``) each stay small. What the strings are and why: see the
``relgraph.tagger`` docstring; changing any of them needs ``FEATURE_VERSION`` bumped and a retrain.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

__all__ = ["Gazetteer", "hazm_word_freq", "normalize_token", "read_cues", "sentence_features", "token_features"]

_ZWNJ = "\u200c"
_FOLD = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا",
    _ZWNJ: " ", "\u200d": "", "ـ": "",
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
})
_DIACRITICS = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670"}


@lru_cache(maxsize=65536)
def normalize_token(token: str) -> str:
    """NFKC, Arabic→Persian letters, digits→ASCII, ZWNJ→space, no diacritics/tatweel, lowercase.

    Kept local and frozen (part of ``FEATURE_VERSION``) so the model never silently changes when a
    shared normaliser does.
    """
    text = unicodedata.normalize("NFKC", token).translate(_FOLD)
    if any(ch in _DIACRITICS for ch in text):
        text = "".join(ch for ch in text if ch not in _DIACRITICS)
    return text.lower().strip()


@lru_cache(maxsize=65536)
def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word:
        if ch.isdigit():
            c = "0"
        elif "a" <= ch <= "z":
            c = "a"
        elif "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
            c = "ف"
        elif ch == " ":
            c = "_"
        elif ch.isalpha():
            c = "x"
        else:
            c = "."
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _len_bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3" if n == 3 else "4-5" if n <= 5 else "6-8" if n <= 8 else "9+"


class Gazetteer:
    """Phrase → flag lookup (longest match over normalised tokens) plus hazm's word counts."""

    def __init__(self, entries: Iterable[tuple[str, str]], word_freq: dict[str, str] | None = None) -> None:
        phrases: dict[str, set[str]] = {}
        self._reach: dict[str, int] = {}  # first word → most words of a phrase starting with it
        for phrase, flag in entries:
            key = " ".join(normalize_token(phrase).split())
            if key:
                phrases.setdefault(key, set()).add(flag)
                first = key.split(" ", 1)[0]
                self._reach[first] = max(self._reach.get(first, 0), key.count(" ") + 1)
        self._phrases = {k: tuple(sorted(v)) for k, v in phrases.items()}
        self.flags: set[str] = {f for v in phrases.values() for f in v}
        self.word_freq = word_freq if word_freq is not None else {}
        self._cache: dict[str, _Word] = {}

    def word_features(self, token: str) -> _Word:
        """Context-free features of one token, cached (bounded) because news repeats its words."""
        hit = self._cache.get(token)
        if hit is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            hit = self._cache[token] = _word_features(token, self.word_freq)
        return hit

    def flags_for(self, norms: Sequence[str]) -> list[list[str]]:
        """Per token, the flags of every cue phrase covering it.

        Phrases are compared as space-joined normalised text, so «رئیس‌جمهور» (one token, ZWNJ) and
        «رئیس جمهور» (two tokens) both match either spelling in the cue list.
        """
        keys, reaches = zip(*map(self.key_of, norms), strict=True) if norms else ((), ())
        out: list[list[str]] = [[] for _ in norms]
        for i, flags in self.flags_at(keys, reaches).items():
            out[i] = flags
        return out

    def key_of(self, norm: str) -> tuple[str, int]:
        """A normalised token's phrase key and the most words a cue phrase starting with it has (0: none)."""
        key = " ".join(norm.split())
        return key, self._reach.get(key.partition(" ")[0], 0)

    def flags_at(self, keys: Sequence[str], reaches: Sequence[int]) -> dict[int, list[str]]:
        """``flags_for`` from per-token ``key_of`` results (which callers may cache), holding only
        the tokens that have flags: most tokens start no cue phrase and are skipped at once."""
        out: dict[int, list[str]] = {}
        n = len(keys)
        for i, reach in enumerate(reaches):
            if not reach:
                continue
            joined = ""
            for j in range(i, min(n, i + reach)):
                joined = keys[j] if j == i else f"{joined} {keys[j]}"
                for flag in self._phrases.get(joined, ()):
                    for t in range(i, j + 1):
                        have = out.setdefault(t, [])
                        if flag not in have:
                            have.append(flag)
        return out


def read_cues(path: Path) -> list[tuple[str, str]]:
    """Read ``phrase<TAB>FLAG`` lines; ``#`` starts a comment. Raises ValueError naming the bad line."""
    entries: list[tuple[str, str]] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip().isupper():
            raise ValueError(f"{path}:{lineno}: expected 'phrase<TAB>FLAG' (FLAG in capitals), got {raw!r}")
        entries.append((parts[0].strip(), parts[1].strip()))
    return entries


@lru_cache(maxsize=1)
def hazm_word_freq() -> dict[str, str]:
    """Word → corpus count (as digits) from hazm's bundled ``words.dat``, folded like our tokens.

    Whole-file ``str.replace`` + one regex keeps this ~0.3 s, so ``EntityTagger.load`` stays < 1 s.
    """
    from hazm.utils import default_words

    data = Path(default_words).read_text(encoding="utf-8")
    for src, dst in _FOLD.items():
        if chr(src) in data:
            data = data.replace(chr(src), dst or "")
    return dict(re.findall(r"^([^\t\n]+)\t(\d+)", data.lower(), re.M))


_Word = tuple[str, tuple[str, ...], tuple[str, ...]]

def _context(w: str) -> tuple[str, ...]:
    """The strings a word contributes to its neighbours' windows (w-2, w-1, w+1, w+2, s3-1, s3+1)."""
    return ("w-2=" + w, "w-1=" + w, "w+1=" + w, "w+2=" + w, "s3-1=" + w[-3:], "s3+1=" + w[-3:])


def _word_features(token: str, freq: dict[str, str] | None) -> _Word:
    """(digit-folded normalised word, context-free features, window strings); callers cache per token."""
    norm = normalize_token(token)
    w = "".join("0" if c.isdigit() else c for c in norm) if any(c.isdigit() for c in norm) else norm
    f = [
        "b", "w=" + w, "sh=" + _shape(w), "len=" + _len_bucket(len(w)),
        "p1=" + w[:1], "p2=" + w[:2], "p3=" + w[:3], "p4=" + w[:4],
        "s1=" + w[-1:], "s2=" + w[-2:], "s3=" + w[-3:], "s4=" + w[-4:],
    ]
    if _ZWNJ in token or " " in norm:
        f.append("zwnj")
    if freq:
        count = freq.get(norm)
        f.append("hz=oov" if count is None else f"hz={min(len(count) - 1, 7)}")
    return w, tuple(f), _context(w)


@lru_cache(maxsize=131072)
def _plain_word_features(token: str) -> _Word:
    return _word_features(token, None)


_BOS, _EOS = _context("<s>"), _context("</s>")


@lru_cache(maxsize=4096)
def _flag_names(flag: str) -> tuple[str, str, str]:
    return "x=" + flag, "x-1=" + flag, "x+1=" + flag


def sentence_features(
    tokens: Sequence[str], extra: Sequence[Sequence[str]] | None = None, gazetteer: Gazetteer | None = None
) -> list[list[str]]:
    """Feature strings for every token of one sentence.

    Per-word strings (including the ones a word lends to its neighbours' windows) are cached, so a
    sentence costs little more than list concatenation and two bigram joins per token.
    """
    n = len(tokens)
    cached = [gazetteer.word_features(t) if gazetteer else _plain_word_features(t) for t in tokens]
    names = _flag_name_lists(tokens, extra, gazetteer)
    ctx = [_BOS, _BOS, *(c[2] for c in cached), _EOS, _EOS]
    pad = ["<s>", *(c[0] for c in cached), "</s>"]
    feats: list[list[str]] = []
    for i in range(n):
        k = i + 2
        w = pad[i + 1]
        f = [*cached[i][1], ctx[k - 2][0], ctx[k - 1][1], ctx[k + 1][2], ctx[k + 2][3],
             "b-1=" + pad[i] + "|" + w, "b+1=" + w + "|" + pad[i + 2]]
        if i > 0:
            f.append(ctx[k - 1][4])
        if i + 1 < n:
            f.append(ctx[k + 1][5])
        if names:
            if names[i]:
                f.extend(x[0] for x in names[i])
            if i > 0 and names[i - 1]:
                f.extend(x[1] for x in names[i - 1])
            if i + 1 < n and names[i + 1]:
                f.extend(x[2] for x in names[i + 1])
        feats.append(f)
    return feats


def _flag_name_lists(tokens: Sequence[str], extra: Sequence[Sequence[str]] | None,
                     gazetteer: Gazetteer | None) -> list[list[tuple[str, str, str]]]:
    """Per token, the (own, left-neighbour, right-neighbour) feature names of its flags; [] when
    there is neither a gazetteer nor ``extra``."""
    n = len(tokens)
    if extra is not None and len(extra) != n:
        raise ValueError(f"extra has {len(extra)} entries for {n} tokens; pass one list of flags per token")
    flags: list[list[str]] = gazetteer.flags_for([normalize_token(t) for t in tokens]) if gazetteer else []
    if extra is not None:
        if not flags:
            flags = [[] for _ in tokens]
        for i, more in enumerate(extra):
            flags[i] = flags[i] + [f for f in more if f not in flags[i]]
    return [[_flag_names(f) for f in fl] for fl in flags]



def token_features(
    tokens: Sequence[str], i: int, extra: Sequence[Sequence[str]] | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[str]:
    """Features of token ``i`` (convenience; taggers use ``sentence_features`` for the whole sentence)."""
    return sentence_features(tokens, extra, gazetteer)[i]
