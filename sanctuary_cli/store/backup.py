"""Backups: pg_dump with a role that reads past row-level security, and a verify.

A backup must hold every row, so it runs as a role that bypasses row-level security: the
embedded cluster's superuser (cluster maintenance), or SANCTUARY_BACKUP_DATABASE_URL for a
remote server (a superuser or BYPASSRLS role). `--verify` restores the dump into a scratch
database and compares every table's row count and content digest with the snapshot the dump
was taken from, then checks the audit chain of the copy when the schema has one.

The dump never reaches the disk in clear: pg_dump writes to a pipe, the dump is verified from
memory, sealed with age (store/sealing.py), and only then written -- to a 0600 temp file beside
the target, renamed over it (store/files.py). A failure or a kill leaves at most ciphertext.
Restoring is store/restore.py; the tools and the role, store/pg_tools.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psycopg import sql

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.backup_record import record_backup
from sanctuary_cli.store.digests import (
    TableDigest,
    audit_chain_state,
    compare_digests,
    describe_chain,
    table_digests,
)
from sanctuary_cli.store.files import atomic_output
from sanctuary_cli.store.pg_tools import Target, backup_target, role_attributes, tool_output
from sanctuary_cli.store.restore import restore_into
from sanctuary_cli.store.sealing import Sealing, seal

if TYPE_CHECKING:  # the model would import pydantic-settings; any settings object will do
    from sanctuary_cli.store.config import ResolvedSettings as Settings

# Tests and older callers import these from here.
__all__ = ["BackupReport", "TableDigest", "compare_digests", "table_digests", "write_backup"]


@dataclass
class BackupReport:
    file: Path
    tables: list[TableDigest] = field(default_factory=list)
    verified: bool = False
    audit_chain: str | None = None  # what verify found; None when the schema has no audit log

    @property
    def row_count(self) -> int:
        return sum(t.row_count for t in self.tables)


def write_backup(
    settings: Settings, file: Path, *, sealing: Sealing, verify: bool = False
) -> BackupReport:
    """Dump the database, verify the dump when asked, seal it, and write FILE atomically."""
    target = backup_target(settings)
    report = BackupReport(file=file)
    with target.connect() as conn:
        # One snapshot for the digests and for pg_dump, so they describe the same data.
        conn.execute("set transaction isolation level repeatable read, read only")
        snapshot = conn.execute("select pg_export_snapshot()").fetchone()[0]
        report.tables = table_digests(conn)
        chain = audit_chain_state(conn)
        dump = tool_output(
            "pg_dump",
            ["--format=custom", f"--snapshot={snapshot}", target.conninfo],
            target,
            "pg_dump failed",
        )
        conn.rollback()
    if verify:
        verify_dump(target, dump, report.tables, chain)
        report.audit_chain = describe_chain(chain)
        report.verified = True
    sealed = seal(dump, sealing)
    del dump
    with atomic_output(file) as (handle, _):
        handle.write(sealed)
    record_backup(settings, file)  # for the age of the last backup in `sanctuary today`
    return report


def verify_dump(
    target: Target,
    dump: bytes,
    expected: list[TableDigest],
    chain: dict[str, Any] | None,
) -> None:
    """Restore DUMP (the bytes of a custom-format dump) into a scratch database and compare it
    with EXPECTED; raises on a mismatch.

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
