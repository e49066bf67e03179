"""Notifications: who is told what, in the application and by e-mail (docs/domain.md §14).

The services that change a system or an assessment call ``assessment_changed`` or
``system_reviewed`` before their one commit: the notifications are rows of the same
transaction, so a change and the news of it are written together or not at all. Each
recipient must be allowed to see the object (the policy is asked): nothing private reaches
someone who may not read it.

E-mail is off unless ``REGISTRY_SMTP_URL`` is set (``smtp://host:port``, ``smtps://…``, with an
optional ``user:password@``). The messages are written while the request runs and sent after
the commit, in a background thread: a slow or failing mail server never delays nor fails the
action (a failure is logged).
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from markupsafe import Markup
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from registry import vocab
from registry.clock import utcnow
from registry.extensions import db
from registry.models import AISystem, Assessment, Notification, User
from registry.services import policy
from registry.services.errors import NotFound
from registry.services.policy import Actor
from registry.services.transaction import writes
from registry.vocab import AssessmentStatus, NotificationKind, Role

log = logging.getLogger(__name__)

_ASSESSMENT_KINDS = {
    AssessmentStatus.REJECTED: NotificationKind.ASSESSMENT_RETURNED,
    AssessmentStatus.VALIDATED: NotificationKind.ASSESSMENT_VALIDATED,
    AssessmentStatus.PUBLISHED: NotificationKind.ASSESSMENT_PUBLISHED,
}
#: The permission a recipient needs to be told about an object.
_VIEW = {"assessments": "assessment.view", "ai_systems": "system.view_changes"}
_PENDING = "registry_pending_mail"  # key of Session.info: the mails of this transaction
#: The mails being sent (tests wait for them with ``wait_for_mail``).
_SENDING: list[threading.Thread] = []


@dataclass(frozen=True)
class Mail:
    """One message, written in the recipient's language, waiting for the commit."""

    to: str
    subject: str
    body: str
    smtp_url: str
    sender: str


# --- telling ---------------------------------------------------------------------------------


def assessment_changed(assessment: Assessment, status: str, actor: Actor) -> None:
    """An assessment was returned, validated or published: its evaluators are told; once
    published, the manufacturer's users too."""
    kind = _ASSESSMENT_KINDS.get(AssessmentStatus(status))
    if kind is None:
        return
    recipients: set[int | None] = {assessment.lead_evaluator_id}
    if kind == NotificationKind.ASSESSMENT_PUBLISHED:
        recipients |= {assessment.second_evaluator_id} | set(
            _organisation_users(assessment.system.manufacturer_id)
        )
    data = {"system": assessment.system.name, "assessment_id": assessment.id}
    _tell(recipients, kind, assessment, data, actor)


def system_reviewed(system: AISystem, kind: NotificationKind, actor: Actor) -> None:
    """A declaration, or its pending changes, was published or returned: the manufacturer's
    users are told."""
    data = {"system": system.name, "slug": system.slug}
    _tell(_organisation_users(system.manufacturer_id), kind, system, data, actor)


def _organisation_users(organisation_id: int | None) -> list[int]:
    if organisation_id is None:
        return []
    return list(
        db.session.scalars(
            select(User.id).where(
                User.organisation_id == organisation_id,
                User.role == Role.INDUSTRIAL,
                User.active.is_(True),
            )
        )
    )


def _tell(
    user_ids: Iterable[int | None],
    kind: NotificationKind,
    obj: Assessment | AISystem,
    data: Mapping[str, Any],
    actor: Actor,
) -> None:
    ids = {user_id for user_id in user_ids if user_id is not None and user_id != actor.id}
    if not ids:
        return
    object_type = "assessments" if isinstance(obj, Assessment) else "ai_systems"
    users = db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id))
    for user in users:
        if not policy.can(user, _VIEW[object_type], obj):
            continue  # never tell someone about what they may not read
        notification = Notification(
            user_id=user.id, kind=kind, object_type=object_type, object_id=obj.id, data=dict(data)
        )
        db.session.add(notification)
        _queue_mail(user, notification)


# --- e-mail ----------------------------------------------------------------------------------


def _queue_mail(user: User, notification: Notification) -> None:
    smtp_url = str(current_app.config.get("SMTP_URL") or "")
    if not smtp_url or not user.email:
        return
    try:
        with force_locale("fr"):  # the registry's language; users have no language of their own
            link = target(notification, external=True) if has_request_context() else ""
            title = vocab.label(vocab.NOTIFICATION_KINDS, notification.kind, "fr")
            # the sentence is rendered HTML (escaped names): the mail is plain text
            text = Markup(sentence(notification)).striptags()  # noqa: S704
            body = render_template("notifications/mail.txt", sentence=text, link=link, user=user)
    except Exception:  # noqa: BLE001 — a mail we cannot write must not fail the action
        log.exception("Notification e-mail not written")
        return
    sender = str(current_app.config["MAIL_FROM"])
    mail = Mail(user.email, f"Registre IA Santé — {title}", body, smtp_url, sender)
    db.session.info.setdefault(_PENDING, []).append(mail)


def _after_commit(session: Session) -> None:
    mails = session.info.pop(_PENDING, [])
    if mails:
        thread = threading.Thread(target=_send_all, args=(mails,), daemon=True)
        _SENDING.append(thread)
        thread.start()


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)  # nothing was changed: nobody is told


def _send_all(mails: list[Mail]) -> None:
    for mail in mails:
        try:
            send(mail)
        except Exception:  # noqa: BLE001 — logged; the action is done whatever the mail does
            log.exception("Notification e-mail to %s not sent", mail.to)


def send(mail: Mail) -> None:
    """Send one message through the configured server (10 s at most per step)."""
    parts = urlsplit(mail.smtp_url)
    message = EmailMessage()
    message["From"] = mail.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    client = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
    default_port = 465 if parts.scheme == "smtps" else 25
    with client(parts.hostname or "localhost", parts.port or default_port, timeout=10) as smtp:
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(message)


def wait_for_mail(timeout: float = 10) -> None:
    """Wait until the mails queued so far are sent or given up (tests, the CLI)."""
    while _SENDING:
        _SENDING.pop().join(timeout)


def init_app() -> None:
    """Send the mails of a transaction once it is committed (registered once per process)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)


# --- reading ---------------------------------------------------------------------------------


def unread_count(actor: Actor) -> int:
    """How many notifications the actor has not opened (the header's counter)."""
    if not actor.is_authenticated:
        return 0
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        )
        or 0
    )


def mine(actor: Actor, limit: int = 100) -> list[Notification]:
    """The actor's notifications, newest first."""
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == actor.id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


@writes
def open_notification(notification_id: int, actor: Actor) -> str:
    """Mark one of the actor's notifications read; the address of what it is about."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != actor.id:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return target(notification)


@writes
def mark_all_read(actor: Actor) -> None:
    """Mark every notification of the actor read."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.flush()


def target(notification: Notification, *, external: bool = False) -> str:
    """The page a notification is about."""
    if notification.object_type == "assessments":
        return url_for("assessments.show", assessment_id=notification.object_id, _external=external)
    return url_for("systems.show", slug=notification.data.get("slug", ""), _external=external)


def sentence(notification: Notification) -> str:
    """What happened, in the reader's language (the texts are in the template)."""
    return render_template("notifications/_sentence.html", notification=notification).strip()
