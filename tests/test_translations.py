"""Everything a user reads is translated: every message in the code has a French translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHODS = [
    ("registry/**.py", "python"),
    ("schemas/**.py", "python"),
    ("templates/**.html", "jinja2"),
]


def _source_messages() -> set[str]:
    found: set[str] = set()
    for folder in ("registry", "schemas", "templates"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / folder),
            method_map=[
                (pattern.split("/", 1)[1], method)
                for pattern, method in METHODS
                if pattern.startswith(folder)
            ],
            keywords=KEYWORDS,
            directory_filter=lambda path: not Path(path).name.startswith("."),
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_extraction_sees_macros_and_views() -> None:
    messages = _source_messages()
    assert "Pagination" in messages  # templates/_macros/
    assert "E-mail address or password incorrect." in messages  # registry/web/views/


def test_every_message_has_a_french_translation() -> None:
    with (ROOT / "registry/translations/fr/LC_MESSAGES/messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale="fr")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(_source_messages() - translated)
    assert missing == [], f"Run `make messages` and translate: {missing[:20]}"
