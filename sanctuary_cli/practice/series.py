"""Changing the rest of a series at once: cancelling the remaining occurrences, or moving them
by the same wall-clock offset (rules/series.py), each in one transaction, all or nothing.

"Remaining" means still scheduled and not yet started. docs/appointments.md, "Series and
daylight saving" describes both, and the late-cancellation fee of a series.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from psycopg import errors

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.appointments import resolve_appointment
from sanctuary_cli.practice.booking import (
    Closing,
    clash_text,
    require_scheduled,
    signed_note_refusal,
)
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.dates import describe, parse_start
from sanctuary_cli.rules.fees import fee_policy, is_late_cancellation
from sanctuary_cli.rules.series import move_order, shift_start, wall_clock_shift
from sanctuary_cli.store.db import Database, named_query, retry_on_conflict


class SeriesNotMoved(UserError):
    """Some occurrences cannot move (a clash, a signed note, a time the clocks skip); nothing
    was moved. `problems` names each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} occurrence(s) cannot move, so nothing was moved")


def series_of(appointment: dict[str, Any]) -> Any:
    if appointment["series_id"] is None:
        raise UserError("That appointment is not part of a series; leave out --series")
    return appointment["series_id"]


def cancel_series(
    db: Database,
    ref: str,
    first_day: str | None = None,
    *,
    charge: bool = False,
    reason: str | None = None,
    now: datetime | None = None,
) -> list[Closing]:
    """Cancel the remaining occurrences of the series of `ref` from `first_day` (default: the
    day of `ref`) on, in one transaction; returns one Closing per occurrence, soonest first.

    With `charge`, each occurrence inside the late-cancellation window gets the policy's fee,
    as if cancelled alone; the others were cancelled with notice and get none."""
    now = now or datetime.now(UTC)
    tz = db.settings.tz
    appointment = resolve_appointment(db, ref)
    series_id = series_of(appointment)
    day = parsers.parse_optional_day(first_day, tz, what="--from")
    day = day or appointment["starts_at"].astimezone(tz).date()
    params = {
        "series_id": series_id,
        "from_at": datetime.combine(day, time(0), tzinfo=tz),
        "reason": reason,
    }
    with db.transaction() as cur:
        cur.execute(named_query("appointments.cancel_series"), params)
        cancelled = sorted(cur.fetchall(), key=lambda row: row["starts_at"])
        if not cancelled:
            raise UserError(f"No occurrence of this series from {day} on is left to cancel")
        closings = []
        for row in cancelled:
            occurrence = {**appointment, "id": row["appointment_id"], "starts_at": row["starts_at"]}
            plan, remark = fee_policy(occurrence, "cancelled", now, charge, db.settings)
            if not is_late_cancellation(row["starts_at"], now, db.settings.late_cancel_hours):
                remark = None  # cancelled with notice: nothing to say about a fee
            fee = None
            if plan is not None:
                cur.execute(
                    named_query("appointments.insert_fee"),
                    {"appointment_id": row["appointment_id"], **plan},
                )
                fee = cur.fetchone()
            closings.append(Closing(occurrence, fee, remark))
    return closings


def reschedule_series(
    db: Database,
    ref: str,
    when: str,
    *,
    duration: int | None = None,
    allow_past: bool = False,
) -> list[dict[str, Any]]:
    """Move `ref` to WHEN and the later remaining occurrences of its series by the same
    wall-clock offset, in one transaction; returns the moved rows, soonest first.

    Nothing moves when any occurrence cannot: SeriesNotMoved names each clash, each
    occurrence under a signed note, and each time the clocks skip."""
    tz = db.settings.tz
    appointment = resolve_appointment(db, ref)
    require_scheduled(appointment)
    series_id = series_of(appointment)
    shift = wall_clock_shift(
        appointment["starts_at"], parse_start(when, tz, allow_past=allow_past), tz
    )
    wanted = {
        "series_id": series_id,
        "appointment_id": appointment["id"],
        "starts_at": appointment["starts_at"],
    }

    def move_all() -> list[dict[str, Any]]:
        with db.transaction() as cur:
            cur.execute(named_query("appointments.series_to_move"), wanted)
            problems: list[str] = []
            moved = []
            for row in move_order(cur.fetchall(), shift):
                outcome = move_one(db, cur, row, shift, duration)
                if isinstance(outcome, str):
                    problems.append(outcome)
                else:
                    moved.append({**outcome, "patient_name": appointment["patient_name"]})
            if problems:
                raise SeriesNotMoved(sorted(problems))
            return sorted(moved, key=lambda row: row["starts_at"])

    return retry_on_conflict(move_all)


def move_one(
    db: Database, cur: Any, row: dict[str, Any], shift: Any, duration: int | None
) -> dict[str, Any] | str:
    """Move one occurrence in a savepoint: the moved row, or why it cannot move."""
    tz = db.settings.tz
    was = describe(row["starts_at"], tz)
    try:
        target = shift_start(row["starts_at"], shift, tz)
    except UserError as exc:
        return f"{was}: {exc}"
    params = {
        "appointment_id": row["appointment_id"],
        "starts_at": target,
        "duration_minutes": duration,
    }
    try:
        with db.savepoint():  # a savepoint: one refusal does not hide the others
            cur.execute(named_query("appointments.reschedule"), params)
            return cur.fetchone()
    except errors.ExclusionViolation:
        clash = {
            "therapist_id": row["therapist_id"],
            "starts_at": target,
            "duration_minutes": duration or row["duration_minutes"],
            "exclude_id": row["appointment_id"],
        }
        cur.execute(named_query("appointments.clash"), clash)
        return clash_text(target, cur.fetchone(), tz)
    except errors.IntegrityConstraintViolation as exc:
        if not signed_note_refusal(exc):
            raise
        return f"{was} has a signed note, so it keeps its time (book a new appointment instead)"
