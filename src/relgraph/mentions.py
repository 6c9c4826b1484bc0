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
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import yaml

from relgraph.lexicon import load_lexicon, normalize
from relgraph.model import AnnotatedDoc, Mention, Sentence, Word
from relgraph.paths import data_path
from relgraph.phrases import find

__all__ = ["MentionRules", "Word", "find_mentions", "load_mention_rules", "sentence_words"]

_MAX_NAME = 8
# Priority when spans overlap (higher wins), then length.
_PRIORITY = {"lexicon": 5, "pattern:office": 4, "pattern:source": 4, "pattern:org": 3, "pattern:agreement": 3,
             "pattern:event": 2, "pattern:place": 2, "crf": 1}


@dataclass(frozen=True)
class MentionRules:
    source_cues: tuple[tuple[str, ...], ...]
    breakers: frozenset[str]
    anaphora_one: tuple[tuple[str, ...], ...]
    anaphora_two: tuple[tuple[str, ...], ...]
    anaphora_home: tuple[tuple[str, ...], ...]
    home_state: str
    org_max: int
    event_max: int
    agreement_max: int
    strong_event_heads: frozenset[str]
    group_anaphora: tuple[tuple[str, ...], ...] = ()
    appositives: tuple[tuple[str, ...], ...] = ()
    light_verbs: frozenset[str] = frozenset()
    weak_org_heads: frozenset[str] = frozenset()
    newsroom_follow: frozenset[str] = frozenset()


def _phrases(items: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(normalize(x).split()) for x in items if normalize(x))


@cache
def load_mention_rules() -> MentionRules:
    raw = yaml.safe_load(data_path("rules", "mentions.yaml").read_text(encoding="utf-8"))
    ana = raw["state_anaphora"]
    return MentionRules(
        source_cues=_phrases(raw["source_cues"]),
        breakers=frozenset(normalize(x) for x in raw["name_breakers"] + raw.get("light_verbs", [])),
        light_verbs=frozenset(normalize(x) for x in raw.get("light_verbs", [])),
        weak_org_heads=frozenset(normalize(x) for x in raw.get("weak_org_heads", [])),
        newsroom_follow=frozenset(normalize(x) for x in raw.get("newsroom_follow", [])),
        anaphora_one=_phrases(ana["one"]),
        anaphora_two=_phrases(ana["two"]),
        anaphora_home=_phrases(ana["home"]),
        home_state=raw["home_state_key"],
        org_max=int(raw["org_max_modifiers"]),
        event_max=int(raw["event_max_modifiers"]),
        agreement_max=int(raw["agreement_max_modifiers"]),
        strong_event_heads=frozenset(normalize(x) for x in raw["strong_event_heads"]),
        group_anaphora=tuple(sorted(_phrases(raw.get("group_anaphora", [])), key=len, reverse=True)),
        appositives=tuple(sorted(_phrases(raw.get("person_appositives", [])))),
    )


@dataclass(frozen=True)
class _Index:
    """Lexicon names, offices and head nouns as word-tuple tables for longest-match lookup."""

    names: dict[tuple[str, ...], tuple[str, str]]  # words → (key, type)
    offices: dict[tuple[str, ...], str]  # words → title as written in the lexicon
    ranks: frozenset[tuple[str, ...]]
    org_heads: frozenset[tuple[str, ...]]
    event_heads: frozenset[tuple[str, ...]]
    agreement_heads: frozenset[tuple[str, ...]]
    place_heads: frozenset[tuple[str, ...]]
    demonyms: dict[str, str]
    common: frozenset[str]
    weak: frozenset[str]
    max_len: int


@cache
def _index() -> _Index:
    lex = load_lexicon()
    names: dict[tuple[str, ...], tuple[str, str]] = {}
    for norm_name, entries in lex.names.items():
        words = tuple(norm_name.split())
        if not words:
            continue
        # Prefer a STATE reading, then ORG, PERSON, LOC (a capital is a LOC here; metonymy is coref's job).
        best = sorted(entries, key=lambda e: ["STATE", "ORG", "PERSON", "LOC", "EVENT", "AGREEMENT"].index(e.type)
                      if e.type in ("STATE", "ORG", "PERSON", "LOC", "EVENT", "AGREEMENT") else 9)[0]
        names[words] = (best.key, best.type)
    offices = {tuple(normalize(o.title).split()): o.title for o in lex.offices}
    return _Index(
        names=names,
        offices=offices,
        ranks=frozenset(tuple(normalize(r).split()) for r in lex.ranks),
        org_heads=frozenset(tuple(normalize(h).split()) for h in lex.org_heads),
        event_heads=frozenset(tuple(normalize(h).split()) for h in lex.event_heads),
        agreement_heads=frozenset(tuple(normalize(h).split()) for h in lex.agreement_heads),
        place_heads=frozenset(tuple(normalize(h).split()) for h in lex.place_heads),
        demonyms=dict(lex.demonyms),
        common=_common_words(),
        weak=frozenset(lex.weak_names),
        max_len=max([len(k) for k in names] + [len(k) for k in offices] + [1]),
    )


@cache
def _common_words() -> frozenset[str]:
    """Frequent Persian words that are not names (hazm's word list, with their frequencies)."""
    return frozenset(w for w, (freq, _tags) in _vocabulary().items() if freq >= 20_000)


@cache
def _vocabulary() -> dict[str, tuple[int, frozenset[str]]]:
    """hazm's word list: normalised word → (corpus frequency, part-of-speech tags)."""
    import hazm

    vocab: dict[str, tuple[int, frozenset[str]]] = {}
    for w, freq, tags in hazm.words_list():
        vocab[normalize(w)] = (freq, frozenset(tags))
    return vocab


_FUNCTION_TAGS = frozenset({"V", "P", "POSTP", "CONJ", "ADV", "PRO", "DET", "NUM", "PUNC", "RES", "CL", "INT"})


def _content_word(key: str) -> bool:
    """Could this word be part of a name or a modifier in a noun phrase (not a verb or function word)?"""
    entry = _vocabulary().get(key)
    if key.endswith(("دن", "تن")) and len(key) > 4 and entry and "N" in entry[1]:
        return False  # infinitive («کردن», «نکردن»)
    if entry is None:
        return True  # unknown: a name or a rare word
    freq, tags = entry
    if tags == {"0"}:
        return True  # derived form (adjective in -ی, plural) hazm lists without tags
    return bool(tags & {"N", "AJ"}) and not (tags & {"V", "P", "POSTP", "CONJ", "PRO", "DET"} and freq > 500_000)


@cache
def _given_names() -> frozenset[str]:
    """Given names the tagger learned from its corpus (plus the lexicon's people's first names)."""
    import json

    names: set[str] = set()
    path = data_path("models", "ner-crf.json")
    if path.exists():
        names |= {normalize(n) for n in json.loads(path.read_text(encoding="utf-8")).get("given_names", [])}
    for e in load_lexicon().entries:
        if e.type == "PERSON":
            for n in e.names:
                parts = normalize(n).split()
                if len(parts) > 1:
                    names.add(parts[0])
    return frozenset(names)


@lru_cache(maxsize=8192)
def sentence_words(sentence: Sentence) -> tuple[Word, ...]:
    """The sentence's tokens as normalised words (cached: every stage walks the same sentences)."""
    return tuple(_sentence_words(sentence))


def _sentence_words(sentence: Sentence) -> list[Word]:
    words: list[Word] = []
    for ti, tok in enumerate(sentence.tokens):
        parts = normalize(tok.text).split()
        if not parts:  # punctuation: kept (as written) so that it bounds names and clauses
            parts = [_PUNCT.get(tok.text, tok.text)]
        for part in parts:
            words.append(Word(key=part, token=ti, lemma=tok.lemma))
    return words


_PUNCT = {"،": ",", "؛": ";", "؟": "?", "«": '"', "»": '"'}


_FIRSTS: dict[int, frozenset[str]] = {}


def _first_words(table: dict | frozenset) -> frozenset[str]:
    """First words of a table's entries (tables live as long as the process: keyed by identity)."""
    got = _FIRSTS.get(id(table))
    if got is None:
        got = _FIRSTS[id(table)] = frozenset(k[0] for k in table if k)
    return got


def _lookup(table: dict | frozenset, words: Sequence[Word], i: int, max_len: int,
            plural: bool = False) -> tuple[int, tuple[str, ...]]:
    """Longest entry of ``table`` starting at word ``i``: (length in words, the entry's key); (0, ()) if none.

    A name also matches with an ezafe yeh on its last word after a vowel («آمریکای», «سخنگوی»), and,
    with ``plural``, a one-word head in the plural written without a space («مانورهای», «نشستها»).
    """
    best: tuple[int, tuple[str, ...]] = (0, ())
    first = words[i].key if i < len(words) else ""
    starts = _FIRSTS.get(id(table)) or _first_words(table)  # inlined: most calls end at the next line
    if first not in starts and not (first.endswith("ی") and first[:-1] in starts):
        stem = _plural_stem(first) if plural else None
        return (1, (stem,)) if stem and (stem,) in table else best
    keys = tuple(w.key for w in words[i : i + max_len])
    for n in range(1, len(keys) + 1):
        cand = keys[:n]
        if cand in table:
            best = (n, cand)
            continue
        last = cand[-1]
        if len(last) > 3 and last.endswith("ی") and last[-2] in "او":  # «گروهی» is «a group», no ezafe
            bare = (*cand[:-1], last[:-1])
            if bare in table:
                best = (n, bare)
    return best


def _plural_stem(word: str) -> str | None:
    """«مانورهای» → «مانور», «نشستها» → «نشست»; None when ``word`` has no plural suffix."""
    for suffix in ("های", "ها"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return None


def _longest(table: dict | frozenset, words: Sequence[Word], i: int, max_len: int, plural: bool = False) -> int:
    return _lookup(table, words, i, max_len, plural)[0]


@dataclass
class _Span:
    start_w: int
    end_w: int  # exclusive, in words
    type: str
    method: str
    confidence: float
    key: str | None = None
    role: str | None = None
    state: str | None = None
    weak: bool = False  # a lexicon name that is also an ordinary word: kept only when context confirms it
    container: bool = False  # a phrase that may hold other names («وزیر دفاع [بلاروس]»)


def find_mentions(adoc: AnnotatedDoc, tagger: object | None = None) -> list[Mention]:
    """All mentions of ``adoc``, non-overlapping except for names nested inside ORG/EVENT/AGREEMENT."""
    idx, rules = _index(), load_mention_rules()
    out: list[Mention] = []
    for sent in adoc.sentences:
        words = sentence_words(sent)
        spans = _lexicon_spans(words, idx)
        tagged = _tagger_spans(sent, words, tagger, idx) if tagger is not None else []
        _confirm_weak(spans, words, rules, tagged)
        spans = [sp for sp in spans if not sp.weak]
        _capitals_as_governments(spans, words)
        spans += _office_spans(words, idx, rules, spans)
        spans += _appositive_spans(words, idx, rules, spans)
        spans += _rank_spans(words, idx, rules, spans)
        spans += _quoted_name_spans(words, idx, rules, spans)
        spans += _source_spans(words, idx, rules, spans)
        spans += _head_spans(words, idx, rules, spans)
        spans += _place_spans(words, idx, rules, spans)
        spans += tagged
        for sp in resolve(spans):
            out.append(_to_mention(adoc, sent, words, sp))
    return out


def _other_given_name(words: Sequence[Word], i: int, key: str) -> bool:
    """Is the word before a listed surname a given name that none of the listed person's names holds?"""
    if i == 0 or words[i - 1].key not in _given_names() or (words[i - 1].key,) in _index().org_heads:
        return False  # «دولت ترامپ» is Trump's government, though «دولت» is a given name too
    entry = load_lexicon().by_key.get(key)
    names = " ".join(normalize(n) for n in entry.names) if entry else ""
    before = words[i - 1].key
    joined = (words[i - 2].key + before) if i > 1 else before  # «محمد جواد» written for «محمدجواد»
    return before not in names.split() and not any(before in w or joined in w for w in names.split())


def _lexicon_spans(words: Sequence[Word], idx: _Index) -> list[_Span]:
    spans: list[_Span] = []
    i = 0
    while i < len(words):
        n, found = _lookup(idx.names, words, i, idx.max_len)
        if n == 1 and idx.names[found][1] == "PERSON" and _other_given_name(words, i, idx.names[found][0]):
            # «اسماعیل جلیلی» is not «سعید جلیلی»: a surname after another given name is someone else
            spans.append(_Span(i - 1, i + 1, "PERSON", "pattern:office", 0.7))
            i += 1
            continue
        if n:
            key, typ = idx.names[found]
            weak = " ".join(found) in idx.weak
            spans.append(_Span(i, i + n, typ, "lexicon", 0.6 if weak else 0.95, key=key, weak=weak))
            i += n
        else:
            i += 1
    return spans


_CONFIRMING = frozenset(normalize(w) for w in (
    "کشور", "شهر", "استان", "ایالت", "جمهوری", "پایتخت", "خبرگزاری", "روزنامه", "شبکه", "پایگاه", "سایت",
    "آقای", "خانم", "دکتر", "مهندس", "سردار", "ژنرال", "سرلشکر", "آیت الله", "حجت الاسلام",
))


def _confirm_weak(spans: list[_Span], words: Sequence[Word], rules: MentionRules, tagged: list[_Span]) -> None:
    """Keep a weak lexicon name («مالی», «فارس», «روحانی») only with a confirming word before it, a
    news-source cue («به گزارش فارس»), an office title, or the tagger agreeing on its type."""
    compatible = {"STATE": ("LOC",), "LOC": ("LOC",), "ORG": ("ORG",), "PERSON": ("PERSON",)}
    for sp in spans:
        if not sp.weak:
            continue
        before = words[sp.start_w - 1].key if sp.start_w else ""
        before2 = " ".join(w.key for w in words[max(0, sp.start_w - 2) : sp.start_w])
        if before in _CONFIRMING or before2 in _CONFIRMING or any(tuple(w.key for w in words[sp.start_w - len(c) : sp.start_w]) == c for c in rules.source_cues) or _lookup(_index().offices, words, max(0, sp.start_w - 3), 3)[0] and sp.type == "PERSON" or any(t.start_w <= sp.start_w and sp.end_w <= t.end_w and t.type in compatible.get(sp.type, ())
                 for t in tagged):
            sp.weak = False


_PLACE_MARKERS = frozenset(normalize(w) for w in ("در", "به", "از", "شهر", "تا", "پایتخت", "وارد", "عازم"))


@cache
def _government_cues() -> tuple[tuple[str, ...], ...]:
    """Speech cues and every tie rule's cues (``ties.yaml``): what a capital acting as a state does."""
    from relgraph.relations import load_tie_rules

    ties = load_tie_rules()
    return ties.speech + tuple(c for r in ties.rules for c in r.cues)


def _capitals_as_governments(spans: list[_Span], words: Sequence[Word]) -> None:
    """«مسکو خواستار … شد»: a capital that speaks or acts (a speech or tie cue within three words after
    it, and no place marker before it) stands for its state's government, as PETRARCH's +MOSCOW_ does."""
    lex = load_lexicon()
    cues = _government_cues()
    for sp in spans:
        state = lex.capitals.get(sp.key or "") if sp.type == "LOC" else None
        if state is None or (sp.start_w and words[sp.start_w - 1].key in _PLACE_MARKERS):
            continue
        window = words[sp.end_w : sp.end_w + 3]
        if find(window, cues):
            sp.type, sp.key = "STATE", state


def _state_at(words: Sequence[Word], i: int, lex_spans: list[_Span]) -> _Span | None:
    for sp in lex_spans:
        if sp.start_w == i and sp.type in ("STATE", "ORG"):
            return sp
    return None


def _name_after(words: Sequence[Word], i: int, idx: _Index, rules: MentionRules, taken: set[int]) -> int:
    """Length of a plausible personal name starting at word ``i`` (0 if none).

    Up to four words that are not verbs, function words, offices or organisation heads; at least one
    of them must be a known given name or a word outside hazm's vocabulary (surnames mostly are).
    """
    n = 0
    while i + n < len(words) and n < 4:
        w = words[i + n]
        if (i + n) in taken or w.key in rules.breakers or not w.key.isalpha() or "#" in w.lemma:
            break
        if (w.key,) in idx.offices or (w.key,) in idx.org_heads or not _content_word(w.key):
            break
        n += 1
    vocab, given = _vocabulary(), _given_names()
    while n and not any(words[i + k].key in given or words[i + k].key not in vocab for k in range(n)):
        n -= 1
    # drop trailing adjectives/common words after the surname («حسنوف» «به» is stopped above)
    while n > 1 and words[i + n - 1].key in idx.common and words[i + n - 1].key not in given:
        n -= 1
    return n


_NOT_SURNAME_ENDINGS = ("ی", "ان", "ها", "های", "گان")


def _looks_like_name(name: Sequence[Word]) -> bool:
    """After a title, a name starts with a known given name, or ends in a word hazm does not know that
    is no adjective or plural («حسنوف», not «کشتیرانی», «صادرکنندگان», «پارلمانی»)."""
    last = name[-1].key
    return name[0].key in _given_names() or (last not in _vocabulary() and not last.endswith(_NOT_SURNAME_ENDINGS))


def _office_spans(words: Sequence[Word], idx: _Index, rules: MentionRules, lex: list[_Span]) -> list[_Span]:
    """«[rank] name، office [of state]» and «office [of state] [rank] name» → PERSON with role/state."""
    spans: list[_Span] = []
    taken = {k for sp in lex for k in range(sp.start_w, sp.end_w) if sp.type in ("STATE", "LOC", "ORG")}
    i = 0
    while i < len(words):
        n, found = _lookup(idx.offices, words, i, 6)
        if not n:
            i += 1
            continue
        title = idx.offices[found]
        j = i + n
        state_span = _state_at(words, j, lex)
        state = None
        if state_span:
            state = state_span.key if state_span.type == "STATE" else None
            j = state_span.end_w
        elif j < len(words) and words[j].key in idx.demonyms:
            state = idx.demonyms[words[j].key]
            j += 1
        else:
            for phrase in rules.anaphora_home:
                if tuple(w.key for w in words[j : j + len(phrase)]) == phrase:
                    state, j = rules.home_state, j + len(phrase)
                    break
        while j < len(words) and _longest(idx.ranks, words, j, 3):
            j += _longest(idx.ranks, words, j, 3)
        before = _name_before(words, i, idx, rules, lex, taken)
        if isinstance(before, _Span):  # a listed person right before the title: «ترامپ رئیس جمهور آمریکا»
            before.role, before.state = title, state or before.state
        elif before:
            spans.append(_Span(before[0], before[1], "PERSON", "pattern:office", 0.75, role=title, state=state))
            taken.update(range(*before))
            i = j
            continue
        person = next((sp for sp in lex if sp.start_w == j and sp.type == "PERSON"), None)
        if person:
            person.role, person.state = title, state or person.state
            i = j
            continue
        name_len = _name_after(words, j, idx, rules, taken)
        if name_len and not _looks_like_name(words[j : j + name_len]):
            name_len = 0  # «معاون فنی کشتیرانی»: the title goes on, no name follows
        if name_len:
            spans.append(_Span(j, j + name_len, "PERSON", "pattern:office", 0.8, role=title, state=state))
            i = j + name_len
        elif state:  # role-only office holder, specific enough: «وزیر دفاع بلاروس»
            spans.append(_Span(i, j, "PERSON", "pattern:office", 0.6, role=title, state=state, container=True))
            i = j
        else:
            i = j
    return spans


def _name_before(words: Sequence[Word], i: int, idx: _Index, rules: MentionRules, lex: list[_Span],
                 taken: set[int]) -> _Span | tuple[int, int] | None:
    """The name written right before a title or appositive at word ``i``: «"جک استرا" وزیر امور خارجه
    انگلیس», «حشمت‌الله فلاحت‌پیشه عضو …», «"ماریا بوتینا"، شهروند روسیه».

    Returns a listed person's span, the (start, end) of a new name, or None. A quoted name of one to four
    words needs only to look like a name; an unquoted one must also start with a known given name (or be
    mostly words hazm does not know, none of them plural) and start the sentence or follow punctuation or a function word, so that the end of a noun phrase
    («مانورهای نظامی کشورهای عضو …») is not read as a name.
    """
    k = i - 1 if i and words[i - 1].key == "," else i
    listed = next((sp for sp in lex if sp.end_w == k and sp.type == "PERSON"), None)
    if listed:
        return listed
    if k and words[k - 1].key == '"':
        close = k - 1
        opening = next((q for q in range(close - 1, max(-1, close - 6), -1) if words[q].key == '"'), None)
        if opening is None or not 1 <= close - opening - 1 <= 4:
            return None
        start, end = opening + 1, close
    else:
        start = end = k
        while start > 0 and end - start < 5 and _name_word(words[start - 1], idx, rules) and start - 1 not in taken:
            start -= 1
        if not 1 <= end - start <= 4 or (start and words[start - 1].key.isalpha()
                                         and words[start - 1].key not in rules.breakers):
            return None
        keys = [w.key for w in words[start:end]]
        vocab = _vocabulary()
        if words[start].key not in _given_names() and (
                any(k.endswith(("ها", "های")) for k in keys) or 2 * sum(k not in vocab for k in keys) < len(keys)):
            return None  # unquoted: a given name first, or mostly unknown words and no plural
    if any(w in taken for w in range(start, end)) or _name_after(words, start, idx, rules, taken) != end - start:
        return None
    return start, end


def _name_word(w: Word, idx: _Index, rules: MentionRules) -> bool:
    """Could this word be part of a personal name (the per-word test of ``_name_after``)?"""
    return (w.key not in rules.breakers and w.key.isalpha() and "#" not in w.lemma
            and (w.key,) not in idx.offices and (w.key,) not in idx.org_heads and (w.key,) not in idx.ranks
            and _content_word(w.key))


def _appositive_spans(words: Sequence[Word], idx: _Index, rules: MentionRules, found: list[_Span]) -> list[_Span]:
    """A name right before a noun that says who the person is («"ماریا بوتینا"، شهروند روسیه»)."""
    spans: list[_Span] = []
    taken = {k for sp in found for k in range(sp.start_w, sp.end_w)}
    for i, _j in find(words, rules.appositives):
        got = _name_before(words, i, idx, rules, [], taken)
        if isinstance(got, tuple):
            spans.append(_Span(got[0], got[1], "PERSON", "pattern:office", 0.7))
            taken.update(range(*got))
    return spans


def _quoted_name_spans(words: Sequence[Word], idx: _Index, rules: MentionRules, found: list[_Span]) -> list[_Span]:
    """«"کنیث کاتزمن" در گفت‌وگو با …»: news puts a new name in quotes; a quoted run of two to four
    name-like words that starts with a known given name is a person."""
    spans: list[_Span] = []
    taken = {k for sp in found for k in range(sp.start_w, sp.end_w)}
    given = _given_names()
    quotes = [k for k, w in enumerate(words) if w.key == '"']
    for a, b in zip(quotes, quotes[1:], strict=False):
        start, end = a + 1, b
        if not 2 <= end - start <= 4 or any(k in taken for k in range(start, end)):
            continue
        if words[start].key in given and all(_name_word(w, idx, rules) for w in words[start:end]):
            spans.append(_Span(start, end, "PERSON", "pattern:office", 0.65))
    return spans


def _rank_spans(words: Sequence[Word], idx: _Index, rules: MentionRules, found: list[_Span]) -> list[_Span]:
    """«ژنرال X», «سرلشکر X», «آیت‌الله X»: a rank or honorific followed by a name is a person."""
    spans: list[_Span] = []
    taken = {k for sp in found for k in range(sp.start_w, sp.end_w)}
    i = 0
    while i < len(words):
        n = _longest(idx.ranks, words, i, 3) if i not in taken else 0
        if not n:
            i += 1
            continue
        j = i + n
        while j < len(words) and _longest(idx.ranks, words, j, 3):
            j += _longest(idx.ranks, words, j, 3)
        quoted = j < len(words) and words[j].key == '"'  # «ژنرال "جان کین"»
        j += quoted
        name_len = _name_after(words, j, idx, rules, taken) if j not in taken else 0
        if quoted and not (j + name_len < len(words) and words[j + name_len].key == '"'):
            name_len = 0
        if name_len:
            spans.append(_Span(j, j + name_len, "PERSON", "pattern:office", 0.7))
            taken.update(range(j, j + name_len))
        i = j + max(name_len, 0) or i + 1
    return spans


def _source_spans(words: Sequence[Word], idx: _Index, rules: MentionRules, lex: list[_Span]) -> list[_Span]:
    """The name after «به گزارش», «به نقل از» is a news source (ORG) when nothing else claims it."""
    spans: list[_Span] = []
    taken = {k for sp in lex for k in range(sp.start_w, sp.end_w)}
    for _i, j in find(words, rules.source_cues):
        if j in taken:
            continue
        n = 0
        while j + n < len(words) and n < 3 and words[j + n].key.isalpha() and words[j + n].key not in rules.breakers:
            n += 1
        if n and not all(words[j + k].key in idx.common for k in range(n)):
            spans.append(_Span(j, j + n, "ORG", "pattern:source", 0.7))
    return spans


def _head_at(words: Sequence[Word], i: int, idx: _Index, rules: MentionRules) -> tuple[int, str, int]:
    """The head noun starting at word ``i``: (length, entity type, most modifiers allowed); length 0 if none."""
    for table, typ, limit in ((idx.agreement_heads, "AGREEMENT", rules.agreement_max),
                              (idx.org_heads, "ORG", rules.org_max),
                              (idx.event_heads, "EVENT", rules.event_max)):
        h = _longest(table, words, i, 3, plural=typ == "EVENT")  # «مانورهای نظامی …» is an event
        if h:
            return h, typ, limit
    return 0, "", 0


def _head_spans(words: Sequence[Word], idx: _Index, rules: MentionRules, lex: list[_Span]) -> list[_Span]:
    """Organisation, event and agreement phrases introduced by a head noun («وزارت دفاع بلاروس»)."""
    spans: list[_Span] = []
    ends = {sp.start_w: sp for sp in lex if sp.type in ("STATE", "ORG", "LOC", "PERSON")}
    i = 0
    while i < len(words):
        h, typ, limit = _head_at(words, i, idx, rules)
        if not h or (i in ends and ends[i].type in ("ORG", "STATE")):  # «فدراسیون روسیه» is the state
            i += 1
            continue
        j, named, state = i + h, None, None
        joined = 0  # «و» inside the name («کمیسیون حقوقی و قضایی مجلس»)
        while j < len(words) and j - i - h < limit + joined:
            if _opening_quote(words, j) and (close := _closing_quote(words, j)):
                named, j = True, close + 1  # «روزنامه "دیلی تلگراف"»: the quoted name is the name
                break
            if typ == "ORG" and j > i + h and _joins_modifiers(words, j, idx, rules, ends):
                joined += 1
                j += 1
                continue
            if j in ends:
                named = ends[j]
                state = named.key if named.type == "STATE" else None  # type: ignore[union-attr]
                j = named.end_w
                break
            w = words[j]
            if w.key in rules.breakers or not w.key.isalpha() or "#" in w.lemma or not _content_word(w.key):
                break
            nxt = words[j + 1] if j + 1 < len(words) else None
            if nxt and (("#" in nxt.lemma and nxt.token != w.token) or _light_verb(nxt.key, rules)):
                break  # the noun of a light verb («اعلام کرد», «شرکت کردند»), not a modifier
            if w.key in idx.demonyms:
                state = idx.demonyms[w.key]
                j += 1
                break
            j += 1
        head = " ".join(w.key for w in words[i : i + h])
        modifiers = j - i - h
        if typ == "ORG" and head in _VERBAL_HEADS and modifiers and words[i + h].key.endswith(("ان", "ها", "های")):
            i += 1  # «شرکت نظامیان …» is taking part, not a company
            continue
        if typ == "ORG" and not (named or state or modifiers >= (2 if head in rules.weak_org_heads else 1)):
            i += 1  # «گروه دوم», «گروه سیاسی»: a weak head needs a name or two modifiers
            continue
        if typ == "ORG" and head in rules.weak_org_heads and j < len(words) and words[j].key in rules.newsroom_follow:
            i += 1  # «گروه بین‌الملل خبرگزاری فارس»: a newsroom desk, the agency itself
            continue
        if typ == "ORG" and not (named or state or modifiers >= 1):
            i += 1
            continue
        strong = any(w.key in rules.strong_event_heads for w in words[i:j]) or head in rules.strong_event_heads
        if typ == "EVENT" and not (named or state or strong):
            i += 1
            continue
        if typ == "AGREEMENT" and h == 1 and modifiers == 0 and not (named or state):
            i += 1  # a bare «قانون», «توافق» names no specific agreement
            continue
        if typ != "AGREEMENT" and not named and not state and not joined:
            j = min(j, i + h + 2)  # an unnamed phrase: keep it short
        if words[j - 1].key == "و":
            j -= 1
        conf = 0.75 if (named or state) else 0.55
        spans.append(_Span(i, j, typ, f"pattern:{typ.lower()}", conf, state=state))
        i = i + h
    return spans


def _opening_quote(words: Sequence[Word], j: int) -> bool:
    """Does a quote open at ``j``? «'s are written as such; a plain " opens when an even number precede it."""
    if words[j].key != '"':
        return False
    if words[j].lemma in ("«", "»"):
        return words[j].lemma == "«"
    return sum(w.key == '"' for w in words[:j]) % 2 == 0


def _place_spans(words: Sequence[Word], idx: _Index, rules: MentionRules, found: list[_Span]) -> list[_Span]:
    """«روستای طبر», «رودخانه هیرمند»: a place head and one or two unusual words after it are a place
    the gazetteers may not list (a listed name after the head is found by the lexicon instead)."""
    spans: list[_Span] = []
    taken = {k for sp in found for k in range(sp.start_w, sp.end_w)}
    i = 0
    while i < len(words):
        h = _longest(idx.place_heads, words, i, 3) if i not in taken else 0
        j = i + h
        n = 0
        while h and j + n < len(words) and n < 2 and j + n not in taken:
            w = words[j + n]
            if (w.key in rules.breakers or not w.key.isalpha() or "#" in w.lemma or w.key in idx.common
                    or not _content_word(w.key) or _light_verb(w.key, rules) or (w.key,) in idx.offices
                    or (w.key,) in idx.org_heads or (w.key,) in idx.ranks):
                break
            n += 1
        if n and not (i and words[i - 1].key in ("می", "نمی")):  # «می رود» is a verb, not a river
            spans.append(_Span(i, j + n, "LOC", "pattern:place", 0.6))
            taken.update(range(i, j + n))
            i = j + n
        else:
            i += 1
    return spans


def _closing_quote(words: Sequence[Word], j: int) -> int | None:
    """Index of the quote closing the one at ``j`` within five words, if the quoted words can be a name."""
    for k in range(j + 1, min(j + 7, len(words))):
        if words[k].key == '"':
            return k if k > j + 1 else None
        if not words[k].key.replace("-", "").isalnum():
            return None
    return None


def _joins_modifiers(words: Sequence[Word], j: int, idx: _Index, rules: MentionRules, ends: dict) -> bool:  # type: ignore[type-arg]
    """Is the «و» at ``j`` inside an organisation's name: two plain modifiers joined, the name closing
    on a named state, organisation or place («وزارت ارتباطات و فناوری اطلاعات آذربایجان», «کمیسیون حقوقی
    و قضایی مجلس»)? Not when a head or a title follows it («وزارت خارجه و سفارت …»)."""
    if words[j].key != "و" or j + 2 >= len(words) or j + 1 in ends:
        return False
    nxt, after = words[j + 1], words[j + 2]

    def plain(w: Word) -> bool:
        return (w.key.isalpha() and w.key not in rules.breakers and "#" not in w.lemma and _content_word(w.key)
                and (w.key,) not in idx.org_heads and (w.key,) not in idx.offices and not _light_verb(w.key, rules))

    def named(k: int) -> bool:  # a named state, organisation or place, or the head of the owning one
        return (k in ends and ends[k].type in ("STATE", "ORG", "LOC")) or (
            k < len(words) and (words[k].key,) in idx.org_heads)

    # the name must close on a state, organisation or place within two words, so that two phrases
    # joined by «و» («حزب الدعوه اسلامی و جریان صدر») stay two
    return plain(nxt) and (named(j + 2) or (plain(after) and named(j + 3)))


def _light_verb(key: str, rules: MentionRules) -> bool:
    """A light verb, also negated or continuous («دارد», «ندارد», «می‌کند», «نمی‌شود»)."""
    for prefix in ("", "ن", "می", "نمی"):
        if key.startswith(prefix) and key[len(prefix):] in rules.light_verbs:
            return True
    return False


def _tagger_spans(sent: Sentence, words: Sequence[Word], tagger: object, idx: _Index) -> list[_Span]:
    tok_first: dict[int, int] = {}
    tok_last: dict[int, int] = {}
    for wi, w in enumerate(words):
        tok_first.setdefault(w.token, wi)
        tok_last[w.token] = wi
    spans: list[_Span] = []
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
                                                       or keys[0] in idx.common):
            continue  # a lone title or common word («امیر», «رئیس») is no name
        if ts.label == "ORG" and len(keys) == 1 and keys[0] in idx.demonyms:
            continue  # «آمریکایی»: the corpus tags nationalities as organisations
        spans.append(_Span(w0, w1, ts.label, "crf", 0.5 * ts.confidence))
    return spans


_CONTAINERS = ("ORG", "EVENT", "AGREEMENT")
_TAGGER_FLOOR = {"PERSON": 0.5, "LOC": 0.5, "ORG": 0.97, "EVENT": 0.97}
# Organisation heads that are also the noun of a light verb (شرکت کردن = take part).
_VERBAL_HEADS = frozenset({"شرکت"})


def _holds(sp: _Span) -> bool:
    """Phrases found by a pattern may contain names of other types (an org phrase naming its state)."""
    return sp.container or (sp.type in _CONTAINERS and sp.method.startswith("pattern"))


def resolve(spans: list[_Span]) -> list[_Span]:
    """Keep the best non-overlapping spans; names may nest inside ORG/EVENT/AGREEMENT phrases."""
    order = sorted(spans, key=lambda s: (-_PRIORITY.get(s.method, 0), -(s.end_w - s.start_w), s.start_w))
    kept: list[_Span] = []
    for sp in order:
        ok = True
        for k in kept:
            if sp.end_w <= k.start_w or k.end_w <= sp.start_w:
                continue
            inside = k.start_w <= sp.start_w and sp.end_w <= k.end_w
            outside = sp.start_w <= k.start_w and k.end_w <= sp.end_w
            if (inside and _holds(k) and sp.type != k.type) or (outside and _holds(sp) and k.type != sp.type):
                continue
            ok = False
            break
        if ok:
            kept.append(sp)
    return sorted(kept, key=lambda s: (s.start_w, s.end_w))


def _to_mention(adoc: AnnotatedDoc, sent: Sentence, words: Sequence[Word], sp: _Span) -> Mention:
    t0 = sent.tokens[words[sp.start_w].token]
    t1 = sent.tokens[words[sp.end_w - 1].token]
    text = adoc.doc.text[t0.start : t1.end]
    head = " ".join(w.key for w in words[sp.start_w : sp.end_w])
    m = Mention(start=t0.start, end=t1.end, text=text, type=sp.type, sentence=sent.index, method=sp.method,
                confidence=sp.confidence, key=sp.key, role=sp.role, head=head)
    return replace(m, state=sp.state) if sp.state else m

