"""The evaluation report of a public assessment as a PDF (docs/domain.md §6.7).

Only the public scope (registry/services/scope.py): a published assessment, or a withdrawn one
with its withdrawal first, of a readable system; anything else is 404, whoever asks — an
evaluator reads an assessment in review on its page, never as a report. The texts are put in the
reader's language here; ``registry/pdf/report.py`` lays them out on the shared PDF layer.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import url_for
from flask_babel import format_date, format_decimal, ngettext
from flask_babel import gettext as _

from registry import grading, vocab
from registry.clock import utcnow
from registry.extensions import db
from registry.models import Assessment, EvidenceItem
from registry.pdf import Metadata
from registry.pdf import report as layout
from registry.services import scope
from registry.services.errors import NotFound
from registry.services.policy.conflicts import conflicting_interest
from registry.vocab import AssessmentStatus

DIMENSION_ORDER = ("clinical", "organisational", "economic")


def public_assessment(assessment_id: int) -> Assessment:
    """The assessment when it is public; 404 otherwise (a draft, in review, validated…)."""
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or not scope.is_public_assessment(assessment):
        raise NotFound(_("No published assessment has this number."))
    return assessment


def pdf(assessment_id: int, locale: str) -> tuple[bytes, str]:
    """The report's bytes and its file name."""
    assessment = public_assessment(assessment_id)
    return layout.build(_report(assessment, locale)), f"evaluation-{assessment.id}.pdf"


def _day(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    return format_date(value.date() if isinstance(value, datetime) else value, "long")


def _label(vocabulary: vocab.Labels, code: str | None, locale: str) -> str:
    return vocab.label(vocabulary, code, locale) if code else "—"


def _number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0" if digits == 0 else "#,##0." + "#" * digits)


def _report(assessment: Assessment, locale: str) -> layout.Report:
    system = assessment.system
    title = _("Evaluation report: %(name)s", name=system.name)
    notices = []
    if assessment.status == AssessmentStatus.WITHDRAWN:
        notices.append(
            _(
                "This assessment was withdrawn on %(date)s. Reason: %(reason)s",
                date=_day(assessment.withdrawn_at),
                reason=assessment.withdrawal_reason or "—",
            )
        )
    if assessment.concerns_earlier_version:
        notices.append(
            _(
                "This assessment concerns an earlier version than the current one (%(version)s).",
                version=system.current_version or "—",
            )  # fmt: skip
        )
    page_url = url_for("assessments.show", assessment_id=assessment.id, _external=True)
    return layout.Report(
        metadata=Metadata(
            title=title,
            language=locale,
            author=_("AI in Health Registry"),
            subject=_("Assessment of the clinical, organisational and economic benefit"),
            keywords=(system.name, _("health technology assessment"), "HAS"),
        ),
        title=title,
        subtitle=_(
            "%(manufacturer)s · version %(version)s · published on %(date)s",
            manufacturer=system.manufacturer.name,
            version=assessment.version.label,
            date=_day(assessment.published_at),
        ),
        footer=_(
            "AI in Health Registry · %(url)s · produced on %(date)s",
            url=page_url,
            date=_day(utcnow()),
        ),
        page_label=_("page %(page)s of %(pages)s", page="{page}", pages="{pages}"),
        notices=notices,
        identity=layout.Section(
            _("The system assessed"),
            rows=[
                (_("System"), system.name),
                (_("Manufacturer"), system.manufacturer.name),
                (_("Version assessed"), assessment.version.label),
                (_("Medical specialty"), _label(vocab.SPECIALTIES, system.specialty, locale)),
                (_("EU AI Act risk class"), _label(vocab.RISK_CLASSES, system.risk_class, locale)),
                (
                    _("Declared device class"),
                    _label(vocab.DEVICE_CLASSES, system.declared_class, locale),
                ),
            ],
        ),
        question=layout.Section(
            _("Question assessed"),
            rows=[
                (_("Intended purpose"), system.intended_purpose or "—"),
                (_("Target population"), system.target_population or "—"),
                (_("Comparator"), assessment.clinical_comparator or "—"),
                (
                    _("Benefit assessed"),
                    _("clinical, organisational (HAS macro-criteria) and economic"),
                ),
            ],
        ),
        evaluators=_evaluators(assessment, locale),
        dimensions_heading=_("Benefit by dimension"),
        dimensions_intro=_(
            "The evaluators' rating uses the HAS scale (I major to V none). The evidence grade is "
            "computed from the studies (A established proof, B scientific presumption, C low "
            "level of evidence) and is shown beside the rating, never instead of it."
        ),
        dimensions=_dimensions(assessment, locale),
        evidence=_evidence(assessment, locale),
        closing=[
            layout.Section(heading, paragraphs=[text])
            for heading, text in (
                (_("Overall conclusion"), assessment.conclusion),
                (_("Limits"), assessment.limits),
                (_("Recommendations for use"), assessment.recommendations),
            )
            if text
        ],
        link=(_("The assessment on the registry: %(url)s", url=page_url), page_url),
    )


def _evaluators(assessment: Assessment, locale: str) -> layout.Section:
    """Who assessed and validated, their declared links with the manufacturer, and the dates."""
    manufacturer = assessment.system.manufacturer
    published = assessment.published_at.date() if assessment.published_at else None
    rows = [
        (_("Lead evaluator"), assessment.lead_evaluator.display_name),
        (
            _("Second evaluator (validation)"),
            assessment.second_evaluator.display_name if assessment.second_evaluator else "—",
        ),
        (
            _("Evaluating organisation"),
            assessment.evaluating_organisation.name if assessment.evaluating_organisation else "—",
        ),
    ]
    for evaluator in filter(None, (assessment.lead_evaluator, assessment.second_evaluator)):
        link = conflicting_interest(evaluator, manufacturer.id, published)
        if link is None:
            text = _(
                "no link with %(manufacturer)s declared for the five years before publication",
                manufacturer=manufacturer.name,
            )
        else:
            text = _(
                "declared link with %(manufacturer)s: %(kind)s, from %(start)s to %(end)s",
                manufacturer=manufacturer.name,
                kind=vocab.label(vocab.INTEREST_KINDS, link.kind, locale).lower(),
                start=_day(link.start_date),
                end=_day(link.end_date) if link.end_date else _("today"),
            )
        rows.append((_("Declared interests: %(name)s", name=evaluator.display_name), text))
    rows += [
        (_("Submitted for review"), _day(assessment.submitted_at)),
        (_("Validated"), _day(assessment.validated_at)),
        (_("Published"), _day(assessment.published_at)),
    ]
    return layout.Section(
        _("Evaluators, interests and dates"),
        rows=rows,
        paragraphs=[
            _(
                "Four-eyes rule: the assessment was validated by an evaluator other than its "
                "author. Declarations of interests are checked at every step: a link with the "
                "manufacturer in the five previous years forbids authoring, validating and "
                "publishing."
            )
        ],
    )


def _grade_row(grade: str | None, items: list[EvidenceItem], locale: str) -> tuple[str, str]:
    if not grade:
        return _("Computed evidence grade"), "—"
    rule = vocab.pick(locale, *grading.GRADE_RULES[grade])
    text = _(
        "%(grade)s — rule: %(rule)s (%(count)s studies of this dimension)",
        grade=vocab.label(vocab.GRADES, grade, locale),
        rule=rule,
        count=len(items),
    )
    return _("Computed evidence grade"), text


def _dimensions(assessment: Assessment, locale: str) -> list[layout.Dimension]:
    items = {
        name: [e for e in assessment.evidence if e.dimension == name] for name in DIMENSION_ORDER
    }
    a = assessment
    effects = [
        (label, _label(vocab.ORG_EFFECTS, effect, locale), narrative)
        for label, effect, narrative in (
            (_("MC1 — care process"), a.org_mc1_effect, a.org_mc1_narrative),
            (_("MC2 — capacities and skills of the actors"), a.org_mc2_effect, a.org_mc2_narrative),
            (_("MC3 — collective and societal aspects"), a.org_mc3_effect, a.org_mc3_narrative),
        )
    ]
    return [
        layout.Dimension(
            _("Clinical"),
            rows=[
                (_("Evaluators' rating"), _label(vocab.RATINGS, a.clinical_rating, locale)),
                (_("Clinical benefit"), _label(vocab.SUFFICIENCY, a.clinical_sufficiency, locale)),
                _grade_row(a.clinical_grade, items["clinical"], locale),
            ],
            texts=[(_("Clinical narrative"), a.clinical_narrative)] if a.clinical_narrative else [],
        ),
        layout.Dimension(
            _("Organisational"),
            rows=[
                (_("Evaluators' rating"), _label(vocab.RATINGS, a.org_rating, locale)),
                *[(label, effect) for label, effect, _narrative in effects],
                _grade_row(a.org_grade, items["organisational"], locale),
            ],
            texts=[(label, narrative) for label, _effect, narrative in effects if narrative],
        ),
        layout.Dimension(
            _("Economic"),
            rows=[
                (_("Conclusion"), _label(vocab.ECONOMIC_CONCLUSIONS, a.eco_conclusion, locale)),
                (_("Perspective"), _label(vocab.PERSPECTIVES, a.eco_perspective, locale)),
                (_("Incremental cost per patient (EUR)"), _number(a.eco_incremental_cost)),
                (_("Cost per QALY (EUR)"), _number(a.eco_cost_per_qaly)),
                (_("Annual budget impact (EUR)"), _number(a.eco_budget_impact)),
                (
                    _("Professional time saved per case (minutes)"),
                    _number(a.eco_time_saved_minutes, 1),
                ),
                _grade_row(a.eco_grade, items["economic"], locale),
            ],
        ),
    ]


def _evidence(assessment: Assessment, locale: str) -> layout.EvidenceTable:
    rows, references = [], []
    ordered = sorted(
        assessment.evidence, key=lambda e: (DIMENSION_ORDER.index(e.dimension), e.year or 0, e.id)
    )
    for number, item in enumerate(ordered, start=1):
        population = ", ".join(
            part
            for part in (
                _("n = %(n)s", n=_number(item.sample_size)) if item.sample_size else "",
                ", ".join(item.countries or ()),
                ngettext("%(num)s site", "%(num)s sites", item.n_sites) if item.n_sites else "",
            )
            if part
        )
        effect = ""
        if item.effect_value is not None:
            effect = f"{_number(item.effect_value, 2)} {item.effect_unit or ''}".strip()
            if item.ci_low is not None and item.ci_high is not None:
                effect += f" ({_number(item.ci_low, 2)} – {_number(item.ci_high, 2)})"
        outcome = " · ".join(
            part
            for part in (
                _label(vocab.OUTCOME_KINDS, item.outcome_kind, locale) if item.outcome_kind else "",
                item.outcome or "",
                effect,
            )
            if part
        )
        rows.append(
            [
                str(number),
                _label(vocab.DIMENSIONS, item.dimension, locale),
                _label(vocab.STUDY_DESIGNS, item.design, locale),
                str(item.has_level) if item.has_level else "AE",
                population or "—",
                outcome or "—",
                _label(vocab.DIRECTIONS, item.direction, locale),
            ]
        )
        where = " · ".join(
            part
            for part in (
                f"DOI {item.doi}" if item.doi else "",
                f"PMID {item.pmid}" if item.pmid else "",
                item.url or "",
            )
            if part
        )
        year = f" ({item.year})" if item.year else ""
        references.append(f"[{number}] {item.title}{year}. {where}".strip())
    return layout.EvidenceTable(
        heading=_("Evidence"),
        headers=[
            "#",
            _("Dimension"),
            _("Design"),
            _("HAS level"),
            _("Population"),
            _("Outcome and effect (confidence interval)"),
            _("Direction"),
        ],
        rows=rows,
        widths=(4, 15, 17, 9, 16, 27, 12),
        empty=_("No evidence recorded yet."),
        references_heading=_("References"),
        references=references,
    )
