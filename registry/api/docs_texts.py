"""The API documentation page's texts in the reader's language (docs/architecture.md §6).

The OpenAPI document keeps its English texts (the docstrings of api/<concept>.py); the page
/api/v1/docs shows them translated. ``tests/api/test_docs_page.py`` fails when an operation's
summary is missing here.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l


def N_(text: str) -> str:  # noqa: N802 — Babel's marker: extracted here, translated when shown
    """Mark ``text`` for extraction."""
    return text


TEXTS = (
    N_(
        "Open registry of AI systems in health: declarations, EU AI Act risk classes and published assessments. Read endpoints need no token."  # noqa: E501
    ),
    N_("List published systems, with search (`q`) and the catalogue filters."),
    N_("Open a draft declaration for your organisation (industrial token, write scope)."),
    N_("A published or withdrawn system; owners also read their drafts and pending changes."),
    N_("Change declaration fields; all valid or nothing written (If-Match required)."),
    N_("draft → submitted (or the changes of a published system), when complete."),
    N_("Every version, newest first."),
    N_("Add a version (a significant change flags earlier published assessments)."),
    N_("Published and withdrawn assessments, newest first."),
    N_("Open a draft assessment of a system version (evaluator token, write scope)."),
    N_("A published assessment (evaluators see every status)."),
    N_("Change the dimensions of your draft (If-Match required)."),
    N_("submit, validate (second evaluator), reject (comment), publish, withdraw (reason)."),
    N_("Add a study (HAS level from the design unless overridden with a justification)."),
    N_("Filter by assessment, system, dimension or design."),
    N_("A study of an assessment you may see."),
    N_("Replace a study of your draft: a field left out is emptied (If-Match required)."),
    N_("Remove a study of your draft (If-Match required)."),
    N_("Organisations by name (`q`) and kind."),
    N_("An organisation."),
    N_("Classify a system under the AI Act; a missing key takes its default."),
    N_("Suggest the MDR or IVDR class of a software; a missing key takes its default."),
    N_("Key counts, AI Act class × specialty, systems per clinical function, grades."),
    N_("Systems with peer-reviewed evidence, highest Fryback–Thornbury level, study quality."),
    N_("Clinical and organisational scores, economic score and deployments per system."),
    N_("Hosting mix, HDS-certified hosts, energy per 1,000 inferences by band."),
    N_("2 to 6 published systems side by side (``ids=1,2,3``)."),
    N_("Declarations and assessments by stage and by month (session of a decision-maker)."),
)
KNOWN = frozenset(TEXTS)
#: Where a parameter goes.
LOCATIONS = {"query": _l("query string"), "path": _l("path"), "header": _l("header")}
METHODS = ("get", "post", "put", "patch", "delete")


def translated(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of the OpenAPI document whose description and summaries are translated."""
    info = dict(spec.get("info", {}))
    if info.get("description") in KNOWN:
        info["description"] = gettext(info["description"])
    paths: dict[str, Any] = {}
    for path, operations in spec.get("paths", {}).items():
        paths[path] = {}
        for method, operation in operations.items():
            if method in METHODS and operation.get("summary") in KNOWN:
                operation = {**operation, "summary": gettext(operation["summary"])}
            paths[path][method] = operation
    return {**spec, "info": info, "paths": paths}
