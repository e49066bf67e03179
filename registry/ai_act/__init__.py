"""EU AI Act classification of health AI systems (docs/domain.md §7) and its short interview
(docs/domain.md §7.17): pure, no Flask, no DB."""

from registry.ai_act.answers import AnswerError
from registry.ai_act.dates import APPLICATION_DATES, ApplicationDate
from registry.ai_act.interview import (
    STEPS_BY_ID,
    interview_answers,
    is_complete,
    next_questions,
    read_form,
)
from registry.ai_act.obligations import AIActResult, Note, Obligation, Reason
from registry.ai_act.questions import (
    QUESTION_KEYS,
    QUESTIONS,
    QUESTIONS_BY_KEY,
    Question,
    is_relevant,
)
from registry.ai_act.rules import FLAGS, RISK_CLASSES, classify

__all__ = [
    "APPLICATION_DATES",
    "FLAGS",
    "QUESTIONS",
    "QUESTIONS_BY_KEY",
    "QUESTION_KEYS",
    "RISK_CLASSES",
    "STEPS_BY_ID",
    "AIActResult",
    "AnswerError",
    "ApplicationDate",
    "Note",
    "Obligation",
    "Question",
    "Reason",
    "classify",
    "interview_answers",
    "is_complete",
    "is_relevant",
    "next_questions",
    "read_form",
]
