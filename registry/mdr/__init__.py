"""MDR / IVDR class helper (docs/domain.md §8): a pure questionnaire → suggested class function.

The helper follows MDR Annex VIII (implementing rules 3.3 and 3.5, Rules 11 and 22, Art 52(7)
sub-classes) and IVDR Annex VIII. It suggests a class; the declared class stays the
manufacturer's, and a difference is a warning for evaluators (:func:`compare_declared`).

Rule ids (``MDRReason.rule``) follow the order of evaluation of docs/domain.md §8.3 for the MDR
(``MDR-0`` … ``MDR-10``); IVDR ids (docs/domain.md §8.4) carry the
IVDR Annex VIII rule number (``IVDR-1`` … ``IVDR-7``, ``IVDR-IR1.4`` and ``IVDR-IR1.9`` for the
implementing rules), so ``IVDR-6`` is the residual Rule 6 and ``IVDR-7`` the controls of Rule 7.
"""

from registry.mdr.questions import (
    CHOICE_LABELS,
    QUESTION_KEYS,
    QUESTIONS,
    QUESTIONS_BY_KEY,
    Question,
    is_relevant,
)
from registry.mdr.result import (
    DEVICE_CLASSES_IVDR,
    DEVICE_CLASSES_MDR,
    IVD_RULE_CLASS,
    NOT_A_DEVICE,
    AnswerError,
    MDRReason,
    MDRResult,
    class_rank,
    compare_declared,
)
from registry.mdr.rules import classify

__all__ = [
    "DEVICE_CLASSES_IVDR",
    "DEVICE_CLASSES_MDR",
    "IVD_RULE_CLASS",
    "CHOICE_LABELS",
    "NOT_A_DEVICE",
    "QUESTIONS",
    "QUESTIONS_BY_KEY",
    "QUESTION_KEYS",
    "AnswerError",
    "MDRReason",
    "MDRResult",
    "Question",
    "class_rank",
    "classify",
    "compare_declared",
    "is_relevant",
]
