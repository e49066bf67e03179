"""flask --app wsgi … commands: demo, users."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from registry.extensions import db
from registry.services.errors import ValidationFailed
from registry.vocab import ROLES

demo_cli = AppGroup("demo", help="Fictional demonstration data.")
users_cli = AppGroup("users", help="Accounts.")


@demo_cli.command("load")
@click.option("--reset", is_flag=True, help="Wipe every table first.")
def demo_load(reset: bool) -> None:
    """Load the fictional demo registry (idempotent) and print the demo logins."""
    from registry import demo

    if reset:
        demo.wipe()
        click.echo("All tables wiped.")
    created = demo.load()
    counts = demo.counts()
    click.echo("Demo data " + ("loaded." if created else "already present: nothing changed."))
    for name, value in counts.items():
        click.echo(f"  {name:<24} {value}")
    click.echo(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
    for role, email in demo.DEMO_LOGINS:
        click.echo(f"  {role:<16} {email}")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--role", type=click.Choice(list(ROLES)), required=True)
@click.option("--organisation-id", type=int, default=None)
@click.password_option()
def users_create(
    email: str, display_name: str, role: str, organisation_id: int | None, password: str
) -> None:
    """Create an account."""
    from registry.services import users

    try:
        user = users.create(email, display_name, password, role, organisation_id, actor_label="cli")
    except ValidationFailed as error:
        for field, reasons in error.errors.items():
            click.echo(f"{field}: {', '.join(reasons)}", err=True)
        raise SystemExit(2) from error
    db.session.commit()
    click.echo(f"Created user {user.id} <{user.email}> ({user.role}).")


def init_app(app: Flask) -> None:
    """Attach the command groups."""
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
