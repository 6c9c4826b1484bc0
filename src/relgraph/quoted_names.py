"""Names the press puts in quotes: «"کنیث کاتزمن" در گفت‌وگو با …», «"ریاتارو آراگا" ژاپنی». A quoted
run of words is a person when it looks like one (a given name first, a state after it, or foreign words
throughout) and no noun before the quotes says it is the name of a thing («نفتکش "استنا ایمپرو"»).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from relgraph.lexmatch import (
    RARE_COUNT,
    LexiconTables,
    MentionRules,
    Span,
    given_names,
    name_word,
    opening_quote,
    plural_stem,
    vocabulary,
)
from relgraph.model import Word

__all__ = ["kind_before_quotes", "quoted_name_spans"]


def quoted_name_spans(words: Sequence[Word], idx: LexiconTables, rules: MentionRules, found: list[Span]) -> list[Span]:
    """«"کنیث کاتزمن" در گفت‌وگو با …»: news puts a new name in quotes; a quoted run of two to four
    name-like words is a person when it starts with a known given name, when it is said to be of a
    state right after the quotes («"ریاتارو آراگا" ژاپنی», «"لیلی العلوجی" از عراق»), or when every
    word is a transliteration and no noun of a kind (a paper, a stadium, a tanker) stands before it."""
    spans: list[Span] = []
    taken = {k for sp in found for k in range(sp.start_w, sp.end_w)}
    given = given_names()
    states = {sp.start_w for sp in found if sp.type == "STATE"}
    quotes = [k for k, w in enumerate(words) if w.key == '"']
    for a, b in zip(quotes, quotes[1:], strict=False):
        if not opening_quote(words, a):
            continue  # a closing quote and the next opening one do not enclose a name
        start, end = a + 1, b
        if not 2 <= end - start <= 4 or any(k in taken for k in range(start, end)):
            continue
        # «"ریاتارو آراگا" ژاپنی», «"لیلی العلوجی" از عراق»: a quoted name said to be of a state
        of_state = b + 1 < len(words) and (words[b + 1].key in idx.demonyms or (
            words[b + 1].key == "از" and b + 2 in states)) and not any(
            (words[start].key,) in heads for heads in (idx.event_heads, idx.agreement_heads, idx.place_heads)) \
            and any(w.key not in idx.common for w in words[start:end])  # not «گنبد آهنین» اسرائیلی
        if kind_before_quotes(words, a, idx, rules):
            continue  # «روزنامه "نزویشسیمایا گزتا"», «شهر "جیکوب آباد"»: the name of a thing or place
        foreign = _foreign_looking(words[start:end], idx)
        if (words[start].key in given or of_state or foreign) \
                and all(name_word(w, idx, rules) for w in words[start:end]):
            spans.append(Span(start, end, "PERSON", "pattern:office", 0.65))
    return spans


def kind_before_quotes(words: Sequence[Word], a: int, idx: LexiconTables, rules: MentionRules) -> bool:
    """Does a noun of a kind stand before the opening quote at ``a`` («روزنامه "X"», «ورزشگاه "X"»,
    «شبکه "X"», «شهر "X"», «نفتکش "X"»), perhaps with its adjectives between («کشتی انگلیسی "X"»)? Then
    the quoted words name a thing, a body or a place, not a person."""
    h = a
    while h > 0 and (words[h - 1].key in idx.demonyms or "AJ" in vocabulary().get(words[h - 1].key, (0, ()))[1]
                     and words[h - 1].key.endswith("ی")):
        h -= 1  # «کشتی انگلیسی "X"», «رزمایش مشترک "X"»: the kind noun stands before its adjectives
    return any(_head_noun(" ".join(w.key for w in words[h2 - n : h2]), idx) or words[h2 - 1].key in rules.thing_heads
               or words[h2 - 1].key in rules.place_nouns for h2 in {a, h} for n in (1, 2) if h2 >= n)


def _foreign_looking(name: Sequence[Word], idx: LexiconTables) -> bool:
    """«"کنیث کاتزمن"», «"ناوی پیلای"»: every word is a transliteration, not a Persian word (hazm's word
    list holds it seldom or never), nor an adjective or plural of one, nor a head noun of a phrase."""
    vocab = vocabulary()
    for w in name:
        k = w.key
        if not _PERSIAN_LETTERS.fullmatch(k) or vocab.get(k, (0,))[0] >= RARE_COUNT or _head_noun(k, idx):
            return False  # «God father»: a work's title in Latin letters
        if k.endswith("ی") and vocab.get(k[:-1], (0,))[0] >= RARE_COUNT:
            return False  # «بیداری اسلامی»: an adjective of a word
        if plural_stem(k, people=True) in vocab:
            return False  # «قربانیان تروریسم»
    # hazm lists everyday words and derived forms it did not count with the tag "0": a run of only
    # such words («تهیه کنندگی») is Persian, one of them in a name («علاء شاهین») is common enough
    return not all(vocab.get(w.key, (0, None))[1] == _UNCOUNTED for w in name)


def _head_noun(key: str, idx: LexiconTables) -> bool:
    """Does this word head an organisation, event, agreement or place phrase («روزنامه», «ورزشگاه»)?"""
    words = tuple(key.split())
    return any(words in h for h in (idx.org_heads, idx.event_heads, idx.agreement_heads, idx.place_heads))


_PERSIAN_LETTERS = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c]+")
_UNCOUNTED = frozenset({"0"})
