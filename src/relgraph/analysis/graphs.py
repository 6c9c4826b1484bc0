"""networkx views of the ties: state–state dyads, actor graphs, paths, centrality, communities.

Counting rule (why): news repeats one event in many articles, and one article may mention it twice.
A *state event* is identified by ``(tie type, unordered pair of states, event date)``; every tie
with that key, from any article, is one event and its evidence is pooled. A tie without a date
falls back to ``doc:<doc id>`` as its date part, so an undated tie counts once per article. Dates of
different precision ('2019-07' vs '2019-07-02') are different keys. Negated ties ("did not visit")
are left out of the counts; asserted, reported and planned ties count.

Attribution (why): bilateral relations are carried by officials and organisations, so an actor is
lifted to a state by, in order: being a state; ``rel:memberOfState``; a POSITION/MEMBER tie whose
target is a state; a POSITION/MEMBER tie to an organisation that is itself attributed; for places
(cities), a LOCATED tie to a state, so a visit to Minsk counts for Belarus. A state that is a
MEMBER of an organisation does not make the organisation that state's.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx

from relgraph.analysis.load import ActorRecord, EvidenceRecord, TieRecord

__all__ = [
    "ATTRIBUTION_TYPES",
    "COUNTED_MODALITIES",
    "NON_INTERACTION_TYPES",
    "CentralityRow",
    "Dyad",
    "Hop",
    "TiePath",
    "StateEvent",
    "attribute_states",
    "centrality",
    "communities",
    "entity_graph",
    "official_graph",
    "official_state_graph",
    "paths",
    "state_dyads",
    "state_graph",
    "timeline",
]

ATTRIBUTION_TYPES = frozenset({"POSITION", "MEMBER"})
# Ties that describe who/where/what rather than an interaction between two parties.
NON_INTERACTION_TYPES = frozenset({"POSITION", "MEMBER", "LOCATED", "TOPIC"})
COUNTED_MODALITIES = frozenset({"asserted", "reported", "planned"})
COOP, CONFLICT = frozenset({1, 2}), frozenset({3, 4})


@dataclass(slots=True)
class StateEvent:
    """One distinct event between two states, with every tie (and so every article) reporting it."""

    key: tuple[str, str, str, str]  # (type, state a, state b, date or "doc:<id>")
    type: str
    a: ActorRecord  # the pair in IRI order
    b: ActorRecord
    date: str | None
    quad_class: int | None
    ties: list[TieRecord] = field(default_factory=list)
    directions: set[str] = field(default_factory=set)  # "state/ARM>state/AZE": who acted on whom

    @property
    def period(self) -> str | None:
        return self.date or min((t.period_date for t in self.ties if t.period_date), default=None)

    @property
    def evidence(self) -> list[EvidenceRecord]:
        return [e for t in self.ties for e in t.evidence]


@dataclass(slots=True)
class Dyad:
    """Tie strength between two states: distinct events by type and period, and their balance."""

    a: ActorRecord
    b: ActorRecord
    events: list[StateEvent]

    @property
    def total(self) -> int:
        return len(self.events)

    @property
    def by_type(self) -> dict[str, int]:
        return dict(sorted(Counter(e.type for e in self.events).items()))

    @property
    def by_year(self) -> dict[str, int]:
        return dict(sorted(Counter((e.period or "unknown")[:4] for e in self.events).items()))

    @property
    def by_month(self) -> dict[str, int]:
        return dict(sorted(Counter(e.period[:7] for e in self.events if e.period and len(e.period) >= 7).items()))

    @property
    def coop(self) -> int:
        return sum(e.quad_class in COOP for e in self.events)

    @property
    def conflict(self) -> int:
        return sum(e.quad_class in CONFLICT for e in self.events)

    @property
    def balance(self) -> float | None:
        """(cooperation − conflict) / (events with a quad class); +1 all cooperative, −1 all conflictual."""
        coded = self.coop + self.conflict
        return None if coded == 0 else round((self.coop - self.conflict) / coded, 4)

    @property
    def reports(self) -> int:
        """How many ties (article mentions) stand behind the distinct events."""
        return sum(len(e.ties) for e in self.events)


def _counted(t: TieRecord, modalities: Iterable[str]) -> bool:
    return t.modality in modalities


def attribute_states(ties: Sequence[TieRecord]) -> dict[str, str]:
    """Actor IRI → IRI of the state it acts for (states map to themselves)."""
    actors = {a.iri: a for t in ties for a in (t.source, t.target)}
    result = {iri: iri for iri, a in actors.items() if a.kind == "STATE"}
    for iri, a in actors.items():
        if iri not in result and a.state:
            result[iri] = a.state
    direct: dict[str, Counter] = defaultdict(Counter)
    via: dict[str, Counter] = defaultdict(Counter)
    for t in ties:
        if t.modality == "negated" or t.source.kind == "STATE":
            continue
        if t.type not in ATTRIBUTION_TYPES and not (t.type == "LOCATED" and t.source.kind == "LOC"):
            continue
        (direct if t.target.kind == "STATE" else via)[t.source.iri][t.target.iri] += 1
    for iri, c in direct.items():
        if iri not in result:
            result[iri] = min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    for _ in range(3):  # person → org → parent org → state
        for iri, c in via.items():
            if iri in result:
                continue
            states = Counter({result[o]: n for o, n in c.items() if o in result})
            if states:
                result[iri] = min(states.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return result


def state_dyads(ties: Sequence[TieRecord], *, modalities: Iterable[str] = COUNTED_MODALITIES) -> list[Dyad]:
    """Every pair of states with at least one counted interaction, strongest first."""
    modalities = frozenset(modalities)
    owner = attribute_states(ties)
    actors = {a.iri: a for t in ties for a in (t.source, t.target)}
    events: dict[tuple, StateEvent] = {}
    for t in ties:
        if t.type in NON_INTERACTION_TYPES or not _counted(t, modalities):
            continue
        s, o = owner.get(t.source.iri), owner.get(t.target.iri)
        if not s or not o or s == o:
            continue
        a, b = sorted((s, o))
        when = t.date or "doc:" + ",".join(t.doc_ids)
        key = (t.type, a, b, when)
        ev = events.get(key)
        if ev is None:
            ev = events[key] = StateEvent(key, t.type, _state(actors, a), _state(actors, b), t.date, t.quad_class)
        if ev.quad_class is None:
            ev.quad_class = t.quad_class
        ev.ties.append(t)
        ev.directions.add(f"{_state(actors, s).key}>{_state(actors, o).key}")
    pairs: dict[tuple[str, str], list[StateEvent]] = defaultdict(list)
    for ev in events.values():
        pairs[(ev.a.iri, ev.b.iri)].append(ev)
    dyads = [Dyad(evs[0].a, evs[0].b, sorted(evs, key=lambda e: (e.period or "", e.type))) for evs in pairs.values()]
    return sorted(dyads, key=lambda d: (-d.total, d.a.name, d.b.name))


def _state(actors: dict[str, ActorRecord], iri: str) -> ActorRecord:
    return actors.get(iri) or ActorRecord(iri, "STATE")


def _node_attrs(a: ActorRecord) -> dict:
    return {"label": a.display, "label_fa": a.label_fa or "", "label_en": a.label_en or "", "kind": a.kind,
            "qid": a.qid or "", "key": a.key, "actor": a}


def state_graph(dyads: Sequence[Dyad]) -> nx.Graph:
    """Undirected state–state graph; edge ``weight`` = distinct events, plus coop/conflict/balance/by_type."""
    G = nx.Graph()
    for d in dyads:
        for s in (d.a, d.b):
            G.add_node(s.iri, **_node_attrs(s))
        G.add_edge(d.a.iri, d.b.iri, weight=d.total, coop=d.coop, conflict=d.conflict, balance=d.balance,
                   reports=d.reports, by_type=d.by_type, by_year=d.by_year, dyad=d)
    return G


def _add_tie(G: nx.Graph, u: ActorRecord, v: ActorRecord, t: TieRecord) -> None:
    for a in (u, v):
        if a.iri not in G:
            G.add_node(a.iri, **_node_attrs(a))
    if G.has_edge(u.iri, v.iri):
        data = G.edges[u.iri, v.iri]
    else:
        G.add_edge(u.iri, v.iri, ties=[], keys=set())
        data = G.edges[u.iri, v.iri]
    data["ties"].append(t)
    data["keys"].add((t.type, t.date or "doc:" + ",".join(t.doc_ids)))
    data["weight"] = len(data["keys"])
    data["types"] = ",".join(sorted({x.type for x in data["ties"]}))


def entity_graph(ties: Sequence[TieRecord], *, modalities: Iterable[str] = COUNTED_MODALITIES,
                 kinds: Iterable[str] | None = None) -> nx.Graph:
    """All actors and all counted ties (POSITION/MEMBER included), undirected.

    Edge ``weight`` counts distinct (type, date) events between the two actors; ``ties`` holds the
    TieRecords with their evidence. ``kinds`` keeps only actors of those kinds.
    """
    modalities, keep = frozenset(modalities), frozenset(kinds) if kinds else None
    G = nx.Graph()
    for t in ties:
        if not _counted(t, modalities) or t.source.iri == t.target.iri:
            continue
        if keep and (t.source.kind not in keep or t.target.kind not in keep):
            continue
        _add_tie(G, t.source, t.target, t)
    return G


def official_graph(ties: Sequence[TieRecord]) -> nx.Graph:
    """Officials (persons) tied directly to each other."""
    return entity_graph([t for t in ties if t.type not in NON_INTERACTION_TYPES], kinds={"PERSON"})


def official_state_graph(ties: Sequence[TieRecord]) -> nx.Graph:
    """Persons ↔ states: their own state (``role=own``) and the states they dealt with (``role=foreign``)."""
    owner = attribute_states(ties)
    actors = {a.iri: a for t in ties for a in (t.source, t.target)}
    G = nx.Graph()
    for iri, state in owner.items():
        if actors[iri].kind == "PERSON":
            G.add_node(iri, **_node_attrs(actors[iri]))
            G.add_node(state, **_node_attrs(_state(actors, state)))
            G.add_edge(iri, state, role="own", weight=1, ties=[])
    for t in ties:
        if t.type in NON_INTERACTION_TYPES or not _counted(t, COUNTED_MODALITIES):
            continue
        for person, other in ((t.source, t.target), (t.target, t.source)):
            state = owner.get(other.iri)
            if person.kind != "PERSON" or not state or state == owner.get(person.iri):
                continue
            if not G.has_edge(person.iri, state):
                G.add_node(person.iri, **_node_attrs(person))
                G.add_node(state, **_node_attrs(_state(actors, state)))
                G.add_edge(person.iri, state, role="foreign", weight=0, ties=[])
            G.edges[person.iri, state]["ties"].append(t)
            G.edges[person.iri, state]["weight"] += 1
    return G


# --------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Hop:
    """One step of a path: the ties joining two actors, with their evidence sentences."""

    source: ActorRecord
    target: ActorRecord
    ties: list[TieRecord]

    @property
    def types(self) -> list[str]:
        return sorted({t.type for t in self.ties})

    @property
    def evidence(self) -> list[EvidenceRecord]:
        return [e for t in self.ties for e in t.evidence]


@dataclass(slots=True)
class TiePath:
    hops: list[Hop]

    @property
    def actors(self) -> list[ActorRecord]:
        return [self.hops[0].source, *(h.target for h in self.hops)] if self.hops else []


def paths(G: nx.Graph, a: str, b: str, cutoff: int = 4, limit: int = 10) -> list[TiePath]:
    """Who ties ``a`` to ``b``: up to ``limit`` simple paths of at most ``cutoff`` hops, shortest first.

    ``G`` is an ``entity_graph`` (edges carry ``ties``); ``a``/``b`` are actor IRIs.
    """
    for x in (a, b):
        if x not in G:
            raise KeyError(f"{x} has no counted tie in the graph, so no path can reach it")
    found: list[TiePath] = []
    if a == b:
        return found
    try:
        for nodes in itertools.islice(nx.shortest_simple_paths(G, a, b), limit):
            if len(nodes) - 1 > cutoff:
                break
            hops = [Hop(G.nodes[u]["actor"], G.nodes[v]["actor"], list(G.edges[u, v].get("ties", [])))
                    for u, v in itertools.pairwise(nodes)]
            found.append(TiePath(hops))
    except nx.NetworkXNoPath:
        pass
    return found


@dataclass(frozen=True, slots=True)
class CentralityRow:
    actor: ActorRecord
    degree: int
    weighted_degree: float
    betweenness: float
    community: int | None = None


def communities(G: nx.Graph, seed: int = 42) -> list[set[str]]:
    """Louvain communities on ``weight`` with a fixed seed (same input → same partition), largest first."""
    if G.number_of_edges() == 0:
        return [{n} for n in G]
    parts = nx.community.louvain_communities(G, weight="weight", seed=seed)
    return sorted(parts, key=lambda c: (-len(c), min(c)))


def centrality(G: nx.Graph, seed: int = 42, exact_limit: int = 500, samples: int = 256) -> list[CentralityRow]:
    """Degree, weighted degree and betweenness (brokers) per actor, with its community; by weighted degree.

    Betweenness is exact up to ``exact_limit`` nodes; above, it is estimated from ``samples`` source
    nodes (fixed seed, so repeatable): ~3 s instead of ~20 s on 2,000 actors / 10,000 ties.
    """
    if G.number_of_nodes() == 0:
        return []
    k = None if G.number_of_nodes() <= exact_limit else min(samples, G.number_of_nodes())
    btw = nx.betweenness_centrality(G, k=k, seed=seed, normalized=True)
    comm = {n: i for i, c in enumerate(communities(G, seed)) for n in c}
    rows = [CentralityRow(G.nodes[n]["actor"], G.degree(n), float(G.degree(n, weight="weight")),
                          round(btw[n], 6), comm.get(n)) for n in G]
    return sorted(rows, key=lambda r: (-r.weighted_degree, -r.betweenness, r.actor.name))


def timeline(ties: Sequence[TieRecord], a: str, b: str) -> list[StateEvent]:
    """Events between ``a`` and ``b`` in date order: state events when both are states, else direct ties."""
    dyads = state_dyads(ties)
    lo, hi = sorted((a, b))
    for d in dyads:
        if (d.a.iri, d.b.iri) == (lo, hi):
            return sorted(d.events, key=lambda e: (e.period or "", e.type))
    out: dict[tuple, StateEvent] = {}
    for t in ties:
        if {t.source.iri, t.target.iri} != {a, b} or t.modality not in COUNTED_MODALITIES:
            continue
        x, y = sorted((t.source, t.target), key=lambda r: r.iri)
        key = (t.type, x.iri, y.iri, t.date or "doc:" + ",".join(t.doc_ids))
        ev = out.setdefault(key, StateEvent(key, t.type, x, y, t.date, t.quad_class))
        ev.ties.append(t)
        ev.directions.add(f"{t.source.key}>{t.target.key}")
    return sorted(out.values(), key=lambda e: (e.period or "", e.type))
