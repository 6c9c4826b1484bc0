"""relgraph's command line: thin wrappers that parse arguments and call the library.

Exit status: 0 success; 1 some inputs skipped / validation failed (see each command); 2 usage error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


# --- build / extract (pipeline) --------------------------------------------------------------
@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help=".txt/.md/.html files, folders, .jsonl corpora")],
    out: Annotated[Path, typer.Option("-o", "--out", help="output folder")] = Path("out"),
    strict: Annotated[bool, typer.Option(help="exit 1 if any input was skipped")] = False,
    max_bytes: Annotated[int | None, typer.Option(help="largest article file / JSONL line read (bytes; default 5 MB)")] = None,
    validate: Annotated[bool, typer.Option(help="check the graph against ontology/shapes.ttl (SHACL; slow on big corpora)")] = True,
) -> None:
    """Build the knowledge graph of a corpus into OUT (ttl, trig, jsonld, facts.jsonl, report.json, graph.html)."""
    from relgraph.pipeline import build_cli

    raise typer.Exit(build_cli(inputs, out, strict=strict, max_bytes=max_bytes, validate_shapes=validate))


@app.command()
def extract(file: Annotated[Path, typer.Argument(help="one article (.txt/.md/.html)")]) -> None:
    """Print the facts of one article as JSON (the format of facts.jsonl)."""
    from relgraph.pipeline import extract_cli

    raise typer.Exit(extract_cli(file))


@app.command(name="validate")
def validate_cmd(graph: Annotated[Path, typer.Argument(help="out/ folder or an RDF file")]) -> None:
    """Check a built graph against relgraph's SHACL shapes (exit 1 on violations, with the report)."""
    from relgraph.rdf import load_dataset, validate

    report = validate(load_dataset(graph))
    print("conforms" if report.conforms else report.text)
    raise typer.Exit(0 if report.conforms else 1)


# --- train (tagger) ---------------------------------------------------------------------------
@app.command()
def train(
    data: Annotated[Path, typer.Option("--data", help="ArmanPersoNERCorpus folder (train_fold1.txt …)")],
    out: Annotated[Path, typer.Option("--out", help="model file; metadata goes next to it (.json)")] = Path(
        "data/models/ner-crf.crfsuite"
    ),
    cv: Annotated[bool, typer.Option("--cv", help="3-fold cross-validate first; figures go in the metadata")] = False,
    seed: Annotated[int, typer.Option(help="seed for the given-name jack-knife split")] = 0,
) -> None:
    """Train the CRF entity tagger on the whole corpus (optionally 3-fold cross-validate first)."""
    from relgraph.train import cli_train

    raise typer.Exit(cli_train(data, out, cv=cv, seed=seed))


# --- analyze / render -------------------------------------------------------------------------
@app.command()
def analyze(
    inputs: Annotated[list[Path], typer.Argument(help="out/ folder of `relgraph build`, or .trig/.ttl/.nt/.jsonld files")],
    dyad: Annotated[tuple[str, str] | None, typer.Option(help="timeline of two actors (Persian/English name, QID or key)")] = None,
    path: Annotated[tuple[str, str] | None, typer.Option(help="who ties two actors, and through which ties")] = None,
    cutoff: Annotated[int, typer.Option(help="longest path, in hops, for --path")] = 4,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON for scripts instead of tables")] = False,
    export: Annotated[bool, typer.Option(help="write GraphML, GEXF and CSV into <input folder>/analysis/")] = False,
    export_dir: Annotated[Path | None, typer.Option(help="folder for --export instead of <input>/analysis")] = None,
    top: Annotated[int, typer.Option(help="rows per table")] = 15,
) -> None:
    """Tie strength between states, cooperation–conflict balance, central actors, paths and exports."""
    from relgraph.report_term import analyze_cli

    raise typer.Exit(analyze_cli(inputs, dyad=dyad, path=path, cutoff=cutoff, as_json=as_json, export=export,
                                 export_dir=export_dir, top=top))


@app.command()
def render(
    inputs: Annotated[list[Path], typer.Argument(help="out/ folder of `relgraph build`, or RDF files")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="HTML file (default: <input folder>/graph.html)")] = None,
    title: Annotated[str | None, typer.Option(help="page title")] = None,
) -> None:
    """Write the interactive graph as one offline HTML file (no network needed to open it)."""
    from relgraph.render import render_cli

    raise typer.Exit(render_cli(inputs, out, title))


# --- query / serve / push ---------------------------------------------------------------------
@app.command()
def query(
    out: Annotated[Path, typer.Argument(help="build folder (holds graph.trig)")],
    sparql: Annotated[str, typer.Argument(metavar="QUERY", help="SPARQL text, a FILE.rq, or a library query NAME")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="name=value (repeatable)")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | csv | json (ttl | nt for CONSTRUCT)")] = "table",
    limit: Annotated[int | None, typer.Option(help="show at most this many rows")] = None,
) -> None:
    """Run a SPARQL query on OUT's graph (parameters are bound as RDF terms, never pasted as text)."""
    from relgraph.store import query_cli

    raise typer.Exit(query_cli(out, sparql, param or [], fmt, limit))


@app.command()
def serve(
    out: Annotated[Path, typer.Argument(help="build folder (holds graph.trig)")],
    port: Annotated[int, typer.Option(help="port on 127.0.0.1")] = 8890,
    timeout: Annotated[float, typer.Option(help="seconds a query may run")] = 30.0,
    limit: Annotated[int, typer.Option(help="most rows / triples in one answer")] = 10000,
) -> None:
    """Serve OUT's graph as a read-only SPARQL 1.1 endpoint on http://127.0.0.1:PORT/sparql."""
    from relgraph.serve import serve as run_server
    from relgraph.store import open_store

    run_server(open_store(out), port=port, timeout_s=timeout, row_limit=limit)


@app.command()
def push(
    out: Annotated[Path, typer.Argument(help="build folder (holds graph.trig)")],
    endpoint: Annotated[str, typer.Option(help="SPARQL endpoint (query / update) URL")],
    gsp: Annotated[str | None, typer.Option(help="Graph Store Protocol URL (default: --endpoint)")] = None,
    update: Annotated[bool, typer.Option("--update", help="use SPARQL Update INSERT DATA instead of GSP PUT")] = False,
    user: Annotated[str | None, typer.Option(help="user name (HTTP Basic or Digest)")] = None,
    password: Annotated[str | None, typer.Option(help="password", envvar="RELGRAPH_PUSH_PASSWORD")] = None,
    chunk: Annotated[int, typer.Option(help="triples per INSERT DATA request")] = 5000,
) -> None:
    """Load each document graph of OUT into a remote triple store (replacing graphs of the same name)."""
    from relgraph.push import push_cli

    raise typer.Exit(push_cli(out, endpoint, gsp=gsp, update=update, user=user, password=password, chunk=chunk))


def main() -> None:  # pragma: no cover
    app()
