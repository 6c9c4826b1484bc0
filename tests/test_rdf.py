"""DocFacts → RDF: the mapping, SHACL (good graphs pass, broken ones fail), determinism across
processes, round trips through every serialisation (rdflib and Debian's rapper), one node per entity."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV

from rdf_factories import facts_a, facts_b
from relgraph.model import DocFacts, Document, Entity, Relation
from relgraph.paths import ontology_path
from relgraph.rdf import (
    add_doc_facts,
    build_dataset,
    doc_graph_iri,
    doc_iri,
    entity_iri,
    load_dataset,
    new_dataset,
    quad_class,
    validate,
    write_outputs,
)
from relgraph.rdf_files import union_graph
from relgraph.vocab import REL, RID

ROOT = Path(__file__).resolve().parents[1]
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = Namespace("https://schema.org/")
DCTERMS = Namespace("http://purl.org/dc/terms/")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return build_dataset([facts_a(), facts_b(), DocFacts(Document("doc-c", "…", date="دیروز"), (), ())])


@pytest.fixture(scope="module")
def union(ds: Dataset) -> Graph:
    return union_graph(ds)


def ties_of(g: Graph, cls: URIRef) -> list[URIRef]:
    return sorted(g.subjects(RDF.type, cls))


# --- IRIs ----------------------------------------------------------------------------------------

def test_entity_iris() -> None:
    linked = Entity("e1", "state:AZE", "STATE", "آذربایجان", ())
    assert entity_iri(linked) == URIRef("https://w3id.org/relgraph/id/state/AZE")
    assert entity_iri(replace(linked, key="org:un", type="ORG")) == RID["org/un"]
    key = "PERSON:ذاکر حسنوف"
    unlinked = Entity("e2", key, "PERSON", "ذاکر حسنوف", ())
    assert entity_iri(unlinked) == RID["person/" + hashlib.sha1(key.encode()).hexdigest()[:12]]
    assert entity_iri(replace(unlinked, id="e9")) == entity_iri(unlinked), "IRI must not depend on the doc-local id"


def test_graph_and_doc_iris_are_percent_encoded() -> None:
    assert doc_graph_iri("seed-az-by-parade.fa") == URIRef("https://w3id.org/relgraph/graph/seed-az-by-parade.fa")
    iri = str(doc_graph_iri("خبر 1/2"))
    assert iri.startswith("https://w3id.org/relgraph/graph/") and re.fullmatch(r"[\x21-\x7e]+", iri)
    assert "/" not in iri.removeprefix("https://w3id.org/relgraph/graph/")
    assert doc_iri("a b") == URIRef("https://w3id.org/relgraph/id/doc/a%20b")


def test_quad_class() -> None:
    assert [quad_class(c) for c in ("042", "057", "061", "112", "138", "173", "190", None, "x1")] == \
        [1, 1, 2, 3, 3, 4, 4, None, None]


# --- mapping -------------------------------------------------------------------------------------

def test_one_named_graph_per_document(ds: Dataset) -> None:
    names = {str(g.identifier) for g in ds.graphs() if g.identifier != ds.default_graph.identifier}
    assert names == {str(doc_graph_iri(d)) for d in ("doc-a", "doc-b", "doc-c")}
    ga = ds.graph(doc_graph_iri("doc-a"))
    assert (doc_iri("doc-a"), REL.docId, Literal("doc-a")) in ga
    assert (doc_iri("doc-b"), None, None) not in ga


def test_document_metadata(union: Graph) -> None:
    d = doc_iri("doc-a")
    assert union.value(d, REL.publishedRaw) == Literal("2019-07-03")
    assert union.value(d, REL.published) == Literal("2019-07-03", datatype=XSD.date)
    assert union.value(d, SCHEMA.url) == Literal("https://example.org/a?x=1&y=<2>", datatype=XSD.anyURI)
    assert union.value(d, DCTERMS.source) == Literal("example.org")
    b = doc_iri("doc-b")
    assert union.value(b, REL.publishedRaw) == Literal("1398/04/11")
    assert union.value(b, REL.published) == Literal("2019-07-02", datatype=XSD.date), "Jalali 1398/04/11"
    assert union.value(doc_iri("doc-c"), REL.published) is None


def test_entities(union: Graph) -> None:
    aze = RID["state/AZE"]
    assert {aze} == set(union.subjects(OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q227")))
    assert (aze, RDF.type, REL.State) in union and (aze, RDF.type, REL.Entity) in union
    assert Literal("جمهوری آذربایجان", lang="fa") in set(union.objects(aze, RDFS.label))
    assert Literal("Azerbaijan", lang="en") in set(union.objects(aze, RDFS.label))
    hasanov = entity_iri(facts_a().entities[2])
    assert union.value(hasanov, REL.office) == Literal("وزیر دفاع", lang="fa")
    assert union.value(hasanov, REL.memberOfState) == aze
    mou = entity_iri(facts_a().entities[4])
    assert union.value(mou, REL.subject) == Literal("عرضه سلاح", lang="fa")
    assert union.value(mou, REL.principle) == Literal("همکاری متقابل مفید", lang="fa")
    attr = union.value(mou, REL.attribute)
    assert union.value(attr, REL.attributeName) == Literal("signed_in")
    assert union.value(attr, REL.attributeValue) == Literal("مینسک", lang="fa")


def test_mentions_point_into_the_text(union: Graph) -> None:
    text = facts_a().doc.text
    mentions = list(union.subjects(REL.inDocument, doc_iri("doc-a")))
    checked = 0
    for m in mentions:
        if (m, RDF.type, REL.Mention) in union:
            s, e = int(union.value(m, REL.start)), int(union.value(m, REL.end))
            assert text[s:e] == str(union.value(m, REL.text))
            checked += 1
    assert checked == 6
    aze_mentions = list(union.objects(RID["state/AZE"], REL.mention))
    assert len(aze_mentions) == 3  # two in doc-a, one in doc-b


def test_visit_tie(union: Graph) -> None:
    (tie,) = ties_of(union, REL.Visit)
    hasanov = entity_iri(facts_a().entities[2])
    minsk = RID["city/minsk"]
    assert (tie, RDF.type, REL.Tie) in union
    assert union.value(tie, REL.tieType) == Literal("VISIT")
    assert (union.value(tie, REL.source), union.value(tie, REL.target)) == (hasanov, minsk)
    assert union.value(tie, REL.date) == Literal("2019-07-02", datatype=XSD.date)
    assert union.value(tie, REL.place) == minsk
    assert union.value(tie, REL.cameoCode) == Literal("042")
    assert union.value(tie, REL.ploverType) == Literal("CONSULT")
    assert union.value(tie, REL.quadClass) == Literal(1)
    assert union.value(tie, REL.modality) == Literal("asserted")
    ev = union.value(tie, REL.evidence)
    assert union.value(ev, REL.inDocument) == doc_iri("doc-a")
    s, e = int(union.value(ev, REL.start)), int(union.value(ev, REL.end))
    assert facts_a().doc.text[s:e] == str(union.value(ev, REL.sentenceText))
    assert union.value(ev, REL.sentenceIndex) == Literal(0)
    assert union.value(ev, REL.confidence) == Literal("0.8", datatype=XSD.decimal)
    assert union.value(ev, REL.method) == Literal("rule:test")
    assert union.value(ev, REL.trigger) == Literal("سفر")


def test_other_tie_fields(union: Graph) -> None:
    dates = {union.value(t, REL.date) for t in ties_of(union, REL.AgreementTie)}
    assert dates == {Literal("2018-11", datatype=XSD.gYearMonth)}
    roles = {str(union.value(t, REL.role)) for t in ties_of(union, REL.AgreementTie)}
    assert roles == {"party", "None"}
    (threat,) = ties_of(union, REL.Threaten)
    assert union.value(threat, REL.modality) == Literal("negated")
    assert union.value(threat, REL.speaker) == entity_iri(facts_a().entities[2])
    assert union.value(threat, REL.quadClass) == Literal(3)


def test_ties_carry_the_states_their_ends_act_for_and_the_year(union: Graph) -> None:
    aze, blr = RID["state/AZE"], RID["state/BLR"]
    (visit,) = ties_of(union, REL.Visit)  # Hasanov (Entity.state AZE) → Minsk (no state known)
    assert (union.value(visit, REL.sourceState), union.value(visit, REL.targetState)) == (aze, None)
    assert union.value(visit, REL.year) == Literal("2019", datatype=XSD.gYear)
    ends = {(union.value(t, REL.sourceState), union.value(t, REL.targetState)) for t in ties_of(union, REL.AgreementTie)}
    assert ends == {(blr, aze), (None, blr)}  # the MoU is no state's actor
    assert all(union.value(t, REL.year) == Literal("2018", datatype=XSD.gYear) for t in ties_of(union, REL.AgreementTie))
    (meet,) = ties_of(union, REL.Meet)
    assert union.value(meet, REL.year) is None


def test_acting_state_from_a_position_tie_or_a_lexicon_state() -> None:
    a = facts_a()
    hasanov = replace(a.entities[2], state=None)  # only the POSITION tie to AZE says whose minister he is
    minsk = replace(a.entities[3], state="state:BLR")  # a state of the document
    rus = Entity("e6", "PERSON:لاوروف", "PERSON", "لاوروف", (), state="state:RUS")  # RUS only named in his title
    ghost = Entity("e7", "PERSON:ناشناس", "PERSON", "ناشناس", (), state="state:NOWHERE")
    rels = (*a.relations, Relation("MEET", "e6", "e7", a.relations[0].evidence),
            Relation("MEET", "e7", "e3", a.relations[0].evidence, modality="reported"))
    g = add_doc_facts(new_dataset(), replace(a, entities=(a.entities[0], a.entities[1], hasanov, minsk,
                                                          a.entities[4], rus, ghost), relations=rels))
    (visit,) = ties_of(g, REL.Visit)
    assert (g.value(visit, REL.sourceState), g.value(visit, REL.targetState)) == (RID["state/AZE"], RID["state/BLR"])
    meets = {(g.value(t, REL.sourceState), g.value(t, REL.targetState)) for t in ties_of(g, REL.Meet)}
    assert meets == {(RID["state/RUS"], None), (None, RID["state/AZE"])}
    assert g.value(RID["state/RUS"], RDFS.label) in {Literal("روسیه", lang="fa"), Literal("Russia", lang="en")}
    assert validate(g).conforms, validate(g).text


def test_times_and_quantities(union: Graph) -> None:
    times = {union.value(t, REL.date) for t in union.subjects(RDF.type, REL.TimeExpression)}
    assert times == {Literal("2019-07-02", datatype=XSD.date), Literal("2018-11", datatype=XSD.gYearMonth)}
    (day,) = union.subjects(REL.precision, Literal("day"))
    assert union.value(day, TIME.inXSDDate) == Literal("2019-07-02", datatype=XSD.date)
    (q,) = union.subjects(RDF.type, REL.Quantity)
    assert union.value(q, REL.value) == Literal("5567.0", datatype=XSD.decimal)
    assert union.value(q, REL.unit) == Literal("نفر")
    assert union.value(q, REL.about) == RID["state/BLR"]
    ev = union.value(q, REL.evidence)
    assert "5,567 نفر" in str(union.value(ev, REL.sentenceText))


def test_build_activity(ds: Dataset, union: Graph) -> None:
    (build,) = union.subjects(RDF.type, REL.Build)
    assert (build, RDF.type, PROV.Activity) in union
    assert union.value(build, REL.softwareVersion) == Literal("0.1.0")
    assert set(union.objects(build, PROV.used)) == {doc_iri(d) for d in ("doc-a", "doc-b", "doc-c")}
    evidence = set(union.subjects(RDF.type, REL.Evidence))
    assert evidence and evidence == set(union.subjects(PROV.wasGeneratedBy, build))
    assert (build, None, None) in ds.default_graph


def test_no_blank_nodes(union: Graph) -> None:
    from rdflib import BNode

    assert not [t for t in union if any(isinstance(x, BNode) for x in t)]


def test_same_entity_in_two_documents_is_one_node(ds: Dataset, union: Graph) -> None:
    hasanov = set(union.subjects(RDFS.label, Literal("ذاکر حسنوف", lang="fa")))
    assert len(hasanov) == 1
    (node,) = hasanov
    for doc in ("doc-a", "doc-b"):
        assert (node, RDF.type, REL.Person) in ds.graph(doc_graph_iri(doc))


def test_adding_a_document_again_replaces_its_graph() -> None:
    d = new_dataset()
    add_doc_facts(d, facts_a())
    n = len(d.graph(doc_graph_iri("doc-a")))
    fewer = replace(facts_a(), relations=facts_a().relations[:1])
    g = add_doc_facts(d, fewer)
    assert len(g) < n
    assert len(list(g.subjects(RDF.type, REL.Tie))) == 1


@pytest.mark.parametrize(("change", "message"), [
    (lambda f: replace(f, relations=(replace(f.relations[0], target="e99"),)), "'e99' is not an entity id"),
    (lambda f: replace(f, relations=(replace(f.relations[0], date="2019-02-30"),)), "is not ISO 8601"),
    (lambda f: replace(f, relations=(replace(f.relations[0], type="FRIENDS"),)), "'FRIENDS' is not one of"),
    (lambda f: replace(f, entities=(replace(f.entities[0], type="CITY"),) + f.entities[1:]), "type 'CITY'"),
    (lambda f: replace(f, entities=(replace(f.entities[0], wikidata="227"),) + f.entities[1:]), "QID"),
    (lambda f: replace(f, entities=f.entities + (f.entities[0],)), "used twice"),
])
def test_bad_facts_raise_with_the_document_named(change, message: str) -> None:
    with pytest.raises(ValueError, match=message) as err:
        build_dataset([change(facts_a())])
    assert "doc-a" in str(err.value)


# --- SHACL ---------------------------------------------------------------------------------------

def test_built_graph_conforms(ds: Dataset) -> None:
    report = validate(ds)
    assert report.conforms, report.text
    assert report.violations == 0
    for g in ds.graphs():
        if len(g):
            assert validate(g).conforms, f"named graph {g.identifier} alone must conform too"


def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def _break_remove(cls: URIRef, prop: URIRef):
    def f(g: Graph) -> None:
        node = _first(g, cls)
        g.remove((node, prop, None))
    return f


def _break_set(cls: URIRef, prop: URIRef, value, via: URIRef | None = None):
    def f(g: Graph) -> None:
        node = _first(g, cls)
        if via is not None:
            node = g.value(node, via)
        g.set((node, prop, value))
    return f


def _break_add(cls: URIRef, prop: URIRef, value):
    def f(g: Graph) -> None:
        g.add((_first(g, cls), prop, value))
    return f


BREAKAGES = {
    "tie without evidence": _break_remove(REL.Visit, REL.evidence),
    "tie with two evidence": _break_add(REL.Visit, REL.evidence, RID["evidence/other"]),
    "tie type outside the list": _break_set(REL.Visit, REL.tieType, Literal("FRIENDS")),
    "tie class and type disagree": _break_set(REL.Visit, REL.tieType, Literal("MEET")),
    "two tie types": _break_add(REL.Visit, REL.tieType, Literal("MEET")),
    "tie without source": _break_remove(REL.Visit, REL.source),
    "target is a literal": _break_set(REL.Visit, REL.target, Literal("مینسک")),
    "target is not an entity": _break_set(REL.Visit, REL.target, RID["doc/doc-a"]),
    "cameo with a letter": _break_set(REL.Visit, REL.cameoCode, Literal("04a")),
    "cameo too long": _break_set(REL.Visit, REL.cameoCode, Literal("04211")),
    "date as a plain string": _break_set(REL.Visit, REL.date, Literal("2019-07-02")),
    "date as dateTime": _break_set(REL.Visit, REL.date, Literal("2019-07-02T00:00:00", datatype=XSD.dateTime)),
    "unknown modality": _break_set(REL.Visit, REL.modality, Literal("rumoured")),
    "quad class 5": _break_set(REL.Visit, REL.quadClass, Literal(5)),
    "confidence above 1": _break_set(REL.Visit, REL.confidence, Literal("1.5", datatype=XSD.decimal), REL.evidence),
    "confidence below 0": _break_set(REL.Visit, REL.confidence, Literal("-0.1", datatype=XSD.decimal), REL.evidence),
    "confidence as float": _break_set(REL.Visit, REL.confidence, Literal(0.5, datatype=XSD.double), REL.evidence),
    "start not before end": _break_set(REL.Visit, REL.start, Literal(10_000), REL.evidence),
    "negative start": _break_set(REL.Visit, REL.start, Literal(-1), REL.evidence),
    "evidence without document": _break_remove(REL.Evidence, REL.inDocument),
    "evidence without sentence text": _break_remove(REL.Evidence, REL.sentenceText),
    "evidence without method": _break_remove(REL.Evidence, REL.method),
    "entity without Persian label": lambda g: g.remove((RID["state/AZE"], RDFS.label, Literal("جمهوری آذربایجان", lang="fa"))),
    "entity with two types": _break_add(REL.State, RDF.type, REL.Person),
    "entity without a kind": lambda g: g.add((RID["person/nobody"], RDF.type, REL.Entity)) or
        g.add((RID["person/nobody"], RDFS.label, Literal("کسی", lang="fa"))),
    "sameAs not Wikidata": _break_add(REL.State, OWL.sameAs, URIRef("http://dbpedia.org/resource/Azerbaijan")),
    "mention without text": _break_remove(REL.Mention, REL.text),
    "mention start after end": _break_set(REL.Mention, REL.start, Literal(10_000)),
    "document without docId": _break_remove(REL.Document, REL.docId),
    "time expression without date": _break_remove(REL.TimeExpression, REL.date),
    "quantity without value": _break_remove(REL.Quantity, REL.value),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_graph_fails_shacl(ds: Dataset, name: str) -> None:
    g = union_graph(ds)
    before = set(g)
    BREAKAGES[name](g)
    assert set(g) != before, f"{name}: the breakage changed nothing"
    report = validate(g)
    assert not report.conforms, f"{name}: the shapes did not catch it"
    assert report.violations >= 1


# --- files ---------------------------------------------------------------------------------------

def test_outputs_are_written(ds: Dataset, tmp_path: Path) -> None:
    paths = write_outputs(ds, tmp_path)
    assert [p.name for p in paths] == ["graph.ttl", "graph.trig", "graph.jsonld"]
    assert all(p.stat().st_size > 0 for p in paths)


_BUILD = """
import sys; sys.path[:0] = [{src!r}, {tests!r}]
from pathlib import Path
from rdf_factories import facts_a, facts_b
from relgraph.rdf import build_dataset, write_outputs
write_outputs(build_dataset([facts_b(), facts_a()] if sys.argv[2] == "rev" else [facts_a(), facts_b()]), Path(sys.argv[1]))
"""


def test_outputs_are_byte_identical_across_processes(tmp_path: Path) -> None:
    code = _BUILD.format(src=str(ROOT / "src"), tests=str(ROOT / "tests"))
    outs = []
    for seed, order in (("1", "fwd"), ("2", "rev"), ("12345", "fwd")):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(out), order], check=True, env=env)
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert set(outs[0]) == {"graph.ttl", "graph.trig", "graph.jsonld"}
    assert outs[0] == outs[1] == outs[2]


def _quads(d: Dataset) -> set[tuple]:
    return {(s, p, o, None if c == d.default_graph.identifier else c)
            for s, p, o, c in ((s, p, o, getattr(c, "identifier", c)) for s, p, o, c in d.quads((None, None, None, None)))}


def test_round_trip_with_rdflib(ds: Dataset, tmp_path: Path) -> None:
    write_outputs(ds, tmp_path)
    expected_quads = _quads(ds)
    assert _quads(load_dataset(tmp_path)) == expected_quads, "graph.trig"
    assert _quads(load_dataset(tmp_path / "graph.jsonld")) == expected_quads, "graph.jsonld"
    triples = set(union_graph(ds))
    assert set(union_graph(load_dataset(tmp_path / "graph.ttl"))) == triples, "graph.ttl"


def test_load_dataset_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no graph.trig"):
        load_dataset(tmp_path)
    (tmp_path / "x.rdfx").write_text("")
    with pytest.raises(ValueError, match="unknown RDF file type"):
        load_dataset(tmp_path / "x.rdfx")


def _rapper() -> str | None:
    found = shutil.which("rapper")
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("rapper (Debian package raptor2-utils) is required under CI=true; install it")
    if found is None:
        pytest.skip("rapper not installed (apt-get install raptor2-utils); the rapper round trip is not checked")
    return found


@pytest.mark.parametrize(("name", "syntax"), [("graph.ttl", "turtle"), ("graph.trig", "trig")])
def test_round_trip_with_rapper(ds: Dataset, tmp_path: Path, name: str, syntax: str) -> None:
    rapper = _rapper()
    write_outputs(ds, tmp_path)
    done = subprocess.run([rapper, "-i", syntax, "-c", str(tmp_path / name)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    count = int(re.search(r"returned (\d+) triples", done.stderr).group(1))
    assert count == (len(union_graph(ds)) if syntax == "turtle" else len(_quads(ds)))


@pytest.mark.parametrize("name", ["relgraph.ttl", "shapes.ttl"])
def test_ontology_files_parse_with_rapper(name: str) -> None:
    rapper = _rapper()
    done = subprocess.run([rapper, "-i", "turtle", "-c", str(ontology_path(name))], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", ["", "target is not an entity", "entity without a kind", "tie class and type disagree"])
def test_fast_rdfs_closure_agrees_with_owlrl(ds: Dataset, name: str) -> None:
    g = union_graph(ds)
    if name:
        BREAKAGES[name](g)
    fast, full = validate(g), validate(g, full_inference=True)
    assert (fast.conforms, fast.violations) == (full.conforms, full.violations), (fast.text, full.text)


def test_awkward_literals_survive_every_format(tmp_path: Path) -> None:
    """Multi-line text (Turtle long strings), quotes, backslashes and a line that looks like a prefix."""
    f = facts_a()
    nasty = 'line one «"quoted"»\n@prefix x: <http://x/> .\n  indented \\ back\\slash """ end'
    rel0 = replace(f.relations[0], evidence=replace(f.relations[0].evidence, text=nasty))
    d = build_dataset([replace(f, relations=(rel0,) + f.relations[1:])])
    write_outputs(d, tmp_path)
    want = _quads(d)
    assert _quads(load_dataset(tmp_path)) == want
    assert _quads(load_dataset(tmp_path / "graph.jsonld")) == want
    assert Literal(nasty) in set(union_graph(load_dataset(tmp_path / "graph.ttl")).objects(None, REL.sentenceText))
    if shutil.which("rapper"):
        for name, syntax in (("graph.ttl", "turtle"), ("graph.trig", "trig")):
            done = subprocess.run(["rapper", "-i", syntax, "-c", str(tmp_path / name)], capture_output=True, text=True)
            assert done.returncode == 0, done.stderr


def test_ties_between_two_states_carry_their_dyad(union: Graph) -> None:
    aze, blr = RID["state/AZE"], RID["state/BLR"]
    dyad = RID["dyad/AZE-BLR"]
    tied = [t for t in union.subjects(REL.dyad, dyad)]
    assert tied, "the MoU tie between Belarus's committee and Azerbaijan's ministry names the AZE–BLR dyad"
    for t in tied:
        assert {union.value(t, REL.sourceState), union.value(t, REL.targetState)} == {aze, blr}
    assert (union.value(dyad, REL.stateA), union.value(dyad, REL.stateB)) == (aze, blr)
    assert (dyad, RDF.type, REL.Dyad) in union
    # a tie with one end of no known state has no dyad
    assert all(union.value(t, REL.dyad) is None for t in union.subjects(RDF.type, REL.Tie)
               if union.value(t, REL.targetState) is None)
