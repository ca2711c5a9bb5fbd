"""Backups: pg_dump / pg_restore with a role that reads past row-level security, and a verify.

A backup must hold every row, so it runs as a role that bypasses row-level security: the
embedded cluster's superuser (cluster maintenance), or SANCTUARY_BACKUP_DATABASE_URL for a
remote server (a superuser or BYPASSRLS role). `--verify` restores the dump into a scratch
database and compares every table's row count and content digest with the snapshot the dump
was taken from, then checks the audit chain of the copy when the schema has one.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import uuid
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from sanctuary_cli.errors import DatabaseUnavailable, UserError
from sanctuary_cli.store.config import Settings, mask_url
from sanctuary_cli.store.db import named_query, require_secure_transport

# Text forms of values (and so the digests) depend on these; both sides use the same.
# A database with rows in any of these holds a practice (reference rows seeded by migrations,
# such as session types, do not count).
PRACTICE_TABLES = frozenset(
    {"therapists", "patients", "appointments", "session_notes", "financial_records", "audit_log"}
)
_DIGEST_SETTINGS = {"TimeZone": "UTC", "DateStyle": "ISO, YMD", "extra_float_digits": "3"}


@dataclass(frozen=True)
class TableDigest:
    table: str
    row_count: int
    digest: str


@dataclass
class BackupReport:
    file: Path
    tables: list[TableDigest] = field(default_factory=list)
    verified: bool = False
    audit_chain: str | None = None  # what verify found; None when the schema has no audit log

    @property
    def row_count(self) -> int:
        return sum(t.row_count for t in self.tables)


@dataclass(frozen=True)
class Target:
    """A libpq conninfo without password, the environment carrying the password, a label."""

    conninfo: str
    env: dict[str, str]
    where: str

    def params(self) -> dict[str, Any]:
        return psycopg.conninfo.conninfo_to_dict(self.conninfo)

    def with_dbname(self, dbname: str) -> Target:
        return Target(
            psycopg.conninfo.make_conninfo(**{**self.params(), "dbname": dbname}),
            self.env,
            self.where,
        )

    def connect(self) -> psycopg.Connection:
        password = self.env.get("PGPASSWORD")
        extra = {"password": password} if password else {}
        try:
            return psycopg.connect(
                self.conninfo, prepare_threshold=None, connect_timeout=10, **extra
            )
        except psycopg.OperationalError as exc:
            from sanctuary_cli.store.db import connection_failure_cause

            raise DatabaseUnavailable(
                f"Cannot connect to the database at {self.where}: {connection_failure_cause(exc)}"
            ) from None


def backup_target(settings: Settings) -> Target:
    """Where backups read from and restores write to (a role that bypasses RLS)."""
    from sanctuary_cli.store import embedded

    url = settings.backup_database_url or settings.database_url
    if url:
        require_secure_transport(url, settings)
        try:
            params = psycopg.conninfo.conninfo_to_dict(url)
        except psycopg.ProgrammingError:
            raise DatabaseUnavailable(f"Invalid database URL: {mask_url(url)}") from None
        where = str(params.get("host") or "localhost")
    else:
        server = embedded.ensure_server(settings.data_dir)
        params = psycopg.conninfo.conninfo_to_dict(
            server.conninfo(embedded.SUPERUSER, embedded.DATABASE)
        )
        where = f"the embedded server in {embedded.pgdata_dir(settings.data_dir)}"
    env = dict(os.environ)
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = str(password)
    return Target(psycopg.conninfo.make_conninfo(**params), env, where)


def write_backup(settings: Settings, file: Path, *, verify: bool = False) -> BackupReport:
    """Dump the database to FILE atomically; with verify, prove the dump restores intact."""
    target = backup_target(settings)
    report = BackupReport(file=file)
    tmp = file.with_name(f".{file.name}.partial")
    try:
        with target.connect() as conn:
            # One snapshot for the digests and for pg_dump, so they describe the same data.
            conn.execute("set transaction isolation level repeatable read, read only")
            snapshot = conn.execute("select pg_export_snapshot()").fetchone()[0]
            report.tables = table_digests(conn)
            chain = audit_chain_state(conn)
            _run_tool(
                "pg_dump",
                ["--format=custom", f"--snapshot={snapshot}", f"--file={tmp}", target.conninfo],
                target,
                "pg_dump failed",
            )
            conn.rollback()
        if verify:
            verify_dump(target, tmp, report.tables, chain)
            report.audit_chain = describe_chain(chain)
            report.verified = True
        os.replace(tmp, file)
    finally:
        tmp.unlink(missing_ok=True)
    return report


def verify_dump(
    target: Target,
    dump: Path,
    expected: list[TableDigest],
    chain: dict[str, Any] | None,
) -> None:
    """Restore DUMP into a scratch database and compare it with EXPECTED; raises on a mismatch.

    The copy's audit chain must verify to the same head (entry count and last hash) as CHAIN,
    the state of the database's chain in the dump's snapshot.
    """
    scratch = f"sanctuary_verify_{uuid.uuid4().hex[:12]}"
    with target.connect() as admin:
        admin.autocommit = True
        if not role_attributes(admin)["can_create_db"]:
            raise UserError(
                "Verifying a backup needs a role that can create a scratch database (CREATEDB)"
            )
        admin.execute(
            sql.SQL("create database {} template template0").format(sql.Identifier(scratch))
        )
    try:
        restore_into(
            target.with_dbname(scratch),
            ["--no-owner", "--no-privileges"],
            dump,
            "The backup does not restore",
        )
        with target.with_dbname(scratch).connect() as conn:
            restored = {t.table: t for t in table_digests(conn)}
            conn.rollback()
            compare_digests(expected, restored)
            copied = audit_chain_state(conn)
            conn.rollback()
        if copied != chain:
            raise UserError(
                "Backup verification failed: the audit chain of the restored copy does not "
                "verify to the same entries as the database's"
            )
    finally:
        with target.connect() as admin:
            admin.autocommit = True
            admin.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(scratch))
            )


def compare_digests(expected: list[TableDigest], restored: dict[str, TableDigest]) -> None:
    for want in expected:
        got = restored.get(want.table)
        if got is None:
            raise UserError(f"Backup verification failed: table {want.table} is missing")
        if got.row_count != want.row_count:
            raise UserError(
                f"Backup verification failed: table {want.table} has {want.row_count} rows "
                f"in the database and {got.row_count} in the restored copy"
            )
        if got.digest != want.digest:
            raise UserError(
                f"Backup verification failed: the content of table {want.table} differs "
                "in the restored copy"
            )


def audit_chain_state(conn: psycopg.Connection) -> dict[str, Any] | None:
    """What audit_verify() (migration 0041) says about CONN's audit chain; None without one."""
    from psycopg.rows import dict_row

    present = conn.execute("select to_regprocedure('audit_verify()') is not null").fetchone()[0]
    if not present:
        return None
    with conn.cursor(row_factory=dict_row) as cur:
        # audit_verify() runs as the schema owner, who reads the log through its policy.
        cur.execute("select set_config('row_security', 'on', true)")
        row = cur.execute("select * from audit_verify()").fetchone()
    return {key: row.get(key) for key in ("entries", "last_hash", "broken_seq", "problem")}


def describe_chain(state: dict[str, Any] | None) -> str | None:
    if state is None:
        return None
    if state["problem"]:
        return f"audit chain broken in the database itself: {state['problem']}"
    return f"audit chain intact ({state['entries']} entries)"


def table_digests(conn: psycopg.Connection) -> list[TableDigest]:
    """Row count and content digest of every application table, inside CONN's transaction."""
    for name, value in _DIGEST_SETTINGS.items():
        conn.execute("select set_config(%s, %s, true)", (name, value))
    # Fail loudly rather than count only the rows some policy lets us see.
    conn.execute("select set_config('row_security', 'off', true)")
    tables = conn.execute(named_query("backup.user_tables")).fetchall()
    digests = []
    for schema, table in tables:
        query = sql.SQL(named_query("backup.table_digest")).format(
            table=sql.Identifier(schema, table)
        )
        try:
            count, digest = conn.execute(query).fetchone()
        except psycopg.errors.InsufficientPrivilege as exc:
            raise UserError(_rls_hint(exc.diag.message_primary or str(exc))) from None
        digests.append(TableDigest(f"{schema}.{table}", count, digest))
    return digests


def restore_backup(settings: Settings, file: Path, *, force: bool = False) -> None:
    """Restore FILE in one transaction; a database holding data is replaced only with force."""
    if not file.is_file():
        raise UserError(f"No backup file at {file}")
    if not os.access(file, os.R_OK):
        raise UserError(f"Cannot read the backup file {file}")
    target = backup_target(settings)
    _run_tool("pg_restore", ["--list", str(file)], target, f"{file} is not a Sanctuary backup")
    with target.connect() as conn:
        superuser = role_attributes(conn)["superuser"]
        tables = table_digests(conn)
        conn.rollback()
    holds_data = any(t.row_count for t in tables if t.table.split(".")[-1] in PRACTICE_TABLES)
    if holds_data and not force:
        raise UserError("The database is not empty; use --force to replace its contents")
    options = ["--clean", "--if-exists"] if tables else []
    if not superuser:
        options.append("--no-owner")
    restore_into(target, options, file, "pg_restore failed, nothing changed")


def restore_into(target: Target, options: list[str], dump: Path, failure: str) -> None:
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
        _run_tool(
            "pg_restore",
            [
                "--single-transaction",
                "--exit-on-error",
                *options,
                f"--dbname={target.conninfo}",
                str(dump),
            ],
            target,
            failure,
        )
    else:
        _restore_through_psql(target, options, dump, failure, known)


def role_attributes(conn: psycopg.Connection) -> dict[str, bool]:
    """superuser / bypasses_rls / can_create_db of the connected role."""
    from psycopg.rows import dict_row

    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(named_query("backup.role_can_read_everything")).fetchone()
    return row or {"superuser": False, "bypasses_rls": False, "can_create_db": False}


def _rls_hint(message: str) -> str:
    return (
        f"{message}; set SANCTUARY_BACKUP_DATABASE_URL to a superuser or BYPASSRLS role"
        if "row-level security" in message
        else message
    )


@cache
def tools_major() -> int:
    """Major version of the bundled pg_dump/pg_restore."""
    from sanctuary_cli.store import embedded

    done = subprocess.run(
        [str(embedded.bin_path("pg_restore")), "--version"], capture_output=True, text=True
    )
    match = re.search(r"(\d+)(?:\.\d+)?", done.stdout)
    return int(match.group(1)) if match else 0


_SET_LINE = re.compile(r"^SET (\w+) = ")


def _restore_through_psql(
    target: Target, options: list[str], dump: Path, failure: str, known: set[str]
) -> None:
    import tempfile

    from sanctuary_cli.store import embedded

    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        producer = subprocess.Popen(
            [str(embedded.bin_path("pg_restore")), *options, "--file=-", str(dump)],
            env=target.env,
            stdin=subprocess.DEVNULL,
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
        for code, err in ((consumed, psql_err), (produced, restore_err)):
            if code != 0:
                err.seek(0)
                lines = [x for x in err.read().decode("utf-8", "replace").splitlines() if x.strip()]
                detail = mask_url(lines[0]) if lines else "no output"
                detail = re.sub(r"^(psql|pg_restore):\s*(error:\s*)?", "", detail)
                detail = re.sub(r"^[^:]*:\d+: ERROR:\s*", "", detail)
                raise UserError(f"{failure}: {_rls_hint(detail)}")


def _run_tool(program: str, args: list[str], target: Target, failure: str) -> None:
    from sanctuary_cli.store import embedded

    done = subprocess.run(
        [str(embedded.bin_path(program)), *args],
        env=target.env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        detail = mask_url(lines[0]) if lines else "no output"
        detail = detail.removeprefix(f"{program}: ").removeprefix("error: ")
        raise UserError(f"{failure}: {_rls_hint(detail)}")
