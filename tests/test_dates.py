"""Dates in Persian text: each form, exact offsets into the original text, ISO Gregorian values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relgraph.dates import find_dates, load_calendar, parse_doc_date
from relgraph.errors import LexiconError
from relgraph.model import TimeExpr


def doc(value: str, calendar: str = "gregorian") -> TimeExpr:
    return TimeExpr(0, len(value), value, value, "day", calendar)  # type: ignore[arg-type]


def only(text: str, doc_date: TimeExpr | None = None) -> TimeExpr:
    found = find_dates(text, doc_date)
    assert len(found) == 1, found
    t = found[0]
    assert text[t.start:t.end] == t.text  # offsets index into the original text
    return t


def span(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return i, i + len(part)


SEED = "وزیر دفاع بلاروس در روز سه شنبه 2 ژوئیه به مینسک سفر کرد"


def test_dates_weekday_phrase_with_day_month_uses_doc_year():
    t = only(SEED, doc("2019-07-03"))
    assert (t.start, t.end) == span(SEED, "روز سه شنبه 2 ژوئیه")
    assert (t.value, t.precision, t.calendar) == ("2019-07-02", "day", "gregorian")


def test_dates_day_month_without_any_year_is_dropped():
    assert find_dates(SEED) == []


def test_dates_year_mentioned_earlier_fills_a_missing_year():
    text = "در سال 2018 توافق شد. " + SEED
    found = find_dates(text)
    assert [(t.text, t.value, t.precision) for t in found] == [
        ("سال 2018", "2018", "year"), ("روز سه شنبه 2 ژوئیه", "2018-07-02", "day")]


@pytest.mark.parametrize(("text", "part", "value", "precision"), [
    ("در نوامبر ۲۰۱۸ یادداشت تفاهم امضا شد", "نوامبر ۲۰۱۸", "2018-11", "month"),
    ("در نوامبر 2018 یادداشت", "نوامبر 2018", "2018-11", "month"),
    ("روز 2 ژوئیه 2019 سفر کرد", "روز", None, None),  # «روز» alone before a date is no weekday phrase
    ("دیدار در 2 ژوئیه 2019 انجام شد", "2 ژوئیه 2019", "2019-07-02", "day"),
    ("دیدار در ٢ ژوئيه ٢٠١٩ انجام شد", "٢ ژوئيه ٢٠١٩", "2019-07-02", "day"),  # Arabic digits and yeh
    ("دیدار در ۲ ژوییه ۲۰۱۹ انجام شد", "۲ ژوییه ۲۰۱۹", "2019-07-02", "day"),
    ("در ۱۰ اكتبر 2005 در تهران", "۱۰ اكتبر 2005", "2005-10-10", "day"),  # Arabic kaf
    ("در ۲۰ مه ۲۰۱۹ اعلام شد", "۲۰ مه ۲۰۱۹", "2019-05-20", "day"),
    ("از می 2004 آغاز شد", "می 2004", "2004-05", "month"),
    ("در ماه سپتامبر سال 2015 رخ داد", "ماه سپتامبر سال 2015", "2015-09", "month"),
    ("سرشماری در سال 2009 میلادی انجام شد", "سال 2009 میلادی", "2009", "year"),
    ("سرشماری در سال ۲۰۰۹ ميلادي انجام شد", "سال ۲۰۰۹ ميلادي", "2009", "year"),
    ("این طرح در ۲۰۰۹ میلادی آغاز شد", "۲۰۰۹ میلادی", "2009", "year"),
    ("در سال ۱۳۹۸ تصویب شد", "سال ۱۳۹۸", "2019", "year"),
    ("تاریخ ۱۴ شهریور ۱۴۰۴ - ۱۲:۵۶", "۱۴ شهریور ۱۴۰۴", "2025-09-05", "day"),
    ("در اسفند ۱۳۹۱ لغو شد", "اسفند ۱۳۹۱", "2013-03", "month"),
    ("در ۲۹ اردیبهشت‌ماه ۱۳۹۹ گفت", "۲۹ اردیبهشت‌ماه ۱۳۹۹", "2020-05-18", "day"),
    ("روز دوشنبه ۲۹ اردیبهشت ۱۳۹۹ گفت", "روز دوشنبه ۲۹ اردیبهشت ۱۳۹۹", "2020-05-18", "day"),
    ("طبق نامه شماره 1398/08/04 اقدام شد", "1398/08/04", "2019-10-26", "day"),
    ("طبق نامه ۱۳۹۸/۰۸/۰۴ اقدام شد", "۱۳۹۸/۰۸/۰۴", "2019-10-26", "day"),
    ("گزارش 2019-07-02 منتشر شد", "2019-07-02", "2019-07-02", "day"),
])
def test_dates_forms_with_exact_offsets_and_values(text, part, value, precision):
    found = find_dates(text)
    if value is None:
        assert [t.text for t in found] == ["2 ژوئیه 2019"]
        return
    t = only(text)
    assert (t.start, t.end) == span(text, part)
    assert (t.value, t.precision) == (value, precision)
    assert t.calendar == ("jalali" if any(m in part for m in ("شهریور", "اسفند", "اردیبهشت", "۱۳۹", "1398"))
                          else "gregorian")


@pytest.mark.parametrize(("text", "doc_value", "value", "precision"), [
    ("امروز وارد مسکو شد", "2019-10-26", "2019-10-26", "day"),
    ("دیروز وارد مسکو شد", "2019-10-26", "2019-10-25", "day"),
    ("فردا وارد مسکو می‌شود", "2019-10-26", "2019-10-27", "day"),
    ("سه‌شنبه وارد شد", "2019-07-03", "2019-07-02", "day"),  # doc date is a Wednesday
    ("يكشنبه وارد شد", "2019-07-07", "2019-07-07", "day"),  # bare weekday: on/before the doc date
    ("یکشنبه گذشته وارد شد", "2019-07-07", "2019-06-30", "day"),  # «گذشته»: strictly before
    ("پنج شنبه آینده می‌آید", "2019-07-03", "2019-07-04", "day"),
    ("در ۲۸ دسامبر گفت", "2020-01-05", "2019-12-28", "day"),  # not far after publication
    ("در ۵ ژانویه سفر می‌کند", "2019-12-20", "2020-01-05", "day"),  # soon after publication
    ("در ماه آوريل متهم شد", "2019-10-26", "2019-04", "month"),
    ("تیرماه سال گذشته بازداشت شد", "2019-07-23", "2018-07", "month"),  # 1398/05/01 → Tir 1397
    ("بهمن‌ماه گذشته", "2020-02-22", "2020-02", "month"),
    ("روز ۲۲ بهمن", "2016-02-19", "2016-02-11", "day"),
])
def test_dates_relative_to_the_document_date(text, doc_value, value, precision):
    t = only(text, doc(doc_value))
    assert (t.value, t.precision) == (value, precision)
    assert find_dates(text) == []  # without a document date these cannot be resolved


@pytest.mark.parametrize("text", [
    "جمهوری آذربایجان و بلاروس",  # آذر inside a word
    "این رقم به ۵ می رسد",  # می: the verb prefix, not May
    "وضعیت امروزه بهتر است",  # امروزه (nowadays) is no date
    "خطیب نماز جمعه تهران گفت",  # a Friday prayer is no date
    "در تیر اندازی زخمی شد",  # تیر (shot) without a number is no month
    "جمعیت 7000 نفر است",
])
def test_dates_words_that_are_not_dates(text):
    assert find_dates(text, doc("2019-07-03")) == []


def test_dates_start_end_offsets_index_the_whole_text_and_keep_earlier_years_as_context():
    text = "در سال 2015 گفت. بعدها در ۳ مارس توافق شد. سپس در ۴ آوریل."
    second = text.index("بعدها")
    found = find_dates(text, start=second, end=text.index("سپس"))
    assert [(t.text, t.start, t.value) for t in found] == [("۳ مارس", text.index("۳ مارس"), "2015-03-03")]


def test_dates_all_spans_match_text_on_the_sample():
    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "sample.jsonl"
    text = json.loads(sample.read_text(encoding="utf-8"))["text"]
    found = find_dates(text, doc("2019-07-03"))
    assert all(text[t.start:t.end] == t.text for t in found)
    assert ("روز سه شنبه 2 ژوئیه", "2019-07-02") in [(t.text, t.value) for t in found]
    assert ("نوامبر 2018", "2018-11") in [(t.text, t.value) for t in found]


@pytest.mark.parametrize(("raw", "value", "precision", "calendar"), [
    ("1391/12/26 (Jalali, from URL id)", "2013-03-16", "day", "jalali"),
    ("1391/12/26", "2013-03-16", "day", "jalali"),
    ("۱۴ شهریور ۱۴۰۴ - ۱۲:۵۶", "2025-09-05", "day", "jalali"),
    ("2019-07-02", "2019-07-02", "day", "gregorian"),
    ("2019-07-02T10:30:00+04:30", "2019-07-02", "day", "gregorian"),
    ("2019-07-02T10:30:00Z", "2019-07-02", "day", "gregorian"),
    ("2019-07", "2019-07", "month", "gregorian"),
    ("2019", "2019", "year", "gregorian"),
    ("۱۳۹۸/۰۸/۰۴", "2019-10-26", "day", "jalali"),
])
def test_dates_parse_doc_date(raw, value, precision, calendar):
    t = parse_doc_date(raw)
    assert t is not None
    assert (t.value, t.precision, t.calendar) == (value, precision, calendar)
    assert raw[t.start:t.end] == t.text


@pytest.mark.parametrize("raw", [None, "", "   ", "unknown", "1391/13/40", "2019-02-30"])
def test_dates_parse_doc_date_rejects_what_is_no_date(raw):
    assert parse_doc_date(raw) is None


def test_dates_bare_weekday_needs_a_day_precise_doc_date():
    assert find_dates("دیروز گفت", TimeExpr(0, 4, "2019", "2019", "year")) == []


def test_dates_calendar_file_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "calendar.tsv"
    bad.write_text("# comment\ngregorian_month\t13\tفوریه\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"calendar.tsv:2: month number must be 1-12"):
        load_calendar(bad)
    bad.write_text("planet\t1\tمریخ\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"calendar.tsv:1: expected"):
        load_calendar(bad)
    with pytest.raises(LexiconError, match="cannot read"):
        load_calendar(tmp_path / "missing.tsv")


def test_dates_bundled_calendar_has_every_month_and_weekday():
    cal = load_calendar()
    months = {(c, m) for c, m, _ in cal.months.values()}
    assert months == {(c, m) for c in ("gregorian", "jalali") for m in range(1, 13)}
    assert {int(k) for k in cal.keys["weekday"].values()} == set(range(1, 8))
