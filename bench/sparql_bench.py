"""SPARQL speed: the dyad aggregation queries in the embedded pyoxigraph store vs plain rdflib.

Usage: ``python -m bench sparql [--quick] [--triples N] [--seed S] [--skip-rdflib]``.

Generates a synthetic corpus graph that follows the RDF contract of docs/ARCHITECTURE.md (one named
graph per document; states, officials attributed by rel:memberOfState or POSITION ties, ministries by
MEMBER ties, interaction ties with dates, quad classes, modality and evidence nodes, and, as the build
writes them, rel:sourceState / rel:targetState / rel:year on every tie and rel:dyad → a rel:Dyad node
on every tie between two different states), about 1,000,000
triples by default (100,000 with ``--quick``), from a fixed seed. It loads the same N-Quads into an
on-disk pyoxigraph store (bulk load, as ``relgraph query`` does) and into an in-memory rdflib Dataset
(union default graph), runs each query in both, checks the answers agree, and prints the times and
the ratio rdflib / oxigraph measured in this run. Oxigraph times each query twice over: "cold" is
its first run after the bulk load and ``Store.optimize()`` (includes one-time warm-up of the store's
caches), "warm" the median of the next ``--repeats`` runs (3 by default); the ratio uses the warm median. rdflib runs
each query once (it is orders of magnitude slower; repeating it would not change the picture). Besides the dyad queries it times the two
state-pair library queries (agreements, official-visits) with their parameters bound inline.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from relgraph.store import bind_values, library, run_query, to_term

REL = "https://w3id.org/relgraph/ontology#"
RID = "https://w3id.org/relgraph/id/"
GRAPH = "https://w3id.org/relgraph/graph/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
TIE_KINDS = [("VISIT", "Visit", 1, "042"), ("MEET", "Meet", 1, "040"), ("AGREEMENT", "AgreementTie", 1, "057"),
             ("COOPERATE", "Cooperate", 2, "061"), ("CRITICIZE", "Criticize", 3, "111"),
             ("THREATEN", "Threaten", 3, "130"), ("SANCTION", "Sanction", 4, "163"), ("CONFLICT", "Conflict", 4, "190")]

# What "direct state dyads" asks, written plainly (its answer before 2026-11-25, 0.5-0.75 s at 1M triples):
#   SELECT ?stateA ?stateB ?year (COUNT(DISTINCT ?tie) AS ?ties) WHERE {
#     ?tie rel:source ?s ; rel:target ?t ; rel:date ?date .
#     FILTER(STR(?s) < STR(?t)) FILTER EXISTS { ?s a rel:State } FILTER EXISTS { ?t a rel:State }
#     BIND(?s AS ?stateA) BIND(?t AS ?stateB) BIND(xsd:integer(SUBSTR(STR(?date), 1, 4)) AS ?year)
#   } GROUP BY ?stateA ?stateB ?year
# A state acts for itself, so a tie between two different states has rel:dyad, and its dyad's rel:stateA /
# rel:stateB (states, in IRI order) are the source and the target exactly when the source sorts first.
# (As in the plain form, a tie whose source sorts after its target is not counted.) Joining the tie's
# ends to the few thousand dyad rows is cheaper than testing the class and comparing the IRIs of every tie.
DIRECT_DYADS = """# states only: ties whose two ends are states, per unordered pair and year
PREFIX rel: <https://w3id.org/relgraph/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?stateA ?stateB ?year (COUNT(DISTINCT ?tie) AS ?ties) WHERE {
  { SELECT ?tie ?dyad WHERE { ?tie rel:dyad ?dyad } }
  { SELECT ?tie ?stateA WHERE { ?tie rel:source ?stateA } }
  { SELECT ?tie ?stateB WHERE { ?tie rel:target ?stateB } }
  { SELECT ?tie ?date WHERE { ?tie rel:date ?date } }
  { SELECT DISTINCT ?dyad ?stateA WHERE { ?dyad rel:stateA ?stateA } }
  { SELECT DISTINCT ?dyad ?stateB WHERE { ?dyad rel:stateB ?stateB } }
  BIND(xsd:integer(SUBSTR(STR(?date), 1, 4)) AS ?year)
} GROUP BY ?stateA ?stateB ?year"""


def _iri(kind: str, key: str) -> str:
    return f"<{RID}{kind}/{key}>"


def _dyad(tie: str, s: str, t: str, g: str, seen: set[str]) -> list[str]:
    """What the build writes for a tie between two different states: rel:dyad, and the rel:Dyad node
    (once per document graph) with its states in IRI order and its label."""
    if s == t:
        return []
    a, b = sorted((s, t))
    dyad = _iri("dyad", f"{a}-{b}")
    lines = [f"{tie} <{REL}dyad> {dyad} {g} ."]
    if dyad not in seen:
        seen.add(dyad)
        lines += [f"{dyad} {RDF_TYPE} <{REL}Dyad> {g} .", f"{dyad} <{REL}stateA> {_iri('state', a)} {g} .",
                  f"{dyad} <{REL}stateB> {_iri('state', b)} {g} .", f'{dyad} {LABEL} "{a}\u2013{b}" {g} .']
    return lines


def generate(n_triples: int, seed: int = 7) -> tuple[str, int]:
    """N-Quads text of a synthetic contract-shaped corpus with about ``n_triples`` quads, and its count."""
    rng = random.Random(seed)
    states = [f"S{i:02d}" for i in range(60)]
    officials = [(f"p{s}{j}", s, rng.random() < 0.5) for s in states for j in range(40)]  # (key, state, via memberOf)
    ministries = [(f"m{s}{j}", s) for s in states for j in range(5)]
    lines: list[str] = []
    doc = 0
    while len(lines) < n_triples:
        g = f"<{GRAPH}d{doc}>"
        d = _iri("doc", f"d{doc}")
        year = 2000 + rng.randrange(25)
        lines += [f'{d} {RDF_TYPE} <{REL}Document> {g} .', f'{d} <{REL}docId> "d{doc}" {g} .',
                  f'{d} <{REL}published> "{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"^^<{XSD}date> {g} .']
        seen: set[str] = set()
        for k in range(10):
            ends, acting = [], []  # acting: the state each end acts for (rel:sourceState / rel:targetState)
            for _ in range(2):
                r = rng.random()
                if r < 0.4:
                    s = rng.choice(states)
                    ends.append(_iri("state", s))
                    acting.append(s)
                    if s not in seen:
                        seen.add(s)
                        lines += [f"{_iri('state', s)} {RDF_TYPE} <{REL}State> {g} .",
                                  f'{_iri("state", s)} {LABEL} "کشور {s}"@fa {g} .']
                elif r < 0.85:
                    key, s, member = rng.choice(officials)
                    ends.append(_iri("person", key))
                    acting.append(s)
                    if key not in seen:
                        seen.add(key)
                        lines += [f"{_iri('person', key)} {RDF_TYPE} <{REL}Person> {g} .",
                                  f'{_iri("person", key)} {LABEL} "مقام {key}"@fa {g} .']
                        if member:
                            lines.append(f"{_iri('person', key)} <{REL}memberOfState> {_iri('state', s)} {g} .")
                        else:
                            pos = _iri("tie", f"pos{doc}-{key}")
                            lines += [f"{pos} {RDF_TYPE} <{REL}Tie> {g} .", f"{pos} {RDF_TYPE} <{REL}Position> {g} .",
                                      f"{pos} <{REL}source> {_iri('person', key)} {g} .",
                                      f"{pos} <{REL}target> {_iri('state', s)} {g} .",
                                      f"{pos} <{REL}sourceState> {_iri('state', s)} {g} .",
                                      f"{pos} <{REL}targetState> {_iri('state', s)} {g} .",
                                      f"{_iri('state', s)} {RDF_TYPE} <{REL}State> {g} ."]
                else:
                    key, s = rng.choice(ministries)
                    ends.append(_iri("org", key))
                    acting.append(s)
                    if key not in seen:
                        seen.add(key)
                        mem = _iri("tie", f"mem{doc}-{key}")
                        lines += [f"{_iri('org', key)} {RDF_TYPE} <{REL}Organization> {g} .",
                                  f"{mem} {RDF_TYPE} <{REL}Tie> {g} .", f"{mem} {RDF_TYPE} <{REL}Member> {g} .",
                                  f"{mem} <{REL}source> {_iri('org', key)} {g} .",
                                  f"{mem} <{REL}target> {_iri('state', s)} {g} .",
                                  f"{mem} <{REL}sourceState> {_iri('state', s)} {g} .",
                                  f"{mem} <{REL}targetState> {_iri('state', s)} {g} .",
                                  f"{_iri('state', s)} {RDF_TYPE} <{REL}State> {g} ."]
            tie_type, cls, quad, cameo = rng.choice(TIE_KINDS)
            t, ev = _iri("tie", f"t{doc}-{k}"), _iri("ev", f"e{doc}-{k}")
            modality = "negated" if rng.random() < 0.05 else "asserted"
            lines += [f"{t} {RDF_TYPE} <{REL}Tie> {g} .", f"{t} {RDF_TYPE} <{REL}{cls}> {g} .",
                      f'{t} <{REL}tieType> "{tie_type}" {g} .', f"{t} <{REL}source> {ends[0]} {g} .",
                      f"{t} <{REL}target> {ends[1]} {g} .",
                      f"{t} <{REL}sourceState> {_iri('state', acting[0])} {g} .",
                      f"{t} <{REL}targetState> {_iri('state', acting[1])} {g} .",
                      *_dyad(t, acting[0], acting[1], g, seen),
                      f'{t} <{REL}date> "{year}-{rng.randrange(1, 13):02d}"^^<{XSD}gYearMonth> {g} .',
                      f'{t} <{REL}year> "{year}"^^<{XSD}gYear> {g} .',
                      f'{t} <{REL}cameoCode> "{cameo}" {g} .', f'{t} <{REL}quadClass> "{quad}"^^<{XSD}integer> {g} .',
                      f'{t} <{REL}modality> "{modality}" {g} .', f"{t} <{REL}evidence> {ev} {g} .",
                      f"{ev} {RDF_TYPE} <{REL}Evidence> {g} .", f"{ev} <{REL}inDocument> {d} {g} .",
                      f'{ev} <{REL}sentenceIndex> "{k}"^^<{XSD}integer> {g} .',
                      f'{ev} <{REL}start> "{k * 100}"^^<{XSD}integer> {g} .',
                      f'{ev} <{REL}end> "{k * 100 + 90}"^^<{XSD}integer> {g} .',
                      f'{ev} <{REL}method> "rule:{tie_type.lower()}" {g} .',
                      f'{ev} <{REL}confidence> "0.{rng.randrange(5, 10)}"^^<{XSD}decimal> {g} .']
        doc += 1
    return "\n".join(lines) + "\n", len(lines)


def _canon(rows: list[tuple[object, ...]]) -> list[tuple[str, ...]]:
    return sorted(tuple("" if v is None else str(getattr(v, "value", v)) for v in row) for row in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench sparql", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100,000 triples instead of 1,000,000")
    ap.add_argument("--triples", type=int, help="size of the synthetic graph (overrides --quick)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeats", type=int, default=3, help="warm oxigraph runs per query (median reported)")
    ap.add_argument("--skip-rdflib", action="store_true", help="time the embedded store only")
    ap.add_argument("--rdflib-budget", type=float, default=900.0,
                    help="seconds rdflib may take in all (parse + queries); past it the ratio is a lower bound")
    args = ap.parse_args(argv)
    n = args.triples or (100_000 if args.quick else 1_000_000)

    t0 = time.perf_counter()
    data, count = generate(n, args.seed)
    print(f"generated {count:,} quads (seed {args.seed}) in {time.perf_counter() - t0:.1f} s")
    lib = library()
    pair = {"stateA": "rid:state/S00", "stateB": "rid:state/S01", "fromState": "rid:state/S00",
            "toState": "rid:state/S01"}

    def bound(name: str) -> str:
        spec = lib[name]
        return bind_values(spec.text, {k: to_term(pair[k], kind) for k, (kind, _) in spec.params.items()})

    queries = {"dyad-year-counts (library)": lib["dyad-year-counts"].text, "direct state dyads": DIRECT_DYADS,
               "agreements S00-S01 (library)": bound("agreements"),
               "official-visits S00->S01 (library)": bound("official-visits")}

    with tempfile.TemporaryDirectory(prefix="relgraph-bench-") as tmp:
        t0 = time.perf_counter()
        store = Store(str(Path(tmp) / "store"))
        store.bulk_load(input=data.encode("utf-8"), format=RdfFormat.N_QUADS)
        print(f"oxigraph: bulk load {time.perf_counter() - t0:.2f} s ({len(store):,} quads)")
        # After a bulk load RocksDB compacts in background threads of this process for a while; on a
        # 2-core machine that doubles the CPU time of the first queries. Compact now, so the query
        # times are those of a settled store (what `relgraph query` opens after a build).
        t0 = time.perf_counter()
        store.optimize()
        print(f"oxigraph: optimize {time.perf_counter() - t0:.2f} s")
        ox: dict[str, tuple[float, list[tuple[str, ...]]]] = {}
        for name, q in queries.items():
            times = []
            for _ in range(1 + max(1, args.repeats)):
                t0 = time.perf_counter()
                res = run_query(store, q)
                times.append(time.perf_counter() - t0)
            warm = statistics.median(times[1:])
            ox[name] = (warm, _canon(res.rows))
            print(f"oxigraph: {name}: warm median {warm:.3f} s of {len(times) - 1} "
                  f"(cold first run {times[0]:.3f} s), {len(res.rows):,} rows")
        del store

    if args.skip_rdflib:
        return 0
    return _compare_rdflib(data, queries, ox, args.rdflib_budget)


def _rdflib_worker(data: str, queries: dict[str, str], conn: Connection) -> None:
    from rdflib import Dataset

    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(data=data, format="nquads")
    conn.send(("parse", time.perf_counter() - t0, len(ds)))
    for name, q in queries.items():
        t0 = time.perf_counter()
        rows = _canon([tuple(r) for r in ds.query(q)])  # type: ignore[arg-type]
        conn.send((name, time.perf_counter() - t0, rows))


def _compare_rdflib(data: str, queries: dict[str, str], ox: dict[str, tuple[float, list[tuple[str, ...]]]],
                    budget: float) -> int:
    """rdflib in a child process, so a query running past ``budget`` seconds can be stopped and
    reported as a lower bound instead of hanging the benchmark."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_rdflib_worker, args=(data, queries, child), daemon=True)
    start = time.perf_counter()
    proc.start()
    ok = True
    last = start
    try:
        for step in ["parse", *queries]:
            left = budget - (time.perf_counter() - start)
            if left <= 0 or not parent.poll(left):
                ran = time.perf_counter() - start
                print(f"rdflib:   {step}: stopped after the {budget:g} s budget (rdflib ran {ran:.0f} s in all)")
                if step in ox:  # the query ran at least from the previous answer until now
                    print(f"ratio rdflib / oxigraph for {step}: more than "
                          f"{(time.perf_counter() - last) / max(ox[step][0], 1e-9):.0f}x (lower bound)")
                return 0 if ok else 1
            name, took, payload = parent.recv()
            last = time.perf_counter()
            if name == "parse":
                print(f"rdflib:   parse {took:.2f} s ({payload:,} triples in the union)")
                continue
            same = payload == ox[name][1]
            ok &= same
            print(f"rdflib:   {name}: {took:.2f} s, {len(payload):,} rows; answers {'agree' if same else 'DIFFER'}")
            print(f"ratio rdflib / oxigraph for {name}: {took / max(ox[name][0], 1e-9):.1f}x")
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
