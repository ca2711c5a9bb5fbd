"""`patients import`: a CSV of patients stored in one transaction, or nothing at all.

The header names columns of practice/patients.py FIELDS (what `patients export` writes); every
cell is read by that field's parser, so a file says exactly what the options would.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.patients import IMPORT_COLUMNS, REQUIRED, patient_values
from sanctuary_cli.store.db import Database, named_query

# Columns `patients export` writes that import reads past (ids and counts are the database's).
IGNORED_COLUMNS = ("patient_id", "session_count", "full_name")
# What the CSV formula guard of `patients export` puts before a cell ('+1 212...).
_GUARDED = {"'" + start for start in ("=", "+", "-", "@", "\t", "\r")}


class ImportRejected(UserError):
    """Some rows are bad, so nothing was stored; `errors` names each by its line."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(f"{len(errors)} row(s) are invalid; nothing was imported")


def import_patients(db: Database, path: Path) -> int:
    """Load a CSV as the acting clinician's patients: every row is checked, and nothing is
    stored if any fails (ImportRejected). Returns how many were stored; errors carry the
    file's line numbers (the header is line 1)."""
    therapist_id = clinician.acting_id(db)
    rows, errors = read_import_file(path, db.settings.tz)
    if errors:
        raise ImportRejected(errors)
    with db.transaction() as cur:
        for line, values in rows:
            try:
                with db.conn.transaction():  # savepoint: report every bad row, not the first
                    cur.execute(
                        named_query("patients.insert"), {**values, "therapist_id": therapist_id}
                    )
            except (psycopg.errors.IntegrityError, psycopg.errors.DataError) as exc:
                primary = exc.diag.message_primary or type(exc).__name__
                errors.append(f"line {line}: rejected by the database: {primary}")
        if errors:
            raise ImportRejected(errors)  # inside the transaction: it rolls back
    return len(rows)


def read_import_file(
    path: Path, tz: ZoneInfo
) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """Parsed rows with their line numbers, and every problem found (one line each)."""
    errors: list[str] = []
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}") from None
    rows: list[tuple[int, dict[str, Any]]] = []
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = [name.strip() for name in reader.fieldnames or []]
            check_header(path, header)
            reader.fieldnames = header
            for raw in reader:
                line = reader.line_num
                if None in raw:
                    errors.append(f"line {line}: more values than columns")
                    continue
                try:
                    rows.append((line, patient_values(unguard(raw), tz, mode="import")))
                except UserError as exc:
                    errors.append(f"line {line}: {exc}")
        except (csv.Error, UnicodeDecodeError) as exc:
            raise UserError(f"{path.name}: not a readable UTF-8 CSV file ({exc})") from None
    if not rows and not errors:
        raise UserError(f"{path.name} has no patient rows")
    return rows, errors


def check_header(path: Path, header: list[str]) -> None:
    """A header of known columns that names both names, or a UserError listing the columns."""
    unknown = [n for n in header if n not in IMPORT_COLUMNS and n not in IGNORED_COLUMNS]
    missing = [n for n in REQUIRED if n not in header]
    if header and not unknown and not missing:
        return
    problem = f"unknown column(s) {', '.join(unknown)}" if unknown else "no header row"
    if missing and header and not unknown:
        problem = f"missing column(s) {', '.join(missing)}"
    raise UserError(f"{path.name}: {problem}; columns are {', '.join(IMPORT_COLUMNS)}")


def unguard(raw: dict[str, Any]) -> dict[str, Any]:
    """Undo the CSV formula guard of `patients export` ('+1 212... back to +1 212...)."""
    return {
        key: value[1:] if isinstance(value, str) and value[:2] in _GUARDED else value
        for key, value in raw.items()
    }
