"""The bundled lexicons load, hold the facts other stages rely on, and reject malformed lines clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from relgraph.errors import LexiconError, RelgraphError
from relgraph.lexicon import load_lexicon, normalize
from relgraph.model import TIE_TYPES
from relgraph.paths import data_path


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def keys_of(lex, name: str) -> set[str]:
    return {e.key for e in lex.names.get(normalize(name), ())}


def test_normalize_folds_like_the_scorer_but_keeps_alef_madda():
    assert normalize("وزير  الدفاع‌ي") == "وزیر الدفاع ی"
    assert normalize("كشور «مالي»!") == "کشور مالی"
    assert normalize("۱۴۰۴/٠٢") == "1404 02"
    assert normalize("سازمانِ ملل") == "سازمان ملل"
    assert normalize("آذربایجان") != normalize("اذربایجان")
    assert normalize("بی‌بی‌سی") == "بی بی سی"
    assert normalize("ایـــران") == "ایران"


def test_files_load_with_expected_sizes(lex):
    types = {e.type for e in lex.entries}
    assert types == {"STATE", "LOC", "ORG", "PERSON", "AGREEMENT", "EVENT"}
    count = {t: sum(e.type == t for e in lex.entries) for t in types}
    assert count["STATE"] >= 200 and count["PERSON"] >= 200 and count["ORG"] >= 100 and count["LOC"] >= 500
    assert lex.by_key["state:IRN"].label_fa == "ایران"
    assert len(lex.offices) > 100 and len(lex.ranks) > 50
    assert {"وزارت", "ارتش", "خبرگزاری"} <= set(lex.org_heads)
    assert {"رژه", "اجلاس", "سالگرد"} <= set(lex.event_heads)
    assert {"یادداشت تفاهم", "معاهده", "قطعنامه"} <= set(lex.agreement_heads)
    assert lex.by_key["agreement:jcpoa"].type == "AGREEMENT" and "برجام" in lex.by_key["agreement:jcpoa"].names


def test_every_state_has_qid_and_english_label(lex):
    for e in lex.entries:
        if e.type == "STATE":
            assert e.wikidata and e.wikidata.startswith("Q"), e.key
            assert e.label_en, e.key
    assert lex.by_key["state:SUN"].wikidata == "Q15180"
    assert lex.by_key["state:AZE"].wikidata == "Q227"


@pytest.mark.parametrize(("name", "key"), [
    ("بلاروس", "state:BLR"), ("روسیه سفید", "state:BLR"), ("جمهوری آذربایجان", "state:AZE"),
    ("روسیه", "state:RUS"), ("فدراسیون روسیه", "state:RUS"), ("چین", "state:CHN"),
    ("جمهوری خلق چین", "state:CHN"), ("ایران", "state:IRN"), ("جمهوری اسلامی ایران", "state:IRN"),
    ("آمریکا", "state:USA"), ("امریکا", "state:USA"), ("ایالات متحده آمریکا", "state:USA"),
    ("انگلیس", "state:GBR"), ("بریتانیا", "state:GBR"), ("رژیم صهیونیستی", "state:ISR"),
    ("عربستان", "state:SAU"), ("کره شمالی", "state:PRK"), ("كره جنوبي", "state:KOR"),
    ("ترکیه", "state:TUR"), ("شوروی", "state:SUN"), ("آلمان نازی", "state:DEU_NAZI"),
    ("فلسطین", "state:PSE"), ("تایوان", "state:TWN"), ("کوزوو", "state:XKX"), ("واتیکان", "state:VAT"),
])
def test_state_names(lex, name, key):
    assert key in keys_of(lex, name)


def test_no_name_maps_to_two_states(lex):
    for name, entries in lex.names.items():
        states = {e.key for e in entries if e.type == "STATE"}
        assert len(states) <= 1, (name, states)


def test_demonyms(lex):
    for adj, key in [("ایرانی", "state:IRN"), ("روسی", "state:RUS"), ("آمریکایی", "state:USA"),
                     ("آذربایجانی", "state:AZE"), ("بلاروسی", "state:BLR"), ("چینی", "state:CHN"),
                     ("عراقی", "state:IRQ"), ("صهیونیستی", "state:ISR")]:
        assert lex.demonyms[normalize(adj)] == key
    assert all(v in lex.by_key for v in lex.demonyms.values())


def test_capitals_map_to_states(lex):
    assert len(lex.capitals) > 150
    for place, state in lex.capitals.items():
        assert lex.by_key[place].type == "LOC" and lex.by_key[state].type == "STATE"
    for city, state in [("مسکو", "state:RUS"), ("مینسک", "state:BLR"), ("باکو", "state:AZE"),
                        ("تهران", "state:IRN"), ("واشنگتن", "state:USA"), ("پکن", "state:CHN")]:
        (place,) = [e for e in lex.names[normalize(city)] if e.type == "LOC"]
        assert lex.capitals[place.key] == state


def test_city_names_are_not_common_words(lex):
    for word in ["باران", "مهر", "نور", "امید", "گل", "میانه", "روز", "مرکز", "گناه", "شهر"]:
        assert not [e for e in lex.names.get(normalize(word), ()) if e.type == "LOC" and e.kind == "city"], word
    assert keys_of(lex, "تبریز") and keys_of(lex, "حلب") and keys_of(lex, "قره‌باغ")


def test_people_and_orgs(lex):
    putin = lex.by_key["person:vladimir_putin"]
    assert putin.state == "state:RUS" and putin.wikidata == "Q7747" and "پوتین" in putin.names
    assert "person:ilham_aliyev" in keys_of(lex, "الهام علی‌اف")
    assert keys_of(lex, "سازمان ملل متحد") == {"org:un"}
    assert lex.by_key["org:nato"].kind == "intl_org"
    assert normalize("مهر") in lex.weak_names and normalize("پوتین") not in lex.weak_names
    titles = {o.title for o in lex.offices}
    assert {e.office for e in lex.entries if e.type == "PERSON" and e.office} <= titles
    assert next(o for o in lex.offices if o.title == "وزیر دفاع").agent == "MIL"


def test_cameo_tables_consistent(lex):
    assert lex.cameo_names["042"] == "Make a visit"
    assert lex.quad_class["042"] == 1 and lex.quad_class["057"] == 1
    assert lex.quad_class["061"] == 2 and lex.quad_class["111"] == 3 and lex.quad_class["190"] == 4
    assert set(lex.cameo_to_plover) <= set(lex.cameo_names)
    assert set(lex.tie_defaults) == set(TIE_TYPES)
    for tie, (cameo, plover) in lex.tie_defaults.items():
        assert "-" not in (cameo, plover), tie  # «-» in the table is read as no code (None)
        if cameo is not None:
            assert cameo in lex.cameo_names, tie
            assert (plover or "-") == lex.cameo_to_plover.get(cameo, "-"), tie
    assert lex.tie_defaults["VISIT"] == ("042", "CONSULT")


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(data_path("lexicons"), tmp_path / "lexicons")
    shutil.copytree(data_path("cameo"), tmp_path / "cameo")
    return tmp_path / "lexicons"


def test_malformed_line_names_file_and_line(tmp_path):
    lexdir = _copy(tmp_path)
    path = lexdir / "organizations.tsv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = next(i for i, ln in enumerate(lines) if ln.startswith("org:nato"))
    lines[bad] = "org:nato\tintl_org\tQ7184\tNATO\n"  # too few columns
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"organizations\.tsv:{bad + 1}: .*fields") as err:
        load_lexicon(lexdir)
    assert isinstance(err.value, RelgraphError)


@pytest.mark.parametrize(("fname", "find", "replace", "message"), [
    ("people.tsv", "\tstate:RUS\t", "\tstate:XXX\t", "not a key of states.tsv"),
    ("states.tsv", "\tQ227\t", "\tq227\t", "not a QID"),
    ("offices.tsv", "\tMIL\n", "\tARMY\n", "not a CAMEO agent code"),
])
def test_bad_values_are_reported(tmp_path, fname, find, replace, message):
    lexdir = _copy(tmp_path)
    path = lexdir / fname
    text = path.read_text(encoding="utf-8")
    assert find in text
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"{fname}:\d+: .*{message}"):
        load_lexicon(lexdir)


def test_missing_file_is_reported(tmp_path):
    lexdir = _copy(tmp_path)
    (lexdir / "ranks.tsv").unlink()
    with pytest.raises(LexiconError, match=r"ranks\.tsv: lexicon file is missing"):
        load_lexicon(lexdir)
