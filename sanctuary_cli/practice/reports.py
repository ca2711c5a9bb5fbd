"""The practice reports (daily, weekly, monthly, caseload, documentation, risk) as rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.audit import chain_head, record_shown
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.store.anchors import Anchor
from sanctuary_cli.store.db import Database

# A new patient's first plan is past due 30 days into treatment (a common deadline for an
# initial plan; a practice held to a stricter one changes this number).
PLAN_DUE_DAYS = 30
REVENUE_SUMS = (
    "sessions_completed",
    "no_shows",
    "cancellations",
    "billed",
    "insurance_billed",
    "collected",
    "refunded",
)


@dataclass(frozen=True)
class Period:
    """A report's rows and the days they cover (the first and last, both included)."""

    start: date
    end: date
    rows: list[dict[str, Any]]
    audit_head: Anchor | None = None  # the daily report carries it, so each mail keeps a copy


def report_day(db: Database, day: str | date | None) -> date:
    """The day a report is about: --date as ISO or WHEN words, else today in the practice zone."""
    tz = db.settings.tz
    return parsers.parse_day(day, tz, what="--date") if day else practice_today(tz)


def week_bounds(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding `day`."""
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def month_bounds(day: date) -> tuple[date, date]:
    """First to last day of the month holding `day`."""
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)


def daily_agenda(
    db: Database, day: str | date | None = None, *, all_therapists: bool = False
) -> Period:
    """The sessions of one day with their note status and each patient's open balance."""
    when = report_day(db, day)
    rows = db.all("report.daily", therapist_id=clinician.scope(db, all_therapists), day=when)
    return Period(when, when, rows, audit_head=chain_head(db))


def weekly_revenue(
    db: Database, day: str | date | None = None, *, all_therapists: bool = False
) -> Period:
    """Revenue per day of the week (Monday to Sunday) holding `day`, then a total row."""
    start, end = week_bounds(report_day(db, day))
    return Period(start, end, revenue(db, clinician.scope(db, all_therapists), start, end))


def monthly_revenue(
    db: Database, day: str | date | None = None, *, all_therapists: bool = False
) -> Period:
    """Revenue per day of the calendar month holding `day`, then a total row."""
    start, end = month_bounds(report_day(db, day))
    return Period(start, end, revenue(db, clinician.scope(db, all_therapists), start, end))


def revenue(db: Database, therapist_id: Any, start: date, end: date) -> list[dict[str, Any]]:
    """One row per day of the period, then a total row (day = "total")."""
    rows = db.all("report.revenue", therapist_id=therapist_id, date_from=start, date_to=end)
    return [*rows, totals_row(rows)]


def totals_row(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {"day": "total"}
    for key in REVENUE_SUMS:
        values = [row[key] for row in rows]
        is_money = any(isinstance(value, Decimal) for value in values)
        total[key] = sum(values, Decimal("0.00") if is_money else 0)
    return total


def caseload(db: Database, days: int, *, all_therapists: bool = False) -> list[dict[str, Any]]:
    """Active patients and those admitted or discharged in the last `days` days."""
    return db.all("report.caseload", therapist_id=clinician.scope(db, all_therapists), days=days)


def documentation(db: Database, days: int, *, all_therapists: bool = False) -> list[dict[str, Any]]:
    """Notes unsigned 24 hours after the session and recent sessions with no note; then the
    patients with no signed treatment plan PLAN_DUE_DAYS into their episode of care, or a plan
    past its review date (docs/clinical-notes.md, "Treatment plans")."""
    therapist_id = clinician.scope(db, all_therapists)
    notes = db.all("report.documentation", therapist_id=therapist_id, days=days)
    plans = db.all("report.plans_missing", therapist_id=therapist_id, plan_due_days=PLAN_DUE_DAYS)
    return [*notes, *plans]


def elevated_risk(
    db: Database, *, all_therapists: bool = False, export: bool = False
) -> list[dict[str, Any]]:
    """Active patients flagged for elevated risk, most severe first; recorded as read.

    Each row is clinical content (note risk level, PHQ-9 item 9, C-SSRS result), so every
    patient listed gets a READ entry, or EXPORT when the rows leave the screen, naming the
    patient_risk_status row (one per patient) that was shown.
    """
    rows = db.all("report.risk", therapist_id=clinician.scope(db, all_therapists))
    record_shown(db, "patient_risk_status", rows, export=export, id_key="patient_id")
    return rows
