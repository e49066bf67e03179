"""Comparable systems for a system's page (docs/domain.md §11.7).

Up to five published systems: those sharing the clinical function and the specialty first, then
one of them, then the closest texts (the system's name and purpose words searched in the index,
ranked like a search). Two statements: the kin by function or specialty, the text neighbours.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, select

from registry.extensions import db
from registry.models import AISystem
from registry.search import text as words_of
from registry.services import scope
from registry.services.search.query import Match

LIMIT = 5
_WORDS = 12  # words of the system's own text searched for its neighbours


def _kin(system: AISystem) -> Any:
    """2 points for the same clinical function, 1 for the same specialty."""
    return case((AISystem.clinical_function == system.clinical_function, 2), else_=0) + case(
        (AISystem.specialty == system.specialty, 1), else_=0
    )


def similar(system: AISystem) -> list[tuple[AISystem, str | None]]:
    """Up to five comparable published systems, each with its current clinical grade."""
    grade = scope.latest_published(AISystem.id, "clinical_grade").scalar_subquery()
    kin = _kin(system).label("kin")
    others = (scope.listed_system(), AISystem.id != system.id)
    scores: dict[int, tuple[int, float]] = {}
    rows = db.session.execute(
        select(AISystem.id, kin)
        .where(
            *others,
            (AISystem.clinical_function == system.clinical_function)
            | (AISystem.specialty == system.specialty),
        )
        .order_by(kin.desc(), AISystem.name)
        .limit(LIMIT * 4)
    ).all()
    for ident, points in rows:
        scores[ident] = (int(points), 0.0)
    words = list(
        dict.fromkeys(
            w
            for w in words_of.words(f"{system.name} {system.intended_purpose or ''}")
            if len(w) >= 4 and w.isalpha()
        )
    )[:_WORDS]
    if words:
        match = Match((tuple((w,) for w in words),))
        score = match.score().label("score")
        found = db.session.execute(
            match.restrict(select(AISystem.id, kin, score), ranked=True)
            .where(*others)
            .order_by(score.desc())
            .limit(LIMIT * 4)
        ).all()
        for ident, points, text_score in found:
            scores[ident] = (int(points), float(text_score or 0.0))
    best = sorted(scores, key=lambda i: (scores[i][0], scores[i][1], -i), reverse=True)[:LIMIT]
    if not best:
        return []
    loaded = {
        s.id: (s, g)
        for s, g in db.session.execute(select(AISystem, grade).where(AISystem.id.in_(best)))
    }
    return [loaded[i] for i in best if i in loaded]
