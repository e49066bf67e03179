"""The AI Act questionnaire's answers, checked: every key known, every value of its type."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from registry.ai_act.questions import QUESTIONS, QUESTIONS_BY_KEY, Answer, Question


class AnswerError(ValueError):
    """An answer with an unknown key or a wrong type; `.key` names the field for a 422."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


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
    for key in answers:
        if key not in QUESTIONS_BY_KEY:
            raise AnswerError(str(key), "unknown question key")
    values: dict[str, Answer] = {}
    for question in QUESTIONS:
        if question.key not in answers:
            values[question.key] = question.default
            continue
        values[question.key] = _checked(question, answers[question.key])
    return Answers(values)


def _checked(question: Question, value: object) -> Answer:
    if question.type == "bool":
        # bool is a subclass of int: accept only the two real booleans, never 0/1.
        if type(value) is not bool:
            raise AnswerError(question.key, f"expected a boolean, got {type(value).__name__}")
        return value
    if value is None and question.type == "optional_choice":
        return None
    if not isinstance(value, str):
        raise AnswerError(question.key, f"expected a string, got {type(value).__name__}")
    if value not in question.choices:
        allowed = ", ".join(question.choices)
        raise AnswerError(question.key, f"unknown value {value!r}; allowed: {allowed}")
    return value
