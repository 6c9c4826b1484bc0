"""The ontology and the shapes: they parse, every term is documented in English and Persian, the
Python vocabulary lists exactly the ontology's terms, and the tie classes match the model."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, OWL, PROV, SH

from relgraph.model import ENTITY_TYPES, TIE_TYPES
from relgraph.paths import ontology_path
from relgraph.rdf import ENTITY_CLASS
from relgraph.vocab import ONTOLOGY_IRI, REL, SEM, TIE_CLASS

NS = str(REL._NS)
TIME = Namespace("http://www.w3.org/2006/time#")
SDO = Namespace("https://schema.org/")  # plain Namespace: pytest probes module globals, DefinedNamespace warns
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Datatype)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path("relgraph.ttl"), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")


def defined_terms(g: Graph) -> set[str]:
    return {str(s)[len(NS):] for t in TERM_TYPES for s in g.subjects(RDF.type, t) if str(s).startswith(NS)}


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef("https://w3id.org/relgraph/ontology/0.1.0")
    assert str(onto.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"


def test_every_subject_in_namespace_is_a_declared_term(onto: Graph) -> None:
    mentioned = {str(s)[len(NS):] for s in onto.subjects() if str(s).startswith(NS)}
    assert mentioned == defined_terms(onto), "a rel: subject without a declared type (owl:Class, owl:*Property)"


@pytest.mark.parametrize("prop", [RDFS.label, RDFS.comment])
def test_every_term_has_english_and_persian(onto: Graph, prop: URIRef) -> None:
    missing = []
    for name in sorted(defined_terms(onto)):
        langs = {o.language for o in onto.objects(REL._NS[name], prop) if isinstance(o, Literal)}
        if not {"en", "fa"} <= langs:
            missing.append(f"{name}: {sorted(filter(None, langs))}")
    assert not missing, f"terms without {prop} in @en and @fa: {missing}"


def test_labels_are_unique_per_language(onto: Graph) -> None:
    for lang in ("en", "fa"):
        labels = [str(o) for name in defined_terms(onto) for o in onto.objects(REL._NS[name], RDFS.label)
                  if o.language == lang]
        dupes = {x for x in labels if labels.count(x) > 1}
        assert not dupes, f"@{lang} labels used by two terms: {dupes}"


def test_vocab_and_ontology_agree_both_ways(onto: Graph) -> None:
    in_python = {k for k in REL.__annotations__ if not k.startswith("_")}
    in_ontology = defined_terms(onto)
    assert in_python - in_ontology == set(), "REL lists terms the ontology does not define"
    assert in_ontology - in_python == set(), "the ontology defines terms REL does not list"


def test_vocab_fails_on_unknown_term() -> None:
    with pytest.raises(AttributeError):
        _ = REL.Vist


def test_properties_have_domain_and_range(onto: Graph) -> None:
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for p in onto.subjects(RDF.type, kind):
            assert onto.value(p, RDFS.domain) is not None, f"{p} has no rdfs:domain"
            assert onto.value(p, RDFS.range) is not None, f"{p} has no rdfs:range"


def test_tie_classes_match_model_and_annotations(onto: Graph) -> None:
    assert set(TIE_CLASS) == set(TIE_TYPES)
    for code, cls in TIE_CLASS.items():
        assert (cls, RDFS.subClassOf, REL.Tie) in onto, f"{cls} is not a subclass of rel:Tie"
        assert str(onto.value(cls, REL.tieTypeCode)) == code
    interaction = set(TIE_TYPES) - {"POSITION", "MEMBER", "PARTICIPATE", "LOCATED", "TOPIC", "OTHER"}
    for code in interaction:
        roots = [str(r) for r in onto.objects(TIE_CLASS[code], REL.cameoRoot)]
        assert roots and all(r.isdigit() and len(r) == 2 for r in roots), f"{code}: CAMEO root {roots}"


def test_entity_classes_match_model(onto: Graph) -> None:
    assert set(ENTITY_CLASS) == set(ENTITY_TYPES)
    for cls in ENTITY_CLASS.values():
        assert (cls, RDFS.subClassOf, REL.Entity) in onto


@pytest.mark.parametrize(("sub", "sup"), [
    (REL.Evidence, PROV.Entity), (REL.Build, PROV.Activity), (REL.Document, PROV.Entity),
    (REL.Document, SDO.NewsArticle), (REL.Person, SDO.Person), (REL.Person, FOAF.Person),
    (REL.Organization, SDO.Organization), (REL.Location, SDO.Place), (REL.Event, SDO.Event),
    (REL.State, SDO.Country), (REL.Event, SEM.Event), (REL.Person, SEM.Actor), (REL.Location, SEM.Place),
    (REL.TimeExpression, TIME.Instant),
])
def test_alignments(onto: Graph, sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subClassOf, sup) in onto


def test_property_alignments(onto: Graph) -> None:
    assert (REL.source, RDFS.subPropertyOf, SEM.hasActor) in onto
    assert (REL.place, RDFS.subPropertyOf, SEM.hasPlace) in onto
    assert (REL.date, RDFS.subPropertyOf, SEM.hasTimeStamp) in onto


def test_shapes_use_only_defined_terms(onto: Graph, shapes: Graph) -> None:
    used = {str(t)[len(NS):] for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used and used <= defined_terms(onto), used - defined_terms(onto)


def test_shapes_closed_tie_type_list_is_the_model_list(shapes: Graph) -> None:
    from rdflib.collection import Collection

    lists = [Collection(shapes, o) for ps in shapes.subjects(SH.path, REL.tieType) for o in shapes.objects(ps, SH["in"])]
    assert len(lists) == 1
    assert [str(x) for x in lists[0]] == list(TIE_TYPES)


def test_tie_class_annotations_cover_the_default_codes(onto: Graph) -> None:
    """data/cameo/tie_types.tsv gives each tie type its default CAMEO code and PLOVER type; the tie
    class's rel:cameoRoot / rel:ploverEventType annotations must include them."""
    from relgraph.paths import data_path

    table = data_path("cameo", "tie_types.tsv")
    if not table.is_file():
        pytest.skip(f"{table} not present")
    rows = [line.split("\t") for line in table.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    header, rows = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    assert {r[col["tie_type"]] for r in rows} == set(TIE_TYPES)
    for r in rows:
        cls, cameo, plover = TIE_CLASS[r[col["tie_type"]]], r[col["cameo"]], r[col["plover"]]
        if cameo != "-":
            assert cameo[:2] in {str(x) for x in onto.objects(cls, REL.cameoRoot)}, (cls, cameo)
        if plover != "-":
            assert plover in {str(x) for x in onto.objects(cls, REL.ploverEventType)}, (cls, plover)
