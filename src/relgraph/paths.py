"""Where relgraph finds its bundled knowledge: lexicons, rules, models and the ontology.

In a source checkout (editable install) they live at the repository root (``data/``, ``ontology/``);
in a built wheel they are packed inside the package as ``relgraph/_data`` and ``relgraph/_ontology``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DATA_DIR", "ONTOLOGY_DIR", "data_path", "ontology_path"]

_PKG = Path(__file__).resolve().parent


def _pick(packed: str, source: str) -> Path:
    inside = _PKG / packed
    return inside if inside.is_dir() else _PKG.parent.parent / source


DATA_DIR: Path = _pick("_data", "data")
ONTOLOGY_DIR: Path = _pick("_ontology", "ontology")


def data_path(*parts: str) -> Path:
    """Path of a bundled data file, e.g. ``data_path("lexicons", "states.tsv")``."""
    return DATA_DIR.joinpath(*parts)


def ontology_path(*parts: str) -> Path:
    """Path of a file under ``ontology/``, e.g. ``ontology_path("relgraph.ttl")``."""
    return ONTOLOGY_DIR.joinpath(*parts)
