"""Extraction on sentences written for these tests (not taken from any article)."""

from __future__ import annotations

from relgraph.model import DocFacts, Document, Entity, Relation
from relgraph.pipeline import extract_facts


def _facts(text: str):
    return extract_facts(Document(id="t", text=text), use_tagger=False)


def _ents(facts, typ: str) -> set[str]:
    return {e.label for e in facts.entities if e.type == typ}


def _people(facts) -> list:
    """The PERSON entities, in the order the document names them."""
    return [e for e in facts.entities if e.type == "PERSON"]


def _ties(facts) -> set[tuple[str, str, str]]:
    label = {e.id: e.label for e in facts.entities}
    return {(r.type, label[r.source], label[r.target]) for r in facts.relations}


def test_extraction_states_linked_to_wikidata() -> None:
    f = _facts("هیئتی از جمهوری اسلامی ایران به فدراسیون روسیه رفت و با مقامات مسكو گفتگو كرد.")
    states = {e.wikidata for e in f.entities if e.type == "STATE"}
    assert {"Q794", "Q159"} <= states


def test_extraction_official_with_office_and_state() -> None:
    f = _facts("وزیر امور خارجه ترکیه مولود چاووش اوغلو روز دوشنبه به تهران سفر کرد.")
    person = next(e for e in f.entities if e.type == "PERSON")
    assert "چاووش" in person.label
    assert person.office and "خارجه" in person.office
    assert ("POSITION", person.label, "ترکیه") in _ties(f)
    assert any(t[0] == "VISIT" and t[1] == person.label for t in _ties(f))


def test_extraction_meeting_with_marker() -> None:
    f = _facts("رئیس جمهور فرانسه در پاریس با صدراعظم آلمان دیدار کرد.")
    assert any(t[0] == "MEET" for t in _ties(f))


def test_extraction_organisation_member_of_state() -> None:
    # the organisation belongs to its state as a property (rel:memberOfState), not as a MEMBER tie
    f = _facts("وزارت دفاع ارمنستان این خبر را تایید کرد.")
    org = next(e for e in f.entities if e.type == "ORG" and "وزارت دفاع" in e.label)
    assert org.state == "state:ARM"
    assert not any(t[0] == "MEMBER" for t in _ties(f))
    from relgraph.rdf import build_dataset
    from relgraph.vocab import REL

    ds = build_dataset([f])
    assert any(p == REL.memberOfState and str(o).endswith("/state/ARM") for _s, p, o, _g in ds.quads())


def test_extraction_agreement_between_parties() -> None:
    f = _facts("یادداشت تفاهم میان وزارت نفت عراق و شرکت ملی نفت ایران امضا شد.")
    assert _ents(f, "AGREEMENT")
    assert any(t[0] == "AGREEMENT" for t in _ties(f))


def test_extraction_negated_tie_is_not_asserted() -> None:
    f = _facts("وزیر خارجه ژاپن با وزیر خارجه چین دیدار نکرد.")
    meets = [r for r in f.relations if r.type == "MEET"]
    assert all(r.modality == "negated" for r in meets)


def test_extraction_planned_tie_has_planned_modality() -> None:
    f = _facts("قرار است رئیس جمهور روسیه هفته آینده به ترکیه سفر کند.")
    visits = [r for r in f.relations if r.type == "VISIT"]
    assert visits and all(r.modality == "planned" for r in visits)


def test_extraction_this_country_resolves_to_state() -> None:
    f = _facts("نیروهای مسلح سوریه اعلام کردند. ارتش این کشور آماده است.")
    syria = next(e for e in f.entities if e.type == "STATE")
    assert any(m.text == "این کشور" for m in syria.mentions)


def test_extraction_offsets_match_text() -> None:
    text = "سفير ايران در اسپانيا با وزير خارجه اسپانيا ديدار كرد."
    f = _facts(text)
    for e in f.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text


def test_extraction_dates_in_relations() -> None:
    f = _facts("وزیر دفاع ایران روز سه شنبه ۲ ژوئیه ۲۰۱۹ به مسکو سفر کرد.")
    assert any(r.date == "2019-07-02" for r in f.relations if r.type == "VISIT")


def test_extraction_surname_joins_full_name() -> None:
    f = _facts("سرگئی لاوروف وزیر خارجه روسیه به آنکارا رفت. لاوروف در آنجا سخنرانی کرد.")
    people = [e for e in f.entities if e.type == "PERSON" and "لاوروف" in e.label]
    assert len(people) == 1
    assert len([m for m in people[0].mentions if "لاوروف" in m.text]) >= 2


def test_extraction_office_after_name_joins_the_holder() -> None:
    f = _facts("ژنرال علی رضایی وزیر دفاع ارمنستان با دعوت رسمی وزیر دفاع گرجستان به تفلیس سفر کرد.")
    labels = {e.label for e in f.entities if e.type == "PERSON"}
    assert any("رضایی" in label for label in labels)
    invite = [r for r in f.relations if r.type == "INVITE"]
    by_id = {e.id: e for e in f.entities}
    assert invite and "گرجستان" in by_id[invite[0].source].label + (by_id[invite[0].source].state or "")
    assert "رضایی" in by_id[invite[0].target].label


def test_extraction_parties_between_two_organisations() -> None:
    f = _facts("در این سفر قراردادی میان وزارت نفت عراق و وزارت نیروی ترکمنستان امضا شد.")
    by_id = {e.id: e.label for e in f.entities}
    pairs = {frozenset((by_id[r.source], by_id[r.target])) for r in f.relations if r.type == "AGREEMENT"}
    assert any(any("عراق" in x for x in p) and any("ترکمنستان" in x for x in p) for p in pairs)


def test_extraction_quantities_and_attributes() -> None:
    f = _facts("در سال ۲۰۰۹ جمعیت این گروه ۵٬۵۶۷ نفر معادل ۰٫۱٪ بود. "
               "بیانیه مشترک بر اساس اصول حقوق بین الملل و احترام به تمامیت ارضی صادر شد.")
    values = {(q.value, q.unit) for q in f.quantities}
    assert (5567.0, "نفر") in values and (0.1, "percent") in values
    statement = next(e for e in f.entities if e.type == "AGREEMENT")
    assert any(name == "principle" for name, _ in statement.attributes)


def test_extraction_reported_speech_is_attributed() -> None:
    f = _facts("وزیر خارجه ایران گفت: تجاوز رژیم صهیونیستی به لبنان را محکوم می‌کنیم.")
    by_id = {e.id: e for e in f.entities}
    crit = [r for r in f.relations if r.type == "CRITICIZE"]
    assert any(by_id[r.source].type == "PERSON" and r.evidence.method.startswith("rule") for r in crit)


def test_extraction_person_identity_across_documents() -> None:
    text = "ژنرال تیگران آواکیان فرمانده ارتش ارمنستان به تفلیس سفر کرد."
    a = extract_facts(Document(id="a", text=text), use_tagger=False)
    b = extract_facts(Document(id="b", text="در این دیدار " + text), use_tagger=False)
    key = lambda f: next(e.key for e in f.entities if e.type == "PERSON" and "آواکیان" in e.label)  # noqa: E731
    assert key(a) == key(b)  # the same full name in two articles is one node
    lone_a = extract_facts(Document(id="a", text="ژنرال آواکیان به تفلیس سفر کرد."), use_tagger=False)
    lone_b = extract_facts(Document(id="b", text="ژنرال آواکیان به تفلیس سفر کرد."), use_tagger=False)
    assert key(lone_a) != key(lone_b)  # a lone surname is not merged blindly


def test_extraction_delegation_refers_to_its_ministry() -> None:
    f = _facts("هیئت نظامی وزارت دفاع گرجستان وارد ایروان شد. هیئت نظامی با مقامات ارمنستان دیدار کرد.")
    ministry = next(e for e in f.entities if e.type == "ORG" and "وزارت دفاع" in e.label)
    delegations = [m for m in ministry.mentions if m.text == "هیئت نظامی"]
    assert len(delegations) == 2  # «هیئت نظامی وزارت دفاع …» and the later «هیئت نظامی»


def test_extraction_capital_acting_is_its_state() -> None:
    f = _facts("مسکو خواستار توقف حملات شد. وزیر خارجه ایران در مسکو با همتای خود دیدار کرد.")
    russia = next(e for e in f.entities if e.type == "STATE" and e.wikidata == "Q159")
    assert [m.text for m in russia.mentions] == ["مسکو"]  # the capital that demands is the government
    assert any(e.type == "LOC" and e.label == "مسکو" for e in f.entities)  # the city where they met is a place


def test_extraction_retyped_classifier_tie_carries_no_placeholder_code() -> None:
    from dataclasses import replace

    from relgraph.relations import retype_model_ties
    from relgraph.text import annotate

    doc = Document(id="t", text="ارتش سوریه در رزمایش مشترک لاذقیه شرکت کرد.")
    f = extract_facts(doc, use_tagger=False, use_model=False)
    army = next(e for e in f.entities if e.type == "ORG")
    drill = next(e for e in f.entities if e.type == "EVENT")
    model_tie = replace(f.relations[0], type="MEET", source=army.id, target=drill.id, cameo="040", plover="CONSULT",
                        evidence=replace(f.relations[0].evidence, method="model:ties"))
    (retyped,) = retype_model_ties(annotate(doc), f.entities, [model_tie])
    assert retyped.type == "PARTICIPATE"
    assert retyped.cameo is None and retyped.plover is None  # never the table's «-» placeholder


def _as_model_tie(facts: DocFacts, ttype: str, a: Entity, b: Entity) -> Relation:
    """A classifier tie of ``ttype`` between entities a and b, in the document's first sentence."""
    from relgraph.model import Evidence

    start, end = facts.sentences[0]
    ev = Evidence(doc=facts.doc.id, sentence=0, start=start, end=end, text=facts.doc.text[start:end],
                  method="model:ties", confidence=0.5)
    return Relation(type=ttype, source=a.id, target=b.id, evidence=ev)


def _retyped(text: str, guess: str, a: tuple[str, str | None], b: tuple[str, str | None]) -> str:
    """The type ``retype_model_ties`` gives a classifier tie guessed as ``guess`` between the entities
    picked by (type, label or None for the first of that type) in ``text``."""
    (tie,) = _retyped_all(text, guess, a, b)
    return tie


def _retyped_all(text: str, guess: str, a: tuple[str, str | None], b: tuple[str, str | None]) -> list[str]:
    """The types of the ties ``retype_model_ties`` keeps of such a guess (none, when it drops it)."""
    from relgraph.relations import retype_model_ties
    from relgraph.text import annotate

    doc = Document(id="t", text=text)
    f = extract_facts(doc, use_tagger=False, use_model=False)

    def pick(typ: str, label: str | None) -> Entity:
        return next(e for e in f.entities if e.type == typ and label in (None, e.label))

    return [t.type for t in retype_model_ties(annotate(doc), f.entities, [_as_model_tie(f, guess, pick(*a), pick(*b))])]


def test_extraction_classifier_tie_types_from_cues_and_structure() -> None:
    iran, iraq, russia = ("STATE", "ایران"), ("STATE", "عراق"), ("STATE", "روسیه")
    # the sentence's first cue types the classifier's pair, unless it is a meeting cue: its guess stands
    assert _retyped("ایران و عراق در بیانیه‌ای اسرائیل را محکوم کردند.", "OTHER", iran, iraq) == "CRITICIZE"
    assert _retyped("ایران و عراق پس از دیدار وزیران بیانیه دادند.", "OTHER", iran, iraq) == "OTHER"
    # an actor and an event: taking part, whichever way the classifier guessed, unless «در» puts the
    # event in the state
    drill = ("EVENT", None)
    for a, b in ((drill, russia), (russia, drill)):
        assert _retyped("روسیه و سوریه رزمایش مشترک لاذقیه را برگزار کردند.", "LOCATED", a, b) == "PARTICIPATE"
    assert _retyped("ارتش سوریه در رزمایش مشترک لاذقیه در روسیه شرکت کرد.", "PARTICIPATE", russia, drill) == "LOCATED"
    # a guess of office or membership in a state that is not the person's own: the cue's type
    assert _retyped("وزیر خارجه روسیه سرگئی لاوروف و ایران دیدار کردند.", "POSITION", ("PERSON", None), iran) == "MEET"
    # no cue, but one acts «علیه» the other: blame, not a bare «other»
    usa = ("STATE", "آمریکا")
    assert _retyped("گزارش تازه ادامه سناریوسازی‌های آمریکا علیه ایران است.", "OTHER", usa, iran) == "CRITICIZE"
    assert _retyped("گزارش تازه ادامه سناریوسازی‌های آمریکا برای ایران است.", "OTHER", usa, iran) == "OTHER"


def test_extraction_reporter_names_the_outlet() -> None:
    f = _facts("امیدی در گفت‌وگو با خبرنگار فارس در اقلید گفت که بازار آرام است.")
    assert any(e.type == "ORG" and e.key == "org:fars" for e in f.entities)
    g = _facts("مردم استان فارس در اقلید گرد آمدند.")  # alone, the word is the province
    assert not any(e.type == "ORG" and e.key == "org:fars" for e in g.entities)


def test_extraction_name_before_its_title_or_appositive() -> None:
    # Quoted or sentence-initial names written before the office (unknown to every lexicon).
    f = _facts('"پترو واسیلنکو" وزیر امور خارجه اوکراین روز گذشته به ورشو رفت.\n'
               'گوران میلیچویچ عضو کمیسیون امنیت پارلمان صربستان هشدار داد.\n'
               '«هانا کوالسکا»، شهروند لهستان، آزاد شد.')
    people = {e.label: e for e in f.entities if e.type == "PERSON"}
    assert {"پترو واسیلنکو", "گوران میلیچویچ", "هانا کوالسکا"} <= set(people)
    assert ("POSITION", "پترو واسیلنکو", "اوکراین") in _ties(f)
    # a title after an ordinary noun phrase is no name: «گزارش هیئت وزیر …»
    g = _facts("بررسی گزارش سالانه وزیر دفاع اوکراین در پارلمان انجام شد.")
    assert not any(e.type == "PERSON" and "گزارش" in e.label for e in g.entities)


def test_extraction_listed_states_each_get_the_tie() -> None:
    f = extract_facts(Document(id="t", text="اتحادیه اروپا روز دوشنبه روسیه، بلاروس و ونزوئلا را تحریم کرد."),
                      use_tagger=False, use_model=False)
    assert {t for t in _ties(f) if t[0] == "SANCTION"} == {
        ("SANCTION", "اتحادیه اروپا", s) for s in ("روسیه", "بلاروس", "ونزوئلا")}


def test_extraction_official_speaking_for_own_state_is_a_position() -> None:
    from relgraph.model import Entity, Evidence, Relation
    from relgraph.relations import own_side_as_position

    ev = Evidence(doc="t", sentence=0, start=0, end=5, text="x", method="rule:speech", confidence=0.5)
    person = Entity(id="e1", key="person:x", type="PERSON", label="x", mentions=(), office="سخنگو", state="state:IRN")
    iran = Entity(id="e2", key="state:IRN", type="STATE", label="ایران", mentions=())
    iraq = Entity(id="e3", key="state:IRQ", type="STATE", label="عراق", mentions=())
    rels = [Relation(type="CRITICIZE", source="e1", target="e2", evidence=ev),
            Relation(type="REJECT", source="e2", target="e1", evidence=ev),
            Relation(type="CRITICIZE", source="e1", target="e3", evidence=ev)]
    out = {(r.type, r.source, r.target) for r in own_side_as_position([person, iran, iraq], rels)}
    assert out == {("POSITION", "e1", "e2"), ("CRITICIZE", "e1", "e3")}


def test_extraction_quoted_new_name_and_rank_before_quotes() -> None:
    f = _facts('"آندره لوبوف" در گفت‌وگو با شبکه خبری العالم گفت که مذاکرات ادامه دارد.\n'
               'ژنرال «مارک تیلسون» این موضوع را تأیید کرد.')
    people = {e.label for e in f.entities if e.type == "PERSON"}
    assert {"آندره لوبوف", "مارک تیلسون"} <= people
    # quotes around a phrase that is no name stay as they are
    g = _facts('او از "توافق هسته‌ای" دفاع کرد.')
    assert not any(e.type == "PERSON" for e in g.entities)


def test_extraction_namesake_of_a_listed_person_is_someone_else() -> None:
    # the lexicon lists «سعید جلیلی»; «اسماعیل جلیلی» is another man, and «جلیلی» alone is him here
    f = _facts("اسماعیل جلیلی نماینده مردم مسجدسلیمان در مجلس به اهواز رفت. جلیلی در آنجا سخنرانی کرد.")
    people = _people(f)
    assert [p.label for p in people] == ["اسماعیل جلیلی"]
    assert people[0].wikidata is None and len(people[0].mentions) == 2


def test_extraction_organisation_names_with_quotes_and_conjunctions() -> None:
    f = _facts('روزنامه «والنتینو پست» نوشت که کمیسیون حقوقی و قضایی مجلس اوکراین تشکیل جلسه داد.')
    orgs = _ents(f, "ORG")
    assert any("والنتینو پست" in o for o in orgs)
    assert any("حقوقی و قضایی" in o for o in orgs)
    # two phrases joined by «و» stay two
    g = _facts("حزب کارگر کشور و جریان اصلاحات به انتخابات اعتراض داشتند.")
    assert not any(" و " in o for o in _ents(g, "ORG"))


def test_extraction_place_named_by_its_head() -> None:
    f = _facts("سیل خانه‌های روستای گلوردیه را ویران کرد و مردم به شهر گریختند.")
    assert "روستای گلوردیه" in _ents(f, "LOC")
    g = _facts("او به خانه می رود و کارشناسان می‌گویند.")
    assert not _ents(g, "LOC")


def test_extraction_office_in_the_lead_is_the_person_named_next() -> None:
    f = _facts("وزیر دفاع اسلوونی اعلام کرد که همکاری ادامه دارد.\n\n"
               'به گزارش خبرگزاری فارس، "آندره کوواچ" گفت: ما به همکاری پایبندیم.')
    people = _people(f)
    assert len(people) == 1 and people[0].label == "آندره کوواچ"
    assert people[0].office and "دفاع" in people[0].office and people[0].state == "state:SVN"


def test_extraction_role_in_an_organisation_is_the_person_named_next() -> None:
    # «عضو [سازمان]» in the lead, its holder speaking in the next sentence: POSITION in the organisation
    f = _facts("عضو شورای ملی گرجستان درباره انتخابات هشدار داد.\n\n"
               '"جورج کیکنادزه" در گفت‌وگو با خبرنگاران تاکید کرد که انتخابات باید آزاد باشد.')
    people = _people(f)
    assert [p.label for p in people] == ["جورج کیکنادزه"]
    assert ("POSITION", "جورج کیکنادزه", "شورای ملی گرجستان") in _ties(f)
    # nobody named to hold it: no person of its own
    g = _facts("عضو شورای ملی گرجستان درباره انتخابات هشدار داد.")
    assert not _ents(g, "PERSON")


def test_extraction_title_between_given_name_and_surname_is_part_of_the_name() -> None:
    f = extract_facts(Document(id="t", text="در این دیدار رضا امیر کاظمی از ورزشکاران تقدیر کرد."))
    assert _ents(f, "PERSON") == {"رضا امیر کاظمی"}  # not «رضا» and «کاظمی», split at the rank «امیر»


def test_extraction_described_incident_is_an_event_bare_head_is_not() -> None:
    f = _facts("به گزارش رویترز، حمله انتحاری به یک پاسگاه در شمال پاکستان ده کشته برجا گذاشت.")
    assert "حمله انتحاری" in _ents(f, "EVENT")
    assert not _ents(_facts("حملات ادامه دارد و حمله را محکوم کردند."), "EVENT")
    assert not _ents(_facts("در نشست‌های آینده درباره بحران‌های منطقه صحبت شد."), "EVENT")


def test_extraction_encounter_named_with_its_other_side() -> None:
    f = _facts("تیم ملی قطر بازی مقابل پاراگوئه را برد.")
    assert "بازی مقابل پاراگوئه" in _ents(f, "EVENT")
    assert ("PARTICIPATE", "پاراگوئه", "بازی مقابل پاراگوئه") in _ties(f)
    assert not _ents(_facts("این بازی برای ما مهم بود."), "EVENT")  # a bare «بازی» is no event


def test_extraction_attack_named_with_both_sides() -> None:
    f = _facts("حمله کلمبیا به خاک اکوادور خشم منطقه را برانگیخت.")
    assert "حمله کلمبیا به خاک اکوادور" in _ents(f, "EVENT")
    assert ("CONFLICT", "کلمبیا", "اکوادور") in _ties(f)


def test_extraction_event_followed_by_a_place_happened_there() -> None:
    f = _facts("دو حمله انتحاری به یک پاسگاه پلیس در شهر قندهار ده کشته برجا گذاشت.")
    assert ("LOCATED", "حمله انتحاری", "قندهار") in _ties(f)
    # a place already inside the event's name is no news; a verb between ends the phrase
    g = _facts("انتخابات پارلمانی قزاقستان در قزاقستان برگزار شد.")
    assert not {t for t in _ties(g) if t[0] == "LOCATED" and t[2] == "قزاقستان" and "rule" in t[1]}


def test_extraction_actor_acting_during_an_event_takes_part() -> None:
    def ties(text: str) -> set[tuple[str, str, str]]:
        return _ties(extract_facts(Document(id="t", text=text), use_tagger=False, use_model=False))

    got = ties("حسن روحانی در جریان اجلاس سران جنبش عدم تعهد از رئیس‌جمهور ونزوئلا تقدیر کرد.")
    assert ("PARTICIPATE", "حسن روحانی", "اجلاس سران جنبش عدم تعهد") in got
    # going there is not yet taking part
    assert not ties("حسن روحانی برای حضور در اجلاس سران جنبش عدم تعهد آماده شد.")
    # up to two words say where in the event: its opening ceremony, its session
    got = ties("حسن روحانی در جلسه افتتاحیه اجلاس سران جنبش عدم تعهد اظهار داشت که صلح لازم است.")
    assert ("PARTICIPATE", "حسن روحانی", "اجلاس سران جنبش عدم تعهد") in got


def test_extraction_place_written_joined_or_spaced() -> None:
    for text in ("مدیرعامل شرکت نفت و گاز مسجدسلیمان گفت.", "مدیرعامل شرکت نفت و گاز مسجد سلیمان گفت."):
        f = _facts(text)
        assert "place:masjed_soleyman" in {e.key for e in f.entities}, text
        assert any(e.label.startswith("شرکت نفت و گاز مسجد") for e in f.entities if e.type == "ORG"), text


def test_extraction_organisation_names_run_through_plurals_compounds_and_place_nouns() -> None:
    orgs = _ents(_facts("شرکت نمایشگاه‌های بین‌المللی استان یزد اعلام کرد."), "ORG")
    assert "شرکت نمایشگاه‌های بین‌المللی استان یزد" in orgs
    orgs = _ents(_facts("رئیس سازمان پارک‌ها و فضای سبز شهر مشهد گفت."), "ORG")
    assert "سازمان پارک‌ها و فضای سبز شهر مشهد" in orgs
    # a named place right after the most modifiers a name may have still closes it
    orgs = _ents(_facts("کمیته اجرایی کاهش آلودگی هوای تهران تشکیل شد."), "ORG")
    assert "کمیته اجرایی کاهش آلودگی هوای تهران" in orgs


def test_extraction_spelt_out_name_before_its_abbreviation_is_one_entity() -> None:
    f = _facts("سخنگوی فدراسیون بین‌المللی فوتبال (فیفا) گفت که فیفا تصمیم گرفته است.")
    orgs = [e for e in f.entities if e.type == "ORG"]
    assert len(orgs) == 1 and orgs[0].key == "org:fifa"


def test_extraction_site_named_after_its_town_holds_the_town() -> None:
    f = _facts("آتش‌سوزی در بازار تبریز خسارت زد و نیروگاه بوشهر تعطیل شد. شهرستان بابل آرام بود.")
    assert {"بازار تبریز", "تبریز", "نیروگاه بوشهر", "بوشهر", "بابل"} <= _ents(f, "LOC")
    assert "شهرستان بابل" not in _ents(f, "LOC")  # the town itself, not a site of it
    assert "بازار جهانی" not in _ents(_facts("قیمت نفت در بازار جهانی بالا رفت."), "LOC")


def test_extraction_unlisted_place_with_or_without_its_kind_is_one_place() -> None:
    f = _facts("همایش در شهرستان گلوردیه برگزار شد. مردم روستای گلوردیه استقبال کردند.")
    places = [e.label for e in f.entities if e.type == "LOC" and "گلوردیه" in e.label]
    assert len(places) == 1, places


def test_extraction_military_base_is_a_place() -> None:
    f = _facts("نیروهای آمریکایی در پایگاه هوایی العدید مستقر شدند.")
    assert "پایگاه هوایی العدید" in _ents(f, "LOC") and "پایگاه هوایی العدید" not in _ents(f, "ORG")


def test_extraction_mission_name_goes_on_with_its_seat() -> None:
    assert "سفارت ایران در لندن" in _ents(_facts("سفارت ایران در لندن اطلاعیه‌ای صادر کرد."), "ORG")


def test_extraction_ranks_need_a_name_after_them() -> None:
    # «سر» (Sir) in «بر سر», and the «امام» of the office «امام جمعه», take no name after them
    assert not _ents(_facts("شکاف بین شرق و غرب بر سر برنامه موشکی ایران بیشتر شد."), "PERSON")
    assert not _ents(_facts("امام جمعه شهر بویین زهرا در این مراسم سخنرانی کرد."), "PERSON")
    # an unlisted surname in «ی» after a rank is still a name
    assert "سپهوندی" in _ents(_facts("سردار سپهوندی در این مراسم سخنرانی کرد."), "PERSON")
    # a surname in «ی» after a given name stays on the name
    assert "رمضان جعفری" in _ents(_facts("در این تیم سید رمضان جعفری حضور داشت."), "PERSON")


def test_extraction_office_of_a_listed_person_is_that_person() -> None:
    # the people lexicon gives Tony Blair the office «نخست وزیر» of the UK: the role-only mention is him
    f = _facts("نخست وزیر انگلیس در پارلمان از جنگ دفاع کرد. منتقدان از تونی بلر انتقاد کردند.")
    assert [p.label for p in _people(f)] == ["تونی بلر"]


def test_extraction_name_set_off_by_commas_after_a_title() -> None:
    f = _facts("رئیس جمهور اکوادور، رافائل کورآ، از سیاست آمریکا انتقاد کرد.")
    people = _people(f)
    assert [p.label for p in people] == ["رافائل کورآ"] and people[0].state == "state:ECU"


def test_extraction_office_speaking_after_the_named_speaker_is_that_speaker() -> None:
    f = _facts("حجت‌الاسلام علی رضایی در خطبه‌های نماز جمعه گفت: دشمن ناکام است.\n\n"
               "رئیس شورای فرهنگ عمومی یزد افزود: مردم هوشیارند.")
    people = _people(f)
    assert [p.label for p in people] == ["علی رضایی"]
    assert ("POSITION", "علی رضایی", "شورای فرهنگ عمومی یزد") in _ties(f)


def test_extraction_listed_person_in_quotes_takes_the_title_after() -> None:
    f = _facts("به گزارش ایرنا، «ناصر کنعانی» سخنگوی وزارت امور خارجه در توییتی نوشت.")
    person = next(e for e in f.entities if e.type == "PERSON")
    assert person.label == "ناصر کنعانی" and person.office and "سخنگو" in person.office


def test_extraction_generic_title_in_the_lead_is_the_official_named_next() -> None:
    f = _facts("یک دیپلمات ایران گفت: کشورهای منطقه باید از مقاومت حمایت کنند.\n\n"
               "به گزارش ایرنا، «محمدجواد ظریف» نوشت: آنان که در کنار بشار اسد نبودند اکنون پشیمان‌اند.")
    people = {e.label for e in f.entities if e.type == "PERSON"}
    assert "محمدجواد ظریف" in people and not any("دیپلمات" in p for p in people)


def test_extraction_surname_runs_and_spacing_variants_are_one_person() -> None:
    f = extract_facts(Document(id="t", text="«منصور ابراهیم زاده» سرمربی تیم است. ابراهیم زاده گفت که تیم آماده است. "
                                            "«محمدرضا میر تاج‌الدینی» گفت. میرتاج الدینی افزود."), use_tagger=False)
    people = sorted(e.label for e in f.entities if e.type == "PERSON")
    assert people == ["محمدرضا میر تاج‌الدینی", "منصور ابراهیم زاده"], people


def test_extraction_listed_national_body_followed_by_another_state_is_that_states() -> None:
    f = _facts("وزارت اطلاعات عراق و وزارت آموزش و پرورش اطلاعیه دادند.")
    orgs = {e.label: e.key for e in f.entities if e.type == "ORG"}
    assert orgs.get("وزارت آموزش و پرورش") == "org:iran_education_ministry"
    assert "وزارت اطلاعات عراق" in orgs and orgs["وزارت اطلاعات عراق"] != "org:iran_intelligence_ministry"
    # a listed body whose name holds its state, or a state that is the object, keeps the lexicon's entry
    keys = {e.key for e in _facts("وزارت خارجه ایران آمریکا را محکوم کرد. حزب الله اسرائیل را تهدید کرد.").entities}
    assert {"org:iran_foreign_ministry", "org:hezbollah", "state:USA", "state:ISR"} <= keys


def test_extraction_review_cases_lists_titles_and_namesakes() -> None:
    # a list of officials: each keeps the title written before them
    f = _facts("وزیر خارجه ایران محمدجواد ظریف، وزیر خارجه روسیه سرگئی لاوروف و وزیر خارجه چین وانگ یی "
               "دیدار کردند.")
    assert {t for t in _ties(f) if t[0] == "POSITION"} == {
        ("POSITION", "محمدجواد ظریف", "ایران"), ("POSITION", "سرگئی لاوروف", "روسیه"), ("POSITION", "وانگ یی", "چین")}
    # subject and object in one list: no tie in both directions
    g = extract_facts(Document(id="t", text="ایران، روسیه و چین را تحریم کردند."), use_tagger=False, use_model=False)
    pairs = [frozenset(t[1:]) for t in _ties(g)]
    assert len(pairs) == len(set(pairs))
    # a listed person of another state is not the office named in the lead
    h = _facts("وزیر دفاع ایتالیا از آمریکا انتقاد کرد. ولادیمیر پوتین نیز در این باره سخن گفت.")
    putin = next(e for e in h.entities if "پوتین" in e.label)
    assert putin.office is None and putin.state == "state:RUS"
    # namesakes stay apart whatever lone surname comes between
    k = _facts("سعید جلیلی گفت. جلیلی افزود. اسماعیل جلیلی گفت.")
    assert {"سعید جلیلی", "اسماعیل جلیلی"} <= _ents(k, "PERSON")
    # an event name holds no state: «جنگ ایران و عراق» keeps both states
    m = _facts("جنگ ایران و عراق هشت سال طول کشید.")
    assert {"ایران", "عراق"} <= _ents(m, "STATE")


def test_extraction_weak_state_names_and_quoted_capitals() -> None:
    # «آفریقای مرکزی» alone is the region, unless listed beside other states
    f = _facts("کشورهای آفریقای مرکزی با فرانسه دیدار کردند.")
    assert _ents(f, "STATE") == {"فرانسه"}
    g = _facts("یمن، آفریقای مرکزی و سومالی حق رأی ندارند.")
    assert len(_ents(g, "STATE")) == 3
    # a capital inside a quoted name is no government acting
    h = _facts("روزنامه «دیلی تلگراف» نوشت ایران و انگلیس توافق کردند.")
    assert _ents(h, "STATE") == {"ایران", "انگلیس"}


def test_extraction_demonstrative_head_points_back() -> None:
    # «این نشست» is the summit named before, not a new event named after whoever follows it
    f = _facts("نشست سران ناتو در بروکسل برگزار شد. در این نشست وزیر خارجه ترکیه سخنرانی کرد.")
    assert _ents(f, "EVENT") == {"نشست سران ناتو"}
    summit = next(e for e in f.entities if e.type == "EVENT")
    assert [m.text for m in summit.mentions] == ["نشست سران ناتو", "این نشست"]  # the whole referring phrase
    assert summit.mentions[1].method == "coref"
    # an event head with another word points back to the event named just before; ties follow it
    g = _facts("رزمایش دریایی بالتوپس ناتو در دریای بالتیک آغاز شد. روسیه نیز در این مانورها شرکت می کند.")
    assert ("PARTICIPATE", "روسیه", "رزمایش دریایی بالتوپس ناتو") in _ties(g)
    # without an antecedent of its kind the phrase stays unlinked and makes no entity
    h = _facts("وزیر خارجه ترکیه گفت این سازمان باید پاسخ دهد.")
    assert _ents(h, "ORG") == set()


def test_extraction_office_refers_to_the_person_named_next_to_it() -> None:
    # «این وزیر …» is the person named just before
    f = _facts('"محمد الصباح" از سیاست ایران انتقاد کرد. این وزیر خارجه کویت گفت: ایران باید پاسخ دهد.')
    person = next(e for e in f.entities if e.type == "PERSON")
    assert person.label == "محمد الصباح" and person.office == "وزیر خارجه" and len(_ents(f, "PERSON")) == 1
    # the office speaks first, the holder is named at the head of the next sentence
    g = _facts('وزیر خارجه کویت در نشست خبری اظهار داشت: ایران باید پاسخ دهد. "محمد الصباح" افزود: کویت خواستار گفتگو است.')
    assert _ents(g, "PERSON") == {"محمد الصباح"}
    # not when the next sentence names someone else too
    h = _facts('وزیر خارجه کویت اظهار داشت: ایران باید پاسخ دهد. "محمد الصباح" و "علی حسینی" دیدار کردند.')
    assert "وزیر خارجه کویت" in _ents(h, "PERSON")


def test_extraction_ordinal_or_year_makes_an_event_specific() -> None:
    f = _facts("ششمین نمایشگاه تخصصی فرش در اصفهان گشایش یافت.")
    assert _ents(f, "EVENT") == {"ششمین نمایشگاه تخصصی فرش"}
    g = _facts("تیم ملی ایران در جشنواره 2010 شرکت کرد.")
    assert _ents(g, "EVENT") == {"جشنواره 2010"}
    # a bare head is still no event, nor is a day of the month
    h = _facts("نمایشگاه فرش در اصفهان گشایش یافت و جشنواره 18 روز ادامه دارد.")
    assert _ents(h, "EVENT") == set()


def test_extraction_participation_needs_the_verb() -> None:
    f = _facts("وزیر دفاع ترکیه در رزمایش مشترک ناتو حضور داشت.")
    assert ("PARTICIPATE", "وزیر دفاع ترکیه", "رزمایش مشترک ناتو") in _ties(f)
    # a purpose or a call to take part is no participation
    g = _facts("سپاه پاسداران ضمن گرامیداشت انقلاب اسلامی آمادگی خود را برای حضور در راهپیمایی اعلام کرد.")
    assert "انقلاب اسلامی" in _ents(g, "EVENT")
    assert not [r for r in g.relations if r.evidence.method == "rule:participate"]


def test_extraction_held_with_the_presence_of() -> None:
    f = _facts("همایش گردشگری با حضور وزیر ارشاد ایران و سفیر ژاپن در تهران برگزار شد.")
    ties = _ties(f)
    assert ("PARTICIPATE", "وزیر ارشاد ایران", "همایش گردشگری") in ties
    assert ("PARTICIPATE", "سفیر ژاپن", "همایش گردشگری") in ties


def test_extraction_sports_and_gathering_events() -> None:
    f = _facts("تیم ملی والیبال ایران در لیگ جهانی والیبال حضور دارد و سمینار سالانه گردشگری فردا آغاز می‌شود.")
    assert {"لیگ جهانی والیبال", "سمینار سالانه گردشگری"} <= _ents(f, "EVENT")


def test_extraction_event_named_after_its_place() -> None:
    f = _facts("تیم ملی جوانان برای شرکت در تورنمنت تهران آماده می‌شود.")
    assert ("LOCATED", "تورنمنت تهران", "تهران") in _ties(f)


def test_extraction_speaker_at_an_event_takes_part() -> None:
    f = _facts('"احمد چلبی" در همایش شورای روابط خارجی آمریکا اعلام کرد ارتش عراق باید مجهز شود.')
    label = {e.id: e.label for e in f.entities}
    assert ("احمد چلبی", "همایش شورای روابط خارجی آمریکا") in {
        (label[r.source], label[r.target]) for r in f.relations if r.evidence.method == "rule:participate"}
    # not a purpose, a request, a direct object, or a negated verb that is no speech
    for text in ('سپاه پاسداران برای حضور در همایش شورای روابط خارجی آمریکا اعلام آمادگی کرد.',
                 'وزیر خارجه ایران خواستار مشارکت در همایش شورای روابط خارجی آمریکا شد.',
                 'آمریکا ایران را در همایش شورای روابط خارجی آمریکا محکوم کرد.',
                 'ایران در همایش شورای روابط خارجی آمریکا نقشی نداشت.'):
        assert not [r for r in _facts(text).relations if r.evidence.method == "rule:participate"], text
    # a verb between the actor and «در» makes them two clauses
    g = _facts('"احمد چلبی" سفر کرد و در همایش شورای روابط خارجی آمریکا قطعنامه تصویب شد.')
    assert not [r for r in g.relations if r.evidence.method == "rule:participate"]


def test_extraction_speech_tone_is_about_the_actors_near_it() -> None:
    f = _facts("وزیر خارجه ایران گفت: رژیم اسرائیل با جنایت و کشتار مردم غزه را هدف قرار داده است و "
               "نمایندگان کشورمان امروز در نشست عادی و منظم سالانه سازمان ملل متحد در شهر نیویورک حاضر شدند.")
    speech = {(t[0], t[2]) for t in _ties(f)} & {("CRITICIZE", "اسرائیل"), ("CRITICIZE", "سازمان ملل متحد")}
    assert ("CRITICIZE", "اسرائیل") in speech and ("CRITICIZE", "سازمان ملل متحد") not in speech


def test_extraction_one_written_word_is_one_modifier() -> None:
    # «نظامی-دریایی» is two parts of one written word: the phrase still reaches the organisation
    f = _facts("مانورهای نظامی-دریایی کشورهای عضو ناتو در دریای بالتیک آغاز شد.")
    assert _ents(f, "EVENT") == {"مانورهای نظامی-دریایی کشورهای عضو ناتو"}


def test_extraction_event_held_in_a_state() -> None:
    f = _facts("نشست سران اتحادیه عرب در عراق برگزار شد.")
    assert ("LOCATED", "نشست سران اتحادیه عرب", "عراق") in _ties(f)


def test_extraction_review_probes_make_no_wrong_facts() -> None:
    # «پس از آن» is a pronoun, not «that summit»: the summit is still found and nobody gets an office
    f = _facts('"علی حسینی" وارد کویت شد. پس از آن نشست سران ناتو در بروکسل برگزار شد.')
    assert "نشست سران ناتو" in _ents(f, "EVENT")
    g = _facts('"علی حسینی" وارد کویت شد. پس از آن وزیر خارجه کویت گفت: ایران باید پاسخ دهد.')
    assert not any(e.label == "علی حسینی" and e.office for e in g.entities)
    # the host of a visit does not become the visitor's office holder
    h = _facts('وزیر خارجه کویت به تهران سفر کرد. "علی حسینی" از او استقبال کرد.')
    assert not any(e.label == "علی حسینی" and e.office for e in h.entities)
    # «این وزیر خارجه ایران» is the listed Iranian, not the guest named last
    k = _facts('محمد جواد ظریف با "احمد الصباح" دیدار کرد. این وزیر خارجه ایران گفت: همکاری ادامه دارد.')
    assert next(e for e in k.entities if e.label == "احمد الصباح").office is None
    # a count is no year; a meeting is not the World Cup named before
    assert _ents(_facts("در زلزله ۲۰۰۰ نفر کشته شدند."), "EVENT") == set()
    m = _facts('جام جهانی 2010 برگزار شد. ظریف با لاوروف دیدار کرد. در این دیدار "علی حسینی" گفت: همکاری ادامه دارد.')
    assert all(x.text.startswith("جام جهانی") for e in m.entities if e.type == "EVENT" for x in e.mentions)


def test_extraction_held_with_not_the_organisations_of_titles() -> None:
    f = _facts('همایش گردشگری با حضور "علی موسوی" عضو کمیسیون اقتصادی مجلس شورای اسلامی در تهران برگزار شد.')
    ties = _ties(f)
    assert ("PARTICIPATE", "علی موسوی", "همایش گردشگری") in ties
    assert not any(t[0] == "PARTICIPATE" and t[1] == "مجلس شورای اسلامی" for t in ties)


def test_extraction_journalist_holds_a_position_at_the_outlet() -> None:
    f = _facts('"غسان بن جدو" خبرنگار شبکه الجزیره در بیروت گفت: کارکنان تهدید شدند.')
    assert ("POSITION", "غسان بن جدو", "الجزیره") in _ties(f)


def test_extraction_trigger_noun_with_its_two_parties() -> None:
    f = extract_facts(Document(id="t", text="همکاری ایران و روسیه در زمینه انرژی گسترش یافت."),
                      use_tagger=False, use_model=False)
    label = {e.id: e.label for e in f.entities}
    assert {(r.type, label[r.source], label[r.target]) for r in f.relations} == {("COOPERATE", "ایران", "روسیه")}


def test_extraction_people_in_a_list_of_people() -> None:
    # an item of a list of people is a person, though its first word alone is a town or a listed surname
    text = "در این اردو علی کریمی، مهدی رضایی، شهریار کاظمی، بختیار رحمانی و میلاد سلطانی از تهران حضور دارند."
    f = extract_facts(Document(id="t", text=text))  # the tagger finds the first names of the list
    assert {"شهریار کاظمی", "بختیار رحمانی", "میلاد سلطانی"} <= _ents(f, "PERSON")
    assert "شهریار" not in _ents(f, "LOC")
    # not in a list of places, nor a plural or everyday group in a list of people
    g = _facts("تیم‌ها از تبریز، شیراز، شهریار و کرج آمدند.")
    assert "شهریار" in _ents(g, "LOC") and not _ents(g, "PERSON")
    h = _facts("حسن روحانی، محمدجواد ظریف، عباس عراقچی و خانواده شهدا از تهران رفتند.")
    assert len(_ents(h, "PERSON")) == 3 and not any("خانواده" in p for p in _ents(h, "PERSON"))


def test_extraction_government_of_a_state_is_an_organisation() -> None:
    # «دولت قطر» is the official name of Qatar, yet in the press the government: an organisation
    f = _facts("دولت لیبی و دولت قطر از این طرح حمایت کردند و دستگاه قضایی شیلی حکم داد.")
    assert {"دولت لیبی", "دولت قطر", "دستگاه قضایی شیلی"} <= _ents(f, "ORG")
    assert {"لیبی", "قطر", "شیلی"} <= _ents(f, "STATE")


def test_extraction_quoted_name_after_a_place_noun_is_a_place() -> None:
    f = _facts("نیروهای ترکیه به شهر «عین عیسی» و منطقه \"ستخیرا\" حمله کردند. او در زندان اوین است.")
    assert {"عین عیسی", "ستخیرا", "زندان اوین"} <= _ents(f, "LOC")
    g = _facts("نیروها به منطقه «امن» و منطقه «پرواز ممنوع» رفتند و در آن شهر")  # a place noun last: no index error
    assert not _ents(g, "LOC")  # quoted everyday words are no place names


def test_extraction_imam_and_hazrat_keep_a_given_name() -> None:
    f = _facts("حضرت امام حسین (ع) در کربلا به شهادت رسید و حضرت زهرا (س) الگوی زنان است. ژنرال حسین سلامی گفت.")
    people = _ents(f, "PERSON")
    assert {"امام حسین", "حضرت زهرا"} <= people and "حسین" not in people
    assert any(p.endswith("سلامی") and not p.startswith("ژنرال") for p in people)  # a rank is no part of a name


def test_extraction_word_with_pronoun_clitic_is_no_name() -> None:
    f = _facts("انگار سرباز حواسش نیست. ستوان پاهایش را گذاشته رو میز. ژنرال حسنوف آمد. ژنرال هولت گفت.")
    assert _ents(f, "PERSON") == {"حسنوف", "هولت"}  # «هولت» ends in «ت», yet is no word with a clitic


def test_extraction_team_by_its_rank_is_no_organisation() -> None:
    f = _facts("تیم برتر گروه دوم و تیم اول جدول به مرحله بعد رفتند. تیم ملی فوتبال ایران هم صعود کرد.")
    assert _ents(f, "ORG") == {"تیم ملی فوتبال ایران"}
    assert "تیم برتر ایران" in _ents(_facts("تیم برتر ایران به فینال رسید."), "ORG")  # a state names it


def test_extraction_government_needs_a_state_a_name_or_a_number() -> None:
    f = _facts("دولت هوشمند و دولت مردمی هدف است. نهاد خوب کار می‌کند. دولت یازدهم و دولت ژاپن و دولت روحانی آمدند.")
    assert {"دولت یازدهم", "دولت ژاپن"} <= _ents(f, "ORG")
    assert not _ents(f, "ORG") & {"دولت هوشمند", "دولت مردمی", "نهاد خوب"}  # kinds of government, no name


def test_extraction_a_law_is_an_agreement_only_by_its_name() -> None:
    f = _facts("آمریکا قانون کاتسا را علیه روسیه اجرا کرد. قانون یارانه‌ها و قانون‌گذاری عادلانه بررسی شد.")
    assert _ents(f, "AGREEMENT") == {"قانون کاتسا"}


def test_extraction_quoted_name_of_a_state_is_a_person() -> None:
    f = _facts('داوران «مهسا کرمانی نیک» از ایران و «هدی عبدالکریم الساعدی» از عراق هستند. '
               'او به مصاف "تاکاشی ماتسودا" ژاپنی رفت. «جشنواره فجر» از ایران آغاز شد.')
    assert {"مهسا کرمانی نیک", "هدی عبدالکریم الساعدی", "تاکاشی ماتسودا"} <= _ents(f, "PERSON")
    assert not any("جشنواره" in p for p in _ents(f, "PERSON"))
    g = _facts("سامانه «گنبد آهنین» اسرائیلی موشک را زد و فیلم «جدایی نادر» از ایران جایزه گرفت.")
    assert not _ents(g, "PERSON")  # the names of things, in everyday words


def test_extraction_quoted_transliterated_name_is_a_person() -> None:
    # no given name listed, no state after it: every word a transliteration is what makes it a name
    f = _facts('«گونار هوکسبرگ» در گفت‌وگو با خبرنگاران گفت که "یوهانس کرتلینگ" به لاهه رفته است.')
    assert {"گونار هوکسبرگ", "یوهانس کرتلینگ"} <= _ents(f, "PERSON")
    g = _facts('هفته‌نامه «دربلاتن فورشتات» نوشت و ورزشگاه «کوراکو میناتو» پر شد. '
               'شعار «بیداری اسلامی» و «قربانیان تروریسم» و «تهیه‌کنندگی» و «God father» خوانده شد.')
    assert not _ents(g, "PERSON")  # a head noun before the quotes, Persian words, Latin letters


def test_extraction_name_after_a_clerics_rank_may_be_made_of_words() -> None:
    # only a name follows «حجت‌الاسلام»: everyday words («نجات», «جوکار») make it, a trailing adverb does not
    f = _facts("حجت‌الاسلام نجات فیاضی صبح امروز در همایش گفت. حجت‌الاسلام والمسلمین رضا جوکار خاطرنشان کرد که "
               "حضرت آیت‌الله العظمی نوری همدانی پیام داد.")
    assert {"نجات فیاضی", "رضا جوکار", "نوری همدانی"} <= _ents(f, "PERSON")
    assert not any(p.endswith(("صبح", "خاطرنشان")) or p.startswith("العظمی") for p in _ents(f, "PERSON"))
    g = _facts("ژنرال نجات صبح امروز گفت.")  # other ranks still want a name-like word
    assert "نجات" not in _ents(g, "PERSON")


def test_extraction_a_match_is_not_the_tournament_it_belongs_to() -> None:
    f = extract_facts(Document(id="t", text="تیم ملی ایران در جام جهانی شرکت کرد. این بازی با شکست ایران تمام شد."))
    cup = next(e for e in f.entities if e.label == "جام جهانی")
    assert all("بازی" not in m.text for m in cup.mentions)  # «این بازی» is one match, not the cup


def test_extraction_weak_surname_of_a_person_named_in_full() -> None:
    # «روحانی» alone is also «a cleric»: named in full in the document, the bare surname is the person
    f = extract_facts(Document(id="t", text="حسن روحانی به نیویورک رفت. روحانی در سازمان ملل گفت که ایران صلح می‌خواهد."))
    rouhani = next(e for e in f.entities if e.type == "PERSON")
    assert [m.text for m in rouhani.mentions] == ["حسن روحانی", "روحانی"]
    g = _facts("یک روحانی در مسجد گفت که مردم آمدند.")  # not named in full: the word stays a word
    assert not _ents(g, "PERSON")


def test_extraction_review_probes_of_session_7() -> None:
    # a weak surname stays a word after a determiner or an adverb, or before a copula, even where the
    # person is named in full; after an organisation head it is the person («دولت روحانی»)
    f = _facts("حسن روحانی به نیویورک رفت. یک روحانی در مسجد گفت که این پیشنهاد بسیار ظریف بود.")
    assert _ents(f, "PERSON") == {"حسن روحانی"}
    assert not [m for e in extract_facts(Document(id="t", text="حسن روحانی آمد. یک روحانی گفت.")).entities
                for m in e.mentions if m.text == "روحانی"]
    # after a cleric's rank the name ends before an office or an everyday noun
    g = _facts("حجت‌الاسلام محمد رضا نوروزی مدیر حوزه گفت. حجت‌الاسلام کاظم صدیقی نماز جمعه را اقامه کرد.")
    assert {"محمد رضا نوروزی", "کاظم صدیقی"} <= _ents(g, "PERSON")
    # a government by its number, the name ending with it
    h = _facts("دولت اول روحانی و دولت چهاردهم و دولت دوازدهم لایحه را فرستادند.")
    assert {"دولت اول", "دولت چهاردهم", "دولت دوازدهم"} <= _ents(h, "ORG")
    # quoted foreign words after the noun of a thing, or after its adjectives, are no person
    k = _facts('نفتکش انگلیسی «استنا ایمپرو» و خط لوله «نورد استریم» و رزمایش مشترک «اسپرینگ استورم» خبرساز شدند.')
    assert not _ents(k, "PERSON")


def test_extraction_called_by_a_word_of_blame_is_criticised() -> None:
    f = _facts("وزارت خارجه ایران اقدام فرانسه را نامناسب و غیرقانونی خواند.")
    assert any(t == "CRITICIZE" and {a, b} >= {"فرانسه"} for t, a, b in _ties(f))
    g = _facts("ایران به تروریست‌ها در عراق کمک نمی‌کند.")  # «تروریست» alone is no blame of anyone named
    assert not any(t == "CRITICIZE" for t, _a, _b in _ties(g))


def test_extraction_leaving_an_agreement_rejects_it() -> None:
    f = _facts("ترامپ سال گذشته آمریکا را از برجام خارج کرد. او در خارج از کشور گفت.")
    assert ("REJECT", "دونالد ترامپ", "برجام") in _ties(f)
    assert not any(t == "REJECT" and "کشور" in b for t, _a, b in _ties(f))  # «خارج از کشور»: abroad


def test_extraction_office_written_without_affairs_is_the_listed_holders() -> None:
    # the lexicon gives Westerwelle «وزیر امور خارجه» of Germany; the headline writes «وزیر خارجه آلمان»
    f = extract_facts(Document(id="t", text="وزير خارجه آلمان دوشنبه راهي فرانسه مي‌شود. "
                                              '"گيدو وستروله" دوشنبه راهي فرانسه خواهد شد.'))
    people = [e for e in f.entities if e.type == "PERSON"]
    assert len(people) == 1 and len(people[0].mentions) == 2


def test_extraction_bare_head_and_state_after_the_full_name_is_the_same_body() -> None:
    f = _facts("مجلس امت کویت دیروز تشکیل جلسه داد. رئیس مجلس کویت گفت که جلسه مهم بود.")
    assert _ents(f, "ORG") == {"مجلس امت کویت"}


def test_extraction_having_ends_a_name() -> None:
    f = _facts("شهید امینیان دارای فضائل اخلاقی بسیار زیادی بود.")
    assert _ents(f, "PERSON") == {"امینیان"}


def test_extraction_listed_surname_as_first_word_of_another_name() -> None:
    f = extract_facts(Document(id="t", text="بختیار رحمانی کاپیتان تیم فولاد گفت که تیم آماده است."))
    people = {e.label: e for e in f.entities if e.type == "PERSON"}
    assert "بختیار رحمانی" in people and people["بختیار رحمانی"].wikidata is None
    assert not any("شاپور" in p for p in people)


def test_extraction_listed_name_with_a_comma() -> None:
    f = _facts("وزارت صنعت، معدن و تجارت و وزارت تعاون، کار و رفاه اجتماعی بیانیه دادند.")
    assert {"وزارت صنعت، معدن و تجارت", "وزارت تعاون، کار و رفاه اجتماعی"} <= _ents(f, "ORG")


def test_extraction_rank_starting_an_office_ends_the_name() -> None:
    f = _facts("حجت‌الاسلام محمدزمان رضایی امام جمعه زیراب در خطبه‌های نماز جمعه گفت که آمریکا دشمن است.")
    assert "محمدزمان رضایی" in _ents(f, "PERSON")
    assert ("POSITION", "محمدزمان رضایی", "زیراب") in _ties(f)


def test_extraction_preposition_governed_inside_an_organisation_name() -> None:
    f = _facts("ستاد مبارزه با مواد مخدر و انجمن حمایت از زندانیان بیانیه دادند. او با ستاد دیدار کرد.")
    assert {"ستاد مبارزه با مواد مخدر", "انجمن حمایت از زندانیان"} <= _ents(f, "ORG")


def test_extraction_noun_of_a_light_verb_is_no_place_name() -> None:
    f = _facts("او به مشکلات این شهرستان اشاره کرد. زندان اوین شلوغ است.")
    assert _ents(f, "LOC") == {"زندان اوین"}


def test_extraction_quoted_name_after_a_rank_runs_to_the_closing_quote() -> None:
    f = _facts("ژنرال «جان کین» گفت. ژنرال «جان کین گفت.")
    assert _ents(f, "PERSON") == {"جان کین"}  # an unclosed quote names no one


def test_extraction_representative_held_by_no_one_is_no_person() -> None:
    f = _facts("نماینده استرالیا در لیگ قهرمانان آسیا با نماینده ازبکستان بازی کرد.")
    assert not _ents(f, "PERSON")
    g = _facts("محمدرضا میرتاج‌الدینی نماینده تبریز در مجلس گفت که دولت باید پاسخ دهد.")
    assert any("میرتاج‌الدینی" in p or "میرتاج الدینی" in p for p in _ents(g, "PERSON"))


def test_extraction_indefinite_or_plural_noun_ends_a_name() -> None:
    f = _facts("اخیرا آقای سروش نامه‌ای به رئیس جمهور نوشته است.")
    assert _ents(f, "PERSON") >= {"سروش"} and not any("نامه" in p for p in _ents(f, "PERSON"))


def test_extraction_ministry_long_and_short_names_are_one() -> None:
    f = _facts("سعید خطیب‌زاده سخنگوی وزارت امور خارجه جمهوری اسلامی ایران گفت. وزارت خارجه بیانیه داد.")
    assert len(_ents(f, "ORG")) == 1
    g = _facts("وزارت امور خارجه جمهوری اسلامی ایران و وزارت خارجه ایران بیانیه دادند.")
    (org,) = [e for e in g.entities if e.type == "ORG"]
    assert org.key == "org:iran_foreign_ministry"  # the listed body, with its own names


def test_extraction_sayyid_joined_to_the_given_name() -> None:
    # «سیداحمد خاتمی» is not the listed «سید محمد خاتمی», whose surname alone would link
    f = _facts("آیت الله سیداحمد خاتمی در تهران سخنرانی کرد.")
    (person,) = _people(f)
    assert person.label == "سیداحمد خاتمی" and person.wikidata is None


def test_extraction_referring_adjective_points_back() -> None:
    f = _facts("همایش ملی صنعت پسته در کرمان برگزار شد. محورهای همایش مذکور اعلام شد. نشست فوق‌العاده شورا برگزار شد.")
    events = _ents(f, "EVENT")
    assert not any("مذکور" in e for e in events)
    assert any(e.startswith("نشست فوق‌العاده") for e in events)  # «فوق» of «فوق‌العاده» points nowhere


def test_extraction_noun_of_a_light_verb_written_as_one_word_stays_out() -> None:
    f = _facts("اقتصاد کشور با یک جنگ داخلی روبه‌رو شده است.")
    assert not any("روبه" in e for e in _ents(f, "EVENT"))


def test_extraction_adjective_before_a_copula_is_no_modifier() -> None:
    f = _facts("امروز اداره کل دامپزشکی تعطیل است.")
    assert _ents(f, "ORG") == {"اداره کل دامپزشکی"}


def test_extraction_state_names_that_are_everyday_words() -> None:
    # «پیرو» (further to) is not Peru; «غنا» (richness) and «مالت» (malt) name a state only in context
    f = _facts("پیرو دستور وزیر، غنا و تنوع محصولات مالت بررسی شد.")
    assert not _ents(f, "STATE")
    g = _facts("تیم ملی پرو با کشور غنا بازی کرد.")
    assert {"پرو", "غنا"} <= _ents(g, "STATE")


def test_extraction_source_cue_before_a_person_names_no_outlet() -> None:
    f = _facts("به گفته یک کارشناس نظامی، ارتش آماده است. به نقل از مقامات محلی، جاده بسته شد.")
    assert not _ents(f, "ORG")
    g = _facts("به گزارش خبرنگار اقتصادی فارس، قیمت‌ها بالا رفت.")
    assert not any(o.startswith("خبرنگار") for o in _ents(g, "ORG"))


def test_extraction_shrine_named_after_a_person_is_a_place() -> None:
    f = _facts("مردم به امامزاده سید هاشم آغوزکی و امام‌زاده صالح رفتند. امام حسین (ع) در کربلا به شهادت رسید.")
    assert {"امامزاده سید هاشم آغوزکی", "امام‌زاده صالح"} <= _ents(f, "LOC")
    assert _ents(f, "PERSON") == {"امام حسین"}


def test_extraction_quoted_name_of_a_state_may_be_made_of_known_words() -> None:
    # hazm's word list holds many foreign names; only everyday words («"گنبد آهنین" اسرائیلی») are no name
    f = _facts('او در فینال "آنتون ایساکو" از بلاروس را شکست داد. سامانه "گنبد آهنین" اسرائیلی فعال شد.')
    assert _ents(f, "PERSON") == {"آنتون ایساکو"}


def test_extraction_recurring_sports_and_religious_events_are_listed() -> None:
    f = _facts("برزیل و شیلی در کوپا آمه‌ریکا بازی کردند. تیم ایران راهی جام باشگاه‌های آسیا شد. زائران در اربعین حسینی حاضر شدند.")
    assert {"کوپا آمریکا", "لیگ قهرمانان آسیا", "اربعین"} <= _ents(f, "EVENT")
    g = _facts("نوروز محمداف رئیس اداره پست گفت.")
    assert not _ents(g, "EVENT")  # «نوروز» alone is also a given name


def test_extraction_listed_player_with_a_famous_surname_is_not_the_famous_man() -> None:
    f = _facts("آقای محسن خلیلی، پژمان حیدری و میثم سلیمانی به پرسپولیس پیوستند.")
    people = _ents(f, "PERSON")
    assert {"پژمان حیدری", "میثم سلیمانی"} <= people and "قاسم سلیمانی" not in people


def test_extraction_regions_of_middle_east_news_are_places() -> None:
    f = _facts("ائتلاف سعودی به تعز، مأرب و حضرموت حمله کرد و اسرائیل جنوب لبنان را هدف گرفت. وزیر اسکاتلند گفت.")
    assert {"تعز", "مأرب", "حضرموت", "جنوب لبنان", "اسکاتلند"} <= _ents(f, "LOC")


def test_extraction_actors_named_in_an_event_take_part() -> None:
    f = _facts("دور جدید مذاکرات ایران و آمریکا در ژنو آغاز شد.")
    ties = _ties(f)
    assert any(t[0] == "PARTICIPATE" and t[1] == "آمریکا" and "مذاکرات" in t[2] for t in ties)


def test_extraction_nationality_written_as_one_word_is_no_organisation() -> None:
    from relgraph.lexicon import normalize
    from relgraph.lexmatch import lexicon_tables
    from relgraph.mentions import _demonym_form

    idx = lexicon_tables()
    assert all(_demonym_form(normalize(w), idx) for w in ("آمريكائيها", "آمريكائي", "فلسطینیان", "صهیونیستها"))
    assert not _demonym_form(normalize("اتحادیه"), idx)


def test_extraction_trial_and_uprising_are_events() -> None:
    f = _facts("اولین جلسه محاکمه صدام حسین در بغداد برگزار شد. خیزش مردمی یمن ادامه دارد.")
    events = _ents(f, "EVENT")
    assert any(e.startswith("محاکمه صدام") for e in events) and any(e.startswith("خیزش") for e in events)
    assert any(t[0] == "PARTICIPATE" and "صدام" in t[1] for t in _ties(f))


def test_extraction_the_place_left_is_not_the_place_visited() -> None:
    f = _facts("محمدجواد ظریف برای سفر به چند کشور اروپایی تهران را به مقصد بروکسل ترک کرد.")
    visits = {(t[1], t[2]) for t in _ties(f) if t[0] == "VISIT"}
    assert ("محمدجواد ظریف", "بروکسل") in visits and ("محمدجواد ظریف", "تهران") not in visits


def test_extraction_festival_and_exhibition_are_specific_events() -> None:
    f = _facts("جشنواره ملی پسته در سیرجان گشایش یافت. نمایشگاه امسال با حضور مردم برگزار شد.")
    events = _ents(f, "EVENT")
    assert "جشنواره ملی پسته" in events and not any("امسال" in e for e in events)


def test_extraction_plural_noun_before_a_titled_name_is_no_part_of_it() -> None:
    f = _facts("شاگردان اسلوبودان کواچ، سرمربی تیم ملی ایران، بازی را واگذار کردند. نمایندگان مجلس معتقدند که دولت باید پاسخ دهد.")
    assert "اسلوبودان کواچ" in _ents(f, "PERSON")
    assert not any("معتقد" in o for o in _ents(f, "ORG"))


def test_extraction_iranian_and_gulf_clubs_are_organisations() -> None:
    f = _facts("صبای قم و گسترش فولاد تبریز به مصاف هم رفتند. الغرافه قطر میزبان بود.")
    assert {"صبای قم", "گسترش فولاد", "الغرافه"} <= _ents(f, "ORG")
    assert "قطر" in _ents(f, "STATE")  # a club's listed name holds no state's name


def test_extraction_surnames_before_a_verb_or_in_vi_stay_whole() -> None:
    # regression guards from the session-6 review: «کاظمی شد», «خسروی»
    assert _ents(_facts("رئیس جدید هیئت مدیره آقای حسن کاظمی شد."), "PERSON") == {"حسن کاظمی"}
    assert _ents(_facts("دکتر حسن خسروی در جلسه گفت."), "PERSON") == {"حسن خسروی"}


def test_extraction_relational_adjective_before_a_copula_stays_in_the_name() -> None:
    assert _ents(_facts("او دبیر کمیسیون امنیت ملی است."), "ORG") == {"کمیسیون امنیت ملی"}


def test_extraction_shrine_name_stops_before_a_light_verb_noun() -> None:
    assert _ents(_facts("مردم در امامزاده صالح تجمع کردند."), "LOC") == {"امامزاده صالح"}


def test_extraction_exhibition_described_by_adjectives_alone_is_no_event() -> None:
    assert not _ents(_facts("او در نمایشگاه کوچک محلی شرکت کرد."), "EVENT")


def test_extraction_everyday_words_are_no_new_places() -> None:
    f = _facts("در دهم ذی‌حجه اچ جی ولز به شهر آمد و مردم در غوطه‌وری بودند.")
    assert not _ents(f, "LOC")


def test_extraction_time_word_ends_an_event_name() -> None:
    assert not any("امسال" in e for e in _ents(_facts("جنگ امسال خسارت زیادی داشت."), "EVENT"))


def test_extraction_plural_before_kord_is_no_light_verb_noun() -> None:
    # «شبه‌نظامیان کرد»: the Kurds, not «… کرد» (did): the agreement keeps its written word
    f = _facts("کارشناس از توافق شبه‌نظامیان کرد موسوم به قسد برای تحویل شهر خبر داد.")
    assert any(a.startswith("توافق شبه") for a in _ents(f, "AGREEMENT"))


def test_extraction_press_office_names_its_body_as_the_source() -> None:
    f = _facts("به نقل از روابط عمومی بنیاد ملی نخبگان، جلسه برگزار شد.")
    assert _ents(f, "ORG") == {"بنیاد ملی نخبگان"}


def test_extraction_noun_before_rasid_is_no_name() -> None:
    # «رسید» is a light verb too: «به توافق نرسیده‌اند», «به مرز انفجار رسید»
    f = _facts("دو طرف هنوز به توافق نرسیده‌اند و جمعیت شهرها به مرز انفجار رسید.")
    assert not _ents(f, "AGREEMENT") and not _ents(f, "EVENT")


def test_extraction_a_name_before_a_player_or_artist_role() -> None:
    # a sports or arts role after a name says who the person is, and a surname written as one word
    # with a common second part («سعیدی‌فر») is not cut inside the word
    f = _facts("به گزارش خبرآنلاین ؛ سینا سعیدی‌فر دروازه‌بان سابق استقلال ترجیح می‌دهد در خارج بازی کند.")
    assert "سینا سعیدی‌فر" in _ents(f, "PERSON")
    # «سینا» is also a weak place (Sinai): before a surname it is the given name, however it is confirmed
    f2 = extract_facts(Document(id="t", text="به گزارش خبرآنلاین، سینا سعیدی‌فر دروازه‌بان سابق استقلال ترجیح می‌دهد در خارج بازی کند."))
    assert "سینا سعیدی‌فر" in _ents(f2, "PERSON") and not _ents(f2, "LOC")
    # so is a town named like a given name («کوثر», «شهریار»), and a capital too («ریاض الاشقر»)
    h = _facts("در این دیدار کوثر رنجبر و ریاض الاشقر سخنرانی کردند.")
    assert not _ents(h, "LOC") and not _ents(h, "STATE")
    # «شهدای مدافع حرم»: the shrine's defenders, no name before a role
    g = _facts("او به دیدار خانواده‌های شهدای مدافع حرم رفت.")
    assert not _ents(g, "PERSON")


def test_extraction_compound_word_starts_no_organisation() -> None:
    f = _facts("شرکت‌کنندگانی از ایران و دولت‌مردان عراق در همایش بودند.")
    assert not [e for e in _ents(f, "ORG") if e.startswith(("شرکت", "دولت"))]


def test_extraction_an_office_held_in_a_place_is_its_holder_named_next() -> None:
    text = ("امام جمعه سیرجان گفت: کمک‌ها به روستاها رسید.\n"
            "به گزارش خبرگزاری فارس از سیرجان، حجت‌الاسلام محمدعلی توحیدی امروز در خطبه‌ها افزود: کار ادامه دارد.")
    f = _facts(text)
    assert ("POSITION", "محمدعلی توحیدی", "سیرجان") in _ties(f)
    # nobody named after it: the role alone is no person of its own
    assert not _ents(_facts("فرماندار سیرجان گفت: کمک‌ها به روستاها رسید."), "PERSON")
    # a national title before a place is followed by where its holder went, not where he holds office
    g = _facts("وزیر بهداشت مشهد را ترک کرد.\nحجت‌الاسلام محمدعلی توحیدی در فرودگاه گفت: کار ادامه دارد.")
    assert not any(t == "POSITION" and b == "مشهد" for t, _a, b in _ties(g))
    h = _facts("فرماندار مشهد را ترک کرد.\nحجت‌الاسلام محمدعلی توحیدی در فرودگاه گفت: کار ادامه دارد.")
    assert not any(t == "POSITION" and b == "مشهد" for t, _a, b in _ties(h))
    # a holder who is a listed person of the place's state may hold it («حسن روحانی» of Babol)
    k = _facts("امام جمعه بابل گفت: دشمن شکست خورد.\nبه گزارش فارس، حجت‌الاسلام حسن روحانی در خطبه‌ها افزود: ما پیروزیم.")
    assert any(t == "POSITION" and b == "بابل" for t, _a, b in _ties(k))


def test_extraction_a_state_mission_to_an_organisation_is_one_body() -> None:
    f = _facts("نمایندگی ایران در سازمان ملل بیانیه داد. نمایندگی کشورمان در سازمان ملل متحد گفت که سفارت ایران در رم بسته است.")
    missions = [e for e in f.entities if e.type == "ORG" and e.label.startswith("نمایندگی")]
    assert len(missions) == 1
    assert {"نمایندگی ایران در سازمان ملل", "نمایندگی کشورمان در سازمان ملل متحد"} <= {m.text for m in missions[0].mentions}
    assert "سازمان ملل متحد" in _ents(f, "ORG")  # the organisation keeps its own name


def test_extraction_a_quantifier_ends_a_phrase() -> None:
    f = _facts("او بر لزوم شرکت همه گروه‌ها در انتخابات و توافق همه گروه‌های عراقی تاکید کرد.")
    assert not _ents(f, "ORG") and not _ents(f, "AGREEMENT")
    # not where it starts a written compound («همه‌پرسی»: referendum)
    g = _facts("کمیته برگزاری همه‌پرسی اسکاتلند تشکیل شد.")
    assert "کمیته برگزاری همه‌پرسی اسکاتلند" in _ents(g, "ORG")
    # «حزب حاکم» is the ruling party: «حاکم» is no office title before a state
    assert not _ents(_facts("حزب حاکم ترکیه در انتخابات پیروز شد."), "PERSON")


def test_extraction_a_referring_phrase_is_mentioned_whole() -> None:
    # coreference annotation quotes the whole referring phrase, determiner or referring adjective included
    f = _facts("نشست سران ناتو در ورشو برگزار شد. در این نشست درباره روسیه گفتگو شد. نشست یادشده دو روز طول کشید.")
    summit = next(e for e in f.entities if e.type == "EVENT")
    assert {"این نشست", "نشست یادشده"} <= {m.text for m in summit.mentions}


def test_extraction_office_titles_with_commas_and_holders_after_them() -> None:
    # a title written with commas is one title, and its state follows it
    f = _facts("علی ربیعی وزیر تعاون، کار و رفاه اجتماعی ایران گفت که دستمزدها افزایش می‌یابد.")
    persons = [e for e in f.entities if e.type == "PERSON"]
    assert len(persons) == 1  # the title is his mention, no person of its own
    rabiei = persons[0]
    assert rabiei.office == "وزیر تعاون، کار و رفاه اجتماعی"
    assert ("POSITION", rabiei.label, "ایران") in _ties(f)
    # a state after a preposition that starts something else is not where the office is held
    g = _facts("علی ربیعی وزیر کار در سفر به ترکیه گفت که همکاری ادامه دارد.")
    assert not any(t == "POSITION" and b == "ترکیه" for t, _a, b in _ties(g))


def test_extraction_office_in_the_lead_goes_to_the_first_speaker_named_next() -> None:
    # two people named in the next sentence: the office is the one who opens it and speaks
    f = _facts("وزیر دفاع اسلوونی اعلام کرد که همکاری ادامه دارد.\n\n"
               'به گزارش خبرگزاری فارس، "آندره کوواچ" در دیدار با "یانز یانشا" گفت: ما به همکاری پایبندیم.')
    kovac = next(e for e in f.entities if e.label == "آندره کوواچ")
    assert kovac.office and "دفاع" in kovac.office and kovac.state == "state:SVN"
    assert next(e for e in f.entities if e.label == "یانز یانشا").office is None
    # someone else named before the holder in that sentence: no guess
    g = _facts("وزیر دفاع اسلوونی اعلام کرد که همکاری ادامه دارد.\n\n"
               'به گزارش خبرگزاری فارس، به دعوت "یانز یانشا"، "آندره کوواچ" گفت: ما به همکاری پایبندیم.')
    assert all(e.office is None for e in g.entities if e.type == "PERSON" and e.label != "وزیر دفاع اسلوونی")


def test_extraction_office_title_joined_by_and_before_its_state() -> None:
    f = _facts("وزیر تجارت و بازرگانی فرانسه هشدار داد که از حق وتو استفاده می‌کند.\n\n"
               'به گزارش خبرگزاری فارس، "کریستین لاگارد" در مصاحبه با رویترز افزود: این تهدید جدی است.')
    lagarde = next(e for e in f.entities if e.label == "کریستین لاگارد")
    assert lagarde.office == "وزیر تجارت و بازرگانی" and lagarde.state == "state:FRA"
    assert ("POSITION", "کریستین لاگارد", "فرانسه") in _ties(f)
    # «و» before a second title is no part of the first («وزیر خارجه و نخست‌وزیر …»)
    g = _facts("وزیر تجارت و رئیس اتاق بازرگانی فرانسه گفت که صادرات افزایش یافت.")
    assert not any(e.office and e.office.startswith("وزیر تجارت و") for e in g.entities)


def test_extraction_a_common_noun_after_a_title_is_no_name() -> None:
    # the title's own words go on with a common noun: nobody is named
    f = _facts("مدیر کل حفاظت محیط زیست آذربایجان شرقی گفت: مجوزها سه روزه صادر می‌شود.")
    assert not _ents(f, "PERSON")
    # plural nouns before a title are no name («the proposed ministers of the president»)
    g = _facts("این فراکسیون به وزیران پیشنهادی رئیس جمهور رای مثبت می‌دهد.")
    assert not _ents(g, "PERSON")
    # a foreign name after a title still is one
    h = _facts("وزیر دفاع اسلوونی کارل ارجاوتس گفت که همکاری ادامه دارد.")
    assert "کارل ارجاوتس" in _ents(h, "PERSON")


def test_extraction_a_judging_adjective_names_no_body() -> None:
    f = _facts("این شرکت بزرگ کشور و تیم محبوب آنها در مسابقه حضور داشتند.")
    assert not _ents(f, "ORG")
    # the body named before the adjective keeps its name
    g = _facts("وزارت دفاع حضوری در این نمایشگاه داشت.")
    assert _ents(g, "ORG") == {"وزارت دفاع"}


def test_extraction_a_judging_adjective_may_name_an_event() -> None:
    # «بزرگ» ends an organisation's name, not an event's («the great summit of NATO's leaders»)
    f = _facts("اجلاس بزرگ سران ناتو در ورشو برگزار شد.")
    assert "اجلاس بزرگ سران ناتو" in _ents(f, "EVENT")


class _OneSpanTagger:
    """A stand-in for the CRF tagger that tags the first two tokens of every sentence as one span."""

    def __init__(self, label: str) -> None:
        self.label = label

    def tag(self, tokens, extra=None):  # noqa: ANN001, ANN201, ARG002
        from relgraph.tagger import TaggedSpan

        return [TaggedSpan(0, 2, self.label, 0.9)] if len(tokens) > 2 else []


def test_extraction_a_tagged_facility_named_by_an_organisation_head_is_an_organisation() -> None:
    from relgraph.mentions import find_mentions
    from relgraph.text import annotate

    adoc = annotate(Document(id="t", text="دانشگاه شوند میزبان این همایش بود."))
    got = {(m.text, m.type) for m in find_mentions(adoc, _OneSpanTagger("LOC")) if m.method == "crf"}
    assert got == {("دانشگاه شوند", "ORG")}  # the corpus tags universities as facilities (places)
    adoc = annotate(Document(id="t", text="روستای شوند میزبان این همایش بود."))
    got = {(m.text, m.type) for m in find_mentions(adoc, _OneSpanTagger("LOC")) if m.method == "crf"}
    assert ("روستای شوند", "ORG") not in got


def test_extraction_a_weak_surname_listed_with_a_known_person_is_that_person() -> None:
    f = _facts("بوش و شارون درباره طرح صلح گفتگو کردند.")
    assert {"جرج دبلیو بوش", "آریل شارون"} <= _ents(f, "PERSON")
    assert not _ents(_facts("بوش درباره طرح صلح گفتگو کرد."), "PERSON")  # alone, the weak name needs more


def test_extraction_comoros_by_its_press_name_confirms_a_listed_state() -> None:
    f = _facts("این کشورها از جمله آفریقای مرکزی، جزایر کومور و یمن حق رای ندارند.")
    assert {"state:CAF", "state:COM", "state:YEM"} <= {e.key for e in f.entities if e.type == "STATE"}


def test_extraction_an_organisation_and_its_own_state_get_no_classifier_membership() -> None:
    # «پارلمان اسپانیا» already holds its state; a MEMBER guess between them says nothing more
    text = "پارلمان اسپانیا از دولت فرانسه خواست که فلسطین را به رسمیت بشناسد."
    assert _retyped_all(text, "MEMBER", ("ORG", "پارلمان اسپانیا"), ("STATE", "اسپانیا")) == []
    # another kind of tie the classifier saw between them is typed as usual
    assert _retyped_all(text, "OTHER", ("ORG", "پارلمان اسپانیا"), ("STATE", "اسپانیا")) == ["OTHER"]



def test_extraction_epithets_of_listed_people() -> None:
    f = _facts("آثار امام راحل در این موسسه منتشر می‌شود و شیخ یاسین بنیانگذار حماس بود.")
    keys = {e.key for e in f.entities if e.type == "PERSON"}
    assert {"person:ruhollah_khomeini", "person:ahmed_yassin"} <= keys


def test_extraction_quoted_words_after_a_noun_of_a_kind_name_no_person() -> None:
    f = _facts("به گزارش شبکه «روسیا الیوم»، نخست‌وزیر سابق رژیم صهیونیستی گفت که جنگ ادامه دارد.")
    assert "روسیا الیوم" not in _ents(f, "PERSON")
    g = _facts('هواپیما در حال بازگشت به پایگاه نظامی آمریکا در شهر "جیکوب آباد" پاکستان بود.')
    assert not _ents(g, "PERSON")
    # without the noun, a quoted name before a title is still a person
    h = _facts("«یولیا اوسوا»، نخست‌وزیر سابق اوکراین گفت که جنگ ادامه دارد.")
    assert "یولیا اوسوا" in _ents(h, "PERSON")


def test_extraction_common_nouns_before_a_foreign_name_and_its_title_are_not_the_name() -> None:
    f = _facts("فوجیموری در انتظار حکم اورلاندو آلوارز قاضی شیلیایی درباره استرداد است.")
    assert "اورلاندو آلوارز" in _ents(f, "PERSON")
    assert not any("انتظار" in p for p in _ents(f, "PERSON"))


def test_extraction_sar_is_no_title_before_a_name() -> None:
    # «بر سر X» (over X, what befalls X): the British «Sir» is too rare in Persian news to read «سر» so
    assert not _ents(_facts("آنها می‌دانستند که چه بر سر اسلام می‌آید."), "PERSON")


def test_extraction_a_title_held_now_or_before_still_ties_its_holder() -> None:
    f = _facts("به گزارش فارس، شاگردان اسلوبودان کواچ، سرمربی حال حاضر تیم ملی ایران، بازی را واگذار کردند.")
    assert any(t == "POSITION" and a == "اسلوبودان کواچ" and b.startswith("تیم ملی") for t, a, b in _ties(f))


def test_extraction_the_seat_of_a_province_is_no_body() -> None:
    f = _facts("این جشنواره در مرکز استان خراسان رضوی و مرکز سمنان برگزار شد.")
    assert not _ents(f, "ORG")
    # a body named after its seat keeps its name
    g = _facts("مرکز پژوهش‌های مجلس گزارش داد.")
    assert any(e.label.startswith("مرکز پژوهش") for e in g.entities if e.type == "ORG")


def test_extraction_an_event_of_the_report_is_held_where_the_report_is_filed() -> None:
    text = ("به گزارش خبرگزاری فارس از اردبیل، حجت‌الاسلام نجات فیاضی صبح امروز در همایش «شکوه ایستادگی» "
            "گفت: دشمن شکست خورد.")
    f = extract_facts(Document(id="t", text=text), use_tagger=False, use_model=False)
    assert ("LOCATED", "همایش «شکوه ایستادگی»", "اردبیل") in _ties(f)
    # a place the sentence gives itself wins; no dateline, no tie
    g = extract_facts(Document(id="t", text=text.replace("در همایش «شکوه ایستادگی»", "در همایش «شکوه ایستادگی» در تبریز")),
                      use_tagger=False, use_model=False)
    assert not any(t == "LOCATED" and b == "اردبیل" for t, _a, b in _ties(g))
    h = extract_facts(Document(id="t", text="حجت‌الاسلام نجات فیاضی صبح امروز در همایش «شکوه ایستادگی» گفت: دشمن شکست خورد."),
                      use_tagger=False, use_model=False)
    assert not any(t == "LOCATED" for t, _a, _b in _ties(h))
    # what the speaker says may be about anywhere
    k = extract_facts(Document(id="t", text="به گزارش خبرگزاری فارس از اردبیل، حجت‌الاسلام نجات فیاضی گفت: ما در جنگ تحمیلی پیروز شدیم."),
                      use_tagger=False, use_model=False)
    assert not any(t == "LOCATED" and b == "اردبیل" for t, _a, b in _ties(k))
