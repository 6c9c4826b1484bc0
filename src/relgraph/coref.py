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

from relgraph.coref_anaphora import group_anaphora, head_anaphora, state_anaphora
from relgraph.coref_people import holder, person_group
from relgraph.lexicon import load_lexicon, normalize
from relgraph.mentions import is_role_only, load_mention_rules
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
    state_anaphora(adoc, ordered, group_for, by_key)
    group_anaphora(adoc, groups)
    head_anaphora(adoc, groups)
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
