"""What the `sanctuary appointments` commands share: their booking options, what they print
about the appointments they wrote (one line each, or the rows with --format), and the offer to
write the note after `complete`."""

from __future__ import annotations

from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer

from sanctuary_cli.cli.context import app_context
from sanctuary_cli.cli.options import Listing, Written

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
ListFromOpt = Annotated[
    str | None, typer.Option("--from", help="First day (default: 30 days ago).")
]
ListToOpt = Annotated[
    str | None, typer.Option("--to", help="Last day, included (default: 30 days ahead).")
]
SkipClashesOpt = Annotated[
    bool, typer.Option("--skip-clashes", help="Book the rest when some occurrences clash.")
]
FullNamesOpt = Annotated[
    bool, typer.Option("--full-names", help="Put full patient names in event titles.")
]
LateFeeOpt = Annotated[
    bool, typer.Option("--late-fee", help="Charge the late-cancellation fee if within the window.")
]
ReasonOpt = Annotated[str | None, typer.Option("--reason", help="Why it was cancelled.")]
NoShowFeeOpt = Annotated[bool, typer.Option("--fee", help="Charge the no-show fee.")]
SeriesFromOpt = Annotated[
    str | None,
    typer.Option("--from", help="With --series: first day cancelled (default: REF's day)."),
]
SeriesOpt = Annotated[
    bool,
    typer.Option("--series", help="Also the later occurrences of its series still to come."),
]

# What --format csv|json prints for an appointment booked or moved, and for one closed.
WRITTEN_COLUMNS = [
    "appointment_id", "patient_name", "starts_at", "ends_at", "duration_minutes", "status",
    "appointment_type", "fee", "series_id",
]  # fmt: skip
CLOSED_COLUMNS = [
    "appointment_id", "patient_name", "starts_at", "status", "fee_charge_id", "fee_type",
    "fee_amount", "fee_due_date",
]  # fmt: skip


def booked_line(verb: str, row: dict[str, Any], tz: ZoneInfo) -> str:
    """One line a person can check: who, the unambiguous local time, length, id."""
    from sanctuary_cli.rules.dates import describe

    return (
        f"{verb}: {row['patient_name']}, {describe(row['starts_at'], tz)}, "
        f"{row['duration_minutes']} min (id {str(row['appointment_id'])[:8]})"
    )


def say_each(label: str, lines: list[str]) -> None:
    """ "Clash: ...", one line on stderr for each."""
    from sanctuary_cli.cli.messages import say

    for line in lines:
        say(f"{label}: {line}")


def show_written(
    ctx: typer.Context, written: Written, verb: str, rows: list[dict[str, Any]]
) -> None:
    """The appointments booked or moved: a line each, or the rows with --format."""
    tz = app_context(ctx).tz
    if len(rows) == 1:
        written.show(rows[0], WRITTEN_COLUMNS, booked_line(verb, rows[0], tz))
    elif written.format is not None:
        Listing(ctx, written.format).show(rows, WRITTEN_COLUMNS)
    else:
        from sanctuary_cli.cli.messages import result

        for row in rows:
            result(booked_line(verb, row, tz))


def show_closed(ctx: typer.Context, written: Written, status: str, closings: list[Any]) -> None:
    """Each appointment closed and the fee charged for it (stdout: a line each, or the rows
    with --format), then each distinct remark (stderr)."""
    from sanctuary_cli.cli.messages import result, say

    in_words = written.format in ("table", "markdown")
    rows = [closed_row(status, closing, in_words=in_words) for closing in closings]
    if written.format is not None:
        Listing(ctx, written.format).show(rows, CLOSED_COLUMNS)
    else:
        for closing in closings:
            for line in closed_lines(ctx, status, closing):
                result(line)
    for remark in dict.fromkeys(c.remark for c in closings if c.remark):
        say(remark)


def closed_row(status: str, closing: Any, *, in_words: bool = False) -> dict[str, Any]:
    """One closed appointment and its fee; the fee's record type as stored (csv, json) or in
    words for a person ("no-show fee")."""
    from sanctuary_cli.rules.fees import fee_name

    appointment, fee = closing.appointment, closing.fee or {}
    kind = fee.get("record_type")
    return {
        "appointment_id": appointment["id"],
        "patient_name": appointment["patient_name"],
        "starts_at": appointment["starts_at"],
        "status": status,
        "fee_charge_id": fee.get("financial_record_id"),
        "fee_type": fee_name(kind) if kind and in_words else kind,
        "fee_amount": fee.get("amount"),
        "fee_due_date": fee.get("due_date"),
    }


def closed_lines(ctx: typer.Context, status: str, closing: Any) -> list[str]:
    """ "Cancelled: who, when (id ...)", and "Charged no-show fee 100.00 USD, due ..."."""
    from sanctuary_cli.cli.output import money
    from sanctuary_cli.rules.dates import describe
    from sanctuary_cli.rules.fees import fee_name

    settings = app_context(ctx).settings
    appointment = closing.appointment
    lines = [
        f"{status.capitalize()}: {appointment['patient_name']}, "
        f"{describe(appointment['starts_at'], settings.tz)} (id {str(appointment['id'])[:8]})"
    ]
    if closing.fee:
        fee = closing.fee
        lines.append(
            f"Charged {fee_name(fee['record_type'])} {money(fee['amount'])} {settings.currency}, "
            f"due {fee['due_date'].isoformat()} (record {str(fee['financial_record_id'])[:8]})"
        )
    return lines


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
