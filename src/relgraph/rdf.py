"""DocFacts → an rdflib Dataset with one named graph per document, its files, and SHACL checks.

Why it is built this way:

* IRIs come from content (lexicon keys, or SHA-1 of keys and fields) and no blank nodes are made,
  so the same input gives the same graph, and the same entity in two documents is one node.
* rdflib's TriG and JSON-LD writers iterate over unordered sets; ``write_outputs`` therefore writes
  TriG itself from rdflib's (sorted) Turtle of each graph and canonicalises the JSON-LD, so
  repeated builds are byte-identical whatever ``PYTHONHASHSEED`` is.
* The terms and their meaning live in ``ontology/relgraph.ttl``; ``ontology/shapes.ttl`` says what
  a well-formed graph is, and ``validate`` checks it with pyshacl and RDFS inference.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from datetime import date as _date
from decimal import Decimal
from functools import lru_cache
from typing import Protocol

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SDO, TIME

from relgraph import __version__
from relgraph.dates import parse_doc_date
from relgraph.model import DocFacts, Entity, Quantity, Relation, TimeExpr
from relgraph.rdf_files import load_dataset, named_graphs, new_dataset, write_outputs
from relgraph.rdf_shacl import ShapeReport, validate
from relgraph.vocab import REL, RID, TIE_CLASS, WD, graph_iri, rid

__all__ = [
    "ShapeReport",
    "add_build_activity",
    "add_doc_facts",
    "build_dataset",
    "doc_graph_iri",
    "doc_iri",
    "doc_triples",
    "dyad_iri",
    "entity_iri",
    "key_iri",
    "load_dataset",
    "new_dataset",
    "quad_class",
    "validate",
    "write_outputs",
]

log = logging.getLogger(__name__)

ENTITY_CLASS: dict[str, URIRef] = {
    "STATE": REL.State, "PERSON": REL.Person, "ORG": REL.Organization,
    "LOC": REL.Location, "EVENT": REL.Event, "AGREEMENT": REL.Agreement,
}
ENTITY_KIND: dict[str, str] = {
    "STATE": "state", "PERSON": "person", "ORG": "org", "LOC": "loc", "EVENT": "event", "AGREEMENT": "agreement",
}
# Attribute names with a property of their own; any other name becomes a rel:Attribute node.
ATTRIBUTE_PROPERTY: dict[str, URIRef] = {"subject": REL.subject, "principle": REL.principle}

# rdflib's namespaces answer attribute access through a checked __getattr__ (microseconds each);
# these two are used for nearly every node of every document graph.
_TYPE, _LABEL = RDF.type, RDFS.label
_LINKED_KEY = re.compile(r"^([a-z][a-z0-9_]*):([A-Za-z0-9][A-Za-z0-9_.-]*)$")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_DATE_TIME_PROPERTY = {XSD.date: TIME.inXSDDate, XSD.gYearMonth: TIME.inXSDgYearMonth, XSD.gYear: TIME.inXSDgYear}


def _hash(*parts: object) -> str:
    """Short stable id from content (12 hex digits of SHA-1 over the parts' reprs)."""
    return hashlib.sha1("\x1f".join(map(repr, parts)).encode("utf-8")).hexdigest()[:12]


# --- IRIs --------------------------------------------------------------------------------------


def key_iri(key: str, entity_type: str | None = None) -> URIRef:
    """IRI of an entity key: ``state:AZE`` → ``rid:state/AZE``; other keys → ``rid:{kind}/{sha1(key)[:12]}``.

    A key counts as a lexicon link when it is ``prefix:ascii-id``; anything else (type + a Persian
    name, say) is hashed under the kind of ``entity_type`` (or the key's own prefix).
    """
    m = _LINKED_KEY.match(key)
    if m:
        return RID[f"{m.group(1)}/{m.group(2)}"]
    kind = ENTITY_KIND.get(entity_type or "")
    if kind is None:
        prefix = key.split(":", 1)[0].lower()
        kind = prefix if re.fullmatch(r"[a-z][a-z0-9_]*", prefix) else "entity"
    return RID[f"{kind}/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"]


def entity_iri(entity: Entity) -> URIRef:
    """IRI of an entity, from its cross-document ``key`` (so one entity is one node everywhere)."""
    return key_iri(entity.key, entity.type)


def doc_graph_iri(doc_id: str) -> URIRef:
    """Named graph of a document: ``https://w3id.org/relgraph/graph/{doc-id, percent-encoded}``."""
    return graph_iri(doc_id)


def doc_iri(doc_id: str) -> URIRef:
    """The rel:Document node of a document: ``rid:doc/{doc-id, percent-encoded}``."""
    return rid("doc", doc_id)


# --- literals ----------------------------------------------------------------------------------


def _date_literal(value: str, where: str) -> Literal:
    """ISO '2019-07-02' / '2018-11' / '2018' → xsd:date / xsd:gYearMonth / xsd:gYear."""
    m = _ISO_DATE.match(value.strip())
    try:
        if m and m.group(3):
            _date.fromisoformat(value.strip())
            return Literal(value.strip(), datatype=XSD.date)
        if m and m.group(2):
            if not 1 <= int(m.group(2)) <= 12:
                raise ValueError(value)
            return Literal(value.strip(), datatype=XSD.gYearMonth)
        if m:
            return Literal(value.strip(), datatype=XSD.gYear)
    except ValueError:
        pass
    raise ValueError(f"{where}: date {value!r} is not ISO 8601 like 2019-07-02, 2018-11 or 2018; fix the extractor")


@lru_cache(maxsize=65536)
def _decimal(x: float) -> Literal:
    """xsd:decimal with a plain lexical form ('0.9', '5567.0'), never exponent notation (cached, as
    ``_int``: building a typed rdflib Literal parses its value, and offsets and confidences repeat)."""
    text = format(Decimal(repr(float(x))), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


@lru_cache(maxsize=65536)
def _text(value: str, lang: str | None = None) -> Literal:
    """A plain or language-tagged string literal, cached like ``_int``: names, labels, methods, tie
    types and units recur across documents, and a new Literal checks its value and datatype in
    Python (about 5 µs); the same object back also makes the term memo of ``relgraph.rdf_stream``
    find it by identity instead of by rdflib's Python ``__eq__``. Not for sentence texts (unique)."""
    return Literal(value, lang=lang)


@lru_cache(maxsize=65536)
def _int(x: int) -> Literal:
    return Literal(int(x), datatype=XSD.integer)


def quad_class(cameo: str | None) -> int | None:
    """CAMEO root → quad class: 01-05 verbal coop 1, 06-09 material coop 2, 10-14 verbal conflict 3, 15-20 4."""
    if not cameo or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    for bound, quad in ((5, 1), (9, 2), (14, 3), (20, 4)):
        if 1 <= root <= bound:
            return quad
    return None


# --- DocFacts → graph --------------------------------------------------------------------------


def add_doc_facts(ds: Dataset, facts: DocFacts) -> Graph:
    """Write one document's facts into its own named graph of ``ds`` (replacing an earlier one)."""
    gid = doc_graph_iri(facts.doc.id)
    ds.remove_graph(gid)
    g = ds.graph(gid)
    doc_triples(g, facts)
    return g


class TripleSink(Protocol):
    """What ``doc_triples`` writes into: an rdflib Graph, or any collector with ``add(triple)``."""

    def add(self, triple: tuple[URIRef, URIRef, URIRef | Literal], /) -> object: ...


def doc_triples(g: TripleSink, facts: DocFacts) -> None:
    """Add one document's triples to ``g`` (the one place that decides what a document graph holds;
    ``relgraph.rdf_stream`` passes a plain collector, skipping an rdflib store per document)."""
    doc = facts.doc
    dnode = doc_iri(doc.id)
    g.add((dnode, _TYPE, REL.Document))
    g.add((dnode, REL.docId, Literal(doc.id)))
    if doc.title:
        g.add((dnode, DCTERMS.title, Literal(doc.title, lang="fa")))
    if doc.date:
        g.add((dnode, REL.publishedRaw, Literal(doc.date)))
        parsed = parse_doc_date(doc.date)  # Jalali and Persian dates too; None when it does not parse
        if parsed is not None:
            g.add((dnode, REL.published, _date_literal(parsed.value, f"document {doc.id}: date {doc.date!r}")))
    if doc.source:
        g.add((dnode, DCTERMS.source, Literal(doc.source)))
    if doc.url:
        g.add((dnode, SDO.url, Literal(doc.url, datatype=XSD.anyURI)))

    iris: dict[str, URIRef] = {}
    for e in facts.entities:
        if e.id in iris:
            raise ValueError(f"document {doc.id}: entity id {e.id!r} is used twice; ids must be unique")
        iris[e.id] = entity_iri(e)
    by_key = {e.key: iris[e.id] for e in facts.entities}
    for e in facts.entities:
        _add_entity(g, e, iris[e.id], dnode, by_key, doc.id)
    acting = _acting_states(g, facts, iris)
    for r in facts.relations:
        _add_tie(g, r, iris, dnode, doc.id, acting)
    for t in facts.times:
        _add_time(g, t, dnode, doc.id)
    for q in facts.quantities:
        _add_quantity(g, q, facts, iris, dnode)


def _acting_states(g: TripleSink, facts: DocFacts, iris: dict[str, URIRef]) -> dict[str, URIRef]:
    """Entity id → IRI of the state it acts for in this document, worked out once at build time
    so that dyad queries are a plain GROUP BY instead of a join over every document graph.

    The state itself; else ``Entity.state`` (a state entity of the document, or a lexicon state,
    which is then described in this graph so it stays a well-formed entity); else the target of
    the first non-negated POSITION / MEMBER tie of the entity to a state entity of the document.
    """
    types = {e.id: e.type for e in facts.entities}
    acting: dict[str, URIRef] = {e.id: iris[e.id] for e in facts.entities if e.type == "STATE"}
    doc_states = {e.key: iris[e.id] for e in facts.entities if e.type == "STATE"}
    for e in facts.entities:
        if e.id in acting or not e.state:
            continue
        if e.state in doc_states:
            acting[e.id] = doc_states[e.state]
        elif (node := _lexicon_state(g, e.state)) is not None:
            acting[e.id] = node
    for r in facts.relations:
        if (r.type in ("POSITION", "MEMBER") and r.modality != "negated" and r.source not in acting
                and types.get(r.target) == "STATE" and r.target in iris):
            acting[r.source] = iris[r.target]
    return acting


def _lexicon_state(g: TripleSink, key: str) -> URIRef | None:
    """IRI of a lexicon state that the document names only inside another entity («وزیر دفاع
    بلاروس»), added to ``g`` with its type and labels; None when the key is no lexicon state."""
    from relgraph.lexicon import load_lexicon  # only here: most states are entities of the document

    entry = load_lexicon().by_key.get(key)
    if entry is None or entry.type != "STATE":
        log.debug("entity state %r is neither a state of the document nor a lexicon state; skipped", key)
        return None
    node = key_iri(key, "STATE")
    g.add((node, _TYPE, REL.Entity))
    g.add((node, _TYPE, REL.State))
    g.add((node, _LABEL, _text(entry.label_fa, "fa")))
    if entry.label_en:
        g.add((node, _LABEL, _text(entry.label_en, "en")))
    if entry.wikidata and _QID.match(entry.wikidata):
        g.add((node, OWL.sameAs, WD[entry.wikidata]))
    return node


def _add_entity(
    g: TripleSink, e: Entity, node: URIRef, dnode: URIRef, by_key: dict[str, URIRef], doc_id: str
) -> None:
    cls = ENTITY_CLASS.get(e.type)
    if cls is None:
        raise ValueError(f"document {doc_id}: entity {e.id} has type {e.type!r}; expected one of {sorted(ENTITY_CLASS)}")
    g.add((node, _TYPE, REL.Entity))
    g.add((node, _TYPE, cls))
    g.add((node, _LABEL, _text(e.label, "fa")))
    if e.label_en:
        g.add((node, _LABEL, _text(e.label_en, "en")))
    if e.wikidata:
        if not _QID.match(e.wikidata):
            raise ValueError(f"document {doc_id}: entity {e.id} has wikidata {e.wikidata!r}; expected a QID like Q227")
        g.add((node, OWL.sameAs, WD[e.wikidata]))
    if e.office:
        g.add((node, REL.office, _text(e.office, "fa")))
    if e.state:
        state = by_key.get(e.state)
        if state is None:
            log.debug("document %s: entity %s names state %r, which is not an entity of the document; "
                        "rel:memberOfState left out", doc_id, e.id, e.state)
        else:
            g.add((node, REL.memberOfState, state))
    for name, value in e.attributes:
        prop = ATTRIBUTE_PROPERTY.get(name)
        if prop is not None:
            g.add((node, prop, _text(value, "fa")))
            continue
        anode = rid("attribute", _hash(str(node), name, value))
        g.add((node, REL.attribute, anode))
        g.add((anode, _TYPE, REL.Attribute))
        g.add((anode, REL.attributeName, _text(name)))
        g.add((anode, REL.attributeValue, _text(value, "fa")))
        g.add((anode, _LABEL, _text(f"{name}: {value}", "fa")))
    for m in e.mentions:
        mnode = rid("mention", _hash(doc_id, m.start, m.end, e.key))
        g.add((node, REL.mention, mnode))
        g.add((mnode, _TYPE, REL.Mention))
        g.add((mnode, REL.inDocument, dnode))
        g.add((mnode, REL.start, _int(m.start)))
        g.add((mnode, REL.end, _int(m.end)))
        g.add((mnode, REL.text, _text(m.text)))
        g.add((mnode, REL.sentenceIndex, _int(m.sentence)))
        g.add((mnode, REL.method, _text(m.method)))
        g.add((mnode, REL.confidence, _decimal(m.confidence)))


def _add_tie(
    g: TripleSink, r: Relation, iris: dict[str, URIRef], dnode: URIRef, doc_id: str, acting: dict[str, URIRef]
) -> None:
    cls = TIE_CLASS.get(r.type)
    if cls is None:
        raise ValueError(f"document {doc_id}: relation type {r.type!r} is not one of {sorted(TIE_CLASS)}")

    def ref(eid: str | None, what: str) -> URIRef | None:
        if eid is None:
            return None
        if eid not in iris:
            raise ValueError(f"document {doc_id}: {r.type} relation's {what} {eid!r} is not an entity id of the document")
        return iris[eid]

    source, target = ref(r.source, "source"), ref(r.target, "target")
    place, speaker = ref(r.place, "place"), ref(r.speaker, "speaker")
    ev = r.evidence
    h = _hash(doc_id, r.type, source, target, place, speaker, r.date, r.cameo, r.plover, r.trigger,
              r.modality, r.role, ev.sentence, ev.start, ev.end, ev.text, ev.method, ev.confidence)
    tie, enode = rid("tie", h), rid("evidence", h)
    g.add((tie, _TYPE, REL.Tie))
    g.add((tie, _TYPE, cls))
    g.add((tie, REL.tieType, _text(r.type)))
    g.add((tie, REL.source, source))
    g.add((tie, REL.target, target))
    g.add((tie, REL.modality, _text(r.modality)))
    if r.source in acting:
        g.add((tie, REL.sourceState, acting[r.source]))
    if r.target in acting:
        g.add((tie, REL.targetState, acting[r.target]))
    if r.source in acting and r.target in acting and acting[r.source] != acting[r.target]:
        g.add((tie, REL.dyad, _add_dyad(g, acting[r.source], acting[r.target])))
    if r.date:
        date = _date_literal(r.date, f"document {doc_id}: {r.type} relation")
        g.add((tie, REL.date, date))
        g.add((tie, REL.year, Literal(str(date)[:4], datatype=XSD.gYear)))
    if place is not None:
        g.add((tie, REL.place, place))
    if speaker is not None:
        g.add((tie, REL.speaker, speaker))
    if r.cameo:
        g.add((tie, REL.cameoCode, _text(r.cameo)))
        quad = quad_class(r.cameo)
        if quad is not None:
            g.add((tie, REL.quadClass, _int(quad)))
    if r.plover:
        g.add((tie, REL.ploverType, _text(r.plover)))
    if r.role:
        g.add((tie, REL.role, _text(r.role)))
    g.add((tie, REL.evidence, enode))
    _add_evidence(g, enode, dnode, ev.sentence, ev.text, ev.start, ev.end, ev.method, ev.confidence)
    if r.trigger:
        g.add((enode, REL.trigger, _text(r.trigger)))


def dyad_iri(state_a: URIRef, state_b: URIRef) -> tuple[URIRef, URIRef, URIRef]:
    """The unordered pair of two states: (``rid:dyad/{A}-{B}``, state A, state B), A before B in IRI order.

    A and B are the states' local ids (the last path segment, already percent-encoded), so the dyad
    of Azerbaijan and Belarus is ``rid:dyad/AZE-BLR`` whichever of them acts first.
    """
    a, b = sorted((state_a, state_b), key=str)
    return RID[f"dyad/{_local_id(a)}-{_local_id(b)}"], a, b


def _local_id(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _add_dyad(g: TripleSink, state_a: URIRef, state_b: URIRef) -> URIRef:
    """Describe the dyad of two different states in ``g`` (the document's graph, so graphs merge
    into one node) and return it; written at build time so dyad queries group on one IRI instead
    of ordering and pairing states for every tie."""
    node, a, b = dyad_iri(state_a, state_b)
    g.add((node, _TYPE, REL.Dyad))
    g.add((node, REL.stateA, a))
    g.add((node, REL.stateB, b))
    g.add((node, _LABEL, _text(f"{_local_id(a)}\u2013{_local_id(b)}")))
    return node


def _add_evidence(
    g: TripleSink, enode: URIRef, dnode: URIRef, sentence: int, text: str, start: int, end: int,
    method: str, confidence: float,
) -> None:
    g.add((enode, _TYPE, REL.Evidence))
    g.add((enode, REL.inDocument, dnode))
    g.add((enode, REL.sentenceIndex, _int(sentence)))
    g.add((enode, REL.sentenceText, Literal(text)))
    g.add((enode, REL.start, _int(start)))
    g.add((enode, REL.end, _int(end)))
    g.add((enode, REL.method, _text(method)))
    g.add((enode, REL.confidence, _decimal(confidence)))


def _add_time(g: TripleSink, t: TimeExpr, dnode: URIRef, doc_id: str) -> None:
    value = _date_literal(t.value, f"document {doc_id}: time expression {t.text!r}")
    node = rid("time", _hash(doc_id, t.start, t.end, t.value))
    g.add((node, _TYPE, REL.TimeExpression))
    g.add((node, REL.inDocument, dnode))
    g.add((node, REL.start, _int(t.start)))
    g.add((node, REL.end, _int(t.end)))
    g.add((node, REL.text, _text(t.text)))
    g.add((node, REL.date, value))
    g.add((node, _DATE_TIME_PROPERTY[value.datatype], value))
    g.add((node, REL.precision, _text(t.precision)))
    g.add((node, REL.calendar, _text(t.calendar)))


def _add_quantity(g: TripleSink, q: Quantity, facts: DocFacts, iris: dict[str, URIRef], dnode: URIRef) -> None:
    """A number stated as fact. Quantity records carry no method or confidence: numbers are read
    from digits deterministically, so the evidence says method "quantity", confidence 1.0."""
    doc = facts.doc
    node = rid("quantity", _hash(doc.id, q.start, q.end, q.text, q.value, q.unit))
    g.add((node, _TYPE, REL.Quantity))
    g.add((node, REL.value, _decimal(q.value)))
    if q.unit:
        g.add((node, REL.unit, _text(q.unit)))
    g.add((node, REL.text, _text(q.text)))
    g.add((node, REL.start, _int(q.start)))
    g.add((node, REL.end, _int(q.end)))
    if q.subject is not None:
        if q.subject not in iris:
            raise ValueError(f"document {doc.id}: quantity {q.text!r} is about {q.subject!r}, not an entity id")
        g.add((node, REL.about, iris[q.subject]))
    s, e = (q.start, q.end)
    if 0 <= q.sentence < len(facts.sentences):
        s, e = facts.sentences[q.sentence]
    enode = rid("evidence", _hash("quantity", str(node)))
    g.add((node, REL.evidence, enode))
    _add_evidence(g, enode, dnode, q.sentence, doc.text[s:e] or q.text, s, e, "quantity", 1.0)


def build_dataset(all_facts: Iterable[DocFacts]) -> Dataset:
    """All documents' facts in one Dataset, plus the build activity (in the default graph)."""
    ds = new_dataset()
    for facts in all_facts:
        add_doc_facts(ds, facts)
    add_build_activity(ds)
    return ds


def add_build_activity(ds: Dataset) -> URIRef:
    """One prov:Activity for this build, its IRI a hash of the version and every graph's content."""
    graphs = named_graphs(ds)
    digest = hashlib.sha1(__version__.encode())
    for g in graphs:
        digest.update(str(g.identifier).encode())
        digest.update("\n".join(sorted(" ".join(t.n3() for t in triple) for triple in g)).encode())
    build = rid("build", digest.hexdigest()[:12])
    default = ds.default_graph
    default.add((build, _TYPE, REL.Build))
    default.add((build, _TYPE, PROV.Activity))
    default.add((build, _LABEL, Literal(f"relgraph {__version__} build", lang="en")))
    default.add((build, REL.softwareVersion, Literal(__version__)))
    for g in graphs:
        for doc in g.subjects(_TYPE, REL.Document):
            default.add((build, PROV.used, doc))
        for ev in list(g.subjects(_TYPE, REL.Evidence)):
            g.add((ev, PROV.wasGeneratedBy, build))
    return build
