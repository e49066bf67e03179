"""The questionnaire engine the pure rules share (the AI Act, docs/domain.md §7; the MDR/IVDR
helper, docs/domain.md §8): a question worded in French and English, its answers checked
(``validate``, ``AnswerError``) or read from a form (``Question.from_form``), and the reasons and
notes of a result."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar, Literal

from registry.vocab import Labels, label, pick


class Worded:
    """A question's wording: ``label_fr``/``label_en``, ``help_fr``/``help_en`` and, for a
    choice question, its choices' labels in the questionnaire's ``CHOICES``."""

    CHOICES: ClassVar[Mapping[str, Labels]] = {}
    key: str
    label_fr: str
    label_en: str
    help_fr: str
    help_en: str

    def label(self, locale: str | None = "fr") -> str:
        """The question in the locale (French by default)."""
        return pick(locale, self.label_fr, self.label_en)

    def help(self, locale: str | None = "fr") -> str:
        """The help text (with its legal basis) in the locale."""
        return pick(locale, self.help_fr, self.help_en)

    def choice_label(self, value: str, locale: str | None = "fr") -> str:
        """The label of one of the question's choices in the locale."""
        return label(self.CHOICES[self.key], value, locale or "fr")


class Cited:
    """A sentence in French and English resting on an article (``text_fr``, ``text_en``,
    ``article``), named by the field ``NAME`` says: a reason's rule, a note's code."""

    NAME: ClassVar[str]
    article: str
    text_en: str
    text_fr: str

    def text(self, locale: str | None = "fr") -> str:
        """The sentence in the locale (French by default)."""
        return pick(locale, self.text_fr, self.text_en)

    def to_dict(self, locale: str | None = "fr") -> dict[str, str]:
        """JSON-ready form: the name (rule or code), the article, the text."""
        return {
            self.NAME: getattr(self, self.NAME),
            "article": self.article,
            "text": self.text(locale),
        }


@dataclass(frozen=True)
class Reason(Cited):
    """One step of an explanation: the rule that fired, its article, a sentence in FR and EN."""

    NAME: ClassVar[str] = "rule"
    rule: str
    article: str
    text_en: str
    text_fr: str


Answer = bool | str | None
QuestionType = Literal["bool", "choice", "optional_choice"]
#: What a web form sends for yes and for no (a ticked checkbox, a radio button, a hidden input).
FORM_YES = (True, "true", "on", "1", "yes")
FORM_NO = (None, False, "", "false", "off", "0", "no")


class AnswerError(ValueError):
    """An answer with an unknown key or a wrong type or value; ``.key`` names it (a 422)."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


@dataclass(frozen=True)
class Question(Worded):
    """One answer key of a questionnaire: its type (``bool``: True/False only, ``choice``: one
    of ``choices``, ``optional_choice``: one of them or None), its default and its wording."""

    key: str
    type: QuestionType
    default: Answer
    choices: tuple[str, ...]
    label_fr: str
    label_en: str
    help_fr: str
    help_en: str

    def checked(self, value: object) -> Answer:
        """The answer if its type and value are allowed; AnswerError otherwise."""
        if self.type == "bool":
            # bool is a subclass of int: accept only the two real booleans, never 0/1.
            if type(value) is not bool:
                raise AnswerError(self.key, f"expected a boolean, got {type(value).__name__}")
            return value
        if value is None and self.type == "optional_choice":
            return None
        if not isinstance(value, str):
            raise AnswerError(self.key, f"expected a string, got {type(value).__name__}")
        if value not in self.choices:
            allowed = ", ".join(self.choices)
            raise AnswerError(self.key, f"unknown value {value!r}; allowed: {allowed}")
        return value

    def from_form(self, value: object) -> Answer:
        """A form's value (text) as an answer: "true"/"on" → True, "" → the default or None.

        AnswerError with the reason ``"yes_no"`` or ``"choice"`` when the text is not an answer
        (the caller words the message in the reader's language)."""
        if self.type == "bool":
            if value in FORM_YES:
                return True
            if value in FORM_NO:
                return False
            raise AnswerError(self.key, "yes_no")
        if value in (None, ""):
            return None if self.type == "optional_choice" else self.default
        if value in self.choices:
            return str(value)
        raise AnswerError(self.key, "choice")


def validate(questions: Iterable[Question], answers: Mapping[str, object]) -> dict[str, Answer]:
    """Every key checked (unknown key, wrong type or value: AnswerError naming the first bad
    key) and every missing key filled with its default."""
    questions = tuple(questions)
    known = {question.key for question in questions}
    for key in answers:
        if key not in known:
            raise AnswerError(str(key), "unknown question key")
    return {
        question.key: question.checked(answers[question.key])
        if question.key in answers
        else question.default
        for question in questions
    }
