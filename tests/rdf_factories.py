"""Hand-built DocFacts for the RDF tests: a short Persian text written for the tests, with every
offset computed from the text itself so the facts stay consistent if the text is edited."""

from __future__ import annotations

import json
import re
from pathlib import Path

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


# --- the sample article, as the extractor is expected to read it ----------------------------------
# What relgraph.pipeline.extract_facts should find in data/sample/seed-az-by-parade.fa.txt for the
# sample SPARQL queries (ontology/queries/sample/*.rq) to answer; tests/test_sample_queries.py runs
# the queries on these hand-made facts (checking the queries) and on the pipeline's (checking it).

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "sample.jsonl"


def sample_document() -> Document:
    """The bundled sample article (one JSON Lines record: id, text exactly as published, date, source)."""
    rec = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    return Document(id=rec["id"], text=rec["text"], date=rec.get("date"), source=rec.get("source"),
                    path=f"{SAMPLE}:1")
_SENTENCE = re.compile(r"[^.!?؟\n]+[.!?؟]?")


def sample_sentences(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip())


def sample_facts() -> DocFacts:
    doc = sample_document()
    text = doc.text
    sents = sample_sentences(text)

    def sent_of(pos: int) -> int:
        return next(i for i, (a, b) in enumerate(sents) if a <= pos < b)

    def ment(needle: str, etype: str, key: str | None, nth: int = 0) -> Mention:
        s, e = span(text, needle, nth)
        return Mention(s, e, needle, etype, sent_of(s), "lexicon" if key else "pattern", 0.9, key=key)

    def ent(eid: str, key: str, etype: str, label: str, needle: str | None = None, *, linked: bool = False,
            nth: int = 0, **kw) -> Entity:
        m = ment(needle or label, etype, key if linked else None, nth)
        return Entity(eid, key, etype, label, (m,), **kw)

    def ev(needle: str, nth: int = 0) -> Evidence:
        i = sent_of(span(text, needle, nth)[0])
        a, b = sents[i]
        return Evidence(doc.id, i, a, b, text[a:b], "rule:sample", 0.7)

    entities = (
        ent("aze", "state:AZE", "STATE", "جمهوری آذربایجان", linked=True, label_en="Azerbaijan", wikidata="Q227"),
        ent("blr", "state:BLR", "STATE", "بلاروس", linked=True, label_en="Belarus", wikidata="Q184"),
        ent("rus", "state:RUS", "STATE", "روسیه", "فدراسیون روسیه", linked=True, wikidata="Q159"),
        ent("chn", "state:CHN", "STATE", "چین", linked=True, wikidata="Q148"),
        ent("minsk", "place:minsk", "LOC", "مینسک", linked=True, wikidata="Q2280"),
        ent("hasanov", "PERSON:ذاکر حسنوف", "PERSON", "ذاکر حسنوف", office="وزیر دفاع", state="state:AZE"),
        ent("aliyev", "PERSON:الهام علی اف", "PERSON", "الهام علی اف", state="state:AZE"),
        ent("by_defmin", "PERSON:وزیر دفاع بلاروس", "PERSON", "وزیر دفاع بلاروس", office="وزیر دفاع",
            state="state:BLR"),
        ent("az_mod", "ORG:وزارت دفاع جمهوری آذربایجان", "ORG", "وزارت دفاع جمهوری آذربایجان", state="state:AZE"),
        ent("delegation", "ORG:هیئت نظامی وزارت دفاع جمهوری آذربایجان", "ORG",
            "هیئت نظامی وزارت دفاع جمهوری آذربایجان", state="state:AZE"),
        ent("az_flag", "ORG:گروه پرچمداران ارتش جمهوری آذربایجان", "ORG", "گروه پرچمداران ارتش جمهوری آذربایجان",
            state="state:AZE"),
        ent("by_af", "ORG:نیروهای مسلح جمهوری بلاروس", "ORG", "نیروهای مسلح جمهوری بلاروس", state="state:BLR"),
        ent("pla", "ORG:ارتش آزادیبخش چین", "ORG", "ارتش آزادیبخش چین", state="state:CHN"),
        ent("scdi", "ORG:کمیته صنایع دفاعی بلاروس", "ORG", "کمیته صنایع دفاعی بلاروس", state="state:BLR"),
        ent("parade", "EVENT:مراسم رژه نظامی", "EVENT", "مراسم رژه نظامی"),
        ent("aliyev_visit", "EVENT:سفر رسمی الهام علی اف به بلاروس", "EVENT", "سفر رسمی الهام علی اف به بلاروس"),
        ent("karabakh", "EVENT:مناقشه قره باغ", "EVENT", "مناقشه قره باغ"),
        ent("mou", "AGREEMENT:یادداشت تفاهم", "AGREEMENT", "یادداشت تفاهم",
            attributes=(("subject", "توسعه همکاری متقابل مفید در حوزه عرضه سلاح و تجهیزات دفاع هوایی"),)),
        ent("js", "AGREEMENT:بیانیه مشترک", "AGREEMENT", "بیانیه مشترک", attributes=(
            ("principle", "موازین حقوق بین المللی"), ("principle", "مصونیت مرزها"),
            ("principle", "تأمین تمامیت ارضی کشورها"),
            ("principle", "قطعنامه های مربوطه شورای امنیت سازمان ملل متحد"))),
    )
    relations = (
        Relation("PARTICIPATE", "delegation", "parade", ev("هیئت نظامی")),
        Relation("PARTICIPATE", "hasanov", "parade", ev("مهمان ویژه")),
        Relation("PARTICIPATE", "az_flag", "parade", ev("گروه پرچمداران")),
        Relation("PARTICIPATE", "by_af", "parade", ev("گروه پرچمداران")),
        Relation("PARTICIPATE", "rus", "parade", ev("گروه پرچمداران")),
        Relation("PARTICIPATE", "pla", "parade", ev("گروه پرچمداران")),
        Relation("POSITION", "hasanov", "az_mod", ev("ذاکر حسنوف")),
        Relation("VISIT", "hasanov", "minsk", ev("به مینسک سفر کرد"), date="2019-07-02", place="minsk",
                 cameo="042", plover="CONSULT"),
        Relation("INVITE", "by_defmin", "hasanov", ev("به مینسک سفر کرد"), cameo="036"),
        Relation("VISIT", "aliyev", "blr", ev("یادداشت تفاهم"), date="2018-11", cameo="042"),
        Relation("AGREEMENT", "scdi", "az_mod", ev("یادداشت تفاهم"), date="2018-11", cameo="057"),
        Relation("AGREEMENT", "mou", "scdi", ev("یادداشت تفاهم"), date="2018-11", role="party"),
        Relation("AGREEMENT", "mou", "az_mod", ev("یادداشت تفاهم"), date="2018-11", role="party"),
        Relation("OTHER", "mou", "aliyev_visit", ev("یادداشت تفاهم"), date="2018-11", role="occasion"),
        Relation("STATEMENT", "aze", "blr", ev("بیانیه مشترک"), cameo="010"),
        Relation("TOPIC", "js", "karabakh", ev("بیانیه مشترک")),
    )
    return DocFacts(doc, entities, relations, sentences=sents)
