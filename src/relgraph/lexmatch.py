"""What every mention finder shares: the pattern rules (``data/rules/mentions.yaml``), the lexicons as
word-tuple tables for longest-match lookup, hazm's word list for telling names from ordinary words,
and the normalised words of a sentence.

>>> from relgraph.model import Document
>>> from relgraph.text import annotate
>>> words = sentence_words(annotate(Document(id="d", text="وزیر خارجه روسیه آمد.")).sentences[0])
>>> lookup(lexicon_tables().offices, words, 0, 6)
(2, ('وزیر', 'خارجه'))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import yaml

from relgraph.lexicon import load_lexicon, normalize
from relgraph.model import Sentence, Word
from relgraph.paths import data_path


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
    org_roles: tuple[tuple[str, ...], ...] = ()
    incident_heads: frozenset[str] = frozenset()
    seated_org_heads: frozenset[str] = frozenset()
    place_org_phrases: tuple[tuple[str, ...], ...] = ()
    site_heads: tuple[tuple[str, ...], ...] = ()
    generic_titles: frozenset[str] = frozenset()
    encounter_heads: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()
    admin_place_nouns: frozenset[str] = frozenset()
    place_offices: frozenset[str] = frozenset()
    compound_suffixes: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    weak_org_heads: frozenset[str] = frozenset()
    numbered_org_heads: frozenset[str] = frozenset()
    certain_ranks: frozenset[str] = frozenset()
    thing_heads: frozenset[str] = frozenset()
    newsroom_follow: frozenset[str] = frozenset()
    demonstratives: frozenset[str] = frozenset()
    referring_adjectives: frozenset[str] = frozenset()
    described_event_heads: frozenset[str] = frozenset()
    source_roles: frozenset[str] = frozenset()
    shrine_heads: frozenset[str] = frozenset()  # last word of each, as normalised («امام زاده» → «زاده»)
    ordinals: frozenset[str] = frozenset()
    event_families: tuple[frozenset[str], ...] = ()
    weak_name_confirmers: frozenset[tuple[str, str]] = frozenset()  # (entity type or "any", word)
    name_titles: frozenset[str] = frozenset()
    ranking_words: frozenset[str] = frozenset()
    named_agreement_heads: frozenset[str] = frozenset()
    name_links: frozenset[tuple[str, str]] = frozenset()
    vague_roles: frozenset[str] = frozenset()
    org_breakers: frozenset[str] = frozenset()
    title_time_words: frozenset[str] = frozenset()


def _phrases(items: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(normalize(x).split()) for x in items if normalize(x))


@cache
def load_mention_rules() -> MentionRules:
    raw = yaml.safe_load(data_path("rules", "mentions.yaml").read_text(encoding="utf-8"))
    ana = raw["state_anaphora"]
    return MentionRules(
        source_cues=_phrases(raw["source_cues"]),
        source_roles=frozenset(normalize(x) for x in raw.get("source_roles", [])),
        shrine_heads=frozenset(normalize(x).split()[-1] for x in raw.get("shrine_heads", []) if normalize(x)),
        breakers=frozenset(normalize(x) for x in raw["name_breakers"] + raw.get("light_verbs", [])),
        light_verbs=frozenset(normalize(x) for x in raw.get("light_verbs", [])),
        weak_org_heads=frozenset(normalize(x) for x in raw.get("weak_org_heads", [])),
        numbered_org_heads=frozenset(normalize(x) for x in raw.get("numbered_org_heads", [])),
        certain_ranks=frozenset(normalize(x) for x in raw.get("certain_ranks", [])),
        thing_heads=frozenset(normalize(x) for x in raw.get("thing_heads", [])),
        newsroom_follow=frozenset(normalize(x) for x in raw.get("newsroom_follow", [])),
        demonstratives=frozenset(normalize(x) for x in raw.get("demonstratives", [])),
        referring_adjectives=frozenset(normalize(x) for x in raw.get("referring_adjectives", [])),
        described_event_heads=frozenset(normalize(x) for x in raw.get("described_event_heads", [])),
        ordinals=frozenset(normalize(x) for x in raw.get("ordinals", [])),
        weak_name_confirmers=frozenset((t, normalize(x)) for t, ws in (raw.get("weak_name_confirmers") or {}).items()
                                       for x in ws),
        name_titles=frozenset(normalize(x) for x in raw.get("name_titles", [])),
        ranking_words=frozenset(normalize(x) for x in raw.get("ranking_words", [])),
        named_agreement_heads=frozenset(normalize(x) for x in raw.get("named_agreement_heads", [])),
        name_links=frozenset(p for p in _phrases(raw.get("name_links", [])) if len(p) == 2),  # type: ignore[misc]
        vague_roles=frozenset(normalize(x) for x in raw.get("vague_roles", [])),
        org_breakers=frozenset(normalize(x) for x in raw.get("org_breakers", [])),
        title_time_words=frozenset(normalize(x) for x in raw.get("title_time_words", [])),
        event_families=tuple(frozenset(normalize(x) for x in fam) for fam in raw.get("event_head_families", [])),
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
        org_roles=_phrases(raw.get("org_roles", [])),
        incident_heads=frozenset(normalize(x) for x in raw.get("incident_heads", [])),
        seated_org_heads=frozenset(normalize(x) for x in raw.get("seated_org_heads", [])),
        place_org_phrases=_phrases(raw.get("place_org_phrases", [])),
        site_heads=_phrases(raw.get("site_heads", [])),
        generic_titles=frozenset(normalize(x) for x in raw.get("generic_titles", [])),
        encounter_heads=frozenset(normalize(x) for x in raw.get("encounter_heads", [])),
        place_nouns=frozenset(normalize(x) for x in raw.get("place_nouns", [])),
        admin_place_nouns=frozenset(normalize(x) for x in raw.get("admin_place_nouns", [])),
        place_offices=frozenset(normalize(x) for x in raw.get("place_offices", [])),
        compound_suffixes=frozenset(normalize(x) for x in raw.get("compound_suffixes", [])),
    )


@dataclass(frozen=True)
class LexiconTables:
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
def lexicon_tables() -> LexiconTables:
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
    weak = set(lex.weak_names)
    vocab = vocabulary()
    for words, (key, typ) in list(names.items()):
        # a place written as one word or two («مسجدسلیمان», «مسجد سلیمان»; «بندرعباس»): both are its
        # name, unless the joined form is a word met often (hazm's counts)
        joined = "".join(words)
        if typ == "LOC" and 1 < len(words) <= 3 and (joined,) not in names and vocab.get(joined, (0,))[0] < 1000:
            names[(joined,)] = (key, typ)
            if " ".join(words) in weak:
                weak.add(joined)
    for e in lex.entries:
        for name in e.names:
            if (with_commas := _with_commas(name.lstrip("~-"))) is not None:
                names.setdefault(with_commas, names.get(tuple(normalize(name).split()), (e.key, e.type)))
    offices = {tuple(normalize(o.title).split()): o.title for o in lex.offices}
    for o in lex.offices:
        if (with_commas := _with_commas(o.title)) is not None:
            offices.setdefault(with_commas, o.title)
    return LexiconTables(
        names=names,
        offices=offices,
        ranks=frozenset(tuple(normalize(r).split()) for r in lex.ranks),
        org_heads=frozenset(tuple(normalize(h).split()) for h in lex.org_heads),
        event_heads=frozenset(tuple(normalize(h).split()) for h in lex.event_heads),
        agreement_heads=frozenset(tuple(normalize(h).split()) for h in lex.agreement_heads),
        place_heads=frozenset(tuple(normalize(h).split()) for h in lex.place_heads),
        demonyms=dict(lex.demonyms),
        common=_common_words(),
        weak=frozenset(weak),
        max_len=max([len(k) for k in names] + [len(k) for k in offices] + [1]),
    )


def _with_commas(name: str) -> tuple[str, ...] | None:
    """«وزارت صنعت، معدن و تجارت», «وزیر تعاون، کار و رفاه اجتماعی»: the text keeps a comma as a word of
    its own, a name's key drops it; the key with the commas, for names and titles written with them."""
    parts = [normalize(p).split() for p in name.replace("،", ",").split(",")]
    if len(parts) < 2 or not all(parts):
        return None
    return tuple(w for p in parts for w in (*p, ","))[:-1]


@cache
def _common_words() -> frozenset[str]:
    """Frequent Persian words that are not names (hazm's word list, with their frequencies)."""
    return frozenset(w for w, (freq, _tags) in vocabulary().items() if freq >= 20_000)


# The longest office title looked up, in words («وزیر تعاون ، کار و رفاه اجتماعی», commas counted)
OFFICE_MAX = 8

# hazm's counts below which a word is more likely a transliterated name than a Persian word
RARE_COUNT = 2000

# Forms of «to be» after a word: what stands before them is said of a name, not part of it
# («اداره دامپزشکی تعطیل است», «این پیشنهاد بسیار ظریف بود»)
COPULAS = frozenset({"است", "بود", "هست", "نیست", "نبود", "باشد", "نباشد", "هستند", "بودند", "نیستند", "باشند"})


@cache
def vocabulary() -> dict[str, tuple[int, frozenset[str]]]:
    """hazm's word list: normalised word → (corpus frequency, part-of-speech tags)."""
    import hazm

    vocab: dict[str, tuple[int, frozenset[str]]] = {}
    for w, freq, tags in hazm.words_list():
        vocab[normalize(w)] = (freq, frozenset(tags))
    return vocab


def content_word(key: str) -> bool:
    """Could this word be part of a name or a modifier in a noun phrase (not a verb or function word)?"""
    entry = vocabulary().get(key)
    if key.endswith(("دن", "تن")) and len(key) > 4 and entry and "N" in entry[1]:
        return False  # infinitive («کردن», «نکردن»)
    if entry is None:
        return True  # unknown: a name or a rare word
    freq, tags = entry
    if tags == {"0"}:
        return True  # derived form (adjective in -ی, plural) hazm lists without tags
    return bool(tags & {"N", "AJ"}) and not (tags & {"V", "P", "POSTP", "CONJ", "PRO", "DET"} and freq > 500_000)


@cache
def given_names() -> frozenset[str]:
    """Given names the tagger learned from its corpus, the editors' list (``given_names.txt``) and the
    people lexicon's first names."""
    import json

    names: set[str] = set()
    path = data_path("models", "ner-crf.json")
    if path.exists():
        names |= {normalize(n) for n in json.loads(path.read_text(encoding="utf-8")).get("given_names", [])}
    listed = data_path("lexicons", "given_names.txt")
    if listed.exists():
        names |= {normalize(ln) for ln in listed.read_text(encoding="utf-8").splitlines()
                  if ln.strip() and not ln.startswith("#")}
    import hazm

    stop = {normalize(w) for w in hazm.stopwords_list()}
    for e in load_lexicon().entries:
        if e.type == "PERSON":
            first = (normalize(e.label_fa).split() or [""])[0]
            for n in e.names:
                parts = normalize(n).split()
                # the label's first word, as a name starts: not «دو» of «دو ویلپن», nor the surname that
                # starts a shorter alias («جابری انصاری», «کاظمی قمی») or a rank («حجت الاسلام …»)
                if len(parts) > 1 and parts[0] == first and parts[0] not in stop:
                    names.add(parts[0])
    # a sayyid's title is often written joined to the name: «سیداحمد», «سیدمحمدرضا»
    names |= {normalize("سید") + n for n in names if n.isalpha()}
    return frozenset(names)


def sentence_words(sentence: Sentence) -> tuple[Word, ...]:
    """The sentence's tokens as normalised words (cached: every stage walks the same sentences).

    The cache is keyed by the sentence object's identity (and holds it, so its id is not reused
    while the entry lives): hashing a frozen ``Sentence`` hashes every token (~25 µs a sentence,
    asked for by eight stages). An equal sentence that is another object gets its own, equal words.
    It keeps about one document's sentences (news articles have a few hundred at most); a larger
    cache would keep ~70 words and tokens per sentence of earlier documents alive for the cyclic
    collector to rescan at each full collection.
    """
    got = _WORDS.get(id(sentence))
    if got is None or got[0] is not sentence:
        if len(_WORDS) >= 1024:
            _WORDS.clear()
        got = _WORDS[id(sentence)] = (sentence, tuple(_sentence_words(sentence)))
    return got[1]


_WORDS: dict[int, tuple[Sentence, tuple[Word, ...]]] = {}


def _sentence_words(sentence: Sentence) -> list[Word]:
    words: list[Word] = []
    for ti, tok in enumerate(sentence.tokens):
        parts = normalize(tok.text).split()
        if not parts:  # punctuation: kept (as written) so that it bounds names and clauses
            parts = [_PUNCT.get(tok.text, tok.text)]
        for part in parts:
            words.append(Word(key=part, token=ti, lemma=tok.lemma))
    return words


# What may stand between the items of a list («یمن، لبنان و سومالی»).
LIST_GLUE = frozenset({",", "و"})

_PUNCT = {"،": ",", "؛": ";", "؟": "?", "«": '"', "»": '"'}


def lookup(table: dict | frozenset, words: Sequence[Word], i: int, max_len: int,
           plural: bool = False) -> tuple[int, tuple[str, ...]]:
    """Longest entry of ``table`` starting at word ``i``: (length in words, the entry's key); (0, ()) if none.

    A name also matches with an ezafe yeh on its last word after a vowel («آمریکای», «سخنگوی»), and,
    with ``plural``, a one-word head in the plural written without a space («مانورهای», «نشستها»).
    Answered from the sentence's ``hits`` (every finder asks about every word of the same sentence).
    """
    if type(words) is not tuple:  # a list built on the spot: worked out for the one word, not cached
        if not 0 <= i < len(words):
            return NO_MATCH
        _, gate_words, prefixes = _gate(table)
        return _lookup_keys(table, tuple(w.key for w in words), i, max_len, plural, gate_words, prefixes)
    return hits(table, words, max_len, plural).get(i, NO_MATCH)


NO_MATCH: tuple[int, tuple[str, ...]] = (0, ())
_SENTENCES: dict[int, tuple[tuple[Word, ...], dict]] = {}  # id(words) → (words, {(id(table), max_len, plural): (table, hits)})


def hits(table: dict | frozenset, words: Sequence[Word], max_len: int,
         plural: bool = False) -> dict[int, tuple[int, tuple[str, ...]]]:
    """Every word index of ``words`` where ``lookup`` finds an entry of ``table`` → what it finds.

    Worked out once per sentence and table, walking only the words that can start an entry (an
    entry's first word, with or without an ezafe yeh, or a plural when ``plural``); the finders then
    skip the other words instead of asking about each. Only a tuple of words is cached (it cannot change).
    Sentences are keyed by identity and held, so an id is not reused while its entry lives.
    """
    if type(words) is not tuple:
        return _hits(table, words, max_len, plural)
    got = _SENTENCES.get(id(words))
    if got is None or got[0] is not words:
        if len(_SENTENCES) > 512:
            _SENTENCES.clear()
        got = _SENTENCES[id(words)] = (words, {})
    key = (id(table), max_len, plural)
    found = got[1].get(key)
    if found is None or found[0] is not table:  # the table is held too: its id is not reused either
        found = got[1][key] = (table, _hits(table, words, max_len, plural))
    return found[1]


_GATES: dict[int, tuple[object, frozenset[str], frozenset[tuple[str, ...]]]] = {}


def _gate(table: dict | frozenset) -> tuple[object, frozenset[str], frozenset[tuple[str, ...]]]:
    """(the table, the words a lookup tries: an entry's first word with or without an ezafe
    yeh, every proper prefix of an entry), worked out once per table (tables live as long as the
    process; each is held, so its id is not reused)."""
    gate = _GATES.get(id(table))
    if gate is None or gate[0] is not table:
        starts = frozenset(k[0] for k in table if k)
        prefixes = frozenset(k[:j] for k in table for j in range(1, len(k)))
        gate = _GATES[id(table)] = (table, starts | {s + "ی" for s in starts}, prefixes)
    return gate


def _hits(table: dict | frozenset, words: Sequence[Word], max_len: int,
          plural: bool) -> dict[int, tuple[int, tuple[str, ...]]]:
    _, gate_words, prefixes = _gate(table)
    keys = tuple(w.key for w in words)  # once per sentence, not once per word tried
    out: dict[int, tuple[int, tuple[str, ...]]] = {}
    for i, k in enumerate(keys):
        if k in gate_words or (plural and k.endswith(("ها", "های"))):
            got = _lookup_keys(table, keys, i, max_len, plural, gate_words, prefixes)
            if got[0]:
                out[i] = got
    return out


def _lookup_keys(table: dict | frozenset, keys: tuple[str, ...], i: int, max_len: int, plural: bool,
                 gate_words: frozenset[str], prefixes: frozenset[tuple[str, ...]]) -> tuple[int, tuple[str, ...]]:
    """``lookup`` worked out for word ``i`` (``0 <= i < len(keys)``) from the sentence's keys. It stops
    lengthening the candidate once it is no proper prefix of an entry: no longer candidate (nor its
    form without an ezafe yeh, which shares the candidate's words) can then be an entry."""
    first = keys[i]
    if first not in gate_words:
        stem = plural_stem(first) if plural else None
        return (1, (stem,)) if stem and (stem,) in table else NO_MATCH
    best: tuple[int, tuple[str, ...]] = NO_MATCH
    for n in range(1, min(len(keys) - i, max_len) + 1):
        cand = keys[i:i + n]
        if cand in table:
            best = (n, cand)
        else:
            last = cand[-1]
            if len(last) > 3 and last.endswith("ی") and last[-2] in "او":  # «گروهی» is «a group», no ezafe
                bare = (*cand[:-1], last[:-1])
                if bare in table:
                    best = (n, bare)
        if cand not in prefixes:
            break
    return best


def plural_stem(word: str, people: bool = False) -> str | None:
    """«مانورهای» → «مانور», «نشستها» → «نشست»; with ``people``, also the plural of persons in «ان»
    («شاگردان» → «شاگرد», «آمریکاییان» → «آمریکایی»); None when ``word`` has no plural suffix."""
    for suffix in ("های", "ها", "ان") if people else ("های", "ها"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return None


def longest(table: dict | frozenset, words: Sequence[Word], i: int, max_len: int, plural: bool = False) -> int:
    return lookup(table, words, i, max_len, plural)[0]


@dataclass
class Span:
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


def name_word(w: Word, idx: LexiconTables, rules: MentionRules) -> bool:
    """Could this word be part of a personal name (the per-word test of ``_name_after``)?"""
    return (w.key not in rules.breakers and w.key.isalpha() and "#" not in w.lemma
            and (w.key,) not in idx.offices and (w.key,) not in idx.org_heads and (w.key,) not in idx.ranks
            and content_word(w.key))


def light_verb(key: str, rules: MentionRules) -> bool:
    """A light verb, also negated or continuous («دارد», «ندارد», «می‌کند», «نمی‌شود»)."""
    for prefix in ("", "ن", "می", "نمی"):
        if key.startswith(prefix) and key[len(prefix):] in rules.light_verbs:
            return True
    return False


def determiner_before(words: Sequence[Word], i: int, rules: MentionRules) -> bool:
    """Is word ``i`` preceded by a demonstrative used as a determiner («در این نشست»), not as a pronoun
    («پس از آن نشست …», «علاوه بر این …»: after «از» or «بر» it stands for what was said before)?"""
    return i > 0 and words[i - 1].key in rules.demonstratives and not (i > 1 and words[i - 2].key in PRONOUN_AFTER)


def refers_back(words: Sequence[Word], i: int, h: int, rules: MentionRules) -> bool:
    """Does the head noun at ``i`` (``h`` words) point back to something named before: a demonstrative
    before it («این نشست») or a referring adjective after it («همایش مذکور», «نشست یادشده»)?"""
    k = i + h
    return determiner_before(words, i, rules) or (
        k < len(words) and words[k].key in rules.referring_adjectives
        and (k + 1 == len(words) or words[k + 1].token != words[k].token))  # not «فوق» of «فوق‌العاده»


PRONOUN_AFTER = frozenset({"از", "بر"})  # «پس از آن», «علاوه بر این»: the demonstrative is a pronoun


def closing_quote(words: Sequence[Word], j: int) -> int | None:
    """Index of the quote closing the one at ``j`` within five words, if the quoted words can be a name."""
    for k in range(j + 1, min(j + 7, len(words))):
        if words[k].key == '"':
            return k if k > j + 1 else None
        if not words[k].key.replace("-", "").isalnum():
            return None
    return None


def opening_quote(words: Sequence[Word], j: int) -> bool:
    """Does a quote open at ``j``? «'s are written as such; a plain " opens when an even number precede it."""
    if words[j].key != '"':
        return False
    if words[j].lemma in ("«", "»"):
        return words[j].lemma == "«"
    return sum(w.key == '"' for w in words[:j]) % 2 == 0

