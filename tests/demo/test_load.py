"""The demo loader: enough realistic data, idempotent, resettable, logins printed."""

from __future__ import annotations

from registry import demo, vocab
from registry.demo import DEMO_LOGINS, DEMO_PASSWORD


def test_demo_load_meets_the_promised_counts(app) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    counts = demo.counts()
    assert counts["systems"] >= 40
    assert counts["manufacturers"] >= 8
    assert counts["specialties"] >= 12
    assert counts["risk classes"] == len(vocab.RISK_CLASSES)
    assert counts["evidence items"] >= 150
    assert counts["study designs"] == len(vocab.STUDY_DESIGNS)
    assert counts["assessment statuses"] == len(vocab.ASSESSMENT_STATUSES)
    assert counts["deployments"] > 0 and counts["interest declarations"] > 0
    assert counts["audit events"] >= counts["systems"] + counts["evidence items"]
    for role in vocab.ROLES:
        assert any(r == role for r, _email in DEMO_LOGINS)
    for _role, email in DEMO_LOGINS:
        assert email in result.output
    assert DEMO_PASSWORD in result.output


def test_demo_load_twice_leaves_the_same_counts(app) -> None:
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    first = demo.counts()
    second_run = runner.invoke(args=["demo", "load"])
    assert second_run.exit_code == 0
    assert "nothing changed" in second_run.output
    assert demo.counts() == first


def test_demo_reset_wipes_and_reloads(app) -> None:
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    first = demo.counts()
    result = runner.invoke(args=["demo", "load", "--reset"])
    assert result.exit_code == 0 and "wiped" in result.output
    assert demo.counts() == first


def test_demo_accounts_can_sign_in(app, client) -> None:
    app.test_cli_runner().invoke(args=["demo", "load"])
    _role, email = DEMO_LOGINS[0]
    response = client.post("/auth/login", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "Inès" in client.get("/").get_data(as_text=True)


def test_demo_catalogue_is_browsable(app, client) -> None:
    app.test_cli_runner().invoke(args=["demo", "load"])
    html = client.get("/systems?specialty=radiology").get_data(as_text=True)
    assert "(fictif)" in html
    assert client.get("/").status_code == 200
