"""`sanctuary report`: agenda, revenue, caseload, documentation and risk reports, cron-safe."""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import Annotated, Any

import typer

from sanctuary_cli.cli.context import app_context, therapist_scope
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import CsvOption, FormatOption, JsonOption, output_format

app = typer.Typer(
    help=GROUP_HELP["report"],
    no_args_is_help=True,
)

DAILY_COLUMNS = [
    "starts_at",
    "ends_at",
    "duration_minutes",
    "patient_name",
    "session_type",
    "appointment_type",
    "location",
    "status",
    "note_status",
    "patient_balance",
]
REVENUE_COLUMNS = [
    "day",
    "sessions_completed",
    "no_shows",
    "cancellations",
    "billed",
    "insurance_billed",
    "collected",
    "refunded",
]
CASELOAD_COLUMNS = [
    "patient_name",
    "status",
    "change",
    "intake_date",
    "discharged_at",
    "session_count",
    "sessions_in_period",
    "last_session_at",
    "next_appointment_at",
]
DOCUMENTATION_COLUMNS = [
    "patient_name",
    "session_date",
    "session_ended_at",
    "hours_since_session",
    "lateness",
    "issue",
    "note_id",
    "appointment_id",
]
RISK_COLUMNS = [
    "patient_name",
    "last_note_risk_level",
    "last_note_at",
    "safety_plan_on_file",
    "phq9_item9_positive",
    "latest_phq9_total",
    "latest_phq9_severity",
    "latest_gad7_total",
    "latest_gad7_severity",
    "cssrs_risk",
    "last_measured_at",
    "next_appointment_at",
]

OutputOption = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]
DateOption = Annotated[
    str | None, typer.Option("--date", help="Day the report is about, YYYY-MM-DD (default: today).")
]
AllTherapists = Annotated[
    bool, typer.Option("--all-therapists", help="Every clinician, not only you.")
]


def emit(
    ctx: typer.Context,
    rows: list[dict[str, Any]],
    columns: list[str],
    fmt: str,
    output: str | None,
    title: str,
    empty: str,
) -> None:
    """Render to stdout, or to a file replaced atomically (silent unless on a terminal)."""
    import io

    from sanctuary_cli.cli.output import render
    from sanctuary_cli.store.files import atomic_write

    tz = app_context(ctx).settings.tz
    if output is None:
        render(rows, columns, fmt, title=title, tz=tz, empty_message=empty)
        return
    buffer = io.StringIO()
    render(rows, columns, fmt, title=title, tz=tz, out=buffer, empty_message=empty)
    path = atomic_write(output, buffer.getvalue())
    if sys.stderr.isatty():
        typer.echo(f"Wrote {path}", err=True)


def _day(ctx: typer.Context, text: str | None) -> date:
    from sanctuary_cli.rules.money import parse_date

    if text:
        return parse_date(text, "--date")
    return datetime.now(app_context(ctx).settings.tz).date()


@app.command("daily")
def report_daily(
    ctx: typer.Context,
    day: DateOption = None,
    all_therapists: AllTherapists = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
    output: OutputOption = None,
) -> None:
    """The day's agenda: sessions, their note status and each patient's open balance.

    Example: sanctuary report daily --format markdown --output /var/reports/today.md
    """
    from sanctuary_cli.practice.reports import daily_agenda

    fmt_name = output_format(fmt, csv, json)
    when = _day(ctx, day)
    rows = daily_agenda(app_context(ctx).db(), therapist_scope(ctx, all_therapists), when)
    emit(ctx, rows, DAILY_COLUMNS, fmt_name, output, f"Agenda for {when}", "No sessions that day.")


@app.command("weekly")
def report_weekly(
    ctx: typer.Context,
    day: DateOption = None,
    all_therapists: AllTherapists = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
    output: OutputOption = None,
) -> None:
    """Revenue and collection per day of the week (Monday to Sunday) holding --date.

    Example: sanctuary report weekly --date 2026-03-02 --csv -o week.csv
    """
    from sanctuary_cli.practice.reports import revenue, week_bounds

    fmt_name = output_format(fmt, csv, json)
    start, end = week_bounds(_day(ctx, day))
    rows = revenue(app_context(ctx).db(), therapist_scope(ctx, all_therapists), start, end)
    emit(ctx, rows, REVENUE_COLUMNS, fmt_name, output, f"Week {start} to {end}", "")


@app.command("monthly")
def report_monthly(
    ctx: typer.Context,
    day: DateOption = None,
    all_therapists: AllTherapists = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
    output: OutputOption = None,
) -> None:
    """Revenue and collection per day of the calendar month holding --date.

    Example: sanctuary report monthly --date 2026-02-01 --format markdown
    """
    from sanctuary_cli.practice.reports import month_bounds, revenue

    fmt_name = output_format(fmt, csv, json)
    start, end = month_bounds(_day(ctx, day))
    rows = revenue(app_context(ctx).db(), therapist_scope(ctx, all_therapists), start, end)
    emit(ctx, rows, REVENUE_COLUMNS, fmt_name, output, f"Month {start:%Y-%m}", "")


@app.command("caseload")
def report_caseload(
    ctx: typer.Context,
    days: Annotated[int, typer.Option("--days", min=1, max=3660, help="Period in days.")] = 30,
    all_therapists: AllTherapists = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
    output: OutputOption = None,
) -> None:
    """Active patients and those admitted or discharged in the period, with their activity.

    Example: sanctuary report caseload --days 90 --csv
    """
    from sanctuary_cli.practice.reports import caseload

    fmt_name = output_format(fmt, csv, json)
    rows = caseload(app_context(ctx).db(), therapist_scope(ctx, all_therapists), days)
    emit(
        ctx,
        rows,
        CASELOAD_COLUMNS,
        fmt_name,
        output,
        f"Caseload (last {days} days)",
        "No patients in the caseload.",
    )


@app.command("documentation")
def report_documentation(
    ctx: typer.Context,
    days: Annotated[
        int,
        typer.Option("--days", min=1, max=3660, help="Look back this many days for missing notes."),
    ] = 90,
    all_therapists: AllTherapists = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
    output: OutputOption = None,
) -> None:
    """Notes not signed within 24 / 72 hours of the session, and sessions with no note.

    Example: sanctuary report documentation --csv -o unsigned.csv
    """
    from sanctuary_cli.practice.reports import documentation

    fmt_name = output_format(fmt, csv, json)
    rows = documentation(app_context(ctx).db(), therapist_scope(ctx, all_therapists), days)
    emit(
        ctx,
        rows,
        DOCUMENTATION_COLUMNS,
        fmt_name,
        output,
        "Documentation past due",
        "Every note is signed.",
    )


@app.command("risk")
def report_risk(
    ctx: typer.Context,
    all_therapists: AllTherapists = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
    output: OutputOption = None,
) -> None:
    """Active patients with elevated risk: note risk, PHQ-9 item 9, C-SSRS, safety plan.

    Example: sanctuary report risk --format markdown
    """
    from sanctuary_cli.practice.reports import elevated_risk

    fmt_name = output_format(fmt, csv, json)
    rows = elevated_risk(app_context(ctx).db(), therapist_scope(ctx, all_therapists))
    emit(
        ctx,
        rows,
        RISK_COLUMNS,
        fmt_name,
        output,
        "Patients with elevated risk",
        "No patient is flagged for elevated risk.",
    )


@app.command("retention")
def report_retention(
    ctx: typer.Context,
    day: DateOption = None,
    all_therapists: AllTherapists = False,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
    output: OutputOption = None,
) -> None:
    """Patients whose records are past retention (SANCTUARY_RETENTION_YEARS), for your decision.

    Example: sanctuary report retention --csv --output retention.csv
    """
    from sanctuary_cli.practice.retention import RETENTION_COLUMNS, records_past_retention

    fmt_name = output_format(fmt, csv, json)
    db = app_context(ctx).db()
    rows = records_past_retention(
        db, as_of=_day(ctx, day), therapist_id=therapist_scope(ctx, all_therapists)
    )
    emit(
        ctx,
        rows,
        RETENTION_COLUMNS,
        fmt_name,
        output,
        "Records past retention",
        "No records are past the retention period.",
    )
