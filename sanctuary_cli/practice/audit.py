"""The audit log: reads recorded by the CLI, listing, and verification of the hash chain."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.dates import localize
from sanctuary_cli.store.anchors import (
    Anchor,
    anchor_now,
    append_anchor,
    database_key,
    default_anchor_file,
    read_anchors,
)
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
    record_reads_of(db, {table: entries}, action=action)


def record_reads_of(
    db: Database, entries: dict[str, list[tuple[Any, Any]]], *, action: str = "READ"
) -> None:
    """record_reads for rows of several tables (table -> entries), in one transaction."""
    params = [
        {
            "table_name": table,
            "row_id": None if row_id is None else str(row_id),
            "patient_id": None if patient_id is None else str(patient_id),
            "action": action,
        }
        for table, rows in entries.items()
        for row_id, patient_id in rows
    ]
    if not params:
        return
    with db.transaction() as cur:
        cur.executemany(named_query("audit.record_read"), params)


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
    patient: str | None = None,
    since: str | date | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Audit entries the connected role may see, newest first: about PATIENT (a reference)
    and from the start of day SINCE (ISO or WHEN words, practice zone) on, when given."""
    tz = db.settings.tz
    start = localize(parsers.parse_day(since, tz, what="--since"), time(0), tz) if since else None
    patient_id = resolve_patient(db, patient)["id"] if patient else None
    return db.all(
        "audit.list",
        patient_id=None if patient_id is None else str(patient_id),
        since=start,
        limit=limit,
    )


# Where a walk of the whole chain starts: the first entry links to 64 zeros (migration 0041).
BEFORE_THE_FIRST_ENTRY = (0, "0" * 64)


def verify_chain(
    db: Database, anchors: list[Anchor] | None = None, *, since: tuple[int, str] | None = None
) -> dict[str, Any]:
    """What audit_verify() finds (entries, last_seq, last_hash) when the chain is intact, and
    every anchor (store/anchors.py) still matches it; a UserError naming the first removed or
    altered entry, or the first anchor the log no longer holds, when not.

    `since` (seq, hash) of an entry found intact before: only the entries after it are walked
    (audit_verify_since, migration 0127), and the whole chain when that entry is no longer the
    same. "from_start" in the result says which walk was made."""
    start = since or BEFORE_THE_FIRST_ENTRY
    row = db.one("audit.verify_since", seq=start[0], hash=start[1])
    if not row["start_ok"]:
        return verify_chain(db, anchors)
    row = {**row, "from_start": start == BEFORE_THE_FIRST_ENTRY}
    if row["broken_seq"] is not None:
        raise UserError(f"Audit log broken: {row['problem']}")
    for anchor in anchors or []:
        problem = db.one("audit.verify_anchor", seq=anchor.seq, hash=anchor.hash)["problem"]
        if problem:
            raise UserError(f"Audit log broken: {problem} (anchor {anchor.line()})")
    return {**row, "anchors_checked": len(anchors or [])}


def chain_head(db: Database) -> Anchor:
    """The chain's head now, as an anchor of this database."""
    return anchor_now(db.one("audit.head"), database_key(db.settings))


def anchor_chain(db: Database, file: Path | None = None) -> tuple[Anchor, Path]:
    """Append the head to FILE (default: the data dir's anchor file); where it went."""
    anchor = chain_head(db)
    return anchor, append_anchor(file or default_anchor_file(db.settings), anchor)


def saved_anchors(db: Database, file: Path | None = None) -> list[Anchor]:
    """The anchors of this database in FILE, or in the default anchor file when it exists."""
    if file is None:
        file = default_anchor_file(db.settings)
        if not file.exists():
            return []
    return read_anchors(file, database_key(db.settings))
