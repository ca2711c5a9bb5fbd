"""Patients: the chart, field checks, and CSV import in one transaction.

Plain functions that return data and never print. Other areas add chart sections by appending
to CHART_SECTIONS: each takes (cursor, patient row) and returns the section's value (a dict, a
list of dicts, a scalar, or None when there is nothing to show).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import psycopg

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.db import Database, named_query

STATUSES = ("Active", "Inactive", "Completed")
TEXT_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "address",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relationship",
    "insurance_provider",
    "insurance_member_id",
    "insurance_group_number",
)
IMPORT_COLUMNS = (
    *TEXT_FIELDS,
    "date_of_birth",
    "coverage_percent",
    "fee_exempt",
    "diagnosis_codes",
    "status",
    "intake_date",
)
# Columns `patients export` writes that import reads past (ids and counts are the database's).
IGNORED_COLUMNS = ("patient_id", "session_count", "full_name")
_ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f", ""}

ChartSection = Callable[[psycopg.Cursor, dict[str, Any]], Any]


def patient_chart(db: Database, patient_id: Any) -> dict[str, Any]:
    """The one-screen chart: header, then each registered section in order."""
    with db.transaction() as cur:
        cur.execute(named_query("patients.chart_patient"), {"patient_id": patient_id})
        patient = cur.fetchone()
        if patient is None:
            raise UserError("That patient no longer exists")
        chart: dict[str, Any] = {"patient": patient}
        for name, section in CHART_SECTIONS:
            chart[name] = section(cur, patient)
    return chart


def contact_section(cur: psycopg.Cursor, patient: dict[str, Any]) -> dict[str, Any]:
    keys = ("phone", "email", "address")
    emergency = ", ".join(
        str(patient[k])
        for k in (
            "emergency_contact_name",
            "emergency_contact_relationship",
            "emergency_contact_phone",
        )
        if patient.get(k)
    )
    return {**{k: patient.get(k) for k in keys}, "emergency_contact": emergency or None}


def insurance_section(cur: psycopg.Cursor, patient: dict[str, Any]) -> dict[str, Any]:
    return {
        "provider": patient.get("insurance_provider"),
        "member_id": patient.get("insurance_member_id"),
        "group_number": patient.get("insurance_group_number"),
        "coverage_percent": patient.get("coverage_percent"),
        "fee_exempt": patient.get("fee_exempt"),
    }


def next_appointment_section(cur: psycopg.Cursor, patient: dict[str, Any]) -> Any:
    cur.execute(named_query("patients.chart_next_appointment"), {"patient_id": patient["id"]})
    return cur.fetchone()


def recent_sessions_section(cur: psycopg.Cursor, patient: dict[str, Any]) -> list[dict]:
    cur.execute(
        named_query("patients.chart_recent_sessions"), {"patient_id": patient["id"], "limit": 5}
    )
    return cur.fetchall()


def balance_section(cur: psycopg.Cursor, patient: dict[str, Any]) -> Any:
    cur.execute(named_query("patients.chart_balance"), {"patient_id": patient["id"]})
    return cur.fetchone()


CHART_SECTIONS: list[tuple[str, ChartSection]] = [
    ("contact", contact_section),
    ("insurance", insurance_section),
    ("next_appointment", next_appointment_section),
    ("recent_sessions", recent_sessions_section),
    ("balance", balance_section),
]


def patient_values(raw: dict[str, Any], *, for_update: bool = False) -> dict[str, Any]:
    """Query parameters from typed-in or CSV values; UserError names the bad field.

    Text is trimmed and NFC-normalized; blanks are None (for an update: leave as it is).
    """
    values: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        text = raw.get(key)
        text = unicodedata.normalize("NFC", str(text).strip()) if text is not None else ""
        values[key] = text or None
    if not for_update:
        for key in ("first_name", "last_name"):
            if not values[key]:
                raise UserError(f"{key} is required")
    if values["email"] and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", values["email"]):
        raise UserError("email is not an email address")
    values["date_of_birth"] = parse_date(raw.get("date_of_birth"), "date_of_birth")
    values["intake_date"] = parse_date(raw.get("intake_date"), "intake_date")
    if values["date_of_birth"] and values["date_of_birth"] > date.today():
        raise UserError("date_of_birth is in the future")
    values["coverage_percent"] = parse_coverage(raw.get("coverage_percent"))
    values["fee_exempt"] = parse_bool(raw.get("fee_exempt"), "fee_exempt")
    values["diagnosis_codes"] = parse_codes(raw.get("diagnosis_codes"))
    values["status"] = parse_status(raw.get("status"))
    return values


def parse_date(value: Any, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{name} {text!r} is not a date (YYYY-MM-DD)") from None


def parse_coverage(value: Any) -> Decimal | None:
    text = "" if value is None else str(value).strip().rstrip("%")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise UserError(f"coverage_percent {text!r} is not a number") from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise UserError("coverage_percent must be between 0 and 100")
    return number.quantize(Decimal("0.01"))


def parse_bool(value: Any, name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return None if text == "" else False
    raise UserError(f"{name} must be true or false, not {text!r}")


def parse_codes(value: Any) -> list[str] | None:
    if value is None:
        return None
    items = value if isinstance(value, list | tuple) else re.split(r"[;,\s]+", str(value))
    codes = [str(code).strip().upper() for code in items if str(code).strip()]
    bad = [code for code in codes if not _ICD10.match(code)]
    if bad:
        raise UserError(f"diagnosis code {bad[0]!r} is not an ICD-10 code like F41.1")
    return codes or None


def parse_status(value: Any) -> str | None:
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    for status in STATUSES:
        if status.lower() == text.lower():
            return status
    raise UserError(f"status must be one of {', '.join(STATUSES)}, not {text!r}")


@dataclass
class ImportResult:
    imported: int = 0
    errors: list[str] = field(default_factory=list)


def import_patients(db: Database, path: Path, therapist_id: Any) -> ImportResult:
    """Load a CSV in one transaction: every row is checked, and nothing is stored if any fails.

    Errors carry the file's line numbers (the header is line 1).
    """
    rows, result = read_import_file(path)
    if result.errors:
        return result
    with db.transaction() as cur:
        for line, values in rows:
            try:
                with db.conn.transaction():  # savepoint: report every bad row, not the first
                    cur.execute(
                        named_query("patients.insert"), {**values, "therapist_id": therapist_id}
                    )
            except (psycopg.errors.IntegrityError, psycopg.errors.DataError) as exc:
                primary = exc.diag.message_primary or type(exc).__name__
                result.errors.append(f"line {line}: rejected by the database: {primary}")
        if result.errors:
            raise ImportRejected(result)
        result.imported = len(rows)
    return result


class ImportRejected(UserError):
    """Raised inside the import transaction so that it rolls back."""

    def __init__(self, result: ImportResult):
        self.result = result
        super().__init__(f"{len(result.errors)} row(s) are invalid; nothing was imported")


def read_import_file(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], ImportResult]:
    """Parsed rows with their line numbers, and every problem found."""
    result = ImportResult()
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}") from None
    rows: list[tuple[int, dict[str, Any]]] = []
    with handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        unknown = [n for n in header if n not in IMPORT_COLUMNS and n not in IGNORED_COLUMNS]
        missing = [n for n in ("first_name", "last_name") if n not in header]
        if not header or unknown or missing:
            problem = f"unknown column(s) {', '.join(unknown)}" if unknown else "no header row"
            if missing and header and not unknown:
                problem = f"missing column(s) {', '.join(missing)}"
            raise UserError(f"{path.name}: {problem}; columns are {', '.join(IMPORT_COLUMNS)}")
        reader.fieldnames = header
        try:
            for raw in reader:
                line = reader.line_num
                if None in raw:
                    result.errors.append(f"line {line}: more values than columns")
                    continue
                try:
                    rows.append((line, patient_values(unguard(raw))))
                except UserError as exc:
                    result.errors.append(f"line {line}: {exc}")
        except (csv.Error, UnicodeDecodeError) as exc:
            raise UserError(f"{path.name}: not a readable UTF-8 CSV file ({exc})") from None
    if not rows and not result.errors:
        raise UserError(f"{path.name} has no patient rows")
    return rows, result


def unguard(raw: dict[str, Any]) -> dict[str, Any]:
    """Undo the CSV formula guard of `patients export` ('+1 212... back to +1 212...)."""
    return {
        key: value[1:] if isinstance(value, str) and value[:2] in _GUARDED else value
        for key, value in raw.items()
    }


_GUARDED = {"'" + start for start in ("=", "+", "-", "@", "\t", "\r")}
