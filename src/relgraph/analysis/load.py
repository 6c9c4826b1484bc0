"""Read relgraph RDF (any build, or several merged) into plain records the analysis works on.

Why plain triple walking and not SPARQL: the analysis must read whatever ``relgraph build`` wrote
(one ``out/`` folder, an older build, or several builds merged) with nothing but rdflib and the
IRIs of the RDF contract (docs/ARCHITECTURE.md), and it must be fast on tens of thousands of ties.
One pass over all quads builds a subject → predicate → objects index; records are made from it.
Named graphs (one per document) are read as their union.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import DCTERMS, OWL

__all__ = [
    "UNREAD_PREDICATES",
    "UNREAD_SUBJECTS",
    "REL",
    "ActorNotFound",
    "ActorRecord",
    "AnalysisInputError",
    "EvidenceRecord",
    "LoadedGraph",
    "TieRecord",
    "load",
    "load_ties",
    "normalize_name",
    "read_rdf",
    "resolve_actor",
]


class _Namespace(Namespace):
    """An rdflib Namespace that makes each term once: rdflib's builds a new URIRef on every
    attribute access (~0.9 µs), and ``load`` reads REL terms tens of thousands of times."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


REL = _Namespace("https://w3id.org/relgraph/ontology#")
# the same for the few rdflib terms read per triple or per node
_TYPE, _LABEL, _SAME_AS = RDF.type, RDFS.label, OWL.sameAs
RID = "https://w3id.org/relgraph/id/"
WIKIDATA = "http://www.wikidata.org/entity/"
SCHEMA_URLS = (URIRef("https://schema.org/url"), URIRef("http://schema.org/url"))

KIND_OF_CLASS: dict[URIRef, str] = {
    REL.State: "STATE",
    REL.Person: "PERSON",
    REL.Organization: "ORG",
    REL.Location: "LOC",
    REL.Event: "EVENT",
    REL.Agreement: "AGREEMENT",
}
# Nodes and properties ``load`` never reads (it reads ties, their ends, evidence and documents): a
# caller streaming a build's triples may leave them out (``CorpusGraph.triples_graph``); mentions
# alone are half of a build's triples. ``tests/test_rdf_stream.py`` checks that load gives the same.
UNREAD_SUBJECTS: tuple[str, ...] = tuple(RID + kind for kind in ("mention/", "time/", "quantity/", "dyad/",
                                                                 "attribute/"))
UNREAD_PREDICATES: tuple[str, ...] = tuple(str(p) for p in (
    REL.mention, REL.attribute, REL.sourceState, REL.targetState, REL.dyad, REL.year,
    URIRef("http://www.w3.org/ns/prov#wasGeneratedBy")))
# rid:{kind}/… path segment → kind, for endpoints whose rdf:type is missing from the input.
KIND_OF_SEGMENT = {"state": "STATE", "person": "PERSON", "org": "ORG", "loc": "LOC", "location": "LOC",
                   "event": "EVENT", "agreement": "AGREEMENT"}
TYPE_OF_CLASS: dict[URIRef, str] = {
    REL.Visit: "VISIT", REL.Meet: "MEET", REL.Invite: "INVITE", REL.AgreementTie: "AGREEMENT",
    REL.Statement: "STATEMENT", REL.Support: "SUPPORT", REL.Cooperate: "COOPERATE", REL.Request: "REQUEST",
    REL.Criticize: "CRITICIZE", REL.Reject: "REJECT", REL.Threaten: "THREATEN", REL.Sanction: "SANCTION",
    REL.Conflict: "CONFLICT", REL.Position: "POSITION", REL.Member: "MEMBER", REL.Participate: "PARTICIPATE",
    REL.Located: "LOCATED", REL.Topic: "TOPIC", REL.OtherTie: "OTHER",
}
FORMAT_OF_SUFFIX = {".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld",
                    ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".n3": "n3"}
# In a folder without graph.trig, read the files of the first format present (a build writes the same
# graph in several formats; reading them all would double blank-node evidence).
_FOLDER_PREFERENCE = (".trig", ".nq", ".ttl", ".jsonld", ".nt")


class AnalysisInputError(ValueError):
    """The input given to the analysis cannot be read as relgraph RDF."""


class ActorNotFound(LookupError):
    """An actor named by the user matches no entity (or several)."""


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """An entity of the graph: IRI, kind (STATE, PERSON, ORG, …), Persian / English labels."""

    iri: str
    kind: str
    label_fa: str | None = None
    label_en: str | None = None
    qid: str | None = None
    office: str | None = None
    state: str | None = None  # IRI of rel:memberOfState, when stated

    @property
    def key(self) -> str:
        """The contract's ascii id, e.g. ``state/AZE`` (the IRI itself for foreign IRIs)."""
        return self.iri[len(RID):] if self.iri.startswith(RID) else self.iri

    @property
    def name(self) -> str:
        """English name when known, else Persian, else the key: what a script or table sorts by."""
        return self.label_en or self.label_fa or self.key

    @property
    def display(self) -> str:
        """``English (فارسی)`` when both are known; English comes first because terminals lay out RTL poorly."""
        if self.label_en and self.label_fa:
            return f"{self.label_en} ({self.label_fa})"
        return self.name


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    """One sentence of one article that supports a tie (article text: untrusted)."""

    doc_id: str | None
    sentence: str | None
    sentence_index: int | None = None
    start: int | None = None
    end: int | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    method: str | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class TieRecord:
    """One rel:Tie node: ``source`` acts on ``target`` (typed, dated, coded, with its evidence)."""

    iri: str
    type: str
    source: ActorRecord
    target: ActorRecord
    date: str | None = None  # ISO: '2019-07-02', '2019-07' or '2019'
    cameo: str | None = None
    plover: str | None = None
    quad_class: int | None = None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    modality: str = "asserted"
    role: str | None = None
    place: str | None = None
    evidence: tuple[EvidenceRecord, ...] = ()

    @property
    def doc_ids(self) -> tuple[str, ...]:
        return tuple(sorted({e.doc_id for e in self.evidence if e.doc_id}))

    @property
    def period_date(self) -> str | None:
        """The event date, or else the earliest publication date of its articles (for time buckets)."""
        if self.date:
            return self.date
        published = sorted(e.published for e in self.evidence if e.published)
        return published[0] if published else None


@dataclass(slots=True)
class LoadedGraph:
    """Everything the analysis reads from RDF: actors by IRI and ties, in a stable order."""

    actors: dict[str, ActorRecord]
    ties: list[TieRecord]
    sources: list[str] = field(default_factory=list)  # files read

    def resolve(self, query: str) -> ActorRecord:
        return resolve_actor(self.actors.values(), query)


# --------------------------------------------------------------------------------------------------
def _rdf_files(path: Path) -> list[Path]:
    if not path.exists():
        raise AnalysisInputError(f"{path}: no such file or folder; give an out/ folder of `relgraph build` "
                                 "or .trig/.ttl/.nt/.jsonld files")
    if path.is_file():
        if path.suffix.lower() not in FORMAT_OF_SUFFIX:
            raise AnalysisInputError(f"{path}: unknown RDF file type {path.suffix!r}; "
                                     f"expected one of {', '.join(sorted(FORMAT_OF_SUFFIX))}")
        return [path]
    if (path / "graph.trig").is_file():
        return [path / "graph.trig"]
    for suffix in _FOLDER_PREFERENCE:
        found = sorted(p for p in path.glob(f"*{suffix}") if p.is_file())
        if found:
            return found
    raise AnalysisInputError(f"{path}: folder has no graph.trig nor any .trig/.nq/.ttl/.jsonld/.nt file; "
                             "run `relgraph build … -o {path}` first")


def read_rdf(source: str | Path | Graph | Sequence[str | Path]) -> tuple[Dataset | Graph, list[str]]:
    """Parse paths (files or out/ folders) into one rdflib Dataset; graphs are returned as they are."""
    if isinstance(source, Graph):
        return source, []
    paths = [source] if isinstance(source, str | Path) else list(source)
    if not paths:
        raise AnalysisInputError("no input given: name an out/ folder or RDF files")
    ds = Dataset()
    read: list[str] = []
    for p in paths:
        for f in _rdf_files(Path(p)):
            fmt = FORMAT_OF_SUFFIX[f.suffix.lower()]
            try:
                ds.parse(f, format=fmt)
            except Exception as exc:  # rdflib raises many types; all mean "this file is not valid"
                raise AnalysisInputError(f"{f}: not valid {fmt}: {exc}") from exc
            read.append(str(f))
    return ds, read


def _quads(g: Graph) -> Iterable[tuple]:
    if isinstance(g, Dataset | ConjunctiveGraph):
        return ((s, p, o) for s, p, o, _ in g.quads((None, None, None, None)))
    return g.triples((None, None, None))


_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")


def _text(node) -> str | None:
    return None if node is None else str(node)


def _int(node) -> int | None:
    try:
        return int(str(node))
    except (TypeError, ValueError):
        return None


def _float(node) -> float | None:
    try:
        return float(str(node))
    except (TypeError, ValueError):
        return None


class _Index:
    """subject → predicate → objects, over the union of all graphs.

    Each object is kept once, in first-seen order (a dict used as an ordered set): a state or
    person described in many document graphs repeats its labels in each, and deduplicating them
    once here, rather than in every ``all()``, hashes each Literal (a Python ``__hash__``) once.
    """

    def __init__(self, g: Graph) -> None:
        self.props: dict = defaultdict(lambda: defaultdict(dict))
        self.by_type: dict = defaultdict(list)
        for s, p, o in _quads(g):
            self.props[s][p][o] = None
            if p == _TYPE:
                self.by_type[o].append(s)

    def one(self, s, p):
        objs = self.props.get(s, {}).get(p)
        if not objs:
            return None
        return next(iter(objs)) if len(objs) == 1 else sorted(objs, key=str)[0]

    def all(self, s, p) -> list:
        return list(self.props.get(s, {}).get(p, ()))


def _labels(idx: _Index, s) -> tuple[str | None, str | None]:
    fa, en = [], []
    for lit in idx.all(s, _LABEL):
        if not isinstance(lit, Literal):
            continue
        lang = (lit.language or "").lower()
        if lang.startswith("fa") or (not lang and _ARABIC_SCRIPT.search(str(lit))):
            fa.append(str(lit))
        elif lang.startswith("en") or not lang:
            en.append(str(lit))
    return (min(fa) if fa else None), (min(en) if en else None)


def _actor(idx: _Index, s) -> ActorRecord:
    kinds = [KIND_OF_CLASS[t] for t in idx.all(s, _TYPE) if t in KIND_OF_CLASS]
    iri = str(s)
    if not kinds and iri.startswith(RID):
        seg = iri[len(RID):].split("/", 1)[0]
        kinds = [KIND_OF_SEGMENT.get(seg, "OTHER")]
    fa, en = _labels(idx, s)
    qid = next((str(o)[len(WIKIDATA):] for o in idx.all(s, _SAME_AS) if str(o).startswith(WIKIDATA)), None)
    office = _text(idx.one(s, REL.office))
    state = _text(idx.one(s, REL.memberOfState))
    return ActorRecord(iri, sorted(kinds)[0] if kinds else "OTHER", fa, en, qid, office, state)


def _evidence(idx: _Index, ev, docs: dict) -> EvidenceRecord:
    doc_node = idx.one(ev, REL.inDocument)
    doc = docs.get(doc_node)
    if doc is None and doc_node is not None:
        doc = docs[doc_node] = _document(idx, doc_node)
    doc = doc or {}
    return EvidenceRecord(
        doc_id=doc.get("doc_id"), sentence=_text(idx.one(ev, REL.sentenceText)),
        sentence_index=_int(idx.one(ev, REL.sentenceIndex)), start=_int(idx.one(ev, REL.start)),
        end=_int(idx.one(ev, REL.end)), title=doc.get("title"), published=doc.get("published"),
        source=doc.get("source"), url=doc.get("url"), method=_text(idx.one(ev, REL.method)),
        confidence=_float(idx.one(ev, REL.confidence)),
    )


def _document(idx: _Index, d) -> dict:
    doc_id = _text(idx.one(d, REL.docId))
    if doc_id is None and not isinstance(d, BNode):
        doc_id = str(d).rsplit("/", 1)[-1]
    url = next((str(u) for p in SCHEMA_URLS if (u := idx.one(d, p)) is not None), None)
    return {"doc_id": doc_id, "title": _text(idx.one(d, DCTERMS.title)),
            "published": _text(idx.one(d, REL.published)), "source": _text(idx.one(d, DCTERMS.source)),
            "url": url}


def quad_class_of_cameo(cameo: str | None) -> int | None:
    """CAMEO root → quad class (01–05 verbal coop, 06–08 material coop, 09–13 verbal conflict, rest material)."""
    if not cameo or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4 if root <= 20 else None


def load(source: str | Path | Graph | Sequence[str | Path]) -> LoadedGraph:
    """Read actors and ties from an out/ folder, RDF file(s) or an rdflib graph/dataset."""
    g, files = read_rdf(source)
    idx = _Index(g)
    tie_nodes = dict.fromkeys(idx.by_type.get(REL.Tie, []))
    tie_nodes.update(dict.fromkeys(s for s, props in idx.props.items() if REL.tieType in props))
    actors: dict[str, ActorRecord] = {}
    for cls in KIND_OF_CLASS:
        for s in idx.by_type.get(cls, []):
            actors.setdefault(str(s), _actor(idx, s))
    docs: dict = {}
    ties: list[TieRecord] = []
    for t in tie_nodes:
        src, tgt = idx.one(t, REL.source), idx.one(t, REL.target)
        if src is None or tgt is None:
            continue  # a tie without both endpoints cannot be drawn or counted
        for end in (src, tgt):
            if str(end) not in actors:
                actors[str(end)] = _actor(idx, end)
        ttype = _text(idx.one(t, REL.tieType))
        if not ttype:
            ttype = next((TYPE_OF_CLASS[c] for c in idx.all(t, _TYPE) if c in TYPE_OF_CLASS), "OTHER")
        cameo = _text(idx.one(t, REL.cameoCode))
        quad = _int(idx.one(t, REL.quadClass))
        evidence = sorted((_evidence(idx, ev, docs) for ev in idx.all(t, REL.evidence)),
                          key=lambda e: (e.published or "", e.doc_id or "", e.start or 0))
        place = idx.one(t, REL.place)
        ties.append(TieRecord(
            iri=str(t), type=ttype.upper(), source=actors[str(src)], target=actors[str(tgt)],
            date=_text(idx.one(t, REL.date)), cameo=cameo, plover=_text(idx.one(t, REL.ploverType)),
            quad_class=quad if quad in (1, 2, 3, 4) else quad_class_of_cameo(cameo),
            modality=_text(idx.one(t, REL.modality)) or "asserted", role=_text(idx.one(t, REL.role)),
            place=str(place) if place is not None else None, evidence=tuple(evidence),
        ))
    ties.sort(key=lambda t: (t.period_date or "", t.type, t.source.iri, t.target.iri, t.iri))
    return LoadedGraph(actors=dict(sorted(actors.items())), ties=ties, sources=files)


def load_ties(source: str | Path | Graph | Sequence[str | Path]) -> list[TieRecord]:
    """All ties of an out/ folder, RDF file(s) or rdflib graph, with endpoints and evidence."""
    return load(source).ties


# --------------------------------------------------------------------------------------------------
_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u0640\u200c\u200d\u200e\u200f\s_\-‌]+")
_CHAR_MAP = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا",
                           **{chr(0x06F0 + i): str(i) for i in range(10)},
                           **{chr(0x0660 + i): str(i) for i in range(10)}})


def normalize_name(text: str) -> str:
    """A matching key: NFKC, Arabic→Persian letters, digits to ASCII, no spaces/ZWNJ/diacritics, lower case."""
    text = unicodedata.normalize("NFKC", text).translate(_CHAR_MAP)
    return _DIACRITICS.sub("", text).casefold()


def resolve_actor(actors: Iterable[ActorRecord], query: str) -> ActorRecord:
    """Find one actor by IRI, key (``state/AZE``, ``state:AZE``, ``AZE``), QID or Persian/English label.

    The query is compared with Python strings only (never put into SPARQL). Several equally good
    matches: a state wins over other kinds; otherwise ``ActorNotFound`` lists the candidates.
    """
    pool = list(actors)
    q = query.strip()
    qkey = q.replace(":", "/", 1) if ":" in q and not q.startswith("http") else q
    qn = normalize_name(q)
    tiers = [
        [a for a in pool if a.iri == q],
        [a for a in pool if a.key.casefold() == qkey.casefold()],
        [a for a in pool if a.qid and a.qid.casefold() == q.removeprefix(WIKIDATA).casefold()],
        [a for a in pool if qn and qn in {normalize_name(x) for x in (a.label_fa, a.label_en) if x}],
        [a for a in pool if a.key.rsplit("/", 1)[-1].casefold() == q.casefold()],
        [a for a in pool if len(qn) >= 3 and any(qn in normalize_name(x) for x in (a.label_fa, a.label_en) if x)],
    ]
    for found in tiers:
        if len(found) == 1:
            return found[0]
        if found:
            states = [a for a in found if a.kind == "STATE"]
            if len(states) == 1:
                return states[0]
            names = "; ".join(f"{a.display} [{a.key}]" for a in found[:8])
            raise ActorNotFound(f"{query!r} is ambiguous: {names}. Name it by key (e.g. state/AZE) or QID.")
    names = {a.label_en or "": a for a in pool} | {a.label_fa or "": a for a in pool}
    close = difflib.get_close_matches(q, [n for n in names if n], n=5, cutoff=0.6)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise ActorNotFound(f"no actor matches {query!r} (tried IRI, key, QID, Persian and English labels).{hint}")
