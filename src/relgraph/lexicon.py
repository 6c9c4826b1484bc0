"""Load relgraph's knowledge-as-data: the Persian lexicons under ``data/lexicons/`` and ``data/cameo/``.

The lexicons are plain TSV files a political scientist can read and edit (``#`` lines are comments,
the first other line is the header, ``|`` separates several names in one cell). A name written with a
leading ``~`` is also an ordinary Persian word («~مهر» the news agency and the month): it is indexed
like any other name and also listed in ``Lexicon.weak_names``, so a matcher can ask for context.

``normalize`` is the one matching key used everywhere: it agrees with the scorer's ``norm()``
(``../shared/eval/score.py``) except that «آ» is kept, because «آ»/«ا» tell words apart in names.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from relgraph.errors import LexiconError
from relgraph.paths import data_path

__all__ = ["LexEntry", "Lexicon", "LexiconError", "Office", "load_lexicon", "normalize"]

_FOLD = str.maketrans({
    "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا",
    "\u200c": " ", "\u200d": " ", "\u200e": " ", "\u200f": " ", "ـ": "",
})
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_PUNCT = re.compile(r"[^\w\s]")


@functools.lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """The matching key of a name: NFKC, Arabic letters folded to Persian, digits to ASCII,
    ZWNJ/ZWJ to space, marks/format characters/tatweel/punctuation dropped, spaces collapsed.

    Cached: the same names and words are normalised over and over (a listed person's names each
    time a surname is checked), and each call walks the text four times."""
    text = unicodedata.normalize("NFKC", text or "").translate(_FOLD).translate(_DIGITS)
    text = "".join(c for c in text if unicodedata.category(c)[0] not in "MC")
    return " ".join(_PUNCT.sub(" ", text).split())


@dataclass(frozen=True, slots=True)
class LexEntry:
    """One named thing: a state, place, organisation or person (``type`` is an entity type)."""

    key: str
    type: str
    label_fa: str
    label_en: str | None
    wikidata: str | None
    names: tuple[str, ...]
    state: str | None = None
    kind: str | None = None
    office: str | None = None


@dataclass(frozen=True, slots=True)
class Office:
    """An office title as written in Persian, with the CAMEO agent code of its holders."""

    title: str
    title_en: str
    agent: str


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[LexEntry, ...]
    by_key: Mapping[str, LexEntry]
    names: Mapping[str, tuple[LexEntry, ...]]
    demonyms: Mapping[str, str]
    capitals: Mapping[str, str]
    offices: tuple[Office, ...]
    ranks: tuple[str, ...]
    org_heads: tuple[str, ...]
    event_heads: tuple[str, ...]
    agreement_heads: tuple[str, ...]
    cameo_names: Mapping[str, str]
    cameo_to_plover: Mapping[str, str]
    quad_class: Mapping[str, int]
    tie_defaults: Mapping[str, tuple[str | None, str | None]]  # tie type → (CAMEO, PLOVER), None for «-»
    weak_names: frozenset[str] = field(default_factory=frozenset)  # normalised names that are also words
    place_heads: tuple[str, ...] = ()


_ENTITY_FILES: tuple[tuple[str, str, str], ...] = (
    # file, entity type, key prefix
    ("states.tsv", "STATE", "state:"),
    ("places.tsv", "LOC", "place:"),
    ("organizations.tsv", "ORG", "org:"),
    ("people.tsv", "PERSON", "person:"),
    ("agreements.tsv", "AGREEMENT", "agreement:"),
    ("events.tsv", "EVENT", "event:"),
)
_QID = re.compile(r"Q[1-9][0-9]*")
_KEY = re.compile(r"[a-z]+:[A-Za-z0-9_.\-]+")
_AGENTS = frozenset({"GOV", "MIL", "LEG", "DIP", "JUD", "ELI", "COP", "SPY", "BUS", "MED", "REL",
                     "PTY", "OPP", "REB", "IGO", "NGO", "EDU", "LAB", "HLH", "ENV", "CVL"})


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Read a commented TSV: (line number, row) pairs; columns in ``required`` must be non-empty."""
    if not path.is_file():
        raise LexiconError(f"{path}: lexicon file is missing; restore it from the repository "
                           "(git checkout -- data/) or rebuild it with scripts/build_lexicons.py")
    header: list[str] | None = None
    out: list[tuple[int, dict[str, str]]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
            if header is None:
                header = [c.strip() for c in cells]
                missing = [c for c in required if c not in header]
                if missing:
                    raise LexiconError(f"{path}:{lineno}: header lacks column(s) {', '.join(missing)}; "
                                       f"the header must name the columns {', '.join(required)} (tab-separated)")
                continue
            if len(cells) != len(header):
                raise LexiconError(f"{path}:{lineno}: {len(cells)} tab-separated fields where the header has "
                                   f"{len(header)}; separate columns with one TAB and leave empty cells empty")
            row = {h: c.strip() for h, c in zip(header, cells, strict=True)}
            for col in required:
                if not row[col]:
                    raise LexiconError(f"{path}:{lineno}: column '{col}' is empty; fill it in or delete the line")
            out.append((lineno, row))
    if header is None:
        raise LexiconError(f"{path}: no header line; the first non-comment line must name the columns")
    return out


def _split_names(cell: str) -> list[str]:
    return [n.strip() for n in cell.split("|") if n.strip()]


def _opt(row: dict[str, str], col: str) -> str | None:
    return row.get(col) or None


def _entries(directory: Path) -> tuple[list[LexEntry], dict[str, str], set[str], dict[str, str]]:
    """All entities, plus demonyms (normalised → state key), weak names and capitals (place → state)."""
    entries: list[LexEntry] = []
    where: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    weak: set[str] = set()
    capitals: dict[str, str] = {}
    state_refs: list[tuple[str, str]] = []  # (location, state key) checked once all files are read
    for fname, etype, prefix in _ENTITY_FILES:
        path = directory / fname
        for lineno, row in _rows(path, ("key", "label_fa", "names")):
            loc = f"{path}:{lineno}"
            key = row["key"]
            if not key.startswith(prefix) or not _KEY.fullmatch(key):
                raise LexiconError(f"{loc}: key '{key}' must look like '{prefix}ascii_id' (letters, digits, _ . -)")
            if key in where:
                raise LexiconError(f"{loc}: key '{key}' is already used at {where[key]}; keys must be unique")
            where[key] = loc
            qid = _opt(row, "wikidata")
            if qid and not _QID.fullmatch(qid):
                raise LexiconError(f"{loc}: wikidata '{qid}' is not a QID like 'Q227'; fix it or leave it empty")
            names: list[str] = []
            for raw in _split_names(row["names"]):
                name = raw.lstrip("~").strip()
                if not normalize(name):
                    raise LexiconError(f"{loc}: name '{raw}' is empty after normalisation; remove it")
                if raw.startswith("~"):
                    weak.add(normalize(name))
                if name not in names:
                    names.append(name)
            state = _opt(row, "state")
            if state:
                state_refs.append((loc, state))
            kind = _opt(row, "kind") or _opt(row, "type")
            entry = LexEntry(key=key, type=etype, label_fa=row["label_fa"], label_en=_opt(row, "label_en"),
                             wikidata=qid, names=tuple(names), state=state, kind=kind,
                             office=_opt(row, "office"))
            entries.append(entry)
            if etype == "STATE":
                for raw in _split_names(row.get("demonyms", "")):
                    adj = normalize(raw.lstrip("~"))
                    if demonyms.get(adj, key) != key:
                        raise LexiconError(f"{loc}: demonym '{raw}' already belongs to {demonyms[adj]}; "
                                           "a demonym must name one state, remove it from one of them")
                    demonyms[adj] = key
                    if raw.startswith("~"):
                        weak.add(adj)
            if etype == "LOC" and kind == "capital":
                if not state:
                    raise LexiconError(f"{loc}: capital '{key}' has no state; fill in the state column")
                capitals[key] = state
    for loc, state in state_refs:
        if not state.startswith("state:") or state not in where:
            raise LexiconError(f"{loc}: state '{state}' is not a key of states.tsv; use e.g. 'state:IRN'")
    return entries, demonyms, weak, capitals


def _column(path: Path, col: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(row[col] for _, row in _rows(path, (col,))))


def _cameo(directory: Path) -> tuple[dict[str, str], dict[str, str], dict[str, int], dict[str, tuple[str, str]]]:
    names: dict[str, str] = {}
    quad: dict[str, int] = {}
    path = directory / "cameo_codes.tsv"
    for lineno, row in _rows(path, ("code", "name", "quad_class")):
        if not row["code"].isdigit() or row["quad_class"] not in "1234":
            raise LexiconError(f"{path}:{lineno}: code must be digits and quad_class 1-4, got "
                               f"'{row['code']}', '{row['quad_class']}'")
        names[row["code"]] = row["name"]
        quad[row["code"]] = int(row["quad_class"])
    to_plover: dict[str, str] = {}
    path = directory / "cameo_plover.tsv"
    for lineno, row in _rows(path, ("cameo", "plover")):
        if row["cameo"] not in names:
            raise LexiconError(f"{path}:{lineno}: CAMEO code '{row['cameo']}' is not in cameo_codes.tsv")
        to_plover[row["cameo"]] = row["plover"]
    ties: dict[str, tuple[str | None, str | None]] = {}
    path = directory / "tie_types.tsv"
    for lineno, row in _rows(path, ("tie_type", "cameo", "plover")):
        if row["cameo"] != "-" and row["cameo"] not in names:
            raise LexiconError(f"{path}:{lineno}: CAMEO code '{row['cameo']}' is not in cameo_codes.tsv; "
                               "use a listed code or '-' for structural ties")
        # «-» in the table means "no code" (structural ties); callers get None for it
        ties[row["tie_type"]] = (_code(row["cameo"]), _code(row["plover"]))
    return names, to_plover, quad, ties


def _code(cell: str) -> str | None:
    return None if cell in ("-", "") else cell


def _build(directory: Path, cameo_dir: Path) -> Lexicon:
    entries, demonyms, weak, capitals = _entries(directory)
    index: dict[str, list[LexEntry]] = {}
    for entry in entries:
        for name in entry.names:
            bucket = index.setdefault(normalize(name), [])
            if entry not in bucket:
                bucket.append(entry)
    offices: list[Office] = []
    path = directory / "offices.tsv"
    for lineno, row in _rows(path, ("title", "title_en", "agent")):
        if row["agent"] not in _AGENTS:
            raise LexiconError(f"{path}:{lineno}: agent '{row['agent']}' is not a CAMEO agent code; "
                               f"use one of {', '.join(sorted(_AGENTS))}")
        offices.append(Office(row["title"], row["title_en"], row["agent"]))
    cameo_names, to_plover, quad, ties = _cameo(cameo_dir)
    ro = MappingProxyType
    return Lexicon(
        entries=tuple(entries),
        by_key=ro({e.key: e for e in entries}),
        names=ro({k: tuple(v) for k, v in index.items()}),
        demonyms=ro(demonyms),
        capitals=ro(capitals),
        offices=tuple(offices),
        ranks=_column(directory / "ranks.tsv", "rank"),
        org_heads=_column(directory / "org_heads.tsv", "head"),
        event_heads=_column(directory / "event_heads.tsv", "head"),
        agreement_heads=_column(directory / "agreement_heads.tsv", "head"),
        cameo_names=ro(cameo_names),
        cameo_to_plover=ro(to_plover),
        quad_class=ro(quad),
        tie_defaults=ro(ties),
        weak_names=frozenset(weak),
        place_heads=_column(directory / "place_heads.tsv", "head") if (directory / "place_heads.tsv").exists() else (),
    )


@functools.cache
def _default() -> Lexicon:
    return _build(data_path("lexicons"), data_path("cameo"))


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Load the lexicons from ``directory`` (default: the bundled ``data/lexicons``; cached).

    CAMEO tables are read from ``directory/../cameo`` when that folder exists, else the bundled ones.
    Raises ``LexiconError`` naming file and line when a file is missing or malformed.
    """
    if directory is None:
        return _default()
    directory = Path(directory)
    cameo_dir = directory.parent / "cameo"
    return _build(directory, cameo_dir if cameo_dir.is_dir() else data_path("cameo"))
