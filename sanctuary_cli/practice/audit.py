"""The audit log: reads recorded by the CLI, listing, and verification of the hash chain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.db import Database, named_query


def record_read(
    db: Database, table: str, row_id: Any, patient_id: Any, *, action: str = "READ"
) -> None:
    """Append a READ (or EXPORT) entry for clinical content just shown.

    Call it after the content was fetched, in its own transaction: a read that failed is not
    recorded, and the entry names the row, never its content.
    """
    record_reads(db, table, [(row_id, patient_id)], action=action)


def record_reads(
    db: Database, table: str, entries: list[tuple[Any, Any]], *, action: str = "READ"
) -> None:
    """Append one READ (or EXPORT) entry per (row id, patient id), in one transaction.

    executemany pipelines the calls: one round trip for a page of rows, not one per row.
    """
    with db.transaction() as cur:
        cur.executemany(
            named_query("audit.record_read"),
            [
                {
                    "table_name": table,
                    "row_id": None if row_id is None else str(row_id),
                    "patient_id": None if patient_id is None else str(patient_id),
                    "action": action,
                }
                for row_id, patient_id in entries
            ],
        )


def record_shown(
    db: Database,
    table: str,
    rows: list[dict[str, Any]],
    *,
    export: bool = False,
    id_key: str | None = None,
    patient_id: Any = None,
) -> None:
    """Record that clinical rows were just shown (READ) or written out as CSV, JSON, Markdown
    or a file (EXPORT): one entry per row by id_key, or one per patient when the rows are a
    summary. Names rows, never their content. Every area function that returns clinical
    content calls this itself (docs/architecture.md, "Read audit")."""
    action = "EXPORT" if export else "READ"
    if id_key is None:
        entries = [(None, patient_id)] if rows else []
    else:
        entries = [(row[id_key], row.get("patient_id", patient_id)) for row in rows]
    if entries:
        record_reads(db, table, entries, action=action)


def audit_entries(
    db: Database,
    *,
    patient_id: Any = None,
    since: datetime | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Audit entries the connected role may see, newest first."""
    return db.all(
        "audit.list",
        patient_id=None if patient_id is None else str(patient_id),
        since=since,
        limit=limit,
    )


def verify_chain(db: Database) -> dict[str, Any]:
    """What audit_verify() finds: entries, last_seq, last_hash, broken_seq, problem."""
    row = db.one("audit.verify")
    if row is None:  # pragma: no cover - the function always returns one row
        raise UserError("The audit log could not be verified")
    return row
