"""Accounts receivable aging: the bucket of a balance by days past due, and the totals."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

AGING_BUCKETS = ("0-30", "31-60", "61-90", "90+")
AGING_COLUMNS = ("days_0_30", "days_31_60", "days_61_90", "days_over_90")
ALL_PATIENTS = "All patients"


def aging_bucket(days_overdue: int) -> str:
    """The aging bucket of a balance: 0-30, 31-60, 61-90 or 90+ days past due."""
    if days_overdue <= 30:
        return "0-30"
    if days_overdue <= 60:
        return "31-60"
    if days_overdue <= 90:
        return "61-90"
    return "90+"


def aging_totals(open_balances: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per patient, the open balances summed by bucket, then a row for all patients.

    Each input row has patient_id, patient_name, days_overdue and balance."""
    column_of = dict(zip(AGING_BUCKETS, AGING_COLUMNS, strict=True))
    zero = Decimal("0.00")
    per_patient: dict[Any, dict[str, Any]] = {}
    overall = dict.fromkeys(AGING_COLUMNS, zero)
    for row in open_balances:
        entry = per_patient.setdefault(
            row["patient_id"],
            {"patient_name": row["patient_name"], **dict.fromkeys(AGING_COLUMNS, zero)},
        )
        column = column_of[aging_bucket(row["days_overdue"])]
        entry[column] += row["balance"]
        overall[column] += row["balance"]
    rows = list(per_patient.values())
    rows.append({"patient_name": ALL_PATIENTS, **overall})
    for row in rows:
        row["total"] = sum((row[c] for c in AGING_COLUMNS), zero)
    return rows
