"""The documentation lives in the repository: nothing cites a file outside it, and every section
of docs/domain.md or docs/architecture.md that the code cites exists (docs/architecture.md §11).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GUIDES = ROOT / "content" / "guides"

# Read when the repository is not a git checkout (or git is missing): what the walk skips.
SKIPPED_DIRS = {
    ".git", ".venv", "venv", "node_modules", "instance", "test-artifacts", "htmlcov", "build",
    "dist", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis",
    ".schemathesis",
}  # fmt: skip
TEXT_SUFFIXES = {
    ".py", ".html", ".md", ".txt", ".toml", ".cfg", ".ini", ".sh", ".js", ".css", ".json",
    ".po", ".pot", ".mako", ".yml", ".yaml", ".csv",
}  # fmt: skip
TEXT_NAMES = {"Makefile", "run", ".gitignore"}

# Citations of files that a clone of the repository does not contain.
OUTSIDE = (
    (re.compile(r"\bDOMAIN\.md\b"), "the workspace's domain notes: cite docs/domain.md §n"),
    (re.compile(r"(?:\.\./)+(?:shared|reference)\b"), "a folder beside the repository"),
    (re.compile(r"(?<![\w./-])(?:shared|reference)/[\w.-]+\.md\b"), "a research note"),
    (re.compile(r"(?<![\w.])/wor[k]/"), "an absolute path of the workspace"),
)
HEADING = re.compile(r"^#{1,6}\s+§(\d+(?:\.\d+)*)\b", re.MULTILINE)
CITATION = re.compile(r"\b(domain|architecture)\.md\s?§\s?(\d+(?:\.\d+)*)")
BARE_SECTION = re.compile(r"(?<!\.md )(?<!\.md)§\s?(\d+(?:\.\d+)*)")
MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
# A path of the repository that a document names: a file with its suffix, or a folder with its
# closing slash; `<concept>` or `*` stand for a name and are not checked. Paths inside registry/
# may drop that prefix (`services/scope.py`).
REPOSITORY_PATH = re.compile(
    r"(?<![\w./<-])((?:registry|schemas|templates|tests|scripts|migrations|docs|content|assets)"
    r"/[\w./-]*[\w/])(?![\w<*])"
)
IN_REGISTRY = re.compile(
    r"(?<![\w./<-])((?:services|web|api|models|dashboards|imports|opendata|demo|bench|ai_act|mdr"
    r"|search)/[\w./-]*[\w/])(?![\w<*])"
)
FILE_SUFFIXES = (
    ".py",
    ".html",
    ".md",
    ".csv",
    ".json",
    ".js",
    ".mjs",
    ".css",
    ".po",
    ".sh",
    ".toml",
)
PATH_NAMING_DOCUMENTS = (
    "README.md",
    "docs/architecture.md",
    "docs/domain.md",
    "docs/interoperability.md",
    "docs/performance.md",
)


def _listed_by_git() -> list[Path] | None:
    """Tracked files and new files not ignored, as git sees them; None without git."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    names = [name for name in result.stdout.decode().split("\0") if name]
    return [ROOT / name for name in names if (ROOT / name).is_file()]


def _walked() -> Iterator[Path]:
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info")]
        for name in files:
            yield Path(folder) / name


def repository_text_files() -> list[Path]:
    """Every text file of the repository (sources, templates, docs, configuration)."""
    paths = _listed_by_git()
    if paths is None:
        paths = list(_walked())
    return sorted(
        path
        for path in paths
        if path.suffix in TEXT_SUFFIXES or path.name in TEXT_NAMES
        if "node_modules" not in path.parts
    )


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    yield from enumerate(text.splitlines(), start=1)


def sections(document: str) -> set[str]:
    """The section numbers of docs/<document>.md: its headings that start with a section sign."""
    return set(HEADING.findall((DOCS / f"{document}.md").read_text(encoding="utf-8")))


def test_the_repository_has_its_documents() -> None:
    files = repository_text_files()
    assert ROOT / "README.md" in files
    for name in ("domain.md", "architecture.md", "performance.md"):
        assert DOCS / name in files, f"docs/{name} is missing"
    assert len(files) > 100  # the walk reached the sources, not an empty folder


def test_no_file_cites_a_document_outside_the_repository() -> None:
    found = []
    for path in repository_text_files():
        for number, line in _lines(path):
            for pattern, what in OUTSIDE:
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {what}: {line.strip()}")
    assert not found, "Files cite something a clone does not contain:\n" + "\n".join(found)


@pytest.mark.parametrize("document", ["domain", "architecture"])
def test_section_numbers_are_unique(document: str) -> None:
    text = (DOCS / f"{document}.md").read_text(encoding="utf-8")
    numbers = HEADING.findall(text)
    assert numbers, f"docs/{document}.md has no numbered section"
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    assert not repeated, f"docs/{document}.md numbers these sections twice: {repeated}"


def test_every_cited_section_exists() -> None:
    known = {name: sections(name) for name in ("domain", "architecture")}
    missing = []
    for path in repository_text_files():
        own = path.stem if path.parent == DOCS and path.stem in known else None
        for number, line in _lines(path):
            for document, section in CITATION.findall(line):
                if section not in known[document]:
                    missing.append(f"{path.relative_to(ROOT)}:{number}: {document}.md §{section}")
            if own is None:
                continue
            # Inside a document, a bare "§n" points to its own sections.
            for match in BARE_SECTION.finditer(line):
                if match.group(1) not in known[own]:
                    missing.append(f"{path.relative_to(ROOT)}:{number}: §{match.group(1)}")
    assert not missing, "Cited sections that do not exist:\n" + "\n".join(missing)


def test_code_names_the_document_of_every_section_it_cites() -> None:
    """A section sign alone cannot be checked: the code names the document before it."""
    bare = []
    for path in repository_text_files():
        if path.parent == DOCS or path.suffix not in (".py", ".html"):
            continue
        for number, line in _lines(path):
            if BARE_SECTION.search(line):
                bare.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bare, "Cite sections as docs/domain.md §n:\n" + "\n".join(bare)


def test_every_repository_path_a_document_names_exists() -> None:
    """The documents follow the code when it moves: every file or folder they name is there
    (but in a section about new code, whose paths are to be created)."""
    missing = []
    for name in PATH_NAMING_DOCUMENTS:
        planned = False
        for number, line in _lines(ROOT / name):
            if line.startswith("#"):
                planned = "new code" in line.lower()
            if planned:
                continue
            named = [(ROOT, m.group(1)) for m in REPOSITORY_PATH.finditer(line)]
            named += [(ROOT / "registry", m.group(1)) for m in IN_REGISTRY.finditer(line)]
            for base, path in named:
                if not (path.endswith(FILE_SUFFIXES) or (path.endswith("/") and base == ROOT)):
                    continue  # a URL path (/systems/new), or a module's name (`tokens.authenticate`)
                if not (base / path).exists():
                    missing.append(f"{name}:{number}: {path}")
    assert not missing, "Documents name paths that do not exist:\n" + "\n".join(missing)


def test_links_between_documents_resolve_inside_the_repository() -> None:
    broken = []
    for path in repository_text_files():
        if path.suffix != ".md" or path.is_relative_to(GUIDES):
            continue  # the guides link to the site's pages: tests/test_guides.py checks them
        for number, line in _lines(path):
            for target in MARKDOWN_LINK.findall(line):
                if re.match(r"^(?:[a-z][a-z0-9+.-]*:|#)", target):
                    continue  # a web address, a mail address or an anchor of the same page
                resolved = (path.parent / target.split("#")[0]).resolve()
                if not resolved.is_relative_to(ROOT) or not resolved.exists():
                    broken.append(f"{path.relative_to(ROOT)}:{number}: {target}")
    assert not broken, "Links that leave the repository or lead nowhere:\n" + "\n".join(broken)


def test_domain_md_names_every_code_of_the_rules_and_their_dates() -> None:
    """The document describes the code: a new question, design or obligation needs its line."""
    from registry import ai_act, grading, mdr
    from registry.ai_act.dates import format_date
    from registry.ai_act.obligations import CATALOGUE

    text = (DOCS / "domain.md").read_text(encoding="utf-8")
    codes = {
        "AI Act question": [q.key for q in ai_act.QUESTIONS],
        "AI Act class": list(ai_act.RISK_CLASSES),
        "AI Act flag": list(ai_act.FLAGS),
        "AI Act obligation": [spec.code for spec in CATALOGUE],
        "MDR/IVDR question": [q.key for q in mdr.QUESTIONS],
        "IVDR rule": list(mdr.IVD_RULE_CLASS),
        "study design": list(grading.STUDY_DESIGNS),
    }
    missing = [f"{kind} `{code}`" for kind, names in codes.items() for code in names
               if f"`{code}`" not in text]  # fmt: skip
    assert not missing, "docs/domain.md does not mention:\n" + "\n".join(missing)
    rows = {line.split("`")[1]: line for line in text.splitlines() if line.startswith("| ")
            and "(`" in line and line.count("`") == 2}  # fmt: skip
    for row in ai_act.APPLICATION_DATES:
        assert row.code in rows, f"docs/domain.md §7.12 has no row for `{row.code}`"
        assert format_date(row.applies_from, "en") in rows[row.code], rows[row.code]
