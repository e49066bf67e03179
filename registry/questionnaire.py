"""What the pure rules' questionnaires share (the AI Act, docs/domain.md §7; the MDR/IVDR helper,
docs/domain.md §8): a question worded in French and English, and the reasons and notes of a
result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

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
