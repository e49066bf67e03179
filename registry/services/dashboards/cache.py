"""The dashboards' cache, invalidated by every committed write to what they show.

Off by default (``NullCache``). With REGISTRY_CACHE_URL set (Redis in production, ``simple``
for one process), a dashboard's body is kept under a key made of the view, its validated
arguments, the locale, whether the reader sees internal aggregates, and the **data
generation**: a counter that every committed write to a table the dashboards read increments
(after the commit, in the same cache, so every worker and every command shares it). A
decision-maker therefore never reads a number older than the last committed change: the
request after a publication looks under a new generation, misses, and computes afresh. Old
entries are never read again and expire (CACHE_DEFAULT_TIMEOUT).

Writes are noticed by the ORM session, whatever the path: a flush of a watched object (forms,
API, services) or an INSERT/UPDATE/DELETE statement on a watched table sent through the session
(imports, the benchmark's generator). Code writing through a bare engine connection must call
:func:`bump` itself. ``init_app`` (called by create_app) registers the listeners.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from registry.extensions import cache

#: Tables whose rows a dashboard counts or shows (audit events, users and tokens are not).
WATCHED_TABLES = frozenset(
    {
        "ai_systems",
        "system_versions",
        "deployments",
        "obligation_statuses",
        "assessments",
        "evidence_items",
        "organisations",
    }
)
GENERATION_KEY = "data-generation"
_CHANGED = "registry_dashboards_changed"


def enabled() -> bool:
    """True when a cache is configured (not the default NullCache)."""
    return str(current_app.config.get("CACHE_TYPE", "NullCache")) != "NullCache"


def generation() -> int:
    """The current data generation (0 before the first write noticed)."""
    value = cache.get(GENERATION_KEY)
    return int(value) if value is not None else 0


def bump() -> None:
    """Start a new data generation: every cached dashboard is out of date from now on."""
    if has_app_context() and enabled():
        cache.cache.inc(GENERATION_KEY)


def key(view: str, arguments: Iterable[tuple[str, str]], locale: str, internal: bool) -> str:
    """The cache key of one dashboard body under the current generation."""
    canonical = "&".join(f"{name}={value}" for name, value in sorted(arguments))
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:32]
    return f"dashboard:{generation()}:{view}:{locale}:{int(internal)}:{digest}"


def cached(cache_key: str, build: Callable[[], str]) -> str:
    """The body under ``cache_key``, built and stored on a miss (or built alone, cache off)."""
    if not enabled():
        return build()
    body = cache.get(cache_key)
    if body is None:
        body = build()
        cache.set(cache_key, body)
    return str(body)


def _watched(instance: Any) -> bool:
    table = getattr(instance, "__table__", None)
    return table is not None and table.name in WATCHED_TABLES


def _note_flush(session: Session, _context: UOWTransaction) -> None:
    """Objects flushed: new, changed or deleted rows of a watched table."""
    if any(_watched(o) for o in itertools.chain(session.new, session.dirty, session.deleted)):
        session.info[_CHANGED] = True


def _note_statement(state: ORMExecuteState) -> None:
    """INSERT/UPDATE/DELETE statements sent through the session (bulk writes)."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if table is None or getattr(table, "name", None) in WATCHED_TABLES:
            state.session.info[_CHANGED] = True


def _bump_after_commit(session: Session) -> None:
    """After the commit, so no reader can cache the old rows under the new generation."""
    if session.info.pop(_CHANGED, False):
        bump()


def _forget_on_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def init_app(app: Flask) -> None:
    """Bind the cache to the app and make every session notice writes to what dashboards show.

    The listeners are on SQLAlchemy's Session class (every session of every app): registered
    once, however many apps are built (the tests build several).
    """
    cache.init_app(app)
    listeners = (
        ("after_flush", _note_flush),
        ("do_orm_execute", _note_statement),
        ("after_commit", _bump_after_commit),
        ("after_rollback", _forget_on_rollback),
    )
    for name, listener in listeners:
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
