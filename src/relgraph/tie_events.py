"""Ties around events, read from one sentence: what an agreement was signed on the occasion of
(«در [سفر …] … امضا شد»), what an agreement or event is about («درباره …»), where an event happened
(«[رویداد] در [مکان] برگزار شد», «ترور خوئی در شهر نجف»), the two sides of an attack («حمله کلمبیا به
خاک اکوادور») and of an encounter («دیدار با ایران»). Used by ``relgraph.relations``.
"""

from __future__ import annotations

from relgraph.head_phrases import incident_head
from relgraph.lexicon import normalize
from relgraph.lexmatch import load_mention_rules
from relgraph.model import AnnotatedDoc, Relation
from relgraph.phrases import find
from relgraph.tie_rules import _ACTORS, TieRules, _evidence, _SentenceView

__all__ = ["occasions", "topics"]


def occasions(view: _SentenceView, rules: TieRules, adoc: AnnotatedDoc, date: str | None) -> list[Relation]:
    """«در [سفر/اجلاس …] … [توافق] امضا شد»: the event is the occasion of the agreement."""
    out: list[Relation] = []
    agreements = [a for a in view.args if a.entity.type == "AGREEMENT"]
    if not agreements or not find(view.words, next(r.cues for r in rules.rules if r.type == "AGREEMENT")):
        return out
    for ev in view.args:
        if ev.entity.type != "EVENT" or ev.marker not in rules.occasion_words:
            continue
        for ag in agreements:
            if ag.start_w > ev.start_w:
                out.append(Relation(type="OTHER", source=ag.entity.id, target=ev.entity.id,
                                    evidence=_evidence(adoc, view.sent, "rule:occasion", 0.6), date=date,
                                    role="occasion"))
                break
    return out


def topics(view: _SentenceView, rules: TieRules, adoc: AnnotatedDoc, date: str | None) -> list[Relation]:
    """An agreement or event and what it is about, in the same clause; events and their places."""
    out: list[Relation] = []
    holders = [a for a in view.args if a.entity.type in ("AGREEMENT", "EVENT")]
    for (m0, m1) in find(view.words, rules.topic):
        topic = next((a for a in view.args if m1 <= a.start_w <= m1 + 2 and a.entity.type in ("EVENT", "LOC", "AGREEMENT")), None)
        holder = next((a for a in reversed(holders) if a.end_w <= m0 and (topic is None or a.entity.id != topic.entity.id)), None)
        if topic is None or holder is None:
            continue
        out.append(Relation(type="TOPIC", source=holder.entity.id, target=topic.entity.id,
                            evidence=_evidence(adoc, view.sent, "rule:topic", 0.6), date=date))
    for (c0, _c1) in find(view.words, rules.located):
        marked = [a for a in view.args if a.end_w <= c0 and a.marker == "در"]
        places = [a for a in marked if a.entity.type == "LOC"] or [a for a in marked if a.entity.type == "STATE"]
        events = [a for a in view.args if a.end_w <= c0 and a.entity.type == "EVENT"]
        if places and events:
            out.append(Relation(type="LOCATED", source=events[0].entity.id, target=places[-1].entity.id,
                                evidence=_evidence(adoc, view.sent, "rule:located", 0.6), date=date))
    out += _event_in_place(view, adoc, date)
    out += _held_where_reported(view, rules, adoc, date, out)
    out += _attack_parties(view, adoc, date)
    out += _encounter_side(view, adoc, date)
    return out


def _held_where_reported(view: _SentenceView, rules: TieRules, adoc: AnnotatedDoc, date: str | None,
                         found: list[Relation]) -> list[Relation]:
    """«به گزارش خبرگزاری فارس از اردبیل، X صبح امروز در همایش Y گفت»: the report is filed from the
    place where its subject stands, so an event the sentence puts someone in («در [رویداد]», «در جلسه
    افتتاحیه [رویداد]») is held there, unless the sentence places it itself. (It can be wrong for an
    event recalled from elsewhere: «… از بروجرد، X … در بازی‌های آسیایی …».)"""
    words = view.words
    if len(words) < 4 or words[0].key != "به" or words[1].key != "گزارش":
        return []
    comma = next((k for k, w in enumerate(words) if w.key in (",", "،")), None)
    if comma is None:
        return []
    place = next((a for a in view.args if a.end_w == comma and a.entity.type == "LOC"
                  and a.start_w > 0 and words[a.start_w - 1].key == "از"), None)
    if place is None:
        return []
    placed = {r.source for r in found if r.type == "LOCATED"}
    said = next((i for i, _j in find(words, rules.speech)), len(words))
    out: list[Relation] = []
    for ev in view.args:
        if ev.entity.type != "EVENT" or not comma < ev.start_w < said or ev.entity.id in placed:
            continue  # not what the subject says («… گفت: … در اشغال عراق …»): that may be anywhere
        if view.within_event(ev, rules.event_settings, comma + 1) is not None:
            out.append(Relation(type="LOCATED", source=ev.entity.id, target=place.entity.id,
                                evidence=_evidence(adoc, view.sent, "rule:located", 0.55), date=date))
    return out


def _encounter_side(view: _SentenceView, adoc: AnnotatedDoc, date: str | None) -> list[Relation]:
    """«دیدار با ایران», «بازی مقابل پاراگوئه»: the side an encounter is named with takes part in it
    (the other side is its subject: «قطر در دیدار با ایران …», found by the participation rules)."""
    encounters = load_mention_rules().encounter_heads
    out: list[Relation] = []
    for ev in view.args:
        if ev.entity.type != "EVENT" or view.words[ev.start_w].key not in encounters:
            continue
        side = next((a for a in view.args if a.entity.type in _ACTORS and ev.start_w < a.start_w
                     and a.end_w <= ev.end_w and a.marker in ("با", "مقابل")), None)
        if side is not None:
            out.append(Relation(type="PARTICIPATE", source=side.entity.id, target=ev.entity.id,
                                evidence=_evidence(adoc, view.sent, "rule:participate", 0.6), date=date))
    return out


def _attack_parties(view: _SentenceView, adoc: AnnotatedDoc, date: str | None) -> list[Relation]:
    """«حمله کلمبیا به خاک اکوادور», «حملات آمریکا به ایران»: an attack named with its two sides is a
    CONFLICT of the one before «به» against the one after it (an incident head of ``mentions.yaml``)."""
    rules = load_mention_rules()
    out: list[Relation] = []
    for ev in view.args:
        if ev.entity.type != "EVENT" or not incident_head(view.words[ev.start_w].key, rules):
            continue
        to = next((k for k in range(ev.start_w + 1, ev.end_w) if view.words[k].key == "به"), None)
        if to is None:
            continue
        inside = [a for a in view.args if a is not ev and ev.start_w < a.start_w and a.end_w <= ev.end_w
                  and a.entity.type in ("STATE", "ORG", "PERSON")]
        side = next((a for a in inside if a.end_w <= to), None)
        target = next((a for a in inside if a.start_w > to), None)
        if side is not None and target is not None and side.entity.id != target.entity.id:
            out.append(Relation(type="CONFLICT", source=side.entity.id, target=target.entity.id,
                                evidence=_evidence(adoc, view.sent, "rule:conflict", 0.65), date=date))
    return out


def _event_in_place(view: _SentenceView, adoc: AnnotatedDoc, date: str | None) -> list[Relation]:
    """«ترور خوئی در شهر نجف», «دو حمله جداگانه به دو مسجد در بغداد»: an event followed, within a few
    words and no verb, comma or other name, by «در» and a place (or state) happened there."""
    out: list[Relation] = []
    words = view.words
    for ev in view.args:
        if ev.entity.type != "EVENT":
            continue
        j = ev.end_w
        while j < min(len(words), ev.end_w + 5):
            w = words[j]
            if w.key == "در":
                k = j + 1
                while k < len(words) and words[k].key in load_mention_rules().place_nouns:
                    k += 1  # «در شهر نجف»
                where = next((a for a in view.args if a.start_w == k and a.entity.type in ("LOC", "STATE")), None)
                head = f" {ev.mention.head or ''} "
                inside = where is not None and (where.entity.key == ev.mention.state or any(
                    f" {normalize(n)} " in head for n in (where.entity.label, where.mention.text)))
                if where is not None and not inside:  # «انتخابات قزاقستان در قزاقستان» says nothing new
                    out.append(Relation(type="LOCATED", source=ev.entity.id, target=where.entity.id,
                                        evidence=_evidence(adoc, view.sent, "rule:located", 0.6), date=date))
                break
            if "#" in w.lemma or not w.key.isalpha() or w.key in ("که", "و") or any(
                    a.start_w == j for a in view.args):
                break
            j += 1
    return out
