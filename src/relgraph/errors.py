"""relgraph's exception tree, so callers can catch one family (``RelgraphError``) or one cause.

Every message says which input was wrong (file and line where there is one) and what to do about it.
"""

from __future__ import annotations

__all__ = ["BackendUnavailable", "InputError", "LexiconError", "OntologyError", "RelgraphError"]


class RelgraphError(Exception):
    """Base of every error relgraph raises on purpose."""


class LexiconError(RelgraphError):
    """A bundled or user lexicon file is missing or malformed (message: ``path:line: what, how to fix``)."""


class InputError(RelgraphError):
    """An input document, corpus or option cannot be used as given."""


class OntologyError(RelgraphError):
    """The ontology or SHACL shapes are missing, unreadable, or the graph breaks them."""


class BackendUnavailable(RelgraphError):
    """An optional system component (browser, triple store, server) is not installed or not reachable."""
