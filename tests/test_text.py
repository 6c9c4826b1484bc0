"""The annotator keeps offsets into the original text whatever hazm's normaliser does."""

from __future__ import annotations

import pytest

from relgraph.model import Document
from relgraph.text import align, annotate, fold


@pytest.mark.parametrize(
    "text",
    [
        "وزير دفاع بلاروس به مينسك سفر كرد.",  # Arabic yeh and kaf
        "آنها مي روند و كشور ها را مي بينند ...",  # spacing fixes, «...» → «…»
        "در سال ۲۰۰۹ میلادی، ٥٬٥٦٧ نفر.",  # Persian and Arabic digits
        "اَلسّلامُ عَلَيْكُم ــ سلام",  # diacritics and tatweel removed
        "خط اول\n\nخط دوم\u200cها   با فاصله",  # newlines, ZWNJ, repeated spaces
    ],
)
def test_text_tokens_point_into_original(text: str) -> None:
    adoc = annotate(Document(id="t", text=text))
    assert adoc.sentences
    for sent in adoc.sentences:
        for tok in sent.tokens:
            original = text[tok.start : tok.end]
            assert original, tok
            # the original span is the token, up to spelling variants and inserted ZWNJ
            strip = lambda s: fold(s).replace(" ", "").replace("_", "").replace("\u0640", "")  # noqa: E731
            assert strip(original)[:1] == strip(tok.text)[:1] or not strip(tok.text)


def test_text_sentences_and_lemmas() -> None:
    text = "ظریف به مسکو سفر کرد. او با لاوروف دیدار کرد."
    adoc = annotate(Document(id="t", text=text))
    assert len(adoc.sentences) == 2
    assert text[adoc.sentences[1].start : adoc.sentences[1].end].startswith("او")
    lemmas = [t.lemma for t in adoc.sentences[0].tokens]
    assert "کرد#کن" in lemmas


def test_text_align_resyncs_after_length_change() -> None:
    original = "الف... ب"
    normalised = "الف… ب"
    idx = align(original, normalised)
    assert original[idx[normalised.index("ب")]] == "ب"


def _plain_walk(original: str, normalised: str) -> list[int]:
    """align as a character-by-character walk (how it was written before its block fast path)."""
    from relgraph.text import _resync, _skippable

    fo, fn = fold(original), fold(normalised)
    n, m = len(original), len(normalised)
    out, i, j = [0] * m, 0, 0
    while j < m:
        if i >= n:
            out[j], j = (n - 1 if n else 0), j + 1
        elif fo[i] == fn[j]:
            out[j], i, j = i, i + 1, j + 1
        elif _skippable(original[i]) and not _skippable(normalised[j]):
            i += 1
        elif _skippable(normalised[j]):
            out[j], j = i, j + 1
        else:
            di, dj = _resync(fo, fn, i, j)
            for k in range(dj):
                out[j + k] = min(i + k, n - 1)
            i, j = i + di, j + dj
    return out


def test_fold_is_the_translation_table_and_align_the_plain_walk() -> None:
    """fold replaces character by character and align takes equal blocks at once; both must give
    exactly what a one-pass translate and a character-by-character walk give."""
    import random

    from relgraph.text import _FOLD, hazm_tools

    rng = random.Random(3)
    alphabet = "".join(chr(k) for k in _FOLD) + "ab یکه\u064e"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        assert fold(text) == text.translate(_FOLD)
    norm = hazm_tools().normalizer.normalize
    for original in ("وزير  خارجه «ايران» ... " * 20 + "گفت: ۱۲۳ هزار نفر.",
                     "".join(rng.choice("وزیر خارجه ايران ۱۲ ... \n\u200c.") for _ in range(400)), "", "..."):
        assert align(original, norm(original)) == _plain_walk(original, norm(original))
