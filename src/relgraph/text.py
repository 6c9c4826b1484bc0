"""hazm behind one small surface: normalise, split sentences, tokenise, lemmatise — keeping offsets.

hazm's ``Normalizer`` changes the text (Arabic yeh/kaf, digits, ZWNJ, spacing, diacritics, «...»→«…»),
so token offsets into the *normalised* text are useless for evidence. ``annotate`` aligns the normalised
text back onto the original character by character, so every ``Token`` carries ``start``/``end`` into
``Document.text`` exactly as read, whatever normalisation did.

One instance of each hazm class is built once and reused (``hazm.word_tokenize()`` would build a new
tokenizer on every call).

>>> from relgraph.model import Document
>>> adoc = annotate(Document(id="d", text="وزير دفاع بلاروس به مينسك سفر كرد."))
>>> [(t.text, t.start, t.end) for t in adoc.sentences[0].tokens][:2]
[('وزیر', 0, 4), ('دفاع', 5, 9)]
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from relgraph.model import AnnotatedDoc, Document, Sentence, Token

__all__ = ["annotate", "fold", "hazm_tools", "lemma"]

# Length-preserving folding used only to compare original and normalised characters.
_FOLD = str.maketrans(
    {
        "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا",
        "\u200c": " ", "\u200d": " ", "\u00a0": " ", "\u200f": " ", "\u200e": " ", "\t": " ", "\n": " ", "\r": " ",
        **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
        **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
        "٫": ".", "٬": ",", "،": ",", "؛": ";", "؟": "?", "…": ".", "ـ": "_",
    }
)


# The same table as (source, target) characters. No target is also a source, so replacing them one
# after another is the same as translating all at once; each ``str.replace`` is one C scan, where
# ``str.translate`` with a dict table looks every character up (about 4x slower on news text).
_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())
assert not {v for _, v in _FOLD_PAIRS} & {k for k, _ in _FOLD_PAIRS}


def fold(text: str) -> str:
    """Same-length folding of spelling variants (for alignment, not for display)."""
    for src, dst in _FOLD_PAIRS:
        if src in text:
            text = text.replace(src, dst)
    return text


class _Tools:
    """The hazm objects, built once per process (building them costs about a second)."""

    def __init__(self) -> None:
        from hazm import Lemmatizer, Normalizer, SentenceTokenizer, WordTokenizer

        self.normalizer = Normalizer()
        self.sentences = SentenceTokenizer()
        self.words = WordTokenizer(join_verb_parts=False, separate_emoji=False)
        self.lemmatizer = Lemmatizer()


@cache
def hazm_tools() -> _Tools:
    return _Tools()


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """hazm's lemma of a normalised word (cached: words repeat a lot across a corpus)."""
    return hazm_tools().lemmatizer.lemmatize(word)


def _skippable(ch: str) -> bool:
    """Characters hazm may delete: diacritics, tatweel, zero-width and control chars, extra spaces."""
    return ch.isspace() or ch in "\u200c\u200d\u200e\u200f\u0640\ufeff" or unicodedata.category(ch) in ("Mn", "Cf", "Cc")


_BLOCK = 32  # characters compared at once by align's fast path


def align(original: str, normalised: str) -> list[int]:
    """For each character of ``normalised``, the index of the original character it came from.

    A greedy walk that treats folded-equal characters as matches, skips characters hazm deletes,
    accepts characters hazm inserts (ZWNJ, spaces), and re-synchronises after replacements that
    change length («...» → «…»).
    """
    fo, fn = fold(original), fold(normalised)
    n, m = len(original), len(normalised)
    out = [0] * m
    i = j = 0
    while j < m:
        if i >= n:
            out[j] = n - 1 if n else 0
            j += 1
            continue
        if fo[i] == fn[j]:
            # Most of a text comes through unchanged: take an equal block at once, as the walk
            # would one character at a time (equal slices have equal lengths).
            block = fo[i : i + _BLOCK]
            if len(block) > 1 and block == fn[j : j + _BLOCK]:
                step = len(block)
                out[j : j + step] = range(i, i + step)
                i += step
                j += step
                continue
            out[j] = i
            i += 1
            j += 1
        elif _skippable(original[i]) and not _skippable(normalised[j]):
            i += 1
        elif _skippable(normalised[j]):
            out[j] = i
            j += 1
        else:
            di, dj = _resync(fo, fn, i, j)
            for k in range(dj):
                out[j + k] = min(i + k, n - 1)
            i += di
            j += dj
    return out


def _resync(fo: str, fn: str, i: int, j: int) -> tuple[int, int]:
    """Smallest step (di, dj) after which the next three folded characters agree again."""
    for total in range(1, 8):
        for di in range(total + 1):
            dj = total - di
            if fo[i + di : i + di + 3] == fn[j + dj : j + dj + 3] and (di or dj):
                return di, dj
    return 1, 1


def annotate(doc: Document) -> AnnotatedDoc:
    """Normalise, split and tokenise ``doc`` with hazm; every token keeps its original offsets."""
    tools = hazm_tools()
    original = doc.text
    normalised = tools.normalizer.normalize(original)
    index = align(original, normalised)
    sentences: list[Sentence] = []
    cursor = 0
    for raw_sentence in tools.sentences.tokenize(normalised):
        s_start = normalised.find(raw_sentence, cursor)
        if s_start < 0:  # hazm changed the sentence text: fall back to the cursor
            s_start = cursor
        tokens: list[Token] = []
        t_cursor = s_start
        for word in tools.words.tokenize(raw_sentence):
            pos = normalised.find(word, t_cursor)
            if pos < 0 or pos - t_cursor > 40:
                continue  # token text not in the sentence as such (tokeniser rewrote it): drop it
            start = index[pos]
            end = index[pos + len(word) - 1] + 1
            tokens.append(Token(text=word, start=start, end=end, lemma=lemma(word)))
            t_cursor = pos + len(word)
        cursor = max(t_cursor, s_start + len(raw_sentence))
        if tokens:
            sentences.append(
                Sentence(index=len(sentences), start=tokens[0].start, end=tokens[-1].end, tokens=tuple(tokens))
            )
    return AnnotatedDoc(doc=doc, sentences=tuple(sentences))
