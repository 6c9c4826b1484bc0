"""The attributes a CRF model has weights for, kept next to the model (``ner-crf.attrs.json.gz``).

Why: about a fifth of the feature strings ``relgraph.tagger`` makes for news text (rare words,
affixes and bigrams) never occurred in training, so the model has no weight for them. crfsuite
looks every string up and skips the unknown ones, so leaving them out before ``Tagger.set`` gives
the very same tags and marginals, and saves converting and looking them up. The set is written at
training time because reading it from the model (``Tagger.info()``) takes most of a second.

The file names the SHA-256 of the model it was made from; a file made for another model is not
used (the tagger then passes every string, which is slower but tags the same).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

__all__ = ["attrs_path", "read_known_attributes", "write_known_attributes"]


def attrs_path(model: Path) -> Path:
    """``ner-crf.crfsuite`` → ``ner-crf.attrs.json.gz``."""
    return Path(model).with_suffix(".attrs.json.gz")


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_known_attributes(model: Path) -> Path:
    """Write the attributes with at least one state-feature weight in ``model`` (sorted, gzip'd JSON)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    try:
        attrs = sorted({attr for attr, _ in tagger.info().state_features})
    finally:
        tagger.close()
    path = attrs_path(model)
    body = json.dumps({"model_sha256": _sha256(model), "attributes": attrs}, ensure_ascii=False, indent=0)
    path.write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))  # mtime=0: the same model, the same bytes
    return path


def read_known_attributes(model: Path) -> frozenset[str] | None:
    """The attribute set written for ``model``, or None when there is none or it was made for another model."""
    path = attrs_path(model)
    if not path.is_file():
        return None
    data = json.loads(gzip.decompress(path.read_bytes()))
    if data.get("model_sha256") != _sha256(model):
        return None
    return frozenset(data["attributes"])
