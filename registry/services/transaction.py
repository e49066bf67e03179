"""One transaction per call (docs/architecture.md §8): the unit of work.

The front doors open one unit around everything a call does — every view (web and API, by
``wrap_views``), every CLI command that writes — and that unit commits once at its end, or rolls
back everything when anything raises. Services that write say so with ``@writes``: they flush
(so ids exist and constraints are checked) but never commit; inside a front door's unit they
join it. Called on their own (a shell, a test, a request hook before the view), the outermost
``@writes`` is the unit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from flask import Flask

from registry.extensions import db

P = ParamSpec("P")
R = TypeVar("R")
_depth: ContextVar[int] = ContextVar("unit_of_work_depth", default=0)


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit once when the outermost unit ends normally; roll back everything if it raises."""
    depth = _depth.get()
    token = _depth.set(depth + 1)
    try:
        yield
        if depth == 0:
            db.session.commit()
        else:
            db.session.flush()
    except BaseException:
        if depth == 0:
            db.session.rollback()
        raise
    finally:
        _depth.reset(token)


def writes(function: Callable[P, R]) -> Callable[P, R]:
    """Mark a service function that changes the database: it runs inside the caller's unit of
    work (or is one, called on its own); it flushes, the unit commits."""

    @functools.wraps(function)
    def inside(*args: P.args, **kwargs: P.kwargs) -> R:
        with unit_of_work():
            return function(*args, **kwargs)

    return inside


def command(function: Callable[P, R]) -> Callable[P, R]:
    """A CLI command that writes: one unit around all of it, so it commits once at its end or,
    failing midway, leaves nothing behind (put it under ``@group.command``, inside the app
    context click gives the command)."""
    return writes(function)


def wrap_views(app: Flask) -> None:
    """Every view of the app runs in one unit of work: the request commits once, after the view
    (so a failure at commit is answered by the error handlers: 409/412, 503), or not at all."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint == "static":
            continue
        app.view_functions[endpoint] = _in_unit(view)


def _in_unit(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def one_transaction(*args: Any, **kwargs: Any) -> Any:
        with unit_of_work():
            return view(*args, **kwargs)

    return one_transaction
