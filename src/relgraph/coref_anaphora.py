"""Anaphora within a document: «این کشور», «دو کشور», «طرفین», «کشورمان» to the states they refer to,
a group noun («هیئت نظامی») to the organisation it comes from, and a demonstrative with a head noun
(«این نشست», «همین سازمان», «این مانورها») to the event, organisation or agreement named before. Used by
``relgraph.coref`` once it has grouped the named mentions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from relgraph.head_phrases import head_nouns
from relgraph.lexicon import normalize
from relgraph.lexmatch import MentionRules, determiner_before, lexicon_tables, plural_stem, refers_back
from relgraph.mentions import load_mention_rules, sentence_words
from relgraph.model import AnnotatedDoc, Mention

if TYPE_CHECKING:
    from relgraph.coref import _Group

__all__ = ["group_anaphora", "head_anaphora", "state_anaphora"]


@cache
def _first_words(*phrase_lists: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """The words the phrases start with: a phrase can only match at a word among them, so the
    anaphora passes skip the other words instead of slicing the sentence for every phrase there."""
    return frozenset(p[0] for phrases in phrase_lists for p in phrases if p)


def state_anaphora(adoc: AnnotatedDoc, ordered: Sequence[Mention], group_for: Callable[[str, str], _Group],
                   by_key: dict[str, _Group]) -> None:
    """«این کشور» (the state named last), «دو کشور» / «طرفین» (the two named last), «کشورمان» (the
    outlet's own state): each becomes a coreference mention of the state(s) it refers to, so the ties
    of its sentence reach them. ``group_for`` gives the group of a key (made if new)."""
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


def group_anaphora(adoc: AnnotatedDoc, groups: list[_Group]) -> None:
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


def head_anaphora(adoc: AnnotatedDoc, groups: list[_Group]) -> None:
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
