"""Reading corpora into ``Document``s without letting one bad file stop the rest.

Why this module exists: real corpora are messy (empty files, stray binaries, Windows-1256 exports,
broken JSON lines, HTML pages with scripts and menus, huge dumps). Every problem becomes a ``Skip``
(file, line, what was wrong and what to do) in a ``ReadReport``; the corpus goes on.

Inputs: ``.txt``/``.md`` files (text kept exactly as decoded, so offsets index into it; only a UTF-8
BOM is dropped, with a warning), ``.html``/``.htm`` pages (text outside scripts, styles and navigation,
paragraphs separated by blank lines), folders (recursive, sorted, hidden entries ignored; files of
other kinds inside a folder are listed as warnings, not skips) and ``.jsonl``/``.ndjson`` corpora
(one record ``{"id","title","lead","text","date","source","url"}`` a line, only ``text`` required;
the document text is title, lead and text joined by blank lines, skipping empty parts; read line by
line so memory stays bounded). A file's doc id is its name without the final extension; a record's
is its ``id``, else ``{file stem}:{line}``. A repeated doc id keeps the first document and warns.

``max_bytes`` (default ``DEFAULT_MAX_BYTES``, 5 MB, far above any news article) bounds a single
text/HTML file and a single JSON line; the CLI exposes it as ``--max-bytes``.
"""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from relgraph.errors import InputError
from relgraph.model import Document

__all__ = [
    "DEFAULT_MAX_BYTES", "HTML_SUFFIXES", "JSONL_SUFFIXES", "TEXT_SUFFIXES",
    "ReadReport", "Skip", "html_to_text", "iter_documents", "read_text_file",
]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_SUPPORTED = ", ".join(sorted(TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES))
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Skip:
    """An input (or one line of it) that was not read, or read with a caveat; ``reason`` says what to do."""

    path: str
    line: int | None
    reason: str

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class ReadReport:
    """What ``iter_documents`` read (doc id, path[:line]), skipped, and read with a warning."""

    read: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[Skip] = field(default_factory=list)

    def to_json(self) -> dict:
        item = lambda s: {"path": s.path, "line": s.line, "reason": s.reason}  # noqa: E731
        return {
            "read_count": len(self.read), "skipped_count": len(self.skipped),
            "warning_count": len(self.warnings),
            "read": [{"doc": d, "path": p} for d, p in self.read],
            "skipped": [item(s) for s in self.skipped], "warnings": [item(s) for s in self.warnings],
        }


# --- bytes → text ------------------------------------------------------------------------------
def _looks_persian(text: str) -> bool:
    """Plausible Persian: mostly Arabic-script letters, and not UTF-8 misread as Windows-1256.

    UTF-8 Persian read as cp1256 turns every lead byte 0xD8-0xDB into ط ظ ع غ, so those four letters
    make about half of the letters; in real Persian they are a few percent.
    """
    letters = [c for c in text if c.isalpha()]
    arabic = [c for c in letters if _ARABIC.match(c)]
    if not arabic or len(arabic) < 0.5 * len(letters):
        return False
    return sum(c in "طظعغ" for c in arabic) < 0.2 * len(arabic)


def _declared_charset(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None


def _decode(data: bytes, warn: list[str], *, html: bool = False) -> str:
    """Decode an article's bytes; raise InputError(reason) when it is not usable text."""
    if data.startswith(b"\xef\xbb\xbf"):
        warn.append("UTF-8 byte order mark (BOM) removed; offsets count from the character after it")
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        warn.append("UTF-16 text decoded; re-save it as UTF-8 so other tools agree on offsets")
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"has a UTF-16 byte order mark but is not valid UTF-16 ({exc.reason}); "
                             "re-save it as UTF-8") from exc
    if b"\x00" in data:
        raise InputError("looks binary (contains NUL bytes), not a text article; remove it from the inputs "
                         "or convert it to UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _decode_fallback(data, exc, warn, html=html)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 100):
        raise InputError("looks binary (many control characters), not a text article; remove it from the inputs")
    return text


def _decode_fallback(data: bytes, exc: UnicodeDecodeError, warn: list[str], *, html: bool) -> str:
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    if bad <= max(3, len(lossy) // 1000) and _looks_persian(lossy):
        warn.append(f"{bad} invalid UTF-8 byte sequence(s) (first at byte {exc.start}) replaced by U+FFFD; "
                    "the rest is UTF-8")
        return lossy
    declared = _declared_charset(data) if html else None
    for enc in dict.fromkeys(e for e in (declared, "cp1256") if e):
        try:
            text = data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
        if _looks_persian(text) or (enc == declared and enc not in ("utf-8", "utf8")):
            warn.append(f"not UTF-8: decoded as {'Windows-1256' if enc == 'cp1256' else enc}"
                        f"{' (Persian)' if enc == 'cp1256' else ' (declared in the page)'}; offsets index into "
                        "the decoded text; re-save it as UTF-8 to silence this warning")
            return text
    raise InputError(f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}) and it does not "
                     "read as Persian in Windows-1256 either; convert it to UTF-8, e.g. "
                     "`iconv -f ITS-ENCODING -t UTF-8`")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of one article file, refusing specials, empty and oversized files (InputError)."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file; give an article file or a folder")
        if st.st_size > max_bytes:
            raise InputError(f"{st.st_size:,} bytes is over the limit of {max_bytes:,} bytes per article; split "
                             "it, or raise the limit with --max-bytes (iter_documents(max_bytes=...))")
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except PermissionError as exc:
        raise InputError("cannot be read: permission denied; fix its permissions (chmod +r) or leave it out") from exc
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc}); check the file") from exc
    if len(data) > max_bytes:
        raise InputError(f"over the limit of {max_bytes:,} bytes per article; split it, or raise the limit "
                         "with --max-bytes")
    if not data:
        raise InputError("empty file (0 bytes); add the article text or leave the file out")
    return data


# --- HTML ---------------------------------------------------------------------------------------
_DROP = frozenset({"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
                   "form", "iframe", "button", "select", "textarea", "head", "object", "canvas"})
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar"})
_DROP_CLASSES = frozenset({"nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "sidebar", "footer", "share",
                           "social", "related", "comments", "advert", "ads", "cookie-banner", "skip-link"})
_BLOCK = frozenset({"p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
                    "h6", "section", "article", "main", "blockquote", "pre", "table", "tr", "figure",
                    "figcaption", "address", "summary", "details", "caption"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
                   "track", "wbr", "param"})
_DATE_META = frozenset({"article:published_time", "date", "pubdate", "publishdate", "dc.date",
                        "dcterms.date", "og:published_time", "datepublished"})


class _TextExtractor(HTMLParser):
    """Collect visible article text: paragraphs, <title>/<h1>, and a few <meta> fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.drop: list[str] = []  # open dropped elements
        self.title = self.h1 = ""
        self.in_title = self.in_h1 = False
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "title":
            self.in_title = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"].strip())
        elif tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        if tag in _VOID:
            if tag in _BLOCK and not self.drop:
                self.parts.append("\n\n")
            return
        if tag == "body":
            self.drop.clear()  # a <head> left open must not hide the page
        classes = set(f"{a.get('class', '')} {a.get('id', '')}".lower().split())
        if (self.drop or tag in _DROP or a.get("role", "").lower() in _DROP_ROLES or "hidden" in a
                or classes & _DROP_CLASSES):
            self.drop.append(tag)
            return
        if tag == "h1" and not self.h1:
            self.in_h1 = True
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.drop:
            if tag in self.drop:  # close up to the matching open element (tolerates bad nesting)
                while self.drop and self.drop.pop() != tag:
                    pass
            return
        if tag == "h1":
            self.in_h1 = False
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.drop:
            self.parts.append(data)
            if self.in_h1:
                self.h1 += data


def html_to_text(html: str) -> tuple[str, str | None, dict[str, str]]:
    """(text, title, meta) of an HTML page: paragraphs joined by blank lines, entities unescaped."""
    p = _TextExtractor()
    p.feed(html)
    p.close()
    paras = [re.sub(r"\s+", " ", s).strip() for s in "".join(p.parts).split("\n\n")]
    paras = [s for s in paras if s]
    title = re.sub(r"\s+", " ", p.h1 or p.title).strip() or None
    if title and (not paras or paras[0] != title):
        paras.insert(0, title)
    return "\n\n".join(paras), title, p.meta


# --- one file -----------------------------------------------------------------------------------
def _doc_id(path: Path) -> str:
    return path.name.rsplit(".", 1)[0] if "." in path.name.lstrip(".") else path.name


def _load_file(path: Path, max_bytes: int, warn: list[str]) -> Document:
    """One .txt/.md/.html file as a Document; InputError(reason) when it cannot be used."""
    suffix = path.suffix.lower()
    is_html = suffix in HTML_SUFFIXES
    text = _decode(_read_bytes(path, max_bytes), warn, html=is_html)
    if not text.strip():
        raise InputError("contains only whitespace; add the article text or leave the file out")
    if is_html:
        text, title, meta = html_to_text(text)
        if not text.strip():
            raise InputError("HTML page has no text outside scripts, styles and navigation; give the article page")
        date = next((meta[k] for k in meta if k in _DATE_META), None)
        url = meta.get("og:url") or meta.get("canonical")
        return Document(_doc_id(path), text, title, date, meta.get("og:site_name"), url, str(path))
    if not _ARABIC.search(text):
        warn.append("no Persian letters in it; relgraph's lexicons and rules are for Persian text")
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    title = first.lstrip("#").strip() if suffix == ".md" else first
    return Document(_doc_id(path), text, title[:300] or None, path=str(path))


def read_text_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, warnings: list[str] | None = None) -> Document:
    """Read one .txt/.md/.html article; raise InputError naming the file and what to do.

    Warnings (BOM removed, non-UTF-8 decoded) are appended to ``warnings`` when given.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        raise InputError(f"{path}: is a JSON Lines corpus, not one article; use `relgraph build {path}`")
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise InputError(f"{path}: unsupported file type {suffix or '(no extension)'!r}; give one of {_SUPPORTED}")
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    try:
        return _load_file(path, max_bytes, warnings if warnings is not None else [])
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from exc


# --- JSON Lines ---------------------------------------------------------------------------------
def _json_type(v: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null",
            int: "a number", float: "a number"}.get(type(v), type(v).__name__)


def _record(obj: object, stem: str, lineno: int, where: str, warn: list[str]) -> Document:
    if not isinstance(obj, dict):
        raise InputError(f'JSON line is {_json_type(obj)}, not an object; each line must be an object with a "text" field')
    if "text" not in obj:
        raise InputError('record has no "text" field; every record needs its article text in "text"')
    if not isinstance(obj["text"], str):
        raise InputError(f'"text" is {_json_type(obj["text"])}, not a string; put the article text in it as a string')
    if not obj["text"].strip():
        raise InputError('"text" is empty; add the article text or remove the line')
    fields: dict[str, str | None] = {}
    for key in ("title", "lead", "date", "source", "url"):
        v = obj.get(key)
        if v is not None and not isinstance(v, str):
            warn.append(f'"{key}" is {_json_type(v)}, not a string; ignored')
            v = None
        fields[key] = v
    rid = obj.get("id")
    if isinstance(rid, bool) or not isinstance(rid, str | int) or not str(rid).strip():
        if rid is not None:
            warn.append(f'"id" is {_json_type(rid)}, not a non-empty string; using {stem}:{lineno}')
        rid = f"{stem}:{lineno}"
    text = "\n\n".join(p for p in (fields["title"], fields["lead"], obj["text"]) if p and p.strip())
    return Document(str(rid).strip(), text, fields["title"], fields["date"], fields["source"], fields["url"], where)


def _iter_jsonl(path: Path, report: ReadReport, max_bytes: int) -> Iterator[Document]:
    """Stream a JSON Lines corpus: one Document per good line, a Skip per bad one."""
    stem = _doc_id(path)
    try:
        f = path.open("rb")
    except OSError as exc:
        why = "permission denied; fix its permissions" if isinstance(exc, PermissionError) else exc.strerror
        report.skipped.append(Skip(str(path), None, f"cannot be read ({why}); check the file"))
        return
    with f:
        lineno, empty = 0, True
        while raw := f.readline(max_bytes + 1):
            lineno += 1
            where = f"{path}:{lineno}"
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while (chunk := f.readline(1 << 20)) and not chunk.endswith(b"\n"):
                    pass  # drain the rest of the oversized line without keeping it
                report.skipped.append(Skip(str(path), lineno, f"line is over the limit of {max_bytes:,} bytes; "
                                           "raise the limit with --max-bytes or split the record"))
                continue
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
                report.warnings.append(Skip(str(path), None, "UTF-8 byte order mark (BOM) removed"))
            if not raw.strip():
                continue
            empty = False
            warn: list[str] = []
            try:
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
                                     "JSON Lines must be UTF-8: convert the file with iconv") from exc
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"broken JSON ({exc.msg} at column {exc.colno}); fix or remove the line") from exc
                doc = _record(obj, stem, lineno, where, warn)
            except InputError as exc:
                report.skipped.append(Skip(str(path), lineno, str(exc)))
                continue
            finally:
                report.warnings.extend(Skip(str(path), lineno, w) for w in warn)
            yield doc
        if empty:
            report.skipped.append(Skip(str(path), None, "JSON Lines corpus has no records; add one object per line"))


# --- corpus -------------------------------------------------------------------------------------
def _walk(folder: Path, report: ReadReport) -> Iterator[Path]:
    """Supported files under ``folder``, recursively, sorted by name; hidden entries are ignored."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        why = "permission denied; fix its permissions" if isinstance(exc, PermissionError) else exc.strerror
        report.skipped.append(Skip(str(folder), None, f"folder cannot be listed ({why})"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if entry.is_symlink():
                report.warnings.append(Skip(str(entry), None, "linked folder not followed (avoids loops); "
                                            "give it as an input of its own to read it"))
            else:
                yield from _walk(entry, report)
        elif entry.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES:
            yield entry
        else:
            report.warnings.append(Skip(str(entry), None, f"ignored: not an input type ({_SUPPORTED})"))


def _documents_of(path: Path, report: ReadReport, max_bytes: int) -> Iterator[Document]:
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _iter_jsonl(path, report, max_bytes)
        return
    warn: list[str] = []
    try:
        doc = _load_file(path, max_bytes, warn)
    except InputError as exc:
        report.skipped.append(Skip(str(path), None, str(exc)))
        return
    finally:
        report.warnings.extend(Skip(str(path), None, w) for w in warn)
    yield doc


def iter_documents(inputs: Sequence[Path], report: ReadReport, *,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document]:
    """Documents of files, folders and JSON Lines corpora, in order; problems land in ``report``."""
    seen: dict[str, str] = {}
    for given in inputs:
        given = Path(given)
        if given.is_dir():
            files: Iterator[Path] = _walk(given, report)
        elif given.exists() or given.is_symlink():
            if given.suffix.lower() not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES:
                kind = repr(given.suffix) if given.suffix else "no extension"
                report.skipped.append(Skip(str(given), None, f"unsupported file type ({kind}); give one of "
                                           f"{_SUPPORTED}, or rename it if it is a text article"))
                continue
            files = iter([given])
        else:
            report.skipped.append(Skip(str(given), None, "no such file or folder; check the path"))
            continue
        for path in files:
            for doc in _documents_of(path, report, max_bytes):
                where = doc.path or str(path)
                if doc.id in seen:
                    line = int(where.rsplit(":", 1)[1]) if where != str(path) else None
                    report.warnings.append(Skip(str(path), line, f"duplicate doc id {doc.id!r} (first read from "
                                                f"{seen[doc.id]}); this one was ignored: give it a unique id"))
                    continue
                seen[doc.id] = where
                report.read.append((doc.id, where))
                yield doc

