"""The notice's own sentences that depend on a code: what a class or a grade means for the
professional, and a test result in natural frequencies (docs/domain.md §11.5).

Short sentences in common words (the plain-language rule of the guides: 20 words or fewer on
average), each translated by Babel.
"""

from __future__ import annotations

from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _

from registry import vocab


def class_meaning(risk_class: str | None) -> list[str]:
    """What the AI Act class changes for the professional who uses the system."""
    meanings = {
        "high_risk": [
            _("It is a high-risk AI system under the AI Act."),
            _("Use it only as its instructions for use say (Article 26)."),
            _("Your institution names trained people to watch over it (Article 26)."),
            _("Report any serious incident without delay (Articles 26 and 73)."),
            _("A patient may ask for an explanation of a decision based on it (Article 86)."),
        ],
        "limited_risk": [
            _("The AI Act asks for transparency here (Article 50)."),
            _("People must know that they deal with an AI or read content made by an AI."),
        ],
        "minimal_risk": [
            _("The AI Act sets no rule of its own for this use."),
            _("Keep the same critical eye as for any other tool."),
        ],
        "not_high_risk_art_6_3": [
            _("The manufacturer says it is not high-risk (Article 6, paragraph 3)."),
            _("It only prepares or checks a task, and you make the decision."),
        ],
        "out_of_scope": [
            _("According to its declaration, it is not an AI system under the AI Act."),
        ],
        "prohibited": [
            _("This practice is banned in the European Union (Article 5)."),
            _("Do not use it."),
        ],
    }
    lines = list(meanings.get(risk_class or "", []))
    lines.append(_("Your institution must make sure that you are trained to use it (Article 4)."))
    return lines


def grade_meaning(grade: str | None) -> str:
    """A grade in one plain sentence."""
    return {
        "A": _("Solid studies show the benefit."),
        "B": _("Studies show a likely benefit."),
        "C": _("The studies are weak: the benefit is uncertain."),
        "insufficient": _("There are not enough studies to conclude."),
    }.get(grade or "", _("Not graded."))


def _percent(item: Any) -> float | None:
    """The effect as a percentage, when it is one."""
    value = item.effect_value
    if value is None:
        return None
    unit = (item.effect_unit or "").strip()
    if unit == "%":
        percent = float(value)
    elif unit in ("", "proportion") and 0 <= value <= 1:
        percent = float(value) * 100
    else:
        return None
    return percent if 0 <= percent <= 100 else None


FREQUENCY_KINDS = ("sensitivity", "specificity", "ppv", "npv")


def frequency(item: Any) -> str | None:
    """A sensitivity, specificity or predictive value as "out of 100 …", or None."""
    percent = _percent(item)
    if item.outcome_kind not in FREQUENCY_KINDS or percent is None:
        return None
    hits = round(percent)
    misses = 100 - hits
    if item.outcome_kind == "sensitivity":
        return _(
            "Out of 100 patients who have the condition, the tool finds about %(hits)s "
            "and misses %(misses)s.",
            hits=hits,
            misses=misses,
        )
    if item.outcome_kind == "specificity":
        return _(
            "Out of 100 patients who do not have the condition, the tool wrongly flags "
            "about %(misses)s.",
            misses=misses,
        )
    if item.outcome_kind == "ppv":
        return _(
            "Out of 100 alerts of the tool, about %(hits)s are right and %(misses)s are false.",
            hits=hits,
            misses=misses,
        )
    return _(
        "Out of 100 negative results of the tool, about %(hits)s are right; %(misses)s hide "
        "the condition.",
        hits=hits,
        misses=misses,
    )


def study_source(item: Any, locale: str) -> str:
    """Where a figure comes from, in a few words."""
    parts = [vocab.label(vocab.STUDY_DESIGNS, item.design, locale)]
    if item.sample_size:
        parts.append(
            _("%(count)s patients", count=format_decimal(item.sample_size, format="#,##0"))
        )
    if item.year:
        parts.append(str(item.year))
    if item.has_level:
        parts.append(_("level of evidence %(level)s", level=item.has_level))
    return _("Source: %(source)s.", source=", ".join(parts))
