"""Phrases introduced by a head noun: organisations («وزارت دفاع بلاروس», «روزنامه "X"»), events
(«رژه نظامی»), agreements («یادداشت تفاهم»), places the gazetteers miss («روستای X»), and the news
sources named after «به گزارش». Where such a phrase ends is the hard part: ezafe is not written, so it
ends at function words, light verbs, a named state or organisation, or after a few modifiers.
"""

from __future__ import annotations

from collections.abc import Sequence

from relgraph.lexmatch import (
    COPULAS,
    NO_MATCH,
    LexiconTables,
    MentionRules,
    Span,
    closing_quote,
    content_word,
    given_names,
    hits,
    light_verb,
    name_word,
    opening_quote,
    refers_back,
    vocabulary,
)
from relgraph.model import Word
from relgraph.phrases import find
from relgraph.quantities import UNITS


def source_spans(words: Sequence[Word], idx: LexiconTables, rules: MentionRules, lex: list[Span]) -> list[Span]:
    """The name after «به گزارش», «به نقل از» is a news source (ORG) when nothing else claims it."""
    spans: list[Span] = []
    taken = {k for sp in lex for k in range(sp.start_w, sp.end_w)}
    for _i, j in find(words, rules.source_cues):
        if j + 1 < len(words) and (words[j].key, words[j + 1].key) == _PUBLIC_RELATIONS:
            j += 2  # «به نقل از روابط عمومی شورای …»: the body whose press office it is
        if j in taken:
            continue
        n = 0
        while j + n < len(words) and n < 3 and words[j + n].key.isalpha() and words[j + n].key not in rules.breakers:
            n += 1
        if n and (words[j].key in rules.source_roles or (words[j].key,) in idx.offices):
            continue  # «به گزارش خبرنگار …», «به نقل از مقامات …», «به گفته یک کارشناس»: no outlet's name
        if n and not all(words[j + k].key in idx.common for k in range(n)):
            spans.append(Span(j, j + n, "ORG", "pattern:source", 0.7))
    return spans


_PUBLIC_RELATIONS = ("روابط", "عمومی")


def head_nouns(words: Sequence[Word], idx: LexiconTables, rules: MentionRules) -> dict[int, tuple[int, str, int]]:
    """The head nouns of the sentence by the word they start at: (length, entity type, most modifiers
    allowed). Where several kinds start at a word, an agreement head wins over an organisation head,
    and that over an event head. Only the words where some head starts are looked at."""
    tables = ((hits(idx.agreement_heads, words, 3), "AGREEMENT", rules.agreement_max),
              (hits(idx.org_heads, words, 3), "ORG", rules.org_max),
              (hits(idx.event_heads, words, 3, plural=True), "EVENT", rules.event_max))  # «مانورهای نظامی …»
    out: dict[int, tuple[int, str, int]] = {}
    for found, typ, limit in reversed(tables):  # the first kind to claim a word is written last
        for i, (h, _key) in found.items():
            out[i] = (h, typ, limit)
    return out


_NO_HEAD = (0, "", 0)


def head_spans(words: Sequence[Word], idx: LexiconTables, rules: MentionRules, lex: list[Span]) -> list[Span]:
    """Organisation, event and agreement phrases introduced by a head noun («وزارت دفاع بلاروس»)."""
    spans: list[Span] = []
    ends = {sp.start_w: sp for sp in lex if sp.type in ("STATE", "ORG", "LOC", "PERSON")}
    heads = head_nouns(words, idx, rules)
    i = 0
    while i < len(words):
        h, typ, limit = heads.get(i, _NO_HEAD)
        if not h or (i in ends and (ends[i].type in ("ORG", "STATE") or ends[i].end_w > i + h)):
            i += 1  # «فدراسیون روسیه» is the state; «هنگ کنگ» a place, not a regiment
            continue
        if refers_back(words, i, h, rules):
            i += h  # «این نشست», «همین سازمان», «همایش مذکور»: something named before (coref's), not a new name
            continue
        if i + h < len(words) and light_verb(words[i + h].key, rules):
            i += h  # «شرکت نکرده», «شرکت‌کننده», «اداره می‌کند»: the noun of a light verb, no name
            continue
        if i + h < len(words) and words[i + h].token == words[i + h - 1].token \
                and words[i + h].key in rules.compound_suffixes:
            i += h  # «جنگ‌زده», «دولت‌سازی», «جنگ‌شناسی»: the head is the first part of another word
            continue
        j, named, state = i + h, None, None
        joined = 0  # «و» inside the name («کمیسیون حقوقی و قضایی مجلس»)
        parts = 0  # second parts of one written word («نظامی-دریایی»): one modifier, not two
        while j < len(words) and j - i - h < limit + joined + parts:
            if opening_quote(words, j) and (close := closing_quote(words, j)):
                named, j = True, close + 1  # «روزنامه "دیلی تلگراف"»: the quoted name is the name
                break
            if typ == "ORG" and j > i + h and _joins_modifiers(words, j, idx, rules, ends):
                joined += 1
                j += 1
                continue
            if typ == "ORG" and j > i + h and (words[j - 1].key, words[j].key) in rules.name_links \
                    and j + 1 < len(words) and content_word(words[j + 1].key):
                joined += 1  # «ستاد مبارزه با مواد مخدر», «کمیسیون نظارت بر اصل 44»: the link is in the name
                j += 1
                continue
            if j in ends:
                named = ends[j]
                state = named.key if named.type == "STATE" else None  # type: ignore[union-attr]
                j = named.end_w
                break
            w = words[j]
            if (typ == "ORG" and w.key in _PLURAL_PARTS and j > i + h and words[j - 1].token == w.token) or (
                    w.key in rules.place_nouns and j + 1 in ends and ends[j + 1].type in ("LOC", "STATE")):
                # «بوستان‌ها», «نمایشگاه‌های»: a plural noun goes on the name; «[شهر] تهران»: the place's
                # noun is no modifier of its own
                parts, j = parts + 1, j + 1
                continue
            # «بین‌المللی», «همه‌پرسی»: «بین» or a quantifier that starts a compound is no preposition or
            # quantifier
            compound = w.key in _COMPOUND_STARTS and j + 1 < len(words) and words[j + 1].token == w.token
            if (w.key in rules.breakers and not compound) or not w.key.isalpha() or "#" in w.lemma \
                    or not content_word(w.key) or (typ == "ORG" and w.key in rules.org_breakers):
                break
            nxt = words[j + 1] if j + 1 < len(words) else None
            if nxt and (("#" in nxt.lemma and nxt.token != w.token) or light_verb(nxt.key, rules)):
                break  # the noun of a light verb («اعلام کرد», «شرکت کردند»), not a modifier
            if nxt and nxt.key in COPULAS and not w.key.endswith("ی") \
                    and "AJ" in vocabulary().get(w.key, (0, frozenset()))[1]:
                break  # «اداره دامپزشکی تعطیل است»: an adjective before a copula is what is said of the
                # name (not a relational one: «کمیسیون امنیت ملی است»)
            if w.key in idx.demonyms:
                state = idx.demonyms[w.key]
                j += 1
                break
            if (w.key,) in rules.anaphora_home:  # «نمایندگی کشورمان»: the outlet's own state ends it
                state = rules.home_state
                j += 1
                break
            parts += j > i + h and words[j - 1].token == w.token
            j += 1
        else:
            if typ == "ORG" and j in ends and ends[j].type in ("LOC", "STATE"):
                named = ends[j]  # «کمیته اجرایی کاهش آلودگی هوای تهران»: the place closes the name
                state = named.key if named.type == "STATE" else None  # type: ignore[union-attr]
                j = named.end_w
        if i + h < j < len(words) and words[j].token == words[j - 1].token:
            j = _whole_word_end(words, j, i + h, rules)
        head = " ".join(w.key for w in words[i : i + h])
        if typ == "ORG" and head in rules.numbered_org_heads and i + h < len(words) \
                and words[i + h].key + "ین" in rules.ordinals:
            named, j = True, i + h + 1  # «دولت یازدهم», «دولت اول روحانی»: a government by its number is
            # one cabinet, and the name ends with the number
        modifiers = j - i - h
        if typ == "ORG" and head in _VERBAL_HEADS and modifiers and words[i + h].key.endswith(("ان", "ها", "های")):
            i += 1  # «شرکت نظامیان …» is taking part, not a company
            continue
        if typ == "ORG" and head in rules.weak_org_heads and modifiers and words[i + h].key in rules.ranking_words \
                and not (named or state):
            i += 1  # «تیم برتر گروه», «تیم اول جدول»: a team by its place in a ranking, no name
            continue
        if typ == "ORG" and head in rules.place_nouns and isinstance(named, Span) and named.type in ("LOC", "STATE") \
                and all(w.key in rules.place_nouns for w in words[i + h : named.start_w]):
            i += 1  # «مرکز سمنان», «مرکز استان نینوا»: the seat of a province, a place and no body
            continue
        if typ == "ORG" and not (named or state or modifiers >= (2 if head in rules.weak_org_heads else 1)):
            i += 1  # «گروه دوم», «گروه سیاسی»: a weak head needs a name or two modifiers
            continue
        if typ == "ORG" and head in rules.weak_org_heads and j < len(words) and words[j].key in rules.newsroom_follow:
            i += 1  # «گروه بین‌الملل خبرگزاری فارس»: a newsroom desk, the agency itself
            continue
        if typ == "ORG" and not (named or state or modifiers >= 1):
            i += 1
            continue
        strong = any(w.key in rules.strong_event_heads for w in words[i:j]) or head in rules.strong_event_heads
        if typ == "EVENT" and head in rules.incident_heads and modifiers:
            strong = True  # «حمله انتحاری»: one described incident
        if typ == "EVENT" and head in rules.described_event_heads and modifiers - parts >= 2 and any(
                w.key not in vocabulary() or ("N" in (tags := vocabulary()[w.key][1]) and "AJ" not in tags)
                for w in words[i + h : j]):
            strong = True  # «جشنواره ملی پسته»: a festival or exhibition described by what it shows, not
            # by adjectives alone («نمایشگاه کوچک محلی»)
        first = i
        if typ == "EVENT" and (at := _ordinal_before(words, i, rules)) is not None:
            strong, first = True, at  # «ششمین نمایشگاه …», «دومین اجلاس …»: one happening of a series
        if typ == "EVENT" and not named and j < len(words) and _year(words[j].key) and j - i - h <= 2 \
                and not (j + 1 < len(words) and words[j + 1].key in _COUNTED):
            strong, j = True, j + 1  # «جام جهانی 2010», «انتخابات 1388»: a dated happening
        if typ == "EVENT" and not (named or state) and modifiers == 0 and i + h < len(words) \
                and words[i + h].key in _PLURAL_PARTS and words[i + h].token == words[i + h - 1].token:
            i += h  # «نشست‌های», «بحران‌های» alone: meetings or crises in general, no one happening
            continue
        if typ == "EVENT" and not (named or state) and head in rules.encounter_heads and j + 1 < len(words) \
                and words[j].key in _WITH and j + 1 in ends and ends[j + 1].type in ("STATE", "ORG", "PERSON"):
            named = ends[j + 1]  # «دیدار با ایران», «بازی مقابل پاراگوئه»: the other side names the encounter
            j = named.end_w
        if typ == "EVENT" and not (named or state or strong):
            i += 1
            continue
        if typ == "AGREEMENT" and head in rules.named_agreement_heads and not named and not (
                modifiers and words[i + h].key not in vocabulary()):
            i += 1  # «قانون اساسی», «قانون‌گذاری»: a domestic law or no law; «قانون کاتسا», «قانون "X"» are named
            continue
        if typ == "AGREEMENT" and h == 1 and modifiers == 0 and not (named or state):
            i += 1  # a bare «قانون», «توافق» names no specific agreement
            continue
        if typ != "AGREEMENT" and not named and not state and not joined:
            dated = _year(words[j - 1].key) and j == i + h + 3  # «جام جهانی 2010» keeps its year
            j = min(j, _after_words(words, i + h, 2) + dated)  # an unnamed phrase: keep it short
        if words[j - 1].key == "و":
            j -= 1
        if typ == "EVENT" and named is not None and incident_head(head, rules) and j + 1 < len(words) \
                and words[j].key == "به":
            k = j + 1 + (j + 2 < len(words) and words[j + 1].key in rules.place_nouns)
            if k in ends:
                j = ends[k].end_w  # «حمله کلمبیا به [خاک] اکوادور», «حملات آمریکا به ایران»: whom it struck
        mission = False
        if typ == "ORG" and head in rules.seated_org_heads and j + 1 < len(words) and words[j].key == "در" \
                and j + 1 in ends and (ends[j + 1].type in ("LOC", "STATE") or (ends[j + 1].type == "ORG" and state)):
            mission = ends[j + 1].type == "ORG"
            j = ends[j + 1].end_w  # «سفارت ایران در رم»: where the mission sits is part of its name; a state's
            # mission to an organisation too («نمایندگی ایران در سازمان ملل»), which holds that organisation's name
        conf = 0.75 if (named or state) else 0.55
        if typ == "ORG" and any(tuple(w.key for w in words[i : i + len(p)]) == p for p in rules.place_org_phrases):
            spans.append(Span(first, j, "LOC", "pattern:place", conf))  # «پایگاه هوایی العدید»: a place
            i = i + h
            continue
        spans.append(Span(first, j, typ, f"pattern:{typ.lower()}", conf, state=state, container=mission))
        i = i + h
    return spans


_PLURAL_PARTS = frozenset({"ها", "های"})
_COMPOUND_STARTS = frozenset({"بین", "همه", "هر", "تمام"})
_WITH = frozenset({"با", "مقابل"})


def incident_head(head: str, rules: MentionRules) -> bool:
    """An incident head, also in the plural «‌ات» («حملات» of «حمله», «انفجارات»)."""
    if head in rules.incident_heads:
        return True
    stem = head.removesuffix("ات")
    return stem != head and (stem in rules.incident_heads or stem + "ه" in rules.incident_heads)


def _whole_word_end(words: Sequence[Word], j: int, first: int, rules: MentionRules) -> int:
    """Where a name cut inside a written word ends: before that word when a verb follows it (the word
    is the noun of a light verb, which a plural never is: «جنگ داخلی [روبه‌رو] شده»), else at the cut (the label takes the whole
    word: «پروتکل ویژه‌ای»)."""
    k = j
    while k < len(words) and words[k].token == words[j].token:
        k += 1
    plural = words[k - 1].key.endswith(("ان", "ها", "های"))  # «شبه‌نظامیان کرد»: the Kurds, no light verb
    if k < len(words) and not plural and ("#" in words[k].lemma or light_verb(words[k].key, rules)):
        while j > first and words[j - 1].token == words[j].token:
            j -= 1
    return j


def _after_words(words: Sequence[Word], start: int, n: int) -> int:
    """The index after ``n`` written words from ``start`` (the parts of «بین‌المللی» are one)."""
    j, seen = start, 0
    while j < len(words) and seen < n:
        j += 1
        while j < len(words) and words[j].token == words[j - 1].token:
            j += 1
        seen += 1
    return j


def _ordinal_before(words: Sequence[Word], i: int, rules: MentionRules) -> int | None:
    """Where an ordinal written right before word ``i`` starts: «ششمین», «سی‌امین» (two words once
    normalised), «بیست و پنجمین»; None when there is none."""
    if i and words[i - 1].key in rules.ordinals:
        first = i - 1
    elif i > 1 and words[i - 1].key == "امین" and words[i - 2].key in _TENS:
        first = i - 2
    else:
        return None
    while first > 1 and words[first - 1].key == "و" and words[first - 2].key in _TENS:
        first -= 2
    return first


_TENS = frozenset({"بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود", "صد", "یکصد", "دویست", "سیصد"})
# «زلزله ۲۰۰۰ نفر …»: a number before a unit is a count, not a year
_COUNTED = frozenset(UNITS) | {"متر", "فروند", "کشته", "زخمی"}


def _year(key: str) -> bool:
    """A year as news writes it after an event: 1300–1499 (solar hijri) or 1900–2099."""
    return len(key) == 4 and key.isdigit() and (1300 <= int(key) < 1500 or 1900 <= int(key) < 2100)


def place_spans(words: Sequence[Word], idx: LexiconTables, rules: MentionRules, found: list[Span]) -> list[Span]:
    """«روستای طبر», «رودخانه هیرمند»: a place head and one or two unusual words after it are a place
    the gazetteers may not list (a listed name after the head is found by the lexicon instead). A site
    head before a listed town or state («بازار تبریز», ``site_heads``) makes a place that holds it."""
    spans: list[Span] = []
    taken = {k for sp in found for k in range(sp.start_w, sp.end_w)}
    place_heads = hits(idx.place_heads, words, 3)
    site_firsts = {p[0] for p in rules.site_heads}
    i = 0
    while i < len(words):
        h = place_heads.get(i, NO_MATCH)[0] if i not in taken else 0
        j = i + h
        n = 0
        shrine = h and words[i + h - 1].key in rules.shrine_heads  # «امامزاده سید ابوطالب»: named after a person
        while h and j + n < len(words) and n < (3 if shrine else 2) and j + n not in taken:
            w = words[j + n]
            if (w.key in rules.breakers or not w.key.isalpha() or "#" in w.lemma or (w.key in idx.common and not shrine)
                    or not content_word(w.key) or light_verb(w.key, rules) or (w.key,) in idx.offices
                    or (w.key,) in idx.org_heads or ((w.key,) in idx.ranks and not shrine)):
                break
            nxt = words[j + n + 1] if j + n + 1 < len(words) else None
            if nxt is not None and (light_verb(nxt.key, rules) or ("#" in nxt.lemma and not shrine)):
                break  # «این شهرستان اشاره کرد»: the noun of a light verb, not a place's name
            n += 1
        site = next((len(p) for p in rules.site_heads if tuple(w.key for w in words[i : i + len(p)]) == p), 0) \
            if words[i].key in site_firsts else 0
        named = next((sp for sp in found if sp.start_w == i + site and sp.type in ("LOC", "STATE")), None) \
            if site else None
        at = i + (h or (words[i].key in rules.admin_place_nouns or words[i].key == "منطقه"))
        if i < at < len(words) and i not in taken and opening_quote(words, at) and (close := closing_quote(words, at)) \
                and not taken.intersection(range(at, close + 1)) and _quoted_place_name(words[at + 1 : close], idx, rules):
            # «شهر "عین عیسی"», «منطقه «ستخیرا»»: the quoted name after a place noun is the place
            spans.append(Span(at + 1, close, "LOC", "pattern:place", 0.6))
            taken.update(range(i, close + 1))
            i = close + 1
        elif n and not (i and words[i - 1].key in ("می", "نمی")):  # «می رود» is a verb, not a river
            spans.append(Span(i, j + n, "LOC", "pattern:place", 0.6))
            taken.update(range(i, j + n))
            i = j + n
        elif named is not None and i not in taken:
            # «بازار تبریز», «نیروگاه بوشهر», «گلزار شهدای کرمان»: a place named after its town
            spans.append(Span(i, named.end_w, "LOC", "pattern:place", 0.6, container=True))
            i = named.end_w
        else:
            i += 1
    return spans


def _quoted_place_name(name: Sequence[Word], idx: LexiconTables, rules: MentionRules) -> bool:
    """Whether quoted words can be a place's name: name-like words, not all of them everyday words, and
    one at least a word hazm does not know or a given name («عین عیسی», «ستخیرا»; not «امن», «پرواز
    ممنوع»)."""
    return all(name_word(w, idx, rules) for w in name) and not all(w.key in idx.common for w in name) and any(
        w.key not in vocabulary() or w.key in given_names() for w in name)


def _joins_modifiers(words: Sequence[Word], j: int, idx: LexiconTables, rules: MentionRules, ends: dict) -> bool:  # type: ignore[type-arg]
    """Is the «و» at ``j`` inside an organisation's name: two plain modifiers joined, the name closing
    on a named state, organisation or place («وزارت ارتباطات و فناوری اطلاعات آذربایجان», «کمیسیون حقوقی
    و قضایی مجلس»)? Not when a head or a title follows it («وزارت خارجه و سفارت …»)."""
    if words[j].key != "و" or j + 2 >= len(words) or j + 1 in ends:
        return False
    nxt, after = words[j + 1], words[j + 2]

    def plain(w: Word) -> bool:
        return (w.key.isalpha() and w.key not in rules.breakers and "#" not in w.lemma and content_word(w.key)
                and (w.key,) not in idx.org_heads and (w.key,) not in idx.offices and (w.key,) not in idx.place_heads
                and not light_verb(w.key, rules))

    def named(k: int) -> bool:  # a named state, organisation or place («[شهر] تهران»), or the head of the owning one
        if k < len(words) and words[k].key in rules.place_nouns:
            k += 1
        return (k in ends and ends[k].type in ("STATE", "ORG", "LOC")) or (
            k < len(words) and (words[k].key,) in idx.org_heads)

    # the name must close on a state, organisation or place within two words, so that two phrases
    # joined by «و» («حزب الدعوه اسلامی و جریان صدر») stay two
    return plain(nxt) and (named(j + 2) or (plain(after) and named(j + 3)))


# Organisation heads that are also the noun of a light verb (شرکت کردن = take part).
_VERBAL_HEADS = frozenset({"شرکت"})
