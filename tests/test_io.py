"""Reading corpora: every bad input is a Skip and the rest goes on; staged, guarded output folders."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from relgraph.errors import InputError
from relgraph.io import DEFAULT_MAX_BYTES, ReadReport, iter_documents, read_text_file
from relgraph.outdir import MARKER, staged_output

FA = "شرکت نظامیان جمهوری آذربایجان در مراسم رژه نظامی در بلاروس"
FA2 = "وزیر دفاع بلاروس در روز سه شنبه 2 ژوئیه به مینسک سفر کرد."


def read(*inputs: Path, **kw) -> tuple[list, ReadReport]:
    report = ReadReport()
    return list(iter_documents(list(inputs), report, **kw)), report


def reasons(items) -> dict[str, str]:
    return {s.where: s.reason for s in items}


# --- text files -----------------------------------------------------------------------------------
def test_io_text_file_keeps_exact_text_and_id(tmp_path):
    f = tmp_path / "seed-az-by-parade.fa.txt"
    raw = f"\n\n{FA}\r\n\r\n{FA2}  \n"
    f.write_bytes(raw.encode("utf-8"))
    (doc,), report = read(f)
    assert doc.id == "seed-az-by-parade.fa"
    assert doc.text == raw  # nothing stripped, CRLF kept: offsets index into it
    assert doc.title == FA
    assert doc.path == str(f)
    assert report.read == [("seed-az-by-parade.fa", str(f))]
    assert report.skipped == [] and report.warnings == []


def test_io_bom_is_removed_with_a_warning(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"\xef\xbb\xbf" + FA.encode())
    (doc,), report = read(f)
    assert doc.text == FA
    assert "BOM" in reasons(report.warnings)[str(f)]


@pytest.mark.parametrize(("content", "expect"), [
    (b"", "empty file (0 bytes)"),
    (b" \n\t\r\n  ", "only whitespace"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "looks binary (contains NUL bytes)"),
    (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20, "looks binary (many control characters)"),
    ("Le président a visité Téhéran à l'été. Très bien ça.".encode("cp1252"), "not UTF-8"),
])
def test_io_bad_text_files_are_skipped_and_the_rest_goes_on(tmp_path, content, expect):
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_bytes(content)
    good.write_text(FA, encoding="utf-8")
    docs, report = read(bad, good)
    assert [d.id for d in docs] == ["good"]
    assert expect in reasons(report.skipped)[str(bad)]
    with pytest.raises(InputError, match=str(bad)):
        read_text_file(bad)


def test_io_windows_1256_persian_is_decoded_with_a_warning(tmp_path):
    f = tmp_path / "cp.txt"
    text = f"{FA}\n\n{FA2}".replace("ی", "ي")  # Windows-1256 has only the Arabic yeh
    f.write_bytes(text.encode("cp1256"))
    (doc,), report = read(f)
    assert doc.text == text
    assert "Windows-1256" in reasons(report.warnings)[str(f)]


def test_io_a_few_broken_bytes_in_utf8_are_replaced_with_a_warning(tmp_path):
    f = tmp_path / "damaged.txt"
    f.write_bytes((FA * 5).encode() + b"\xff" + FA2.encode())
    (doc,), report = read(f)
    assert doc.text == FA * 5 + "\ufffd" + FA2
    assert "replaced by U+FFFD" in reasons(report.warnings)[str(f)]


def test_io_badly_damaged_utf8_is_not_misread_as_windows_1256(tmp_path):
    f = tmp_path / "mojibake.txt"
    data = bytearray((FA * 3).encode())
    for i in range(0, len(data), 7):
        data[i] = 0xFF  # many broken sequences: neither UTF-8 nor Persian in Windows-1256
    f.write_bytes(bytes(data))
    docs, report = read(f)
    assert docs == [] and "does not read as Persian in Windows-1256" in reasons(report.skipped)[str(f)]


def test_io_file_over_the_limit_is_skipped_naming_limit_and_option(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: costs no disk and is never read
        fh.truncate(DEFAULT_MAX_BYTES + 1)
    small = tmp_path / "small.txt"
    small.write_text(FA * 10, encoding="utf-8")
    docs, report = read(big, small)
    assert [d.id for d in docs] == ["small"]
    why = reasons(report.skipped)[str(big)]
    assert f"{DEFAULT_MAX_BYTES:,} bytes" in why and "--max-bytes" in why
    docs, report = read(small, max_bytes=100)
    assert docs == [] and "over the limit of 100 bytes" in reasons(report.skipped)[str(small)]


def test_io_unreadable_file_is_skipped(tmp_path, monkeypatch):
    locked, good = tmp_path / "locked.txt", tmp_path / "good.txt"
    locked.write_text(FA, encoding="utf-8")
    good.write_text(FA, encoding="utf-8")
    real_open = Path.open

    def deny(self, *a, **kw):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *a, **kw)

    monkeypatch.setattr(Path, "open", deny)
    docs, report = read(locked, good)
    assert [d.id for d in docs] == ["good"]
    assert "permission denied" in reasons(report.skipped)[str(locked)]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_io_unreadable_file_by_mode_is_skipped(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text(FA, encoding="utf-8")
    locked.chmod(0)
    try:
        docs, report = read(locked)
        assert docs == [] and "permission denied" in reasons(report.skipped)[str(locked)]
    finally:
        locked.chmod(0o644)


def test_io_unknown_extension_and_missing_path_are_skipped(tmp_path):
    csv = tmp_path / "corpus.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    docs, report = read(csv, tmp_path / "nope.txt")
    assert docs == []
    r = reasons(report.skipped)
    assert "unsupported file type ('.csv')" in r[str(csv)]
    assert "no such file or folder" in r[str(tmp_path / "nope.txt")]
    with pytest.raises(InputError, match="unsupported file type"):
        read_text_file(csv)
    with pytest.raises(InputError, match="JSON Lines corpus"):
        read_text_file(tmp_path / "c.jsonl")


# --- folders ------------------------------------------------------------------------------------
def test_io_folder_is_recursive_sorted_and_ignores_hidden(tmp_path):
    for rel in ["b.txt", "a/z.md", "a/b/c.html", "c.TXT", ".hidden.txt", ".git/x.txt", "notes.csv"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"<p>{FA}</p>" if rel.endswith(".html") else FA, encoding="utf-8")
    docs, report = read(tmp_path)
    assert [d.path for d in docs] == [str(tmp_path / "a/b/c.html"), str(tmp_path / "a/z.md"), str(tmp_path / "b.txt")]
    assert [d.id for d in docs] == ["c", "z", "b"]
    # c.TXT has the same doc id as a/b/c.html: first kept, second warned about
    dup = reasons(report.warnings)[str(tmp_path / "c.TXT")]
    assert "duplicate doc id 'c'" in dup and "a/b/c.html" in dup
    assert "ignored: not an input type" in reasons(report.warnings)[str(tmp_path / "notes.csv")]
    assert report.skipped == []
    assert all(".hidden" not in w.path and ".git" not in w.path for w in report.warnings)


# --- JSON Lines -----------------------------------------------------------------------------------
def test_io_jsonl_layout_ids_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "n1", "title": "عنوان", "lead": "لید خبر", "text": FA, "date": "1391/12/26",
                    "source": "farsnews.ir", "url": "https://example.org/1"}, ensure_ascii=False),
        json.dumps({"title": "عنوان دوم", "lead": "", "text": FA2}, ensure_ascii=False),  # no id, empty lead
        '{"id": "broken", "text": "ناتمام',  # broken JSON in the middle
        "",  # blank lines are ignored
        '["not", "an", "object"]',
        json.dumps({"id": "notext", "title": "بدون متن"}, ensure_ascii=False),
        json.dumps({"id": "numtext", "text": 42}),
        json.dumps({"id": "blank", "text": "   "}),
        json.dumps({"id": "n1", "text": FA2}, ensure_ascii=False),  # duplicate id
        json.dumps({"id": 7, "text": FA, "title": ["x"]}, ensure_ascii=False),
    ]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, report = read(corpus)
    assert [d.id for d in docs] == ["n1", "news:2", "7"]
    first, second, third = docs
    assert first.text == f"عنوان\n\nلید خبر\n\n{FA}"
    assert (first.title, first.date, first.source, first.url) == ("عنوان", "1391/12/26", "farsnews.ir",
                                                                  "https://example.org/1")
    assert first.path == f"{corpus}:1"
    assert second.text == f"عنوان دوم\n\n{FA2}" and second.path == f"{corpus}:2"
    assert third.text == FA and third.title is None
    r = reasons(report.skipped)
    assert "broken JSON" in r[f"{corpus}:3"]
    assert "JSON line is an array, not an object" in r[f"{corpus}:5"]
    assert 'no "text" field' in r[f"{corpus}:6"]
    assert '"text" is a number, not a string' in r[f"{corpus}:7"]
    assert '"text" is empty' in r[f"{corpus}:8"]
    w = reasons(report.warnings)
    assert "duplicate doc id 'n1'" in w[f"{corpus}:9"] and f"{corpus}:1" in w[f"{corpus}:9"]
    assert '"title" is an array' in w[f"{corpus}:10"]
    assert report.read == [("n1", f"{corpus}:1"), ("news:2", f"{corpus}:2"), ("7", f"{corpus}:10")]
    out = report.to_json()
    json.dumps(out)  # serialisable
    assert out["read_count"] == 3 and out["skipped_count"] == 5
    assert {"path": str(corpus), "line": 3, "reason": r[f"{corpus}:3"]} in out["skipped"]


def test_io_jsonl_long_line_skipped_and_streaming_continues(tmp_path):
    corpus = tmp_path / "big.jsonl"
    good = json.dumps({"id": "ok", "text": FA}, ensure_ascii=False)
    huge = json.dumps({"id": "huge", "text": "ا" * 5000}, ensure_ascii=False)
    corpus.write_text("\n".join([good, huge, good.replace("ok", "ok2")]), encoding="utf-8")
    docs, report = read(corpus, max_bytes=2000)
    assert [d.id for d in docs] == ["ok", "ok2"]
    why = reasons(report.skipped)[f"{corpus}:2"]
    assert "over the limit of 2,000 bytes" in why and "--max-bytes" in why


def test_io_jsonl_bad_encoding_bom_and_empty_corpus(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": FA}).encode() + b"\n"
                       + b'{"text": "\xe1\xe4"}\n')
    docs, report = read(corpus)
    assert [d.id for d in docs] == ["c:1"]
    assert "not valid UTF-8" in reasons(report.skipped)[f"{corpus}:2"]
    assert "BOM" in reasons(report.warnings)[str(corpus)]
    empty = tmp_path / "e.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    docs, report = read(empty)
    assert docs == [] and "no records" in reasons(report.skipped)[str(empty)]


# --- HTML -----------------------------------------------------------------------------------------
PAGE = """<!doctype html><html><head><title>رژه در مینسک - آران نیوز</title>
<meta property="article:published_time" content="2019-07-03T10:00:00+03:00">
<meta property="og:site_name" content="Aran News"><style>p {color: red}</style>
<script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">خانه</a> | <a href="/fa">اخبار</a></nav>
<div class="menu">منو</div>
<article><h1>رژه در مینسک</h1><p>وزیر دفاع &laquo;بلاروس&raquo; &amp; آذربایجان</p>
<p>دیدار   در
مینسک<br>بند دوم</p><script>alert(1)</script></article>
<footer>همه حقوق محفوظ است</footer></body></html>"""


def test_io_html_strips_scripts_styles_and_navigation(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    (doc,), report = read(f)
    assert doc.id == "page"
    assert doc.text == "رژه در مینسک\n\nوزیر دفاع «بلاروس» & آذربایجان\n\nدیدار در مینسک\n\nبند دوم"
    assert doc.title == "رژه در مینسک"
    assert (doc.date, doc.source) == ("2019-07-03T10:00:00+03:00", "Aran News")
    for noise in ("not text", "alert", "خانه", "منو", "حقوق", "color"):
        assert noise not in doc.text


def test_io_html_without_text_is_skipped_and_title_used_when_no_heading(tmp_path):
    empty = tmp_path / "empty.htm"
    empty.write_text("<html><script>x()</script><nav>منو</nav></html>", encoding="utf-8")
    bare = tmp_path / "bare.htm"
    bare.write_text(f"<title>{FA}</title><body><p>{FA2}</p>", encoding="utf-8")
    docs, report = read(empty, bare)
    assert "no text outside scripts" in reasons(report.skipped)[str(empty)]
    assert [d.text for d in docs] == [f"{FA}\n\n{FA2}"]


def test_io_html_in_a_declared_legacy_charset(tmp_path):
    f = tmp_path / "legacy.html"
    body = FA.replace("ی", "ي")
    f.write_bytes(f'<html><head><meta charset="windows-1256"></head><body><p>{body}</p></body></html>'.encode("cp1256"))
    (doc,), report = read(f)
    assert doc.text == body
    assert "windows-1256 (declared in the page)" in reasons(report.warnings)[str(f)]


# --- staged output --------------------------------------------------------------------------------
def test_outdir_success_creates_marked_folder_and_leaves_no_temp(tmp_path):
    out = tmp_path / "out"
    with staged_output(out) as tmp:
        (tmp / "graph.ttl").write_text("new", encoding="utf-8")
        assert not out.exists()  # nothing visible until the block succeeds
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "new"
    assert (out / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_outdir_replaces_previous_output_only_on_success(tmp_path):
    out = tmp_path / "out"
    with staged_output(out) as tmp:
        (tmp / "old.ttl").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="boom"), staged_output(out) as tmp:
        (tmp / "half.ttl").write_text("half", encoding="utf-8")
        raise RuntimeError("boom")
    assert (out / "old.ttl").read_text(encoding="utf-8") == "old" and not (out / "half.ttl").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the temp folder is gone
    with staged_output(out) as tmp:
        (tmp / "new.ttl").write_text("new", encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "new.ttl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_outdir_refuses_foreign_folders_and_files(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.docx").write_text("precious", encoding="utf-8")
    with pytest.raises(InputError, match="refusing to replace"), staged_output(home):
        pytest.fail("the block must not run")
    assert (home / "thesis.docx").read_text(encoding="utf-8") == "precious"
    afile = tmp_path / "file.txt"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a folder"), staged_output(afile):
        pass
    link = tmp_path / "link"
    link.symlink_to(home)
    with pytest.raises(InputError, match="symbolic link"), staged_output(link):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "home", "link"]


def test_outdir_empty_existing_folder_is_accepted(tmp_path):
    out = tmp_path / "fresh"
    out.mkdir()
    with staged_output(out) as tmp:
        (tmp / "a").write_text("1", encoding="utf-8")
    assert (out / "a").is_file() and (out / MARKER).is_file()


def test_outdir_shares_a_folder_with_other_files_when_names_are_declared(tmp_path):
    out = tmp_path / "results"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with staged_output(out, ("graph.ttl", "shacl-report.txt")) as tmp:
        (tmp / "graph.ttl").write_text("v1", encoding="utf-8")
        (tmp / "shacl-report.txt").write_text("violations", encoding="utf-8")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    with staged_output(out, ("graph.ttl", "shacl-report.txt")) as tmp:
        (tmp / "graph.ttl").write_text("v2", encoding="utf-8")  # no report this time: the stale one goes
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "graph.ttl", "notes.txt"]
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "v2"
    with pytest.raises(RuntimeError), staged_output(out, ("graph.ttl",)) as tmp:
        (tmp / "graph.ttl").write_text("half", encoding="utf-8")
        raise RuntimeError("boom")
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "v2"  # a failed build changes nothing
    (out / "facts.jsonl").write_text("someone else's", encoding="utf-8")
    with pytest.raises(InputError, match="refusing"), staged_output(out, ("facts.jsonl",)):
        pytest.fail("a name taken by a foreign file must be refused before the block runs")
