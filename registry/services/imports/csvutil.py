"""Reading CSV files people produce: UTF-8 (with or without BOM), comma or semicolon."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import format_number
from flask_babel import lazy_gettext as _l

DELIMITERS = (",", ";", "\t")
#: Limits of what a CSV we read may hold (the declaration template has 71 columns, its longest
#: text 5,000 characters): beyond them the file is refused at once with one message, before any
#: per-column or per-cell work, so a hostile header cannot keep a worker busy.
MAX_COLUMNS = 500
MAX_CELL_CHARS = 20_000
MAX_LINE_CHARS = 200_000


class FileProblem(Exception):
    """The file cannot be read as a CSV at all (a message for the user, no row detail)."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Record:
    """One CSV record and the file line it starts on (1 = the header)."""

    line: int
    cells: list[str]


def decode(content: bytes) -> str:
    """The text of a UTF-8 file (a leading BOM is dropped); FileProblem for anything else."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem(
            _l(
                "The file is encoded in UTF-16, not UTF-8. In your spreadsheet, use “Save as” "
                "and choose “CSV UTF-8 (comma delimited)”."
            )
        )
    if b"\x00" in content[:65536]:
        raise FileProblem(
            _l(
                "This is not a CSV file (it looks like a binary file, for example a spreadsheet "
                "in .xlsx format). Save it as “CSV UTF-8” first."
            )
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise FileProblem(
            _l(
                "The file is not encoded in UTF-8 (first unreadable character on line "
                "%(line)s). In your spreadsheet, use “Save as” and choose “CSV UTF-8 (comma "
                "delimited)”.",
                line=line,
            )
        ) from error


def sniff_delimiter(text: str) -> str:
    """The delimiter used in the header line: the most frequent of comma, semicolon, tab."""
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def records(text: str, delimiter: str | None = None) -> Iterator[Record]:
    """Every record with the line it starts on; blank lines and empty records are skipped.

    A record beyond the limits (columns, characters in a cell or in the record) is a
    FileProblem naming its line and the limit.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or sniff_delimiter(text))
    previous_end = 0
    try:
        for cells in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not cells or all(not cell.strip() for cell in cells):
                continue
            check_limits(start, cells)
            yield Record(start, cells)
    except csv.Error as error:
        raise FileProblem(
            _l(
                "The file could not be read as CSV near line %(line)s (%(detail)s).",
                line=reader.line_num,
                detail=str(error),
            )
        ) from error


def check_limits(line: int, cells: list[str]) -> None:
    """FileProblem when a record has too many columns, a cell or the record is too long."""
    if len(cells) > MAX_COLUMNS:
        raise FileProblem(
            _l(
                "Line %(line)s has %(count)s columns: a file may have at most %(limit)s.",
                line=line,
                count=format_number(len(cells)),
                limit=format_number(MAX_COLUMNS),
            )
        )
    longest = max(len(cell) for cell in cells)
    if longest > MAX_CELL_CHARS:
        raise FileProblem(
            _l(
                "A cell of line %(line)s has %(count)s characters: a cell may have at most "
                "%(limit)s.",
                line=line,
                count=format_number(longest),
                limit=format_number(MAX_CELL_CHARS),
            )
        )
    total = sum(len(cell) for cell in cells)
    if total > MAX_LINE_CHARS:
        raise FileProblem(
            _l(
                "Line %(line)s has %(count)s characters: a line may have at most %(limit)s.",
                line=line,
                count=format_number(total),
                limit=format_number(MAX_LINE_CHARS),
            )
        )


def is_csv_name(filename: str) -> bool:
    """A file name that announces a CSV (or plain text) file."""
    return filename.lower().rsplit(".", 1)[-1] in ("csv", "txt") if "." in filename else False
