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
) -> None:
    """Build the knowledge graph of a corpus into OUT (ttl, trig, jsonld, facts.jsonl, report.json)."""
    from relgraph.pipeline import build_cli

    raise typer.Exit(build_cli(inputs, out, strict=strict))


@app.command()
def extract(file: Annotated[Path, typer.Argument(help="one article (.txt/.md/.html)")]) -> None:
    """Print the facts of one article as JSON (the format of facts.jsonl)."""
    from relgraph.pipeline import extract_cli

    raise typer.Exit(extract_cli(file))


# --- train (tagger) ---------------------------------------------------------------------------
# --- analyze / render -------------------------------------------------------------------------
# --- query / serve / push ---------------------------------------------------------------------


def main() -> None:  # pragma: no cover
    app()
