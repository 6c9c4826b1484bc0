"""Who a person mention is, within one article: the same person written otherwise («ابراهیم زاده»,
«منصور ابراهیم زاده»; not a namesake with another given name), and the holder of an office written as
a role («وزیر دفاع ایتالیا» … «"آنتونیو مارتینو" گفت»). News names an office in the lead and the person
in the body, or the person first and the office as the subject of the next speech verbs; these rules
read those habits. Used by ``relgraph.coref``, which owns the groups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relgraph.lexicon import load_lexicon, normalize
from relgraph.lexmatch import PRONOUN_AFTER, lexicon_tables
from relgraph.mentions import load_mention_rules, sentence_words
from relgraph.model import AnnotatedDoc, Mention, Sentence
from relgraph.phrases import find
from relgraph.tie_rules import load_tie_rules

if TYPE_CHECKING:
    from relgraph.coref import _Group

__all__ = ["holder", "person_group"]


def person_group(m: Mention, persons: list[_Group]) -> _Group | None:
    """The group of people already named that a person mention is another way of writing, if any."""
    name = normalize(m.text).split()
    for g in persons:
        if len(name) > 1 and any(len(on := normalize(o.text).split()) > 1 and on[-1] == name[-1] and on[0] != name[0]
                                 and not _surname_run(name, on) and not _surname_run(on, name)
                                 for o in g.mentions if o.type == "PERSON"):
            continue  # «اسماعیل جلیلی» is not «سعید جلیلی», whatever lone «جلیلی» came between
        for other in g.mentions:
            on = normalize(other.text).split()
            if on == name or (len(name) == 1 and on and on[-1] == name[0]) or (
                len(on) == 1 and name and name[-1] == on[0]
            ) or _surname_run(name, on) or _surname_run(on, name):
                return g
    return None


def _surname_run(short: list[str], long: list[str]) -> bool:
    """«میرتاج الدینی» and «میر تاج الدینی», «ابراهیم زاده» and «منصور ابراهیم زاده», «رحیم پور» and
    «حسن رحیم پور ازغدی»: the same name written with other spaces, or a run of two or more words of a
    longer name that does not start it (a lone word is the caller's business; «محمد رضا» is not «محمد
    رضا رحیمی»)."""
    joined = "".join(short)
    if len(short) < 2 and len(long) < 2:
        return False
    if joined == "".join(long):
        return True
    return len(short) >= 2 and any("".join(long[i:j]) == joined for i in range(1, len(long))
                                   for j in range(i + 1, len(long) + 1))


def holder(m: Mention, persons: list[_Group], adoc: AnnotatedDoc) -> _Group | None:
    """The named person a role-only office mention stands for: beside it, of the same office and state,
    the listed holder of that office, or by the news habits of ``_named_after_lead`` and the others."""
    text = adoc.doc.text
    for g in persons:
        for other in g.mentions:
            gap = text[other.end : m.start] if other.end <= m.start else text[m.end : other.start]
            if other.sentence == m.sentence and len(gap.strip(" ،,\u200c")) == 0 and len(gap) <= 3:
                return g
    role = office_key(m.role or "")
    for g in persons:
        if g.office and office_key(g.office) == role and g.state == m.state and m.state:
            return g
    if m.state:  # «نخست وزیر انگلیس» and a listed «تونی بلر», whom the lexicon gives that office and state
        lex = load_lexicon()
        listed = [g for g in persons if (e := lex.by_key.get(g.key or "")) is not None and e.office
                  and office_key(e.office) == role and e.state == m.state and g.office in (None, m.role)]
        if len(listed) == 1:
            return listed[0]
    return (_named_after_lead(m, persons, adoc) or _named_before_this(m, persons, adoc)
            or _named_speaker_next(m, persons, adoc) or _previous_speaker(m, persons, adoc))


def _previous_speaker(m: Mention, persons: list[_Group], adoc: AnnotatedDoc) -> _Group | None:
    """«حجت‌الاسلام X در خطبه‌ها گفت: … . رئیس شورای فرهنگ عمومی ابرکوه … عنوان کرد: …»: news names the
    speaker, then goes on with their office as the subject of the next speech verbs. A role-only mention
    that speaks in its sentence is the most recent earlier sentence's speaker (its first person mention,
    followed there by a speech verb), when that person is named and may hold the office."""
    sents = {s.index: s for s in adoc.sentences}
    own = sents.get(m.sentence)
    if own is None or not _speaks_after(own, m.end):
        return None
    first: dict[int, tuple[int, _Group]] = {}  # sentence → its first person mention (the likely subject)
    for g in persons:
        for o in g.mentions:
            if o.sentence < m.sentence and (o.sentence not in first or o.start < first[o.sentence][0]):
                first[o.sentence] = (o.start, g)
    spoke = [(start, g) for k, (start, g) in first.items()
             if (sent := sents.get(k)) is not None and _speaks_after(sent, start)]
    if not spoke:
        return None
    _start, last = max(spoke, key=lambda sg: sg[0])
    return last if last.named and _fits(last, m) else None


def office_key(title: str) -> str:
    """An office title as compared between mentions and the lexicon: «وزیر امور خارجه» and «وزیر خارجه»,
    «رئیس جمهوری» and «رئیس جمهور» are one office."""
    words = [w for w in normalize(title).split() if w not in _OFFICE_FILLERS]
    return " ".join("جمهور" if w == "جمهوری" else w for w in words)


_OFFICE_FILLERS = frozenset({"امور"})


def _fits(g: _Group, m: Mention) -> bool:
    """Whether ``g`` may hold the office of the role-only mention ``m``: it holds no other office, and
    its state (its own, or a listed person's) is the office's state or unknown."""
    role = office_key(m.role or "")
    return (g.office is None or office_key(g.office) == role or role in load_mention_rules().generic_titles) \
        and _own_state(g) in (None, m.state or _seat_state(m))


def _named_before_this(m: Mention, persons: list[_Group], adoc: AnnotatedDoc) -> _Group | None:
    """«الهارون … . این نماینده مجلس کویت گفت: …»: an office after a demonstrative is the person named
    most lately, in its sentence or the two before, who may hold it (a listed person of the office's
    state first: «ظریف با "الصباح" دیدار کرد. این وزیر خارجه ایران …» is ظریف)."""
    before = adoc.doc.text[max(0, m.start - 20) : m.start].split()
    if not before or normalize(before[-1]) not in load_mention_rules().demonstratives \
            or (len(before) > 1 and normalize(before[-2]) in PRONOUN_AFTER):  # «پس از آن وزیر …»: a pronoun
        return None
    near = sorted(((o.start, g) for g in persons for o in g.mentions
                   if g.named and o.start < m.start and 0 <= m.sentence - o.sentence <= 2), key=lambda sg: -sg[0])
    fitting = [g for _s, g in near if _fits(g, m)]
    own = [g for g in fitting if m.state and _own_state(g) == m.state]
    return (own or fitting or [None])[0]


def _seat_state(m: Mention) -> str | None:
    """The state of the place an office is held in («امام جمعه بابل»: Iran), for a role-only mention
    written with a place rather than a state; a listed person of that state may hold it."""
    if m.state or not m.role:
        return None
    role, head = normalize(m.role).split(), (m.head or "").split()
    if head[: len(role)] != role:
        return None
    found = lexicon_tables().names.get(tuple(head[len(role) :]))
    entry = load_lexicon().by_key.get(found[0]) if found and found[1] == "LOC" else None
    return entry.state if entry is not None else None


def _own_state(g: _Group) -> str | None:
    """The group's state, or a listed person's own state."""
    listed = load_lexicon().by_key.get(g.key or "")
    return g.state or (listed.state if listed is not None else None)


def _named_speaker_next(m: Mention, persons: list[_Group], adoc: AnnotatedDoc) -> _Group | None:
    """«رئیس بنیاد نخبگان استان یزد … اظهار داشت: … . حبیب زارع افزود: …»: news names the office as it
    speaks, then the holder as the next sentence's speaker. A role-only mention followed by a speech
    verb in its sentence, where nobody else is named, is the person who opens the next sentence and
    speaks there, when that person is first named there and may hold the office."""
    if any(o.sentence == m.sentence and o is not m for g in persons for o in g.mentions):
        return None
    sents = {s.index: s for s in adoc.sentences}
    own, nxt_sent = sents.get(m.sentence), sents.get(m.sentence + 1)
    if own is None or nxt_sent is None or not _speaks_after(own, m.end):
        return None
    nxt = sorted(((o.start, g) for g in persons for o in g.mentions if o.sentence == m.sentence + 1),
                 key=lambda sg: sg[0])
    if not nxt or len({id(g) for _s, g in nxt}) != 1:
        return None
    start, g = nxt[0]
    if not g.named or min(o.sentence for o in g.mentions) != m.sentence + 1 or not _fits(g, m):
        return None
    words = sentence_words(nxt_sent)
    head = next((k for k, w in enumerate(words) if nxt_sent.tokens[w.token].start >= start), None)
    opening = head is not None and all(not w.key.isalpha() or w.key in ("در", "همین", "خصوص", "زمینه", "همچنین")
                                       for w in words[:head])
    return g if opening and _speaks_after(nxt_sent, start) else None


def _speaks_after(sent: Sentence, offset: int) -> bool:
    """Whether a speech verb («گفت», «افزود», «اظهار داشت» …) follows ``offset`` in ``sent``."""
    words = sentence_words(sent)
    return any(sent.tokens[words[i].token].start >= offset for i, _j in find(words, load_tie_rules().speech))


def _named_after_lead(m: Mention, persons: list[_Group], adoc: AnnotatedDoc) -> _Group | None:
    """«وزیر دفاع ایتالیا اعلام کرد: …» in the title or lead, then «"آنتونیو مارتینو" گفت: …» in the
    body: news names the office first and the holder right after. A role-only mention of the first two
    sentences is the one named person whose first mention comes in the next two sentences and who
    speaks there, when that person may hold the office and no other named person of that state (or of
    no known state) competes."""
    if m.sentence > 1 or not (m.state or m.method == "pattern:role"):
        return None
    near = [g for g in persons if g.mentions and m.sentence < min(o.sentence for o in g.mentions) <= m.sentence + 2
            and _own_state(g) in (None, m.state or _seat_state(m))]  # people of another state do not compete
    if not near:
        return None
    # the first of them, when no one is named before it in its sentence: the subject of its speech verb
    pick = min(near, key=lambda g: min(o.start for o in g.mentions))
    first = min(pick.mentions, key=lambda o: o.start)  # the holder speaks where first named
    sent = next((s for s in adoc.sentences if s.index == first.sentence), None)
    if sent is None or not _fits(pick, m) or not _speaks_after(sent, first.end):
        return None
    if len(near) > 1 and (any(o.sentence == first.sentence and o.start < first.start for g in persons for o in g.mentions)
                          or not _opens_clause(sent, first.start)):
        return None
    return pick


def _opens_clause(sent: Sentence, offset: int) -> bool:
    """Whether the name at ``offset`` opens its clause: nothing but a rank between it and the sentence's
    start or the last comma or colon before it («به گزارش فارس، حجت‌الاسلام [X] افزود»; not «به دعوت [X]، …»)."""
    words = sentence_words(sent)
    before = [w.key for w in words if sent.tokens[w.token].start < offset]
    cut = max((k for k, key in enumerate(before) if key in (",", "،", ":", "؛")), default=-1)
    rest = tuple(key for key in before[cut + 1 :] if key != '"')
    return not rest or rest in lexicon_tables().ranks
