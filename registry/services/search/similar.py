"""Comparable systems for a system's page (docs/domain.md §11.7).

Up to five published systems: those sharing the clinical function and the specialty first, then
one of them, then the closest texts (the system's name and purpose words searched in the index,
ranked like a search). Two statements compute a list: the kin by function or specialty, the text
neighbours.

A readable system's list is computed when the index is written (docs/architecture.md §15) and
stored in ``search_similar``; its page reads the five stored ids with their grades. ``refresh``
rewrites, in the transaction that changed them, the lists of the changed systems, the lists that
named one of them, and the lists a newly published system may enter (those shorter than five, or
whose weakest entry shares less with it). A draft or submitted system, read only by its owner
and the reviewers, has no stored list: its page computes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, case, delete, func, select

from registry.extensions import db
from registry.models import AISystem
from registry.models.search import search_facets, search_similar
from registry.search import text as words_of
from registry.services import scope
from registry.services.search.query import Match
from registry.vocab import SystemStatus

LIMIT = 5
_WORDS = 12  # words of the system's own text searched for its neighbours
_CANDIDATES = LIMIT * 4  # kin and text neighbours considered, each
_FEW = 3  # lists computed with a statement for their kin each; more read every system once
_BATCH = 500


def _kin(function: Any, specialty: Any, on: Any = None) -> Any:
    """2 points for the same clinical function, 1 for the same specialty."""
    functions, specialties = (
        (AISystem.clinical_function, AISystem.specialty)
        if on is None
        else (on.function, on.specialty)
    )
    return case((functions == function, 2), else_=0) + case((specialties == specialty, 1), else_=0)


def _kin_statement(ident: Any, function: Any, specialty: Any) -> Select[Any]:
    """The kin of a system by function or specialty, best first then by name."""
    kin = _kin(function, specialty).label("kin")
    return (
        select(AISystem.id, kin)
        .where(
            scope.listed_system(),
            AISystem.id != ident,
            (AISystem.clinical_function == function) | (AISystem.specialty == specialty),
        )
        .order_by(kin.desc(), AISystem.name)
        .limit(_CANDIDATES)
    )


class _Kin:
    """Every listed system's function and specialty in name order, read once: the kin of many
    systems without a statement each (what `_kin_statement` gives, in the same order)."""

    def __init__(self, connection: Any) -> None:
        self.pairs: dict[tuple[Any, Any], list[int]] = {}
        self.functions: dict[Any, list[tuple[int, Any]]] = {}
        self.specialties: dict[Any, list[tuple[int, Any]]] = {}
        rows = connection.execute(
            select(AISystem.id, AISystem.clinical_function, AISystem.specialty)
            .where(scope.listed_system())
            .order_by(AISystem.name)
        )
        for ident, function, specialty in rows:
            self.pairs.setdefault((function, specialty), []).append(ident)
            self.functions.setdefault(function, []).append((ident, specialty))
            self.specialties.setdefault(specialty, []).append((ident, function))

    def __call__(self, ident: Any, function: Any, specialty: Any) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        groups = (
            ((other, 3) for other in self.pairs.get((function, specialty), [])),
            ((other, 2) for other, s in self.functions.get(function, []) if s != specialty),
            ((other, 1) for other, f in self.specialties.get(specialty, []) if f != function),
        )
        for group in groups:
            for other, points in group:
                if other != ident:
                    found.append((other, points))
                    if len(found) == _CANDIDATES:
                        return found
        return found


def _ranked(
    connection: Any,
    ident: Any,
    name: str,
    purpose: str | None,
    function: Any,
    specialty: Any,
    kin: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """The ids of up to five comparable published systems, best first, with their kin.
    ``kin``: the system's kin already found (`_Kin`), else read here (`_kin_statement`)."""
    if kin is None:
        statement = _kin_statement(ident, function, specialty)
        kin = [(other, int(points)) for other, points in connection.execute(statement)]
    scores: dict[int, tuple[int, float]] = {other: (points, 0.0) for other, points in kin}
    words = list(
        dict.fromkeys(
            w for w in words_of.words(f"{name} {purpose or ''}") if len(w) >= 4 and w.isalpha()
        )
    )[:_WORDS]
    if words:
        # On the narrow search_facets rows (status, function, specialty), not on ai_systems.
        facets = search_facets.c
        match = Match((tuple((w,) for w in words),))
        score = match.score().label("score")
        found = connection.execute(
            match.restrict(
                select(facets.system_id, _kin(function, specialty, on=facets), score),
                ranked=True,
                on=facets.system_id,
            )
            .where(facets.status == SystemStatus.PUBLISHED, facets.system_id != ident)
            .order_by(score.desc(), facets.system_id)  # ties: the smaller id, as below
            .limit(_CANDIDATES),
            match.params,
        ).all()
        for other, points, text_score in found:
            scores[other] = (int(points), float(text_score or 0.0))
    best = sorted(scores, key=lambda i: (scores[i][0], scores[i][1], -i), reverse=True)[:LIMIT]
    return [(i, scores[i][0]) for i in best]


def similar(system: AISystem) -> list[tuple[AISystem, str | None]]:
    """Up to five comparable published systems, each with its current clinical grade."""
    grade = scope.latest_published(AISystem.id, "clinical_grade").scalar_subquery()
    if scope.is_readable_system(system):
        stored = search_similar.c
        return [
            (other, other_grade)
            for other, other_grade in db.session.execute(
                select(AISystem, grade)
                .join(search_similar, stored.similar_id == AISystem.id)
                .where(stored.system_id == system.id, scope.listed_system())
                .order_by(stored.rank)
            )
        ]
    best = [
        ident
        for ident, _ in _ranked(
            db.session,
            system.id,
            system.name,
            system.intended_purpose,
            system.clinical_function,
            system.specialty,
        )
    ]
    if not best:
        return []
    loaded = {
        s.id: (s, g)
        for s, g in db.session.execute(select(AISystem, grade).where(AISystem.id.in_(best)))
    }
    return [loaded[i] for i in best if i in loaded]


# --- the stored lists ---------------------------------------------------------------------------


def _write(connection: Any, system_ids: Iterable[int]) -> None:
    """Compute and store again the lists of these systems (none for an unreadable one)."""
    ids = sorted(set(system_ids))
    kin: _Kin | None = None
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        connection.execute(delete(search_similar).where(search_similar.c.system_id.in_(chunk)))
        targets = connection.execute(
            select(
                AISystem.id,
                AISystem.name,
                AISystem.intended_purpose,
                AISystem.clinical_function,
                AISystem.specialty,
            ).where(AISystem.id.in_(chunk), scope.readable_system())
        ).all()
        if len(targets) > _FEW and kin is None:
            kin = _Kin(connection)  # one read of every listed system instead of a statement each
        rows = []
        for ident, name, purpose, function, specialty in targets:
            known = kin(ident, function, specialty) if kin else None
            ranked = _ranked(connection, ident, name, purpose, function, specialty, kin=known)
            rows += [
                {"system_id": ident, "rank": rank, "similar_id": other, "kin": points}
                for rank, (other, points) in enumerate(ranked, 1)
            ]
        if rows:
            connection.execute(search_similar.insert(), rows)


def _entered(connection: Any, changed: Iterable[int]) -> set[int]:
    """Readable systems whose list a changed, published system may now enter: lists shorter
    than five, or whose weakest entry shares less with it (function, specialty)."""
    found: set[int] = set()
    newcomers = connection.execute(
        select(AISystem.id, AISystem.clinical_function, AISystem.specialty).where(
            AISystem.id.in_(sorted(changed)), scope.listed_system()
        )
    ).all()
    if not newcomers:
        return found
    stored = search_similar.c
    lists = (
        select(stored.system_id, func.count().label("size"), func.min(stored.kin).label("weakest"))
        .group_by(stored.system_id)
        .subquery("lists")
    )
    facets = search_facets.c
    for ident, function, specialty in newcomers:
        kin = _kin(function, specialty, on=facets)
        found.update(
            connection.scalars(
                select(facets.system_id)
                .outerjoin(lists, lists.c.system_id == facets.system_id)
                .where(
                    facets.system_id != ident,
                    (lists.c.size.is_(None)) | (lists.c.size < LIMIT) | (lists.c.weakest < kin),
                )
            )
        )
    return found


def refresh(connection: Any, changed: Iterable[int]) -> None:
    """After the documents of ``changed`` systems were rewritten: their lists, the lists that
    named one of them, and the lists a newly published one may enter."""
    changed = set(changed)
    if not changed:
        return
    affected = set(changed)
    ids = sorted(changed)
    for start in range(0, len(ids), _BATCH):
        naming = search_similar.c.similar_id.in_(ids[start : start + _BATCH])
        affected.update(
            connection.scalars(select(search_similar.c.system_id).where(naming).distinct())
        )
    affected |= _entered(connection, changed)
    _write(connection, affected)


def rebuild(connection: Any) -> None:
    """Compute every readable system's list again (the documents already rebuilt)."""
    connection.execute(delete(search_similar))
    _write(connection, connection.scalars(select(search_facets.c.system_id)))
