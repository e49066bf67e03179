"""The benchmark's measures: its percentile, and main pages whose query count does not grow with
the data (the same at 10 and at 200 synthetic systems)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from registry import demo
from registry.bench import measure
from registry.demo import scale
from registry.extensions import db
from registry.models import AISystem, Assessment, User
from tests.helpers import bench_seed


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([5, 1, 3, 2, 4], 50, 3),
        ([5, 1, 3, 2, 4], 95, 5),
        (list(range(1, 101)), 95, 95),
        ([7], 50, 7),
    ],
)
def test_percentile_is_nearest_rank(values: list[int], q: float, expected: int) -> None:
    assert measure.percentile(values, q) == expected


# --- Query counts: the same at 10 and at 200 systems ---------------------------------------


def _subjects() -> dict[str, Any]:
    """A published system with a published assessment, that assessment, and 3 to compare."""
    rows = db.session.execute(
        select(AISystem.id, AISystem.slug, Assessment.id)
        .join(Assessment, Assessment.system_id == AISystem.id)
        .where(AISystem.status == "published", Assessment.status == "published")
        .order_by(AISystem.id, Assessment.id)
    ).all()
    systems = list(dict.fromkeys((system_id, slug) for system_id, slug, _a in rows))
    assert len(systems) >= 3, "the seed should publish at least three assessed systems"
    return {
        "slug": systems[0][1],
        "assessment": rows[0][2],
        "compare": ",".join(str(system_id) for system_id, _slug in systems[:3]),
    }


def _query_counts(client, count_queries) -> dict[str, int]:
    subjects = _subjects()
    urls = {
        "catalogue": "/systems",
        "filtered catalogue": "/systems?specialty=radiology&risk_class=high_risk",
        # A search that finds systems at both sizes (« sepsis » finds none among 10): a search
        # that finds nothing has no page to load, one statement fewer.
        "search": "/systems?q=patients",
        "system page": f"/systems/{subjects['slug']}",
        "assessment page": f"/assessments/{subjects['assessment']}",
        "overview": "/dashboards/",
        "evidence": "/dashboards/evidence",
        "benefits": "/dashboards/benefits",
        "sovereignty": "/dashboards/sovereignty",
        "economics": "/dashboards/economics",
        "economics CSV": "/dashboards/economics.csv?chart=cost-effectiveness",
        "compare": f"/dashboards/compare?ids={subjects['compare']}",
        "API list": "/api/v1/systems",
    }
    maker = db.session.scalar(select(User.email).where(User.role == "decision_maker").limit(1))
    signed_in = client.application.test_client()
    response = signed_in.post(
        "/auth/login", data={"email": maker, "password": scale.BENCH_PASSWORD}
    )
    assert response.status_code == 302
    db.session.remove()  # every page starts as a fresh request would
    found = {}
    pages = [(name, url, client) for name, url in urls.items()]
    pages.append(("pipeline", "/dashboards/pipeline", signed_in))
    for name, url, browser in pages:
        with count_queries() as statements:
            response = browser.get(url)
        assert response.status_code == 200, (url, response.status_code)
        found[name] = len(statements)
    return found


def test_main_pages_send_as_many_queries_at_10_as_at_200_systems(
    app, client, count_queries
) -> None:
    assert bench_seed(app, 10, 60).exit_code == 0
    small = _query_counts(client, count_queries)
    demo.wipe()
    assert bench_seed(app, 200, 1000).exit_code == 0
    large = _query_counts(client, count_queries)
    assert small == large
