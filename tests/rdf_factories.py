"""Hand-built DocFacts for the RDF tests: a short Persian text written for the tests, with every
offset computed from the text itself so the facts stay consistent if the text is edited."""

from __future__ import annotations

from relgraph.model import DocFacts, Document, Entity, Evidence, Mention, Quantity, Relation, TimeExpr

TEXT_A = (
    "ژنرال ذاکر حسنوف وزیر دفاع جمهوری آذربایجان در روز 2 ژوئیه 2019 به مینسک سفر کرد. "
    "در نوامبر 2018 یادداشت تفاهم میان بلاروس و جمهوری آذربایجان درباره عرضه سلاح امضا شد. "
    "جمعیت آذری ها در بلاروس 5,567 نفر است."
)
TEXT_B = "ذاکر حسنوف وزیر دفاع جمهوری آذربایجان با همتای خود در باکو دیدار کرد."


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """(start, end) of the nth occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def sentences(text: str) -> tuple[tuple[int, int], ...]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == ".":
            out.append((start, i + 1))
            start = i + 2
    return tuple(out)


def mention(text: str, needle: str, etype: str, key: str | None = None, nth: int = 0) -> Mention:
    s, e = span(text, needle, nth)
    sent = next(i for i, (a, b) in enumerate(sentences(text)) if a <= s < b)
    return Mention(start=s, end=e, text=needle, type=etype, sentence=sent, method="lexicon" if key else "pattern",
                   confidence=0.9, key=key)


def evidence(doc_id: str, text: str, sentence: int, method: str = "rule:test", confidence: float = 0.8) -> Evidence:
    s, e = sentences(text)[sentence]
    return Evidence(doc=doc_id, sentence=sentence, start=s, end=e, text=text[s:e], method=method,
                    confidence=confidence)


def facts_a(doc_id: str = "doc-a") -> DocFacts:
    """Hasanov visits Minsk (2019-07-02); an MoU between Belarus and Azerbaijan (2018-11); a quantity."""
    t = TEXT_A
    aze = Entity("e1", "state:AZE", "STATE", "جمهوری آذربایجان", (mention(t, "جمهوری آذربایجان", "STATE", "state:AZE"),
                 mention(t, "جمهوری آذربایجان", "STATE", "state:AZE", nth=1)), label_en="Azerbaijan", wikidata="Q227")
    blr = Entity("e2", "state:BLR", "STATE", "بلاروس", (mention(t, "بلاروس", "STATE", "state:BLR"),),
                 label_en="Belarus", wikidata="Q184")
    hasanov = Entity("e3", "PERSON:ذاکر حسنوف", "PERSON", "ذاکر حسنوف", (mention(t, "ذاکر حسنوف", "PERSON"),),
                     office="وزیر دفاع", state="state:AZE")
    minsk = Entity("e4", "city:minsk", "LOC", "مینسک", (mention(t, "مینسک", "LOC", "city:minsk"),),
                   label_en="Minsk", wikidata="Q2280")
    mou = Entity("e5", "AGREEMENT:یادداشت تفاهم", "AGREEMENT", "یادداشت تفاهم",
                 (mention(t, "یادداشت تفاهم", "AGREEMENT"),),
                 attributes=(("subject", "عرضه سلاح"), ("principle", "همکاری متقابل مفید"), ("signed_in", "مینسک")))
    relations = (
        Relation("VISIT", "e3", "e4", evidence(doc_id, t, 0), date="2019-07-02", place="e4", cameo="042",
                 plover="CONSULT", trigger="سفر"),
        Relation("POSITION", "e3", "e1", evidence(doc_id, t, 0, method="pattern:office", confidence=1.0)),
        Relation("AGREEMENT", "e2", "e1", evidence(doc_id, t, 1), date="2018-11", cameo="057", plover="AGREE"),
        Relation("AGREEMENT", "e5", "e2", evidence(doc_id, t, 1), date="2018-11", role="party"),
        Relation("THREATEN", "e2", "e1", evidence(doc_id, t, 1, confidence=0.3), cameo="138", modality="negated",
                 speaker="e3"),
    )
    times = (TimeExpr(*span(t, "2 ژوئیه 2019"), "2 ژوئیه 2019", "2019-07-02", "day"),
             TimeExpr(*span(t, "نوامبر 2018"), "نوامبر 2018", "2018-11", "month"))
    quantities = (Quantity(*span(t, "5,567 نفر"), "5,567 نفر", 5567.0, "نفر", 2, subject="e2"),)
    doc = Document(id=doc_id, text=t, title="سفر وزیر دفاع", date="2019-07-03", source="example.org",
                   url="https://example.org/a?x=1&y=<2>")
    return DocFacts(doc, (aze, blr, hasanov, minsk, mou), relations, times, quantities, sentences(t))


def facts_b(doc_id: str = "doc-b") -> DocFacts:
    """A second document naming the same Hasanov and Azerbaijan (so they must be one node each)."""
    t = TEXT_B
    aze = Entity("e1", "state:AZE", "STATE", "جمهوری آذربایجان", (mention(t, "جمهوری آذربایجان", "STATE", "state:AZE"),),
                 label_en="Azerbaijan", wikidata="Q227")
    hasanov = Entity("e2", "PERSON:ذاکر حسنوف", "PERSON", "ذاکر حسنوف", (mention(t, "ذاکر حسنوف", "PERSON"),),
                     office="وزیر دفاع", state="state:AZE")
    baku = Entity("e3", "LOC:باکو", "LOC", "باکو", (mention(t, "باکو", "LOC"),))
    relations = (Relation("MEET", "e2", "e1", evidence(doc_id, t, 0), place="e3", cameo="040"),)
    doc = Document(id=doc_id, text=t, date="1398/04/11")
    return DocFacts(doc, (aze, hasanov, baku), relations, sentences=sentences(t))
