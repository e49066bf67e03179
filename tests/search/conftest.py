"""The vocabulary is pure: its tests need neither the application nor a database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _clean_database() -> Iterator[None]:
    """Replaces the suite-wide table cleaning, which would start the application for nothing."""
    yield
