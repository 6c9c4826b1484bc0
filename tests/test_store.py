"""The embedded store, the query library on tests/data/sparql_fixture.trig, parameters, result formats."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.store import (
    PREFIXES,
    QueryError,
    bind_values,
    library,
    open_store,
    resolve_query,
    run_query,
    to_term,
)

FIXTURE = Path(__file__).parent / "data" / "sparql_fixture.trig"
RID = PREFIXES["rid"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    shutil.copy(FIXTURE, folder / "graph.trig")
    return folder


def ask(out: Path, name: str, **params: str) -> list[dict[str, str | None]]:
    spec = library()[name]
    return run_query(open_store(out), spec.text, params, spec=spec).records(PREFIXES)


def test_store_is_built_on_disk_and_reloaded_when_graph_trig_changes(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, tmp_path / "graph.trig")
    store = open_store(tmp_path)
    n = len(store)
    assert n > 300 and (tmp_path / "store").is_dir()
    assert open_store(tmp_path) is store  # fresh: same handle, no reload
    small = "<https://w3id.org/relgraph/graph/x> { <http://e/s> <http://e/p> \"o\" . }\n"
    (tmp_path / "graph.trig").write_text(small, encoding="utf-8")
    os.utime(tmp_path / "graph.trig", ns=(1, 1))  # even an older mtime: it is a different file
    assert len(open_store(tmp_path)) == 1


def test_missing_or_broken_graph_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="relgraph build"):
        open_store(tmp_path)
    (tmp_path / "graph.trig").write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(QueryError, match="not valid TriG"):
        open_store(tmp_path)


def test_library_headers_declare_what_each_query_answers_and_its_parameters() -> None:
    lib = library()
    assert {"agreements", "official-visits", "events-on-topic", "dyad-year-counts", "evidence",
            "actor-ties"} <= set(lib)
    for spec in lib.values():
        assert spec.answers, f"{spec.path}: add a '# answers:' line"
    assert lib["agreements"].params == {
        "stateA": ("state", "first state (ISO code such as IRN, or an IRI)"),
        "stateB": ("state", "second state (ISO code such as AZE, or an IRI)")}
    assert lib["events-on-topic"].params["topic"][0] == "text"
    assert lib["dyad-year-counts"].params == {}


def test_agreements_between_two_states(out: Path) -> None:
    rows = ask(out, "agreements", stateA="IRN", stateB="AZE")
    got = {(r["tie"], r["agreement"], r["partyA"], r["partyB"], r["date"]) for r in rows}
    assert got == {
        ("rid:tie/a-agree", None, "rid:state/IRN", "rid:state/AZE", "2018-03-28"),
        ("rid:tie/a-party1", "rid:agreement/customs", "rid:person/rouhani", "rid:person/aliyev", "2018-03-28"),
    }
    assert {r["agreementLabel"] for r in rows} == {None, "تفاهم‌نامه همکاری گمرکی"}
    assert ask(out, "agreements", stateA="IRN", stateB="RUS") == []


def test_officials_who_visited(out: Path) -> None:
    rows = ask(out, "official-visits", fromState="IRN", toState="AZE")
    assert {(r["official"], r["target"], r["date"]) for r in rows} == {
        ("rid:person/rouhani", "rid:state/AZE", "2018-03-28"),  # rel:memberOfState
        ("rid:person/zarif", "rid:loc/baku", "2019-07-02"),  # POSITION tie; Baku is in AZE
    }  # Larijani's negated visit is left out
    assert {r["officialLabel"] for r in rows} == {"حسن روحانی", "محمدجواد ظریف"}
    visits = ask(out, "official-visits", fromState="AZE", toState="RUS")
    assert [(r["official"], r["date"]) for r in visits] == [("rid:person/hasanov", "2019")]


def test_events_on_topic_in_either_language(out: Path) -> None:
    fa = {r["event"] for r in ask(out, "events-on-topic", topic="قره‌باغ")}
    en = {r["event"] for r in ask(out, "events-on-topic", topic="KARABAKH")}
    assert fa == en == {"rid:event/talks", "rid:event/karabakh-war"}
    rows = ask(out, "events-on-topic", topic="Karabakh")
    assert {r["participant"] for r in rows if r["event"] == "rid:event/talks"} == {"rid:state/ARM", "rid:state/AZE"}


@pytest.mark.parametrize("evil", ['"}', '"} UNION { ?event ?p ?o } #', "') } ; DROP ALL ; #", "\\\"}\n#"])
def test_parameters_with_quotes_braces_or_injection_stay_literals(out: Path, evil: str) -> None:
    rows = ask(out, "events-on-topic", topic=evil)
    # only a label that really contains the text matches: the fixture's «بیانیه "} ویژه» for '"}'
    assert {r["event"] for r in rows} == ({"rid:event/statement-q"} if evil == '"}' else set())
    assert all(r["topic"] == evil for r in rows)
    spec = library()["events-on-topic"]
    inline = run_query(open_store(out), bind_values(spec.text, {"topic": evil}))
    assert {r["event"] for r in inline.records(PREFIXES)} == {r["event"] for r in rows}
    assert len(open_store(out)) > 300  # nothing was dropped


def test_iri_parameters_cannot_smuggle_query_text(out: Path) -> None:
    with pytest.raises(QueryError, match="not an IRI"):
        ask(out, "agreements", stateA="IRN> } UNION { ?s ?p ?o", stateB="AZE")
    with pytest.raises(QueryError, match="not a valid IRI"):
        ask(out, "actor-ties", actor="<http://e/x> } UNION { ?s ?p <http://e/y>")
    assert to_term("IRN", "state") == NamedNode(RID + "state/IRN")
    assert to_term("state:aze", "state") == NamedNode(RID + "state/AZE")
    assert to_term("rid:tie/x", "iri") == NamedNode(RID + "tie/x")
    assert to_term("<http://e/x>") == NamedNode("http://e/x")
    assert to_term("rid:x", "text") == Literal("rid:x")
    assert to_term("42", "int").datatype == NamedNode(PREFIXES["xsd"] + "integer")
    with pytest.raises(QueryError, match="whole number"):
        to_term("4 2", "int")


def test_dyad_year_counts(out: Path) -> None:
    rows = ask(out, "dyad-year-counts")
    got = [(r["stateA"], r["stateB"], r["year"], r["ties"], r["cooperative"], r["conflictual"]) for r in rows]
    assert got == [  # in order: ORDER BY ?stateA ?stateB ?year, an unbound year first
        ("rid:state/ARM", "rid:state/AZE", "2019", "1", "0", "1"),
        ("rid:state/ARM", "rid:state/AZE", "2020", "1", "0", "1"),
        ("rid:state/AZE", "rid:state/IRN", "2018", "3", "3", "0"),
        ("rid:state/AZE", "rid:state/IRN", "2019", "1", "1", "0"),  # not the LOCATED tie, not the negated visit
        ("rid:state/AZE", "rid:state/RUS", None, "1", "0", "1"),
        ("rid:state/AZE", "rid:state/RUS", "2019", "2", "2", "0"),
    ]


# What dyad-year-counts means, written plainly over rel:sourceState / rel:targetState (no rel:dyad, no
# ranks): the library query, written for speed in the embedded store, must give the same rows in order.
PLAIN_DYAD_YEAR_COUNTS = """PREFIX rel: <https://w3id.org/relgraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?stateA ?stateB ?year (COUNT(DISTINCT ?tie) AS ?ties)
       (COUNT(DISTINCT ?coop) AS ?cooperative) (COUNT(DISTINCT ?confl) AS ?conflictual) WHERE {
  ?tie rel:sourceState ?ss ; rel:targetState ?st ; rel:tieType ?type .
  FILTER(?ss != ?st && ?type NOT IN ("POSITION", "MEMBER", "PARTICIPATE", "LOCATED", "TOPIC"))
  FILTER NOT EXISTS { ?tie rel:modality "negated" }
  OPTIONAL { ?tie rel:date ?date }
  OPTIONAL { ?tie rel:quadClass ?qc }
  BIND(IF(STR(?ss) < STR(?st), ?ss, ?st) AS ?stateA)
  BIND(IF(STR(?ss) < STR(?st), ?st, ?ss) AS ?stateB)
  BIND(xsd:integer(SUBSTR(STR(?date), 1, 4)) AS ?year)
  BIND(IF(?qc <= 2, ?tie, ?unbound) AS ?coop)
  BIND(IF(?qc >= 3, ?tie, ?unbound) AS ?confl)
} GROUP BY ?stateA ?stateB ?year ORDER BY ?stateA ?stateB ?year"""


def _plain(term: object) -> tuple[str, str] | None:
    """An oxigraph or rdflib term as (kind, text) so the two libraries' answers compare exactly."""
    if term is None:
        return None
    if hasattr(term, "datatype"):  # a literal of either library
        dt = term.datatype
        return ("literal", f"{getattr(term, 'value', term)}^^{getattr(dt, 'value', dt)}")
    return ("iri", str(getattr(term, "value", term)))


def test_dyad_year_counts_match_rdflib_and_the_plain_query_row_for_row(out: Path) -> None:
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    ds.parse(FIXTURE, format="trig")
    spec = library()["dyad-year-counts"]
    ours = [tuple(map(_plain, row)) for row in run_query(open_store(out), spec.text).rows]
    by_rdflib = [tuple(map(_plain, row)) for row in ds.query(spec.text)]
    plain = [tuple(map(_plain, row)) for row in ds.query(PLAIN_DYAD_YEAR_COUNTS)]
    plain_ox = [tuple(map(_plain, row)) for row in run_query(open_store(out), PLAIN_DYAD_YEAR_COUNTS).rows]
    assert len(ours) == 6
    assert ours == by_rdflib == plain == plain_ox


def test_evidence_behind_a_tie(out: Path) -> None:
    (row,) = ask(out, "evidence", tie="rid:tie/a-visit")
    assert (row["docId"], row["sentenceIndex"], row["start"], row["end"]) == ("doc-a", "0", "0", "41")
    assert (row["method"], row["confidence"], row["url"]) == ("rule:visit", "0.8", "https://example.ir/a")
    assert row["sentence"].startswith("حسن روحانی")
    full = ask(out, "evidence", tie=f"<{RID}tie/b-visit>")
    assert [r["docId"] for r in full] == ["doc-b"]


def test_all_ties_of_an_actor(out: Path) -> None:
    rows = ask(out, "actor-ties", actor="rid:state/AZE")
    got = {(r["direction"], r["tieType"], r["other"]) for r in rows}
    assert ("in", "CRITICIZE", "rid:state/ARM") in got and ("out", "CONFLICT", "rid:state/ARM") in got
    assert ("out", "MEMBER", "rid:org/un") in got and ("in", "POSITION", "rid:person/hasanov") in got
    assert len(got) == len(rows) == 10


def test_substitution_and_values_block_agree_on_every_library_query(out: Path) -> None:
    params = {"agreements": {"stateA": "IRN", "stateB": "AZE"}, "official-visits": {"fromState": "IRN", "toState": "AZE"},
              "events-on-topic": {"topic": "karabakh"}, "evidence": {"tie": "rid:tie/c-war"},
              "actor-ties": {"actor": "rid:person/zarif"}, "dyad-year-counts": {}}
    store = open_store(out)
    for name, spec in library().items():
        terms = {k: to_term(v, spec.params[k][0]) for k, v in params.get(name, {}).items()}
        a = run_query(store, spec.text, terms)
        b = run_query(store, bind_values(spec.text, terms))
        assert a.rows and sorted(map(str, a.rows)) == sorted(map(str, b.rows)), name


def test_parameters_that_are_not_projected_fall_back_to_values(out: Path) -> None:
    q = "PREFIX rel: <https://w3id.org/relgraph/ontology#> SELECT ?tie WHERE { ?tie rel:source ?who }"
    rows = run_query(open_store(out), q, {"who": "rid:person/hasanov"}).records(PREFIXES)
    assert {r["tie"] for r in rows} == {"rid:tie/c-pos", "rid:tie/c-visit"}


def test_values_block_goes_into_the_where_group() -> None:
    q = ('# a { comment }\nPREFIX ex: <http://e/x#>\nCONSTRUCT { ?s ex:p "{" } # {\nWHERE { ?s ?p ?o }')
    bound = bind_values(q, {"s": "<http://e/a>"})
    assert bound.endswith('WHERE { VALUES (?s) { (<http://e/a>) } ?s ?p ?o }')
    sel = bind_values("SELECT * FROM <http://g/1#a> WHERE { FILTER(?a < ?b) }", {"a": Literal('x"}')})
    assert sel == 'SELECT * FROM <http://g/1#a> WHERE { VALUES (?a) { ("x\\"}") } FILTER(?a < ?b) }'
    with pytest.raises(QueryError, match="no WHERE"):
        bind_values("DESCRIBE <http://e/a>", {"a": "b"})


def test_result_formats(out: Path) -> None:
    spec = library()["official-visits"]
    res = run_query(open_store(out), spec.text, {"fromState": "IRN", "toState": "AZE"}, spec=spec)
    js = json.loads(res.to_json())
    assert js["head"]["vars"][:3] == ["fromState", "toState", "date"]
    b0 = js["results"]["bindings"][0]
    assert b0["officialLabel"] == {"type": "literal", "value": "حسن روحانی", "xml:lang": "fa"}
    assert b0["date"]["datatype"] == PREFIXES["xsd"] + "date"
    table = list(csv.reader(io.StringIO(res.to_csv())))
    assert table[0][:3] == ["fromState", "toState", "date"] and table[1][0] == RID + "state/IRN"
    root = ET.fromstring(res.to_xml())
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(root.findall(f"{ns}results/{ns}result")) == 2
    assert res.to_tsv().splitlines()[1].startswith(f"<{RID}state/IRN>\t<{RID}state/AZE>")
    ask_res = run_query(open_store(out), "ASK { ?s a <https://w3id.org/relgraph/ontology#State> }")
    assert json.loads(ask_res.to_json()) == {"head": {}, "boolean": True}
    limited = run_query(open_store(out), "SELECT * WHERE { ?s ?p ?o }", limit=5)
    assert len(limited.rows) == 5 and limited.truncated


def test_construct_answer_is_turtle(out: Path) -> None:
    import rdflib

    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <https://w3id.org/relgraph/id/state/ARM>) }"
    res = run_query(open_store(out), q)
    g = rdflib.Graph().parse(data=res.to_rdf(prefixes=PREFIXES).decode(), format="turtle")
    assert len(g) == len(res.triples) >= 4


def test_resolve_query_by_name_file_or_text(tmp_path: Path) -> None:
    assert resolve_query("evidence")[1] is not None
    f = tmp_path / "q.rq"
    f.write_text("ASK {}", encoding="utf-8")
    assert resolve_query(str(f)) == ("ASK {}", None)
    with pytest.raises(QueryError, match="no library query named 'nope'"):
        resolve_query("nope")


def test_cli_query(out: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["query", str(out), "official-visits", "-p", "fromState=IRN", "-p", "toState=AZE"])
    assert r.exit_code == 0, r.output
    assert "روحانی" in r.output and "rid:person/zarif" in r.output
    r = runner.invoke(app, ["query", str(out), "agreements", "--param", "stateA=IRN", "--param", "stateB=AZE",
                            "--format", "csv"])
    assert r.exit_code == 0 and r.output.startswith("stateA,stateB,date")
    r = runner.invoke(app, ["query", str(out), "dyad-year-counts", "--format", "json"])
    assert r.exit_code == 0 and len(json.loads(r.output)["results"]["bindings"]) == 6
    r = runner.invoke(app, ["query", str(out), "agreements", "-p", "stateA=IRN"])
    assert r.exit_code == 2 and "stateB" in r.output
    r = runner.invoke(app, ["query", str(out), "SELECT * WHERE { ?s ?p }"])
    assert r.exit_code == 2 and "syntax error" in r.output


def test_dyad_year_counts_sort_like_the_state_iris_outside_rid_state_too(tmp_path: Path) -> None:
    import rdflib

    # states with IRIs before, inside and after rid:state/ in STR order, and a state id that is a prefix
    # of another (A / AB): the library query's sort keys must order rows as ORDER BY ?stateA ?stateB
    states = ["http://example.org/s/1", f"{RID}state/A", f"{RID}state/AB", f"{RID}state/B", "urn:x:state"]
    lines, n = [], 0
    for i, a in enumerate(states):
        for b in states[i + 1:]:
            for year in ("2019", "2020", None):
                n += 1
                dyad = f"<{RID}dyad/d{i}-{states.index(b)}>"
                src, dst = (a, b) if n % 2 else (b, a)
                lines += [f"<{RID}tie/t{n}> a rel:Tie, rel:Visit ; rel:tieType \"VISIT\" ; rel:modality \"asserted\" ;",
                          f"  rel:sourceState <{src}> ; rel:targetState <{dst}> ; rel:dyad {dyad} ;",
                          f"  rel:quadClass {1 + n % 4} {f'; rel:year \"{year}\"^^xsd:gYear ; rel:date \"{year}\"^^xsd:gYear' if year else ''} .",
                          f"{dyad} a rel:Dyad ; rel:stateA <{a}> ; rel:stateB <{b}> ."]
    trig = ("@prefix rel: <https://w3id.org/relgraph/ontology#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
            "<https://w3id.org/relgraph/graph/x> {\n" + "\n".join(lines) + "\n}\n")
    (tmp_path / "graph.trig").write_text(trig, encoding="utf-8")
    ds = rdflib.Dataset(default_union=True)
    ds.parse(data=trig, format="trig")
    spec = library()["dyad-year-counts"]
    ours = [tuple(map(_plain, row)) for row in run_query(open_store(tmp_path), spec.text).rows]
    plain = [tuple(map(_plain, row)) for row in ds.query(PLAIN_DYAD_YEAR_COUNTS)]
    assert len(ours) == 30 and ours == plain
    assert [r[0][1] for r in ours[:12]] == [states[0]] * 12 and ours[-1][0][1] == f"{RID}state/B"
