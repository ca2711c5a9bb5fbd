"""`sanctuary db`: set up, migrate, start/stop, back up and restore the database.

Every message here goes to stderr (messages.say): they report on the database itself, so
stdout stays clean for data (`db status` rows, the `db url` line).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sanctuary_cli.cli.context import app_context
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.messages import say, warn
from sanctuary_cli.cli.options import Listing, listing_options

app = typer.Typer(help=GROUP_HELP["db"], no_args_is_help=True)

STATUS_COLUMNS = ["version", "name", "state", "applied_at"]


@app.command("init")
def db_init(
    ctx: typer.Context,
    demo: Annotated[bool, typer.Option("--demo", help="Load the demo practice too.")] = False,
) -> None:
    """Create (or update) the database and apply every migration.

    Example: sanctuary db init --demo
    """
    from sanctuary_cli.store.admin import init_database

    app_ctx = app_context(ctx)
    done = init_database(app_ctx.settings, lambda: app_ctx.db(check_schema=False), demo=demo)
    say(f"Schema up to date ({len(done.applied)} migration(s) applied).")
    if demo and done.demo_loaded:
        say(
            "Demo practice loaded (Dr. Sarah Johnson, 3 patients; times in "
            f"{app_ctx.settings.timezone})."
        )
    elif demo:
        say("The demo practice was already there; nothing was loaded.")


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
@listing_options()
def db_status(ctx: typer.Context, listing: Listing) -> None:
    """Show where the database is and which migrations are applied or pending.

    Example: sanctuary db status --json
    """
    from sanctuary_cli.store.admin import database_status

    status = database_status(app_context(ctx).db(check_schema=False))
    power = " (superuser: bypasses row-level security)" if status.superuser else ""
    say(f"Database: {status.where}, connected as {status.role}{power}")
    listing.show(status.migrations, STATUS_COLUMNS)


@app.command("start")
def db_start(ctx: typer.Context) -> None:
    """Start the embedded server (commands also start it on first use).

    Example: sanctuary db start
    """
    from sanctuary_cli.store.admin import start_embedded

    server = start_embedded(app_context(ctx).settings)
    say(f"Embedded PostgreSQL running (pid {server.pid}, socket in {server.socket_dir}).")


@app.command("stop")
def db_stop(ctx: typer.Context) -> None:
    """Stop the embedded server.

    Example: sanctuary db stop
    """
    from sanctuary_cli.store.admin import stop_embedded

    if stop_embedded(app_context(ctx).settings):
        say("Embedded PostgreSQL stopped.")
    else:
        say("Embedded PostgreSQL was not running.")


@app.command("url")
def db_url(ctx: typer.Context) -> None:
    """Print the database URL, password masked.

    Example: sanctuary db url
    """
    from sanctuary_cli.cli.messages import result
    from sanctuary_cli.store.admin import database_url

    result(database_url(app_context(ctx).settings))


@app.command("shell")
def db_shell(ctx: typer.Context) -> None:
    """Open psql on the database (the system's psql when there is one).

    Example: sanctuary db shell
    """
    from sanctuary_cli.store.admin import run_psql

    raise typer.Exit(run_psql(app_context(ctx).settings))


@app.command("backup")
def db_backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write the backup (age-encrypted).")],
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Restore the dump into a scratch database and compare every table with it.",
        ),
    ] = False,
    recipient: Annotated[
        list[str] | None,
        typer.Option("--recipient", help="Encrypt to this age public key (age1...); repeatable."),
    ] = None,
    plaintext: Annotated[
        bool, typer.Option("--plaintext", help="Write the dump unencrypted (not advised).")
    ] = False,
) -> None:
    """Write the whole database to FILE, encrypted (age), atomically and readable by you only.

    Encrypted to --recipient keys, or with the passphrase from SANCTUARY_BACKUP_PASSPHRASE
    (asked for on a terminal). Runs as a role that reads past row-level security: the embedded
    server's superuser, or SANCTUARY_BACKUP_DATABASE_URL.

    Example: sanctuary db backup ~/backups/sanctuary-$(date +%F).age --recipient age1...
    """
    from sanctuary_cli.cli.prompts import backup_passphrase
    from sanctuary_cli.store.backup import write_backup
    from sanctuary_cli.store.sealing import checked_sealing

    settings = app_context(ctx).settings
    passphrase = settings.backup_passphrase
    if not (recipient or plaintext or passphrase):
        passphrase = backup_passphrase(confirm=True)
    sealing = checked_sealing(recipient, passphrase, plaintext)
    report = write_backup(settings, file, sealing=sealing, verify=verify)
    say(
        f"Backup written to {file} ({len(report.tables)} tables, {report.row_count} rows, "
        f"{sealing.describe()})."
    )
    if report.verified:
        chain = f"; {report.audit_chain}" if report.audit_chain else ""
        say(
            "Verified: restored into a scratch database, row counts and content digests of "
            f"every table match{chain}."
        )


@app.command("restore")
def db_restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup written by `sanctuary db backup`.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace the contents of a non-empty database.")
    ] = False,
    identity: Annotated[
        Path | None,
        typer.Option("--identity", help="age identity file (AGE-SECRET-KEY-1...) to decrypt."),
    ] = None,
) -> None:
    """Restore the database from FILE in one transaction (all or nothing), then the logins.

    Decrypts with --identity, or with SANCTUARY_BACKUP_PASSPHRASE (asked for on a terminal).
    Clinicians' login roles the data names are recreated with new passwords, shown once.

    Example: sanctuary db restore ~/backups/sanctuary-2026-11-25.age --identity ~/.age/key.txt
    """
    from sanctuary_cli.cli.prompts import backup_passphrase
    from sanctuary_cli.store.restore import restore_backup
    from sanctuary_cli.store.sealing import is_sealed

    settings = app_context(ctx).settings
    passphrase = settings.backup_passphrase
    if identity is None and not passphrase and file.is_file():
        with file.open("rb") as handle:
            if is_sealed(handle.read(32)):
                passphrase = backup_passphrase(confirm=False)
    report = restore_backup(settings, file, force=force, identity=identity, passphrase=passphrase)
    say(f"Restored from {file}.")
    for role, email, password in report.recreated:
        say(
            f"Recreated the login role {role} for {email}: password {password} "
            "(shown once; give it to them, or set a new one)"
        )
    for role, email in report.missing:
        warn(
            f"the login role {role} of {email} is not in this cluster and could not be "
            "created here (needs CREATEROLE); create it, or they cannot log in"
        )
