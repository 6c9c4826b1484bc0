"""The CRF entity tagger: committed model, features, span scoring, train → load round trip."""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest

from relgraph.paths import data_path
from relgraph.tagger import (
    FEATURE_VERSION,
    EntityTagger,
    Gazetteer,
    KnownFeatures,
    TaggedSpan,
    bio_spans,
    normalize_token,
    read_cues,
    sentence_features,
    token_features,
)
from relgraph.tagger_attrs import attrs_path, read_known_attributes
from relgraph.train import cross_validate, learn_given_names, read_conll, score_spans, train

MODEL = data_path("models", "ner-crf.crfsuite")
ARMAN = Path(__file__).resolve().parents[2] / "shared" / "data" / "arman-ner"
needs_arman = pytest.mark.skipif(
    not (ARMAN / "test_fold1.txt").is_file(),
    reason=f"ArmanPersoNERCorpus not found at {ARMAN} (../shared is absent in a fresh clone)",
)


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    return EntityTagger.load()


def _spans(tagger: EntityTagger, sentence: str) -> dict[str, str]:
    tokens = sentence.split()
    return {" ".join(tokens[s.start : s.end]): s.label for s in tagger.tag(tokens)}


def test_committed_model_loads_fast() -> None:
    import hazm  # noqa: F401  (the pipeline imports hazm anyway; time only our own loading)

    t0 = time.perf_counter()
    EntityTagger.load()
    assert time.perf_counter() - t0 < 1.0


def test_finds_people_and_places_in_unseen_sentence(tagger: EntityTagger) -> None:
    found = _spans(tagger, "ولادیمیر پوتین رئیس جمهور روسیه با رجب طیب اردوغان در آنکارا دیدار کرد .")
    assert found.get("ولادیمیر پوتین") == "PERSON"
    assert found.get("آنکارا") == "LOC"
    assert found.get("روسیه") == "LOC"
    found = _spans(tagger, "رجب طیب اردوغان رئیس جمهور ترکیه به تهران سفر کرد .")
    assert found.get("رجب طیب اردوغان") == "PERSON"
    assert found.get("تهران") == "LOC"
    found = _spans(tagger, "آنتونیو گوترش دبیرکل سازمان ملل متحد از شورای امنیت خواست .")
    assert found.get("آنتونیو گوترش") == "PERSON" and found.get("سازمان ملل متحد") == "ORG"


def test_finds_organisation(tagger: EntityTagger) -> None:
    found = _spans(tagger, "وزارت امور خارجه ایران این اقدام سازمان ملل متحد را محکوم کرد .")
    assert "ORG" in found.values()


def test_spans_have_sane_confidence_and_bio_agrees(tagger: EntityTagger) -> None:
    tokens = ["محمد", "جواد", "ظریف", "وزیر", "امور", "خارجه", "به", "پکن", "سفر", "کرد", "."]
    spans = tagger.tag(tokens)
    assert spans and all(isinstance(s, TaggedSpan) and 0.0 < s.confidence <= 1.0 for s in spans)
    assert [(s.start, s.end) for s in spans] == [(a, b) for a, b, _ in bio_spans(tagger.tag_bio(tokens))]
    assert tagger.tag([]) == []


def test_extra_flags_are_accepted_and_checked(tagger: EntityTagger) -> None:
    tokens = ["هیئت", "بلاروس", "به", "تهران", "رفت"]
    extra = [[], ["STATE"], [], ["CITY"], []]
    assert isinstance(tagger.tag(tokens, extra), list)
    with pytest.raises(ValueError, match="one list of flags per token"):
        tagger.tag(tokens, [[]])


def test_features_are_deterministic_and_complete() -> None:
    gaz = Gazetteer([("رئیس جمهور", "PERSON_TITLE"), ("روسیه", "STATE")], {"روسیه": "12345"})
    tokens = ["رئیس", "جمهور", "روسيه", "می‌گوید", "۱۲۳"]
    first = sentence_features(tokens, [[], [], [], ["GIVEN_NAME"], []], gaz)
    again = sentence_features(list(tokens), [[], [], [], ["GIVEN_NAME"], []], gaz)
    assert first == again
    f2 = first[2]
    assert "w=روسیه" in f2  # ي folded to ی
    assert "x=STATE" in f2 and "x-1=PERSON_TITLE" in f2 and "x+1=GIVEN_NAME" in f2
    assert "hz=4" in f2 and "w-2=رییس" in f2  # ئ folded too (رئیس = رییس) and "w+1=می گوید" in f2
    assert "zwnj" in first[3] and "w=000" in first[4] and "sh=0" in first[4]
    assert "w-2=<s>" in first[0] and "w+2=</s>" in first[4]
    assert token_features(tokens, 2, [[], [], [], ["GIVEN_NAME"], []], gaz) == f2


def test_normalize_token() -> None:
    assert normalize_token("كتاب") == "کتاب"
    assert normalize_token("۱۴۰۴") == "1404"
    assert normalize_token("می‌رود") == "می رود"
    assert normalize_token("NATO") == "nato"


def test_bio_spans_and_scorer() -> None:
    assert bio_spans(["B-pers", "I-pers", "O", "I-loc", "B-loc", "I-org"]) == [
        (0, 2, "pers"), (3, 4, "loc"), (4, 5, "loc"), (5, 6, "org")]
    gold = [["B-pers", "I-pers", "O", "B-loc"]]
    pred = [["B-pers", "O", "O", "B-loc"]]
    scores = score_spans(gold, pred)
    assert (scores["loc"].tp, scores["pers"].fp, scores["pers"].fn) == (1, 1, 1)
    assert scores["micro"].precision == 0.5 and scores["micro"].recall == 0.5


def test_metadata_has_checksums_and_terms(tagger: EntityTagger) -> None:
    meta = json.loads(MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    import hashlib

    assert meta["model_sha256"] == hashlib.sha256(MODEL.read_bytes()).hexdigest()
    assert meta["feature_version"] == FEATURE_VERSION
    assert meta["corpus"]["name"] == "ArmanPersoNERCorpus"
    assert all(re.fullmatch(r"[0-9a-f]{64}", f["sha256"]) for f in meta["corpus"]["files"] + meta["corpus"]["cv_files"])
    assert len(meta["corpus"]["cv_files"]) == 6
    assert "Poostchi" in meta["attribution"] and "academic research" in meta["terms"]
    assert meta["cv"]["pooled"]["micro"]["f1"] > 0.6
    assert len(meta["cues"]) > 500 and "GIVEN_NAME" in meta["flags"]  # cues frozen with the model
    assert MODEL.stat().st_size < 8_000_000


def test_load_errors_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="relgraph train"):
        EntityTagger.load(tmp_path / "none.crfsuite")
    (tmp_path / "m.crfsuite").write_bytes(MODEL.read_bytes())
    (tmp_path / "m.json").write_text('{"feature_version": "old"}', encoding="utf-8")
    with pytest.raises(ValueError, match="retrain"):
        EntityTagger.load(tmp_path / "m.crfsuite")


def test_cue_file_parses_and_rejects_bad_lines(tmp_path: Path) -> None:
    gaz = Gazetteer([("رئیس جمهور", "PERSON_TITLE"), ("ایالات متحده آمریکا", "STATE")])
    norms = [normalize_token(t) for t in ["رئیس‌جمهور", "ایالات", "متحده", "آمریکا", "گفت"]]
    assert gaz.flags_for(norms) == [["PERSON_TITLE"], ["STATE"], ["STATE"], ["STATE"], []]
    flags = {flag for _, flag in read_cues(data_path("models", "ner-cues.tsv"))}
    assert {"STATE", "PERSON_TITLE", "ORG_HEAD"} <= flags
    bad = tmp_path / "cues.tsv"
    bad.write_text("# ok\nروسیه\tSTATE\nno flag here\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cues.tsv:3"):
        read_cues(bad)


# --- training on a tiny synthetic corpus (no ../shared needed) ----------------------------------
FIRST = ["علی", "مریم", "حسن", "زهرا", "رضا", "سارا", "کامران", "نسرین"]
LAST = ["احمدی", "کریمی", "رضایی", "موسوی", "حسینی", "جعفری"]
PLACES = ["شیراز", "تبریز", "مشهد", "کرمان", "یزد", "اهواز"]


def _write_fold(path: Path, rng: random.Random, n: int) -> None:
    lines: list[str] = []
    for _ in range(n):
        first, last, place = rng.choice(FIRST), rng.choice(LAST), rng.choice(PLACES)
        if rng.random() < 0.5:
            sent = [(first, "B-pers"), (last, "I-pers"), ("به", "O"), (place, "B-loc"), ("رفت", "O")]
        else:
            sent = [("دیروز", "O"), ("در", "O"), (place, "B-loc"), (first, "B-pers"), (last, "I-pers"),
                    ("سخنرانی", "O"), ("کرد", "O")]
        lines += [f"{t} {tag}" for t, tag in sent] + [""]
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture()
def tiny_corpus(tmp_path: Path) -> Path:
    rng = random.Random(7)
    for k in (1, 2, 3):
        _write_fold(tmp_path / f"train_fold{k}.txt", rng, 60)
        _write_fold(tmp_path / f"test_fold{k}.txt", rng, 30)
    return tmp_path


def test_train_load_round_trip(tiny_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "model" / "tiny.crfsuite"
    result = train(tiny_corpus, out, c1=0.0, c2=0.01, max_iter=40)
    assert result.model.is_file() and result.sentences == 90
    meta = json.loads(result.metadata.read_text(encoding="utf-8"))
    assert {f["name"] for f in meta["corpus"]["files"]} == {"train_fold1.txt", "test_fold1.txt"}
    assert "علی" in meta["given_names"] or "مریم" in meta["given_names"]
    tagger = EntityTagger.load(out)
    assert tagger.known_attributes and attrs_path(out).is_file()  # written with the model
    assert tagger.tag_bio(["رضا", "موسوی", "به", "یزد", "رفت"]) == ["B-pers", "I-pers", "O", "B-loc", "O"]


def test_training_is_reproducible(tiny_corpus: Path, tmp_path: Path) -> None:
    a = train(tiny_corpus, tmp_path / "a" / "m.crfsuite", c1=0.01, c2=0.01, max_iter=20, seed=3)
    b = train(tiny_corpus, tmp_path / "b" / "m.crfsuite", c1=0.01, c2=0.01, max_iter=20, seed=3)
    assert a.model.read_bytes() == b.model.read_bytes()
    meta_a, meta_b = (json.loads(r.metadata.read_text(encoding="utf-8")) for r in (a, b))
    assert meta_a["cues"] == meta_b["cues"] and meta_a["given_names"] == meta_b["given_names"]


def test_cross_validate_tiny(tiny_corpus: Path) -> None:
    cv = cross_validate(tiny_corpus, c1=0.0, c2=0.01, max_iter=30, workers=1)
    assert len(cv.folds) == 3 and cv.mean_f1() > 0.8
    assert cv.as_dict()["pooled"]["micro"]["tp"] > 0


def test_given_names_only_from_given_sentences() -> None:
    sents = [(["علی", "رفت"], ["B-pers", "O"]), (["علی", "آمد"], ["B-pers", "O"]), (["رفت"], ["O"])]
    assert learn_given_names(sents) == ["علی"]
    assert learn_given_names(sents[2:]) == []


@needs_arman
@pytest.mark.shared
def test_reads_real_corpus_fold() -> None:
    sents = read_conll(ARMAN / "test_fold1.txt")
    assert 2400 < len(sents) < 2700
    tags = {t for _, ts in sents for t in ts}
    assert {"B-pers", "I-org", "B-event", "O"} <= tags


def test_cli_train_reports_missing_corpus(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from relgraph.cli import app

    result = CliRunner().invoke(app, ["train", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "m.crfsuite")])
    assert result.exit_code == 2
    assert "train_fold1.txt" in result.output and not (tmp_path / "m.crfsuite").exists()


def test_cli_train_tiny(tiny_corpus: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from relgraph.cli import app

    out = tmp_path / "cli" / "m.crfsuite"
    result = CliRunner().invoke(app, ["train", "--data", str(tiny_corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert EntityTagger.load(out).tag_bio(["رضا", "موسوی", "به", "یزد", "رفت"])[0] == "B-pers"


def test_known_attributes_change_no_tag_or_marginal(tagger: EntityTagger) -> None:
    """Strings the model has no weight for are left out in order (and UTF-8 encoded, from per-word
    caches): crfsuite sums the same weights."""
    known = tagger.known_attributes
    assert known is not None and attrs_path(MODEL).is_file()
    full = EntityTagger.load()
    full.known_attributes = None
    rng = random.Random(5)
    words = ["وزیر", "خارجه", "ایران", "محمد", "جواد", "ظریف", "با", "سرگئی", "لاوروف", "در", "مسکو", "دیدار", "کرد", "و", "گفت", ":", "تهران", "|", "سازمان", "ملل", "۱۴۰۰", "اوپک"]
    fast = KnownFeatures(known, tagger.gazetteer)
    for n in (1, 2, 3, 12, 40):
        tokens = [rng.choice(words) for _ in range(n)]
        extra = [["STATE"] if t == "ایران" else [] for t in tokens]
        got = fast.sentence(tokens, extra)
        full_strings = sentence_features(tokens, extra, tagger.gazetteer)
        assert got == [tuple(f.encode() for f in fs if f in known) for fs in full_strings]
        tags = tagger.tag_bio(tokens, extra)
        marginals = [tagger._tagger.marginal(t, i) for i, t in enumerate(tags)]
        assert full.tag_bio(tokens, extra) == tags
        assert [full._tagger.marginal(t, i) for i, t in enumerate(tags)] == marginals


def test_known_attributes_of_another_model_are_not_used(tmp_path: Path) -> None:
    model = tmp_path / "m.crfsuite"
    model.write_bytes(MODEL.read_bytes())
    attrs_path(model).write_bytes(attrs_path(MODEL).read_bytes())
    assert read_known_attributes(model)
    model.write_bytes(MODEL.read_bytes() + b"\0")
    assert read_known_attributes(model) is None
    attrs_path(model).unlink()
    assert read_known_attributes(model) is None
