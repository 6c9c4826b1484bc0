"""`relgraph build` end to end: outputs, exit codes, bad inputs among good ones, atomic output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.pipeline import build

GOOD = "وزیر امور خارجه ایران با وزیر خارجه روسیه در مسکو دیدار کرد."
runner = CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "a.txt").write_text("عنوان\n\n" + GOOD + "\n", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (src / "cp1256.txt").write_bytes("رئيس جمهور تركيه به تهران سفر كرد.".encode("cp1256"))
    (src / "page.html").write_text(
        "<html><head><title>خبر</title><script>alert('x')</script></head><body><p>" + GOOD + "</p></body></html>",
        encoding="utf-8")
    lines = [json.dumps({"id": "j1", "title": "تیتر", "text": GOOD}, ensure_ascii=False), "{broken",
             json.dumps({"id": "j2"}), json.dumps({"id": "j3", "text": "سفیر چین در ژاپن احضار شد."}, ensure_ascii=False)]
    (src / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def test_build_writes_every_output(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build([corpus], out)
    for name in ("graph.ttl", "graph.trig", "graph.jsonld", "facts.jsonl", "report.json", "graph.html"):
        assert (out / name).is_file(), name
    assert result.documents == 5  # a.txt, cp1256.txt, page.html, j1, j3
    assert result.conforms
    Graph().parse(out / "graph.ttl")
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    assert len(list(ds.graphs())) >= 5
    docs = [json.loads(line)["doc"] for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert set(docs) == {"a", "cp1256", "page", "j1", "j3"}


def test_build_reports_each_bad_input_with_file_and_line(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([corpus], out)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    where = {(Path(s["path"]).name, s.get("line")) for s in report["skipped"]}
    assert ("empty.txt", None) in where
    assert ("bin.txt", None) in where
    assert ("news.jsonl", 2) in where  # broken JSON
    assert ("news.jsonl", 3) in where  # no text
    assert all(s["reason"] for s in report["skipped"])


def test_build_cli_exit_codes(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ok = runner.invoke(app, ["build", str(corpus / "a.txt"), "-o", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "documents" in ok.output
    skipped = runner.invoke(app, ["build", str(corpus), "-o", str(out)])
    assert skipped.exit_code == 0  # some inputs skipped, everything else written
    strict = runner.invoke(app, ["build", str(corpus), "-o", str(out), "--strict"])
    assert strict.exit_code == 1
    missing = runner.invoke(app, ["build", str(tmp_path / "nope"), "-o", str(out)])
    assert missing.exit_code == 2


def test_build_failure_leaves_previous_output_intact(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    build([corpus / "a.txt"], out)
    before = (out / "graph.ttl").read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("relgraph.rdf.write_outputs", boom)
    with pytest.raises(RuntimeError):
        build([corpus], out)
    assert (out / "graph.ttl").read_bytes() == before


def test_build_is_deterministic(corpus: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path / "o1")
    build([corpus], tmp_path / "o2")
    for name in ("graph.ttl", "graph.trig", "facts.jsonl"):
        assert (tmp_path / "o1" / name).read_bytes() == (tmp_path / "o2" / name).read_bytes(), name


def test_build_refuses_foreign_output_folder(corpus: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.docx").write_text("precious", encoding="utf-8")
    (home / "graph.ttl").write_text("someone else's graph", encoding="utf-8")  # a name relgraph writes
    res = runner.invoke(app, ["build", str(corpus / "a.txt"), "-o", str(home)])
    assert res.exit_code == 2
    assert (home / "thesis.docx").read_text(encoding="utf-8") == "precious"
    assert (home / "graph.ttl").read_text(encoding="utf-8") == "someone else's graph"


def test_build_shares_a_folder_that_holds_other_things(corpus: Path, tmp_path: Path) -> None:
    """`relgraph build … -o out > out/build.log`: the log is created first; the build must still run."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "build.log").write_text("log so far", encoding="utf-8")
    res = runner.invoke(app, ["build", str(corpus / "a.txt"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "build.log").read_text(encoding="utf-8") == "log so far"
    assert (out / "graph.ttl").is_file() and (out / "facts.jsonl").is_file()
    first = (out / "graph.ttl").read_bytes()
    res = runner.invoke(app, ["build", str(corpus / "a.txt"), "-o", str(out)])  # again: owned files replaced
    assert res.exit_code == 0, res.output
    assert (out / "graph.ttl").read_bytes() == first
    assert (out / "build.log").read_text(encoding="utf-8") == "log so far"


def test_extract_prints_facts_json(corpus: Path) -> None:
    res = runner.invoke(app, ["extract", str(corpus / "a.txt")])
    assert res.exit_code == 0, res.output
    facts = json.loads(res.stdout)
    assert facts["doc"] == "a"
    assert {e["type"] for e in facts["entities"]} >= {"STATE"}


def test_build_huge_jsonl_line_is_skipped_not_fatal(tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    big = json.dumps({"id": "big", "text": "کلمه " * 300_000}, ensure_ascii=False)
    src.write_text(big + "\n" + json.dumps({"id": "ok", "text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = build([src], tmp_path / "out", max_bytes=1_000_000)
    assert result.documents == 1 and result.skipped == 1
