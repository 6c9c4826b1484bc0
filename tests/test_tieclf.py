"""The learned tie classifier: committed model, features, predictions, and bad model files."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from relgraph.model import TIE_TYPES, Document
from relgraph.paths import data_path
from relgraph.pipeline import extract_facts
from relgraph.text import annotate
from relgraph.tieclf import (
    TieModelError,
    candidates,
    combine_with_rules,
    features,
    load_model,
    predict_ties,
)

# A short made-up article: the two states are named often, as in a real report on their dispute.
TEXT = (
    "ایران از آمریکا انتقاد کرد.\n\n"
    "وزارت امور خارجه ایران روز دوشنبه اقدام آمریکا را به شدت محکوم کرد و از آمریکا به دلیل نقض تعهدات انتقاد کرد.\n\n"
    "به گفته سخنگوی وزارت امور خارجه ایران، آمریکا باید به تعهدات خود عمل کند.\n\n"
    "ایران پیش از این نیز از آمریکا انتقاد کرده بود."
)


def _facts(text: str = TEXT):
    doc = Document(id="test-doc", text=text)
    return annotate(doc), extract_facts(doc, use_tagger=False)


def test_committed_model_loads_with_known_types() -> None:
    m = load_model()
    assert m.types and set(m.types) <= set(TIE_TYPES)
    assert 0.0 < m.threshold < 1.0
    assert m.combine in ("model", "union", "gated")
    assert len(m.weights) > 50
    meta = json.loads(data_path("models", "ties", "meta.json").read_text(encoding="utf-8"))
    assert meta["feature_version"] == json.loads(data_path("models", "ties", "model.json").read_text())["feature_version"]
    assert meta["training_data"]["sha256"], "metadata must record the training data checksums"


def test_constructed_article_yields_a_criticize_tie_between_the_states() -> None:
    adoc, facts = _facts()
    by_label = {e.label: e.id for e in facts.entities}
    assert "ایران" in by_label and "آمریکا" in by_label, by_label
    rels = predict_ties(adoc, facts.entities, facts.times)
    pair = frozenset((by_label["ایران"], by_label["آمریکا"]))
    hits = [r for r in rels if frozenset((r.source, r.target)) == pair]
    assert hits, [(r.type, r.source, r.target) for r in rels]
    r = hits[0]
    assert r.type == "CRITICIZE"
    assert r.cameo == "111" and r.plover == "ACCUSE"
    assert r.evidence.method == "model:ties"
    assert 0.0 < r.evidence.confidence <= 1.0
    assert adoc.doc.text[r.evidence.start:r.evidence.end] == r.evidence.text


def test_features_are_deterministic_and_name_no_entity() -> None:
    adoc, facts = _facts()
    first = [features(c) for c in candidates(adoc, facts.entities)]
    adoc2, facts2 = _facts()
    assert first == [features(c) for c in candidates(adoc2, facts2.entities)]
    assert all(f == sorted(set(f)) for f in first)
    labels = {e.label for e in facts.entities} | {e.key for e in facts.entities}
    for fs in first:
        for f in fs:
            value = f.split("=", 1)[-1]
            assert value not in labels, f"feature {f!r} names an entity"


def test_known_features_score_and_type_the_same() -> None:
    """features(c, model.known) drops only strings without weights: the same probability and types."""
    adoc, facts = _facts()
    m = load_model()
    for c in candidates(adoc, facts.entities):
        full, known = features(c), features(c, m.known)
        assert known == [f for f in full if f in m.known]
        assert m.prob(known) == m.prob(full) and m.type_probs(known) == m.type_probs(full)


def test_unrelated_entities_in_separate_sentences_are_no_candidates() -> None:
    adoc, facts = _facts("ایران کشوری بزرگ است.\n\nآرژانتین هم کشوری بزرگ است.")
    assert candidates(adoc, facts.entities) == []
    assert predict_ties(adoc, facts.entities, facts.times) == []


def test_combine_modes() -> None:
    adoc, facts = _facts()
    model_only = combine_with_rules(adoc, facts.entities, facts.times, facts.relations, mode="model")
    union = combine_with_rules(adoc, facts.entities, facts.times, facts.relations, mode="union")
    pairs = {frozenset((r.source, r.target)) for r in union}
    assert {frozenset((r.source, r.target)) for r in model_only} <= pairs
    assert {frozenset((r.source, r.target)) for r in facts.relations} <= pairs


def _write(tmp_path: Path, raw: dict) -> Path:
    p = tmp_path / "model.json"
    p.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return p


def test_model_with_bad_shape_raises_clear_error(tmp_path: Path) -> None:
    raw = json.loads(data_path("models", "ties", "model.json").read_text(encoding="utf-8"))
    feat = next(iter(raw["types"]["weights"]))
    raw["types"]["weights"][feat] = raw["types"]["weights"][feat][:-1]
    with pytest.raises(TieModelError, match=r"values for \d+ type labels.*retrain"):
        load_model(_write(tmp_path, raw))


def test_model_with_wrong_feature_version_or_format_is_refused(tmp_path: Path) -> None:
    raw = json.loads(data_path("models", "ties", "model.json").read_text(encoding="utf-8"))
    with pytest.raises(TieModelError, match="trained with features"):
        load_model(_write(tmp_path, {**raw, "feature_version": "old"}))
    with pytest.raises(TieModelError, match="not a relgraph-tieclf model"):
        load_model(_write(tmp_path, {"weights": []}))
    with pytest.raises(TieModelError, match="not found"):
        load_model(tmp_path / "missing.json")


def _eager_ties(text: str):
    """Entities and the ties of a model that ties every pair it sees (bias +40)."""
    adoc, facts = _facts(text)
    m = load_model()
    eager = type(m)(m.weights, 40.0, m.types, m.type_weights, m.type_bias, 0.5)
    return facts.entities, predict_ties(adoc, facts.entities, facts.times, model=eager)


def test_places_are_tied_by_rules_only() -> None:
    # a model that ties every pair it sees: still no tie to a place from the classifier
    entities, rels = _eager_ties("وزیر خارجه ایران در تهران با وزیر خارجه ترکیه دیدار کرد.")
    types = {e.id: e.type for e in entities}
    assert "LOC" in types.values()
    assert rels and not [r for r in rels if "LOC" in (types[r.source], types[r.target])]


def test_news_outlets_are_tied_by_rules_only() -> None:
    entities, rels = _eager_ties("به گزارش خبرگزاری فرانسه، ایران از آمریکا انتقاد کرد.")
    kinds = {e.id: e.key for e in entities}
    assert "org:afp" in kinds.values()
    assert rels and not [r for r in rels if "org:afp" in (kinds[r.source], kinds[r.target])]


def test_the_model_keeps_at_most_its_best_ties_per_article(tmp_path: Path) -> None:
    # an eager model ties every pair; capped, it keeps the number the model file allows, best first
    text = "ایران، روسیه، چین، ترکیه و عراق در نشست آستانه درباره سوریه گفتگو کردند."
    adoc, facts = _facts(text)
    m = load_model()
    eager = dataclasses.replace(m, bias=40.0, threshold=0.5, max_per_article=None)
    every = predict_ties(adoc, facts.entities, facts.times, model=eager)
    assert len(every) > 3
    capped = predict_ties(adoc, facts.entities, facts.times, model=dataclasses.replace(eager, max_per_article=3))
    assert len(capped) == 3 and {(r.source, r.target) for r in capped} <= {(r.source, r.target) for r in every}
    assert load_model().max_per_article == 15  # the committed model keeps the guidelines' 3–15 ties
    raw = json.loads(data_path("models", "ties", "model.json").read_text(encoding="utf-8"))
    raw["combine"]["max_per_article"] = 0
    with pytest.raises(TieModelError, match="max_per_article"):
        load_model(_write(tmp_path, raw))
