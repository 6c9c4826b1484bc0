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
