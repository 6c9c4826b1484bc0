#!/usr/bin/env python3
"""Rebuild the generated lexicons (data/lexicons/states.tsv, places.tsv) and data/cameo/*.tsv.

Run once by a maintainer; the output is committed and relgraph never needs ../shared at run time:

    PYTHONPATH=src .venv/bin/python scripts/build_lexicons.py [--shared ../shared/data]

Inputs: the gazetteers under ../shared/data (dr5hn, mledoze: ODbL; umpirsky: MIT/CLDR), Babel's
CLDR Persian territory names (fa, fa_AF), pycountry (ISO codes), hazm's word list and the UD Persian
treebanks (to recognise city names that are ordinary words), the CAMEO/PLOVER tables, and the
hand-curated files in data/lexicons/curated/. Hand-written lexicons (people, organisations, offices,
ranks, head nouns) are not touched. See data/ATTRIBUTION.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from relgraph.lexicon import normalize  # noqa: E402

LEX = ROOT / "data" / "lexicons"
CUR = LEX / "curated"
CAMEO_OUT = ROOT / "data" / "cameo"
EXTRA_STATES = {"PSE", "VAT", "TWN", "UNK"}  # not UN members, but states for relgraph
NEIGHBOURS = {"IR", "IQ", "AF", "PK", "TR", "AZ", "AM", "TM", "SY", "LB", "SA", "AE", "QA", "KW", "BH", "OM",
              "YE", "JO", "IL", "PS", "GE", "TJ", "UZ", "KZ", "KG", "EG"}
TERRITORY_STATE = {"HKG": "CHN", "MAC": "CHN", "GRL": "DNK", "FRO": "DNK", "PRI": "USA", "GUM": "USA",
                   "GIB": "GBR", "BMU": "GBR", "NCL": "FRA", "PYF": "FRA", "REU": "FRA"}
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "هٔ", "ـ": ""})


def clean(name: str) -> str:
    """A display form of a source name: NFKC, Persian letters, no vowel marks, no parentheses."""
    name = unicodedata.normalize("NFKC", name).translate(_FOLD)
    name = "".join(c for c in name if unicodedata.category(c) != "Mn" or c == "\u0654")
    name = re.sub(r"\s*\(.*?\)\s*", " ", name).replace(" - ", " ").replace("\u200c ", " ")
    return " ".join(name.split())


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def read_list(path: Path) -> set[str]:
    """Normalised names of a one-name-a-line file (``#`` comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {normalize(w) for w in lines if w.strip() and not w.startswith("#")}


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "x"


class Words:
    """Decides whether a one-word name is also an ordinary Persian word (hazm + UD treebanks)."""

    def __init__(self, shared: Path, stoplist: set[str], keep: set[str]) -> None:
        import hazm

        self.stop = {normalize(w) for w in hazm.stopwords_list()} | stoplist
        self.keep = keep
        model = ROOT / "data" / "models" / "ner-crf.json"  # given names the tagger learned from its corpus
        if not model.exists():
            raise SystemExit(f"{model}: not found; the town filter needs the tagger's given names "
                             "(run `relgraph train --data …` first)")
        self.given = {normalize(n) for n in json.loads(model.read_text(encoding="utf-8")).get("given_names", [])}
        self.hazm: dict[str, set[str]] = {}
        self.freq: Counter[str] = Counter()  # the most frequent of the raw words a key stands for
        for w, n, tags in hazm.words_list():
            key = normalize(w)
            self.hazm.setdefault(key, set()).update(tags)
            self.freq[key] = max(self.freq[key], n)
        self.ud: dict[str, Counter[str]] = defaultdict(Counter)
        for conllu in sorted(shared.glob("ud-persian-*/*.conllu")):
            for line in conllu.open(encoding="utf-8"):
                cols = line.split("\t")
                if len(cols) == 10 and cols[0].isdigit():
                    self.ud[normalize(cols[1])][cols[3]] += 1

    def ordinary(self, name: str) -> bool:
        """A one-word name that Persian text mostly uses as a word: frequent in hazm's corpus (a town
        name such as «چابهار» is counted there too, but far less often than «پول» or «نمایش»), an
        adjective, a given name, or a function word. Used for small towns, where the town is the rarer reading."""
        key = normalize(name)
        if key in self.keep:
            return False
        if self.common(name):
            return True
        if key.replace(" ", "") != key:  # «کره‌ای»: judge the word as written, joined
            return self.freq[key] >= 300_000 or self.derived(key.replace(" ", ""))
        return self.freq[key] >= 300_000 or "AJ" in self.hazm.get(key, set()) or key in self.given \
            or self.derived(key)

    def derived(self, key: str) -> bool:
        """«دبیران», «لطیفی», «کره‌ای»: a common word with a plural or adjective suffix."""
        for suffix in ("ان", "ها", "ای", "ی"):
            stem = key[: -len(suffix)]
            if key.endswith(suffix) and len(stem) >= 2 and self.freq[stem] >= 20_000:
                return True
        return False

    def common(self, name: str, population: int = 0) -> bool:
        """True when a one-word name is a stopword, two letters or less, tagged as a function word
        by hazm, or (for places under a million people) used only as a common noun in the UD treebanks."""
        key = normalize(name)
        if key in self.keep:
            return False
        if key in self.stop or len(key.replace(" ", "")) <= 2:
            return True
        if " " in key:
            return False
        if self.hazm.get(key, set()) & {"V", "ADV", "P", "CONJ", "PRO", "DET", "PR", "INT", "POSTP", "CL"}:
            return True
        ud = self.ud.get(key)
        return population < 1_000_000 and bool(ud) and ud["PROPN"] == 0


def demonyms_for(name: str) -> list[str]:
    """Regular Persian adjective of a one-word country name: ایران→ایرانی, کانادا→کانادایی."""
    if " " in name or "\u200c" in name:
        return []
    if name.endswith(("ا", "و", "ی")):
        return [name + "یی" if not name.endswith("ی") else name + "ایی"]
    if name.endswith("یه"):
        return [name[:-1], name + "\u200cای"]
    if name.endswith("ه"):
        return [name + "\u200cای"]
    return [name + "ی"]


def build_states(shared: Path, words: Words) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    import pycountry
    from babel import Locale

    dr5 = {r["iso3"]: r for r in read_tsv(shared / "gazetteer-dr5hn/countries_fa.tsv")}
    dr5["UNK"] = dr5.pop("XKX")
    mle = {r["cca3"]: r for r in read_tsv(shared / "gazetteer-mledoze/countries_fa.tsv")}
    cldr = [Locale("fa").territories, Locale("fa", "AF").territories]
    curated = {r["key"]: r for r in read_tsv(CUR / "states_curated.tsv")}
    caps: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in read_tsv(shared / "gazetteer-dr5hn/cities_fa.tsv"):
        if r["type"] == "capital":
            caps[r["country_code"]].append(r)

    states: dict[str, dict[str, str]] = {}
    source_names: dict[str, list[str]] = {}
    for iso3, m in sorted(mle.items()):
        if m["unMember"] != "True" and iso3 not in EXTRA_STATES:
            continue
        key = "state:" + ("XKX" if iso3 == "UNK" else iso3)
        d = dr5.get(iso3, {})
        iso2 = m["cca2"]
        pc = pycountry.countries.get(alpha_2=iso2)
        names = [m["name_common_fa"], m["name_official_fa"], d.get("name_fa", "")]
        names += [t.get(iso2, "") for t in cldr]
        source_names[key] = [clean(n) for n in names if n.strip()]
        cap = next((c for c in caps.get(iso2, []) if c["name_en"] == d.get("capital")), None)
        cap = cap or (caps[iso2][0] if caps.get(iso2) else None)
        states[key] = {
            "key": key, "iso2": iso2 if pc or iso2 == "XK" else "", "iso3": key[6:],
            "wikidata": d.get("wikidata", ""),
            "label_en": getattr(pc, "common_name", None) or m["name_common_en"],
            "label_fa": clean(m["name_common_fa"]), "capital_en": cap["name_en"] if cap else "",
            "capital_fa": clean(cap["name_fa"]) if cap and cap["name_fa"] else "",
            "capital_wikidata": cap["wikidata"] if cap else "", "period": "",
        }
    for key, c in curated.items():  # historical states: whole rows
        if key not in states:
            hist = pycountry.historic_countries.get(alpha_3=key[6:])
            states[key] = {"key": key, "iso2": "", "iso3": hist.alpha_3 if hist else "", "capital_en": "",
                           "capital_fa": "", "capital_wikidata": "", "wikidata": "", "label_en": "",
                           "label_fa": "", "period": ""}
            source_names[key] = []
        s = states[key]
        for col in ("wikidata", "label_en", "label_fa", "capital_en", "capital_wikidata", "period"):
            if c.get(col):
                s[col] = c[col]
        if c.get("capital_fa"):
            s["capital_fa"] = c["capital_fa"]

    # names: source names lose any name two states share, curated names win, «-» names are removed
    owners: dict[str, set[str]] = defaultdict(set)
    for key, names in source_names.items():
        for n in names:
            owners[normalize(n)].add(key)
    for key, s in states.items():
        c = curated.get(key, {})
        removed = {normalize(n[1:]) for n in split(c.get("names")) if n.startswith("-")}
        chosen = [n for n in split(c.get("names")) if not n.startswith("-")]
        for n in [s["label_fa"], *source_names[key]]:
            k = normalize(n)
            if k and k not in removed and len(owners[k]) == 1 and k not in {normalize(x.lstrip("~")) for x in chosen}:
                chosen.append(n)  # state names are never weak unless curated says «~»
        s["names"] = "|".join(dict.fromkeys(chosen))
    claimed: dict[str, str] = {}
    for key, s in states.items():
        for n in split(s["names"]):
            k = normalize(n.lstrip("~"))
            if claimed.setdefault(k, key) != key:
                raise SystemExit(f"states_curated.tsv: name {n!r} is given to both {claimed[k]} and {key}")
    # demonyms: regular forms of the one-word names + curated ones; drop clashes
    dem_owner: dict[str, set[str]] = defaultdict(set)
    dem_forms: dict[str, list[str]] = defaultdict(list)
    for key, s in states.items():
        forms = split(curated.get(key, {}).get("demonyms"))
        if not s["period"]:
            for n in split(s["names"])[:3]:
                forms += demonyms_for(n.lstrip("~"))
        for f in forms:
            if normalize(f.lstrip("~")) not in claimed:
                dem_forms[key].append(f)
                dem_owner[normalize(f.lstrip("~"))].add(key)
    for key, s in states.items():
        forms = [f for f in dem_forms[key] if len(dem_owner[normalize(f.lstrip("~"))]) == 1]
        s["demonyms"] = "|".join(dict.fromkeys(forms))
    # territories (not states) become places
    territories = []
    for iso3, m in sorted(mle.items()):
        if m["unMember"] == "True" or iso3 in EXTRA_STATES:
            continue
        d = dr5.get(iso3, {})
        names = [clean(x) for x in (m["name_common_fa"], d.get("name_fa", ""), cldr[0].get(m["cca2"], "")) if x]
        names = [n for n in dict.fromkeys(names) if normalize(n) not in claimed]
        if names:
            state = TERRITORY_STATE.get(iso3, "")
            territories.append({"key": "place:" + slug(m["name_common_en"]), "type": "territory",
                                "wikidata": d.get("wikidata", ""), "label_en": m["name_common_en"],
                                "label_fa": names[0], "names": "|".join(names),
                                "state": "state:" + state if state else "", "population": ""})
    return list(states.values()), territories


def build_places(shared: Path, words: Words, states: list[dict[str, str]],
                 territories: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[str]]:
    """Capitals, large cities (≥300k; ≥100k in Iran and its region) and curated places."""
    state_names = {normalize(n.lstrip("~")) for s in states for n in split(s["names"]) + split(s["demonyms"])}
    by_iso2 = {s["iso2"]: s["key"] for s in states if s["iso2"] and not s["period"]}
    dropped: list[str] = []
    places: dict[str, dict[str, str]] = {}
    qids: dict[str, str] = {}

    def add(row: dict[str, str], force: bool) -> None:
        names = []
        for n in split(row["names"]):
            k = normalize(n.lstrip("~"))
            if k in state_names:
                dropped.append(f"{row['key']}\t{n}\tsame as a state name or demonym")
            elif n.startswith("~") or not words.common(n, int(row["population"] or 0)):
                names.append(n)
            elif force:  # capitals and curated places: the UD test is too blunt, keep the name
                names.append("~" + n if words.common(n, population=10**9) else n)
            else:
                dropped.append(f"{row['key']}\t{n}\tordinary Persian word")
        if not names:
            return
        key = row["key"]
        if key in places:
            if places[key]["state"] == row["state"]:
                return  # first row wins (capitals and curated places come first)
            key = f"{key}_{row['state'][6:].lower()}"
            if key in places:
                return
        same = places.get(qids.get(row["wikidata"], "")) if row["wikidata"] else None
        if same is not None:
            if {normalize(n.lstrip("~")) for n in names} & {normalize(n.lstrip("~")) for n in split(same["names"])}:
                return  # same place twice in the gazetteer (city and its district)
            # two towns the gazetteer gives one Wikidata id by mistake («راور», «ریگان»): keep the
            # town, without the id, which stays on the first (most populous or curated) place only
            row = {**row, "wikidata": ""}
        places[key] = {**row, "key": key, "names": "|".join(dict.fromkeys(names))}
        if row["wikidata"]:
            qids[row["wikidata"]] = key

    for s in states:
        if s["capital_fa"] and not s["period"]:
            names = split(s["capital_fa"])
            add({"key": "place:" + slug(s["capital_en"]), "type": "capital", "wikidata": s["capital_wikidata"],
                 "label_en": s["capital_en"], "label_fa": names[0].lstrip("~"), "names": "|".join(names),
                 "state": s["key"], "population": ""}, force=True)
    for row in read_tsv(CUR / "places_curated.tsv"):
        add({**row, "population": ""}, force=True)
    for t in territories:
        add(t, force=False)
    rows = read_tsv(shared / "gazetteer-dr5hn/cities_fa.tsv")
    rows.sort(key=lambda r: -int(r["population"] or 0))
    for r in rows:
        pop = int(r["population"] or 0)
        state = by_iso2.get(r["country_code"])
        # every Iranian city and county the gazetteer names (provincial news names small towns),
        # large cities elsewhere
        floor = 0 if r["country_code"] == "IR" else 100_000 if r["country_code"] in NEIGHBOURS else 300_000
        if not r["name_fa"] or not state or pop < floor:
            continue
        if r["type"] not in {"city", "capital", "adm1", "adm2", "municipality", "county", "prefecture",
                             "district", "town", "special municipality"}:
            continue
        name = clean(r["name_fa"])
        ordinary = pop < 100_000 and " " not in name and words.ordinary(name)
        frequent = words.freq[normalize(name)] >= 2_000_000 or len(name) <= 2  # «نور», «بهار»: a word first
        if ordinary and (frequent or not (r["country_code"] == "IR" and pop >= 10_000)):
            continue  # a small town named like a common word («پول», «نمایش»): too ambiguous
        # a village-sized town is named in local news with «شهر», «روستای» or beside other places:
        # its one-word name is weak («~») so that it needs that context; so is an Iranian town of
        # 10,000 people or more whose name is also a word or compound («ابرکوه»)
        weak = (pop < 10_000 or ordinary) and " " not in name
        add({"key": "place:" + slug(r["name_en"]), "type": "city", "wikidata": r["wikidata"],
             "label_en": r["name_en"], "label_fa": name, "names": ("~" if weak else "") + name, "state": state,
             "population": str(pop)}, force=False)
    # a normalised place name may belong to several places; keep it only on the most populous one
    seen: dict[str, str] = {}
    for key, p in places.items():
        keep = []
        for n in split(p["names"]):
            k = normalize(n.lstrip("~"))
            if k in seen:
                dropped.append(f"{key}\t{n}\talready the name of {seen[k]}")
            else:
                seen[k] = key
                keep.append(n)
        p["names"] = "|".join(keep)
    return [p for p in places.values() if p["names"]], dropped


def build_cameo(shared: Path) -> tuple[list[list[str]], list[list[str]]]:
    """CAMEO codes (name, root, quad class) and the CAMEO→PLOVER table from CAMEO2PLOVER-2021."""
    codes = []
    for r in read_tsv(shared / "cameo-plover/cameo_eventcodes.tsv"):
        root = int(r["root"])
        quad = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4  # GDELT QuadClass
        if str(quad) != r["quad_class"]:
            raise SystemExit(f"cameo_eventcodes.tsv: {r['cameo_code']} quad class {r['quad_class']} != {quad}")
        name = r["label_gdelt"] or r["label_cameo2plover"]
        codes.append([r["cameo_code"], r["root"], str(quad), name[:1].upper() + name[1:].lower()
                      if name.isupper() else name, r["label_cameo2plover"]])
    plover = []
    for line in (shared / "cameo-plover/plover/CAMEO2PLOVER-2021.txt").open(encoding="utf-8"):
        m = re.match(r"^(\d{2,4}):\s*([^#]*?)\s*(?:#\s*(.*))?$", line.rstrip())
        if not m or "," not in m.group(2):
            continue
        event, mode, context = ([x.strip() for x in m.group(2).split(",")] + ["", ""])[:3]
        plover.append([m.group(1), event, mode, context])
        if m.group(1) not in {c[0] for c in codes}:  # e.g. 1213, 1214: PLOVER's table only
            root = int(m.group(1)[:2])
            quad = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
            label = (m.group(3) or "").strip()
            codes.append([m.group(1), m.group(1)[:2], str(quad), label + " (CAMEO2PLOVER only)", label])
    return codes, plover


HEADERS = {
    "states.tsv": """# States: every UN member state, plus Palestine, Kosovo, Taiwan and the Vatican, and historical
# states (Soviet Union, Nazi Germany, …). GENERATED by scripts/build_lexicons.py — to change a row,
# edit data/lexicons/curated/states_curated.tsv and rerun the script (or edit here and port it back).
# key: state:ISO3 (historical: state:SUN, state:DEU_NAZI …); iso2/iso3 from ISO 3166 (pycountry);
# wikidata: the state's QID; names: every Persian name to match, «|»-separated; «~» = also an ordinary
# word; demonyms: adjective / people forms; capital_*: the capital (its place key is in places.tsv).
# Sources: gazetteers dr5hn/countries-states-cities-database and mledoze/countries (ODbL), Unicode CLDR
# via Babel (fa, fa_AF), pycountry, and the editors' curated additions. See data/ATTRIBUTION.md.""",
    "places.tsv": """# Places: capitals, every Iranian city and county, large cities elsewhere (population ≥ 300,000;
# ≥ 100,000 in neighbouring states), dependent territories, and curated regions, seas and cities used in
# international news.
# GENERATED by scripts/build_lexicons.py — edit data/lexicons/curated/places_curated.tsv and rerun.
# Names that are ordinary Persian words (hazm word list, UD Persian treebanks, curated stoplist) are
# dropped for gazetteer cities and marked «~» for curated places and capitals. type: capital, city,
# region, sea, strait, canal, continent, territory. state: the state the place lies in (empty if
# contested or several). wikidata for gazetteer cities comes from the gazetteer and may be imprecise.
# Sources: dr5hn/countries-states-cities-database (ODbL) and curated additions. See data/ATTRIBUTION.md.""",
}


def write_tsv(path: Path, header: str, columns: list[str], rows: list[dict[str, str]] | list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header.rstrip() + "\n" + "\t".join(columns) + "\n")
        for row in rows:
            cells = [row.get(c, "") for c in columns] if isinstance(row, dict) else row
            fh.write("\t".join(c.replace("\t", " ") for c in cells) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    if not args.shared.is_dir():
        raise SystemExit(f"{args.shared}: not found; pass --shared PATH to the shared data folder")
    words = Words(args.shared, read_list(CUR / "place_stoplist.txt"), keep=read_list(CUR / "place_keep.txt"))
    states, territories = build_states(args.shared, words)
    places, dropped = build_places(args.shared, words, states, territories)
    write_tsv(LEX / "states.tsv", HEADERS["states.tsv"],
              ["key", "iso2", "iso3", "wikidata", "label_en", "label_fa", "names", "demonyms",
               "capital_en", "capital_fa", "capital_wikidata", "period"], states)
    places.sort(key=lambda p: (p["type"] != "capital", p["state"], p["key"]))
    write_tsv(LEX / "places.tsv", HEADERS["places.tsv"],
              ["key", "type", "wikidata", "label_en", "label_fa", "names", "state", "population"], places)
    (CUR / "places_dropped.txt").write_text(
        "# Gazetteer names NOT used (generated report; key, name, why). Review it when tuning the stoplist.\n"
        + "\n".join(dropped) + "\n", encoding="utf-8")
    codes, plover = build_cameo(args.shared)
    CAMEO_OUT.mkdir(exist_ok=True)
    write_tsv(CAMEO_OUT / "cameo_codes.tsv",
              "# CAMEO event codes (Schrodt et al., CAMEO 1.1b3 as published by GDELT; cleaned copy from\n"
              "# ../shared/data/cameo-plover/cameo_eventcodes.tsv). quad_class by root code as in GDELT's QuadClass:\n"
              "# 01-05 verbal cooperation=1, 06-09 material cooperation=2, 10-14 verbal conflict=3,\n"
              "# 15-20 material conflict=4 (GDELT counts 09 INVESTIGATE as material cooperation and 14 PROTEST\n"
              "# as verbal conflict). name_cameo2plover: the label in PLOVER's CAMEO2PLOVER table.",
              ["code", "root", "quad_class", "name", "name_cameo2plover"], codes)
    write_tsv(CAMEO_OUT / "cameo_plover.tsv",
              "# CAMEO code → PLOVER event type, mode and context, from openeventdata/PLOVER\n"
              "# CAMEO2PLOVER-2021.txt (draft 0.8, 17 Sep 2021; CC BY-SA 4.0). Roots 01-02 are not mapped there.",
              ["cameo", "plover", "mode", "context"], plover)
    print(f"{len(states)} states, {len(places)} places ({len(dropped)} names dropped), "
          f"{len(codes)} CAMEO codes, {len(plover)} CAMEO→PLOVER rows")


if __name__ == "__main__":
    main()
