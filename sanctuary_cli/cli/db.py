"""`sanctuary db`: set up, migrate, start/stop, back up and restore the database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import CsvOption, FormatOption, JsonOption, output_format

app = typer.Typer(
    help=GROUP_HELP["db"],
    no_args_is_help=True,
)


def say(message: str) -> None:
    """Progress and confirmations go to stderr, so stdout stays clean for data."""
    sys.stderr.write(message + "\n")


@app.command("init")
def db_init(
    ctx: typer.Context,
    demo: Annotated[bool, typer.Option("--demo", help="Load the demo practice too.")] = False,
) -> None:
    """Create (or update) the database and apply every migration.

    Example: sanctuary db init --demo
    """
    from sanctuary_cli.store import embedded
    from sanctuary_cli.store.migrate import migrate

    settings = app_context(ctx).settings
    if not settings.database_url:
        embedded.bootstrap(embedded.ensure_server(settings.data_dir))
    db = app_context(ctx).db(check_schema=False)
    applied = migrate(db)
    say(f"Schema up to date ({len(applied)} migration(s) applied).")
    if demo:
        from sanctuary_cli.store.demo import load_demo

        load_demo(db)
        say("Demo practice loaded (Dr. Sarah Johnson, 3 patients).")


@app.command("migrate")
def db_migrate(ctx: typer.Context) -> None:
    """Apply pending migrations.

    Example: sanctuary db migrate
    """
    from sanctuary_cli.store.migrate import migrate

    applied = migrate(app_context(ctx).db(check_schema=False))
    for m in applied:
        say(f"applied {m.name}")
    say(f"Schema up to date ({len(applied)} migration(s) applied).")


@app.command("status")
def db_status(
    ctx: typer.Context,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Show where the database is and which migrations are applied or pending.

    Example: sanctuary db status --json
    """
    from sanctuary_cli.cli.output import render
    from sanctuary_cli.store.config import mask_url
    from sanctuary_cli.store.migrate import migration_status

    app_ctx = app_context(ctx)
    settings = app_ctx.settings
    where = mask_url(settings.database_url) if settings.database_url else "embedded"
    db = app_ctx.db(check_schema=False)
    role = db.one("dbadmin.current_role_attributes")
    power = " (superuser: bypasses row-level security)" if role["rolsuper"] else ""
    say(f"Database: {where}, connected as {role['rolname']}{power}")
    rows = [vars(s) for s in migration_status(db)]
    render(
        rows,
        ["version", "name", "state", "applied_at"],
        output_format(fmt, csv, json),
        tz=settings.tz,
    )


@app.command("start")
def db_start(ctx: typer.Context) -> None:
    """Start the embedded server (commands also start it on first use).

    Example: sanctuary db start
    """
    from sanctuary_cli.store import embedded

    settings = app_context(ctx).settings
    _require_embedded(settings)
    server = embedded.ensure_server(settings.data_dir)
    say(f"Embedded PostgreSQL running (pid {server.pid}, socket in {server.socket_dir}).")


@app.command("stop")
def db_stop(ctx: typer.Context) -> None:
    """Stop the embedded server.

    Example: sanctuary db stop
    """
    from sanctuary_cli.store import embedded

    settings = app_context(ctx).settings
    _require_embedded(settings)
    if embedded.stop_server(settings.data_dir):
        say("Embedded PostgreSQL stopped.")
    else:
        say("Embedded PostgreSQL was not running.")


@app.command("url")
def db_url(ctx: typer.Context) -> None:
    """Print the database URL, password masked.

    Example: sanctuary db url
    """
    from sanctuary_cli.store import embedded
    from sanctuary_cli.store.config import mask_url

    settings = app_context(ctx).settings
    if settings.database_url:
        print(mask_url(settings.database_url))
        return
    server = embedded.ensure_server(settings.data_dir)
    print(
        f"postgresql://{embedded.OWNER_ROLE}@/{embedded.DATABASE}"
        f"?host={server.socket_dir}&port={server.port}"
    )


@app.command("shell")
def db_shell(ctx: typer.Context) -> None:
    """Open psql on the database (the system's psql when there is one).

    Example: sanctuary db shell
    """
    conninfo, env = _libpq_target(ctx)
    psql = shutil.which("psql") or str(_embedded_bin("psql"))
    raise typer.Exit(subprocess.call([psql, conninfo], env=env))


@app.command("backup")
def db_backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write the dump (pg_dump custom format).")],
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Restore the dump into a scratch database and compare every table with it.",
        ),
    ] = False,
) -> None:
    """Write the whole database to FILE (pg_dump custom format), atomically.

    Runs as a role that reads past row-level security: the embedded server's superuser, or
    SANCTUARY_BACKUP_DATABASE_URL.

    Example: sanctuary db backup ~/backups/sanctuary-$(date +%F).dump --verify
    """
    from sanctuary_cli.store.backup import write_backup

    report = write_backup(app_context(ctx).settings, file, verify=verify)
    say(f"Backup written to {file} ({len(report.tables)} tables, {report.row_count} rows).")
    if report.verified:
        chain = f"; {report.audit_chain}" if report.audit_chain else ""
        say(
            "Verified: restored into a scratch database, row counts and content digests of "
            f"every table match{chain}."
        )


@app.command("restore")
def db_restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A dump written by `sanctuary db backup`.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace the contents of a non-empty database.")
    ] = False,
) -> None:
    """Restore the database from FILE, in one transaction (all or nothing).

    Example: sanctuary db restore ~/backups/sanctuary-2026-11-25.dump --force
    """
    from sanctuary_cli.store.backup import restore_backup

    restore_backup(app_context(ctx).settings, file, force=force)
    say(f"Restored from {file}.")


def _require_embedded(settings) -> None:
    from sanctuary_cli.errors import UserError

    if settings.database_url:
        raise UserError("A database URL is set; the embedded server is not in use")


def _libpq_target(ctx: typer.Context) -> tuple[str, dict[str, str]]:
    """A conninfo without password for a child libpq program, the password in its env."""
    import psycopg

    from sanctuary_cli.store.db import describe_target, require_secure_transport

    settings = app_context(ctx).settings
    conninfo, _ = describe_target(settings)
    require_secure_transport(conninfo, settings)
    params = psycopg.conninfo.conninfo_to_dict(conninfo)
    env = dict(os.environ)
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = str(password)
    return psycopg.conninfo.make_conninfo(**params), env


def _embedded_bin(program: str) -> Path:
    from sanctuary_cli.store import embedded

    return embedded.bin_path(program)
