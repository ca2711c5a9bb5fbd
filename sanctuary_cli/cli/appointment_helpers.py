"""What the `sanctuary appointments` commands share: their booking options, the line naming
what was booked or closed, and the offer to write the note after `complete`."""

from __future__ import annotations

from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer

from sanctuary_cli.cli.context import app_context

PatientArg = Annotated[str, typer.Argument(help="Patient id, id prefix or name.")]
WhenArg = Annotated[
    str, typer.Argument(help='When, in the practice zone: "2026-12-01 09:30", "tomorrow 3pm".')
]
RefArg = Annotated[str, typer.Argument(help="Appointment id, id prefix, or patient name.")]
DurationOpt = Annotated[
    int | None,
    typer.Option("--duration", min=1, max=480, help="Minutes (default: the session type's)."),
]
TypeOpt = Annotated[str, typer.Option("--type", help="Virtual or In-Person.")]
SessionTypeOpt = Annotated[
    str | None, typer.Option("--session-type", help="Session type name (default Individual).")
]
FeeOpt = Annotated[
    str | None, typer.Option("--fee", help="Session fee (default: the session type's).")
]
LocationOpt = Annotated[str | None, typer.Option("--location", help="Room or address.")]
VideoOpt = Annotated[str | None, typer.Option("--video-link", help="Video call link.")]
AllowPastOpt = Annotated[bool, typer.Option("--allow-past", help="Allow a start time in the past.")]


def booked_line(verb: str, row: dict[str, Any], tz: ZoneInfo) -> str:
    """One line a person can check: who, the unambiguous local time, length, id."""
    from sanctuary_cli.rules.dates import describe

    return (
        f"{verb}: {row['patient_name']}, {describe(row['starts_at'], tz)}, "
        f"{row['duration_minutes']} min (id {str(row['appointment_id'])[:8]})"
    )


def say_closed(ctx: typer.Context, status: str, closing: Any) -> None:
    """The appointment closed, the fee charged (both on stdout), and any remark (stderr)."""
    from sanctuary_cli.cli.messages import result, say
    from sanctuary_cli.cli.output import money
    from sanctuary_cli.rules.dates import describe

    settings = app_context(ctx).settings
    appointment = closing.appointment
    result(
        f"{status.capitalize()}: {appointment['patient_name']}, "
        f"{describe(appointment['starts_at'], settings.tz)} (id {str(appointment['id'])[:8]})"
    )
    if closing.fee:
        fee = closing.fee
        result(
            f"Charged {fee['record_type']} {money(fee['amount'])} {settings.currency}, "
            f"due {fee['due_date'].isoformat()} (record {str(fee['financial_record_id'])[:8]})"
        )
    if closing.remark:
        say(closing.remark)


def offer_note(ctx: typer.Context, appointment_id: str) -> None:
    """On a terminal, offer to start the note now (the same root options passed on);
    otherwise say the command that does."""
    import subprocess
    import sys

    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.cli.output import interactive

    command = ["sanctuary", "notes", "add", appointment_id]
    if not interactive():
        say(f"Write the note with: {' '.join(command)}")
        return
    import questionary

    if questionary.confirm("Start the session note now?", default=True).ask():
        options = app_context(ctx).global_options()
        subprocess.run([sys.executable, "-m", "sanctuary_cli", *options, *command[1:]])
    else:
        say(f"Write the note later with: {' '.join(command)}")
