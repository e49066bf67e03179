"""The shared PDF layer: what a reader of the file notices (text, pages, metadata, fonts)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from registry.pdf import Document, FontMissing, Metadata, fonts


def _read(doc: Document) -> PdfReader:
    return PdfReader(io.BytesIO(doc.output()))


def _sample(language: str = "fr") -> Document:
    doc = Document(
        Metadata(
            title="Notice « Détecteur »",
            language=language,
            author="Registre IA Santé",
            subject="Notice professionnelle",
            keywords=("IA", "santé"),
        ),
        footer="Source : https://registre.example/systems/x/notice · 5 déc. 2026",
        page_label="page {page} sur {pages}",
    )
    doc.title("Notice professionnelle : Détecteur « Poumon »", "Hexaclin Imagerie · version 2.1")
    doc.heading("Ce que fait l’outil")
    doc.paragraph("Il repère les nodules ≥ 3 mm ; l’œil du médecin reste décisif.")
    doc.bullets(["Médecins radiologues", "Manipulateurs"])
    doc.key_values([("Classe AI Act", "Haut risque"), ("Note clinique", "B")])
    doc.table(["Dimension", "Note"], [["Clinique", "B"], ["Économique", "C"]], widths=(3, 1))
    doc.heading("Un sous-titre", level=2)
    doc.link("Voir l’évaluation", "https://registre.example/assessments/1")
    return doc


def test_text_with_accents_and_french_quotes_is_extractable() -> None:
    text = _read(_sample()).pages[0].extract_text()
    for expected in (
        "Détecteur « Poumon »",
        "l’œil du médecin",
        "≥ 3 mm",
        "Économique",
        "Haut risque",
        "page 1 sur 1",
        "Source : https://registre.example/systems/x/notice",
    ):
        assert expected in text


def test_metadata_title_language_author_and_outline() -> None:
    reader = _read(_sample("en"))
    assert reader.metadata.title == "Notice « Détecteur »"
    assert reader.metadata.author == "Registre IA Santé"
    assert reader.metadata.subject == "Notice professionnelle"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        "Ce que fait l’outil"
    ]


def test_marianne_is_embedded() -> None:
    fonts_used = set()
    for page in _read(_sample()).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts_used.add(str(font.get_object()["/BaseFont"]))
    assert fonts_used and all("Marianne" in name for name in fonts_used)


def test_long_text_flows_onto_numbered_pages() -> None:
    doc = Document(Metadata(title="Long", language="fr", author="R"), footer="pied")
    for number in range(120):
        doc.paragraph(f"Paragraphe {number} : une phrase courte, puis une autre.")
    reader = _read(doc)
    assert doc.pages == len(reader.pages) > 1
    assert f"{len(reader.pages)}/{len(reader.pages)}" in reader.pages[-1].extract_text()


def test_a_character_the_font_lacks_is_replaced_not_dropped() -> None:
    assert Document.clean("Fait ✓") == "Fait x"
    assert Document.clean("\U0001f600 ok") == "? ok"


def test_faces_are_unpacked_from_the_web_fonts(tmp_path: Path) -> None:
    made = fonts.build(target=tmp_path)
    assert [path.name for path in made] == [
        "Marianne-Regular.ttf",
        "Marianne-Bold.ttf",
        "Marianne-Regular_Italic.ttf",
    ]
    assert all(path.read_bytes()[:4] == b"\x00\x01\x00\x00" for path in made)


def test_missing_web_fonts_say_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(FontMissing, match="make assets"):
        fonts.face("B", source=tmp_path, target=tmp_path / "out")
