"""Measurement-based care over a caseload (docs/SPEC.md section 9): each patient's outcome on
PHQ-9 and GAD-7 over their current episode of care, and the rates across the caseload. The
definitions are the pure rules of rules/outcomes.py (docs/outcomes.md); the episode of care is
defined here (docs/clinical-notes.md, "Outcomes")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.audit import record_shown
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.rules.outcomes import (
    OUTCOME_MEASURES,
    Outcome,
    caseload_summary,
    outcomes_by_measure,
)
from sanctuary_cli.rules.scoring import INSTRUMENT_NAMES, normalize_instrument
from sanctuary_cli.store.db import Database


@dataclass(frozen=True)
class Outcomes:
    """Per patient and measure (patient_id, patient_name and the OUTCOME_COLUMNS), the summary
    per measure (SUMMARY_COLUMNS), and the outcomes per measure key for charts, with the
    patient's name and id."""

    rows: list[dict[str, Any]]
    summary: list[dict[str, Any]]
    by_measure: dict[str, list[tuple[str, Any, Outcome]]]


def caseload_outcomes(
    db: Database,
    patient_ref: str | None = None,
    *,
    measure: str | None = None,
    all_therapists: bool = False,
    export: bool = False,
) -> Outcomes:
    """Outcomes of one patient, or of the acting clinician's patients (the practice's with
    all_therapists), on PHQ-9 and GAD-7 or the one `measure`. The baseline and latest
    administration of each outcome are recorded as READ (EXPORT with `export`)."""
    key = outcome_measure(measure) if measure else None
    if patient_ref:
        patient_id, therapist_id = resolve_patient(db, patient_ref)["id"], None
    else:
        patient_id, therapist_id = None, clinician.scope(db, all_therapists)
    scores = db.all(
        "measures.outcome_scores",
        patient_id=patient_id,
        therapist_id=therapist_id,
        instrument=key,
    )
    tz = db.settings.tz
    patients: dict[Any, list[dict[str, Any]]] = {}
    for score in scores:
        patients.setdefault(score["patient_id"], []).append(score)
    rows, shown, found = [], [], []
    by_measure: dict[str, list[tuple[str, Any, Outcome]]] = {k: [] for k in OUTCOME_MEASURES}
    for pid, mine in patients.items():
        first = mine[0]
        start = episode_start(first["intake_date"], first["readmitted_at"], tz)
        ids = {(s["instrument"], s["administered_at"]): s["measure_id"] for s in mine}
        series = [(s["instrument"], s["administered_at"].astimezone(tz), s["total"]) for s in mine]
        for item in outcomes_by_measure(series, start):
            found.append(item)
            by_measure[item.measure].append((first["patient_name"], pid, item))
            rows.append({"patient_id": pid, "patient_name": first["patient_name"], **item.as_row()})
            for when in (item.baseline_date, item.latest_date):
                shown.append({"measure_id": ids[(item.measure, when)], "patient_id": pid})
    summary = caseload_summary(found)
    keys = [key] if key else list(OUTCOME_MEASURES)
    record_shown(db, "measure_administrations", shown, export=export, id_key="measure_id")
    rates = [_rates_as_numbers(summary[k]) for k in keys]
    return Outcomes(rows, rates, {k: by_measure[k] for k in keys})


def episode_start(intake: date, readmitted_at: datetime | None, tz: ZoneInfo) -> date | datetime:
    """The start of the patient's current episode of care: the moment of their latest
    re-admission when it came on or after the intake day, else the intake day (a patient
    whose intake date was moved past a re-admission started again on that day)."""
    if readmitted_at is not None and readmitted_at.astimezone(tz).date() >= intake:
        return readmitted_at.astimezone(tz)
    return intake


def outcome_measure(text: str) -> str:
    """phq9 or gad7 (PHQ-9, gad-7...): the measures an outcome is computed for."""
    key = normalize_instrument(text)
    if key not in OUTCOME_MEASURES:
        names = " or ".join(INSTRUMENT_NAMES[k] for k in OUTCOME_MEASURES)
        raise UserError(f"Outcomes are computed for {names}, not {text[:20]!r}")
    return key


def _rates_as_numbers(row: dict[str, Any]) -> dict[str, Any]:
    """Percentages as plain numbers (66.7), not as the two-decimal money every Decimal is
    printed as; None (no patient measured) stays None."""
    return {k: float(v) if k.endswith("_pct") and v is not None else v for k, v in row.items()}
