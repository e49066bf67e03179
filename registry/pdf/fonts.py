"""The Marianne faces the PDFs are drawn with, as TrueType files (docs/architecture.md §2).

The State's typeface ships with the DSFR npm package as web fonts (WOFF). fpdf2 embeds TrueType
only, so each face is unpacked once with fontTools (pure Python: WOFF 1 is zlib) into
``build/fonts/``: by ``make assets`` (``python -m registry.pdf.fonts``) or, when that has not
run, on first use. No system font is read.
"""

from __future__ import annotations

import sys
import threading
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Where DSFR's web fonts are (``npm ci`` in ``make assets``).
SOURCE = ROOT / "node_modules" / "@gouvfr" / "dsfr" / "dist" / "fonts"
#: Where the TrueType files are written (ignored by git, like every built file).
TARGET = ROOT / "build" / "fonts"
#: fpdf2 style → Marianne file name.
FACES = {"": "Marianne-Regular", "B": "Marianne-Bold", "I": "Marianne-Regular_Italic"}

_LOCK = threading.Lock()


class FontMissing(RuntimeError):
    """Neither the TrueType face nor its DSFR web font is there (run ``make assets``)."""


def _convert(name: str, source: Path, target: Path) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    font.flavor = None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    font.save(partial)
    partial.replace(target)


def face(style: str = "", source: Path = SOURCE, target: Path = TARGET) -> Path:
    """The TrueType file of one face (``""``, ``"B"`` or ``"I"``), converted if needed."""
    name = FACES[style]
    ttf = target / f"{name}.ttf"
    if ttf.exists():
        return ttf
    woff = source / f"{name}.woff"
    if not woff.exists():
        raise FontMissing(f"{woff} is missing: run `make assets` (DSFR's fonts)")
    with _LOCK:
        if not ttf.exists():
            _convert(name, woff, ttf)
    return ttf


@cache
def characters() -> frozenset[int]:
    """The code points every face draws (the regular face's; the others have the same set)."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(face("")).getBestCmap())


def build(source: Path = SOURCE, target: Path = TARGET) -> list[Path]:
    """Every face (``make assets``)."""
    return [face(style, source, target) for style in FACES]


if __name__ == "__main__":  # pragma: no cover - the make target
    for path in build():
        print(path.relative_to(ROOT), file=sys.stdout)
