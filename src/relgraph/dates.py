"""Dates in Persian news text and in document metadata, as ISO Gregorian ``TimeExpr``s.

Why this module exists: ties in the graph carry a date (``rel:date``) and articles a publication date,
but Persian news writes dates in two calendars (Gregorian months spelled in Persian, «۲ ژوئیه»;
Jalali months, «۱۴ شهریور ۱۴۰۴»), with three digit sets (ASCII, Persian «۰-۹», Arabic «٠-٩»),
Arabic yeh/kaf spellings («ژوئيه») and relative words («دیروز», «یکشنبه گذشته»).

Everything is matched in the ORIGINAL text, so ``TimeExpr.start/end`` index into ``Document.text``
as read; variants are absorbed by the regular expression, never by rewriting the text.
Month names, weekdays and the other calendar words are data: ``data/lexicons/calendar.tsv``.

Values are ISO Gregorian with the precision the text allows: ``YYYY-MM-DD`` (day), ``YYYY-MM``
(month), ``YYYY`` (year). Jalali dates are converted with jdatetime; a Jalali month becomes the
Gregorian month holding its 15th day, a Jalali year the Gregorian year holding its 1 Farvardin
(1398 → 2019, the year most of it falls in). ``calendar`` records the calendar the text used.

A date without a year takes it from the document date (the candidate year closest to publication,
a date after publication counting double, since news mostly reports the past), else from the last
year of the same calendar mentioned earlier in the text; with neither it is dropped, because a
day and month alone cannot be written as ISO. Bare weekdays and «امروز/دیروز» need the document
date and are dropped without it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jdatetime

from relgraph.errors import LexiconError
from relgraph.model import TimeExpr
from relgraph.paths import data_path

__all__ = ["CalendarWords", "find_dates", "load_calendar", "parse_doc_date"]

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "\u0654": None, "\u200c": None})
_KINDS = {
    "gregorian_month", "jalali_month", "weekday", "relative_day", "weekday_shift", "year_relative",
    "calendar_word", "year_word", "month_word", "weekday_word", "not_a_date_before",
}
D = "[0-9۰-۹٠-٩]"
_SP = r"(?:[^\S\r\n]|\u200c)"  # a space on the same line, or a ZWNJ


def _fold(s: str) -> str:
    """Key for looking a matched word up: yeh/kaf folded, ZWNJ, hamza-above and spaces removed."""
    return re.sub(r"\s+", "", s.translate(_FOLD))


def _digits(s: str) -> int:
    return int(s.translate(_DIGITS))


@dataclass
class CalendarWords:
    """The contents of calendar.tsv, keyed by folded spelling (see ``_fold``)."""

    months: dict[str, tuple[str, int, frozenset[str]]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)  # kind → spellings as written
    keys: dict[str, dict[str, str]] = field(default_factory=dict)  # kind → folded spelling → key

    def key(self, kind: str, word: str) -> str | None:
        return self.keys.get(kind, {}).get(_fold(word))


def load_calendar(path: Path | None = None) -> CalendarWords:
    """Read a calendar TSV (default: the bundled one); raises LexiconError naming ``path:line``."""
    path = path or data_path("lexicons", "calendar.tsv")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read the calendar words ({exc.strerror}); reinstall relgraph "
                           "or pass a readable file") from exc
    cal = CalendarWords()
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3 or cols[0] not in _KINDS or not cols[2].strip():
            raise LexiconError(f"{path}:{n}: expected 'kind<TAB>key<TAB>name[<TAB>flags]' with kind one of "
                               f"{sorted(_KINDS)}, got {line!r}")
        kind, key, name = cols[0], cols[1].strip(), cols[2].strip()
        flags = frozenset((cols[3] if len(cols) > 3 else "").split())
        if kind.endswith("_month"):
            if not key.isdigit() or not 1 <= int(key) <= 12:
                raise LexiconError(f"{path}:{n}: month number must be 1-12, got {key!r}")
            cal.months[_fold(name)] = (kind.removesuffix("_month"), int(key), flags)
            for f in ("bare", "year"):
                if f in flags:
                    cal.names.setdefault(f"month_{f}", []).append(name)
            if "year" not in flags:
                cal.names.setdefault("month_day", []).append(name)
        cal.names.setdefault(kind, []).append(name)
        cal.keys.setdefault(kind, {})[_fold(name)] = key
    for needed in ("gregorian_month", "jalali_month", "weekday"):
        if needed not in cal.names:
            raise LexiconError(f"{path}: no {needed} lines; the file must list them all")
    return cal


def _name_re(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch in "یيى":
            out.append("[یيى]")
        elif ch in "کك":
            out.append("[کك]")
        elif ch.isspace() or ch == "\u200c":
            out.append(f"{_SP}*")
        elif ch == "ه" and i == len(name) - 1:
            out.append("(?:ه\u0654?|ۀ)")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alt(cal: CalendarWords, kind: str) -> str:
    names = sorted(set(cal.names.get(kind, [])), key=len, reverse=True)
    return "(?:" + "|".join(_name_re(n) for n in names) + ")" if names else "(?!)"


@lru_cache(maxsize=4)
def _compiled(path: Path | None = None) -> tuple[CalendarWords, re.Pattern[str]]:
    cal = load_calendar(path)
    a = lambda kind: _alt(cal, kind)  # noqa: E731
    year = rf"(?P<{{p}}year>{D}{{{{4}}}})(?!\w)(?:{_SP}+(?P<{{p}}cal>{a('calendar_word')}))?"
    yr_opt = (rf"(?:{_SP}*[,،]?{_SP}*(?:{a('year_word')}{_SP}+)?{year})?"
              rf"(?:{_SP}+(?P<{{p}}yrel>{a('year_relative')}))?")
    yr_req = rf"{_SP}*[,،]?{_SP}*(?:{a('year_word')}{_SP}+)?{year}"
    mw = rf"(?:{_SP}*{a('month_word')})"
    prefix = rf"(?:(?:{a('weekday_word')}{_SP}+)?{a('weekday')}{_SP}*[,،]?{_SP}*)?"
    dm = "|".join([
        rf"(?P<day>{D}{{1,2}}){_SP}*(?P<m1>{a('month_day')}){mw}?{yr_opt.format(p='a')}",
        rf"(?P<m2>{a('gregorian_month')}|{a('jalali_month')}){mw}?{yr_req.format(p='b')}",
        rf"(?P<m3>{a('month_day')}){mw}{yr_opt.format(p='c')}",
        rf"{a('month_word')}{_SP}+(?P<m4>{a('month_day')}){yr_opt.format(p='d')}",
        rf"(?P<m5>{a('month_bare')}){yr_opt.format(p='e')}",
    ])
    pattern = "|".join([
        rf"(?P<dm>{prefix}(?:{dm}))",
        rf"(?P<num>(?P<ny>{D}{{4}})(?P<ns>[/\-])(?P<nm>{D}{{1,2}})(?P=ns)(?P<nd>{D}{{1,2}}))(?![/\-])",
        rf"(?P<yr>{a('year_word')}{_SP}+{year.format(p='y')}"
        rf"|(?P<zyear>{D}{{4}})(?!\w){_SP}+(?P<zcal>{a('calendar_word')}))",
        rf"(?P<wd>(?:{a('weekday_word')}{_SP}+)?(?P<wdn>{a('weekday')})(?:{_SP}+(?P<shift>{a('weekday_shift')}))?)",
        rf"(?P<rel>{a('relative_day')})",
    ])
    return cal, re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


def _ref(doc_date: TimeExpr) -> dt.date:
    parts = [int(p) for p in doc_date.value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else (15 if len(parts) > 1 else 1))


def _to_greg(calendar: str, y: int, m: int, d: int) -> dt.date | None:
    try:
        if calendar == "jalali":
            return jdatetime.date(y, m, d).togregorian()
        return dt.date(y, m, d)
    except (ValueError, OverflowError):
        return None


def _year_of(calendar: str, ref: dt.date) -> int:
    return jdatetime.date.fromgregorian(date=ref).year if calendar == "jalali" else ref.year


def _closest_year(calendar: str, month: int, day: int | None, ref: dt.date) -> int | None:
    """Year giving the date closest to ``ref``; dates after ``ref`` count double (news looks back)."""
    base = _year_of(calendar, ref)
    best: tuple[int, int] | None = None
    for y in (base - 1, base, base + 1):
        g = _to_greg(calendar, y, month, day or 15)
        if g is None:
            continue
        cost = (g - ref).days * 2 if g > ref else (ref - g).days
        if best is None or cost < best[0]:
            best = (cost, y)
    return best[1] if best else None


def _calendar_of_year(y: int, word: str | None) -> str | None:
    if word:
        return word
    if 1200 <= y <= 1499:
        return "jalali"
    if 1500 <= y <= 2199:
        return "gregorian"
    return None


def _value(calendar: str, y: int, m: int | None, d: int | None) -> tuple[str, str] | None:
    """ISO Gregorian value and precision of a date given in ``calendar``; None when it is invalid."""
    if m is None:
        g = _to_greg(calendar, y, 1, 1)
        return (f"{g.year:04d}", "year") if g else None
    g = _to_greg(calendar, y, m, d or 15)
    if g is None:
        return None
    return (g.isoformat(), "day") if d else (f"{g.year:04d}-{g.month:02d}", "month")


def _weekday_date(iso_weekday: int, shift: int, ref: dt.date) -> dt.date:
    back = (ref.isoweekday() - iso_weekday) % 7
    if shift > 0:
        return ref + dt.timedelta(days=(iso_weekday - ref.isoweekday()) % 7 or 7)
    if shift < 0 and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def _not_a_date(cal: CalendarWords, text: str, start: int) -> bool:
    """True for «نماز جمعه»-like names: a listed word right before the weekday."""
    before = text[max(0, start - 30):start].rstrip(" \u200c\t")
    return any(before.translate(_FOLD).endswith(w.translate(_FOLD)) for w in cal.names.get("not_a_date_before", []))


def find_dates(text: str, doc_date: TimeExpr | None = None, *, start: int = 0,
               end: int | None = None) -> list[TimeExpr]:
    """Dates in ``text[start:end]``, in order, with offsets into ``text`` (see the module docstring).

    Years mentioned before ``start`` still serve as context for later dates without a year.
    """
    cal, rx = _compiled()
    end = len(text) if end is None else end
    ref = _ref(doc_date) if doc_date else None
    context: dict[str, int] = {}
    found: list[TimeExpr] = []
    for m in rx.finditer(text, 0, end):
        res = _resolve(cal, m, text, ref, context, doc_date)
        if res is None:
            continue
        calendar, value, precision = res
        if m.start() >= start:
            found.append(TimeExpr(m.start(), m.end(), m.group(), value, precision, calendar))  # type: ignore[arg-type]
    return found


def _resolve(cal: CalendarWords, m: re.Match[str], text: str, ref: dt.date | None,
             context: dict[str, int], doc_date: TimeExpr | None) -> tuple[str, str, str] | None:
    g = m.groupdict()
    if g["dm"]:
        i = next(i for i in range(1, 6) if g[f"m{i}"])
        p = "_abcde"[i]
        calendar, month, _flags = cal.months[_fold(g[f"m{i}"])]
        day = _digits(g["day"]) if p == "a" else None
        if day is not None and not 1 <= day <= 31:
            return None
        year_s, word, yrel = g.get(f"{p}year"), g.get(f"{p}cal"), g.get(f"{p}yrel")
        if year_s:
            year = _digits(year_s)
            if _calendar_of_year(year, cal.key("calendar_word", word) if word else None) != calendar:
                return None  # «تیر 2019»: a Jalali month with a Gregorian year (or the reverse)
            context[calendar] = year
        elif yrel and ref:
            year = _year_of(calendar, ref) + int(cal.key("year_relative", yrel) or 0)
        elif ref:
            year = _closest_year(calendar, month, day, ref)  # type: ignore[assignment]
        elif calendar in context:
            year = context[calendar]
        else:
            return None
        v = _value(calendar, year, month, day)
        return (calendar, *v) if v else None
    if g["num"]:
        y, mo, d = _digits(g["ny"]), _digits(g["nm"]), _digits(g["nd"])
        calendar = _calendar_of_year(y, None)
        v = _value(calendar, y, mo, d) if calendar else None
        if not v:
            return None
        context[calendar] = y  # type: ignore[index]
        return (calendar, *v)  # type: ignore[return-value]
    if g["yr"]:
        year_s, word = g["yyear"] or g["zyear"], g["ycal"] or g["zcal"]
        y = _digits(year_s)
        calendar = _calendar_of_year(y, cal.key("calendar_word", word) if word else None)
        v = _value(calendar, y, None, None) if calendar else None
        if not v:
            return None
        context[calendar] = y  # type: ignore[index]
        return (calendar, *v)  # type: ignore[return-value]
    if ref is None or doc_date is None:
        return None
    if g["wd"]:
        if _not_a_date(cal, text, m.start()):
            return None
        shift = int(cal.key("weekday_shift", g["shift"]) or 0) if g["shift"] else 0
        day = _weekday_date(int(cal.key("weekday", g["wdn"]) or 1), shift, ref)
    else:
        day = ref + dt.timedelta(days=int(cal.key("relative_day", g["rel"]) or 0))
    if doc_date.precision != "day":
        return None  # «دیروز» of a document dated only by month or year cannot be a day
    return (doc_date.calendar, day.isoformat(), "day")


_NUMERIC_DOC = re.compile(rf"^\s*(?P<y>{D}{{4}})[/\-.](?P<m>{D}{{1,2}})[/\-.](?P<d>{D}{{1,2}})(?![0-9۰-۹٠-٩])")


def parse_doc_date(raw: str | None) -> TimeExpr | None:
    """A document's publication date (``Document.date``) as a ``TimeExpr``, or None when it does not parse.

    Accepts "1391/12/26 (Jalali, from URL id)", "1391/12/26", "۱۴ شهریور ۱۴۰۴ - ۱۲:۵۶", "2019-07-02",
    ISO datetimes ("2019-07-02T10:30:00+04:30"), "2019-07" and "2019". Offsets index into ``raw``.
    """
    if not raw or not raw.strip():
        return None
    m = _NUMERIC_DOC.match(raw)
    if m:
        y, mo, d = _digits(m["y"]), _digits(m["m"]), _digits(m["d"])
        calendar = "jalali" if "jalali" in raw.lower() else _calendar_of_year(y, None)
        v = _value(calendar, y, mo, d) if calendar else None
        if v:
            return TimeExpr(m.start("y"), m.end(), m.group().strip(), v[0], v[1], calendar)  # type: ignore[arg-type]
    ascii_raw = raw.strip().translate(_DIGITS)
    try:
        stamp = dt.datetime.fromisoformat(ascii_raw)
        i = raw.index(raw.strip())
        return TimeExpr(i, i + len(raw.strip()), raw.strip(), stamp.date().isoformat(), "day")
    except ValueError:
        pass
    short = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", ascii_raw)
    if short and 1500 <= int(short[1]) <= 2199 and (not short[2] or 1 <= int(short[2]) <= 12):
        i = raw.index(raw.strip())
        return TimeExpr(i, i + len(ascii_raw), raw.strip(), ascii_raw, "month" if short[2] else "year")
    found = [t for t in find_dates(raw) if t.precision == "day"] or find_dates(raw)
    return found[0] if found else None
