"""`sanctuary appointments`: the appointment book."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.appointment_helpers import (
    AllowPastOpt,
    DurationOpt,
    FeeOpt,
    FullNamesOpt,
    LateFeeOpt,
    ListFromOpt,
    ListToOpt,
    LocationOpt,
    NoShowFeeOpt,
    PatientArg,
    ReasonOpt,
    RefArg,
    SeriesFromOpt,
    SeriesOpt,
    SessionTypeOpt,
    SkipClashesOpt,
    TypeOpt,
    VideoOpt,
    WhenArg,
    offer_note,
    say_each,
    show_closed,
    show_written,
)
from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, Written, listing_options, written_options

app = typer.Typer(help=GROUP_HELP["appointments"], no_args_is_help=True)

EVERY_CLINICIAN = "Every clinician's appointments."
UPCOMING_COLUMNS = [
    "appointment_id", "starts_at", "ends_at", "duration_minutes", "patient_name",
    "therapist_name", "session_type", "appointment_type", "location",
]  # fmt: skip
LIST_COLUMNS = [
    "appointment_id", "starts_at", "ends_at", "duration_minutes", "patient_name",
    "session_type", "appointment_type", "location", "status", "fee", "series_id",
]  # fmt: skip
BOOKED_COLUMNS = ["appointment_id", "starts_at", "ends_at", "duration_minutes"]


@app.command("upcoming")
@listing_options(all_therapists=EVERY_CLINICIAN)
def appointments_upcoming(
    ctx: typer.Context,
    listing: Listing,
    days: Annotated[int, typer.Option("--days", min=1, max=366, help="How many days ahead.")] = 7,
) -> None:
    """List scheduled appointments from now on.

    Example: sanctuary appointments upcoming --days 14 --csv > week.csv
    """
    from sanctuary_cli.practice.appointments import upcoming

    rows = upcoming(database(ctx), days=days, all_therapists=listing.all_therapists)
    listing.show(
        rows,
        UPCOMING_COLUMNS,
        title=f"Upcoming appointments (next {days} days)",
        empty=f"No appointments in the next {days} days.",
    )


@app.command("list")
@listing_options(all_therapists=EVERY_CLINICIAN)
def appointments_list(
    ctx: typer.Context,
    listing: Listing,
    from_: ListFromOpt = None,
    to: ListToOpt = None,
    patient: Annotated[str | None, typer.Option("--patient", help="Only this patient.")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="scheduled, completed, cancelled or no-show.")
    ] = None,
) -> None:
    """List appointments in a date range.

    Example: sanctuary appointments list --from "dec 1" --to "dec 31" --status completed --csv
    """
    from sanctuary_cli.practice.appointments import list_appointments

    rows = list_appointments(
        database(ctx),
        first_day=from_,
        last_day=to,
        patient=patient,
        status=status,
        all_therapists=listing.all_therapists,
    )
    listing.show(rows, LIST_COLUMNS, title="Appointments", empty="No appointments in that range.")


@app.command("add")
@written_options()
def appointments_add(
    ctx: typer.Context,
    written: Written,
    patient: PatientArg,
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
    from sanctuary_cli.practice.booking import Booking, book

    wanted = Booking(
        patient,
        when,
        allow_past=allow_past,
        duration_minutes=duration,
        appointment_type=type_,
        session_type=session_type,
        fee=fee,
        location=location,
        video_link=video_link,
    )
    show_written(ctx, written, "Booked", [book(database(ctx), wanted)])


@app.command("recurring")
@listing_options()
def appointments_recurring(
    ctx: typer.Context,
    listing: Listing,
    patient: PatientArg,
    when: WhenArg,
    every: Annotated[str, typer.Option("--every", help="week or 2weeks.")] = "week",
    count: Annotated[int, typer.Option("--count", min=1, max=104, help="Occurrences.")] = 6,
    skip_clashes: SkipClashesOpt = False,
    duration: DurationOpt = None,
    type_: TypeOpt = "In-Person",
    session_type: SessionTypeOpt = None,
    fee: FeeOpt = None,
    location: LocationOpt = None,
    video_link: VideoOpt = None,
    allow_past: AllowPastOpt = False,
) -> None:
    """Book a weekly or fortnightly series at the same wall-clock time, one row per occurrence.

    Example: sanctuary appointments recurring chloe "next mon 11:00" --every week --count 10
    """
    from sanctuary_cli.practice.booking import Booking, SeriesClash, book_series

    wanted = Booking(
        patient,
        when,
        allow_past=allow_past,
        duration_minutes=duration,
        appointment_type=type_,
        session_type=session_type,
        fee=fee,
        location=location,
        video_link=video_link,
    )
    try:
        series = book_series(
            database(ctx), wanted, every=every, count=count, skip_clashes=skip_clashes
        )
    except SeriesClash as exc:
        say_each("Clash", exc.clashes)
        raise
    say_each("Skipped", series.clashes)
    listing.show(series.created, BOOKED_COLUMNS, title=f"Series for {series.patient_name}")


@app.command("reschedule")
@written_options()
def appointments_reschedule(
    ctx: typer.Context,
    written: Written,
    ref: RefArg,
    when: WhenArg,
    duration: DurationOpt = None,
    allow_past: AllowPastOpt = False,
    series: SeriesOpt = False,
) -> None:
    """Move an appointment; with --series, its series' later ones by the same offset too.

    Example: sanctuary appointments reschedule 3f2a9c1b "thu 15:00" --series
    """
    from sanctuary_cli.practice.booking import reschedule
    from sanctuary_cli.practice.series import SeriesNotMoved, reschedule_series

    db = database(ctx)
    if not series:
        row = reschedule(db, ref, when, duration=duration, allow_past=allow_past)
        show_written(ctx, written, "Moved", [row])
        return
    try:
        rows = reschedule_series(db, ref, when, duration=duration, allow_past=allow_past)
    except SeriesNotMoved as exc:
        say_each("Cannot move", exc.problems)
        raise
    show_written(ctx, written, "Moved", rows)


@app.command("complete")
@written_options()
def appointments_complete(ctx: typer.Context, written: Written, ref: RefArg) -> None:
    """Mark an appointment as held (the patient's session count follows) and offer a note.

    Example: sanctuary appointments complete 3f2a9c1b
    """
    from sanctuary_cli.practice.booking import close

    closing = close(database(ctx), ref, "completed")
    show_closed(ctx, written, "completed", [closing])
    offer_note(ctx, str(closing.appointment["id"]))


@app.command("cancel")
@written_options()
def appointments_cancel(
    ctx: typer.Context,
    written: Written,
    ref: RefArg,
    late_fee: LateFeeOpt = False,
    reason: ReasonOpt = None,
    series: SeriesOpt = False,
    from_: SeriesFromOpt = None,
) -> None:
    """Cancel an appointment (the late fee when asked and due); --series: the rest of its series.

    Example: sanctuary appointments cancel 3f2a9c1b --series --from "jan 5" --reason "moving"
    """
    from sanctuary_cli.practice.booking import close
    from sanctuary_cli.practice.series import cancel_series

    db = database(ctx)
    if series:
        closings = cancel_series(db, ref, from_, charge=late_fee, reason=reason)
    elif from_ is not None:
        raise typer.BadParameter("--from goes with --series", param_hint="--from")
    else:
        closings = [close(db, ref, "cancelled", charge=late_fee, reason=reason)]
    show_closed(ctx, written, "cancelled", closings)


@app.command("no-show")
@written_options()
def appointments_no_show(
    ctx: typer.Context,
    written: Written,
    ref: RefArg,
    fee: NoShowFeeOpt = False,
) -> None:
    """Record that the patient did not come, with the no-show fee when asked.

    Example: sanctuary appointments no-show 3f2a9c1b --fee
    """
    from sanctuary_cli.practice.booking import close

    closing = close(database(ctx), ref, "no-show", charge=fee)
    show_closed(ctx, written, "no-show", [closing])


@app.command("export")
def appointments_export(
    ctx: typer.Context,
    ics: Annotated[str, typer.Option("--ics", help="The .ics file to write.")],
    from_: Annotated[str | None, typer.Option("--from", help="First day (default: today).")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Last day, included.")] = None,
    full_names: FullNamesOpt = False,
    all_therapists: Annotated[bool, typer.Option("--all-therapists", help=EVERY_CLINICIAN)] = False,
) -> None:
    """Write appointments to an RFC 5545 calendar file (initials only unless --full-names).

    Example: sanctuary appointments export --ics ~/calendar/practice.ics --from today
    """
    from sanctuary_cli.cli.messages import say
    from sanctuary_cli.practice.appointments import export_calendar

    count, path = export_calendar(
        database(ctx),
        ics,
        first_day=from_,
        last_day=to,
        full_names=full_names,
        all_therapists=all_therapists,
    )
    say(f"Wrote {count} appointment(s) to {path}")
