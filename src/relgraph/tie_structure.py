"""Ties that come from structure rather than from a trigger verb: an official's office and the state or
organisation that holds it (POSITION: «office X NAME», «NAME، office X»), and the types the learned
classifier's ties get from their two ends and their sentence. An official's stance toward the state
they serve is their POSITION.
"""

from __future__ import annotations

from collections.abc import Sequence

from relgraph.lexicon import load_lexicon, normalize
from relgraph.mentions import is_role_only, sentence_words
from relgraph.model import AnnotatedDoc, Entity, Relation, Word
from relgraph.phrases import find
from relgraph.tie_rules import _ACTORS, _APPOSITION, _Arg, _evidence, _modality, _SentenceView, load_tie_rules


def _appositions(view: _SentenceView, adoc: AnnotatedDoc) -> list[Relation]:
    """POSITION from «office [of X] [rank] NAME» and «NAME، office X»: the person holds an office in X."""
    from relgraph.lexmatch import OFFICE_MAX, lexicon_tables, lookup

    offices = lexicon_tables().offices
    out: list[Relation] = []
    words = view.words
    persons = [a for a in view.args if a.entity.type == "PERSON"]
    for p in persons:
        if is_role_only(p.mention):
            # a role-only mention («وزیر دفاع بلاروس») carries its own state; one held in an
            # organisation or a place («عضو مجمع ملی عراق», «امام جمعه بابل») holds it there
            org = next((a for a in view.args if a.entity.type in ("ORG", "LOC") and p.start_w < a.start_w
                        and a.end_w == p.end_w), None)
            if org is not None:
                out.append(Relation(type="POSITION", source=p.entity.id, target=org.entity.id,
                                    evidence=_evidence(adoc, view.sent, "pattern:office", 0.7)))
            continue
        # «NAME، office X» first in a list of officials, unless the name follows its own title
        # («وزیر خارجه ایران X، وزیر خارجه روسیه Y»: X's title is the one before X)
        titled = _follows_title(view, p)
        holder = None if titled else _holder_after(view, p, offices)
        for k in range(max(0, p.start_w - 8), p.start_w if holder is None else 0):  # office before the name
            n, _found = lookup(offices, words, k, OFFICE_MAX)
            if not n or any(k <= o.start_w < p.start_w for o in persons if o is not p):
                continue
            if any(o is not p and k - 2 <= o.end_w <= k for o in persons):
                continue  # «X مدیرکل بنیاد …، Y فرماندار»: that title is X's, written after X
            between = [a for a in view.args if k < a.start_w < p.start_w and a.end_w <= p.start_w
                       and a.entity.type in _HOLDERS]
            if between:
                holder = _best_holder(between)
                break
        if holder is None and titled:
            holder = _holder_after(view, p, offices)
        method = "pattern:office"
        if holder is None:  # «NAME [title words] ORG»: a title the lexicon does not list («سرمربی تیم …»)
            holder = _titled_holder(view, p)
            method = "pattern:title"
        if holder is not None and holder.entity.id != p.entity.id:
            out.append(Relation(type="POSITION", source=p.entity.id, target=holder.entity.id,
                                evidence=_evidence(adoc, view.sent, method, 0.75 if method == "pattern:office" else 0.55)))
    return out


def _follows_title(view: _SentenceView, p: _Arg) -> bool:
    """Does the name come right after an office title, its state or organisation, or a rank?"""
    from relgraph.lexmatch import lexicon_tables

    ranks = lexicon_tables().ranks
    k = p.start_w
    while k > 0 and (view.words[k - 1].key in _APPOSITION or (view.words[k - 1].key,) in ranks):
        k -= 1
    if k in view.office_ends:
        return True
    owner = next((a for a in view.args if a.end_w == k and a.entity.type in ("STATE", "ORG")), None)
    return owner is not None and owner.start_w in view.office_ends


def _holder_after(view: _SentenceView, p: _Arg, offices: dict) -> _Arg | None:  # type: ignore[type-arg]
    """«NAME، office X»: the state, organisation or place right after the title that follows a name."""
    from relgraph.lexmatch import OFFICE_MAX, load_mention_rules, lookup

    words = view.words
    j = p.end_w
    while j < len(words) and words[j].key in _APPOSITION:
        j += 1
    n, _found = lookup(offices, words, j, OFFICE_MAX)
    if not n:
        return None
    # the holder may sit inside the title itself («سخنگوی پنتاگون»), or follow it within three words
    # that go on with the title («وزیر امور خارجه جمهوری اسلامی ایران», «نماینده مردم در مجلس»), not
    # after a preposition or a function word that starts something else («وزیر کار در سفر به ترکیه»:
    # Turkey is where he went)
    breakers = load_mention_rules().breakers
    after = [a for a in view.args if j < a.start_w <= j + n + 3 and a.entity.type in _HOLDERS
             and _goes_on(words[j + n : a.start_w], breakers)]
    return _best_holder(after) if after else None


def _goes_on(gap: Sequence[Word], breakers: frozenset[str]) -> bool:
    """Do the words between a title and a name go on with the title (content words, or «در» right
    before the name)?"""
    if gap and gap[-1].key == "در":
        gap = gap[:-1]
    return all(w.key.isalpha() and w.key not in breakers for w in gap)


# What an office is held in: a state or an organisation («وزیر خارجه روسیه», «سخنگوی پنتاگون»), else a
# place («فرماندار سیرجان», «امام جمعه بابل»).
_HOLDERS = ("ORG", "STATE", "LOC")


def _best_holder(args: list[_Arg]) -> _Arg:
    """An organisation or state before a place, then the longest, then the first."""
    return max(args, key=lambda a: (a.entity.type != "LOC", a.end_w - a.start_w, -a.start_w))


def _titled_holder(view: _SentenceView, p: _Arg) -> _Arg | None:
    """The organisation right after a person and up to three title words («… عضو کمیسیون اقتصادی مجلس»)."""
    from relgraph.lexmatch import content_word, load_mention_rules

    breakers = load_mention_rules().breakers
    j = p.end_w
    while j < len(view.words) and view.words[j].key in _APPOSITION:
        j += 1
    for k in range(j, min(j + 4, len(view.words))):
        nxt = next((a for a in view.args if a.start_w == k and a.entity.type == "ORG"), None)
        if nxt is not None:
            return nxt if k > j else None  # at least one title word between
        w = view.words[k]
        if w.key in load_mention_rules().title_time_words:
            continue  # «سرمربی حال حاضر تیم ملی ایران»: when the title is held, not what it is
        if w.key in breakers or not w.key.isalpha() or "#" in w.lemma or not content_word(w.key):
            return None
    return None



def _structural(adoc: AnnotatedDoc, entities: Sequence[Entity], add) -> None:  # noqa: ANN001
    """POSITION for officials with an office and state."""
    by_key = {e.key: e for e in entities}
    sents = {s.index: s for s in adoc.sentences}
    for e in entities:
        if not e.state or e.state not in by_key or e.type not in ("PERSON", "ORG"):
            continue
        state = by_key[e.state]
        m = next((m for m in e.mentions if m.state == e.state or m.role), e.mentions[0])
        sent = sents.get(m.sentence)
        if sent is None:
            continue
        # A person whose office the text gives, or a known official (people lexicon) named with a state.
        if e.type == "PERSON" and (e.office or any(m.method == "lexicon" for m in e.mentions)):
            add(Relation(type="POSITION", source=e.id, target=state.id,
                         evidence=_evidence(adoc, sent, "pattern:office", 0.8), trigger=e.office))
    _named_after_place(adoc, entities, add)
    _named_participants(adoc, entities, add)


def _named_participants(adoc: AnnotatedDoc, entities: Sequence[Entity], add) -> None:  # noqa: ANN001
    """«مذاکرات ایران و آمریکا», «مانور نظامی رژیم صهیونیستی»: an event named by a head of
    ``participate.named_in_heads`` (ties.yaml, among its first three words) and the states,
    organisations or people inside its name, or joined by «و» right after a name that ends on one of
    them: those take part in it (PARTICIPATE)."""
    heads = load_tie_rules().participant_heads
    sents = {s.index: s for s in adoc.sentences}
    actors = [(m, a) for a in entities if a.type in _ACTORS for m in a.mentions if m.method != "coref"]
    for e in entities:
        if e.type != "EVENT":
            continue
        for m in e.mentions:
            words = normalize(m.text).split()
            if heads.isdisjoint(words[:3]) or m.sentence not in sents:
                continue  # «مذاکرات …», «دور جدید مذاکرات …»
            inside = [(am, a) for am, a in actors if a.id != e.id and m.start < am.start and am.end <= m.end]
            last = max((am.end for am, _a in inside), default=-1)
            if inside and not adoc.doc.text[last : m.end].strip():
                # «مذاکرات ایران [و آمریکا]»: the name ends on its first state; the one after «و» joins it
                inside += [(am, a) for am, a in actors if am.start > m.end and am.sentence == m.sentence
                           and normalize(adoc.doc.text[m.end : am.start]) == "و"]
            for _am, a in inside:  # actors only: never the event itself
                add(Relation(type="PARTICIPATE", source=a.id, target=e.id,
                             evidence=_evidence(adoc, sents[m.sentence], "pattern:event-actor", 0.65)))


def _named_after_place(adoc: AnnotatedDoc, entities: Sequence[Entity], add) -> None:  # noqa: ANN001
    """«انفجار بیروت», «تورنمنت تهران»: an event named by its head and a place takes place there
    (LOCATED). The place must come within the first two words after the head, and some heads name
    no venue with it (``_NOT_WHERE``); a state inside the name is no place either («جنگ ایران و
    عراق» is fought by them), nor a continent («قهرمانی آسیا»)."""
    sents = {s.index: s for s in adoc.sentences}
    text = adoc.doc.text
    lex = load_lexicon()
    places = [(m, e) for e in entities if e.type == "LOC" and getattr(lex.by_key.get(e.key), "kind", None) != "continent"
              for m in e.mentions if m.method != "coref"]  # «قهرمانی آسیا» is a title, not where it is held
    for e in entities:
        if e.type != "EVENT":
            continue
        for m in e.mentions:
            words = normalize(m.text).split()
            if not words or words[0] in _NOT_WHERE or m.sentence not in sents:
                continue
            inside = next((p for pm, p in places if m.start < pm.start and pm.end <= m.end and p.id != e.id
                           and len(text[m.start : pm.start].split()) <= 2), None)
            if inside is not None:
                add(Relation(type="LOCATED", source=e.id, target=inside.id,
                             evidence=_evidence(adoc, sents[m.sentence], "pattern:event-place", 0.7)))
                break


# Heads after which a place is no venue: what is commemorated («سالگرد آزادسازی خرمشهر»), the target of
# sanctions («تحریم تل‌آویو»), whom talks or a visit are with or to («مذاکرات شهردار تهران», «سفر مسکو»).
_NOT_WHERE = frozenset(normalize(w) for w in ("سالگرد", "سالروز", "بزرگداشت", "یادواره", "روز", "هفته", "مراسم",
                                              "تحریم", "تحریم‌های", "مذاکرات", "گفتگوهای", "سفر", "دیدار"))


def retype_model_ties(adoc: AnnotatedDoc, entities: Sequence[Entity], relations: Sequence[Relation]) -> list[Relation]:
    """Give ties found by the learned classifier (method ``model:ties``) the type their two ends and
    their sentence's trigger words imply, where they imply one; the classifier's own guess otherwise.

    Structure first (a person and the state/organisation of their office: POSITION; an actor and an
    event: PARTICIPATE; an event and a place: LOCATED; an agreement and an event or place: TOPIC; an
    event and a state after «در»: LOCATED; an organisation and its own state: no MEMBER tie, since the
    organisation's state says it and the gold names none, and another kind of tie is typed as below), then the first
    rule of ``ties.yaml`` whose cue is in the sentence, unless that rule says its cue types no
    classifier tie (``types_classifier_ties``: a «دیدار» in the sentence is seldom what ties the pair
    the classifier found); in a sentence that reports speech, with neither, a MEET, VISIT or OTHER
    guess between a person and another actor becomes CRITICIZE.
    """
    from dataclasses import replace

    rules = load_tie_rules()
    by_id = {e.id: e for e in entities}
    sents = {s.index: s for s in adoc.sentences}
    views: dict[int, _SentenceView] = {}
    out: list[Relation] = []
    for r in relations:
        if r.evidence.method != "model:ties" or r.source not in by_id or r.target not in by_id:
            out.append(r)
            continue
        a, b = by_id[r.source], by_id[r.target]
        if r.evidence.sentence in sents:  # the classifier knows no modality: take the sentence's
            if r.evidence.sentence not in views:
                views[r.evidence.sentence] = _SentenceView(sents[r.evidence.sentence], entities)
            view = views[r.evidence.sentence]
            verbs = [w for w in view.words if "#" in w.lemma]  # Persian is verb-final: the main verb is last
            negated = bool(verbs) and verbs[-1].key.startswith("ن") and not verbs[-1].lemma.startswith("ن")
            r = replace(r, modality="negated" if negated else _modality(view, rules))  # type: ignore[arg-type]
        typ = _structural_type(a, b) or _structural_type(b, a)
        if typ == "MEMBER":
            # an organisation and its own state: the organisation's state already says it, and the gold
            # names no such tie; a tie of another kind the classifier saw between them stands
            if r.type == "MEMBER":
                continue
            typ = None
        if typ == "PARTICIPATE" and "STATE" in (a.type, b.type) and r.evidence.sentence in views and any(
                x.entity.type == "STATE" and x.entity.id in (a.id, b.id) and x.marker == "در"
                for x in views[r.evidence.sentence].args):
            typ = "LOCATED"  # «… در عراق»: the event took place in the state
        if typ is None and r.evidence.sentence in sents:
            words = sentence_words(sents[r.evidence.sentence])
            cued = next((rule for rule in rules.rules if find(words, rule.cues)), None)
            typ = cued.type if cued is not None and cued.types_classifier_ties else None
            if typ is None and _belongs_elsewhere(r.type, a, b):
                typ = cued.type if cued is not None else "OTHER"
            if typ is None and r.type in _NO_SPEECH_TYPES and a.type in _ACTORS and b.type in _ACTORS \
                    and "PERSON" in (a.type, b.type) and find(words, rules.speech):
                typ = "CRITICIZE"  # said of another actor, with no cue of how: in the news, mostly blame
            if typ is None and r.type in _NO_SPEECH_TYPES and r.evidence.sentence in views and any(
                    x.entity.id in (a.id, b.id) and x.marker == "علیه" for x in views[r.evidence.sentence].args):
                typ = "CRITICIZE"  # «… آمریکا علیه ایران»: one acts against the other
        if typ is None or typ == r.type:
            out.append(r)
            continue
        cameo, plover = load_lexicon().tie_defaults.get(typ, (r.cameo, r.plover))
        out.append(replace(r, type=typ, cameo=cameo, plover=plover))
    return out


# Classifier types that speaking is not: one does not meet or visit by speaking, and OTHER says nothing
_NO_SPEECH_TYPES = frozenset({"MEET", "VISIT", "OTHER"})
_INTERACTIONS_OWN_SIDE = frozenset({"MEET", "VISIT", "INVITE", "STATEMENT", "SUPPORT", "COOPERATE", "REQUEST",
                                    "CRITICIZE", "REJECT", "THREATEN", "SANCTION", "CONFLICT", "OTHER"})


def own_side_as_position(entities: Sequence[Entity], relations: Sequence[Relation]) -> list[Relation]:
    """An official does not criticise, support or meet the state or organisation they speak for: a tie
    of that kind between a person and the holder of their office (a POSITION tie, or the state of their
    office) is the POSITION itself, read off a speech or a proximity guess («آصفی، سخنگوی وزارت خارجه
    ایران، … گفت»). Such ties become one POSITION tie for the pair."""
    from dataclasses import replace

    by_id = {e.id: e for e in entities}
    positioned = {frozenset((r.source, r.target)) for r in relations if r.type == "POSITION"}
    held = set(positioned)
    for e in entities:
        if e.type == "PERSON" and e.office and e.state:
            held |= {frozenset((e.id, s.id)) for s in entities if s.type == "STATE" and s.key == e.state}
    out: list[Relation] = []
    for r in relations:
        pair = frozenset((r.source, r.target))
        ends = (by_id.get(r.source), by_id.get(r.target))
        person = next((x for x in ends if x is not None and x.type == "PERSON"), None)
        if r.type not in _INTERACTIONS_OWN_SIDE or pair not in held or person is None:
            out.append(r)
            continue
        if pair in positioned:
            continue  # the POSITION tie is there already
        positioned.add(pair)
        other = r.target if person.id == r.source else r.source
        cameo, plover = load_lexicon().tie_defaults.get("POSITION", (None, None))
        out.append(replace(r, type="POSITION", source=person.id, target=other, cameo=cameo, plover=plover,
                           modality="asserted", speaker=None, trigger=person.office))
    return out


def _belongs_elsewhere(ttype: str, a: Entity, b: Entity) -> bool:
    """A POSITION or MEMBER guess between a person or organisation known to be another state's and a
    state: «وزیر خارجه روسیه سرگئی لاوروف … ایران» is no office of Lavrov's in Iran."""
    if ttype not in ("POSITION", "MEMBER"):
        return False
    return any(x.type in ("PERSON", "ORG") and y.type == "STATE" and x.state and x.state != y.key
               for x, y in ((a, b), (b, a)))


def _structural_type(a: Entity, b: Entity) -> str | None:
    if a.type == "PERSON" and b.type in ("STATE", "ORG") and a.office and (a.state in (b.key, None)):
        return "POSITION"
    if a.type == "ORG" and b.type == "STATE" and a.state == b.key:
        return "MEMBER"
    if a.type in _ACTORS and b.type == "EVENT":
        return "PARTICIPATE"
    if a.type == "EVENT" and b.type == "LOC":  # a state and an event: PARTICIPATE, checked the other way round
        return "LOCATED"
    if a.type == "AGREEMENT" and b.type in ("EVENT", "LOC"):
        return "TOPIC"
    if a.type == "AGREEMENT" and b.type in _ACTORS:
        return "AGREEMENT"
    return None
