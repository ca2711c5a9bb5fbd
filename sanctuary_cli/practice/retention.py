"""Record retention (SPEC.md section 5): which patients' records are past the retention period.

Nothing is deleted here or anywhere else by a normal command: the report lists records for the
clinician's decision.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.db import Database

RETENTION_COLUMNS = [
    "patient_name",
    "status",
    "last_service_date",
    "retain_until",
    "basis",
    "note_count",
    "financial_record_count",
]


def records_past_retention(
    db: Database,
    *,
    as_of: date | None = None,
    therapist_id: Any = None,
    years: int | None = None,
    majority_age: int | None = None,
    years_past_majority: int | None = None,
) -> list[dict[str, Any]]:
    """Patients whose retention period ended before AS_OF (default today), oldest first.

    Periods not given come from the settings retention_years, age_of_majority and
    retention_years_past_majority (7, 18 and 3 by default).
    """
    settings = db.settings
    years = _period(years, settings.retention_years)
    majority_age = _period(majority_age, settings.age_of_majority)
    years_past_majority = _period(years_past_majority, settings.retention_years_past_majority)
    if as_of is None:
        from datetime import datetime

        as_of = datetime.now(settings.tz).date()
    return db.all(
        "retention.past_retention",
        as_of=as_of,
        therapist_id=None if therapist_id is None else str(therapist_id),
        years=years,
        majority_age=majority_age,
        years_past_majority=years_past_majority,
    )


def _period(given: int | None, configured: int) -> int:
    value = configured if given is None else given
    if not 0 <= int(value) <= 100:
        raise UserError(f"A retention period of {value} years is out of range (0-100)")
    return int(value)
