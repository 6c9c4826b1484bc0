"""The tie rules (``data/rules/ties.yaml``) and the view of a sentence every tie finder works on: its
words, the entity mentions placed in them with the marker before each («با», «به», «علیه»), clause
bounds, the speaker of reported speech, and the sentence's modality (planned, negated).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import yaml

from relgraph.lexicon import load_lexicon, normalize
from relgraph.lexmatch import LIST_GLUE, OFFICE_MAX
from relgraph.mentions import sentence_words
from relgraph.model import AnnotatedDoc, Entity, Evidence, Mention, Sentence, TimeExpr
from relgraph.paths import data_path
from relgraph.phrases import find, phrases

_ACTORS = ("PERSON", "STATE", "ORG")


_QUOTES = frozenset({'"', "'", "(", ")"})  # skipped when looking for the word before / after a name


_APPOSITION = _QUOTES | {",", "-"}  # may stand between a name and its title («X، وزیر …»)


# «هیئتی از X», «گروهی از X»: X acts through the group.
_GROUP_NOUNS = frozenset(normalize(w) for w in ("هیئت", "هیئتی", "هیات", "هیاتی", "گروه", "گروهی", "جمعی", "تیمی", "نمایندگانی"))


_PREPS = frozenset(normalize(w) for w in ("با", "به", "از", "در", "علیه", "میان", "بین", "برای", "توسط", "نزد", "بر"))


@dataclass(frozen=True, slots=True)
class TieRule:
    id: str
    type: str
    cameo: str
    cues: tuple[tuple[str, ...], ...]
    target: frozenset[str]
    target_types: frozenset[str]
    source_types: frozenset[str]
    agent_after: frozenset[str] = frozenset()  # «به/با دعوت X»: X (right after the cue) is the source
    types_classifier_ties: bool = True  # a cue of this rule in a sentence types the classifier's ties there
    object_targets: bool = True  # «X را …» may be the target (not for a visit: «تهران را ترک کرد» is left)


@dataclass(frozen=True)
class TieRules:
    rules: tuple[TieRule, ...]
    participate: tuple[tuple[str, ...], ...]
    located: tuple[tuple[str, ...], ...]
    topic: tuple[tuple[str, ...], ...]
    subject: tuple[tuple[str, ...], ...]
    principle: tuple[tuple[str, ...], ...]
    speech: tuple[tuple[str, ...], ...]
    planned: tuple[tuple[str, ...], ...]
    negation: tuple[tuple[str, ...], ...]
    occasion_words: frozenset[str] = frozenset()
    speech_negative: tuple[tuple[str, ...], ...] = ()
    speech_positive: tuple[tuple[str, ...], ...] = ()
    participant_heads: frozenset[str] = frozenset()
    event_settings: frozenset[str] = frozenset()


@cache
def load_tie_rules() -> TieRules:
    raw = yaml.safe_load(data_path("rules", "ties.yaml").read_text(encoding="utf-8"))
    rules = tuple(
        TieRule(id=r["id"], type=r["type"], cameo=str(r.get("cameo") or ""), cues=phrases(r["cues"]),
                target=frozenset(normalize(w) for w in r.get("target", [])),
                target_types=frozenset(r.get("target_types", _ACTORS)),
                source_types=frozenset(r.get("source_types", _ACTORS)),
                agent_after=frozenset(normalize(w) for w in r.get("agent_after", [])),
                types_classifier_ties=bool(r.get("types_classifier_ties", True)),
                object_targets=bool(r.get("object_targets", True)))
        for r in raw["rules"]
    )
    return TieRules(rules=rules, participate=phrases(raw["participate"]["cues"]), located=phrases(raw["located_cues"]),
                    topic=phrases(raw["topic_markers"]), subject=phrases(raw["subject_markers"]),
                    principle=phrases(raw["principle_markers"]), speech=phrases(raw["speech_cues"]),
                    planned=phrases(raw["planned_cues"]), negation=phrases(raw["negation_cues"]),
                    occasion_words=frozenset(p[-1] for p in phrases(raw["occasion_markers"])),
                    speech_negative=phrases(raw.get("speech_negative", [])),
                    speech_positive=phrases(raw.get("speech_positive", [])),
                    participant_heads=frozenset(normalize(w) for w in raw["participate"].get("named_in_heads", [])),
                    event_settings=frozenset(normalize(w) for w in raw["participate"].get("event_settings", [])))




@dataclass(frozen=True, slots=True)
class _Arg:
    """An entity mention placed in a sentence's word sequence."""

    entity: Entity
    mention: Mention
    start_w: int
    end_w: int
    marker: str  # normalised word right before it ("" at sentence start)


class _SentenceView:
    def __init__(self, sent: Sentence, entities: Sequence[Entity]) -> None:
        self.sent = sent
        self.words = sentence_words(sent)
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for wi, w in enumerate(self.words):
            first.setdefault(sent.tokens[w.token].start, wi)
            last[sent.tokens[w.token].end] = wi
        args: list[_Arg] = []
        for e in entities:
            for m in e.mentions:
                if m.sentence != sent.index or m.start not in first or m.end not in last:
                    continue
                s, t = first[m.start], last[m.end] + 1
                k = s - 1
                while k >= 0 and self.words[k].key in _QUOTES:
                    k -= 1  # «"پوتین"»: the marker is the word before the quotes
                args.append(_Arg(e, m, s, t, self.words[k].key if k >= 0 else ""))
        self.args = sorted(args, key=lambda a: (a.start_w, -a.end_w))

    def within_event(self, ev: _Arg, settings: frozenset[str], floor: int = 0) -> int | None:
        """The index of the «در» that puts someone in event ``ev``: right before it, or before up to two
        words of where in it («در [رویداد]», «در جریان [رویداد]», «در جلسه افتتاحیه [رویداد]»; the words
        are ``participate.event_settings`` of ties.yaml), not before word ``floor``; None without one."""
        k = ev.start_w - 1
        while k > ev.start_w - 3 and k > floor and self.words[k].key in settings:
            k -= 1
        return k if k >= floor and self.words[k].key == "در" else None

    def object_of(self, a: _Arg) -> bool:
        """Is ``a`` a direct object («X را»)?"""
        k = a.end_w
        while k < len(self.words) and self.words[k].key in _QUOTES:
            k += 1
        return k < len(self.words) and self.words[k].key == "را"

    @cached_property
    def office_ends(self) -> frozenset[int]:
        """Word indices right after an office title («وزیر خارجه|»), found once per sentence."""
        from relgraph.lexmatch import hits, lexicon_tables

        return frozenset(k + n for k, (n, _key) in hits(lexicon_tables().offices, self.words, OFFICE_MAX).items())

    def office_complement(self, a: _Arg) -> bool:
        """Is ``a`` the state/organisation of an office title right before it, with the holder named
        right after it («وزیر خارجه [ترکیه] مولود چاووش‌اوغلو»)? Then the holder acts, not ``a``."""
        return a.start_w in self.office_ends and any(
            o.entity.type == "PERSON" and a.end_w <= o.start_w <= a.end_w + 2 for o in self.args)

    def conjuncts(self, a: _Arg, pool: Sequence[_Arg]) -> list[_Arg]:
        """``a`` and the arguments of its type listed with it («یمن، لبنان و سومالی»): neighbours in
        ``pool`` separated from it only by «،» or «و» (at most 25 in all: those before it, then those after)."""
        ordered = sorted((b for b in pool if b.entity.type == a.entity.type), key=lambda b: b.start_w)
        if a not in ordered:
            return [a]
        i = ordered.index(a)
        out = [a]
        for step in (-1, 1):
            k, cur = i + step, a
            while 0 <= k < len(ordered) and len(out) < 25:
                nxt = ordered[k]
                gap = self.words[cur.end_w:nxt.start_w] if step == 1 else self.words[nxt.end_w:cur.start_w]
                if not gap or not all(w.key in LIST_GLUE for w in gap) or len(gap) > 2:
                    break
                out.append(nxt)
                cur, k = nxt, k + step
        return sorted(out, key=lambda b: b.start_w)

    def clause_bounds(self, i: int) -> tuple[int, int]:
        """Words of the clause around word ``i``: the sentence split at «؛» (commas join clauses too
        often in news prose to split there)."""
        lo = next((k + 1 for k in range(i - 1, -1, -1) if self.words[k].key == ";"), 0)
        hi = next((k for k in range(i + 1, len(self.words)) if self.words[k].key == ";"), len(self.words))
        return lo, hi


def _evidence(adoc: AnnotatedDoc, sent: Sentence, method: str, conf: float) -> Evidence:
    return Evidence(doc=adoc.doc.id, sentence=sent.index, start=sent.start, end=sent.end,
                    text=adoc.doc.text[sent.start : sent.end], method=method, confidence=conf)


def _date_in(sent: Sentence, times: Sequence[TimeExpr]) -> str | None:
    inside = [t for t in times if sent.start <= t.start < sent.end]
    return inside[0].value if inside else None


def _cameo_plover(cameo: str) -> str | None:
    lex = load_lexicon()
    for k in (cameo, cameo[:3], cameo[:2]):
        if k and k in lex.cameo_to_plover:
            return lex.cameo_to_plover[k]
    return None


def _speaker(view: _SentenceView, rules: TieRules) -> tuple[Entity, int] | None:
    """Who speaks in this sentence («X گفت: …», «به گفته X»), and the word where what they say begins."""
    for (s, e) in find(view.words, rules.speech):
        subjects = [a for a in view.args if a.end_w <= s and a.entity.type in _ACTORS and a.marker not in _PREPS
                    and not _nested(a, view.args) and not view.office_complement(a)]
        if subjects:
            return subjects[0].entity, e
    for k in range(len(view.words) - 1):
        if view.words[k].key == "به" and view.words[k + 1].key in ("گفته", "اعتقاد", "عقیده"):
            after = next((a for a in view.args if a.start_w == k + 2 and a.entity.type in _ACTORS), None)
            if after is not None:
                return after.entity, 0
    return None


def _continues_speech(view: _SentenceView, rules: TieRules) -> bool:
    """A sentence that goes on with the previous speaker: «وی …», «او …», or a bare «… افزود:»."""
    if view.words and view.words[0].key in ("وی", "او", "این مقام", "اين مقام"):
        return True
    return bool(find(view.words, rules.speech)) and not any(a.entity.type in _ACTORS for a in view.args[:1])


def _modality(view: _SentenceView, rules: TieRules) -> str:
    if find(view.words, rules.negation):
        return "negated"
    if find(view.words, rules.planned):
        return "planned"
    return "asserted"


def _verb_negated(view: _SentenceView, t1: int) -> bool:
    """A light verb right after the trigger with the negative prefix («نکرد», «نشد», «نخواهد»)."""
    for w in view.words[t1 : t1 + 2]:
        if "#" in w.lemma and (w.key.startswith("ن") and not w.lemma.startswith("ن")):
            return True
    return False


_STANCE = frozenset({"CRITICIZE", "SUPPORT", "REQUEST", "REJECT", "THREATEN", "STATEMENT", "SANCTION"})


def _nested(a: _Arg, args: Sequence[_Arg]) -> bool:
    """Is ``a`` a name inside another actor's phrase («بلاروس» in «نیروهای مسلح بلاروس»)?"""
    return any(o is not a and o.start_w <= a.start_w and a.end_w <= o.end_w and (o.end_w - o.start_w) > (a.end_w - a.start_w)
               and o.entity.type in _ACTORS for o in args)

