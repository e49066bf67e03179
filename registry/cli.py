"""flask --app wsgi … commands: demo, users, tokens, import, bench, backup, restore."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from registry.extensions import db
from registry.models import User
from registry.services.errors import ValidationFailed
from registry.services.transaction import command as one_transaction
from registry.vocab import ROLES

demo_cli = AppGroup("demo", help="Fictional demonstration data.")
users_cli = AppGroup("users", help="Accounts.")


@demo_cli.command("load")
@click.option("--reset", is_flag=True, help="Wipe every table first.")
@one_transaction
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
@one_transaction
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
    click.echo(f"Created user {user.id} <{user.email}> ({user.role}).")


def _account(email: str) -> User:
    from sqlalchemy import select

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account with the e-mail {email}.")
    return user


@users_cli.command("deactivate")
@click.option("--email", required=True)
@one_transaction
def users_deactivate(email: str) -> None:
    """Close an account: its sessions end and its API tokens are revoked at once."""
    from registry.services import users

    user = users.deactivate(_account(email), None, actor_label="cli")
    click.echo(f"Deactivated user {user.id} <{user.email}>.")


@users_cli.command("role")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice([str(role) for role in ROLES]), required=True)
@one_transaction
def users_role(email: str, role: str) -> None:
    """Give an account another role: its sessions end; its tokens too if the role has none."""
    from registry.services import users

    user = users.change_role(_account(email), role, None, actor_label="cli")
    click.echo(f"User {user.id} <{user.email}> is now {user.role}.")


def init_app(app: Flask) -> None:
    """Attach the command groups."""
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(import_cli)
    app.cli.add_command(tokens_cli)
    app.cli.add_command(bench_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(search_cli)


tokens_cli = AppGroup("tokens", help="Personal API tokens.")


@tokens_cli.command("create")
@click.option("--email", required=True, help="Owner of the token.")
@click.option("--name", default="cli", show_default=True)
@click.option("--scopes", default="read", show_default=True, help="read, write or read,write")
@click.option("--days", type=click.Choice(["30", "90", "365"]), default="30", show_default=True)
@one_transaction
def tokens_create(email: str, name: str, scopes: str, days: str) -> None:
    """Create a token for an account and print it once."""
    from sqlalchemy import select

    from registry.models import User
    from registry.services import tokens

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account with the e-mail {email}.")
    try:
        clear, _token = tokens.create(user, name, scopes.split(","), int(days))
    except ValidationFailed as error:
        raise click.ClickException(str(error.errors)) from error
    click.echo(clear)


import_cli = AppGroup(
    "import", help="Bulk imports: declarations (CSV), FDA AI-enabled device list."
)


@import_cli.command("declarations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", "organisation_id", type=int, required=True, help="Organisation id.")
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--valid-only", is_flag=True, help="Import the valid rows even when others fail.")
def import_declarations(file: Path, organisation_id: int, dry_run: bool, valid_only: bool) -> None:
    """Import declarations (drafts of the organisation) from a CSV file; prints a report."""
    from registry.services.errors import NotFound
    from registry.services.imports import csvutil, declarations

    started = time.perf_counter()
    try:
        report = declarations.run(
            file.read_bytes(),
            organisation_id=organisation_id,
            filename=file.name,
            dry_run=dry_run,
            valid_only=valid_only,
        )
    except csvutil.FileProblem as problem:
        raise click.ClickException(str(problem.message)) from problem
    except NotFound as error:
        raise click.ClickException(f"No organisation with id {organisation_id}.") from error
    for row in report.file_problems + report.problems:
        value = f" [{row.value}]" if row.value else ""
        click.echo(
            f"line {row.line}, column {row.column or '-'}{value}: {row.reason}",
            err=True,
        )
    counts = report.counts
    click.echo(
        f"{file.name}: created {counts['created']}, updated {counts['updated']}, "
        f"unchanged {counts['unchanged']}, invalid {counts['invalid']} "
        f"({time.perf_counter() - started:.1f} s)."
    )
    if report.written:
        click.echo("Written.")
    elif report.blocked:
        click.echo("Nothing written: correct the rows above, or use --valid-only.", err=True)
        raise SystemExit(1)
    else:
        click.echo("Nothing written" + (" (dry run)." if dry_run else ": nothing to change."))


@import_cli.command("fda")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Read and report; write nothing.")
def import_fda(file: Path, dry_run: bool) -> None:
    """Import the FDA AI-enabled device list (CSV) as published catalogue entries."""
    from registry.services.imports import csvutil, fda

    try:
        report = fda.run(file.read_bytes(), dry_run=dry_run)
    except csvutil.FileProblem as problem:
        raise click.ClickException(str(problem.message)) from problem
    for issue in report.skipped:
        click.echo(f"line {issue.line}: skipped: {issue.reason}", err=True)
    for issue in report.warnings:
        click.echo(f"line {issue.line}: warning: {issue.reason}", err=True)
    click.echo(
        f"{file.name}: {report.rows} rows — created {report.created}, updated {report.updated}, "
        f"unchanged {report.unchanged}, skipped {len(report.skipped)}, "
        f"warnings {len(report.warnings)}; organisations created "
        f"{report.organisations_created}; {report.seconds:.1f} s"
        + (" (dry run: nothing written)." if dry_run else ".")
    )


bench_cli = AppGroup("bench", help="Synthetic data for the performance benchmark (make bench).")


@bench_cli.command("seed")
@click.option("--systems", type=click.IntRange(min=1), default=10_000, show_default=True)
@click.option("--evidence", type=click.IntRange(min=0), default=100_000, show_default=True)
@click.option("--seed", "random_seed", type=int, default=2026, show_default=True)
@click.option("--if-empty", is_flag=True, help="Skip quietly (exit 0) when the database has rows.")
def bench_seed(systems: int, evidence: int, random_seed: int, if_empty: bool) -> None:
    """Fill an EMPTY database with a synthetic registry, in bulk (no audit events)."""
    from registry.demo import bulk, scale

    try:
        report = scale.seed(systems, evidence, random_seed, progress=click.echo)
    except scale.NotEmpty as error:
        if if_empty:
            counts = bulk.table_counts()
            click.echo(
                f"Database not empty ({counts['ai_systems']} systems, "
                f"{counts['evidence_items']} evidence items): seeding skipped."
            )
            return
        raise click.ClickException(str(error)) from error
    click.echo(f"Synthetic registry generated in {report.seconds:.1f} s (fictional data):")
    for line in scale.describe(report):
        click.echo(line)
    click.echo(f"Bench accounts: *@{scale.BENCH_DOMAIN}, password {scale.BENCH_PASSWORD}")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Write every table to FILE (gzip'ed JSON Lines), a portable and consistent copy."""
    from registry import backup

    header = backup.dump(file)
    total = sum(header["tables"].values())
    click.echo(
        f"Backup written to {file}: {total} rows in {len(header['tables'])} tables, "
        f"database revision {header['alembic_revision']}."
    )


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Delete every row of a non-empty database first.")
@with_appcontext
def restore_command(file: Path, force: bool) -> None:
    """Load a backup FILE into this database, in one transaction (all or nothing)."""
    from registry import backup

    try:
        counts = backup.restore(file, force=force)
    except backup.BackupError as error:
        click.echo(f"Restore refused, nothing was changed: {error}", err=True)
        raise SystemExit(2) from error
    click.echo(f"Restored {sum(counts.values())} rows from {file}:")
    for name, value in counts.items():
        click.echo(f"  {name:<24} {value}")


search_cli = AppGroup("search", help="The search index (docs/architecture.md §15).")


@search_cli.command("rebuild")
@one_transaction
def search_rebuild() -> None:
    """Index every public system again (after a bulk load or a change of the vocabulary)."""
    from registry.extensions import db
    from registry.services.search import index

    started = time.perf_counter()
    count = index.rebuild(db.session)
    click.echo(f"Search index rebuilt: {count} systems ({time.perf_counter() - started:.1f} s).")
