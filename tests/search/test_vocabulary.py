"""Medical synonyms and abbreviations (registry/search/synonyms.csv, registry.search.vocabulary)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from registry import vocab
from registry.search import vocabulary
from registry.search.vocabulary import Clause, VocabularyError, expand, key, parse

#: Vocabularies whose every label (French and English) a search must know.
COVERED = {
    "SPECIALTIES": vocab.SPECIALTIES,
    "CLINICAL_FUNCTIONS": vocab.CLINICAL_FUNCTIONS,
    "INPUT_DATA_TYPES": vocab.INPUT_DATA_TYPES,
    "AI_TECHNIQUES": vocab.AI_TECHNIQUES,
    "AGE_GROUPS": vocab.AGE_GROUPS,
    "CARE_SETTINGS": vocab.CARE_SETTINGS,
    "INTENDED_USERS": vocab.INTENDED_USERS,
}
#: « Autre » and « Autre professionnel de santé » name no concept a searcher types.
NOT_COVERED = {"other", "other_professional"}
LABELS = [
    (name, code, lang, labels[code][0 if lang == "fr" else 1])
    for name, labels in COVERED.items()
    for code in labels
    if code not in NOT_COVERED
    for lang in ("fr", "en")
]


def _all_registry_labels() -> set[str]:
    found = set()
    for value in vars(vocab).values():
        if isinstance(value, dict):
            for pair in value.values():
                if isinstance(pair, tuple) and len(pair) == 2:
                    found.update(key(label) for label in pair)
    return found


def first(query: str) -> Clause:
    clauses = expand(query)
    assert len(clauses) == 1, f"{query!r} should read as one term, not {clauses}"
    return clauses[0]


def test_the_registry_vocabulary_loads_with_its_version_and_sources() -> None:
    loaded = vocabulary.load()
    assert loaded.version
    assert len(loaded.groups) >= 150
    assert len(loaded.entries) >= 600
    used = {source for entry in loaded.entries for source in entry.sources}
    assert used == set(loaded.sources), "every declared source is cited, every cited one declared"
    assert "MESH" in used and "CIM10" in used and "HAS" in used


def test_the_vocabulary_is_loaded_once() -> None:
    assert vocabulary.default() is vocabulary.default()


@pytest.mark.parametrize(("vocabulary_name", "code", "lang", "label"), LABELS)
def test_every_registry_label_is_in_the_vocabulary(
    vocabulary_name: str, code: str, lang: str, label: str
) -> None:
    rows = vocabulary.default().lookup(label)
    assert any(r.kind == "label" and r.lang in (lang, "both") for r in rows), (
        f"{vocabulary_name}[{code!r}] {lang} label « {label} » has no label row in synonyms.csv"
    )
    assert expand(label)[0].groups, f"« {label} » brings no group"


def test_every_label_row_is_a_label_of_the_registry() -> None:
    known = _all_registry_labels()
    stale = [f"line {e.line}: {e.term}" for e in vocabulary.default().entries
             if e.kind == "label" and e.key not in known]  # fmt: skip
    assert not stale, "label rows that registry.vocab no longer has:\n" + "\n".join(stale)


def test_every_term_of_the_file_finds_its_own_group() -> None:
    """No longer phrase, plural or accent swallows a term: each one reads back to its group."""
    lost = []
    for entry in vocabulary.default().entries:
        clauses = expand(entry.term)
        senses = clauses[0].groups if entry.expand in ("both", "query") else ()
        if entry.expand == "none":
            senses = clauses[0].other_senses
        if len(clauses) != 1 or (entry.expand != "narrower" and entry.group not in senses):
            lost.append(f"line {entry.line}: {entry.term} -> {clauses}")
    assert not lost, "\n".join(lost)


# What a clinician expects: (query, terms the search must also look for)
EXPANSIONS = [
    ("IDM", {"infarctus du myocarde", "myocardial infarction", "crise cardiaque", "heart attack"}),
    ("infarctus du myocarde", {"IDM", "myocardial infarction"}),
    ("crise cardiaque", {"infarctus du myocarde", "IDM"}),
    ("BPCO", {"COPD", "chronic obstructive pulmonary disease"}),
    ("COPD", {"BPCO", "bronchopneumopathie chronique obstructive"}),
    ("IRM", {"MRI", "magnetic resonance imaging"}),
    ("MRI", {"IRM", "imagerie par résonance magnétique"}),
    ("TDM", {"CT", "computed tomography", "scanner", "tomodensitométrie"}),
    ("scanner", {"TDM", "CT"}),
    ("rein", {"Néphrologie", "Nephrology", "kidney", "rénal"}),
    ("reins", {"Néphrologie"}),
    ("kidney", {"Néphrologie", "rein"}),
    ("dépistage", {"Screening", "dépistage organisé"}),
    ("screening", {"Dépistage"}),
    ("radiologie", {"Radiology", "imagerie médicale", "Centre d'imagerie", "radiographie", "IRM"}),
    ("imagerie", {"Radiologie", "Radiology"}),
    ("radiology", {"Radiologie", "medical imaging", "MRI", "scanner"}),
    ("AVC", {"accident vasculaire cérébral", "stroke", "infarctus cérébral"}),
    ("attaque cérébrale", {"AVC", "stroke"}),
    ("grain de beauté", {"naevus", "mélanome", "melanoma", "mole"}),
    ("sucre", {"diabète", "diabetes mellitus", "glycémie", "blood sugar"}),
    ("diabète", {"diabète de type 2", "glycémie", "insuline"}),
    ("ECG", {"électrocardiogramme", "electrocardiogram", "EKG"}),
    ("EEG", {"électroencéphalogramme", "electroencephalography"}),
    ("HTA", {"hypertension artérielle", "high blood pressure"}),
    ("SCA", {"syndrome coronarien aigu", "acute coronary syndrome"}),
    ("TVP", {"thrombose veineuse profonde", "deep vein thrombosis", "DVT"}),
    ("FA", {"fibrillation atriale", "atrial fibrillation"}),
    ("DT2", {"diabète de type 2", "type 2 diabetes"}),
    ("ATCD", {"antécédents", "medical history"}),
    ("SDRA", {"ARDS", "acute respiratory distress syndrome"}),
    ("VNI", {"NIV", "non-invasive ventilation"}),
    ("HbA1c", {"hémoglobine glyquée", "glycated haemoglobin"}),
    ("Gastroenterology", {"Gastro-entérologie", "HGE"}),
    ("ORL", {"ENT", "Otorhinolaryngology"}),
    ("triage", {"Tri et priorisation", "Triage and prioritisation"}),
    ("deep learning", {"Apprentissage profond", "réseau de neurones"}),
    ("agent conversationnel", {"chatbot"}),
    ("maladie rénale chronique", {"CKD", "chronic kidney disease"}),
]


@pytest.mark.parametrize(("query", "expected"), EXPANSIONS)
def test_a_query_expands_as_a_clinician_expects(query: str, expected: set[str]) -> None:
    terms = set(first(query).terms)
    assert expected <= terms, f"{query} misses {expected - terms}"


# Accents, case, hyphens, apostrophes, plurals and function words do not matter.
SAME = [
    ("IRM", "irm"),
    ("Dépistage", "DEPISTAGE"),
    ("dépistage", unicodedata.normalize("NFD", "dépistage")),
    ("Gastro-entérologie", "gastro enterologie"),
    ("nodules pulmonaires", "Nodule pulmonaire"),
    ("infarctus du myocarde", "INFARCTUS MYOCARDE"),
    ("Médecine d'urgence", "médecine d’urgence"),
    ("hôpitaux", "hopital"),
    ("œil", "OEIL"),
    ("Soins intensifs", "soin intensif"),
    ("occlusion des gros vaisseaux", "occlusion gros vaisseau"),
    ("Alzheimer's disease", "alzheimer disease"),
    ("therapies", "thérapie"),
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_accents_case_and_plurals_do_not_matter(one: str, other: str) -> None:
    assert first(one).groups == first(other).groups != ()
    assert first(one).terms == first(other).terms


@pytest.mark.parametrize(
    ("query", "group"),
    [
        ("insuffisance cardiaque", "heart_failure"),
        ("embolie pulmonaire", "pulmonary_embolism"),
        ("cancer du sein", "breast_cancer"),
        ("Anesthésie-réanimation", "anesthesiology"),
        ("réanimation cardio-pulmonaire", "cardiopulmonary_resuscitation"),
        ("infarctus cérébral", "ischaemic_stroke"),
        ("rayons X", "radiography"),
    ],
)
def test_a_multi_word_term_matches_as_a_phrase(query: str, group: str) -> None:
    clause = first(query)
    assert clause.groups == (group,)
    assert clause.text == query


def test_a_query_becomes_clauses_in_order_and_keeps_unknown_words() -> None:
    clauses = expand("Détection de l'IDM chez la femme")
    assert [c.text for c in clauses] == ["Détection", "IDM", "chez", "femme"]
    assert clauses[1].groups == ("myocardial_infarction",)
    assert clauses[2].terms == ("chez",) and clauses[2].groups == ()
    assert expand("   ") == [] and expand("de la") == []


# Ambiguous abbreviations behave as the file documents (docs/search-vocabulary.md).
AMBIGUOUS = [
    ("IC", {"heart_failure"}, {"ischaemic_stroke", "confidence_interval"}),
    ("EP", {"pulmonary_embolism"}, {"pleural_effusion"}),
    ("PE", {"pulmonary_embolism"}, {"pleural_effusion"}),
    ("IRC", {"chronic_kidney_disease", "chronic_respiratory_failure"}, set()),
    ("IRA", {"acute_kidney_injury", "acute_respiratory_failure"}, set()),
    ("RCP", {"cardiopulmonary_resuscitation", "multidisciplinary_meeting"}, {"smpc"}),
    ("ACR", {"cardiac_arrest", "birads"}, set()),
    ("CAD", {"coronary_artery_disease", "detection"}, set()),
    ("insuffisance rénale", {"chronic_kidney_disease", "acute_kidney_injury"}, set()),
    ("DM", set(), {"medical_device"}),
    ("MS", set(), {"multiple_sclerosis"}),
    ("pathologie", set(), {"pathology"}),
]


@pytest.mark.parametrize(("query", "groups", "recorded"), AMBIGUOUS)
def test_an_ambiguous_abbreviation_expands_as_documented(
    query: str, groups: set[str], recorded: set[str]
) -> None:
    clause = first(query)
    assert set(clause.groups) == groups
    assert set(clause.other_senses) == recorded
    assert clause.notes, "the decision is written in the file"
    if not groups:
        assert clause.terms == (query,), "a term not expanded is searched as typed"


def test_ic_brings_heart_failure_and_never_the_confidence_interval() -> None:
    assert "intervalle de confiance" not in first("IC").terms
    # An ambiguous term is never added to a search for one of its senses: « IC 95 % » in a
    # text is a statistic, not a heart failure.
    assert "IC" not in first("insuffisance cardiaque").terms
    assert "IC" not in first("intervalle de confiance").terms
    assert "sein" not in first("cancer du sein").terms  # « au sein de » means within


def test_radiology_looks_for_its_examinations_not_for_every_image() -> None:
    """Dermoscopic photographs, fundus and slide images are imaging data, not radiology."""
    assert first("imagerie").groups == ("radiology",)
    assert "Imagerie" not in first("radiologie").terms
    assert {"mammographie", "angioscanner", "échographie"} <= set(first("radiologie").terms)
    assert first("IRM").groups == ("magnetic_resonance_imaging",), "typing IRM stays precise"


def test_a_narrower_term_is_searched_with_its_group_but_does_not_bring_it() -> None:
    assert "occlusion des gros vaisseaux" in first("AVC").terms
    assert first("occlusion des gros vaisseaux").groups == ("large_vessel_occlusion",)


# A malformed file: (rows, line of the problem, words of the message)
HEADER = """# a test vocabulary
# version: 0.1
# source: MESH = MeSH
# source: HAS = Haute Autorité de santé
group,term,lang,kind,expand,source,note
"""
ROWS = [
    "stroke,accident vasculaire cérébral,fr,term,both,MESH,",  # line 6
    "stroke,AVC,fr,abbreviation,both,HAS,",  # line 7
    "stroke,stroke,en,term,both,MESH,",  # line 8
    "copd,BPCO,fr,abbreviation,both,HAS,",  # line 9
    "copd,COPD,en,abbreviation,both,MESH,",  # line 10
]


def _with(line: int, row: str | None) -> str:
    rows = list(ROWS)
    if line - 6 < len(rows):
        rows[line - 6] = row or ""
    else:
        rows.append(row or "")
    return HEADER + "\n".join(rows) + "\n"


def test_a_file_saved_by_a_spreadsheet_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    saved = tmp_path / "synonyms.csv"
    saved.write_text(_with(11, "copd,bronchopneumopathie,fr,term,both,MESH,"), encoding="utf-8-sig")
    assert vocabulary.load(saved).expand("BPCO")[0].groups == ("copd",)


def test_a_well_formed_file_loads_and_expands() -> None:
    loaded = parse(_with(11, "copd,bronchopneumopathie chronique obstructive,fr,term,both,MESH,"))
    assert loaded.version == "0.1"
    assert set(loaded.expand("avc")[0].terms) == {"AVC", "accident vasculaire cérébral", "stroke"}


MALFORMED = [
    (11, "copd,AVC,fr,abbreviation,both,HAS,", "« AVC » is equivalent (expand=both) in group « stroke » (line 7)"),
    (8, "stroke,stroke,de,term,both,MESH,", "unknown language « de »"),
    (7, "stroke,AVC,fr,acronym,both,HAS,", "unknown kind « acronym »"),
    (7, "stroke,AVC,fr,abbreviation,always,HAS,", "unknown expand « always »"),
    (7, "stroke,AVC,fr,abbreviation,both,,", "empty source"),
    (7, "stroke,AVC,fr,abbreviation,both,CIM10,", "unknown source « CIM10 »"),
    (7, "stroke,AVC,fr,abbreviation,both,HAS", "expected 7 columns, found 6"),
    (7, "stroke,AVC,fr,abbreviation,query,HAS,", "expand=query needs a note"),
    (7, "Stroke,AVC,fr,abbreviation,both,HAS,", "group id « Stroke » must be lower_snake_case"),
    (7, "stroke,de la,fr,abbreviation,both,HAS,", "has no searchable word"),
    (11, "stroke,attaque cérébrale,fr,lay,both,HAS,", "group « stroke » continues after another group"),
    (7, "stroke,Accident vasculaire cerebral,fr,synonym,both,HAS,", "in the same group: keep one row"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "row", "message"), MALFORMED)
def test_a_malformed_file_gives_a_clear_error_naming_the_line(
    line: int, row: str, message: str
) -> None:
    with pytest.raises(VocabularyError) as caught:
        parse(_with(line, row))
    problems = caught.value.problems
    assert any(p.startswith(f"synonyms.csv, line {line}: ") and message in p for p in problems), (
        problems
    )


def test_a_group_needs_an_equivalent_in_french_and_in_english() -> None:
    with pytest.raises(VocabularyError) as caught:
        parse(_with(8, "stroke,stroke,en,term,none,MESH,recorded only"))
    assert caught.value.problems == (
        "synonyms.csv, line 6: group « stroke » has no equivalent (expand=both) term in en",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER.replace("# version: 0.1\n", "") + ROWS[0], "no « # version: … » line"),
        (HEADER.replace("expand,source", "source,expand") + ROWS[0], "the header row must be"),
        (HEADER.replace("# source: HAS", "# source: MESH") + ROWS[0], "« MESH » is declared twice"),
        (HEADER.replace("# source: HAS", "# source: has") + ROWS[0], "« has » must be upper case"),
        (HEADER.replace("# version: 0.1", "# version: 0.1\n# version: 0.2") + ROWS[0], "twice"),
        ("# version: 1\n", "no header row"),
    ],
)
def test_a_malformed_header_gives_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(VocabularyError, match=message):
        parse(text)


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    text = _with(7, "stroke,AVC,fr,abbreviation,both,,") + "copd,BPCO,fr,term,query,MESH,\n"
    with pytest.raises(VocabularyError) as caught:
        parse(text)
    assert [p.split(":")[0] for p in caught.value.problems] == [
        "synonyms.csv, line 7",
        "synonyms.csv, line 11",
    ]
