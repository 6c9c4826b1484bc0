"""A read-only SPARQL 1.1 Protocol endpoint over a build's store, on 127.0.0.1 only.

Why the standard library: the endpoint is for one analyst on one machine (a notebook, YASGUI, a
SPARQLWrapper script), so ``http.server.ThreadingHTTPServer`` is enough and adds no dependency.

Guards, because query text comes from whoever can reach the port:
- only queries: ``update=`` form posts, ``application/sparql-update`` bodies and query text that parses
  as an update are refused (403);
- time: each query runs in a small worker pool and the request gives up after ``timeout_s`` (503). A
  pyoxigraph query cannot be cancelled, so a timed-out query keeps its worker until it ends; when all
  workers are busy new queries are refused (503) instead of piling up;
- size: at most ``row_limit`` rows / triples per answer, said in ``X-Result-Limit`` and
  ``X-Result-Truncated`` headers; request bodies over 1 MiB are refused (413).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from pyoxigraph import NamedNode, RdfFormat, Store

from relgraph.sparql_results import QueryResult
from relgraph.store import PREFIXES, QueryError, run_query

__all__ = ["make_server", "serve"]

MAX_BODY = 1 << 20
_RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {
    "text/turtle": "ttl", "application/turtle": "ttl", "application/x-turtle": "ttl",
    "application/n-triples": "nt", "text/plain": "nt",
}
_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
          "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
          "nt": "application/n-triples"}


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def negotiate(accept: str | None, kind: str) -> str:
    """The answer format for an Accept header: json/xml/csv/tsv for SELECT/ASK, ttl/nt for graphs."""
    table, default = (_GRAPH_TYPES, "ttl") if kind == "graph" else (_RESULT_TYPES, "json")
    if kind == "ask":
        table = {k: v for k, v in table.items() if v in ("json", "xml")}
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept or "*/*").split(",")):
        media, *opts = (p.strip() for p in part.split(";"))
        q = 1.0
        for o in opts:
            if o.startswith("q="):
                try:
                    q = float(o[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, media.lower()))
    for _, _, media in sorted(ranked):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    raise _Refused(406, f"cannot answer a {kind.upper()} query as {accept!r}; "
                        f"acceptable: {', '.join(sorted(table))}")


def _is_update(text: str) -> bool:
    """True if ``text`` parses as SPARQL Update (rdflib's parser: parsing only, nothing is run)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # any parse failure: not an update
        return False
    return True


class _Endpoint:
    def __init__(self, store: Store, timeout_s: float, row_limit: int, workers: int) -> None:
        self.store, self.timeout_s, self.row_limit = store, timeout_s, row_limit
        self.slots = threading.BoundedSemaphore(workers)

    def answer(self, text: str, default_graphs: list[str], named_graphs: list[str]) -> QueryResult:
        try:
            dataset = {"default_graphs": [NamedNode(g) for g in default_graphs] or None,
                       "named_graphs": [NamedNode(g) for g in named_graphs] or None}
        except ValueError as e:
            raise _Refused(400, f"bad graph IRI: {e}") from None
        if not self.slots.acquire(blocking=False):
            raise _Refused(503, "all query workers are busy (earlier queries ran over the time limit); try later")
        box: dict[str, object] = {}
        done = threading.Event()

        def work() -> None:  # a daemon thread: a runaway query never keeps the process alive
            try:
                box["result"] = run_query(self.store, text, None, limit=self.row_limit, **dataset)
            except Exception as e:  # handed to the request thread
                box["error"] = e
            finally:
                self.slots.release()
                done.set()

        threading.Thread(target=work, name="sparql-query", daemon=True).start()
        if not done.wait(self.timeout_s):
            raise _Refused(503, f"query ran longer than {self.timeout_s:g} s and was given up; "
                                "narrow it (LIMIT, more specific patterns)")
        error = box.get("error")
        if isinstance(error, QueryError):
            if _is_update(text):
                raise _Refused(403, "this endpoint is read-only: SPARQL Update is refused")
            raise _Refused(400, str(error))
        if isinstance(error, Exception):
            raise error
        result = box["result"]
        assert isinstance(result, QueryResult)
        return result


class _Handler(BaseHTTPRequestHandler):
    server_version = "relgraph-sparql/0.1"
    endpoint: _Endpoint  # set on the subclass made by make_server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass  # quiet: the CLI prints the URL; errors go back to the client

    def do_GET(self) -> None:
        self._handle(None)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(413, "text/plain", f"request body over {MAX_BODY} bytes".encode())
            return
        self._handle(self.rfile.read(length))

    def _handle(self, body: bytes | None) -> None:
        try:
            url = urlsplit(self.path)
            if url.path not in ("/sparql", "/"):
                raise _Refused(404, "not found: the endpoint is /sparql")
            params = parse_qs(url.query)
            if body is not None:
                ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                if ctype == "application/sparql-update":
                    raise _Refused(403, "this endpoint is read-only: SPARQL Update is refused")
                if ctype == "application/x-www-form-urlencoded":
                    for k, v in parse_qs(body.decode("utf-8")).items():
                        params.setdefault(k, []).extend(v)
                elif ctype == "application/sparql-query":
                    params.setdefault("query", []).append(body.decode("utf-8"))
                else:
                    raise _Refused(415, f"unsupported Content-Type {ctype!r}: use application/sparql-query "
                                        "or application/x-www-form-urlencoded")
            if "update" in params:
                raise _Refused(403, "this endpoint is read-only: SPARQL Update is refused")
            queries = params.get("query", [])
            if not queries and url.path == "/" and body is None:
                self._send(200, "text/plain", b"relgraph read-only SPARQL endpoint: GET or POST /sparql?query=...\n")
                return
            if len(queries) != 1:
                raise _Refused(400, "give exactly one query parameter")
            result = self.endpoint.answer(queries[0], params.get("default-graph-uri", []),
                                          params.get("named-graph-uri", []))
            fmt = negotiate(self.headers.get("Accept"), result.kind)
            self._send(200, _MEDIA[fmt], _render(result, fmt), result)
        except _Refused as e:
            self._send(e.status, "text/plain", (str(e) + "\n").encode())
        except UnicodeDecodeError:
            self._send(400, "text/plain", b"the request is not valid UTF-8\n")
        except Exception as e:  # a bug of ours: say so instead of dropping the connection
            self._send(500, "text/plain", f"internal error: {type(e).__name__}: {e}\n".encode())

    def _send(self, status: int, ctype: str, data: bytes, result: QueryResult | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if result is not None:
            self.send_header("X-Result-Limit", str(self.endpoint.row_limit))
            self.send_header("X-Result-Truncated", "true" if result.truncated else "false")
        self.end_headers()
        self.wfile.write(data)


def _render(result: QueryResult, fmt: str) -> bytes:
    if fmt in ("ttl", "nt"):
        return result.to_rdf(RdfFormat.N_TRIPLES if fmt == "nt" else RdfFormat.TURTLE, PREFIXES)
    text = {"json": result.to_json, "xml": result.to_xml, "csv": result.to_csv, "tsv": result.to_tsv}[fmt]()
    return text.encode("utf-8")


def make_server(store: Store, port: int = 8890, *, timeout_s: float = 30.0, row_limit: int = 10000,
                workers: int = 4) -> ThreadingHTTPServer:
    """An endpoint server bound to 127.0.0.1:``port`` (0: any free port); call ``serve_forever()``."""
    handler = type("Handler", (_Handler,), {"endpoint": _Endpoint(store, timeout_s, row_limit, workers)})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    return server


def serve(store: Store, port: int = 8890, *, timeout_s: float = 30.0, row_limit: int = 10000) -> None:
    """Serve until interrupted (Ctrl-C), printing the endpoint URL."""
    server = make_server(store, port, timeout_s=timeout_s, row_limit=row_limit)
    print(f"SPARQL endpoint: http://127.0.0.1:{server.server_address[1]}/sparql (read-only; Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
