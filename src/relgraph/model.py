"""Plain typed records passed between relgraph's stages; no logic beyond trivial helpers.

``Document`` (what was read) → ``AnnotatedDoc`` (sentences, tokens with original offsets) →
``Mention`` (a typed span) → ``Entity`` / ``Relation`` grouped in ``DocFacts`` (what the RDF,
the facts JSON and the analysis are built from).

All character offsets are into ``Document.text`` exactly as read (before any normalisation),
end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "ENTITY_TYPES",
    "TIE_TYPES",
    "AnnotatedDoc",
    "DocFacts",
    "Document",
    "Entity",
    "EntityType",
    "Evidence",
    "Mention",
    "Quantity",
    "Relation",
    "Sentence",
    "TimeExpr",
    "Token",
    "Word",
]

EntityType = Literal["STATE", "PERSON", "ORG", "LOC", "EVENT", "AGREEMENT"]
ENTITY_TYPES: tuple[str, ...] = ("STATE", "PERSON", "ORG", "LOC", "EVENT", "AGREEMENT")
TIE_TYPES: tuple[str, ...] = (
    "POSITION", "MEMBER", "PARTICIPATE", "LOCATED", "TOPIC",
    "VISIT", "MEET", "INVITE", "AGREEMENT", "STATEMENT", "SUPPORT", "COOPERATE",
    "REQUEST", "CRITICIZE", "REJECT", "THREATEN", "SANCTION", "CONFLICT", "OTHER",
)


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read. ``text`` is title, lead and body joined by blank lines."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # raw date string as given by the source, e.g. "1391/12/26"
    source: str | None = None  # outlet, e.g. "farsnews.ir"
    url: str | None = None
    path: str | None = None  # file it came from (and ":line" for JSON Lines)


@dataclass(frozen=True, slots=True)
class Token:
    """A word token: normalised form, lemma, and its span in the original text."""

    text: str  # normalised (hazm) surface form
    start: int
    end: int
    lemma: str


@dataclass(frozen=True, slots=True)
class Word:
    """One normalised word of a sentence with the token it belongs to (ZWNJ splits a token in words)."""

    key: str
    token: int
    lemma: str


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A date found in text. ``value`` is ISO: '2019-07-02', '2018-11' or '2018'."""

    start: int
    end: int
    text: str
    value: str
    precision: Literal["day", "month", "year"]
    calendar: Literal["gregorian", "jalali"] = "gregorian"


@dataclass(frozen=True, slots=True)
class AnnotatedDoc:
    doc: Document
    sentences: tuple[Sentence, ...]
    doc_date: TimeExpr | None = None  # publication date from Document.date, when it parses


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed span of text that names (or refers to) an entity."""

    start: int
    end: int
    text: str  # the original text at [start:end]
    type: str  # one of ENTITY_TYPES
    sentence: int
    method: str  # "lexicon", "pattern:office", "crf", "coref", ...
    confidence: float
    key: str | None = None  # lexicon key when linked (e.g. "state:AZE", "org:un")
    role: str | None = None  # for office mentions, e.g. "وزیر دفاع"
    head: str | None = None  # normalised canonical form used to group mentions
    state: str | None = None  # key of the state an office / organisation phrase names («وزیر دفاع بلاروس»)


@dataclass(frozen=True, slots=True)
class Entity:
    """An entity of one document, with all its mentions.

    ``key`` is stable across documents and runs (lexicon key, or type + normalised name) and is
    what the RDF IRI is made from; ``id`` is the document-local id used in the facts JSON ("e1").
    """

    id: str
    key: str
    type: str
    label: str  # Persian label (normalised)
    mentions: tuple[Mention, ...]
    label_en: str | None = None
    wikidata: str | None = None  # "Q227"
    office: str | None = None  # PERSON: office title as written, e.g. "وزیر دفاع"
    state: str | None = None  # key of the state this person / org belongs to, when known
    # Literal attributes stated in the text, e.g. ("subject", "عرضه سلاح ..."), ("principle", "...").
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    doc: str
    sentence: int
    start: int
    end: int
    text: str
    method: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Relation:
    """A tie between two entities of one document (``source`` acts on ``target``)."""

    type: str  # one of TIE_TYPES
    source: str  # Entity.id
    target: str  # Entity.id
    evidence: Evidence
    date: str | None = None  # ISO 8601: "2019-07-02", "2018-11", "2018"
    place: str | None = None  # Entity.id of a LOC/STATE where it happened
    cameo: str | None = None
    plover: str | None = None
    trigger: str | None = None  # the trigger lemma / pattern id that fired
    modality: Literal["asserted", "planned", "negated", "reported"] = "asserted"
    speaker: str | None = None  # Entity.id of who said it, for reported speech
    role: str | None = None  # finer role when the type is coarse: "occasion", "invited_by", "host"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number the text states as a fact ("5,567 نفر", "0.1٪")."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None
    sentence: int
    subject: str | None = None  # Entity.id it is about, when known


@dataclass(frozen=True, slots=True)
class DocFacts:
    """Everything relgraph extracted from one document."""

    doc: Document
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    times: tuple[TimeExpr, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    sentences: tuple[tuple[int, int], ...] = field(default=())  # (start, end) of each sentence
