"""`sanctuary appointments`: the appointment book."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.context import app_context, current_therapist
from sanctuary_cli.options import CsvOption, FormatOption, JsonOption, output_format

app = typer.Typer(
    help="Book, move and list appointments.\n\n"
    "Example: sanctuary appointments upcoming --days 14 --csv",
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
    from sanctuary_cli.output import render

    app_ctx = app_context(ctx)
    therapist_id = None if all_therapists else current_therapist(ctx)["id"]
    rows = app_ctx.db().all("appointments.upcoming", days=days, therapist_id=therapist_id)
    render(
        rows,
        UPCOMING_COLUMNS,
        output_format(fmt, csv, json),
        title=f"Upcoming appointments (next {days} days)",
        tz=app_ctx.settings.tz,
        empty_message=f"No appointments in the next {days} days.",
    )
