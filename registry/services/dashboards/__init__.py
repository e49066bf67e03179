"""Dashboards for decision-makers (docs/domain.md §10): the rows behind each one, in SQL.

One module per dashboard — ``overview``, ``evidence``, ``benefits``, ``compare``,
``sovereignty``, ``economics``, ``pipeline`` — each with its aggregate statements and the
function the web page and the API call; ``access`` says who sees the internal figures,
``cache`` keeps rendered bodies until the next committed change. The figures and tables built
from these rows are pure: registry/dashboards/.
"""

from registry.services.dashboards import (
    access,
    benefits,
    cache,
    compare,
    economics,
    evidence,
    overview,
    pipeline,
    sovereignty,
)

__all__ = [
    "access",
    "benefits",
    "cache",
    "compare",
    "economics",
    "evidence",
    "overview",
    "pipeline",
    "sovereignty",
]
