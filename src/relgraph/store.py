"""Embedded SPARQL over a build: a pyoxigraph store on disk, the query library, safe parameters.

Why a store on disk: ``OUT/graph.trig`` is re-parsed in seconds for a sample but not for a corpus;
``OUT/store/`` is bulk-loaded once and re-loaded only when graph.trig changed (a stamp records the
size and mtime of the graph.trig it was loaded from).

Queries see the union of all document graphs as their default graph, so library queries need no
``GRAPH`` clauses; the same entity repeated in several document graphs then yields repeated rows,
which is why library queries use ``DISTINCT`` / ``COUNT(DISTINCT …)``.

Parameters are RDF terms, never text pasted into a query: pyoxigraph ``substitutions=`` when it can
(the variable must be projected), else a ``VALUES`` block written with pyoxigraph's own N-Triples
term serialisation (:func:`bind_values`, also used for remote endpoints).
"""

from __future__ import annotations

import gc
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    Variable,
)

from relgraph.errors import InputError
from relgraph.paths import ontology_path
from relgraph.sparql_results import QueryResult, Term

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "PREFIXES",
    "QueryError",
    "QueryResult",
    "QuerySpec",
    "bind_values",
    "library",
    "open_store",
    "resolve_query",
    "run_query",
    "to_term",
]

PREFIXES: dict[str, str] = {
    "rel": "https://w3id.org/relgraph/ontology#",
    "rid": "https://w3id.org/relgraph/id/",
    "rgraph": "https://w3id.org/relgraph/graph/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
}
_XSD_INTEGER = NamedNode(PREFIXES["xsd"] + "integer")
_STAMP = ".loaded-from"
_OPEN: dict[Path, tuple[str, Store]] = {}


class QueryError(InputError):
    """A query, query name or parameter cannot be used as given (the message says which and why)."""


# --- the store -------------------------------------------------------------------------------------
def open_store(out: Path) -> Store:
    """The store of build folder ``out`` (``out/store/``), (re)loaded from ``out/graph.trig`` if stale."""
    out = Path(out)
    trig = out / "graph.trig"
    if not trig.is_file():
        raise QueryError(f"{trig} not found: run `relgraph build INPUTS -o {out}` first")
    st = trig.stat()
    want = f"{st.st_size} {st.st_mtime_ns}"
    sdir = (out / "store").resolve()
    stamp = sdir / _STAMP
    fresh = stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == want
    cached = _OPEN.get(sdir)
    if cached and cached[0] == want and fresh:
        return cached[1]
    if cached:  # drop our handle before rebuilding: RocksDB holds a lock per open store
        del _OPEN[sdir], cached
        gc.collect()
    if not fresh:
        _rebuild(trig, sdir, want)
    try:
        store = Store(str(sdir))
    except OSError as e:  # locked by another process (e.g. `relgraph serve`): read-only is safe then
        try:
            store = Store.read_only(str(sdir))
        except OSError:
            raise QueryError(f"cannot open {sdir}: {e}; is another relgraph process using it?") from e
    _OPEN[sdir] = (want, store)
    return store


def _rebuild(trig: Path, sdir: Path, stamp_text: str) -> None:
    tmp = sdir.with_name(sdir.name + ".loading")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        fresh = Store(str(tmp))
        fresh.bulk_load(path=str(trig), format=RdfFormat.TRIG)
        fresh.flush()
        # compact now: otherwise the first queries on a fresh store pay for background compaction
        # (about twice the CPU on the dyad aggregations, bench/sparql_bench.py)
        fresh.optimize()
        del fresh
        gc.collect()
    except SyntaxError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise QueryError(f"{trig} is not valid TriG ({e}); rebuild it with `relgraph build`") from e
    (tmp / _STAMP).write_text(stamp_text + "\n", encoding="utf-8")
    shutil.rmtree(sdir, ignore_errors=True)
    tmp.rename(sdir)


# --- the query library ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class QuerySpec:
    """A library query: its file, what it answers and its parameters (name → (kind, help))."""

    name: str
    path: Path
    text: str
    answers: str
    params: dict[str, tuple[str, str]] = field(default_factory=dict)


_PARAM_RE = re.compile(r"#\s*param\s+(\w+)\s*:\s*(state|iri|text|int)\b\s*(.*)")
_KINDS = ("state", "iri", "text", "int", "auto")


def library(folder: Path | None = None) -> dict[str, QuerySpec]:
    """The queries of ``ontology/queries/*.rq`` (or ``folder``), by name, with their comment headers."""
    folder = folder or ontology_path("queries")
    specs: dict[str, QuerySpec] = {}
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        answers: list[str] = []
        params: dict[str, tuple[str, str]] = {}
        in_answers = False
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            if m := _PARAM_RE.match(line):
                params[m.group(1)] = (m.group(2), m.group(3).strip())
                in_answers = False
            elif line.startswith("# answers:"):
                answers.append(line.removeprefix("# answers:").strip())
                in_answers = True
            elif in_answers and line.startswith("#   "):
                answers.append(line[1:].strip())
            else:
                in_answers = False
        specs[path.stem] = QuerySpec(path.stem, path, text, " ".join(answers), params)
    return specs


def resolve_query(arg: str) -> tuple[str, QuerySpec | None]:
    """``arg`` as SPARQL text, a ``.rq`` file or a library query name → (query text, spec or None)."""
    specs = library()
    if arg in specs:
        return specs[arg].text, specs[arg]
    if arg.endswith(".rq") and "\n" not in arg:
        path = Path(arg)
        if not path.is_file():
            raise QueryError(f"query file {arg} not found")
        return path.read_text(encoding="utf-8"), None
    if re.fullmatch(r"[\w-]+", arg):
        raise QueryError(f"no library query named {arg!r}; known: {', '.join(sorted(specs))}")
    return arg, None


# --- parameters ------------------------------------------------------------------------------------
def to_term(value: str | Term, kind: str = "auto") -> Term:
    """A parameter value as an RDF term.

    ``kind``: ``iri`` (``<…>``, ``rid:state/IRN`` with a known prefix, or an absolute IRI), ``state``
    (also a bare ISO code ``IRN`` → ``rid:state/IRN``), ``text`` (a plain string literal, whatever
    it contains), ``int`` (xsd:integer), ``auto`` (IRI when written as ``<…>`` or a known prefix,
    else a plain string literal).
    """
    if not isinstance(value, str):
        return value
    if kind not in _KINDS:
        raise QueryError(f"unknown parameter kind {kind!r}; use one of {', '.join(_KINDS)}")
    if kind == "text":
        return Literal(value)
    if kind == "int":
        try:
            return Literal(str(int(value.strip())), datatype=_XSD_INTEGER)
        except ValueError:
            raise QueryError(f"parameter value {value!r} is not a whole number") from None
    v = value.strip()
    if kind == "state" and re.fullmatch(r"[A-Za-z]{2,3}", v):
        return NamedNode(PREFIXES["rid"] + "state/" + v.upper())
    if kind == "state" and v.lower().startswith("state:"):
        return NamedNode(PREFIXES["rid"] + "state/" + v[6:].upper())
    iri: str | None = None
    if v.startswith("<") and v.endswith(">"):
        iri = v[1:-1]
    elif (m := re.fullmatch(r"([A-Za-z][\w-]*):(\S*)", v)) and m.group(1) in PREFIXES:
        iri = PREFIXES[m.group(1)] + m.group(2)
    elif re.match(r"[A-Za-z][A-Za-z0-9+.-]*://\S+$", v):
        iri = v
    if iri is None:
        if kind == "auto":
            return Literal(value)
        raise QueryError(f"parameter value {value!r} is not an IRI: write <https://…>, rid:… or a full IRI")
    try:
        return NamedNode(iri)
    except ValueError as e:
        raise QueryError(f"parameter value {value!r} is not a valid IRI: {e}") from None


def _terms(bindings: Mapping[str, str | Term] | None, spec: QuerySpec | None = None) -> dict[str, Term]:
    out: dict[str, Term] = {}
    for name, value in (bindings or {}).items():
        name = name.lstrip("?$")
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
        kind = spec.params[name][0] if spec and name in spec.params else "auto"
        out[name] = to_term(value, kind)
    return out


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.S)


def _where_brace(query: str) -> int:
    """Index of the ``{`` that opens the query's WHERE group (outside comments, strings and IRIs)."""
    i, depth, form, seen_where = 0, 0, None, False
    while i < len(query):
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = len(query) if j < 0 else j
            continue
        if c in "\"'" and (m := _STRING.match(query, i)):
            i = m.end()
            continue
        if c == "<" and (m := _IRIREF.match(query, i)):
            i = m.end()
            continue
        if c.isalpha() and (m := re.compile(r"[A-Za-z]+").match(query, i)):
            word = m.group().upper()
            if form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            seen_where = seen_where or word == "WHERE"
            i = m.end()
            continue
        if c == "{":
            if form is not None and depth == 0 and (form != "CONSTRUCT" or seen_where):
                return i
            depth += 1  # a CONSTRUCT template
        elif c == "}":
            depth -= 1
        i += 1
    raise QueryError("cannot bind parameters: the query has no WHERE { … } group")


def bind_values(query: str, bindings: Mapping[str, str | Term]) -> str:
    """``query`` with a ``VALUES`` block binding each parameter, as the first element of its WHERE.

    Terms are written by pyoxigraph (N-Triples syntax, escaped), so a value can never end the
    literal or the block it sits in. Works for any SPARQL 1.1 endpoint.
    """
    terms = _terms(bindings)
    if not terms:
        return query
    for name, term in terms.items():
        if isinstance(term, BlankNode | Triple):
            raise QueryError(f"parameter {name}: blank nodes and triples cannot be bound in VALUES")
    brace = _where_brace(query)
    names = " ".join(f"?{n}" for n in terms)
    row = " ".join(str(t) for t in terms.values())
    return f"{query[: brace + 1]} VALUES ({names}) {{ ({row}) }}{query[brace + 1 :]}"


# --- running ---------------------------------------------------------------------------------------
def run_query(
    store: Store,
    query_text: str,
    bindings: Mapping[str, str | Term] | None = None,
    *,
    spec: QuerySpec | None = None,
    limit: int | None = None,
    union_default_graph: bool = True,
    default_graphs: list[NamedNode] | None = None,
    named_graphs: list[NamedNode] | None = None,
) -> QueryResult:
    """Run a read-only query with parameters bound as RDF terms; keep at most ``limit`` rows/triples.

    ``spec`` (a library query) types string parameters (a ``state`` IRN becomes ``rid:state/IRN``).
    ``default_graphs`` / ``named_graphs`` restrict the dataset (SPARQL Protocol ``default-graph-uri``,
    ``named-graph-uri``); without them the default graph is the union of all graphs.
    Raises :class:`QueryError` for a syntax error or an unusable parameter.
    """
    terms = _terms(bindings, spec)
    kwargs: dict[str, object] = {"use_default_graph_as_union": union_default_graph and not default_graphs}
    if default_graphs:
        kwargs["default_graph"] = list(default_graphs)
    if named_graphs:
        kwargs["named_graphs"] = list(named_graphs)
    try:
        try:
            raw = store.query(query_text, **kwargs, substitutions={Variable(k): v for k, v in terms.items()}) \
                if terms else store.query(query_text, **kwargs)
        except (TypeError, RuntimeError, ValueError) as e:  # old pyoxigraph, or a variable not projected
            if not terms or isinstance(e, SyntaxError):
                raise
            raw = store.query(bind_values(query_text, terms), **kwargs)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from None
    except (RuntimeError, ValueError) as e:
        raise QueryError(f"query failed: {e}") from None
    return _collect(raw, limit)


def _collect(raw: QuerySolutions | QueryBoolean | object, limit: int | None) -> QueryResult:
    if isinstance(raw, QueryBoolean):
        return QueryResult("ask", [], boolean=bool(raw))
    if isinstance(raw, QuerySolutions):
        names = [v.value for v in raw.variables]
        rows: list[tuple[Term | None, ...]] = []
        truncated = False
        # tuple(sol) unpacks a solution in the order of raw.variables (None where unbound); it is
        # several times cheaper than looking each value up by name (~0.2 s on 20k rows x 6 columns)
        for sol in raw:
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append(tuple(sol))
        return QueryResult("select", names, rows=rows, truncated=truncated)
    triples: list[Triple] = []
    truncated = False
    for t in raw:  # QueryTriples
        if limit is not None and len(triples) >= limit:
            truncated = True
            break
        triples.append(t)
    return QueryResult("graph", [], triples=triples, truncated=truncated)


# --- command line ----------------------------------------------------------------------------------
def query_cli(out: Path, arg: str, params: list[str], fmt: str, limit: int | None) -> int:
    """``relgraph query``: print the answer as a table, CSV or JSON; 2 for a usage error."""
    import sys

    from rich.console import Console

    err = Console(stderr=True)
    try:
        text, spec = resolve_query(arg)
        bindings: dict[str, str] = {}
        for p in params:
            name, sep, value = p.partition("=")
            if not sep or not name.strip():
                raise QueryError(f"--param {p!r}: write name=value, e.g. --param stateA=IRN")
            bindings[name.strip().lstrip("?$")] = value
        if spec:
            missing = [f"--param {n}=… ({kind}: {hint})" for n, (kind, hint) in spec.params.items() if n not in bindings]
            unknown = sorted(set(bindings) - set(spec.params))
            if missing or unknown:
                raise QueryError(f"query {spec.name!r} " + "; ".join(
                    ([f"needs {', '.join(missing)}"] if missing else [])
                    + ([f"has no parameter {', '.join(unknown)} (it has: {', '.join(spec.params) or 'none'})"]
                       if unknown else [])))
        if fmt not in ("table", "csv", "json", "ttl", "nt"):
            raise QueryError(f"--format {fmt!r}: use table, csv or json (ttl or nt for CONSTRUCT)")
        result = run_query(open_store(out), text, bindings, spec=spec, limit=limit)
    except InputError as e:
        err.print(f"[red]error:[/red] {e}", highlight=False)
        return 2
    if result.kind == "graph":
        rdf_fmt = RdfFormat.N_TRIPLES if fmt == "nt" else RdfFormat.TURTLE
        if fmt == "table":
            Console().print(result.to_table(PREFIXES))
        else:
            sys.stdout.write(result.to_rdf(rdf_fmt, PREFIXES).decode("utf-8"))
    elif fmt == "csv":
        sys.stdout.write(result.to_csv() if result.kind == "select" else f"{result.boolean}\n")
    elif fmt == "json":
        sys.stdout.write(result.to_json() + "\n")
    else:
        _print_table(Console(), result)
    return 0


def _print_table(console: Console, result: QueryResult) -> None:
    """A table when it fits the terminal, else one block per row (``name: value`` lines), like psql \\x."""
    from rich.cells import cell_len

    records = result.records(PREFIXES) if result.kind == "select" else []
    widths = [max([cell_len(v)] + [cell_len(r[v] or "") for r in records]) + 3 for v in result.variables]
    if result.kind != "select" or sum(widths) + 1 <= console.width:
        console.print(result.to_table(PREFIXES))
        return
    pad = max(len(v) for v in result.variables)
    for i, rec in enumerate(records, 1):
        console.rule(f"row {i}", style="dim")
        for v in result.variables:
            if rec[v] is not None:
                console.print(f"{v:>{pad}}  {rec[v]}", highlight=False, markup=False)
    console.print(f"{len(records)} rows" + (" (cut at the limit)" if result.truncated else ""))
