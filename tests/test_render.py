"""graph.html: one offline file, safe with hostile article text, carrying the expected data."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relgraph.analysis import ActorRecord, TieRecord, entity_graph, load
from relgraph.cli import app
from relgraph.model import ENTITY_TYPES, TIE_TYPES
from relgraph.render import build_page_data, escape_json_for_html, load_style, render_html

MINI = Path(__file__).parent / "data" / "mini.trig"
RID = "https://w3id.org/relgraph/id/"
DATA_BLOCK = re.compile(r'<script type="application/json" id="relgraph-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    out = render_html(MINI, tmp_path_factory.mktemp("html") / "graph.html", title="mini <test>")
    return out.read_text(encoding="utf-8")


def page_data(html: str) -> dict:
    (block,) = DATA_BLOCK.findall(html)
    return json.loads(block)


def test_one_file_with_nothing_loaded_from_the_network(page):
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"<link\b|<script[^>]*\bsrc=|<iframe|<img\b", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert "default-src 'none'" in page  # the CSP forbids any load, belt and braces
    assert "vis.Network" in page and "relgraph-data" in page


def test_script_in_an_article_stays_text(page):
    # exactly our three <script> elements close; the article's </script> is escaped inside the JSON
    assert page.lower().count("</script") == 3
    assert "<!--" not in page  # would switch a script element into its "escaped" parsing state
    (block,) = DATA_BLOCK.findall(page)
    assert "<" not in block and ">" not in block and "&" not in block
    sentences = [e["sentence"] for f in page_data(page)["facts"] for e in f["ev"]]
    assert any("</script><script>alert(1)</script>" in s for s in sentences)
    titles = [e["title"] for f in page_data(page)["facts"] for e in f["ev"]]
    assert "دیدار <b>باقری</b> و حسن‌اف" in titles
    assert "<title>mini &lt;test&gt;</title>" in page


def test_app_script_never_uses_innerhtml_with_data():
    js = (Path(__file__).parents[1] / "src" / "relgraph" / "render_assets" / "graph.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", js)


def test_json_escaping():
    text = escape_json_for_html({"s": "</script><!-- a & b \u2028 \u2029 >"})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"s": "</script><!-- a & b \u2028 \u2029 >"}


def test_page_data_nodes_edges_and_facts(page):
    data = page_data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes) == {RID + x for x in ("state/AZE", "state/IRN", "state/ARM", "person/hasanov", "person/hatami",
                                            "person/bagheri", "person/pashinyan", "org/un", "org/afgs")}
    aze = nodes[RID + "state/AZE"]
    assert (aze["fa"], aze["en"], aze["kind"], aze["shape"]) == ("آذربایجان", "Azerbaijan", "STATE", "dot")
    assert aze["label"] == "آذربایجان\nAzerbaijan" and aze["value"] == 7  # size = weighted degree
    visit = next(e for e in data["edges"] if e["from"] == RID + "person/hasanov" and e["type"] == "VISIT")
    assert len(visit["facts"]) == 2 and visit["value"] == 1  # two articles, one event
    assert visit["label"] == "Visit" and visit["color"] == load_style()["tie_types"]["VISIT"]["color"]
    # the negated visit of Armenia to Iran is not drawn
    assert not [e for e in data["edges"] if {e["from"], e["to"]} == {RID + "state/ARM", RID + "state/IRN"}]
    assert data["meta"]["dateMin"] == "2019-07-01" and data["meta"]["dateMax"] == "2020-10-10"
    assert set(data["kinds"]) == {"STATE", "PERSON", "ORG"}
    assert not data["meta"]["big"] and data["meta"]["edgeLabels"]
    assert data["meta"]["iterations"] <= 300 and data["meta"]["maxLayoutMs"] <= 30000


def test_inputs_of_every_kind_give_the_same_graph(tmp_path):
    kg = load(MINI)
    ids = None
    for i, source in enumerate((MINI, kg, kg.ties, entity_graph(kg.ties))):
        data = page_data(render_html(source, tmp_path / f"g{i}.html").read_text(encoding="utf-8"))
        got = sorted(n["id"] for n in data["nodes"])
        assert ids is None or got == ids
        ids = got
    with pytest.raises(TypeError, match="cannot draw a int"):
        render_html(42, tmp_path / "x.html")


def test_style_covers_every_kind_and_tie_type():
    style = load_style()
    assert set(ENTITY_TYPES) <= set(style["node_kinds"])
    assert set(TIE_TYPES) <= set(style["tie_types"])
    for entry in [*style["node_kinds"].values(), *style["tie_types"].values()]:
        assert re.fullmatch(r"#[0-9a-fA-F]{6}", entry["color"]) and entry["label_fa"] and entry["label_en"]


def test_bad_style_file_is_reported(tmp_path):
    bad = tmp_path / "style.yaml"
    bad.write_text("node_kinds: [1, 2]\n")
    with pytest.raises(ValueError, match="needs a mapping 'node_kinds:'"):
        load_style(bad)


def synthetic_ties(n_nodes: int, n_edges: int, seed: int = 1) -> list[TieRecord]:
    """A random graph of states, persons and orgs with dated ties (for size tests)."""
    import random

    rnd = random.Random(seed)
    kinds = ["STATE", "PERSON", "ORG", "LOC"]
    types = ["VISIT", "MEET", "AGREEMENT", "CRITICIZE", "THREATEN", "COOPERATE", "STATEMENT", "CONFLICT"]
    actors = [ActorRecord(f"{RID}x/n{i}", kinds[i % 4], f"بازیگر {i}", f"Actor {i}") for i in range(n_nodes)]
    ties = []
    for j in range(n_edges):
        a, b = rnd.sample(actors, 2) if j >= n_nodes else (actors[j], rnd.choice(actors[:j] + actors[j + 1:]))
        ties.append(TieRecord(f"{RID}tie/t{j}", rnd.choice(types), a, b,
                              date=f"20{rnd.randint(10, 24)}-{rnd.randint(1, 12):02d}", quad_class=rnd.randint(1, 4)))
    return ties


def test_big_graph_switches_to_the_fast_settings():
    data = build_page_data(synthetic_ties(2000, 10000), load_style())
    assert len(data["nodes"]) == 2000 and len(data["facts"]) == 10000
    assert data["meta"]["big"] and not data["meta"]["edgeLabels"]
    assert all(e["smooth"] is False for e in data["edges"])


def test_cli_render_writes_next_to_the_input(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(MINI, out / "graph.trig")
    res = CliRunner().invoke(app, ["render", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "graph.html").is_file() and "wrote" in res.output
    res = CliRunner().invoke(app, ["render", str(tmp_path / "missing.trig")])
    assert res.exit_code == 2 and "no such file" in res.output
