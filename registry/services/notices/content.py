"""The professional's notice of a published system (docs/domain.md §11.5).

Built from what the public reads: the system's published revision (its ``ai_systems`` row,
services/revisions.py) and its latest published assessment (services/scope.py). Eight sections
answer the six questions of a professional at the bedside; anything the manufacturer or the
evaluators did not give is said to be missing, never left out.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from sqlalchemy import select

from registry import vocab
from registry.clock import utcnow
from registry.extensions import db
from registry.models import AISystem, Assessment
from registry.services import assessments, revisions, scope, training
from registry.services.errors import NotFound
from registry.services.notices import texts
from registry.services.notices.model import Notice, Section, Table

SECTION_KEYS = (
    "purpose",
    "people",
    "limits",
    "oversight",
    "performance",
    "ai_act",
    "training",
    "contact",
)
ANSM_REPORTING = "https://signalement.social-sante.gouv.fr"


def published_system(slug: str) -> AISystem:
    """A listed (published) system; anything else is not found, whoever asks."""
    system = db.session.scalar(select(AISystem).where(AISystem.slug == slug, scope.listed_system()))
    if system is None:
        raise NotFound(_("This system has no public notice."))
    return system


def _labels(vocabulary: vocab.Labels, codes: list[str], locale: str) -> str:
    return ", ".join(vocab.label(vocabulary, code, locale) for code in codes)


def _declared(_locale: str) -> str:
    return _("Declared by the manufacturer")


def _purpose(system: AISystem, locale: str) -> Section:
    section = Section("purpose", _("What it does"))
    if system.short_description:
        section.quote(_declared(locale), system.short_description)
    elif system.intended_purpose:
        section.quote(_declared(locale), system.intended_purpose)
    else:
        section.missing(_("The manufacturer has not declared what the tool does."))
    if system.short_description and system.intended_purpose:
        section.quote(_("Intended purpose"), system.intended_purpose)
    if system.clinical_function:
        function = vocab.label(vocab.CLINICAL_FUNCTIONS, system.clinical_function, locale)
        section.say(_("Kind of help: %(function)s.", function=function))
    return section


def _people(system: AISystem, locale: str) -> Section:
    section = Section("people", _("For whom"))
    if system.intended_users:
        users = _labels(vocab.INTENDED_USERS, system.intended_users, locale)
        section.say(_("Users: %(users)s.", users=users))
    else:
        section.missing(_("The manufacturer has not declared who should use the tool."))
    section.quote_or_missing(
        _("Patients"),
        system.target_population,
        _("The manufacturer has not declared for which patients it is meant."),
    )
    if system.age_groups:
        section.say(_("Ages: %(ages)s.", ages=_labels(vocab.AGE_GROUPS, system.age_groups, locale)))
    else:
        section.missing(_("The manufacturer has not declared the patients' ages."))
    if system.care_settings:
        settings = _labels(vocab.CARE_SETTINGS, system.care_settings, locale)
        section.say(_("Settings: %(settings)s.", settings=settings))
    return section


def _limits(system: AISystem, locale: str) -> Section:
    section = Section("limits", _("Where it must not be used, and its limits"))
    if system.age_groups:
        others = [code for code in vocab.AGE_GROUPS if code not in system.age_groups]
        if others:
            section.say(
                _(
                    "It is not declared for: %(ages)s. Do not use it for them.",
                    ages=_labels(vocab.AGE_GROUPS, others, locale).lower(),
                )
            )
    section.quote_or_missing(
        _("Known limitations"),
        system.known_limitations,
        _("The manufacturer has not declared any limitation."),
    )
    if system.learning_mode == "continuous":
        section.say(_("The tool keeps learning after its release: its results may change."))
    section.say(_("Outside the declared patients and settings, nobody has shown that it works."))
    return section


def _oversight(system: AISystem, locale: str) -> Section:
    section = Section("oversight", _("What you keep checking"))
    if system.autonomy:
        autonomy = vocab.label(vocab.AUTONOMY, system.autonomy, locale)
        section.say(_("Level of autonomy: %(autonomy)s.", autonomy=autonomy))
    section.quote_or_missing(
        _("Human oversight measures"),
        system.human_oversight,
        _("The manufacturer has not declared how a professional oversees it."),
    )
    section.quote_or_missing(
        _("How it explains its results"),
        system.explainability,
        _("The manufacturer has not declared how the tool explains its results."),
    )
    section.say(_("You stay responsible for the decision. Check each result against the patient."))
    return section


def _best_figures(assessment: Assessment) -> list[Any]:
    """Per kind of figure, the clinical study with the best level of evidence."""
    best: dict[str, Any] = {}
    for item in assessment.evidence:
        if item.dimension != "clinical" or texts.frequency(item) is None:
            continue
        kept = best.get(item.outcome_kind or "")
        if kept is None or (item.has_level or 9, -(item.sample_size or 0)) < (
            kept.has_level or 9,
            -(kept.sample_size or 0),
        ):
            best[item.outcome_kind or ""] = item
    return [best[kind] for kind in texts.FREQUENCY_KINDS if kind in best]


def _performance(system: AISystem, assessment: Assessment | None, locale: str) -> Section:
    section = Section("performance", _("How well it works"))
    if assessment is None:
        section.missing(_("No assessment is published yet: nobody has reviewed its evidence here."))
    else:
        figures = _best_figures(assessment)
        for item in figures:
            section.frequency(texts.frequency(item) or "", texts.study_source(item, locale))
        if not figures:
            section.missing(
                _("The published studies give no rate that reads as “out of 100 patients”.")
            )
        section.table = Table(
            (_("Benefit"), _("Grade"), _("What it means")),
            tuple(
                (
                    vocab.label(vocab.DIMENSIONS, dimension, locale),
                    vocab.label(vocab.GRADES, assessment.grade_for(dimension), locale)
                    or _("Not graded"),
                    texts.grade_meaning(assessment.grade_for(dimension)),
                )
                for dimension in vocab.DIMENSIONS
            ),
        )
        section.link(
            _("Read the assessment and its studies"),
            url_for("assessments.show", assessment_id=assessment.id, _external=True),
        )
    if system.performance_metric and system.performance_value is not None:
        section.quote(
            _("Performance declared by the manufacturer, not checked by the registry"),
            f"{system.performance_metric} {format_decimal(system.performance_value)}"
            + (f" — {system.performance_dataset}" if system.performance_dataset else ""),
        )
    section.link(
        _("How to read levels of evidence and grades (guide)"),
        url_for("guides.show", slug="evidence", _external=True),
    )
    return section


def _ai_act(system: AISystem, locale: str) -> Section:
    section = Section("ai_act", _("Its AI Act class, and what it means for you"))
    label = vocab.label(vocab.RISK_CLASSES, system.risk_class, locale)
    if system.risk_class:
        section.say(_("Class: %(label)s.", label=label))
    else:
        section.missing(_("The AI Act class could not be determined from the declaration."))
    for line in texts.class_meaning(system.risk_class):
        section.say(line)
    section.link(
        _("What this class means for professionals (guide)"),
        url_for(
            "guides.show",
            slug="ai-act",
            _anchor=(system.risk_class or "").replace("_", "-") or None,
            _external=True,
        ),
    )
    return section


def _training(system: AISystem, locale: str) -> Section:
    section = Section("training", _("Where to learn it"))
    if system.training_offered:
        hours = (
            _("%(hours)s hours", hours=format_decimal(system.training_hours))
            if system.training_hours
            else _("duration not declared")
        )
        section.say(_("The manufacturer offers a training course (%(hours)s).", hours=hours))
        section.link_or_missing(
            _("The manufacturer's training"),
            system.training_materials_url,
            _("The manufacturer has not given a link to its training."),
        )
    elif system.training_offered is False:
        section.missing(_("The manufacturer has declared that it offers no training."))
    else:
        section.missing(_("The manufacturer has not declared any training."))
    for offer in training.for_system(system.id):
        details = [vocab.label(vocab.TRAINING_FORMATS, offer.format, locale)]
        if offer.duration_hours:
            details.append(_("%(hours)s hours", hours=format_decimal(offer.duration_hours)))
        section.link(
            f"{offer.title} — {offer.provider} ({', '.join(details)})",
            url_for("training.show", slug=offer.slug, _external=True),
        )
    section.link(
        _("Every training offer, including general AI literacy"),
        url_for("training.index", _external=True),
    )
    return section


def _contact(system: AISystem, locale: str) -> Section:
    section = Section("contact", _("Whom to contact, and how to report a problem"))
    section.say(_("Manufacturer: %(name)s.", name=system.manufacturer.name))
    section.link_or_missing(
        _("The manufacturer's website"),
        system.manufacturer.website,
        _("The manufacturer has not given a website or contact in the registry."),
    )
    section.link_or_missing(
        _("The manufacturer's instructions for use"),
        system.ifu_url,
        _("The manufacturer has not given a link to its instructions for use."),
    )
    if system.is_medical_device:
        section.say(_("It is a medical device. Report a serious incident to the ANSM."))
        section.say(_("Tell your institution's materiovigilance contact person as well."))
        section.link(_("Report to the ANSM (national portal)"), ANSM_REPORTING)
    else:
        section.say(_("Report a problem to the manufacturer and to your institution."))
    section.say(_("Also follow your institution's procedure for adverse events."))
    section.link(
        _("How to report a problem (guide)"),
        url_for("guides.show", slug="reporting", _external=True),
    )
    return section


def build(slug: str, locale: str) -> Notice:
    """The notice of a published system in the reader's language (404 for any other system)."""
    system = published_system(slug)
    assessment = assessments.current(system.id)
    revision = revisions.latest_published(system)
    based = []
    if revision is not None and revision.published_at is not None:
        based.append(
            _(
                "Declaration: published revision %(number)s of %(date)s.",
                number=revision.number,
                date=format_date(revision.published_at, "long"),
            )
        )
    elif system.published_at is not None:
        based.append(
            _("Declaration published on %(date)s.", date=format_date(system.published_at, "long"))
        )
    if assessment is not None and assessment.published_at is not None:
        based.append(
            _(
                "Assessment published on %(date)s.",
                date=format_date(assessment.published_at, "long"),
            )
        )
    return Notice(
        language=locale,
        system_name=system.name,
        system_slug=system.slug,
        manufacturer=system.manufacturer.name,
        version=system.current_version or "",
        risk_class=vocab.label(vocab.RISK_CLASSES, system.risk_class, locale),
        based_on=" ".join(based),
        url=url_for("notices.show", slug=system.slug, _external=True),
        pdf_url=url_for("notices.pdf", slug=system.slug, _external=True),
        generated_at=utcnow(),
        sections=[
            _purpose(system, locale),
            _people(system, locale),
            _limits(system, locale),
            _oversight(system, locale),
            _performance(system, assessment, locale),
            _ai_act(system, locale),
            _training(system, locale),
            _contact(system, locale),
        ],
    )
