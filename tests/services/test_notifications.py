"""Notifications: who is told what, the header's counter, opening one, and e-mail through a
local SMTP server (never blocking the action)."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from typing import Any

import pytest

from registry.extensions import db as _db
from registry.models import Notification
from registry.services import assessments, evidence, notifications, publication
from tests.factories import OrganisationFactory, SystemFactory, UserFactory
from tests.helpers import admin_user, complete_system, sign_in
from tests.services.test_assessments import COMPLETE, STUDY


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: every message received is kept on the server."""

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        lines: list[bytes] = []
        in_data = False
        while line := self.rfile.readline():
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    self.server.messages.append(b"".join(lines))  # type: ignore[attr-defined]
                    lines, in_data = [], False
                    self.wfile.write(b"250 OK\r\n")
                else:
                    lines.append(line)
                continue
            verb = line[:4].upper()
            if verb == b"DATA":
                in_data = True
                self.wfile.write(b"354 go on\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


@pytest.fixture
def smtp_server(app, monkeypatch) -> Iterator[Any]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{server.server_address[1]}")
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def maker():
    return OrganisationFactory(name="Fabricant notifié")


@pytest.fixture
def owner(maker):
    return UserFactory(role="industrial", organisation=maker, email="owner@test.example")


def _kinds(user) -> list[str]:
    return [
        n.kind for n in _db.session.scalars(_db.select(Notification).filter_by(user_id=user.id))
    ]


def test_a_returned_assessment_is_told_to_its_author_and_read_when_opened(app, maker) -> None:
    author = UserFactory(role="evaluator", organisation=None)
    reviewer = UserFactory(role="evaluator", organisation=None)
    system = SystemFactory(manufacturer=maker, status="published")
    assessment = assessments.create(system, {}, author)
    evidence.add_evidence(assessment, STUDY, author)
    assessments.update(assessment, COMPLETE, author)
    assessments.submit(assessment, author)
    assessments.reject(assessment, "Ajoutez l’étude pivot.", reviewer)
    assert _kinds(author) == ["assessment_returned"] and _kinds(reviewer) == []
    browser = sign_in(app, author)
    page = browser.get("/systems?lang=fr").get_data(as_text=True)
    assert 'id="notifications-count">1<' in page
    listing = browser.get("/notifications?lang=fr").get_data(as_text=True)
    assert f"Votre évaluation de {system.name} vous a été renvoyée" in listing
    notification = _db.session.scalar(_db.select(Notification).filter_by(user_id=author.id))
    opened = browser.get(f"/notifications/{notification.id}")
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith(f"/assessments/{assessment.id}")
    assert 'id="notifications-count"' not in browser.get("/systems").get_data(as_text=True)
    # another user's notification is not found
    other = sign_in(app, reviewer)
    assert other.get(f"/notifications/{notification.id}").status_code == 404


def test_validation_is_told_to_the_author_only_publication_to_the_manufacturer_too(
    maker, owner
) -> None:
    author = UserFactory(role="evaluator", organisation=None)
    reviewer = UserFactory(role="evaluator", organisation=None)
    system = SystemFactory(manufacturer=maker, status="published")
    assessment = assessments.create(system, {}, author)
    evidence.add_evidence(assessment, STUDY, author)
    assessments.update(assessment, COMPLETE, author)
    assessments.submit(assessment, author)
    assessments.validate(assessment, reviewer)
    # the manufacturer may not read an unpublished assessment: not told
    assert _kinds(author) == ["assessment_validated"] and _kinds(owner) == []
    assessments.publish(assessment, reviewer)
    assert _kinds(owner) == ["assessment_published"]
    assert "assessment_published" in _kinds(author) and _kinds(reviewer) == []  # the actor


def test_declaration_published_returned_and_changes_reviewed_are_told_to_its_owners(
    maker, owner
) -> None:
    admin = admin_user()
    outsider = UserFactory(role="industrial", organisation=OrganisationFactory())
    system = complete_system(status="submitted", manufacturer=maker)
    publication.send_back(system, "Précisez la population cible.", admin)
    assert _kinds(owner) == ["system_returned"]
    publication.submit(system, owner)
    publication.publish(system, admin)
    assert _kinds(owner) == ["system_returned", "system_published"]
    assert _kinds(outsider) == [] and _kinds(admin) == []


def test_an_email_is_sent_when_a_server_is_set(app, maker, owner, smtp_server) -> None:
    system = complete_system(status="submitted", manufacturer=maker)
    with app.test_request_context("/"):  # as in a request: the mail links to the page
        publication.publish(system, admin_user())
    notifications.wait_for_mail()
    assert len(smtp_server.messages) == 1
    message = message_from_bytes(smtp_server.messages[0])
    assert message["To"] == "owner@test.example"
    assert "Déclaration publiée" in str(make_header(decode_header(message["Subject"])))
    body = message.get_payload(decode=True).decode()
    assert system.name in body and f"/systems/{system.slug}" in body


def test_a_failing_mail_server_does_not_fail_the_action(app, maker, owner, monkeypatch) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{port}")
    system = complete_system(status="submitted", manufacturer=maker)
    publication.publish(system, admin_user())
    notifications.wait_for_mail()
    assert system.status == "published" and _kinds(owner) == ["system_published"]


def test_no_email_without_a_server(maker, owner, monkeypatch) -> None:
    sent: list[Any] = []
    monkeypatch.setattr(notifications, "send", sent.append)
    system = complete_system(status="submitted", manufacturer=maker)
    publication.publish(system, admin_user())
    notifications.wait_for_mail()
    assert sent == [] and _kinds(owner) == ["system_published"]
