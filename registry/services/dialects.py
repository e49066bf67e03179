"""SQL functions of one argument that SQLite and PostgreSQL write differently.

Each is declared once with its two spellings (``{0}`` stands for the argument) and used in
queries like any SQL function; SQLAlchemy picks the spelling of the engine it compiles for.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import String


def text_function(
    name: str, doc: str, *, sqlite: str, postgresql: str
) -> type[FunctionElement[str]]:
    """A SQL function returning text, spelt ``sqlite`` on SQLite and ``postgresql`` on
    PostgreSQL."""
    function: type[FunctionElement[str]] = type(
        name,
        (FunctionElement,),
        {"__doc__": doc, "type": String(), "inherit_cache": True},
    )

    def spelt(template: str) -> Any:
        def compile_(element: FunctionElement[str], compiler: Any, **kw: Any) -> str:
            return template.format(compiler.process(element.clauses, **kw))

        return compile_

    compiles(function)(spelt(sqlite))
    compiles(function, "postgresql")(spelt(postgresql))
    return function


#: The "YYYY-MM" month of a timestamp, in UTC. SQLite's driver uses "?" parameters: a single
#: "%" is literal there.
month_of = text_function(
    "month_of",
    'The "YYYY-MM" month of a timestamp (UTC).',
    sqlite="strftime('%Y-%m', {0})",
    postgresql="to_char(({0}) AT TIME ZONE 'UTC', 'YYYY-MM')",
)

#: The values of a group joined with "|" (PostgreSQL: in order).
joined_ids = text_function(
    "joined_ids",
    'The values of a group joined with "|".',
    sqlite="group_concat({0}, '|')",
    postgresql="string_agg(CAST({0} AS TEXT), '|' ORDER BY {0})",
)
