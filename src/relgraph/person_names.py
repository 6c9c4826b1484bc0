"""Personal names the lexicons do not list, found by what stands around them: an office title
(«وزیر خارجه ترکیه مولود چاووش‌اوغلو», «"جک استرا" وزیر امور خارجه انگلیس»), an appositive
(«"ماریا بوتینا"، شهروند روسیه») or a rank («ژنرال X»); names in quotes alone are
``relgraph.quoted_names``'s. A listed surname after another given name is someone else («اسماعیل جلیلی»).
"""

from __future__ import annotations

from collections.abc import Sequence

from relgraph.lexicon import load_lexicon, normalize
from relgraph.lexmatch import (
    LIST_GLUE,
    NO_MATCH,
    OFFICE_MAX,
    RARE_COUNT,
    LexiconTables,
    MentionRules,
    Span,
    closing_quote,
    content_word,
    given_names,
    hits,
    lexicon_tables,
    light_verb,
    lookup,
    name_word,
    plural_stem,
    vocabulary,
)
from relgraph.model import Word
from relgraph.phrases import find
from relgraph.quoted_names import kind_before_quotes


def other_given_name(words: Sequence[Word], i: int, key: str) -> bool:
    """Is the word before a listed surname a given name that none of the listed person's names holds?"""
    if i == 0 or words[i - 1].key not in given_names() or (words[i - 1].key,) in lexicon_tables().org_heads:
        return False  # «دولت ترامپ» is Trump's government, though «دولت» is a given name too
    entry = load_lexicon().by_key.get(key)
    names = " ".join(normalize(n) for n in entry.names) if entry else ""
    before = words[i - 1].key
    joined = (words[i - 2].key + before) if i > 1 else before  # «محمد جواد» written for «محمدجواد»
    return before not in names.split() and not any(before in w or joined in w for w in names.split())


def _state_at(words: Sequence[Word], i: int, lex_spans: list[Span]) -> Span | None:
    for sp in lex_spans:
        if sp.start_w == i and sp.type in ("STATE", "ORG"):
            return sp
    return None


def _place_at(lex: list[Span], i: int) -> Span | None:
    """The place named at word ``i`` (a local office's seat: «فرماندار [سیرجان]»), if any."""
    return next((sp for sp in lex if sp.start_w == i and sp.type == "LOC"), None)


_POSTPOSITIONS = frozenset({"را"})  # «… مشهد را ترک کرد»: the place is the verb's object, not the seat


def _name_after(words: Sequence[Word], i: int, idx: LexiconTables, rules: MentionRules, taken: set[int],
                certain: bool = False) -> int:
    """Length of a plausible personal name starting at word ``i`` (0 if none).

    Up to four words that are not verbs, function words, offices or organisation heads; at least one
    of them must be a known given name or a word outside hazm's vocabulary (surnames mostly are).
    ``certain``: only a name can follow (a cleric's rank), so everyday words may make it («نجات
    فیاضی», «رضا جوکار»); only trailing adverbs («صبح») are dropped.
    """
    n = 0
    while i + n < len(words) and n < 4:
        w = words[i + n]
        if (i + n) in taken or w.key in rules.breakers or not w.key.isalpha() or "#" in w.lemma:
            break
        if (w.key,) in idx.offices or (w.key,) in idx.org_heads or not content_word(w.key):
            break
        if (w.key,) in idx.ranks and lookup(idx.offices, words, i + n, OFFICE_MAX)[0] > 1:
            break  # «… رضایی امام جمعه زیراب»: a rank that starts an office title ends the name
        after = words[i + n + 1] if i + n + 1 < len(words) else None
        if after is not None and after.token == w.token and after.key in ("ای", "ها", "های"):
            break  # «نامه‌ای», «کشورها»: a common noun, indefinite or plural, is no part of a name
        if certain and n and lookup(idx.offices, words, i + n, OFFICE_MAX)[0]:
            break
        if certain and n and after is not None and after.token != w.token and light_verb(after.key, rules):
            break  # «… جوکار خاطرنشان کرد»: where everyday words may name, a light verb's noun ends it
            # (elsewhere a surname does stand before «شد»: «آقای حسن کاظمی شد»)
        n += 1
    vocab, given = vocabulary(), given_names()
    if certain:
        while n > 1 and ("ADV" in vocab.get(words[i + n - 1].key, (0, frozenset()))[1] or (
                vocab.get(words[i + n - 1].key, (0,))[0] >= RARE_COUNT and words[i + n - 1].key not in _SURNAME_PARTS
                and not all(words[i + k].key in given for k in range(n - 1)))):
            n -= 1  # «محمدی نماز جمعه …»: after a surname an everyday noun is what follows the name
        return n
    while n and not any(words[i + k].key in given or (words[i + k].key not in vocab and not _with_clitic(words[i + k].key))
                        for k in range(n)):
        n -= 1
    # drop trailing adjectives/common words after the surname («حسنوف» «به» is stopped above)
    # (but a surname in «ی» right after a given name stays: «رمضان جعفری», «حسن رضوانی»)
    while n > 1 and words[i + n - 1].key in idx.common and words[i + n - 1].key not in given and not (
            n == 2 and words[i].key in given and words[i + 1].key.endswith("ی") and words[i + 1].token != words[i].token) \
            and words[i + n - 1].token != words[i + n - 2].token:  # «سعیدی‌فر» is one written word: no cut inside
        n -= 1
    return n


_NOT_SURNAME_ENDINGS = ("ی", "ان", "ها", "های", "گان")
_CLITICS = ("ش", "یش", "اش", "شان")  # not «م», «ت»: foreign surnames end so («هولت», «دوستم»)


def _with_clitic(key: str) -> bool:
    """A known word with a pronoun clitic («حواسش», «پاهایش», «انگشتانش»): no surname, though hazm's
    vocabulary lacks the whole form."""
    vocab = vocabulary()
    for c in _CLITICS:
        stem = key[: -len(c)]
        if key.endswith(c) and len(stem) >= 3 and (stem in vocab or any(
                stem.endswith(p) and len(stem) > len(p) + 1 and stem[: -len(p)] in vocab for p in ("های", "ها"))):
            return True
    return False


def _looks_like_name(name: Sequence[Word]) -> bool:
    """After a title, a name starts with a known given name, or ends in a word hazm does not know that
    is no adjective or plural («حسنوف», not «کشتیرانی», «صادرکنندگان», «پارلمانی»)."""
    last, vocab = name[-1].key, vocabulary()
    if name[0].key in given_names():
        return True
    if len(name) > 1 and vocab.get(name[0].key, (0,))[0] >= RARE_COUNT:
        return False  # «مدیر کل [حفاظت محیط زیست] …»: a common noun opens the title's own words
    return last not in vocab and not last.endswith(_NOT_SURNAME_ENDINGS)


def _inside_name(words: Sequence[Word], i: int, n: int) -> bool:
    """«احمد امیر کامدار», «احسان حاج صفی»: a one-word title or rank right after a given name (that does
    not follow another given name) and before a word is part of the name, not a title of its own."""
    return (n == 1 and 0 < i < len(words) - 1 and words[i - 1].key in given_names()
            and words[i + 1].key.isalpha()
            and (i < 2 or not words[i - 2].key.isalpha() or words[i - 2].key not in given_names()))


def office_spans(words: Sequence[Word], idx: LexiconTables, rules: MentionRules, lex: list[Span]) -> list[Span]:
    """«[rank] name، office [of state]» and «office [of state] [rank] name» → PERSON with role/state."""
    spans: list[Span] = []
    taken = {k for sp in lex for k in range(sp.start_w, sp.end_w) if sp.type in ("STATE", "LOC", "ORG")}
    offices = hits(idx.offices, words, OFFICE_MAX)  # type: ignore[arg-type]
    ranks = hits(idx.ranks, words, 4)
    i = 0
    while i < len(words):
        n, found = offices.get(i, NO_MATCH)
        if not n or _inside_name(words, i, n):
            i += 1
            continue
        title = idx.offices[found]
        j = i + n
        if j + 2 < len(words) and words[j].key == "و" and words[j + 1].key.isalpha() and j + 1 not in offices \
                and not _state_at(words, j, lex) and getattr(_state_at(words, j + 2, lex), "type", None) == "STATE":
            title, j = f"{title} و {words[j + 1].key}", j + 2  # «وزیر تجارت و بازرگانی فرانسه»: one office
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
        while j in ranks:
            j += ranks[j][0]
        before = _name_before(words, i, idx, rules, lex, taken)
        if isinstance(before, Span):  # a listed person right before the title: «ترامپ رئیس جمهور آمریکا»
            if before.role is None:  # not one already named after a title of their own («… ظریف، وزیر …»)
                before.role, before.state = title, state or before.state
        elif before:
            spans.append(Span(before[0], before[1], "PERSON", "pattern:office", 0.75, role=title, state=state))
            taken.update(range(*before))
            i = j
            continue
        if j + 1 < len(words) and words[j].key == "," and not before:
            # «رئیس جمهور اکوادور، رافائل کورآ، از …»: the name set off by commas after the title
            k = j + 1
            listed = next((sp for sp in lex if sp.start_w == k and sp.type == "PERSON"), None)
            n_name = (listed.end_w - k) if listed else _name_after(words, k, idx, rules, taken)
            if n_name and k + n_name < len(words) and words[k + n_name].key == "," and (
                    listed or _looks_like_name(words[k : k + n_name])):
                if listed:
                    listed.role, listed.state = title, state or listed.state
                else:
                    spans.append(Span(k, k + n_name, "PERSON", "pattern:office", 0.75, role=title, state=state))
                    taken.update(range(k, k + n_name))
                i = k + n_name
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
            spans.append(Span(j, j + name_len, "PERSON", "pattern:office", 0.8, role=title, state=state))
            taken.update(range(j, j + name_len))  # the next title's name-before must not take it again
            i = j + name_len
        elif state:  # role-only office holder, specific enough: «وزیر دفاع بلاروس»
            spans.append(Span(i, j, "PERSON", "pattern:office", 0.6, role=title, state=state, container=True))
            i = j
        elif normalize(title) in rules.place_offices and (place := _place_at(lex, j)) is not None and not (
                place.end_w < len(words) and words[place.end_w].key in _POSTPOSITIONS):
            # «امام جمعه بابل گفت»: an office held in a place, written without a name; coreference may
            # find the holder named in the next sentences
            spans.append(Span(i, place.end_w, "PERSON", "pattern:role", 0.6, role=title, container=True))
            i = place.end_w
        else:
            i = j
    return spans


def _plural_of_noun(key: str, vocab: dict) -> bool:  # type: ignore[type-arg]
    """«شاگردان», «مردم‌ها»: a known noun in the plural («اسلوبودان», «رضوان» have no such stem)."""
    return key not in given_names() and plural_stem(key, people=True) in vocab


def _name_before(words: Sequence[Word], i: int, idx: LexiconTables, rules: MentionRules, lex: list[Span],
                 taken: set[int]) -> Span | tuple[int, int] | None:
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
        quoted = next((sp for sp in lex if sp.start_w == start and sp.end_w == end and sp.type == "PERSON"), None)
        if quoted:
            return quoted  # «"ناصر کنعانی" سخنگوی …»: a listed person in quotes
        if kind_before_quotes(words, opening, idx, rules):
            return None  # «شبکه "روسیا الیوم"، نخست‌وزیر …»: the network's name, not the official's
    else:
        start = end = k
        while start > 0 and end - start < 5 and name_word(words[start - 1], idx, rules) and start - 1 not in taken:
            start -= 1
        if not 1 <= end - start <= 4 or (start and words[start - 1].key.isalpha()
                                         and words[start - 1].key not in rules.breakers):
            return None
        vocab = vocabulary()
        while end - start > 2 and _plural_of_noun(words[start].key, vocab) and (
                words[start + 1].key not in vocab or words[start + 1].key in given_names()):
            start += 1  # «شاگردان اسلوبودان کواچ»: «the players of» X, not part of X's name
        trimmed = False
        while end - start > 2 and vocab.get(words[start].key, (0,))[0] >= RARE_COUNT \
                and words[start].key not in given_names():
            start, trimmed = start + 1, True  # «در انتظار حکم اورلاندو آلوارز قاضی …»: common nouns before X
        keys = [w.key for w in words[start:end]]
        if trimmed and any(k in vocab for k in keys):
            return None  # after a noun phrase, only a name of words hazm never met is surely one
        plural = any(k.endswith(("ها", "های")) or (k.endswith("ان") and not k.endswith("یان") and (
            len(keys) == 1 or _plural_of_noun(k, vocab))) for k in keys)  # «دستیاران», «وزیران …»; not «-یان»
        if words[start].key not in given_names() and (plural or 2 * sum(k not in vocab for k in keys) < len(keys)):
            return None  # unquoted: a given name first, or mostly unknown words and no plural
    if any(w in taken for w in range(start, end)) or _name_after(words, start, idx, rules, taken) != end - start:
        return None
    return start, end


def appositive_spans(words: Sequence[Word], idx: LexiconTables, rules: MentionRules, found: list[Span]) -> list[Span]:
    """A name right before a noun that says who the person is («"ماریا بوتینا"، شهروند روسیه»)."""
    spans: list[Span] = []
    taken = {k for sp in found for k in range(sp.start_w, sp.end_w)}
    for i, _j in find(words, rules.appositives):
        got = _name_before(words, i, idx, rules, [], taken)
        if isinstance(got, tuple):
            spans.append(Span(got[0], got[1], "PERSON", "pattern:office", 0.7))
            taken.update(range(*got))
    return spans


_SURNAME_PARTS = frozenset({"فرد", "مقدم", "زاده", "پور", "نژاد", "راد"})


def rank_spans(words: Sequence[Word], idx: LexiconTables, rules: MentionRules, found: list[Span]) -> list[Span]:
    """«ژنرال X», «سرلشکر X», «آیت‌الله X»: a rank or honorific followed by a name is a person."""
    spans: list[Span] = []
    taken = {k for sp in found for k in range(sp.start_w, sp.end_w)}
    ranks, offices = hits(idx.ranks, words, 4), hits(idx.offices, words, OFFICE_MAX)
    i = 0
    while i < len(words):
        n = ranks.get(i, NO_MATCH)[0] if i not in taken else 0
        if not n or _inside_name(words, i, n) or offices.get(i, NO_MATCH)[0] > n:  # «امام جمعه …» is an office
            i += 1
            continue
        if (i + n < len(words) and words[i + n].token == words[i + n - 1].token) or (
                i and words[i - 1].key in rules.shrine_heads):
            i += n  # «امام‌زاده»: the rank is the first part of another word; «امامزاده سید …»: a shrine's name
            continue
        j = i + n
        while j in ranks:
            j += ranks[j][0]
        certain = " ".join(w.key for w in words[i:j]) in rules.certain_ranks
        quoted = j < len(words) and words[j].key == '"'  # «ژنرال "جان کین"»
        j += quoted
        if quoted:  # the closing quote ends the name; its words need only be words, not verbs
            close = closing_quote(words, j - 1)
            name_len = close - j if close is not None and not taken.intersection(range(j, close)) \
                and all("#" not in w.lemma for w in words[j:close]) else 0
        else:
            name_len = _name_after(words, j, idx, rules, taken, certain) if j not in taken else 0
        if name_len and not quoted and not certain and all(w.key not in given_names() and (
                w.key in vocabulary() or (w.key.endswith("ی") and w.key[:-1] in vocabulary()))
                for w in words[j : j + name_len]):
            name_len = 0  # «بر سر برنامه موشکی»: words and adjectives of words, no name after «سر»
        if name_len:
            # «امام حسین», «حضرت زهرا»: a given name alone after such a title is known with it
            start = j - 1 if name_len == 1 and words[j - 1].key in rules.name_titles \
                and words[j].key in given_names() else j  # «حضرت امام حسین» → «امام حسین»
            spans.append(Span(start, j + name_len, "PERSON", "pattern:office", 0.7))
            taken.update(range(j, j + name_len))
        i = j + max(name_len, 0) or i + 1
    return spans


def org_office_spans(words: Sequence[Word], idx: LexiconTables, rules: MentionRules, found: list[Span]) -> list[Span]:
    """«عضو مجمع ملی عراق … هشدار داد», «رئیس بنیاد نخبگان استان یزد … اظهار داشت»: an office title
    followed by an organisation, with no name beside it, is an office holder written as a role (the
    organisation is where the office is held). Coreference may find the holder named later."""
    spans: list[Span] = []
    taken = {k for sp in found for k in range(sp.start_w, sp.end_w)}
    persons = [sp for sp in found if sp.type == "PERSON"]
    ranks = hits(idx.ranks, words, 4)
    titles = {i: (n, idx.offices[match]) for i, (n, match) in hits(idx.offices, words, OFFICE_MAX).items() if n}
    for i, j in find(words, rules.org_roles):
        titles.setdefault(i, (j - i, " ".join(w.key for w in words[i:j])))
    for i, (n, title) in sorted(titles.items()):
        if i in taken:
            continue
        org = next((sp for sp in found if sp.start_w == i + n and sp.type == "ORG"), None)
        if org is None:
            continue
        j = org.end_w + (org.end_w < len(words) and words[org.end_w].key == ",")
        while j in ranks:
            j += ranks[j][0]
        if any(p.start_w == j or p.end_w == i or (p.end_w == i - 1 and words[i - 1].key == ",") for p in persons):
            continue  # a name beside the title: that person holds it
        state = next((sp.key for sp in found if sp.type == "STATE" and org.start_w <= sp.start_w
                      and sp.end_w <= org.end_w), None)
        spans.append(Span(i, org.end_w, "PERSON", "pattern:role", 0.6, role=title,
                          state=state, container=True))
        taken.update(range(i, org.end_w))
    return spans


def listed_people(words: Sequence[Word], kept: list[Span], idx: LexiconTables, rules: MentionRules) -> list[Span]:
    """«علی عموری، بختیار رحمانی، شهریار شیروند و میلاد جهانی از …»: in a list of people, an item of two
    or three name words that starts with a given name is a person too, though neither the tagger nor a
    lexicon found it, or a lexicon read its first word alone as a town («شهریار») or a listed namesake
    («بختیار»). A person must stand right before it or right after it in the list (not «خانواده شهدا»,
    «تهذیب الاصول»: without a given name first, the items of a list of names are too often books,
    places or offices)."""
    people = [sp for sp in kept if sp.type == "PERSON" and sp.role is None]  # names, not «دادستان کل کشور»
    if len(people) < 2:
        return []
    given = given_names()
    ends, starts = {sp.end_w for sp in people}, {sp.start_w for sp in people}
    covered = {w: sp for sp in kept for w in range(sp.start_w, sp.end_w)}

    def free(j: int) -> bool:
        sp = covered.get(j)
        return sp is None or (sp.method == "lexicon" and sp.end_w - sp.start_w == 1 and sp.type in ("LOC", "PERSON")
                              and sp.start_w == j)

    out: list[Span] = []
    i = 1
    while i < len(words):
        if words[i - 1].key not in LIST_GLUE or not free(i) or words[i].key not in given:
            i += 1
            continue
        j = i + 1
        while j < len(words) and j - i < 3 and free(j) and words[j].key not in LIST_GLUE \
                and name_word(words[j], idx, rules):
            j += 1
        closed = j == len(words) or words[j].key in LIST_GLUE or words[j].key == "از" or not words[j].key.isalpha()
        beside = (i - 1 in ends) or (i - 2 in ends and words[i - 2].key in LIST_GLUE) or (
            j + 1 in starts and j < len(words) and words[j].key in LIST_GLUE)
        if j - i >= 2 and closed and beside:
            out.append(Span(i, j, "PERSON", "pattern:list", 0.6))
            i = j
            continue
        i += 1
    return out
