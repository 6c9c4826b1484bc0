"""Analysis over tests/data/mini.trig (hand-written, see its header for what it contains)."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from relgraph.analysis import (
    ActorNotFound,
    ActorRecord,
    AnalysisInputError,
    TieRecord,
    analyze,
    attribute_states,
    centrality,
    communities,
    entity_graph,
    export_all,
    load,
    load_ties,
    official_graph,
    official_state_graph,
    paths,
    report_json,
    state_dyads,
    state_graph,
    timeline,
)
from relgraph.cli import app
from relgraph.report_term import clean, print_report

MINI = Path(__file__).parent / "data" / "mini.trig"
RID = "https://w3id.org/relgraph/id/"
AZE, IRN, ARM = RID + "state/AZE", RID + "state/IRN", RID + "state/ARM"


@pytest.fixture(scope="module")
def kg():
    return load(MINI)


@pytest.fixture(scope="module")
def ties(kg):
    return kg.ties


def person(name: str) -> str:
    return RID + "person/" + name


def dyad(dyads, a, b):
    return next(d for d in dyads if {d.a.iri, d.b.iri} == {a, b})


# --- loading -------------------------------------------------------------------------------------
def test_load_ties_reads_every_field_of_the_contract(ties):
    assert len(ties) == 15
    visit = next(t for t in ties if t.iri.endswith("tie/d1visit"))
    assert (visit.type, visit.date, visit.cameo, visit.plover, visit.quad_class, visit.modality) == (
        "VISIT", "2019-07-02", "042", "CONSULT", 1, "asserted")
    assert (visit.source.iri, visit.source.kind, visit.source.label_fa, visit.source.label_en) == (
        person("hasanov"), "PERSON", "ذاکر حسن‌اف", "Zakir Hasanov")
    assert (visit.target.kind, visit.target.label_en, visit.target.qid) == ("STATE", "Iran", "Q794")
    (ev,) = visit.evidence
    assert (ev.doc_id, ev.sentence_index, ev.start, ev.end, ev.published, ev.url) == (
        "doc1", 0, 0, 63, "2019-07-02", "https://example.ir/news/1")
    assert ev.title == "سفر وزیر دفاع آذربایجان به تهران"
    assert ev.sentence.startswith("ذاکر حسن‌اف وزیر دفاع")


def test_blank_node_evidence_and_cameo_fallback_quad_class(ties):
    meet = next(t for t in ties if t.iri.endswith("tie/d1meet"))
    assert meet.evidence[0].sentence.startswith("او با امیر حاتمی")
    threat = next(t for t in ties if t.iri.endswith("tie/d3threat"))  # no rel:quadClass, CAMEO 138
    assert threat.quad_class == 3


def test_out_folder_and_merged_builds(tmp_path, ties):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(MINI, out / "graph.trig")
    assert len(load_ties(out)) == len(ties)
    # the same build read twice merges: same tie IRIs, same counts
    merged = load([MINI, out])
    assert len(merged.ties) == len(ties)
    assert [d.total for d in state_dyads(merged.ties)] == [d.total for d in state_dyads(ties)]


def test_bad_inputs_say_what_is_wrong(tmp_path):
    with pytest.raises(AnalysisInputError, match="no such file"):
        load(tmp_path / "missing")
    (tmp_path / "x.txt").write_text("hi")
    with pytest.raises(AnalysisInputError, match="unknown RDF file type"):
        load(tmp_path / "x.txt")
    (tmp_path / "bad.ttl").write_text("this is not turtle .")
    with pytest.raises(AnalysisInputError, match="bad.ttl: not valid turtle"):
        load(tmp_path / "bad.ttl")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(AnalysisInputError, match="no graph.trig"):
        load(empty)


# --- state dyads ------------------------------------------------------------------------------------
def test_repeated_event_counts_once(ties):
    d = dyad(state_dyads(ties), AZE, IRN)
    assert d.by_type == {"AGREEMENT": 1, "MEET": 2, "VISIT": 1}  # the visit is in doc1 and doc2
    assert d.total == 4 and d.reports == 5
    visit = next(e for e in d.events if e.type == "VISIT")
    assert sorted(e.doc_id for e in visit.evidence) == ["doc1", "doc2"]
    assert visit.directions == {"state/AZE>state/IRN"}


def test_dyad_balance_and_periods(ties):
    dyads = state_dyads(ties)
    assert dyad(dyads, AZE, IRN).balance == 1.0
    d = dyad(dyads, ARM, AZE)
    assert (d.coop, d.conflict, d.balance) == (1, 3, -0.5)
    assert d.by_year == {"2019": 1, "2020": 3}
    assert d.by_month == {"2019-07": 1, "2020-09": 2, "2020-10": 1}
    # only a negated visit links Armenia and Iran: no dyad
    assert not [x for x in dyads if {x.a.iri, x.b.iri} == {ARM, IRN}]
    assert len(dyads) == 2


def test_attribution_of_officials_and_organisations(ties):
    owner = attribute_states(ties)
    assert owner[person("hasanov")] == AZE  # POSITION → state
    assert owner[person("bagheri")] == IRN  # MEMBER → org with rel:memberOfState
    assert owner[person("pashinyan")] == ARM  # rel:memberOfState
    assert RID + "org/un" not in owner  # Azerbaijan is a MEMBER of the UN, not the other way round


def test_places_count_for_their_state():
    blr = ActorRecord(RID + "state/BLR", "STATE", "بلاروس", "Belarus")
    minsk = ActorRecord(RID + "loc/minsk", "LOC", "مینسک", "Minsk")
    guest = ActorRecord(RID + "state/AZE", "STATE", "آذربایجان", "Azerbaijan")
    ties = [TieRecord("t1", "LOCATED", minsk, blr), TieRecord("t2", "VISIT", guest, minsk, date="2019-07-02", quad_class=1)]
    (d,) = state_dyads(ties)
    assert {d.a.key, d.b.key} == {"state/AZE", "state/BLR"}


def test_state_graph_and_timeline(ties):
    G = state_graph(state_dyads(ties))
    assert set(G.nodes) == {AZE, IRN, ARM}
    assert G.edges[AZE, IRN]["weight"] == 4 and G.edges[ARM, AZE]["balance"] == -0.5
    events = timeline(ties, AZE, ARM)
    assert [e.type for e in events] == ["CRITICIZE", "CONFLICT", "THREATEN", "AGREEMENT"]
    assert [e.period for e in events] == sorted(e.period for e in events)
    # two non-states: their direct ties
    direct = timeline(ties, person("hatami"), person("hasanov"))
    assert [e.type for e in direct] == ["MEET"]


def test_official_graphs(ties):
    og = official_graph(ties)
    assert set(og.edges) >= {(person("hasanov"), person("hatami"))} or og.has_edge(person("hatami"), person("hasanov"))
    assert og.has_edge(person("bagheri"), person("hasanov"))
    assert all(og.nodes[n]["kind"] == "PERSON" for n in og)
    osg = official_state_graph(ties)
    assert osg.edges[person("hasanov"), AZE]["role"] == "own"
    assert osg.edges[person("hasanov"), IRN]["role"] == "foreign"
    assert osg.edges[person("pashinyan"), AZE]["role"] == "foreign"


# --- paths, centrality, communities -------------------------------------------------------------
def test_paths_carry_evidence_for_each_hop(ties):
    G = entity_graph(ties)
    found = paths(G, person("hatami"), person("pashinyan"), cutoff=3)
    assert found and all(len(p.hops) <= 3 for p in found)
    assert len(found[0].hops) == 3
    for p in found:
        assert p.actors[0].iri == person("hatami") and p.actors[-1].iri == person("pashinyan")
        for h in p.hops:
            assert h.ties and all({t.source.iri, t.target.iri} == {h.source.iri, h.target.iri} for t in h.ties)
            assert all(e.sentence for e in h.evidence)
    assert paths(G, person("hatami"), person("pashinyan"), cutoff=2) == []


def test_negated_ties_are_not_in_the_entity_graph(ties):
    G = entity_graph(ties)
    assert not G.has_edge(ARM, IRN)
    assert G.has_edge(ARM, IRN) is False and entity_graph(ties, modalities={"negated"}).has_edge(ARM, IRN)


def test_centrality_and_communities_are_deterministic(ties):
    G = entity_graph(ties)
    rows = centrality(G)
    assert rows[0].actor.iri == AZE and rows[0].weighted_degree == 7 and rows[0].degree == 5
    by = {r.actor.iri: r for r in rows}
    assert by[person("hasanov")].betweenness > 0.3  # the broker between Iran's and Azerbaijan's sides
    assert by[person("pashinyan")].betweenness == 0
    assert communities(G) == communities(G)
    assert sorted(len(c) for c in communities(G)) == sorted(len(c) for c in communities(entity_graph(ties)))
    assert {r.community for r in rows} <= set(range(len(communities(G))))


# --- exports and JSON ---------------------------------------------------------------------------------
def test_exports_parse_back_with_networkx(tmp_path, ties):
    files = export_all(ties, tmp_path / "analysis")
    names = {f.name for f in files}
    assert {"state_graph.graphml", "state_graph.gexf", "entity_graph.graphml", "entity_graph.gexf",
            "state_edges.csv", "entity_edges.csv", "state_events.csv"} <= names
    sg = nx.read_graphml(tmp_path / "analysis" / "state_graph.graphml")
    assert sg.number_of_edges() == 2 and sg.edges[AZE, IRN]["weight"] == 4 and sg.edges[AZE, IRN]["n_MEET"] == 2
    assert sg.nodes[AZE]["label_fa"] == "آذربایجان"
    gx = nx.read_gexf(tmp_path / "analysis" / "entity_graph.gexf")
    assert gx.number_of_nodes() == entity_graph(ties).number_of_nodes()
    rows = list(csv.DictReader((tmp_path / "analysis" / "state_edges.csv").open(encoding="utf-8")))
    aze_irn = next(r for r in rows if {r["source"], r["target"]} == {"state/AZE", "state/IRN"})
    assert (aze_irn["events"], aze_irn["reports"], aze_irn["balance"]) == ("4", "5", "1.0")
    events = list(csv.DictReader((tmp_path / "analysis" / "state_events.csv").open(encoding="utf-8")))
    assert len(events) == 8


def test_report_json_is_plain_data(ties):
    rep = analyze(MINI, dyad=("Iran", "آذربايجان"), path=("Amir Hatami", "نیکول پاشینیان"))
    data = json.loads(json.dumps(report_json(rep), ensure_ascii=False))
    assert data["counts"] == {"actors": 10, "ties": 15, "dyads": 2}
    assert data["dyad"]["a"] == "state/IRN" and len(data["dyad"]["timeline"]) == 4
    assert data["dyad"]["summary"]["events"] == 4 and data["dyad"]["summary"]["balance"] == 1.0
    assert data["paths"]["paths"][0]["hops"][0]["evidence"][0]["sentence"]


# --- naming actors --------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["Azerbaijan", "azerbaijan", "آذربايجان", "آذربایجان", "Q227", "state:AZE",
                                   "state/AZE", "AZE", RID + "state/AZE", "http://www.wikidata.org/entity/Q227"])
def test_resolve_actor_by_label_key_or_qid(kg, query):
    assert kg.resolve(query).iri == AZE


def test_resolve_actor_handles_zwnj_and_ambiguity(kg):
    assert kg.resolve("حسن اف").iri == person("hasanov")  # typed with a space instead of ZWNJ
    assert kg.resolve("حسناف").iri == person("hasanov")
    assert kg.resolve("ستاد کل").iri == RID + "org/afgs"  # unique part of a label
    with pytest.raises(ActorNotFound, match="Did you mean: Armenia"):
        kg.resolve("Armenai")


def test_resolve_actor_prefers_states_and_reports_ambiguity():
    from relgraph.analysis import resolve_actor

    state = ActorRecord(RID + "state/GEO", "STATE", "گرجستان", "Georgia")
    org = ActorRecord(RID + "org/geo", "ORG", "گرجستان", None)
    assert resolve_actor([org, state], "گرجستان") is state
    twins = [ActorRecord(RID + "person/a", "PERSON", "علی رضایی"), ActorRecord(RID + "person/b", "PERSON", "علی رضایی")]
    with pytest.raises(ActorNotFound, match=r"ambiguous: .*person/a.*person/b"):
        resolve_actor(twins, "علی رضایی")


# --- command line and terminal output ------------------------------------------------------------
runner = CliRunner()


def test_cli_analyze_json_and_errors(tmp_path):
    res = runner.invoke(app, ["analyze", str(MINI), "--json", "--dyad", "ایران", "Azerbaijan"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["dyad"]["b"] == "state/AZE"
    res = runner.invoke(app, ["analyze", str(MINI), "--path", "Nobody", "Iran"])
    assert res.exit_code == 2 and "no actor matches 'Nobody'" in " ".join(res.output.split())
    res = runner.invoke(app, ["analyze", str(tmp_path / "nope")])
    assert res.exit_code == 2 and "no such file" in " ".join(res.output.split())  # rich wraps long paths


def test_cli_analyze_export_writes_under_the_input_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(MINI, out / "graph.trig")
    res = runner.invoke(app, ["analyze", str(out), "--export"])
    assert res.exit_code == 0, res.output
    assert (out / "analysis" / "state_graph.gexf").is_file()


def _render(rep, width=140) -> str:
    console = Console(width=width, record=True, highlight=False, force_terminal=False, color_system=None)
    print_report(rep, console)
    return console.export_text()


ARABIC = re.compile(r"[\u0600-\u06FF]+(?:[\s\u200c–]+[\u0600-\u06FF]+)*")  # neutrals between RTL runs are RTL


def test_terminal_tables_keep_persian_intact_and_last():
    rep = analyze(MINI, dyad=("Azerbaijan", "Armenia"))
    text = _render(rep)
    for label in ("ذاکر حسن‌اف", "نیکول پاشینیان", "ارمنستان – آذربایجان", "ستاد کل نیروهای مسلح"):
        assert label in text  # logical order, ZWNJ kept: never reversed or reshaped
    table_lines = [ln for ln in text.splitlines() if ln.startswith("│")]
    assert table_lines
    for ln in table_lines:
        runs = ARABIC.findall(ln)
        assert len(runs) <= 1, ln  # at most one right-to-left run per table line…
        if runs:  # …and it is the last cell: only spaces and the border after it
            assert re.fullmatch(r"[\s│]*", ln[ln.rindex(runs[0]) + len(runs[0]):]), ln
    # every line of one table has the same display width, Persian rows included
    blocks: dict[int, set[int]] = {}
    for ln in text.splitlines():
        if ln[:1] in "┏┃┡│└":
            blocks.setdefault(len(blocks) if ln[0] == "┏" else max(blocks), set()).add(cell_len(ln.rstrip()))
    assert all(len(widths) == 1 for widths in blocks.values()), blocks
    assert "Zakir Hasanov" in text and "-0.50" in text and "+1.00" in text


def test_terminal_output_strips_control_characters():
    assert clean("a\x1b[31mred\u202eb\n") == "a[31mredb\n"
    evil = ActorRecord(RID + "state/XXX", "STATE", "کشور\x1b]0;pwned\x07", "[bold]Evil[/] \x1b[2J")
    other = ActorRecord(RID + "state/YYY", "STATE", "دیگر", "Other")
    ties = [TieRecord("t", "MEET", evil, other, date="2020-01-01", quad_class=1)]
    from relgraph.analysis.load import LoadedGraph

    rep = analyze(LoadedGraph({a.iri: a for a in (evil, other)}, ties))
    text = _render(rep)
    assert "\x1b" not in text and "\x07" not in text
    assert "[bold]Evil[/]" in text  # shown as text, not taken as rich markup


def test_sampled_betweenness_on_larger_graphs_is_repeatable():
    from test_render import synthetic_ties

    G = entity_graph(synthetic_ties(600, 1500))
    first, second = centrality(G), centrality(G)
    assert [(r.actor.iri, r.betweenness, r.community) for r in first] == [
        (r.actor.iri, r.betweenness, r.community) for r in second]
    assert max(r.betweenness for r in first) > 0
