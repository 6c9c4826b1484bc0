"""Materialised SPARQL results and their standard serialisations (JSON, XML, CSV, TSV, Turtle, table).

Why our own writers instead of pyoxigraph's ``serialize``: results are cut at a row limit (the endpoint
and the CLI bound their output), and a cut iterator cannot be handed back to pyoxigraph. The formats
follow the W3C specs: SPARQL 1.1 Query Results JSON, XML, CSV/TSV.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Literal as Lit
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

__all__ = ["QueryResult", "Term", "short"]

Term = NamedNode | BlankNode | Literal | Triple
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def short(term: Term | None, prefixes: dict[str, str] | None = None) -> str:
    """A compact human form: ``rid:state/IRN``, ``ایران``, ``2019-07-02`` (no language tag); '' if unbound."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for p, ns in (prefixes or {}).items():
            if term.value.startswith(ns):
                return f"{p}:{term.value[len(ns):]}"
        return term.value
    if isinstance(term, Literal):
        return term.value
    return str(term)


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    out: dict[str, object] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    attr = ""
    if term.language:
        attr = f" xml:lang={quoteattr(term.language)}"
    elif term.datatype.value not in (_XSD_STRING, _RDF_LANG):
        attr = f" datatype={quoteattr(term.datatype.value)}"
    return f"<literal{attr}>{escape(term.value)}</literal>"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, NamedNode | Literal):
        return term.value
    return str(term)


def _tsv_value(term: Term | None) -> str:
    return "" if term is None else str(term)  # TSV uses the Turtle/N-Triples forms of terms


@dataclass(slots=True)
class QueryResult:
    """A query's answer held in memory: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE.

    ``truncated`` is True when a row limit cut the answer.
    """

    kind: Lit["select", "ask", "graph"]
    variables: list[str]
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Triple] = field(default_factory=list)
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples) if self.kind == "graph" else 1

    def records(self, prefixes: dict[str, str] | None = None) -> list[dict[str, str | None]]:
        """Rows as dicts of compact strings (for pandas: ``pd.DataFrame(result.records())``)."""
        return [{v: (short(t, prefixes) if t is not None else None) for v, t in zip(self.variables, row, strict=True)}
                for row in self.rows]

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        if self.kind == "ask":
            return json.dumps({"head": {}, "boolean": self.boolean})
        self._need_rows("JSON")
        bindings = [{v: _json_term(t) for v, t in zip(self.variables, row, strict=True) if t is not None}
                    for row in self.rows]
        return json.dumps({"head": {"vars": self.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False)

    def to_xml(self) -> str:
        """SPARQL Query Results XML."""
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in self.variables)
        out = ['<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
               f"<head>{head}</head>"]
        if self.kind == "ask":
            out.append(f"<boolean>{'true' if self.boolean else 'false'}</boolean>")
        else:
            self._need_rows("XML")
            out.append("<results>")
            for row in self.rows:
                cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                for v, t in zip(self.variables, row, strict=True) if t is not None)
                out.append(f"<result>{cells}</result>")
            out.append("</results>")
        out.append("</sparql>\n")
        return "\n".join(out)

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV results (values only: IRIs and literals without markup)."""
        self._need_rows("CSV")
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(self.variables)
        for row in self.rows:
            w.writerow([_csv_value(t) for t in row])
        return buf.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 TSV results (terms in Turtle syntax)."""
        self._need_rows("TSV")
        lines = ["\t".join(f"?{v}" for v in self.variables)]
        lines += ["\t".join(_tsv_value(t) for t in row) for row in self.rows]
        return "\n".join(lines) + "\n"

    def to_rdf(self, fmt: RdfFormat = RdfFormat.TURTLE, prefixes: dict[str, str] | None = None) -> bytes:
        """The triples of a CONSTRUCT / DESCRIBE answer as Turtle or N-Triples."""
        if self.kind != "graph":
            raise ValueError("only CONSTRUCT and DESCRIBE answers are graphs; use JSON, XML, CSV or TSV")
        if fmt == RdfFormat.TURTLE and prefixes:
            return serialize(self.triples, format=fmt, prefixes=prefixes) or b""
        return serialize(self.triples, format=fmt) or b""

    def to_table(self, prefixes: dict[str, str] | None = None) -> object:
        """A rich Table (labels shown as written, Persian included) for the terminal."""
        from rich.table import Table

        if self.kind == "ask":
            table = Table("answer")
            table.add_row("yes" if self.boolean else "no")
            return table
        if self.kind == "graph":
            table = Table("subject", "predicate", "object")
            for t in self.triples:
                table.add_row(short(t.subject, prefixes), short(t.predicate, prefixes), short(t.object, prefixes))
            return table
        table = Table(*self.variables, caption=f"{len(self.rows)} rows" + (" (cut at the limit)" if self.truncated else ""))
        for row in self.rows:
            table.add_row(*(short(t, prefixes) for t in row))
        return table

    def _need_rows(self, fmt: str) -> None:
        if self.kind == "graph":
            raise ValueError(f"{fmt} is for SELECT/ASK answers; a CONSTRUCT/DESCRIBE answer is Turtle or N-Triples")
