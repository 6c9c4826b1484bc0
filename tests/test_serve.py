"""The read-only SPARQL endpoint, exercised with SPARQLWrapper and plain HTTP on an ephemeral loopback port."""

from __future__ import annotations

import json
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper

from relgraph.serve import make_server
from relgraph.store import library, open_store

FIXTURE = Path(__file__).parent / "data" / "sparql_fixture.trig"
REL = "https://w3id.org/relgraph/ontology#"
LABELS = "SELECT DISTINCT ?l WHERE { <https://w3id.org/relgraph/id/state/IRN> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"


def start(tmp: Path, **kw: object) -> tuple[str, object]:
    if not (tmp / "graph.trig").exists():
        shutil.copy(FIXTURE, tmp / "graph.trig")
    server = make_server(open_store(tmp), 0, **kw)  # type: ignore[arg-type]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/sparql", server


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url, server = start(tmp_path_factory.mktemp("serve"), row_limit=50)
    yield url
    server.shutdown()  # type: ignore[attr-defined]
    server.server_close()  # type: ignore[attr-defined]


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_binds_loopback_only(endpoint: str) -> None:
    assert endpoint.startswith("http://127.0.0.1:")


@pytest.mark.parametrize("method", ["GET", POST, POSTDIRECTLY])
def test_select_json_with_persian_labels(endpoint: str, method: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(LABELS)
    sw.setReturnFormat(JSON)
    if method == POSTDIRECTLY:
        sw.setMethod(POST)
        sw.setRequestMethod(POSTDIRECTLY)  # application/sparql-query body
    elif method == POST:
        sw.setMethod(POST)  # form post
    res = sw.queryAndConvert()
    assert {b["l"]["value"] for b in res["results"]["bindings"]} == {"ایران", "Iran"}


def test_library_query_through_the_endpoint_matches_the_embedded_answer(endpoint: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(library()["dyad-year-counts"].text)
    sw.setReturnFormat(JSON)
    rows = sw.queryAndConvert()["results"]["bindings"]
    got = {(r["stateA"]["value"][-3:], r["stateB"]["value"][-3:], r.get("year", {}).get("value"), r["ties"]["value"])
           for r in rows}
    assert ("AZE", "IRN", "2018", "3") in got and ("AZE", "RUS", None, "1") in got and len(got) == 6


def test_xml_and_csv_results(endpoint: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(LABELS)
    sw.setReturnFormat(XML)
    doc = sw.queryAndConvert()
    assert sorted(n.firstChild.data for n in doc.getElementsByTagName("literal")) == ["Iran", "ایران"]
    sw.setReturnFormat(CSV)
    text = sw.queryAndConvert().decode("utf-8")
    assert text.splitlines()[0] == "l" and "ایران" in text


def test_ask(endpoint: str) -> None:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(f"ASK {{ ?s a <{REL}State> }}")
    sw.setReturnFormat(JSON)
    assert sw.queryAndConvert()["boolean"] is True


def test_construct_as_turtle_and_ntriples(endpoint: str) -> None:
    q = f"CONSTRUCT {{ ?s a <{REL}State> }} WHERE {{ ?s a <{REL}State> }}"
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(q)
    sw.setReturnFormat(TURTLE)
    g = rdflib.Graph().parse(data=sw.queryAndConvert().decode("utf-8"), format="turtle")
    assert len(g) == 4
    status, headers, body = http(endpoint + "?" + urllib.parse.urlencode({"query": q}),
                                 headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert len(body.decode().strip().splitlines()) == 4


def test_updates_are_refused(endpoint: str) -> None:
    update = 'INSERT DATA { <http://e/s> <http://e/p> "x" }'
    status, _, body = http(endpoint, urllib.parse.urlencode({"update": update}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    status, _, body = http(endpoint, urllib.parse.urlencode({"query": update}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body  # update text sent as a query
    status, _, _ = http(endpoint, update.encode(), {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = http(endpoint + "?" + urllib.parse.urlencode({"query": "DROP ALL"}))
    assert status == 403
    sw = SPARQLWrapper(endpoint)
    sw.setQuery("ASK { ?s ?p ?o FILTER(?s = <http://e/s>) }")
    sw.setReturnFormat(JSON)
    assert sw.queryAndConvert()["boolean"] is False


def test_errors_say_what_was_wrong(endpoint: str) -> None:
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p }"}))
    assert status == 400 and b"syntax" in body.lower()
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": LABELS}), headers={"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, _ = http(endpoint)
    assert status == 400
    status, _, _ = http(endpoint, b"query=x", {"Content-Type": "text/html"})
    assert status == 415


def test_row_limit_is_announced(endpoint: str) -> None:
    status, headers, body = http(endpoint + "?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert status == 200
    assert headers["X-Result-Limit"] == "50" and headers["X-Result-Truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 50


def test_default_graph_uri_restricts_the_dataset(endpoint: str) -> None:
    q = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{REL}State> }}"
    args = urllib.parse.urlencode({"query": q, "default-graph-uri": "https://w3id.org/relgraph/graph/doc-a"})
    status, _, body = http(endpoint + "?" + args)
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "2"


def test_slow_queries_time_out(tmp_path: Path) -> None:
    url, server = start(tmp_path, timeout_s=0.3, workers=1)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    try:
        status, _, body = http(url + "?" + urllib.parse.urlencode({"query": slow}))
        assert status == 503 and b"longer than 0.3 s" in body
        status, _, body = http(url + "?" + urllib.parse.urlencode({"query": "ASK {}"}))
        assert status == 503 and b"busy" in body  # the only worker is still on the slow query
    finally:
        server.shutdown()  # type: ignore[attr-defined]
        server.server_close()  # type: ignore[attr-defined]
