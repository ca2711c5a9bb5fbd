"""Record retention (docs/SPEC.md section 5): which patients' records are past the retention
period.

Nothing is deleted here or anywhere else by a normal command: the report lists records for the
clinician's decision.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.store.db import ACTING, Database

RETENTION_COLUMNS = [
    "patient_name",
    "status",
    "last_service_date",
    "retain_until",
    "basis",
    "note_count",
    "financial_record_count",
]


def retention_report(
    db: Database, as_of: str | date | None = None, *, all_therapists: bool = False
) -> list[dict[str, Any]]:
    """`report retention`: the acting clinician's (or, with all_therapists, every) patient
    whose records are past retention on AS_OF (--date; default today)."""
    day = parsers.parse_day(as_of, db.settings.tz, what="--date") if as_of else None
    return records_past_retention(db, as_of=day, therapist_id=clinician.scope(db, all_therapists))


def records_past_retention(
    db: Database,
    *,
    as_of: str | date | None = None,
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
    day = parsers.parse_day(as_of, settings.tz, what="--date") if as_of else None
    return db.all(
        "retention.past_retention",
        as_of=day or practice_today(settings.tz),
        therapist_id=therapist_id if therapist_id in (None, ACTING) else str(therapist_id),
        years=years,
        majority_age=majority_age,
        years_past_majority=years_past_majority,
    )


def _period(given: int | None, configured: int) -> int:
    value = configured if given is None else given
    if not 0 <= int(value) <= 100:
        raise UserError(f"A retention period of {value} years is out of range (0-100)")
    return int(value)
