"""The practice reports (daily, weekly, monthly, caseload, documentation, risk) as rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sanctuary_cli.store.db import Database

REVENUE_SUMS = (
    "sessions_completed",
    "no_shows",
    "cancellations",
    "billed",
    "insurance_billed",
    "collected",
    "refunded",
)


def week_bounds(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding `day`."""
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def month_bounds(day: date) -> tuple[date, date]:
    """First to last day of the month holding `day`."""
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)


def daily_agenda(db: Database, therapist_id: Any, day: date) -> list[dict[str, Any]]:
    return db.all("report.daily", therapist_id=therapist_id, day=day)


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


def caseload(db: Database, therapist_id: Any, days: int) -> list[dict[str, Any]]:
    return db.all("report.caseload", therapist_id=therapist_id, days=days)


def documentation(db: Database, therapist_id: Any, days: int) -> list[dict[str, Any]]:
    return db.all("report.documentation", therapist_id=therapist_id, days=days)


def elevated_risk(db: Database, therapist_id: Any) -> list[dict[str, Any]]:
    return db.all("report.risk", therapist_id=therapist_id)
