"""`patients import`: a CSV of patients stored in one transaction, or nothing at all.

The header names columns of practice/patients.py FIELDS (what `patients export` writes); every
cell is read by that field's parser, so a file says exactly what the options would.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician, duplicates
from sanctuary_cli.practice.patients import IMPORT_COLUMNS, REQUIRED, patient_values
from sanctuary_cli.store.db import Database, named_query

# Columns `patients export` writes that import reads past (ids and counts are the database's).
IGNORED_COLUMNS = ("patient_id", "session_count", "full_name")
# What the CSV formula guard of `patients export` puts before a cell ('+1 212...).
_GUARDED = {"'" + start for start in ("=", "+", "-", "@", "\t", "\r")}
# The columns of the staging table after the line number (sql/queries/patient_import.sql).
STAGED_COLUMNS = (
    "first_name",
    "last_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "email",
    "phone",
    "address",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relationship",
    "insurance_provider",
    "insurance_member_id",
    "insurance_group_number",
    "coverage_percent",
    "fee_exempt",
    "diagnosis_codes",
    "status",
    "intake_date",
)


class ImportRejected(UserError):
    """Some rows are bad, so nothing was stored; `errors` names each by its line."""

    def __init__(self, errors: list[str], rows: int | None = None):
        self.errors = errors
        count = len(errors) if rows is None else rows
        super().__init__(f"{count} row(s) are invalid; nothing was imported")


def import_patients(db: Database, path: Path, *, allow_duplicate: bool = False) -> int:
    """Load a CSV as the acting clinician's patients: every row is checked, and nothing is
    stored if any fails (ImportRejected). A row repeating an earlier row of the file, or a
    patient the clinician already has (practice/duplicates.py), fails unless allow_duplicate.
    Returns how many were stored; errors carry the file's line numbers (the header is line 1)."""
    therapist_id = clinician.acting_id(db)
    rows, errors = read_import_file(path, db.settings.tz)
    people = [values for _, values in rows]
    if not allow_duplicate:
        for index, earlier, reason in duplicates.within(people):
            errors.append(
                f"line {rows[index][0]}: same {reason} as line {rows[earlier][0]} "
                f"({people[index]['first_name']} {people[index]['last_name']})"
            )
    if errors:
        raise ImportRejected(sorted_by_line(errors))
    with db.transaction() as cur:
        cur.execute(named_query("patient_import.prepare"), {"therapist_id": str(therapist_id)})
        can_stage = cur.fetchone()["can_stage"]  # the caseload lock is held from here on
        if not allow_duplicate:
            for index, old, reason in duplicates.existing_matches(cur, therapist_id, people):
                errors.append(f"line {rows[index][0]}: {duplicates.describe(old, reason)}")
            if errors:
                errors.append("(give --allow-duplicate if these are other people)")
                raise ImportRejected(errors, rows=len(errors) - 1)
        try:
            with db.savepoint():
                store_rows(db, cur, rows, therapist_id, can_stage)
        except (psycopg.errors.IntegrityError, psycopg.errors.DataError) as exc:
            raise ImportRejected(rows_refused(db, cur, rows, therapist_id, exc)) from None
    return len(rows)


def store_rows(
    db: Database, cur: psycopg.Cursor, rows: list[tuple[int, dict[str, Any]]], therapist_id, stage
) -> None:
    """Every row in one INSERT: the patients' audit entries are then one statement too, and the
    chain advances once (migration 0125). The rows reach the server by COPY into a temporary
    table when the login may make one, else as one JSON parameter."""
    if not stage:
        given = [{"line": line, **values} for line, values in rows]
        cur.execute(
            named_query("patient_import.insert_given"),
            {"therapist_id": therapist_id, "rows": json.dumps(given, default=str)},
        )
        return
    cur.execute(named_query("patient_import.create_staging"))
    copy_sql = named_query("patient_import.copy_staging")
    with db.unpipelined() as conn, conn.cursor().copy(copy_sql) as copy:
        for line, values in rows:
            copy.write_row((line, *(values[column] for column in STAGED_COLUMNS)))
    cur.execute(named_query("patient_import.insert_staged"), {"therapist_id": therapist_id})


def rows_refused(db: Database, cur, rows, therapist_id, exc: psycopg.Error) -> list[str]:
    """The one INSERT was refused: find which rows the database refuses, each on its own
    savepoint (only after a failure, so only then one round trip per row)."""
    errors = []
    for line, values in rows:
        try:
            with db.savepoint():
                cur.execute(
                    named_query("patients.insert"), {**values, "therapist_id": therapist_id}
                )
        except (psycopg.errors.IntegrityError, psycopg.errors.DataError) as row_exc:
            primary = row_exc.diag.message_primary or type(row_exc).__name__
            errors.append(f"line {line}: rejected by the database: {primary}")
    if not errors:  # refused only together: say what the database said
        errors.append(f"rejected by the database: {exc.diag.message_primary or exc}")
    return errors


def sorted_by_line(errors: list[str]) -> list[str]:
    """Row errors in file order (a parse error of line 5 before a duplicate found on line 7)."""

    def line_of(error: str) -> int:
        number = error.removeprefix("line ").split(":", 1)[0]
        return int(number) if number.isdigit() else 0

    return sorted(errors, key=line_of)


def read_import_file(
    path: Path, tz: ZoneInfo
) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """Parsed rows with their line numbers, and every problem found (one line each)."""
    errors: list[str] = []
    text = decode_import_file(path)
    rows: list[tuple[int, dict[str, Any]]] = []
    reader = csv.DictReader(io.StringIO(text, newline=""))
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
    except csv.Error as exc:
        raise UserError(
            f"{path.name}: line {reader.line_num}: not a readable CSV ({exc})"
        ) from None
    if not rows and not errors:
        raise UserError(f"{path.name} has no patient rows")
    return rows, errors


def decode_import_file(path: Path) -> str:
    """The file's text: UTF-8 with or without a byte order mark, or UTF-16 with one (what
    spreadsheets write as "Unicode text"). Anything else is refused with one line naming the
    problem and where it is, rather than guessed at: a wrong guess would store misspelt names."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        encoding, body = "utf-8-sig", data
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            raise UserError(
                f"{path.name}: line {line} holds NUL bytes: UTF-16 without a byte order mark? "
                "Save it as CSV UTF-8 (or UTF-16 with a BOM)"
            )
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        seen = body[: exc.start].decode(encoding, errors="replace")
        line = seen.count("\n") + 1
        bad = body[exc.start : exc.start + 1].hex()
        raise UserError(
            f"{path.name}: line {line} is not {encoding.removesuffix('-sig').upper()} "
            f"(byte 0x{bad}; the file may be Windows-1252 or Latin-1): save it as CSV UTF-8"
        ) from None


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
