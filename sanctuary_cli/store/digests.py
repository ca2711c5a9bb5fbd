"""What a database holds, to compare a restored copy with: every table's row count and
content digest, and the state of the audit chain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.db import named_query
from sanctuary_cli.store.pg_tools import rls_hint

# Text forms of values (and so the digests) depend on these; both sides use the same.
_DIGEST_SETTINGS = {"TimeZone": "UTC", "DateStyle": "ISO, YMD", "extra_float_digits": "3"}


@dataclass(frozen=True)
class TableDigest:
    table: str
    row_count: int
    digest: str


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
            raise UserError(rls_hint(exc.diag.message_primary or str(exc))) from None
        digests.append(TableDigest(f"{schema}.{table}", count, digest))
    return digests


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
