"""Accounts receivable aging: the bucket of a balance by days past due, and the totals."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

# The buckets `billing overdue` names (docs/SPEC.md section 3): an overdue charge is at least
# one day past due, so its first bucket is 0-30.
AGING_BUCKETS = ("0-30", "31-60", "61-90", "90+")
# The columns of `billing aging`: a balance not yet due is "current", not 0-30 days past due
# (docs/billing.md, "Listings").
AGING_COLUMNS = ("current", "days_1_30", "days_31_60", "days_61_90", "days_over_90")
# Read by scripts before the current bucket existed: current and 1-30 together.
LEGACY_0_30 = "days_0_30"
AGING_HEADINGS = {
    "patient_name": "patient_name",
    "current": "current",
    "days_1_30": "1-30 days",
    "days_31_60": "31-60 days",
    "days_61_90": "61-90 days",
    "days_over_90": "90+ days",
    "total": "total",
}
ALL_PATIENTS = "All patients"


def aging_bucket(days_overdue: int) -> str:
    """The aging bucket of an overdue balance: 0-30, 31-60, 61-90 or 90+ days past due."""
    if days_overdue <= 30:
        return "0-30"
    if days_overdue <= 60:
        return "31-60"
    if days_overdue <= 90:
        return "61-90"
    return "90+"


def aging_column(days_past_due: int) -> str:
    """The `billing aging` column of a balance: current (not yet due, or due today), then
    1-30, 31-60, 61-90 and over 90 days past due."""
    if days_past_due <= 0:
        return "current"
    if days_past_due <= 30:
        return "days_1_30"
    if days_past_due <= 60:
        return "days_31_60"
    if days_past_due <= 90:
        return "days_61_90"
    return "days_over_90"


def aging_totals(open_balances: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per patient, the open balances summed by bucket, then a row for all patients; each row
    also has the total and the legacy days_0_30 (current plus 1-30).

    Each input row has patient_id, patient_name, days_overdue and balance."""
    zero = Decimal("0.00")
    per_patient: dict[Any, dict[str, Any]] = {}
    overall = dict.fromkeys(AGING_COLUMNS, zero)
    for row in open_balances:
        entry = per_patient.setdefault(
            row["patient_id"],
            {"patient_name": row["patient_name"], **dict.fromkeys(AGING_COLUMNS, zero)},
        )
        column = aging_column(row["days_overdue"])
        entry[column] += row["balance"]
        overall[column] += row["balance"]
    rows = list(per_patient.values())
    rows.append({"patient_name": ALL_PATIENTS, **overall})
    for row in rows:
        row["total"] = sum((row[c] for c in AGING_COLUMNS), zero)
        row[LEGACY_0_30] = row["current"] + row["days_1_30"]
    return rows
