"""CRF named-entity tagger for Persian news (python-crfsuite), trained on ArmanPersoNERCorpus.

Why a CRF: it is small (a few MB), loads in well under a second, tags tens of thousands of tokens per
second on one core and needs no GPU or network, while being far better than lexicon lookup at finding
people, organisations and places that no list knows. ``relgraph train`` (see ``relgraph.train``)
builds the model; the committed one lives in ``data/models/``.

Features are cheap string features computed once per sentence: the normalised word, affixes, word
shape, length, ZWNJ, a ±2 window with bigrams, a frequency bucket from hazm's word list, and
*gazetteer flags*. Flags come from three places, merged per token:

- cue phrases: ``data/models/ner-cues.tsv`` (titles, organisation/place heads, state names) plus the
  project lexicons (``data/lexicons/``: states, places, organisations, people, offices, ranks, heads),
  *frozen into the model's metadata when it is trained*, so lexicon edits never silently change what
  the weights mean;
- given names learned from the training corpus (also in the metadata),
- whatever the caller passes in ``extra`` (e.g. ``"STATE"`` for a lexicon hit).

The flag vocabulary the model was trained with is listed in the metadata (``flags``); other flag
strings are accepted but carry no weight. Changing the features, cues or lexicons needs retraining
to take effect: ``FEATURE_VERSION`` is stored in the metadata and checked on load.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from relgraph.paths import data_path
from relgraph.tagger_attrs import read_known_attributes
from relgraph.tagger_features import (
    Gazetteer,
    hazm_word_freq,
    normalize_token,
    read_cues,
    sentence_features,
    token_features,
)
from relgraph.tagger_known import KnownFeatures

__all__ = [
    "FEATURE_VERSION",
    "LABEL_MAP",
    "MODEL_NAME",
    "EntityTagger",
    "Gazetteer",
    "KnownFeatures",
    "TaggedSpan",
    "bio_spans",
    "hazm_word_freq",
    "normalize_token",
    "read_cues",
    "sentence_features",
    "token_features",
]

FEATURE_VERSION = "arman-crf-4"
MODEL_NAME = "ner-crf.crfsuite"
CUES_NAME = "ner-cues.tsv"
LABEL_MAP: dict[str, str] = {
    "pers": "PERSON", "org": "ORG", "loc": "LOC", "fac": "LOC", "event": "EVENT", "pro": "PRODUCT",
}


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """An entity found by the tagger: token indices (end exclusive), relgraph type, mean marginal."""

    start: int
    end: int
    label: str
    confidence: float


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) spans of an IOB/BIO tag sequence, conlleval style (a stray I- starts a span)."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        if start >= 0 and (prefix in ("B", "O") or typ != kind):
            spans.append((start, i, kind))
            start = -1
        if prefix == "B" or (prefix == "I" and start < 0):
            start, kind = i, typ
    return spans


class EntityTagger:
    """A loaded CRF model with its gazetteer. Thread-unsafe (one crfsuite Tagger); create one per thread."""

    def __init__(self, model_path: Path, metadata: dict, gazetteer: Gazetteer) -> None:
        self.model_path = model_path
        self.metadata = metadata
        self.gazetteer = gazetteer
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        # the strings the model has weights for (tagger_attrs), or None: then every string is passed
        self.known_attributes = read_known_attributes(model_path)
        self._known: KnownFeatures | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> EntityTagger:
        """Open a model (default: the committed ``data/models/ner-crf.crfsuite``) and its metadata JSON."""
        path = Path(path) if path is not None else data_path("models", MODEL_NAME)
        meta_path = path.with_suffix(".json")
        if not path.is_file() or not meta_path.is_file():
            raise FileNotFoundError(
                f"tagger model {path} or its metadata {meta_path.name} is missing; "
                "train one with `relgraph train --data ../shared/data/arman-ner`"
            )
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
        if metadata.get("feature_version") != FEATURE_VERSION:
            raise ValueError(
                f"{path} was trained with features {metadata.get('feature_version')!r} but this code computes "
                f"{FEATURE_VERSION!r}; retrain with `relgraph train`"
            )
        entries = [tuple(c.split("\t", 1)) for c in metadata.get("cues", [])]
        entries += [(w, "GIVEN_NAME") for w in metadata.get("given_names", [])]
        return cls(path, metadata, Gazetteer(entries, hazm_word_freq()))

    def tag_bio(self, tokens: Sequence[str], extra: Sequence[Sequence[str]] | None = None) -> list[str]:
        """Corpus tags (``B-pers``, ``I-loc``, ``O``…) for one sentence of tokens."""
        if not tokens:
            return []
        known = self.known_attributes
        if known is None:
            self._tagger.set(sentence_features(tokens, extra, self.gazetteer))
        else:
            if self._known is None or self._known.known is not known:
                self._known = KnownFeatures(known, self.gazetteer)  # its caches live as long as the tagger
            self._tagger.set(self._known.sentence(tokens, extra))
        return list(self._tagger.tag())

    def tag(self, tokens: Sequence[str], extra: Sequence[Sequence[str]] | None = None) -> list[TaggedSpan]:
        """Entity spans of one sentence, labels mapped to relgraph types (``pers``→``PERSON`` …)."""
        tags = self.tag_bio(tokens, extra)
        spans: list[TaggedSpan] = []
        for start, end, kind in bio_spans(tags):
            conf = sum(self._tagger.marginal(tags[t], t) for t in range(start, end)) / (end - start)
            spans.append(TaggedSpan(start, end, LABEL_MAP.get(kind, kind.upper()), round(conf, 4)))
        return spans
