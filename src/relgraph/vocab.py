"""The relgraph vocabulary in Python: namespaces and the closed list of ontology terms.

``REL`` is an rdflib ``DefinedNamespace`` with ``_fail = True``, so a typo such as ``REL.Vist``
raises at once instead of silently minting a term the ontology does not define. The list below
must match ``ontology/relgraph.ttl`` exactly (``tests/test_ontology.py`` checks both directions).
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "GRAPH",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "REL",
    "RID",
    "SEM",
    "TIE_CLASS",
    "WD",
    "graph_iri",
    "rid",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/relgraph/ontology")
RID = Namespace("https://w3id.org/relgraph/id/")
GRAPH = Namespace("https://w3id.org/relgraph/graph/")
WD = Namespace("http://www.wikidata.org/entity/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")


class REL(DefinedNamespace):
    """Terms of https://w3id.org/relgraph/ontology# (see ontology/relgraph.ttl for their meaning)."""

    _NS = Namespace("https://w3id.org/relgraph/ontology#")
    _fail = True

    # entity classes
    Entity: URIRef
    State: URIRef
    Person: URIRef
    Organization: URIRef
    Location: URIRef
    Event: URIRef
    Agreement: URIRef
    Attribute: URIRef
    Dyad: URIRef
    # tie classes
    Tie: URIRef
    Position: URIRef
    Member: URIRef
    Participate: URIRef
    Located: URIRef
    Topic: URIRef
    Visit: URIRef
    Meet: URIRef
    Invite: URIRef
    AgreementTie: URIRef
    Statement: URIRef
    Support: URIRef
    Cooperate: URIRef
    Request: URIRef
    Criticize: URIRef
    Reject: URIRef
    Threaten: URIRef
    Sanction: URIRef
    Conflict: URIRef
    OtherTie: URIRef
    # provenance classes and datatype
    Document: URIRef
    Evidence: URIRef
    Mention: URIRef
    TimeExpression: URIRef
    Quantity: URIRef
    Build: URIRef
    DateValue: URIRef
    # annotation properties
    tieTypeCode: URIRef
    cameoRoot: URIRef
    ploverEventType: URIRef
    # object properties
    source: URIRef
    target: URIRef
    place: URIRef
    speaker: URIRef
    evidence: URIRef
    inDocument: URIRef
    mention: URIRef
    memberOfState: URIRef
    sourceState: URIRef
    targetState: URIRef
    dyad: URIRef
    stateA: URIRef
    stateB: URIRef
    attribute: URIRef
    about: URIRef
    # datatype properties
    tieType: URIRef
    date: URIRef
    year: URIRef
    cameoCode: URIRef
    ploverType: URIRef
    quadClass: URIRef
    modality: URIRef
    role: URIRef
    trigger: URIRef
    sentenceIndex: URIRef
    sentenceText: URIRef
    start: URIRef
    end: URIRef
    text: URIRef
    method: URIRef
    confidence: URIRef
    docId: URIRef
    published: URIRef
    publishedRaw: URIRef
    office: URIRef
    subject: URIRef
    principle: URIRef
    attributeName: URIRef
    attributeValue: URIRef
    value: URIRef
    unit: URIRef
    precision: URIRef
    calendar: URIRef
    softwareVersion: URIRef


# Every declared term as a plain class attribute: ``REL.start`` then costs a dictionary lookup instead
# of DefinedNamespace's checked ``__getattr__`` (a few microseconds, thousands of times per article
# when graphs are built). Undeclared names still go to ``__getattr__`` and fail.
for _name in REL.__annotations__:
    type.__setattr__(REL, _name, REL._NS[_name])
del _name

# Tie type (model.TIE_TYPES) → its class. The ontology states the same with rel:tieTypeCode.
TIE_CLASS: dict[str, URIRef] = {
    "POSITION": REL.Position,
    "MEMBER": REL.Member,
    "PARTICIPATE": REL.Participate,
    "LOCATED": REL.Located,
    "TOPIC": REL.Topic,
    "VISIT": REL.Visit,
    "MEET": REL.Meet,
    "INVITE": REL.Invite,
    "AGREEMENT": REL.AgreementTie,
    "STATEMENT": REL.Statement,
    "SUPPORT": REL.Support,
    "COOPERATE": REL.Cooperate,
    "REQUEST": REL.Request,
    "CRITICIZE": REL.Criticize,
    "REJECT": REL.Reject,
    "THREATEN": REL.Threaten,
    "SANCTION": REL.Sanction,
    "CONFLICT": REL.Conflict,
    "OTHER": REL.OtherTie,
}

# Prefixes bound in every serialisation (stable, so output bytes do not depend on rdflib defaults).
PREFIXES: dict[str, str] = {
    "rel": str(REL._NS),
    "rid": str(RID),
    "rgraph": str(GRAPH),
    "wd": str(WD),
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
}


def rid(kind: str, local: str) -> URIRef:
    """Instance IRI ``rid:{kind}/{local}``; ``local`` is percent-encoded so any id is a safe IRI."""
    return RID[f"{kind}/{quote(local, safe='')}"]


def graph_iri(doc_id: str) -> URIRef:
    """Named graph of one document: ``https://w3id.org/relgraph/graph/{doc-id, percent-encoded}``."""
    return GRAPH[quote(doc_id, safe="")]
