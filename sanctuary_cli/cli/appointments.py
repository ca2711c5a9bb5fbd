"""`sanctuary appointments`: the appointment book."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.appointment_helpers import (
    close_appointment,
    echo_booked,
    err,
    list_params,
    make_booking,
    offer_note,
)
from sanctuary_cli.cli.context import app_context, therapist_scope
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import CsvOption, FormatOption, JsonOption, output_format

app = typer.Typer(
    help=GROUP_HELP["appointments"],
    no_args_is_help=True,
)

UPCOMING_COLUMNS = [
    "appointment_id",
    "starts_at",
    "ends_at",
    "duration_minutes",
    "patient_name",
    "therapist_name",
    "session_type",
    "appointment_type",
    "location",
]


@app.command("upcoming")
def appointments_upcoming(
    ctx: typer.Context,
    days: Annotated[int, typer.Option("--days", min=1, max=366, help="How many days ahead.")] = 7,
    all_therapists: Annotated[
        bool, typer.Option("--all-therapists", help="Every clinician's appointments.")
    ] = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """List scheduled appointments from now on.

    Example: sanctuary appointments upcoming --days 14 --csv > week.csv
    """
    from sanctuary_cli.cli.output import render

    app_ctx = app_context(ctx)
    therapist_id = therapist_scope(ctx, all_therapists)
    rows = app_ctx.db().all("appointments.upcoming", days=days, therapist_id=therapist_id)
    render(
        rows,
        UPCOMING_COLUMNS,
        output_format(fmt, csv, json),
        title=f"Upcoming appointments (next {days} days)",
        tz=app_ctx.settings.tz,
        empty_message=f"No appointments in the next {days} days.",
    )


LIST_COLUMNS = [
    "appointment_id",
    "starts_at",
    "ends_at",
    "duration_minutes",
    "patient_name",
    "session_type",
    "appointment_type",
    "location",
    "status",
    "fee",
    "series_id",
]
BOOKED_COLUMNS = ["appointment_id", "starts_at", "ends_at", "duration_minutes"]

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


@app.command("list")
def appointments_list(
    ctx: typer.Context,
    from_: Annotated[
        str | None, typer.Option("--from", help="First day (default: 30 days ago).")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Last day, included (default: 30 days ahead).")
    ] = None,
    patient: Annotated[str | None, typer.Option("--patient", help="Only this patient.")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="scheduled, completed, cancelled or no-show.")
    ] = None,
    all_therapists: Annotated[
        bool, typer.Option("--all-therapists", help="Every clinician's appointments.")
    ] = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """List appointments in a date range.

    Example: sanctuary appointments list --from "dec 1" --to "dec 31" --status completed --csv
    """
    from sanctuary_cli.cli.output import render

    app_ctx = app_context(ctx)
    params = list_params(ctx, from_, to, patient, status, all_therapists)
    rows = app_ctx.db().all("appointments.list", **params)
    render(
        rows,
        LIST_COLUMNS,
        output_format(fmt, csv, json),
        title="Appointments",
        tz=app_ctx.settings.tz,
        empty_message="No appointments in that range.",
    )


@app.command("add")
def appointments_add(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="Patient id, id prefix or name.")],
    when: WhenArg,
    duration: DurationOpt = None,
    type_: TypeOpt = "In-Person",
    session_type: SessionTypeOpt = None,
    fee: FeeOpt = None,
    location: LocationOpt = None,
    video_link: VideoOpt = None,
    allow_past: AllowPastOpt = False,
) -> None:
    """Book an appointment; the parsed time is echoed back.

    Example: sanctuary appointments add "amelia chen" "next tue 10:00" --type Virtual
    """
    from sanctuary_cli.practice.appointments import book

    app_ctx = app_context(ctx)
    booking = make_booking(
        ctx, patient, when, duration, type_, session_type, fee, location, video_link, allow_past
    )
    row = book(app_ctx.db(), booking, app_ctx.settings.tz)
    echo_booked(app_ctx, booking.patient["full_name"], row)


@app.command("recurring")
def appointments_recurring(
    ctx: typer.Context,
    patient: Annotated[str, typer.Argument(help="Patient id, id prefix or name.")],
    when: WhenArg,
    every: Annotated[str, typer.Option("--every", help="week or 2weeks.")] = "week",
    count: Annotated[int, typer.Option("--count", min=1, max=104, help="Occurrences.")] = 6,
    skip_clashes: Annotated[
        bool, typer.Option("--skip-clashes", help="Book the rest when some occurrences clash.")
    ] = False,
    duration: DurationOpt = None,
    type_: TypeOpt = "In-Person",
    session_type: SessionTypeOpt = None,
    fee: FeeOpt = None,
    location: LocationOpt = None,
    video_link: VideoOpt = None,
    allow_past: AllowPastOpt = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Book a weekly or fortnightly series at the same wall-clock time, one row per occurrence.

    Example: sanctuary appointments recurring chloe "next mon 11:00" --every week --count 10
    """
    from sanctuary_cli.cli.output import render
    from sanctuary_cli.practice.appointments import SeriesClash, book_series
    from sanctuary_cli.rules.dates import recurrence

    app_ctx = app_context(ctx)
    tz = app_ctx.settings.tz
    booking = make_booking(
        ctx, patient, when, duration, type_, session_type, fee, location, video_link, allow_past
    )
    starts = recurrence(booking.starts_at, every, count, tz)
    try:
        result = book_series(app_ctx.db(), booking, starts, tz, skip_clashes=skip_clashes)
    except SeriesClash as exc:
        for line in exc.clashes:
            err(f"Clash: {line}")
        raise
    for line in result.clashes:
        err(f"Skipped: {line}")
    render(
        result.created,
        BOOKED_COLUMNS,
        output_format(fmt, csv, json),
        title=f"Series for {booking.patient['full_name']}",
        tz=tz,
    )


@app.command("reschedule")
def appointments_reschedule(
    ctx: typer.Context,
    ref: RefArg,
    when: WhenArg,
    duration: DurationOpt = None,
    allow_past: AllowPastOpt = False,
) -> None:
    """Move a scheduled appointment to a new time.

    Example: sanctuary appointments reschedule 3f2a9c1b "thu 15:00"
    """
    from sanctuary_cli.practice.appointments import reschedule, resolve_appointment
    from sanctuary_cli.rules.dates import parse_start

    app_ctx = app_context(ctx)
    tz = app_ctx.settings.tz
    appointment = resolve_appointment(app_ctx.db(), ref, tz)
    starts_at = parse_start(when, tz, allow_past=allow_past)
    row = reschedule(app_ctx.db(), appointment, starts_at, duration, tz)
    echo_booked(app_ctx, appointment["patient_name"], row, verb="Moved")


@app.command("complete")
def appointments_complete(ctx: typer.Context, ref: RefArg) -> None:
    """Mark an appointment as held (the patient's session count follows) and offer a note.

    Example: sanctuary appointments complete 3f2a9c1b
    """
    closing = close_appointment(ctx, ref, "completed")
    appointment_id = str(closing.appointment["appointment_id"])
    offer_note(ctx, appointment_id)


@app.command("cancel")
def appointments_cancel(
    ctx: typer.Context,
    ref: RefArg,
    late_fee: Annotated[
        bool,
        typer.Option("--late-fee", help="Charge the late-cancellation fee if within the window."),
    ] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it was cancelled.")] = None,
) -> None:
    """Cancel an appointment, with the late-cancellation fee when asked and due.

    Example: sanctuary appointments cancel 3f2a9c1b --late-fee --reason "sick"
    """
    close_appointment(ctx, ref, "cancelled", charge=late_fee, reason=reason)


@app.command("no-show")
def appointments_no_show(
    ctx: typer.Context,
    ref: RefArg,
    fee: Annotated[bool, typer.Option("--fee", help="Charge the no-show fee.")] = False,
) -> None:
    """Record that the patient did not come, with the no-show fee when asked.

    Example: sanctuary appointments no-show 3f2a9c1b --fee
    """
    close_appointment(ctx, ref, "no-show", charge=fee)


@app.command("export")
def appointments_export(
    ctx: typer.Context,
    ics: Annotated[str, typer.Option("--ics", help="The .ics file to write.")],
    from_: Annotated[str | None, typer.Option("--from", help="First day (default: today).")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Last day, included.")] = None,
    full_names: Annotated[
        bool, typer.Option("--full-names", help="Put full patient names in event titles.")
    ] = False,
    all_therapists: Annotated[
        bool, typer.Option("--all-therapists", help="Every clinician's appointments.")
    ] = False,
) -> None:
    """Write appointments to an RFC 5545 calendar file (initials only unless --full-names).

    Example: sanctuary appointments export --ics ~/calendar/practice.ics --from today
    """
    from pathlib import Path

    from sanctuary_cli.practice.audit import record_read
    from sanctuary_cli.rules.calendar import calendar_bytes, write_atomically
    from sanctuary_cli.rules.dates import day_range

    app_ctx = app_context(ctx)
    tz = app_ctx.settings.tz
    start, end = day_range(tz, from_, to, default_back=0, default_ahead=None)
    therapist_id = therapist_scope(ctx, all_therapists)
    rows = app_ctx.db().all(
        "appointments.calendar", from_at=start, to_at=end, therapist_id=therapist_id
    )
    target = Path(ics).expanduser()
    write_atomically(target, calendar_bytes(rows, tz, full_names=full_names))
    record_read(app_ctx.db(), "appointments", None, None, action="EXPORT")
    err(f"Wrote {len(rows)} appointment(s) to {target}")
