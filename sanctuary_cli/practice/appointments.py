"""The appointment book as read: upcoming and ranged listings, the calendar export, and the
appointment a person means by an id, an id prefix or a patient's name.

Booking, moving and closing appointments is practice/booking.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.audit import record_read
from sanctuary_cli.practice.refs import (
    ambiguous_message,
    id_prefix_pattern,
    resolve_by_id,
    resolve_patient,
)
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.calendar import calendar_bytes
from sanctuary_cli.rules.dates import describe
from sanctuary_cli.rules.text import strip_control
from sanctuary_cli.store.db import Database
from sanctuary_cli.store.files import atomic_write

STATUSES = ("scheduled", "completed", "cancelled", "no-show")


def upcoming(db: Database, *, days: int, all_therapists: bool = False) -> list[dict[str, Any]]:
    """Scheduled appointments of the next `days` days, the acting clinician's or everyone's."""
    therapist_id = clinician.scope(db, all_therapists)
    return db.all("appointments.upcoming", days=days, therapist_id=therapist_id)


def list_appointments(
    db: Database,
    *,
    first_day: str | None = None,
    last_day: str | None = None,
    patient: str | None = None,
    status: str | None = None,
    all_therapists: bool = False,
) -> list[dict[str, Any]]:
    """Appointments from the first day to the last, included (ISO or words like today; by
    default 30 days back and ahead), optionally of one patient or in one status."""
    tz = db.settings.tz
    start, end = parsers.parse_day_range(first_day, last_day, tz, default_back=30, default_ahead=30)
    if status is not None:
        status = parsers.parse_choice(status, STATUSES, what="--status")
        if status is None:  # blank: refused, as before, rather than read as "any status"
            raise UserError(f"--status must be one of {', '.join(STATUSES)}")
    return db.all(
        "appointments.list",
        from_at=start,
        to_at=end,
        therapist_id=clinician.scope(db, all_therapists),
        patient_id=resolve_patient(db, patient)["id"] if patient else None,
        status=status,
    )


def export_calendar(
    db: Database,
    path: str | Path,
    *,
    first_day: str | None = None,
    last_day: str | None = None,
    full_names: bool = False,
    all_therapists: bool = False,
) -> tuple[int, Path]:
    """Write the appointments from the first day (default today) to the last (default: all
    to come) as an .ics file, owner-readable only, and record the EXPORT; returns how many
    were written, and where."""
    tz = db.settings.tz
    start, end = parsers.parse_day_range(
        first_day, last_day, tz, default_back=0, default_ahead=None
    )
    rows = db.all(
        "appointments.calendar",
        from_at=start,
        to_at=end,
        therapist_id=clinician.scope(db, all_therapists),
    )
    written = atomic_write(path, calendar_bytes(rows, tz, full_names=full_names), mode=0o600)
    record_read(db, "appointments", None, None, action="EXPORT")
    return len(rows), written


def resolve_appointment(db: Database, ref: str) -> dict[str, Any]:
    """An appointment by id or id prefix, or a patient's only scheduled one by name."""
    ref = ref.strip()
    if id_prefix_pattern(ref) != "-":
        try:
            return load_appointment(db, resolve_by_id(db, "appointments", ref, "appointment")["id"])
        except UserError as exc:
            if "matches" in str(exc):  # several appointments share the prefix
                raise
        try:
            patient = resolve_patient(db, ref)
        except UserError:
            raise UserError(f"No appointment with id {ref!r}") from None
    else:
        patient = resolve_patient(db, ref)
    rows = db.all("appointments.scheduled_for_patient", patient_id=patient["id"])
    if not rows:
        raise UserError(
            f"{strip_control(patient['full_name'])} has no scheduled appointment; give its id"
        )
    if len(rows) > 1:
        tz = db.settings.tz
        candidates = [f"{str(r['id'])[:8]} {describe(r['starts_at'], tz)}" for r in rows]
        raise UserError(ambiguous_message("scheduled appointments", ref, candidates))
    return load_appointment(db, rows[0]["id"])


def load_appointment(db: Database, appointment_id: Any) -> dict[str, Any]:
    row = db.one("appointments.get", appointment_id=appointment_id)
    if row is None:
        raise UserError(f"No appointment with id {str(appointment_id)[:8]!r}")
    return row
