"""CRF named-entity tagger for Persian news (python-crfsuite), trained on ArmanPersoNERCorpus.

Why a CRF: it is small (a few MB), loads in well under a second, tags tens of thousands of tokens per
second on one core and needs no GPU or network, while being far better than lexicon lookup at finding
people, organisations and places that no list knows. ``relgraph train`` (see ``relgraph.train``)
builds the model; the committed one lives in ``data/models/``.

Features are cheap string features computed once per sentence: the normalised word, affixes, word
shape, length, ZWNJ, a ±2 window with bigrams, a frequency bucket from hazm's word list, and
*gazetteer flags*. Flags come from three places, merged per token:

- cue phrases: ``data/models/ner-cues.tsv`` (titles, organisation/place heads, state names) plus the
  project lexicons (``data/lexicons/``: states, places, organisations, people, offices, ranks, heads),
  *frozen into the model's metadata when it is trained*, so lexicon edits never silently change what
  the weights mean;
- given names learned from the training corpus (also in the metadata),
- whatever the caller passes in ``extra`` (e.g. ``"STATE"`` for a lexicon hit).

The flag vocabulary the model was trained with is listed in the metadata (``flags``); other flag
strings are accepted but carry no weight. Changing the features, cues or lexicons needs retraining
to take effect: ``FEATURE_VERSION`` is stored in the metadata and checked on load.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from relgraph.paths import data_path
from relgraph.tagger_attrs import read_known_attributes

__all__ = [
    "FEATURE_VERSION",
    "LABEL_MAP",
    "MODEL_NAME",
    "EntityTagger",
    "Gazetteer",
    "TaggedSpan",
    "bio_spans",
    "normalize_token",
    "sentence_features",
    "token_features",
]

FEATURE_VERSION = "arman-crf-4"
MODEL_NAME = "ner-crf.crfsuite"
CUES_NAME = "ner-cues.tsv"
LABEL_MAP: dict[str, str] = {
    "pers": "PERSON", "org": "ORG", "loc": "LOC", "fac": "LOC", "event": "EVENT", "pro": "PRODUCT",
}

_ZWNJ = "\u200c"
_FOLD = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا",
    _ZWNJ: " ", "\u200d": "", "ـ": "",
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
})
_DIACRITICS = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670"}


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """An entity found by the tagger: token indices (end exclusive), relgraph type, mean marginal."""

    start: int
    end: int
    label: str
    confidence: float


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
        keys = [" ".join(n.split()) for n in norms]
        out: list[list[str]] = [[] for _ in norms]
        for i, key in enumerate(keys):
            reach = self._reach.get(key.partition(" ")[0])
            if not reach:
                continue
            joined = ""
            for j in range(i, min(len(keys), i + reach)):
                joined = keys[j] if j == i else f"{joined} {keys[j]}"
                for flag in self._phrases.get(joined, ()):
                    for t in range(i, j + 1):
                        if flag not in out[t]:
                            out[t].append(flag)
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
# (word, own strings, window strings with None where the model lacks one, word is part of a known bigram)
_KnownWord = tuple[str, tuple[str, ...], tuple[str | None, ...], bool]


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


@lru_cache(maxsize=4)
def _bigram_words(known: frozenset[str]) -> frozenset[str]:
    """Every word of a known ``b-1=`` / ``b+1=`` bigram (a word holding ``|`` is always tried)."""
    return frozenset(part for a in known if a.startswith(("b-1=", "b+1=")) for part in a[4:].split("|"))


def known_sentence_features(
    tokens: Sequence[str], extra: Sequence[Sequence[str]] | None, gazetteer: Gazetteer | None,
    known: frozenset[str], words: dict[str, _KnownWord],
) -> list[list[str]]:
    """``sentence_features`` less the strings not in ``known`` (those the model has no weight for),
    in the same order, so crfsuite adds up the same weights in the same order: the same tags and
    marginals, with about a fifth fewer strings to convert. ``words`` caches each word's filtered
    strings across sentences (kept by the caller, one per ``known``)."""
    n = len(tokens)
    paired = _bigram_words(known)
    cached = []
    for t in tokens:
        hit = words.get(t)
        if hit is None:
            if len(words) > 200_000:
                words.clear()
            w, own, around = gazetteer.word_features(t) if gazetteer else _plain_word_features(t)
            hit = words[t] = (w, tuple(x for x in own if x in known), tuple(x if x in known else None for x in around),
                              w in paired or "|" in w)
        cached.append(hit)
    names = _flag_name_lists(tokens, extra, gazetteer)
    bos, eos = tuple(x if x in known else None for x in _BOS), tuple(x if x in known else None for x in _EOS)
    ctx = [bos, bos, *(c[2] for c in cached), eos, eos]
    pad = ["<s>", *(c[0] for c in cached), "</s>"]
    pairs = [True, *(c[3] for c in cached), True]
    feats: list[list[str]] = []
    for i in range(n):
        k = i + 2
        w = pad[i + 1]
        # Nearly all bigrams are unknown: only words seen in a known bigram can make one.
        b1 = "b-1=" + pad[i] + "|" + w if pairs[i] and pairs[i + 1] else None
        b2 = "b+1=" + w + "|" + pad[i + 2] if pairs[i + 1] and pairs[i + 2] else None
        # None marks a string the model lacks; filter(None, …) drops them in C, keeping the order
        f = [*cached[i][1], ctx[k - 2][0], ctx[k - 1][1], ctx[k + 1][2], ctx[k + 2][3],
             b1 if b1 in known else None, b2 if b2 in known else None]
        if i > 0:
            f.append(ctx[k - 1][4])
        if i + 1 < n:
            f.append(ctx[k + 1][5])
        if names:
            if names[i]:
                f.extend(x[0] for x in names[i] if x[0] in known)
            if i > 0 and names[i - 1]:
                f.extend(x[1] for x in names[i - 1] if x[1] in known)
            if i + 1 < n and names[i + 1]:
                f.extend(x[2] for x in names[i + 1] if x[2] in known)
        feats.append(list(filter(None, f)))
    return feats


def token_features(
    tokens: Sequence[str], i: int, extra: Sequence[Sequence[str]] | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[str]:
    """Features of token ``i`` (convenience; taggers use ``sentence_features`` for the whole sentence)."""
    return sentence_features(tokens, extra, gazetteer)[i]


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) spans of an IOB/BIO tag sequence, conlleval style (a stray I- starts a span)."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        if start >= 0 and (prefix in ("B", "O") or typ != kind):
            spans.append((start, i, kind))
            start = -1
        if prefix == "B" or (prefix == "I" and start < 0):
            start, kind = i, typ
    return spans


class EntityTagger:
    """A loaded CRF model with its gazetteer. Thread-unsafe (one crfsuite Tagger); create one per thread."""

    def __init__(self, model_path: Path, metadata: dict, gazetteer: Gazetteer) -> None:
        self.model_path = model_path
        self.metadata = metadata
        self.gazetteer = gazetteer
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        # the strings the model has weights for (tagger_attrs), or None: then every string is passed
        self.known_attributes = read_known_attributes(model_path)
        self._known_words: dict[str, _KnownWord] = {}

    @classmethod
    def load(cls, path: Path | None = None) -> EntityTagger:
        """Open a model (default: the committed ``data/models/ner-crf.crfsuite``) and its metadata JSON."""
        path = Path(path) if path is not None else data_path("models", MODEL_NAME)
        meta_path = path.with_suffix(".json")
        if not path.is_file() or not meta_path.is_file():
            raise FileNotFoundError(
                f"tagger model {path} or its metadata {meta_path.name} is missing; "
                "train one with `relgraph train --data ../shared/data/arman-ner`"
            )
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
        if metadata.get("feature_version") != FEATURE_VERSION:
            raise ValueError(
                f"{path} was trained with features {metadata.get('feature_version')!r} but this code computes "
                f"{FEATURE_VERSION!r}; retrain with `relgraph train`"
            )
        entries = [tuple(c.split("\t", 1)) for c in metadata.get("cues", [])]
        entries += [(w, "GIVEN_NAME") for w in metadata.get("given_names", [])]
        return cls(path, metadata, Gazetteer(entries, hazm_word_freq()))

    def tag_bio(self, tokens: Sequence[str], extra: Sequence[Sequence[str]] | None = None) -> list[str]:
        """Corpus tags (``B-pers``, ``I-loc``, ``O``…) for one sentence of tokens."""
        if not tokens:
            return []
        if self.known_attributes is None:
            self._tagger.set(sentence_features(tokens, extra, self.gazetteer))
        else:
            self._tagger.set(known_sentence_features(tokens, extra, self.gazetteer, self.known_attributes,
                                                     self._known_words))
        return list(self._tagger.tag())

    def tag(self, tokens: Sequence[str], extra: Sequence[Sequence[str]] | None = None) -> list[TaggedSpan]:
        """Entity spans of one sentence, labels mapped to relgraph types (``pers``→``PERSON`` …)."""
        tags = self.tag_bio(tokens, extra)
        spans: list[TaggedSpan] = []
        for start, end, kind in bio_spans(tags):
            conf = sum(self._tagger.marginal(tags[t], t) for t in range(start, end)) / (end - start)
            spans.append(TaggedSpan(start, end, LABEL_MAP.get(kind, kind.upper()), round(conf, 4)))
        return spans
