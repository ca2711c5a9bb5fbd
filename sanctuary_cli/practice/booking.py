"""Booking, moving and closing appointments: one at a time or as a series, and their fees.

Double booking is refused by the database's exclusion constraint; these functions turn its
violation into a message that names the clashing appointment. Each resolves the patient or
appointment and the acting clinician itself, and returns rows; none prints.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from psycopg import errors

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.appointments import resolve_appointment
from sanctuary_cli.practice.refs import ambiguous_message, resolve_patient
from sanctuary_cli.rules.dates import describe, parse_start, recurrence
from sanctuary_cli.rules.fees import fee_policy
from sanctuary_cli.rules.parsers import parse_money
from sanctuary_cli.rules.text import strip_control
from sanctuary_cli.store.db import Database, named_query, retry_on_conflict

APPOINTMENT_TYPES = {"virtual": "Virtual", "in-person": "In-Person", "inperson": "In-Person"}


@dataclass
class Booking:
    """What to book, as typed: the patient, WHEN in the practice zone (not in the past unless
    allow_past), the fee; a missing duration or fee comes from the session type."""

    patient: str
    when: str
    allow_past: bool = False
    duration_minutes: int | None = None
    appointment_type: str = "In-Person"
    session_type: str | None = None
    fee: str | None = None
    location: str | None = None
    video_link: str | None = None


@dataclass
class SeriesResult:
    patient_name: str
    created: list[dict[str, Any]] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)


class SeriesClash(UserError):
    """Some occurrences clash; nothing was booked."""

    def __init__(self, clashes: list[str]):
        self.clashes = clashes
        super().__init__(
            f"{len(clashes)} occurrence(s) clash, so nothing was booked "
            "(use --skip-clashes to book the others)"
        )


def book(db: Database, booking: Booking) -> dict[str, Any]:
    """Insert one appointment for the acting clinician; the row has the patient's name.

    A clash raises UserError naming the other appointment."""
    params, patient = booking_params(db, booking)

    def insert() -> dict[str, Any]:
        with db.transaction() as cur:
            cur.execute(named_query("appointments.insert"), params)
            return cur.fetchone()

    try:
        row = retry_on_conflict(insert)
    except errors.ExclusionViolation:
        raise clash_error(db, params) from None
    return {**row, "patient_name": patient["full_name"]}


def book_series(
    db: Database, booking: Booking, *, every: str, count: int, skip_clashes: bool = False
) -> SeriesResult:
    """`count` occurrences every week or two at the first one's wall-clock time, all in one
    transaction sharing a series id.

    Each clash is reported; with skip_clashes the others are still booked, otherwise nothing is
    (SeriesClash lists the clashes)."""
    tz = db.settings.tz
    params, patient = booking_params(db, booking)
    starts = recurrence(params["starts_at"], every, count, tz)
    params["series_id"] = uuid.uuid4()

    def insert_all() -> SeriesResult:
        result = SeriesResult(patient["full_name"])
        with db.transaction() as cur:
            for start in starts:
                occurrence = {**params, "starts_at": start}
                try:
                    with db.savepoint():  # a savepoint: one clash does not spoil the rest
                        cur.execute(named_query("appointments.insert"), occurrence)
                        result.created.append(cur.fetchone())
                except errors.ExclusionViolation:
                    clash = {**occurrence, "exclude_id": None}
                    cur.execute(named_query("appointments.clash"), clash)
                    result.clashes.append(clash_text(start, cur.fetchone(), tz))
            if result.clashes and not skip_clashes:
                raise SeriesClash(result.clashes)
        return result

    return retry_on_conflict(insert_all)


def reschedule(
    db: Database, ref: str, when: str, *, duration: int | None = None, allow_past: bool = False
) -> dict[str, Any]:
    """Move the scheduled appointment `ref` names to WHEN; the row has the patient's name.

    A clash raises UserError naming the other appointment (never this one itself)."""
    appointment = resolve_appointment(db, ref)
    starts_at = parse_start(when, db.settings.tz, allow_past=allow_past)
    require_scheduled(appointment)
    params = {
        "appointment_id": appointment["id"],
        "starts_at": starts_at,
        "duration_minutes": duration,
    }

    def move() -> dict[str, Any] | None:
        with db.transaction() as cur:
            cur.execute(named_query("appointments.reschedule"), params)
            return cur.fetchone()

    try:
        row = retry_on_conflict(move)
    except errors.ExclusionViolation:
        clash = {
            **params,
            "therapist_id": appointment["therapist_id"],
            "duration_minutes": duration or appointment["duration_minutes"],
        }
        raise clash_error(db, clash, exclude_id=appointment["id"]) from None
    except errors.IntegrityConstraintViolation as exc:
        if not signed_note_refusal(exc):
            raise
        raise UserError(
            f"{describe(appointment['starts_at'], db.settings.tz)} has a signed note, so it "
            "keeps its time (book a new appointment instead)"
        ) from None
    if row is None:
        raise UserError("That appointment was changed meanwhile; look at it again")
    return {**row, "patient_name": appointment["patient_name"]}


@dataclass
class Closing:
    """The outcome of complete / cancel / no-show: the appointment as it was found, a fee if
    one was charged, a remark for the person."""

    appointment: dict[str, Any]
    fee: dict[str, Any] | None = None
    remark: str | None = None


def close(
    db: Database,
    ref: str,
    status: str,
    *,
    charge: bool = False,
    reason: str | None = None,
    now: datetime | None = None,
) -> Closing:
    """Complete, cancel or mark a no-show the appointment `ref` names, with the policy's fee
    when asked, in one transaction."""
    now = now or datetime.now(UTC)
    appointment = resolve_appointment(db, ref)
    require_scheduled(appointment)
    if status in ("completed", "no-show") and appointment["starts_at"] > now:
        raise UserError(
            f"That appointment has not started yet; cancel or reschedule it instead of "
            f"marking it {status}"
        )
    fee_plan, remark = fee_policy(appointment, status, now, charge, db.settings)
    with db.transaction() as cur:
        cur.execute(
            named_query("appointments.set_status"),
            {"appointment_id": appointment["id"], "status": status, "reason": reason},
        )
        if cur.fetchone() is None:
            raise UserError("That appointment was changed meanwhile; look at it again")
        fee = None
        if fee_plan is not None:
            cur.execute(
                named_query("appointments.insert_fee"),
                {"appointment_id": appointment["id"], **fee_plan},
            )
            fee = cur.fetchone()
            if fee is None:
                remark = "A fee of that kind was already recorded for this appointment"
    return Closing(appointment, fee, remark)


def booking_params(db: Database, booking: Booking) -> tuple[dict[str, Any], dict[str, Any]]:
    """Query parameters of a booking (defaults from the session type), and the patient."""
    therapist_id = clinician.acting_id(db)
    patient = resolve_patient(db, booking.patient)
    starts_at = parse_start(booking.when, db.settings.tz, allow_past=booking.allow_past)
    fee = None if booking.fee is None else parse_money(booking.fee, what="--fee", allow_zero=True)
    if patient.get("status", "Active") != "Active":
        raise UserError(
            f"{strip_control(patient['full_name'])} is {patient['status']}; "
            "reactivate with `sanctuary patients edit REF --status Active` first"
        )
    kind = find_session_type(db, booking.session_type)
    appointment_type = APPOINTMENT_TYPES.get(booking.appointment_type.lower().replace(" ", ""))
    if appointment_type is None:
        raise UserError(f"--type must be Virtual or In-Person, not {booking.appointment_type!r}")
    params = {
        "therapist_id": therapist_id,
        "patient_id": patient["id"],
        "session_type_id": kind["id"],
        "starts_at": starts_at,
        "duration_minutes": booking.duration_minutes or kind["default_duration_minutes"],
        "appointment_type": appointment_type,
        "location": booking.location,
        "video_link": booking.video_link,
        "fee": kind["default_fee"] if fee is None else fee,
        "series_id": None,
    }
    return params, patient


def find_session_type(db: Database, name: str | None) -> dict[str, Any]:
    """A session type by (part of) its name; the default is Individual Therapy."""
    rows = db.all("appointments.session_types", name=name or "Individual Therapy")
    if not rows:
        known = ", ".join(r["name"] for r in db.all("appointments.session_types", name=None))
        raise UserError(f"No session type matches {name!r}; choose one of: {known}")
    if len(rows) > 1 and rows[0]["name"].lower() != (name or "").lower() and name:
        raise UserError(ambiguous_message("session types", name, [r["name"] for r in rows]))
    return rows[0]


def require_scheduled(appointment: dict[str, Any]) -> None:
    if appointment["status"] != "scheduled":
        raise UserError(
            f"That appointment is already {appointment['status']}; "
            "only a scheduled one can be changed"
        )


def signed_note_refusal(exc: BaseException) -> bool:
    """Whether the database refused to move an appointment under a signed note (migration
    0073's trigger)."""
    diag = getattr(exc, "diag", None)
    return "signed note" in ((diag.message_primary if diag else None) or str(exc))


def clash_error(db: Database, params: dict[str, Any], exclude_id: Any = None) -> UserError:
    row = db.one("appointments.clash", **params, exclude_id=exclude_id)
    return UserError(clash_text(params["starts_at"], row, db.settings.tz))


def clash_text(start: datetime, other: dict[str, Any] | None, tz: ZoneInfo) -> str:
    if other is None:  # the other booking was cancelled in the meantime
        return f"{describe(start, tz)} clashed with another appointment; try again"
    name = strip_control(other["patient_name"])
    return (
        f"{describe(start, tz)} clashes with {name}'s appointment at "
        f"{describe(other['starts_at'], tz)} (id {str(other['appointment_id'])[:8]})"
    )
