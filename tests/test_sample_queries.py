"""The sample SPARQL queries (ontology/queries/sample/*.rq) answer the questions the sample article
raises: the memorandum of understanding, the joint statement on Karabakh, Hasanov's office, visit
and invitation, and the parade's participants.

Every query runs on two graphs: one built from hand-made facts (``rdf_factories.sample_facts``:
what the extractor should find; this checks the queries) and one built from the sample through
``relgraph.pipeline.extract_facts`` (this checks the extractor). Each runs in rdflib and in
pyoxigraph (the embedded store), which must agree. Persian labels are compared after a light
normalisation (Arabic yeh/kaf folded, ZWNJ, diacritics and spaces removed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import XSD, Dataset, Literal

from rdf_factories import sample_document, sample_facts
from relgraph.paths import ontology_path
from relgraph.pipeline import extract_facts
from relgraph.rdf import build_dataset, load_dataset, validate, write_outputs
from relgraph.rdf_files import union_graph

QUERIES = ontology_path("queries", "sample")
WD = "http://www.wikidata.org/entity/"
STATES = {"Q227": "آذربایجان", "Q184": "بلاروس", "Q159": "روسیه", "Q148": "چین"}


def norm(text: str | None) -> str:
    text = (text or "").replace("ي", "ی").replace("ك", "ک").replace("ى", "ی").replace("ة", "ه")
    return re.sub(r"[\s\u200c\u200d\u0640\u064b-\u065f\u0670]+", "", text)


def has(text: str | None, *needles: str) -> bool:
    return any(norm(n) in norm(text) for n in needles)


@pytest.fixture(scope="module", params=["hand-made facts", "pipeline"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Path]:
    """The sample's graph as written to disk and read back (what users query)."""
    facts = sample_facts() if request.param == "hand-made facts" else extract_facts(sample_document())
    out = tmp_path_factory.mktemp("sample")
    write_outputs(build_dataset([facts]), out)
    return load_dataset(out), out


def run(built: tuple[Dataset, Path], name: str) -> list[dict[str, str]]:
    """Rows of a sample query (lexical values by variable), checked to be the same in rdflib and pyoxigraph."""
    ds, out = built
    query = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    rows = [{str(k): v for k, v in r.asdict().items()} for r in union_graph(ds).query(query)]
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.trig"), format=pyoxigraph.RdfFormat.TRIG)
    ox = store.query(query, use_default_graph_as_union=True)
    ox_rows = [{v.value: s[v] for v in ox.variables if s[v] is not None} for s in ox]

    def key(row: dict) -> frozenset:
        return frozenset((k, str(getattr(v, "value", v)) if not isinstance(v, Literal) else str(v))
                         for k, v in row.items())

    assert {key(r) for r in rows} == {key(r) for r in ox_rows}, f"{name}: rdflib and pyoxigraph disagree"
    return [{k: (v if isinstance(v, Literal) else str(v)) for k, v in r.items()} for r in rows]


def test_sample_graph_conforms(built: tuple[Dataset, Path]) -> None:
    report = validate(built[0])
    assert report.conforms, report.text


def test_every_sample_query_is_tested() -> None:
    names = {p.stem for p in QUERIES.glob("*.rq")}
    assert names == {"agreement-parties", "statement-topics", "office-holders", "visits-invitations",
                     "event-participants"}


def test_memorandum_parties_subject_date_occasion(built: tuple[Dataset, Path]) -> None:
    rows = [r for r in run(built, "agreement-parties") if has(r.get("agreementLabel"), "یادداشت تفاهم")]
    assert rows, "no agreement labelled «یادداشت تفاهم» with AGREEMENT ties"
    parties = [r.get("partyLabel") for r in rows]
    assert any(has(p, "کمیته صنایع دفاعی") for p in parties), parties
    assert any(has(p, "وزارت دفاع") for p in parties), parties
    assert any(has(r.get("subject"), "سلاح") and has(r.get("subject"), "دفاع هوایی") for r in rows), \
        "rel:subject should mention «سلاح» and «دفاع هوایی»"
    dates = {(str(r["date"]), r["date"].datatype) for r in rows if r.get("date") is not None}
    assert ("2018-11", XSD.gYearMonth) in dates, dates
    occasions = {r.get("occasionLabel") for r in rows}
    assert any(has(o, "سفر") for o in occasions), f"no tie with rel:role 'occasion' to the visit: {occasions}"


def test_joint_statement_topic_and_principles(built: tuple[Dataset, Path]) -> None:
    rows = [r for r in run(built, "statement-topics") if has(r.get("statementLabel"), "بیانیه مشترک")]
    assert rows, "no TOPIC tie from an agreement labelled «بیانیه مشترک»"
    assert any(has(r.get("topicLabel"), "قره باغ") for r in rows), {r.get("topicLabel") for r in rows}
    principles = " | ".join(str(r["principle"]) for r in rows if r.get("principle") is not None)
    for needle in ("حقوق بین المللی", "مرز", "تمامیت ارضی", "شورای امنیت"):
        assert has(principles, needle), f"no rel:principle mentions «{needle}»: {principles!r}"


def is_state(row: dict, qid: str, prefix: str = "state") -> bool:
    wd = row.get(f"{prefix}Wikidata")
    return (wd is not None and str(wd) == WD + qid) or has(row.get(f"{prefix}Label"), STATES[qid])


def test_hasanov_holds_defence_minister_office_of_azerbaijan(built: tuple[Dataset, Path]) -> None:
    rows = [r for r in run(built, "office-holders") if has(r.get("personLabel"), "حسنوف")]
    assert rows, "no POSITION tie from Hasanov"
    assert any(has(r.get("office"), "وزیر دفاع") for r in rows), {r.get("office") for r in rows}
    assert any(has(r.get("holderLabel"), "وزارت دفاع") or is_state(r, "Q227") for r in rows), rows
    assert any(is_state(r, "Q227") for r in rows), "the office should resolve to Azerbaijan"


def test_hasanov_visits_minsk_on_2019_07_02_invited_by_belarus(built: tuple[Dataset, Path]) -> None:
    rows = [r for r in run(built, "visits-invitations") if has(r.get("visitorLabel"), "حسنوف")]
    assert rows, "no VISIT tie from Hasanov"
    to_minsk = [r for r in rows if has(r.get("destinationLabel"), "مینسک", "بلاروس")
                or str(r.get("destinationWikidata")) in (WD + "Q2280", WD + "Q184")]
    assert to_minsk, {r.get("destinationLabel") for r in rows}
    dates = {(str(r["date"]), r["date"].datatype) for r in to_minsk if r.get("date") is not None}
    assert ("2019-07-02", XSD.date) in dates, dates
    inviters = [r for r in to_minsk if r.get("inviter")]
    assert any(has(r.get("inviterLabel"), "وزیر دفاع", "بلاروس") for r in inviters), \
        f"no INVITE tie from Belarus's defence minister to Hasanov: {inviters}"


def test_hasanov_takes_part_in_the_parade(built: tuple[Dataset, Path]) -> None:
    rows = run(built, "event-participants")
    assert any(has(r.get("participantLabel"), "حسنوف") and has(r.get("eventLabel"), "رژه") for r in rows), \
        "no PARTICIPATE tie from Hasanov to the parade"


def test_parade_participants_cover_four_states(built: tuple[Dataset, Path]) -> None:
    rows = [r for r in run(built, "event-participants") if has(r.get("eventLabel"), "رژه")]
    assert rows, "no PARTICIPATE tie to an event labelled with «رژه»"
    for qid, name in STATES.items():
        found = [r for r in rows if is_state(r, qid) or is_state(r, qid, "participant")
                 or has(r.get("participantLabel"), name)]
        assert found, f"no parade participant for {name} ({qid}): {[r.get('participantLabel') for r in rows]}"
