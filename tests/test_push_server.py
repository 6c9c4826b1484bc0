"""Push to a REAL triple store (OpenLink Virtuoso, Debian package virtuoso-opensource) started on loopback.

The test writes a virtuoso.ini with a temporary database folder and free ports, starts ``virtuoso-t``,
pushes tests/data/sparql_fixture.trig with the Graph Store Protocol and again with SPARQL Update, then
asks Virtuoso every library query (parameters bound by a VALUES block) and compares its answers with
the embedded store's. Skips when virtuoso-t is not installed, except under CI=true, where it fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode
from SPARQLWrapper import JSON, SPARQLWrapper

from relgraph.push import PushError, chunks, push
from relgraph.store import bind_values, library, open_store, run_query, to_term

pytestmark = pytest.mark.server
FIXTURE = Path(__file__).parent / "data" / "sparql_fixture.trig"
PARAMS = {"agreements": {"stateA": "IRN", "stateB": "AZE"}, "official-visits": {"fromState": "IRN", "toState": "AZE"},
          "events-on-topic": {"topic": "Karabakh"}, "evidence": {"tie": "rid:tie/a-visit"},
          "actor-ties": {"actor": "rid:state/AZE"}, "dyad-year-counts": {}}
GRAPHS = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
          'FILTER(STRSTARTS(STR(?g), "https://w3id.org/relgraph/graph/")) } GROUP BY ?g')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = shutil.which("virtuoso-t")
    if exe is None:
        msg = "virtuoso-t not found: apt-get install virtuoso-opensource (listed in .ci/apt-packages.txt)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    d = tmp_path_factory.mktemp("virtuoso")
    port = _free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql=_free_port(), http=port), encoding="utf-8")
    log = open(d / "stdout.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"virtuoso did not start: {(d / 'stdout.log').read_text(errors='replace')[-2000:]}")
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    shutil.copy(FIXTURE, folder / "graph.trig")
    return folder


def _norm(value: str) -> str:
    try:
        return str(Decimal(value).normalize())
    except InvalidOperation:
        return value


def remote(base: str, query: str) -> set[tuple[tuple[str, str], ...]]:
    sw = SPARQLWrapper(f"{base}/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(JSON)
    rows = sw.queryAndConvert()["results"]["bindings"]
    return {tuple(sorted((k, _norm(v["value"])) for k, v in r.items())) for r in rows}


def local(out: Path, query: str) -> set[tuple[tuple[str, str], ...]]:
    res = run_query(open_store(out), query)
    return {tuple(sorted((v, _norm(t.value)) for v, t in zip(res.variables, row, strict=True) if t is not None))
            for row in res.rows}


def compare_library(base: str, out: Path) -> None:
    for name, spec in library().items():
        terms = {k: to_term(v, spec.params[k][0]) for k, v in PARAMS[name].items()}
        query = bind_values(spec.text, terms)
        mine = local(out, query)
        assert mine, f"{name}: the embedded store found nothing; fix PARAMS"
        assert remote(base, query) == mine, name


def test_gsp_push_then_library_answers_match(virtuoso: str, out: Path) -> None:
    rep = push(out, f"{virtuoso}/sparql-auth", gsp=f"{virtuoso}/sparql-graph-crud-auth", user="dba", password="dba")
    assert (rep.graphs, rep.method, rep.requests) == (3, "gsp", 3)
    assert rep.triples == len(open_store(out))
    assert remote(virtuoso, GRAPHS) == local(out, GRAPHS)
    compare_library(virtuoso, out)


def test_update_push_in_small_chunks_keeps_blank_nodes_whole(virtuoso: str, out: Path) -> None:
    rep = push(out, f"{virtuoso}/sparql-auth", update=True, user="dba", password="dba", chunk=7)
    assert rep.method == "update" and rep.requests > 3 + rep.triples // 20
    assert remote(virtuoso, GRAPHS) == local(out, GRAPHS)  # DROP + INSERT replaced, not added
    ev = ("PREFIX rel: <https://w3id.org/relgraph/ontology#> SELECT ?tie ?doc ?m WHERE "
          "{ ?tie rel:evidence ?e . ?e rel:inDocument ?doc ; rel:method ?m ; rel:start ?s }")
    assert remote(virtuoso, ev) == local(out, ev)
    compare_library(virtuoso, out)


def test_wrong_password_is_reported(virtuoso: str, out: Path) -> None:
    with pytest.raises(PushError, match="401"):
        push(out, f"{virtuoso}/sparql-auth", gsp=f"{virtuoso}/sparql-graph-crud-auth", user="dba", password="nope")


def test_unreachable_store_is_reported(out: Path) -> None:
    with pytest.raises(PushError, match="cannot reach"):
        push(out, f"http://127.0.0.1:{_free_port()}/sparql", update=True)


def test_chunks_keep_blank_node_components_together() -> None:
    from pyoxigraph import BlankNode, Triple

    p = NamedNode("http://e/p")
    a, b = BlankNode("a"), BlankNode("b")
    ts = [Triple(NamedNode(f"http://e/{i}"), p, Literal(str(i))) for i in range(5)]
    ts += [Triple(NamedNode("http://e/t"), p, a), Triple(a, p, b), Triple(b, p, Literal("x")), Triple(a, p, Literal("y"))]
    parts = list(chunks(ts, 2))
    assert sorted(map(str, (t for part in parts for t in part))) == sorted(map(str, ts))
    holding = [i for i, part in enumerate(parts) if any(isinstance(x, BlankNode) for t in part for x in (t.subject, t.object))]
    assert len(holding) == 1 and len(parts[holding[0]]) == 4


def test_cli_push(virtuoso: str, out: Path) -> None:
    from typer.testing import CliRunner

    from relgraph.cli import app

    r = CliRunner().invoke(app, ["push", str(out), "--endpoint", f"{virtuoso}/sparql-auth", "--update",
                                 "--user", "dba", "--password", "dba"])
    assert r.exit_code == 0 and "pushed 3 graphs" in r.output, r.output
    r = CliRunner().invoke(app, ["push", str(out), "--endpoint", f"{virtuoso}/sparql-auth", "--update",
                                 "--user", "dba", "--password", "wrong"])
    assert r.exit_code == 1 and "401" in r.output
