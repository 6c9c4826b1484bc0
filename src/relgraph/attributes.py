"""Literal attributes of agreements and statements: what they are about and the principles invoked.

«یادداشت تفاهم … درباره توسعه همکاری … در حوزه عرضه سلاح … امضا شد» gives the memorandum the
subject «توسعه همکاری …»; «… بر اساس موازین حقوق بین‌الملل از جمله … مصونیت مرزها و … تمامیت ارضی»
gives a statement its principles, one literal per listed item. Markers are data (``ties.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from relgraph.mentions import sentence_words
from relgraph.model import AnnotatedDoc, Entity
from relgraph.phrases import find
from relgraph.relations import load_tie_rules

__all__ = ["add_attributes"]

_MAX_WORDS = 14
_STOP = {"امضا", "امضاء", "تاکید", "تأکید", "منعقد", "صادر", "تصویب", "رسید", "شد", "کرد", "کردند", "شده"}
_LIST_SPLIT = re.compile(r"\s*(?:،|,|\bاز جمله\b|\bو نیز\b|\bو همچنین\b|\bو\b(?=\s*(?:بر|تامین|تأمین|نیز)))\s*")


def _phrase(adoc: AnnotatedDoc, sent, words, start: int) -> str:  # noqa: ANN001
    end = start
    while end < len(words) and end - start < _MAX_WORDS:
        w = words[end]
        if w.key in _STOP or "#" in w.lemma and end > start + 1 or not (w.key.isalnum() or " " in w.key):
            break
        end += 1
    if end <= start:
        return ""
    t0, t1 = sent.tokens[words[start].token], sent.tokens[words[end - 1].token]
    return " ".join(adoc.doc.text[t0.start : t1.end].split())


def add_attributes(adoc: AnnotatedDoc, entities: Sequence[Entity]) -> list[Entity]:
    """Entities with ``subject`` / ``principle`` attributes added to agreements found in the text."""
    rules = load_tie_rules()
    extra: dict[str, list[tuple[str, str]]] = {}
    agreements = [e for e in entities if e.type == "AGREEMENT"]
    if not agreements:
        return list(entities)
    for sent in adoc.sentences:
        here = [e for e in agreements if any(m.sentence == sent.index for m in e.mentions)]
        if not here:
            continue
        words = sentence_words(sent)
        target = here[0]
        for (_m0, m1) in find(words, rules.subject):
            text = _phrase(adoc, sent, words, m1)
            if text:
                extra.setdefault(target.id, []).append(("subject", text))
        for (_m0, m1) in find(words, rules.principle):
            text = _phrase(adoc, sent, words, m1)
            for item in _LIST_SPLIT.split(text):
                item = item.strip()
                if len(item.split()) >= 2:
                    extra.setdefault(target.id, []).append(("principle", item))
    out = []
    for e in entities:
        attrs = extra.get(e.id)
        out.append(replace(e, attributes=tuple(dict.fromkeys(e.attributes + tuple(attrs)))) if attrs else e)
    return out
