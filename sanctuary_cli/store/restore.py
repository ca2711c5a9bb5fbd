"""Restores: a backup written by `sanctuary db backup` opened (store/sealing.py) and put back in
one transaction, all or nothing, through pg_restore (or psql, for a server older than the
bundled tools); then the clinicians' login roles it names are recreated or listed. The dump is
handed to the tools on a pipe: decrypted, it never touches the disk."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.config import mask_url
from sanctuary_cli.store.db import named_query
from sanctuary_cli.store.digests import table_digests
from sanctuary_cli.store.pg_tools import (
    Target,
    backup_target,
    rls_hint,
    role_attributes,
    tool_output,
    tools_major,
)
from sanctuary_cli.store.roles import ensure_group_roles, restore_login_roles
from sanctuary_cli.store.sealing import unseal

if TYPE_CHECKING:  # the model would import pydantic-settings; any settings object will do
    from sanctuary_cli.store.config import ResolvedSettings as Settings

# A database with rows in any of these holds a practice (reference rows seeded by migrations,
# such as session types, do not count).
PRACTICE_TABLES = frozenset(
    {"therapists", "patients", "appointments", "session_notes", "financial_records", "audit_log"}
)


@dataclass
class RestoreReport:
    """Login roles the restored data names: recreated (with a new password) or still missing."""

    recreated: list[tuple[str, str, str]] = field(default_factory=list)  # role, email, password
    missing: list[tuple[str, str]] = field(default_factory=list)  # role, email


def restore_backup(
    settings: Settings,
    file: Path,
    *,
    force: bool = False,
    identity: Path | None = None,
    passphrase: str | None = None,
) -> RestoreReport:
    """Restore FILE in one transaction; a database holding data is replaced only with force."""
    if not file.is_file():
        raise UserError(f"No backup file at {file}")
    if not os.access(file, os.R_OK):
        raise UserError(f"Cannot read the backup file {file}")
    dump = unseal(file.read_bytes(), identity=identity, passphrase=passphrase)
    if not settings.database_url:
        # A new machine: the embedded server and its empty database, as `db init` makes them,
        # so that restoring is the one step of moving a practice to it.
        from sanctuary_cli.store import embedded

        embedded.bootstrap(embedded.ensure_server(settings.data_dir))
    target = backup_target(settings)
    tool_output("pg_restore", ["--list"], target, f"{file} is not a Sanctuary backup", stdin=dump)
    with target.connect() as conn:
        superuser = role_attributes(conn)["superuser"]
        tables = table_digests(conn)
        conn.rollback()
    holds_data = any(t.row_count for t in tables if t.table.split(".")[-1] in PRACTICE_TABLES)
    if holds_data and not force:
        raise UserError("The database is not empty; use --force to replace its contents")
    ensure_roles_as_the_application(settings)
    with target.connect() as conn:
        ensure_group_roles(conn)  # a fresh cluster has not run migration 0040's roles yet
        conn.commit()
    options = ["--clean", "--if-exists"] if tables else []
    if not superuser:
        options.append("--no-owner")
    restore_into(target, options, dump, "pg_restore failed, nothing changed")
    report = RestoreReport()
    with target.connect() as conn:
        report.recreated, report.missing = restore_login_roles(conn)
        if not superuser:  # --no-owner gave the restoring role the search functions too
            conn.execute(named_query("backup.hand_searches_back"))
        conn.commit()
    return report


def ensure_roles_as_the_application(settings: Settings) -> None:
    """The group and search roles of a fresh cluster, made by the application's own role when
    it may create roles: on PostgreSQL 16+ only a role's creator (or a superuser) may grant it,
    and later migrations hand the search functions to the search role through such a grant
    (migrations 0122 and 0126). Made by the restoring superuser instead, they would leave
    those migrations the slower SECURITY INVOKER searches. Anything that fails here is left to
    the restoring role (the caller makes what is still missing)."""
    import psycopg

    from sanctuary_cli.errors import SanctuaryError
    from sanctuary_cli.store.db import describe_target, require_secure_transport

    with contextlib.suppress(psycopg.Error, SanctuaryError):
        conninfo, _ = describe_target(settings)
        require_secure_transport(conninfo, settings)
        with psycopg.connect(conninfo, connect_timeout=10) as conn:
            ensure_group_roles(conn)
            conn.commit()


def restore_into(target: Target, options: list[str], dump: bytes, failure: str) -> None:
    """pg_restore DUMP into TARGET's database in one transaction: all of it or nothing.

    The bundled tools are PostgreSQL 18's. A server older than them rejects settings their
    archives set (transaction_timeout, new in 17), so for an older server pg_restore writes the
    SQL, the SET lines the server does not know are dropped, and psql runs it in one transaction.
    """
    with target.connect() as conn:
        server_major = conn.info.server_version // 10000
        known = {row[0] for row in conn.execute("select name from pg_catalog.pg_settings")}
        conn.rollback()
    if server_major >= tools_major():
        tool_output(
            "pg_restore",
            ["--single-transaction", "--exit-on-error", *options, f"--dbname={target.conninfo}"],
            target,
            failure,
            stdin=dump,
        )
    else:
        _restore_through_psql(target, options, dump, failure, known)


_SET_LINE = re.compile(r"^SET (\w+) = ")


def _restore_through_psql(
    target: Target, options: list[str], dump: bytes, failure: str, known: set[str]
) -> None:
    import tempfile

    from sanctuary_cli.store import embedded

    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        producer = subprocess.Popen(
            [str(embedded.bin_path("pg_restore")), *options, "--file=-"],
            env=target.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=restore_err,
        )
        consumer = subprocess.Popen(
            [
                str(embedded.bin_path("psql")), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "--single-transaction", "-d", target.conninfo,
            ],
            env=target.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_err,
        )  # fmt: skip
        feeder = threading.Thread(target=_feed, args=(producer.stdin, dump), daemon=True)
        feeder.start()
        try:
            for line in producer.stdout:
                setting = _SET_LINE.match(line.decode("utf-8", "replace"))
                if setting and setting.group(1) not in known:
                    continue
                consumer.stdin.write(line)
        except BrokenPipeError:
            pass  # psql stopped at an error; its message says which
        finally:
            producer.stdout.close()
            with contextlib.suppress(BrokenPipeError):
                consumer.stdin.close()
        produced, consumed = producer.wait(), consumer.wait()
        feeder.join()
        for code, err in ((consumed, psql_err), (produced, restore_err)):
            if code != 0:
                err.seek(0)
                lines = [x for x in err.read().decode("utf-8", "replace").splitlines() if x.strip()]
                detail = mask_url(lines[0]) if lines else "no output"
                detail = re.sub(r"^(psql|pg_restore):\s*(error:\s*)?", "", detail)
                detail = re.sub(r"^[^:]*:\d+: ERROR:\s*", "", detail)
                raise UserError(f"{failure}: {rls_hint(detail)}")


def _feed(pipe, data: bytes) -> None:
    """Write the dump to pg_restore's stdin from a thread, while the caller reads its stdout."""
    with contextlib.suppress(BrokenPipeError, OSError):
        pipe.write(data)
        pipe.close()
