"""`sanctuary report`: agenda, revenue, caseload, documentation and risk reports, cron-safe."""

from __future__ import annotations

from typing import Annotated

import typer

from sanctuary_cli.cli.context import database
from sanctuary_cli.cli.groups import GROUP_HELP
from sanctuary_cli.cli.options import Listing, listing_options

app = typer.Typer(help=GROUP_HELP["report"], no_args_is_help=True)

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
    "elevated_since",
    "elevated_by",
]

DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Day the report is about: YYYY-MM-DD or words like today, tomorrow, last mon "
        "(default: today).",
    ),
]


@app.command("daily")
@listing_options(all_therapists="Every clinician, not only you.", output=True)
def report_daily(ctx: typer.Context, listing: Listing, day: DateOption = None) -> None:
    """The day's agenda: sessions, their note status and each patient's open balance.

    Example: sanctuary report daily --format markdown --output /var/reports/today.md
    """
    from sanctuary_cli.practice.reports import daily_agenda

    agenda = daily_agenda(database(ctx), day, all_therapists=listing.all_therapists)
    # Whose session each is, when the agenda is the practice's (the default columns stay).
    columns = DAILY_COLUMNS
    if listing.all_therapists:
        columns = [*DAILY_COLUMNS[:4], "therapist_name", *DAILY_COLUMNS[4:]]
    listing.show(
        agenda.rows,
        columns,
        title=f"Agenda for {agenda.start}",
        empty="No sessions that day.",
        footer=f"Audit chain head: {agenda.audit_head.line()} "
        "(a copy for `sanctuary audit verify --anchor`)",
    )


@app.command("weekly")
@listing_options(all_therapists="Every clinician, not only you.", output=True)
def report_weekly(ctx: typer.Context, listing: Listing, day: DateOption = None) -> None:
    """Revenue and collection per day of the week (Monday to Sunday) holding --date.

    Example: sanctuary report weekly --date 2026-03-02 --csv -o week.csv
    """
    from sanctuary_cli.practice.reports import weekly_revenue

    week = weekly_revenue(database(ctx), day, all_therapists=listing.all_therapists)
    listing.show(week.rows, REVENUE_COLUMNS, title=f"Week {week.start} to {week.end}", empty="")


@app.command("monthly")
@listing_options(all_therapists="Every clinician, not only you.", output=True)
def report_monthly(ctx: typer.Context, listing: Listing, day: DateOption = None) -> None:
    """Revenue and collection per day of the calendar month holding --date.

    Example: sanctuary report monthly --date 2026-02-01 --format markdown
    """
    from sanctuary_cli.practice.reports import monthly_revenue

    month = monthly_revenue(database(ctx), day, all_therapists=listing.all_therapists)
    listing.show(month.rows, REVENUE_COLUMNS, title=f"Month {month.start:%Y-%m}", empty="")


@app.command("caseload")
@listing_options(all_therapists="Every clinician, not only you.", output=True)
def report_caseload(
    ctx: typer.Context,
    listing: Listing,
    days: Annotated[int, typer.Option("--days", min=1, max=3660, help="Period in days.")] = 30,
) -> None:
    """Active patients and those admitted or discharged in the period, with their activity.

    Example: sanctuary report caseload --days 90 --csv
    """
    from sanctuary_cli.practice.reports import caseload

    rows = caseload(database(ctx), days, all_therapists=listing.all_therapists)
    listing.show(
        rows,
        CASELOAD_COLUMNS,
        title=f"Caseload (last {days} days)",
        empty="No patients in the caseload.",
    )


@app.command("documentation")
@listing_options(all_therapists="Every clinician, not only you.", output=True)
def report_documentation(
    ctx: typer.Context,
    listing: Listing,
    days: Annotated[
        int,
        typer.Option("--days", min=1, max=3660, help="Look back this many days for missing notes."),
    ] = 90,
) -> None:
    """Notes not signed within 24 / 72 hours of the session, sessions with no note, and
    patients with no signed treatment plan after 30 days or a plan past its review date.

    Example: sanctuary report documentation --csv -o unsigned.csv
    """
    from sanctuary_cli.practice.reports import documentation

    rows = documentation(database(ctx), days, all_therapists=listing.all_therapists)
    listing.show(
        rows,
        DOCUMENTATION_COLUMNS,
        title="Documentation past due",
        empty="Every note is signed and every treatment plan current.",
    )


@app.command("risk")
@listing_options(all_therapists="Every clinician, not only you.", output=True)
def report_risk(ctx: typer.Context, listing: Listing) -> None:
    """Active patients with elevated risk: note risk, PHQ-9 item 9, C-SSRS, safety plan.

    Example: sanctuary report risk --format markdown
    """
    from sanctuary_cli.practice.reports import elevated_risk

    # A table written to --output leaves the screen too: the audit log says EXPORT.
    exported = listing.is_export or listing.output is not None
    rows = elevated_risk(database(ctx), all_therapists=listing.all_therapists, export=exported)
    listing.show(
        rows,
        RISK_COLUMNS,
        title="Patients with elevated risk",
        empty="No patient is flagged for elevated risk.",
    )


@app.command("retention")
@listing_options(all_therapists="Every clinician, not only you.", output=True)
def report_retention(ctx: typer.Context, listing: Listing, day: DateOption = None) -> None:
    """Patients whose records are past retention (SANCTUARY_RETENTION_YEARS), for your decision.

    Example: sanctuary report retention --csv --output retention.csv
    """
    from sanctuary_cli.practice.retention import RETENTION_COLUMNS, retention_report

    rows = retention_report(database(ctx), day, all_therapists=listing.all_therapists)
    listing.show(
        rows,
        RETENTION_COLUMNS,
        title="Records past retention",
        empty="No records are past the retention period.",
    )
