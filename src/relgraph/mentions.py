"""Find typed mentions in an annotated document: lexicons, office patterns, head nouns and the tagger.

Each source does what it is best at: the lexicon finds states, places, organisations and known
people (linked to Wikidata); office patterns find officials («وزیر دفاع بلاروس», «رئیس جمهور … X»)
and tie them to their office and state; head nouns find organisations, events and agreements
(«وزارت …», «مراسم …», «یادداشت تفاهم»); the CRF tagger finds names nobody listed. ``resolve``
is the one place that decides overlaps and gives each mention its confidence.

>>> from relgraph.model import Document
>>> from relgraph.text import annotate
>>> ms = find_mentions(annotate(Document(id="d", text="وزیر خارجه روسیه به تهران سفر کرد.")))
>>> sorted((m.type, m.text) for m in ms)[:2]
[('LOC', 'تهران'), ('PERSON', 'وزیر خارجه روسیه')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from relgraph.head_phrases import head_spans, place_spans, source_spans
from relgraph.lexicon import load_lexicon, normalize
from relgraph.lexmatch import (
    COPULAS,
    LIST_GLUE,
    NO_MATCH,
    RARE_COUNT,
    LexiconTables,
    MentionRules,
    Span,
    given_names,
    hits,
    lexicon_tables,
    load_mention_rules,
    lookup,
    opening_quote,
    plural_stem,
    sentence_words,
    vocabulary,
)
from relgraph.model import AnnotatedDoc, Mention, Sentence, Word
from relgraph.person_names import (
    appositive_spans,
    listed_people,
    office_spans,
    org_office_spans,
    other_given_name,
    rank_spans,
)
from relgraph.phrases import find
from relgraph.quoted_names import quoted_name_spans

__all__ = ["MentionRules", "Word", "find_mentions", "is_role_only", "load_mention_rules", "sentence_words"]


# Priority when spans overlap (higher wins), then length.
_PRIORITY = {"lexicon": 5, "pattern:list": 4, "pattern:office": 4, "pattern:role": 4, "pattern:source": 4, "pattern:org": 3, "pattern:agreement": 3,
             "pattern:event": 2, "pattern:place": 2, "crf": 1}


def find_mentions(adoc: AnnotatedDoc, tagger: object | None = None) -> list[Mention]:
    """All mentions of ``adoc``, non-overlapping except for names nested inside ORG/EVENT/AGREEMENT."""
    idx, rules = lexicon_tables(), load_mention_rules()
    out: list[Mention] = []
    lexicon_spans = [_lexicon_spans(sentence_words(sent), idx) for sent in adoc.sentences]
    # «جرج بوش … بوش گفت»: a person named in full anywhere in the document confirms the short, weak name
    named_people = {sp.key for spans in lexicon_spans for sp in spans if sp.type == "PERSON" and not sp.weak}
    # Every sentence tagged in one run: the CRF's weights stay in the processor's caches from one
    # sentence to the next (interleaved with the finders below, most of its lookups missed them).
    tagged_spans = [_tagger_spans(sent, sentence_words(sent), tagger, idx) if tagger is not None else []
                    for sent in adoc.sentences]
    for sent, spans, tagged in zip(adoc.sentences, lexicon_spans, tagged_spans, strict=True):
        words = sentence_words(sent)
        _confirm_by_full_name(spans, words, rules, named_people)
        _confirm_weak(spans, words, rules, tagged)
        spans = [sp for sp in spans if not sp.weak and not _first_of_longer_name(sp, tagged)
                 and not (sp.type == "LOC" and _given_name_of(sp, words))]  # «کوثر رنجبر»: a person
        _capitals_as_governments(spans, words)
        spans += office_spans(words, idx, rules, spans)
        spans += appositive_spans(words, idx, rules, spans)
        spans += rank_spans(words, idx, rules, spans)
        spans += quoted_name_spans(words, idx, rules, spans)
        spans += source_spans(words, idx, rules, spans)
        spans += head_spans(words, idx, rules, spans)
        spans += org_office_spans(words, idx, rules, spans)
        spans += place_spans(words, idx, rules, spans)
        spans += tagged
        kept = resolve(spans)
        if listed := listed_people(words, kept, idx, rules):
            kept = resolve([sp for sp in kept if not any(sp.start_w < x.end_w and x.start_w < sp.end_w for x in listed)]
                           + listed)
        for sp in kept:
            out.append(_to_mention(adoc, sent, words, sp))
    return out


def _confirm_by_full_name(spans: list[Span], words: Sequence[Word], rules: MentionRules,
                          named_people: set[str | None]) -> None:
    """A weak listed surname («~روحانی», «~بوش») is the person where the document names the same listed
    person in full, unless it stands as the ordinary word or as part of another name here."""
    for sp in spans:
        if sp.weak and sp.type == "PERSON" and sp.key in named_people and not _after_name_part(words, sp.start_w) \
                and not _common_use(words, sp, rules):
            sp.weak = False


def _common_use(words: Sequence[Word], sp: Span, rules: MentionRules) -> bool:
    """«یک روحانی», «این روحانی», «بسیار ظریف بود»: a determiner or an adverb before it, or a copula
    after it, makes the weak name the ordinary word."""
    prev = words[sp.start_w - 1].key if sp.start_w else ""
    nxt = words[sp.end_w].key if sp.end_w < len(words) else ""
    return prev in rules.demonstratives or prev in _DETERMINERS or "ADV" in vocabulary().get(prev, (0, frozenset()))[1] \
        or nxt in COPULAS


_DETERMINERS = frozenset({"یک", "هر", "چند", "چندین", "دو", "سه", "همه", "بعضی"})


def _after_name_part(words: Sequence[Word], i: int) -> bool:
    """Is word ``i`` preceded by what may be the first part of another name (a given name or a word hazm
    seldom meets: «جرج اچ دبلیو [بوش]» is the father, not the son the bare surname is listed for)?"""
    if i == 0:
        return False
    prev, vocab = words[i - 1].key, vocabulary()
    if not prev.isalpha() or (prev,) in lexicon_tables().org_heads:
        return False  # «دولت روحانی»: «دولت» is a given name too, but here the head of a phrase
    if prev in given_names():
        return True
    count = vocab.get(prev, (None,))[0]
    return (count is None and plural_stem(prev, people=True) not in vocab) or (count is not None and 0 < count < RARE_COUNT)


def _first_of_longer_name(sp: Span, tagged: list[Span]) -> bool:
    """A listed person matched by one word that the tagger reads as the first word of a longer name
    («بختیار رحمانی» is not «شاپور بختیار»: the listed surname is another man's given name here)."""
    return sp.type == "PERSON" and sp.method == "lexicon" and sp.end_w - sp.start_w == 1 and any(
        t.type == "PERSON" and t.start_w == sp.start_w and t.end_w > sp.end_w for t in tagged)


def is_role_only(m: Mention) -> bool:
    """Is ``m`` an office holder written only as a role («وزیر دفاع بلاروس», «عضو مجمع ملی عراق»)?"""
    if m.type != "PERSON" or m.role is None:
        return False
    head = m.head or ""
    if "," in head:  # «وزیر تعاون ، کار …»: the title's commas are words of the head, not of the role
        head = " ".join(w for w in head.split() if w != ",")
    return head.startswith(normalize(m.role))


def _lexicon_spans(words: Sequence[Word], idx: LexiconTables) -> list[Span]:
    spans: list[Span] = []
    found_at = hits(idx.names, words, idx.max_len)  # type: ignore[arg-type]
    i = 0
    while i < len(words):
        n, found = found_at.get(i, NO_MATCH)
        if n == 1 and idx.names[found][1] == "PERSON" and other_given_name(words, i, idx.names[found][0]):
            # «اسماعیل جلیلی» is not «سعید جلیلی»: a surname after another given name is someone else
            spans.append(Span(i - 1, i + 1, "PERSON", "pattern:office", 0.7))
            i += 1
            continue
        if n:
            key, typ = idx.names[found]
            if typ == "ORG" and _of_another_state(key, found, found_at.get(i + n, NO_MATCH), words, i + n, idx):
                i += 1  # «وزارت اطلاعات عراق»: Iraq's ministry, not the listed Iranian one (a phrase)
                continue
            weak = " ".join(found) in idx.weak
            spans.append(Span(i, i + n, typ, "lexicon", 0.6 if weak else 0.95, key=key, weak=weak))
            i += n
        else:
            i += 1
    return spans


def _of_another_state(key: str, name: tuple[str, ...], after: tuple[int, tuple[str, ...]],
                      words: Sequence[Word], j: int, idx: LexiconTables) -> bool:
    """Is a listed state body («وزارت اطلاعات», kind gov_body) named without its state and followed by
    another state's name that belongs to it («وزارت اطلاعات عراق»)? Not when the state is an object or
    subject of its own («وزارت خارجه ایران آمریکا را محکوم کرد», «حزب‌الله اسرائیل را …»)."""
    n, found = after
    if not n or idx.names[found][1] != "STATE":
        return False
    entry = load_lexicon().by_key.get(key)
    if entry is None or entry.kind != "gov_body" or entry.state is None or entry.state == idx.names[found][0]:
        return False
    if any(idx.names.get((w,), ("", ""))[1] == "STATE" for w in name):
        return False  # the name holds its own state already
    nxt = words[j + n].key if j + n < len(words) else ""
    return nxt != "را" and "#" not in (words[j + n].lemma if j + n < len(words) else "")




def _confirm_weak(spans: list[Span], words: Sequence[Word], rules: MentionRules, tagged: list[Span]) -> None:
    """Keep a weak lexicon name («مالی», «فارس», «روحانی») only with a confirming word before it, a
    news-source cue («به گزارش فارس»), an office title, or the tagger agreeing on its type."""
    compatible = {"STATE": ("LOC",), "LOC": ("LOC",), "ORG": ("ORG",), "PERSON": ("PERSON",)}
    states = [sp for sp in spans if sp.type == "STATE" and not sp.weak]
    people = [sp for sp in spans if sp.type == "PERSON" and not sp.weak]
    for sp in spans:
        if not sp.weak or _given_name_of(sp, words):
            continue
        if sp.type == "STATE" and any(_listed_with(sp, o, words) for o in states):
            sp.weak = False  # «یمن، آفریقای مرکزی و سومالی»: one of a list of states
            continue
        if sp.type == "PERSON" and any(_listed_with(sp, o, words) for o in people):
            sp.weak = False  # «بوش و شارون»: one of a list of people
            continue
        before = words[sp.start_w - 1].key if sp.start_w else ""
        before2 = " ".join(w.key for w in words[max(0, sp.start_w - 2) : sp.start_w])
        confirmers = rules.weak_name_confirmers
        if ("any", before) in confirmers or ("any", before2) in confirmers or (sp.type, before) in confirmers or any(tuple(w.key for w in words[sp.start_w - len(c) : sp.start_w]) == c for c in rules.source_cues) or lookup(lexicon_tables().offices, words, max(0, sp.start_w - 3), 3)[0] and sp.type == "PERSON" or any(t.start_w <= sp.start_w and sp.end_w <= t.end_w and t.type in compatible.get(sp.type, ())
                 for t in tagged):
            sp.weak = False


def _given_name_of(sp: Span, words: Sequence[Word]) -> bool:
    """«سینا سعیدی‌فر»: a weak place or body name that is also a given name, followed by a word hazm
    seldom meets, is the first name of a person, whatever confirms the place elsewhere."""
    if sp.type == "PERSON" or sp.end_w - sp.start_w != 1 or sp.end_w >= len(words):
        return False
    nxt = words[sp.end_w].key
    return words[sp.start_w].key in given_names() and nxt.isalpha() \
        and vocabulary().get(nxt, (0,))[0] < RARE_COUNT and nxt not in load_mention_rules().breakers


def _listed_with(sp: Span, other: Span, words: Sequence[Word]) -> bool:
    """Are two spans neighbours in a list, with only «،» or «و» between them?"""
    gap = words[other.end_w : sp.start_w] if other.end_w <= sp.start_w else words[sp.end_w : other.start_w]
    return 1 <= len(gap) <= 2 and all(w.key in LIST_GLUE for w in gap)


_PLACE_MARKERS = frozenset(normalize(w) for w in ("در", "به", "از", "شهر", "تا", "پایتخت", "وارد", "عازم"))


@cache
def _government_cues() -> tuple[tuple[str, ...], ...]:
    """Speech cues and every tie rule's cues (``ties.yaml``): what a capital acting as a state does."""
    from relgraph.relations import load_tie_rules

    ties = load_tie_rules()
    return ties.speech + tuple(c for r in ties.rules for c in r.cues)


def _capitals_as_governments(spans: list[Span], words: Sequence[Word]) -> None:
    """«مسکو خواستار … شد»: a capital that speaks or acts (a speech or tie cue within three words after
    it, and no place marker before it) stands for its state's government, as PETRARCH's +MOSCOW_ does."""
    lex = load_lexicon()
    cues = _government_cues()
    for sp in spans:
        state = lex.capitals.get(sp.key or "") if sp.type == "LOC" else None
        if state is None or (sp.start_w and words[sp.start_w - 1].key in _PLACE_MARKERS):
            continue
        if sp.start_w and opening_quote(words, sp.start_w - 1):
            continue  # «روزنامه "دیلی تلگراف"»: a quoted name, not the capital acting
        window = words[sp.end_w : sp.end_w + 3]
        if find(window, cues):
            sp.type, sp.key = "STATE", state


def _tagger_spans(sent: Sentence, words: Sequence[Word], tagger: object, idx: LexiconTables) -> list[Span]:
    tok_first: dict[int, int] = {}
    tok_last: dict[int, int] = {}
    for wi, w in enumerate(words):
        tok_first.setdefault(w.token, wi)
        tok_last[w.token] = wi
    spans: list[Span] = []
    tokens = [t.text for t in sent.tokens]
    for ts in tagger.tag(tokens):  # type: ignore[attr-defined]
        # The tagger's corpus labels governments and nationalities as organisations, so its ORG and
        # EVENT spans are taken only when it is very sure; names of people and places always.
        floor = _TAGGER_FLOOR.get(ts.label)
        if floor is None or ts.confidence < floor:
            continue
        if ts.start not in tok_first or ts.end - 1 not in tok_last:
            continue
        w0, w1 = tok_first[ts.start], tok_last[ts.end - 1] + 1
        keys = [w.key for w in words[w0:w1]]
        if not all(k.isalpha() for k in keys):
            continue  # «مجموعا 107»: numbers and punctuation are not names
        if ts.label == "PERSON" and len(keys) == 1 and ((keys[0],) in idx.ranks or (keys[0],) in idx.offices
                                                       or keys[0] in idx.common or len(keys[0]) <= 2):
            continue  # a lone title, common word or two letters («امیر», «رئیس», «لو») is no name
        if ts.label == "PERSON" and len(keys) == 1 and keys[0].endswith("ی") \
                and idx.names.get((keys[0][:-1],), ("", ""))[1] in ("LOC", "STATE"):
            continue  # «یزدی», «اصفهانی» alone: of a place (nisba), not a named person
        if ts.label == "ORG" and len(keys) == 1 and _demonym_form(keys[0], idx):
            continue  # «آمریکایی», «آمریکائی‌ها»: the corpus tags nationalities as organisations
        label = ts.label
        if label == "LOC" and len(keys) > 1 and lookup(idx.org_heads, words, w0, 3)[0]:
            label = "ORG"  # «دانشگاه شوند», «پژوهشکده امام»: the corpus's facilities that are bodies
        spans.append(Span(w0, w1, label, "crf", 0.5 * ts.confidence))
    return spans


def _demonym_form(key: str, idx: LexiconTables) -> bool:
    """«آمریکایی», «آمریکائی» (the older spelling), «آمریکاییها», «صهیونیستها»: a nationality or its
    people, written as one word."""
    form = key.replace("ئی", "یی")
    return form in idx.demonyms or plural_stem(form, people=True) in idx.demonyms


_CONTAINERS = ("ORG", "EVENT", "AGREEMENT")


_TAGGER_FLOOR = {"PERSON": 0.5, "LOC": 0.5, "ORG": 0.97, "EVENT": 0.97}


def _holds(sp: Span) -> bool:
    """Phrases found by a pattern may contain names of other types (an org phrase naming its state)."""
    return sp.container or (sp.type in _CONTAINERS and sp.method.startswith("pattern"))


def _mission(sp: Span) -> bool:
    """An organisation phrase that holds another organisation's name (``head_phrases``: a mission to it)."""
    return sp.container and sp.type == "ORG"


def resolve(spans: list[Span]) -> list[Span]:
    """Keep the best non-overlapping spans; names may nest inside ORG/EVENT/AGREEMENT phrases."""
    order = sorted(spans, key=lambda s: (-_PRIORITY.get(s.method, 0), -(s.end_w - s.start_w), s.start_w))
    kept: list[Span] = []
    for sp in order:
        ok = True
        for k in kept:
            if sp.end_w <= k.start_w or k.end_w <= sp.start_w:
                continue
            inside = k.start_w <= sp.start_w and sp.end_w <= k.end_w
            outside = sp.start_w <= k.start_w and k.end_w <= sp.end_w
            # a place phrase holds the town it is named after («بازار [تبریز]»)
            # and a mission names the organisation it is sent to («نمایندگی ایران در [سازمان ملل]»)
            if (inside and _holds(k) and (sp.type != k.type or k.type == "LOC" or _mission(k))) or (
                    outside and _holds(sp) and (k.type != sp.type or sp.type == "LOC" or _mission(sp))):
                continue
            ok = False
            break
        if ok:
            kept.append(sp)
    return sorted(kept, key=lambda s: (s.start_w, s.end_w))


def _to_mention(adoc: AnnotatedDoc, sent: Sentence, words: Sequence[Word], sp: Span) -> Mention:
    t0 = sent.tokens[words[sp.start_w].token]
    t1 = sent.tokens[words[sp.end_w - 1].token]
    text = adoc.doc.text[t0.start : t1.end]
    head = " ".join(w.key for w in words[sp.start_w : sp.end_w] if w.key != '"')  # «روزنامه "X"» = «روزنامه X»
    m = Mention(start=t0.start, end=t1.end, text=text, type=sp.type, sentence=sent.index, method=sp.method,
                confidence=sp.confidence, key=sp.key, role=sp.role, head=head)
    return replace(m, state=sp.state) if sp.state else m
