"""The project's own gold files (``bench/gold``) follow the scorer's format and hold no article text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relgraph.model import ENTITY_TYPES, TIE_TYPES

GOLD = sorted((Path(__file__).resolve().parents[1] / "bench" / "gold").glob("*/*.gold.json"))


def test_gold_files_exist() -> None:
    assert len(GOLD) >= 40


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.name)
def test_gold_file_is_well_formed(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert gold["doc"] == path.name[: -len(".gold.json")]
    ids = {e["id"] for e in gold["entities"]}
    assert len(ids) == len(gold["entities"]), "entity ids must be unique"
    for e in gold["entities"]:
        assert e["type"] in ENTITY_TYPES and e["names"]
        assert all(len(n) <= 200 for n in e["names"]), "names are short surface forms, never article text"
    for t in gold["ties"]:
        assert t["type"] in TIE_TYPES
        for end in ("a", "b"):
            assert set(t[end] if isinstance(t[end], list) else [t[end]]) <= ids
