"""/api/v1/ai-act/classify and /api/v1/mdr/classify: the classification helpers as JSON."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from registry import ai_act, mdr
from registry.api.common import problems
from registry.services.errors import ValidationFailed
from registry.web.i18n import current_locale
from schemas.classification import (
    AIActAnswersSchema,
    AIActResultSchema,
    MDRAnswersSchema,
    MDRResultSchema,
)

URL_PREFIX = "/api/v1/ai-act"
blp = Blueprint(
    "api_ai_act",
    __name__,
    description="EU AI Act risk class of a questionnaire (no token needed, nothing stored).",
)
MDR_URL_PREFIX = "/api/v1/mdr"
mdr_blp = Blueprint(
    "api_mdr",
    __name__,
    description="MDR / IVDR device class suggested by a questionnaire (no token needed).",
)
# Both blueprints of this module, for registry.api.register_api.
BLUEPRINTS = ((blp, URL_PREFIX), (mdr_blp, MDR_URL_PREFIX))

BAD_ANSWERS = "Invalid or unknown answer"
BAD_ANSWERS_KEY = "Unknown key or invalid answer"


def _classified(
    classify: Callable[[Mapping[str, object]], Any], answers: Mapping[str, object]
) -> dict[str, Any]:
    """Run a pure classifier; its AnswerError (the final word on answers) becomes a 422."""
    try:
        result = classify(answers)
    except (ai_act.AnswerError, mdr.AnswerError) as error:
        raise ValidationFailed({error.key: [error.reason]}, BAD_ANSWERS) from error
    data: dict[str, Any] = result.to_dict(current_locale())
    return data


@blp.route("/classify")
class AIActClassify(MethodView):
    """The AI Act questionnaire of docs/domain.md §7.2."""

    @blp.arguments(AIActAnswersSchema)
    @blp.response(200, AIActResultSchema)
    @problems(blp, {422: BAD_ANSWERS_KEY})
    def post(self, answers: dict[str, Any]) -> dict[str, Any]:
        """Classify a system under the AI Act; a missing key takes its default.

        Texts (reasons, obligation titles, notes) are in French, or English with `?lang=en`.
        """
        return _classified(ai_act.classify, answers)


@mdr_blp.route("/classify")
class MDRClassify(MethodView):
    """The MDR / IVDR questionnaire of docs/domain.md §8.2."""

    @mdr_blp.arguments(MDRAnswersSchema)
    @mdr_blp.response(200, MDRResultSchema)
    @problems(mdr_blp, {422: BAD_ANSWERS_KEY})
    def post(self, answers: dict[str, Any]) -> dict[str, Any]:
        """Suggest the MDR or IVDR class of a software; a missing key takes its default.

        Reason texts are in French, or English with `?lang=en`.
        """
        return _classified(mdr.classify, answers)
