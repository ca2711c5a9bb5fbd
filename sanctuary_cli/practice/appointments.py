"""The appointment book: booking, moving and closing appointments, series, fees.

Plain functions over a Database that return data and never print. Double booking is refused
by the database's exclusion constraint; these functions turn its violation into a message
that names the clashing appointment.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from psycopg import errors

from sanctuary_cli.cli.output import strip_control
from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.refs import (
    ambiguous_message,
    id_prefix_pattern,
    resolve_by_id,
    resolve_patient,
)
from sanctuary_cli.rules.dates import describe
from sanctuary_cli.store.db import Database, named_query, retry_on_conflict

APPOINTMENT_TYPES = {"virtual": "Virtual", "in-person": "In-Person", "inperson": "In-Person"}
NO_SHOW_FEE_TYPE = "late-fee"
LATE_CANCEL_FEE_TYPE = "cancellation-fee"


@dataclass
class Booking:
    """What to book; starts_at is aware. Missing duration and fee come from the session type."""

    therapist_id: Any
    patient: dict[str, Any]
    starts_at: datetime
    duration_minutes: int | None = None
    appointment_type: str = "In-Person"
    session_type: str | None = None
    fee: Decimal | None = None
    location: str | None = None
    video_link: str | None = None


@dataclass
class SeriesResult:
    created: list[dict[str, Any]] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)


def book(db: Database, booking: Booking, tz: ZoneInfo) -> dict[str, Any]:
    """Insert one appointment; a clash raises UserError naming the other appointment."""
    params = booking_params(db, booking)

    def insert() -> dict[str, Any]:
        with db.transaction() as cur:
            cur.execute(named_query("appointments.insert"), params)
            return cur.fetchone()

    try:
        return retry_on_conflict(insert)
    except errors.ExclusionViolation:
        raise clash_error(db, params, tz) from None


def book_series(
    db: Database, booking: Booking, starts: list[datetime], tz: ZoneInfo, *, skip_clashes: bool
) -> SeriesResult:
    """One row per occurrence, all in one transaction sharing a series id.

    Each clash is reported; with skip_clashes the others are still booked, otherwise nothing is.
    """
    params = booking_params(db, booking)
    params["series_id"] = uuid.uuid4()

    def insert_all() -> SeriesResult:
        result = SeriesResult()
        with db.transaction() as cur:
            for start in starts:
                occurrence = {**params, "starts_at": start}
                try:
                    with db.conn.transaction():  # a savepoint: one clash does not spoil the rest
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


class SeriesClash(UserError):
    """Some occurrences clash; nothing was booked."""

    def __init__(self, clashes: list[str]):
        self.clashes = clashes
        super().__init__(
            f"{len(clashes)} occurrence(s) clash, so nothing was booked "
            "(use --skip-clashes to book the others)"
        )


def reschedule(
    db: Database, appointment: dict[str, Any], starts_at: datetime, duration: int | None,
    tz: ZoneInfo,
) -> dict[str, Any]:  # fmt: skip
    """Move a scheduled appointment; a clash raises UserError naming the other appointment."""
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
        raise clash_error(db, clash, tz, exclude_id=appointment["id"]) from None
    if row is None:
        raise UserError("That appointment was changed meanwhile; look at it again")
    return row


@dataclass
class Closing:
    """The outcome of complete / cancel / no-show: the row, a fee if one was charged, a note."""

    appointment: dict[str, Any]
    fee: dict[str, Any] | None = None
    remark: str | None = None


def close(
    db: Database,
    appointment: dict[str, Any],
    status: str,
    *,
    now: datetime,
    charge: bool = False,
    reason: str | None = None,
) -> Closing:
    """Complete, cancel or mark a no-show, with the policy's fee when asked, in one transaction."""
    require_scheduled(appointment)
    if status in ("completed", "no-show") and appointment["starts_at"] > now:
        raise UserError(
            f"That appointment has not started yet; cancel or reschedule it instead of "
            f"marking it {status}"
        )
    settings = db.settings
    fee_plan, remark = fee_policy(appointment, status, now, charge, settings)
    with db.transaction() as cur:
        cur.execute(
            named_query("appointments.set_status"),
            {"appointment_id": appointment["id"], "status": status, "reason": reason},
        )
        row = cur.fetchone()
        if row is None:
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
    return Closing(row, fee, remark)


def fee_policy(
    appointment: dict[str, Any], status: str, now: datetime, charge: bool, settings: Any
) -> tuple[dict[str, Any] | None, str | None]:
    """The fee to charge (record type, amount, description) and a remark for the person."""
    if status == "cancelled":
        late = is_late_cancellation(appointment["starts_at"], now, settings.late_cancel_hours)
        if not charge:
            if late and not appointment["fee_exempt"]:
                return None, "Late cancellation (add --late-fee to charge the fee)"
            return None, None
        if not late:
            return None, (
                f"Not a late cancellation (more than {settings.late_cancel_hours} hours' "
                "notice), so no fee was charged"
            )
        kind, amount, label = LATE_CANCEL_FEE_TYPE, settings.late_cancel_fee, "Late cancellation"
    elif status == "no-show" and charge:
        kind, amount, label = NO_SHOW_FEE_TYPE, settings.no_show_fee, "No-show"
    else:
        return None, None
    if appointment["fee_exempt"]:
        return None, "The patient is fee-exempt, so no fee was charged"
    if amount <= 0:
        return None, f"The {label.lower()} fee is set to 0, so no fee was charged"
    plan = {"record_type": kind, "amount": amount, "description": f"{label} fee"}
    return plan, None


def is_late_cancellation(starts_at: datetime, now: datetime, hours: int) -> bool:
    """Cancelled less than `hours` before the start (or after it)."""
    return starts_at - now < timedelta(hours=hours)


def resolve_appointment(db: Database, ref: str, tz: ZoneInfo) -> dict[str, Any]:
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
        candidates = [f"{str(r['id'])[:8]} {describe(r['starts_at'], tz)}" for r in rows]
        raise UserError(ambiguous_message("scheduled appointments", ref, candidates))
    return load_appointment(db, rows[0]["id"])


def load_appointment(db: Database, appointment_id: Any) -> dict[str, Any]:
    row = db.one("appointments.get", appointment_id=appointment_id)
    if row is None:
        raise UserError(f"No appointment with id {str(appointment_id)[:8]!r}")
    return row


def booking_params(db: Database, booking: Booking) -> dict[str, Any]:
    """Query parameters of a booking, defaults filled in from the session type."""
    if booking.patient.get("status", "Active") != "Active":
        raise UserError(
            f"{strip_control(booking.patient['full_name'])} is {booking.patient['status']}; "
            "reactivate with `sanctuary patients edit REF --status Active` first"
        )
    kind = find_session_type(db, booking.session_type)
    appointment_type = APPOINTMENT_TYPES.get(booking.appointment_type.lower().replace(" ", ""))
    if appointment_type is None:
        raise UserError(f"--type must be Virtual or In-Person, not {booking.appointment_type!r}")
    return {
        "therapist_id": booking.therapist_id,
        "patient_id": booking.patient["id"],
        "session_type_id": kind["id"],
        "starts_at": booking.starts_at,
        "duration_minutes": booking.duration_minutes or kind["default_duration_minutes"],
        "appointment_type": appointment_type,
        "location": booking.location,
        "video_link": booking.video_link,
        "fee": kind["default_fee"] if booking.fee is None else booking.fee,
        "series_id": None,
    }


def parse_fee(text: str | None, option: str = "--fee") -> Decimal | None:
    """A typed amount ("150", "150.00", "$150") as Decimal; None when not given."""
    from decimal import InvalidOperation

    if text is None:
        return None
    try:
        value = Decimal(text.strip().lstrip("$"))
    except InvalidOperation:
        raise UserError(f"{option} must be an amount like 150 or 150.00, not {text!r}") from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise UserError(f"{option} must be a non-negative amount with at most 2 decimals")
    return value


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


def clash_error(
    db: Database, params: dict[str, Any], tz: ZoneInfo, exclude_id: Any = None
) -> UserError:
    row = db.one("appointments.clash", **params, exclude_id=exclude_id)
    return UserError(clash_text(params["starts_at"], row, tz))


def clash_text(start: datetime, other: dict[str, Any] | None, tz: ZoneInfo) -> str:
    if other is None:  # the other booking was cancelled in the meantime
        return f"{describe(start, tz)} clashed with another appointment; try again"
    name = strip_control(other["patient_name"])
    return (
        f"{describe(start, tz)} clashes with {name}'s appointment at "
        f"{describe(other['starts_at'], tz)} (id {str(other['appointment_id'])[:8]})"
    )
