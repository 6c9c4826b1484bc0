"""Ties between a document's entities, from trigger words and Persian argument markers.

Rules live in ``data/rules/ties.yaml``. For a trigger (the noun of a light-verb construction such as
«سفر کرد», «دیدار کرد», «امضا شد»), the *target* is the actor right after a marker the rule names
(«با» X for a meeting, «به» X for a visit, «علیه» X for an attack), the *source* the subject: the first
actor of the clause not introduced by a preposition, or the speaker of reported speech («X گفت: …»).
Structural ties come from the mentions themselves (``tie_structure``): an official's office and state
(POSITION); here, «در [رویداد] شرکت کردند» (PARTICIPATE); around events (``tie_events``), «[رویداد] در
[مکان] برگزار شد» (LOCATED), «[بیانیه] … حل مناقشه …» (TOPIC). An organisation named with its state gets no MEMBER tie: its state
is a property of it (``Entity.state``). The rules and the sentence view are in ``tie_rules``. Planned («قرار است», «خواهد») and negated («نکرد»,
«تکذیب») ties keep their modality so they are never counted as things that happened.
"""

from __future__ import annotations

from collections.abc import Sequence

from relgraph.lexicon import load_lexicon, normalize
from relgraph.lexmatch import content_word, light_verb, load_mention_rules
from relgraph.model import AnnotatedDoc, Entity, Relation, TimeExpr, Word
from relgraph.phrases import find, find_each
from relgraph.tie_events import occasions, topics
from relgraph.tie_rules import (
    _ACTORS,
    _GROUP_NOUNS,
    _PREPS,
    _STANCE,
    TieRule,
    TieRules,
    _Arg,
    _cameo_plover,
    _continues_speech,
    _date_in,
    _evidence,
    _modality,
    _nested,
    _SentenceView,
    _speaker,
    _verb_negated,
    load_tie_rules,
)
from relgraph.tie_structure import _appositions, _structural, own_side_as_position, retype_model_ties

__all__ = ["TieRule", "TieRules", "extract_relations", "load_tie_rules", "own_side_as_position", "retype_model_ties"]


def extract_relations(adoc: AnnotatedDoc, entities: Sequence[Entity], times: Sequence[TimeExpr] = ()) -> list[Relation]:
    """All ties of the document, deduplicated by (type, source, target)."""
    rules = load_tie_rules()
    rels: dict[tuple[str, str, str], Relation] = {}

    def add(rel: Relation) -> None:
        if rel.source == rel.target:
            return
        k = (rel.type, rel.source, rel.target)
        old = rels.get(k)
        if old is None or (old.date is None and rel.date is not None):
            rels[k] = rel

    by_id = {e.id: e for e in entities}
    _structural(adoc, entities, add)
    speaker: Entity | None = None
    for sent in adoc.sentences:
        view = _SentenceView(sent, entities)
        date = _date_in(sent, times)
        found = _speaker(view, rules)
        if found is not None:
            speaker, speech_from = found
        elif speaker is not None and _continues_speech(view, rules):
            speech_from = 0
        else:
            speaker, speech_from = None, len(view.words)
        modality = _modality(view, rules)
        for rule, found_cues in zip(rules.rules, find_each(view.words, _rule_cues(rules)), strict=True):
            for (t0, t1) in found_cues:
                quoted = speaker if speaker is not None and t0 >= speech_from else None
                for rel in _apply(rule, view, t0, t1, adoc, date, modality, speaker, quoted):
                    add(rel)
        for rel in _participation(view, rules, adoc, date, modality):
            add(rel)
        for rel in _present_at(view, rules, adoc, date, modality):
            add(rel)
        if found is not None:
            for rel in _speech_ties(view, rules, adoc, date, speaker, speech_from):
                add(rel)
        for rel in _appositions(view, adoc):
            add(rel)
        for rel in occasions(view, rules, adoc, date):
            add(rel)
        for rel in topics(view, rules, adoc, date):
            add(rel)
    media = {e.id for e in entities if is_news_outlet(e)}
    return [r for r in rels.values() if r.source in by_id and r.target in by_id
            and (r.type == "POSITION" or (r.source not in media and r.target not in media))]  # a newsroom's chief


_CUES: list = [None, ()]  # the tie rules and their cue lists, one tuple kept so find_each indexes it once


def _rule_cues(rules: TieRules) -> tuple[tuple[tuple[str, ...], ...], ...]:
    if _CUES[0] is not rules:
        _CUES[:] = [rules, tuple(r.cues for r in rules.rules)]
    return _CUES[1]


def is_news_outlet(e: Entity) -> bool:
    """News outlets quoted as sources («به گزارش فارس») are not parties to the ties they report."""
    if e.type != "ORG":
        return False
    entry = load_lexicon().by_key.get(e.key)
    if entry is not None:
        return entry.kind == "media"
    return all(m.method == "pattern:source" or (m.head or "").split(" ")[0] in _MEDIA_HEADS for m in e.mentions)


_MEDIA_HEADS = frozenset(normalize(w) for w in (
    "روزنامه", "خبرگزاری", "شبکه", "تلویزیون", "رادیو", "سایت", "پایگاه خبری", "هفته نامه", "مجله", "نشریه"))


def _apply(rule: TieRule, view: _SentenceView, t0: int, t1: int, adoc: AnnotatedDoc, date: str | None,
           modality: str, speaker: Entity | None, quoted: Entity | None = None) -> list[Relation]:
    lo, hi = view.clause_bounds(t0)
    args = [a for a in view.args if lo <= a.start_w < hi and not (a.start_w <= t0 < a.end_w)
            and not _nested(a, view.args) and not view.office_complement(a)]
    if t0 > 0 and view.words[t0 - 1].key in rule.agent_after:
        return _agent_after(rule, view, t0, t1, args, adoc, date, modality)
    parties = _between_parties(view, t0, args, rule) or _genitive_pair(view, t1, args, rule)
    if parties:
        a, b = parties
        return [Relation(type=rule.type, source=a.entity.id, target=b.entity.id,
                         evidence=_evidence(adoc, view.sent, f"rule:{rule.id}", 0.7), date=date,
                         cameo=rule.cameo or None, plover=_cameo_plover(rule.cameo),
                         trigger=" ".join(w.key for w in view.words[t0:t1]), modality=modality)]  # type: ignore[arg-type]
    targets = [a for a in args if a.entity.type in rule.target_types
               and (a.marker in rule.target or (rule.object_targets and view.object_of(a)))]  # «علیه X», «X را …»
    if not rule.target or (not targets and quoted is not None and rule.type in _STANCE):
        targets = [a for a in args if a.entity.type in rule.target_types and a.entity.id != (quoted.id if quoted else "")]
    if not targets:
        return []
    target = min(targets, key=lambda a: abs(a.start_w - t0))
    sources = [a for a in args if a.entity.type in rule.source_types and a.marker not in _PREPS
               and a.entity.id != target.entity.id and a.start_w < t0 + 6 and not view.object_of(a)]
    source = sources[0].entity if sources else speaker
    if quoted is not None and rule.type in _STANCE and quoted.id != target.entity.id:
        source, sources = quoted, []  # «X گفت: … Y را محکوم می‌کنیم»: the speaker takes the stance
    if source is None or source.id == target.entity.id:
        # «میان X و Y»: both parties follow the marker
        pair = [a for a in targets if a.entity.type in rule.source_types]
        if rule.type in ("AGREEMENT", "STATEMENT", "MEET") and len({a.entity.id for a in pair}) >= 2:
            source, target = pair[0].entity, next(a for a in pair if a.entity.id != pair[0].entity.id)
        else:
            return []
    mod = "negated" if _verb_negated(view, t1) else modality
    conf = 0.7 if sources else 0.5
    cue = " ".join(w.key for w in view.words[t0:t1])
    # a listed end stands for every item of its list («A، B و C را تحریم کرد»)
    target_list = view.conjuncts(target, args)
    if sources and sources[0] in target_list:  # subject and object in one list: no reading is safe
        target_list = [target]
    source_ends = [a.entity for a in view.conjuncts(sources[0], args) if a not in target_list] if sources else [source]
    target_ends = [a.entity for a in target_list]
    return [Relation(type=rule.type, source=s.id, target=t.id,
                     evidence=_evidence(adoc, view.sent, f"rule:{rule.id}", conf), date=date,
                     cameo=rule.cameo or None, plover=_cameo_plover(rule.cameo), trigger=cue, modality=mod,  # type: ignore[arg-type]
                     speaker=speaker.id if speaker and sources and speaker.id != s.id else None)
            for s in source_ends for t in target_ends if s.id != t.id]


def _genitive_pair(view: _SentenceView, t1: int, args: Sequence[_Arg], rule: TieRule) -> tuple[_Arg, _Arg] | None:
    """«همکاری X و Y», «دیدار X و Y», «جنگ X و Y»: the trigger noun's two parties follow it, joined by
    «و» (ezafe is not written: the pair comes right after the noun, at most one word between)."""
    first = next((a for a in args if t1 <= a.start_w <= t1 + 1), None)
    if first is None or first.entity.type not in rule.source_types or first.end_w >= len(view.words) \
            or view.words[first.end_w].key != "و":
        return None
    second = next((a for a in args if a.start_w == first.end_w + 1), None)
    if second is None or second.entity.type not in rule.target_types or second.entity.id == first.entity.id:
        return None
    return first, second


def _between_parties(view: _SentenceView, t0: int, args: list[_Arg], rule: TieRule) -> tuple[_Arg, _Arg] | None:
    """«میان/بین X و Y» near the trigger: X and Y are the two parties."""
    if rule.type not in ("AGREEMENT", "STATEMENT", "MEET"):
        return None
    for k, w in enumerate(view.words):
        if w.key not in ("میان", "بین") or abs(k - t0) > 30:
            continue
        after = [a for a in args if a.start_w > k and a.entity.type in rule.source_types]
        if len(after) >= 2 and after[0].start_w == k + 1:
            first = after[0]
            second = next((a for a in after[1:] if a.entity.id != first.entity.id
                           and view.words[a.start_w - 1].key == "و"), None)
            if second is not None:
                return first, second
    return None


def _agent_after(rule: TieRule, view: _SentenceView, t0: int, t1: int, args: list[_Arg], adoc: AnnotatedDoc,
                 date: str | None, modality: str) -> list[Relation]:
    """«X به دعوت Y …»: Y (right after the cue) acts on the clause's subject X."""
    agent = next((a for a in args if t1 <= a.start_w <= t1 + 1 and a.entity.type in rule.source_types), None)
    subject = next((a for a in args if a.entity.type in rule.target_types and a.marker not in _PREPS
                    and a.start_w < t0 and (agent is None or a.entity.id != agent.entity.id)), None)
    if agent is None or subject is None:
        return []
    return [Relation(type=rule.type, source=agent.entity.id, target=subject.entity.id,
                     evidence=_evidence(adoc, view.sent, f"rule:{rule.id}", 0.7), date=date,
                     cameo=rule.cameo or None, plover=_cameo_plover(rule.cameo),
                     trigger=" ".join(w.key for w in view.words[t0:t1]), modality=modality, role="inviter")]  # type: ignore[arg-type]


def _participation(view: _SentenceView, rules: TieRules, adoc: AnnotatedDoc, date: str | None,
                   modality: str) -> list[Relation]:
    """«X و Y در [رویداد] شرکت کردند»: every actor of the clause takes part in the event."""
    out: list[Relation] = []
    for (c0, c1) in find(view.words, rules.participate):
        if c0 and view.words[c0 - 1].key == "با":
            out += _held_with(view, adoc, c0, c1, date, modality)
            continue
        if c1 - c0 == 1 and not _verbal(view.words, c1):  # a cue of two words holds its verb («شرکت کننده»)
            continue  # «برای حضور در راهپیمایی», «مشارکت در انتخابات»: a purpose or a call, not taking part
        lo, hi = view.clause_bounds(c0)
        events = [a for a in view.args if lo <= a.start_w < c0 and a.entity.type == "EVENT"]
        if not events:
            continue
        event = next((a for a in events if a.marker == "در"), events[0])
        for a in view.args:
            group_of = a.start_w > 1 and a.marker == "از" and view.words[a.start_w - 2].key in _GROUP_NOUNS
            if lo <= a.start_w < c0 and a.entity.type in _ACTORS and (a.marker not in _PREPS | {"دست"} or group_of) \
                    and not (event.start_w <= a.start_w < event.end_w) and not _nested(a, view.args):
                out.append(Relation(type="PARTICIPATE", source=a.entity.id, target=event.entity.id,
                                    evidence=_evidence(adoc, view.sent, "rule:participate", 0.65), date=date,
                                    modality=modality))  # type: ignore[arg-type]
    return out


def _present_at(view: _SentenceView, rules: TieRules, adoc: AnnotatedDoc, date: str | None,
                modality: str) -> list[Relation]:
    """«X در [نشست …] اظهار داشت», «X در جریان [دیدار …] مصدوم شد»: whoever speaks or acts at an event
    named right after «در» («در جریان», «در حاشیه») takes part in it, when a verb follows in the clause (a
    speech verb first). The actor is the one named
    last before «در» with nothing between but adverbs: no verb, no purpose or request («برای حضور در»,
    «خواستار مشارکت در»), not a direct object, a prepositional object or the state of an office title
    («رئیس‌جمهور [آمریکا]»). A negated verb makes the tie negated."""
    out: list[Relation] = []
    words = view.words
    speech = [i for i, _j in find(words, rules.speech)]
    for ev in view.args:
        if ev.entity.type != "EVENT" or ev.start_w < 2:
            continue
        k = view.within_event(ev, rules.event_settings)
        if k is None:
            continue
        lo, hi = view.clause_bounds(ev.start_w)
        said = next((i for i in speech if ev.end_w <= i < hi), None)
        if said is None:  # another verb: only an affirmed one («نقشی نداشت» is no part taken)
            said = next((i for i in range(ev.end_w, hi) if "#" in words[i].lemma), None)
            if said is not None and _verb_negated(view, said):
                continue
        if said is None:
            continue
        opening = k
        before = [a for a in view.args if lo <= a.start_w and a.end_w <= opening]
        a = next((b for b in reversed(before) if not _nested(b, view.args)), None)
        if a is None or a.entity.type not in _ACTORS or a.marker in _PREPS or view.object_of(a) \
                or view.office_complement(a):
            continue
        if any("#" in w.lemma or not (w.key.isalpha() or w.key == '"') or w.key in _NOT_PRESENT
               for w in words[a.end_w : opening]):
            continue
        mod = "negated" if _verb_negated(view, said) or _verb_negated(view, said + 1) else modality
        out.append(Relation(type="PARTICIPATE", source=a.entity.id, target=ev.entity.id,
                            evidence=_evidence(adoc, view.sent, "rule:participate", 0.55), date=date,
                            modality=mod))  # type: ignore[arg-type]
    return out


_NOT_PRESENT = frozenset({"برای", "خواستار", "حضور", "مشارکت", "شرکت", "نقش", "دخالت"})


def _held_with(view: _SentenceView, adoc: AnnotatedDoc, c0: int, c1: int, date: str | None,
               modality: str) -> list[Relation]:
    """«[رویداد] با حضور X و Y برگزار شد»: the actor named right after «با حضور», and those listed with
    it, take part in the event named before it in the clause; not the organisations of their titles
    («با حضور "موسوی" عضو کمیسیون … مجلس»)."""
    lo, hi = view.clause_bounds(c0)
    events = [a for a in view.args if lo <= a.start_w < c0 - 1 and a.entity.type == "EVENT"]
    if not events:
        return []
    end = next((k for k in range(c1, hi) if "#" in view.words[k].lemma), hi)
    actors = [a for a in view.args if c1 <= a.start_w < end and a.entity.type in _ACTORS and not _nested(a, view.args)]
    if not actors:
        return []
    present = view.conjuncts(actors[0], [a for a in actors if a.entity.type == actors[0].entity.type])
    return [Relation(type="PARTICIPATE", source=a.entity.id, target=events[-1].entity.id,
                     evidence=_evidence(adoc, view.sent, "rule:participate", 0.6), date=date,
                     modality=modality)  # type: ignore[arg-type]
            for a in present]


def _verbal(words: Sequence[Word], j: int) -> bool:
    """Whether the cue ending before word ``j`` is the noun of a verb («شرکت کردند», «حضور داشت»,
    «حاضر شدند», «شرکت خواهد کرد», «حضور فعال داشت»): the verb comes right after, or after a future
    auxiliary, an adverb or one adjective."""
    mention_rules = load_mention_rules()
    for k in range(j, min(j + 3, len(words))):
        if "#" in words[k].lemma or light_verb(words[k].key, mention_rules):
            return True
        if k == j + 2 or not (words[k].key in ("خواهد", "خواهند", "خواهم", "نیز", "هم") or content_word(words[k].key)):
            return False
    return False


def _speech_ties(view: _SentenceView, rules: TieRules, adoc: AnnotatedDoc, date: str | None,
                 speaker: Entity, speech_from: int) -> list[Relation]:
    """«X گفت: … Y …»: X criticises (or supports) the actors its words name near a word of blame (or
    praise), by the words' tone; an actor listed with others («آمریکا، انگلیس و … دشمنان …») goes with
    its list."""
    negative = [i for i, _ in find(view.words, rules.speech_negative) if i >= speech_from]
    positive = [i for i, _ in find(view.words, rules.speech_positive) if i >= speech_from]
    if not negative and not positive:
        return []
    typ, cameo = ("CRITICIZE", "111") if len(negative) >= len(positive) else ("SUPPORT", "051")
    tone = negative if typ == "CRITICIZE" else positive
    out: list[Relation] = []
    for a in view.args:
        if a.start_w < speech_from or a.entity.type not in ("STATE", "ORG") or a.entity.id == speaker.id:
            continue
        listed = view.conjuncts(a, [b for b in view.args if b.entity.type == a.entity.type])
        if min(abs(b.start_w - i) for b in listed for i in tone) > _TONE_REACH:
            continue  # the words of praise or blame are about someone else in a long quote
        if a.entity.key == speaker.state or _nested(a, view.args) or view.office_complement(a):
            continue
        out.append(Relation(type=typ, source=speaker.id, target=a.entity.id,
                            evidence=_evidence(adoc, view.sent, "rule:speech", 0.5), date=date,
                            cameo=cameo, plover=_cameo_plover(cameo), modality="reported", speaker=speaker.id))
    return out


_TONE_REACH = 8  # words between an actor and the word of praise or blame that is about it
