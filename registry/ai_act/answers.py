"""The AI Act questionnaire's answers, checked: every key known, every value of its type (the
shared engine, registry/questionnaire.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from registry.ai_act.questions import QUESTIONS, Answer
from registry.questionnaire import AnswerError
from registry.questionnaire import validate as _validate

__all__ = ["AnswerError", "Answers", "validate"]


@dataclass(frozen=True)
class Answers:
    """Validated answers, every key present (missing keys took their default)."""

    values: Mapping[str, Answer]

    def yes(self, key: str) -> bool:
        """True when the boolean question `key` was answered yes."""
        return self.values[key] is True

    def choice(self, key: str) -> str | None:
        """The value of a choice question."""
        value = self.values[key]
        return value if isinstance(value, str) else None


def validate(answers: Mapping[str, object]) -> Answers:
    """Check keys and types, fill defaults; raise AnswerError naming the first bad key."""
    return Answers(_validate(QUESTIONS, answers))
