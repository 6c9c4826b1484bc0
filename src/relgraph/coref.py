"""Group a document's mentions into entities: aliases, short names, offices and «این کشور».

Within a document: lexicon-linked mentions group by lexicon key; a surname alone («حسنوف») joins the
full name («ذاکر حسنوف»); an office mention («وزیر دفاع جمهوری آذربایجان») joins the named holder it
stands beside or who holds the same office for the same state; organisation phrases with and
without «جمهوری» group by their core and state; «این کشور» / «دو کشور» / «طرفین» / «کشورمان»
become mentions of the states they refer to. Who a person mention is (another spelling, the holder
of an office written as a role) is ``relgraph.coref_people``'s question.

Across documents the entity ``key`` decides identity: the lexicon key when linked; otherwise type +
normalised full name (+ state for organisations). Generic phrases («یادداشت تفاهم», «وزیر دفاع
بلاروس») are keyed per document, so two different memoranda or two defence ministers of different
years are never merged blindly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from relgraph.coref_people import holder, person_group
from relgraph.head_phrases import head_nouns
from relgraph.lexicon import load_lexicon, normalize
from relgraph.lexmatch import MentionRules, determiner_before, lexicon_tables, plural_stem, refers_back
from relgraph.mentions import is_role_only, load_mention_rules, sentence_words
from relgraph.model import AnnotatedDoc, Entity, Mention

__all__ = ["build_entities"]


@dataclass
class _Group:
    type: str
    key: str | None
    mentions: list[Mention] = field(default_factory=list)
    office: str | None = None
    state: str | None = None
    named: bool = False  # has a real name (not only an office or a generic phrase)


def _core(m: Mention) -> str:
    """Normalised phrase with a trailing state name and «جمهوری» removed, for grouping ORG variants."""
    return _core_of(m.head or normalize(m.text), m.state)


def _core_of(phrase: str, state: str | None) -> str:
    """``_core`` of a normalised phrase said to be of ``state``."""
    words = phrase.split()
    if state:
        lex = load_lexicon()
        entry = lex.by_key.get(state)
        if entry:
            for name in sorted((normalize(n) for n in entry.names), key=len, reverse=True):
                nw = name.split()
                if nw and words[-len(nw):] == nw and len(words) > len(nw):
                    words = words[: -len(nw)]
                    break
            words = _without_mission_state(words, entry.names)
    # «وزارت امور خارجه» is «وزارت خارجه»; «جمهوری» of a state's long name says nothing either
    words = [w for k, w in enumerate(words) if not (w == "امور" and words[k + 1 : k + 2] == ["خارجه"])]
    return " ".join(w for w in words if w != "جمهوری")


def _without_mission_state(words: list[str], names: Sequence[str]) -> list[str]:
    """«نمایندگی ایران در سازمان ملل», «نمایندگی کشورمان در سازمان ملل متحد»: a state's mission named
    with the state before «در» is one body however the state is written."""
    if "در" not in words:
        return words
    at = words.index("در")
    home = {" ".join(p) for p in load_mention_rules().anaphora_home}
    for name in sorted({normalize(n) for n in names} | home, key=len, reverse=True):
        nw = name.split()
        if nw and at > len(nw) and words[at - len(nw) : at] == nw:
            words = words[: at - len(nw)] + words[at:]
            break
    if words[-2:] == ["ملل", "متحد"]:
        words = words[:-1]  # «سازمان ملل متحد» is «سازمان ملل»
    return words


def build_entities(adoc: AnnotatedDoc, mentions: Sequence[Mention]) -> tuple[list[Entity], dict[int, str]]:
    """Entities of the document and, for each mention (by its index in the returned entities' order),
    the entity id. Returns ``(entities, span_to_entity)`` where ``span_to_entity`` maps a mention's
    ``start`` offset to its entity id (used by relation extraction)."""
    groups: list[_Group] = []
    by_key: dict[str, _Group] = {}
    persons: list[_Group] = []

    def group_for(key: str, typ: str) -> _Group:
        g = by_key.get(key)
        if g is None:
            g = _Group(type=typ, key=key)
            by_key[key] = g
            groups.append(g)
        return g

    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    # a listed surname alone («سلیمانی») is the unlisted person of the article who bears it
    # («مجید سلیمانی»), not the listed namesake
    unlisted = {w[-1] for m in ordered if m.type == "PERSON" and not m.key and not is_role_only(m)
                and len(w := normalize(m.text).split()) > 1}
    # 1. lexicon-linked and named mentions
    for m in ordered:
        if m.key and m.type == "PERSON" and normalize(m.text) in unlisted:
            g = person_group(m, persons) or group_for(f"person:{normalize(m.text)}", "PERSON")
            if g not in persons:
                persons.append(g)
            g.named = True
        elif m.key:
            g = group_for(m.key, m.type)
            g.named = True
            if m.type == "PERSON" and g not in persons:
                persons.append(g)
        elif m.type == "PERSON" and not is_role_only(m):
            g = person_group(m, persons)
            if g is None:
                g = group_for(f"person:{normalize(m.text)}", "PERSON")
                persons.append(g)
            g.named = True
        else:
            continue
        g.mentions.append(m)
        if m.role:
            g.office, g.state = g.office or m.role, g.state or m.state
    # 2. office-only persons: beside a named person, or same office and state, else their own entity
    for m in ordered:
        if not is_role_only(m):
            continue
        g = holder(m, persons, adoc)
        if g is None and (m.method == "pattern:role" or normalize(m.role or "") in load_mention_rules().vague_roles):
            continue  # «عضو کمیسیون …», «نماینده استرالیا» nobody holds: too vague to stand as a person of its own
        if g is None:
            g = group_for(f"person:{adoc.doc.id}:{normalize(m.text)}", "PERSON")
            g.office, g.state = m.role, m.state
        g.mentions.append(m)
        g.office, g.state = g.office or m.role, g.state or m.state
    # 3. organisation / event / agreement phrases
    for m in ordered:
        if m.key or m.type in ("PERSON", "STATE", "LOC"):
            if not m.key and m.type in ("STATE", "LOC"):
                group_for(f"{m.type.lower()}:{_place_core(m)}", m.type).mentions.append(m)
            continue
        core = _core(m)
        generic = m.state is None and not _has_name_inside(m, ordered)
        text = normalize(m.text)
        candidates = [g for g in groups if g.type == m.type and g.key
                      and (_same_phrase(g, core, m) or any(normalize(o.text) == text for o in g.mentions)
                           or _listed_as(g, core, m))]
        abbreviated = _abbreviation_after(m, ordered, adoc.doc.text)
        if abbreviated is not None:
            g = group_for(abbreviated.key, abbreviated.type)  # type: ignore[arg-type]
        elif candidates:
            g = candidates[0]
        else:
            scope = f"{adoc.doc.id}:" if generic else ""
            g = group_for(f"{m.type.lower()}:{scope}{core}|{m.state or ''}", m.type)
        g.mentions.append(m)
        g.state = g.state or m.state
    # 4. state anaphora
    _anaphora(adoc, ordered, group_for, by_key)
    _group_anaphora(adoc, groups)
    _head_anaphora(adoc, groups)
    return _finish(groups, adoc.doc.id)


def _same_phrase(g: _Group, core: str, m: Mention) -> bool:
    """Does mention ``m`` (normalised core ``core``) name the phrase entity of group ``g``?"""
    if m.state is not None and g.state not in (None, m.state):
        return False
    first = g.key.split("|")[0].split(":")[-1] if g.key else ""
    if first.endswith(core) or (m.type == "EVENT" and core.endswith(first)):
        return True
    if m.type == "ORG" and m.state and g.state == m.state and " " not in core and first.startswith(core + " "):
        return True  # «مجلس کویت» after «مجلس امت کویت»: a bare head and the state name the body named in full
    if m.type != "EVENT":
        return False
    # an event is named several ways in one article («مراسم رژه نظامی», «رژه نیروهای مسلح بلاروس»):
    # compare with every way the group was named so far, not only the first
    # (a bare head noun such as «نشست» that joined the group says nothing about which event it is)
    others = {first} | {c for o in g.mentions if o.type == "EVENT" and o.method != "coref" and " " in (c := _core(o))}
    return any(_same_event(core, other) for other in others if other)


def _listed_as(g: _Group, core: str, m: Mention) -> bool:
    """Is the phrase «وزارت امور خارجه جمهوری اسلامی ایران» (core «وزارت امور خارجه», state Iran) the
    listed body of that state with that name («وزارت امور خارجه ایران»)? Its state's names are taken off
    the listed names as they are off the phrase."""
    entry = load_lexicon().by_key.get(g.key or "")
    if entry is None or m.state is None or entry.state != m.state or not core:
        return False
    return core in _listed_cores(entry.key)


@cache
def _listed_cores(key: str) -> frozenset[str]:
    """The cores of a listed entry's names (its state's names taken off), worked out once per entry."""
    entry = load_lexicon().by_key[key]
    return frozenset(_core_of(normalize(n), entry.state) for n in entry.names)


def _same_event(core: str, other: str) -> bool:
    if core.endswith(other) or other.endswith(core):
        return True
    a_core, b_core = _event_core(core), _event_core(other)
    if a_core and b_core and (a_core.startswith(b_core) or b_core.startswith(a_core)):
        return True
    a, b = set(core.split()), set(other.split())
    return len(a & b) / max(1, len(a | b)) >= 0.5


_EVENT_LEADS = frozenset({"مراسم", "این", "آن", "همین"})


def _event_core(phrase: str) -> str:
    """An event phrase without generic leading words («مراسم رژه نظامی» → «رژه نظامی»)."""
    return _without_leading(phrase.split(), _EVENT_LEADS, keep=0)


def _without_leading(words: list[str], leading: frozenset[str], keep: int) -> str:
    """``words`` without the ``leading`` words they start with, keeping at least ``keep`` words."""
    while len(words) > keep and words[0] in leading:
        words = words[1:]
    return " ".join(words)


def _place_core(m: Mention) -> str:
    """«شهرستان بویین زهرا», «شهر بویین زهرا» and «بویین زهرا» are one place: its name without the
    nouns that say what kind of place follows (``admin_place_nouns``)."""
    return _without_leading(normalize(m.text).split(), load_mention_rules().admin_place_nouns, keep=1)


def _abbreviation_after(m: Mention, ordered: Sequence[Mention], text: str) -> Mention | None:
    """«فدراسیون بین‌المللی فوتبال (فیفا)»: a phrase followed by a listed name of its type in brackets is
    that name spelt out."""
    gap = text[m.end : m.end + 3]
    if "(" not in gap:
        return None
    return next((o for o in ordered if o.key and o.type == m.type and m.end < o.start <= m.end + 3
                 and text[m.end : o.start].strip() == "("), None)


def _has_name_inside(m: Mention, ordered: Sequence[Mention]) -> bool:
    return any(o is not m and o.key and m.start <= o.start and o.end <= m.end for o in ordered)


@cache
def _first_words(*phrase_lists: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """The words the phrases start with: a phrase can only match at a word among them, so the
    anaphora passes skip the other words instead of slicing the sentence for every phrase there."""
    return frozenset(p[0] for phrases in phrase_lists for p in phrases if p)


def _anaphora(adoc: AnnotatedDoc, ordered: Sequence[Mention], group_for, by_key) -> None:  # noqa: ANN001
    rules = load_mention_rules()
    states = [m for m in ordered if m.type == "STATE" and m.key]
    firsts = _first_words(rules.anaphora_one, rules.anaphora_two, rules.anaphora_home)
    for sent in adoc.sentences:
        words = sentence_words(sent)
        keys = [w.key for w in words]
        for i in range(len(words)):
            if keys[i] not in firsts:
                continue  # no anaphor starts here
            for phrases, count in ((rules.anaphora_one, 1), (rules.anaphora_two, 2), (rules.anaphora_home, 0)):
                for ph in phrases:
                    if tuple(keys[i : i + len(ph)]) != ph:
                        continue
                    t0, t1 = sent.tokens[words[i].token], sent.tokens[words[i + len(ph) - 1].token]
                    before = [m for m in states if m.end <= t0.start]
                    targets: list[str] = []
                    if count == 0:
                        targets = [rules.home_state]
                    else:
                        for m in reversed(before):
                            if m.key not in targets:
                                targets.append(m.key)  # type: ignore[arg-type]
                            if len(targets) == count:
                                break
                        if len(targets) < count:
                            continue
                    for key in targets:
                        if key not in by_key and count:
                            continue
                        g = group_for(key, "STATE")
                        g.mentions.append(Mention(start=t0.start, end=t1.end, text=adoc.doc.text[t0.start : t1.end],
                                                  type="STATE", sentence=sent.index, method="coref",
                                                  confidence=0.6, key=key))


def _group_anaphora(adoc: AnnotatedDoc, groups: list[_Group]) -> None:
    """«هیئت نظامی وزارت دفاع X» and later «هیئت نظامی»: the group noun is a mention of the organisation
    it comes from (the one named right after it, else the last organisation named before it)."""
    rules = load_mention_rules()
    orgs = sorted(((m, g) for g in groups if g.type == "ORG" for m in g.mentions), key=lambda mg: mg[0].start)
    if not orgs or not rules.group_anaphora:
        return
    firsts = _first_words(rules.group_anaphora)
    for sent in adoc.sentences:
        words = sentence_words(sent)
        keys = [w.key for w in words]
        i = 0
        while i < len(words):
            ph = next((p for p in rules.group_anaphora if tuple(keys[i : i + len(p)]) == p),
                      None) if keys[i] in firsts else None
            if ph is None:
                i += 1
                continue
            t0, t1 = sent.tokens[words[i].token], sent.tokens[words[i + len(ph) - 1].token]
            gap = adoc.doc.text
            after = next((g for m, g in orgs if m.sentence == sent.index and 0 <= m.start - t1.end <= 2
                          and not gap[t1.end : m.start].strip()), None)
            before = [g for m, g in orgs if m.end <= t0.start and sent.index - m.sentence <= 2]
            target = after or (before[-1] if before else None)
            if target is not None and not any(m.start == t0.start for m in target.mentions):
                target.mentions.append(Mention(start=t0.start, end=t1.end, text=gap[t0.start : t1.end], type="ORG",
                                               sentence=sent.index, method="coref", confidence=0.6,
                                               key=target.key))
            i += len(ph)


def _head_anaphora(adoc: AnnotatedDoc, groups: list[_Group]) -> None:
    """«در این نشست», «همین سازمان», «این قطعنامه»: a demonstrative and a head noun are one more mention
    of the last event, organisation or agreement named before whose name holds that noun («نشست سران
    ناتو» … «این نشست»; organisations and agreements within the three sentences before); an event
    head may also point back to an event named with a head of its family (mentions.yaml), the one
    event named so far or the last one, two sentences before at most («رزمایش بالتوپس» … «این مانورها»).
    Without such an antecedent the phrase stays unlinked."""
    rules = load_mention_rules()
    if not rules.demonstratives:
        return
    idx = lexicon_tables()
    named = sorted(((m, g) for g in groups if g.type in ("EVENT", "ORG", "AGREEMENT") for m in g.mentions
                    if m.method != "coref"), key=lambda mg: mg[0].start)
    if not named:
        return
    taken = [(m.start, m.end) for g in groups for m in g.mentions]
    text = adoc.doc.text
    for sent in adoc.sentences:
        words = sentence_words(sent)
        if not any(w.key in rules.demonstratives or w.key in rules.referring_adjectives for w in words):
            continue  # most sentences: no «این …» to resolve
        for i, (h, typ, _limit) in head_nouns(words, idx, rules).items():
            if not refers_back(words, i, h, rules):
                continue
            start, end = sent.tokens[words[i].token].start, sent.tokens[words[i + h - 1].token].end  # the noun
            if any(s < end and start < e for s, e in taken):
                continue
            # the mention is the whole referring phrase, as a reader quotes it: «این حمله», «نشست یادشده»
            first, last = (i - 1, i + h - 1) if determiner_before(words, i, rules) else (i, i + h)
            start, end = sent.tokens[words[first].token].start, sent.tokens[words[last].token].end
            head = [plural_stem(w.key) or w.key for w in words[i : i + h]]
            before = [(m, g) for m, g in named if g.type == typ and m.end <= start
                      and (typ == "EVENT" or sent.index - m.sentence <= 3)]  # «این گروه»: a group named lately
            target = next((g for m, g in reversed(before) if _holds(normalize(m.text).split(), head)), None)
            if target is None and typ == "EVENT":
                one = len({id(g) for _m, g in before}) == 1
                # «رزمایش بالتوپس» … «این مانورها»: the latest event of the head's family, named lately
                target = next((g for m, g in reversed(before) if _same_family(head, m, rules)
                               and (one or sent.index - m.sentence <= 2)), None)
            if target is None:
                continue
            target.mentions.append(Mention(start=start, end=end, text=text[start:end], type=typ, sentence=sent.index,
                                           method="coref", confidence=0.6, key=target.key))
            taken.append((start, end))


def _same_family(head: list[str], antecedent: Mention, rules: MentionRules) -> bool:
    """Whether an event head may name the event ``antecedent`` names with another head: both heads are
    in one family of ``event_head_families`` (mentions.yaml), such as رزمایش and مانور."""
    first = normalize(antecedent.text).split()[:2]
    first = [plural_stem(w) or w for w in first]
    return any(head[0] in fam and any(w in fam for w in first) for fam in rules.event_families)


def _holds(name: list[str], head: list[str]) -> bool:
    """Whether the words of ``name`` hold ``head`` in a row, plurals read as singulars."""
    name = [plural_stem(w) or w for w in name]
    return any(name[k : k + len(head)] == head for k in range(len(name) - len(head) + 1))


def _finish(groups: list[_Group], doc_id: str) -> tuple[list[Entity], dict[int, str]]:
    lex = load_lexicon()
    entities: list[Entity] = []
    span_to_entity: dict[int, str] = {}
    groups = [g for g in groups if g.mentions]
    groups.sort(key=lambda g: min(m.start for m in g.mentions))
    for n, g in enumerate(groups, 1):
        eid = f"e{n}"
        ms = tuple(sorted({(m.start, m.end, m.method): m for m in g.mentions}.values(), key=lambda m: m.start))
        entry = lex.by_key.get(g.key or "")
        named = [m for m in ms if not is_role_only(m) and m.method != "coref"] or list(ms)
        label = entry.label_fa if entry else max(named, key=lambda m: (len(m.text), -m.start)).text
        if g.type == "PERSON" and entry is None and g.key and g.key.count(":") == 1:
            # An unlisted person is one node across documents by full name; a lone surname
            # («حسنوف») could be anyone, so it stays within its document.
            name = normalize(label)
            g.key = f"person:{name}" if len(name.split()) > 1 else f"person:{doc_id}:{name}"
        entities.append(Entity(
            id=eid, key=g.key or f"{g.type.lower()}:{normalize(label)}", type=g.type, label=" ".join(label.split()),
            mentions=ms, label_en=entry.label_en if entry else None, wikidata=entry.wikidata if entry else None,
            office=g.office, state=g.state or (entry.state if entry else None),
        ))
        for m in ms:
            span_to_entity.setdefault(m.start, eid)
    return entities, span_to_entity


def with_attributes(entity: Entity, attrs: Sequence[tuple[str, str]]) -> Entity:
    return replace(entity, attributes=tuple(entity.attributes) + tuple(attrs))
