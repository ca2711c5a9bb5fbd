"""Helpers of `sanctuary appointments`: booking from options, closing with a report line,
the note offer. Kept apart so the command module stays a list of thin commands.
"""

from __future__ import annotations

import sys

from sanctuary_cli.cli.context import app_context, current_therapist, therapist_scope
from sanctuary_cli.cli.output import strip_control


def make_booking(ctx, patient, when, duration, type_, session_type, fee, location, video, past):
    """A Booking from command-line values: patient resolved, WHEN parsed, fee read."""
    from sanctuary_cli.practice.appointments import Booking, parse_fee
    from sanctuary_cli.practice.refs import resolve_patient
    from sanctuary_cli.rules.dates import parse_start

    app_ctx = app_context(ctx)
    therapist = current_therapist(ctx)
    found = resolve_patient(app_ctx.db(), patient)
    return Booking(
        therapist_id=therapist["id"],
        patient=found,
        starts_at=parse_start(when, app_ctx.settings.tz, allow_past=past),
        duration_minutes=duration,
        appointment_type=type_,
        session_type=session_type,
        fee=parse_fee(fee),
        location=location,
        video_link=video,
    )


def list_params(ctx, from_, to, patient, status, all_therapists) -> dict:
    from sanctuary_cli.errors import UserError
    from sanctuary_cli.practice.refs import resolve_patient
    from sanctuary_cli.rules.dates import day_range

    app_ctx = app_context(ctx)
    start, end = day_range(app_ctx.settings.tz, from_, to, default_back=30, default_ahead=30)
    statuses = ("scheduled", "completed", "cancelled", "no-show")
    if status is not None and status not in statuses:
        raise UserError(f"--status must be one of {', '.join(statuses)}")
    return {
        "from_at": start,
        "to_at": end,
        "therapist_id": therapist_scope(ctx, all_therapists),
        "patient_id": resolve_patient(app_ctx.db(), patient)["id"] if patient else None,
        "status": status,
    }


def close_appointment(ctx, ref: str, status: str, *, charge: bool = False, reason=None):
    """Resolve, close with the fee policy, and report on one line (plus any remark)."""
    from datetime import UTC, datetime

    from sanctuary_cli.cli.output import money
    from sanctuary_cli.practice.appointments import close, resolve_appointment
    from sanctuary_cli.rules.dates import describe

    app_ctx = app_context(ctx)
    tz = app_ctx.settings.tz
    appointment = resolve_appointment(app_ctx.db(), ref, tz)
    closing = close(
        app_ctx.db(), appointment, status, now=datetime.now(UTC), charge=charge, reason=reason
    )
    print(
        f"{status.capitalize()}: {strip_control(appointment['patient_name'])}, "
        f"{describe(appointment['starts_at'], tz)} (id {str(appointment['id'])[:8]})"
    )
    if closing.fee:
        fee = closing.fee
        print(
            f"Charged {fee['record_type']} {money(fee['amount'])} {app_ctx.settings.currency}, "
            f"due {fee['due_date'].isoformat()} (record {str(fee['financial_record_id'])[:8]})"
        )
    if closing.remark:
        err(closing.remark)
    return closing


def offer_note(ctx, appointment_id: str) -> None:
    """On a terminal, offer to start the note now; otherwise print the command that does."""
    import subprocess
    import sys

    from sanctuary_cli.cli.output import interactive

    command = ["sanctuary", "notes", "add", appointment_id]
    if not interactive():
        err(f"Write the note with: {' '.join(command)}")
        return
    import questionary

    if questionary.confirm("Start the session note now?", default=True).ask():
        app_ctx = app_context(ctx)
        options = []
        if app_ctx.database_url:
            options += ["--database-url", app_ctx.database_url]
        if app_ctx.therapist:
            options += ["--therapist", app_ctx.therapist]
        subprocess.run([sys.executable, "-m", "sanctuary_cli", *options, *command[1:]])
    else:
        err(f"Write the note later with: {' '.join(command)}")


def echo_booked(app_ctx, patient_name: str, row: dict, verb: str = "Booked") -> None:
    """One line a person can check: who, the unambiguous local time, length, id."""
    from sanctuary_cli.rules.dates import describe

    when = describe(row["starts_at"], app_ctx.settings.tz)
    print(
        f"{verb}: {strip_control(patient_name)}, {when}, "
        f"{row['duration_minutes']} min (id {str(row['appointment_id'])[:8]})"
    )


def err(message: str) -> None:
    sys.stderr.write(message + "\n")
