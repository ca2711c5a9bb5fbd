"""A patient's chart on one screen: the header, then one section per registered topic.

Every section's query is sent at once, with the clinical summary's, so the chart costs one
round trip however many sections it has (bench/RESULTS.md, "Round trips"). Other areas add a
section by appending a Section to CHART_SECTIONS: a named query taking `patient_id` (and the
section's own parameters), and how its rows become the section's value (a dict, a list of
dicts, a scalar, or None when there is nothing to show). A section with no query is made from
the patient row alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.audit import record_read
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.practice.risk import CHART_MOOD_ENTRIES, summary_from
from sanctuary_cli.store.db import Database


@dataclass(frozen=True)
class Section:
    name: str
    query: str | None = None  # a named query taking %(patient_id)s
    params: dict[str, Any] = field(default_factory=dict)
    one: bool = False  # one row (or None) instead of a list
    shape: Callable[[Any, dict[str, Any]], Any] | None = None  # (rows, patient) -> value


def show_chart(db: Database, ref: str) -> dict[str, Any]:
    """The chart of the patient `ref` names, with its clinical summary; recorded as a READ
    before it is returned (so before it is shown)."""
    patient = resolve_patient(db, ref)
    chart = patient_chart(db, patient["id"])
    record_read(db, "patients", patient["id"], patient["id"])
    return chart


def patient_chart(db: Database, patient_id: Any) -> dict[str, Any]:
    """The one-screen chart: header, each registered section in order, the clinical summary."""
    queries: dict[str, tuple[str, dict[str, Any], bool]] = {
        "patient": ("patients.chart_patient", {"patient_id": patient_id}, True),
        "risk_status": ("measures.risk_status", {"patient_id": patient_id}, True),
        "mood": ("mood.recent", {"patient_id": patient_id, "limit": CHART_MOOD_ENTRIES}, False),
    }
    for section in CHART_SECTIONS:
        if section.query is not None:
            params = {"patient_id": patient_id, **section.params}
            queries[f"section:{section.name}"] = (section.query, params, section.one)
    found = db.batch(queries)
    patient = found["patient"]
    if patient is None:
        raise UserError("That patient no longer exists")
    chart: dict[str, Any] = {"patient": patient}
    for section in CHART_SECTIONS:
        rows = found.get(f"section:{section.name}")
        chart[section.name] = section.shape(rows, patient) if section.shape else rows
    chart["clinical"] = summary_from(found["risk_status"], found["mood"])
    return chart


def contact_section(rows: Any, patient: dict[str, Any]) -> dict[str, Any]:
    keys = ("phone", "email", "address")
    emergency = ", ".join(
        str(patient[k])
        for k in (
            "emergency_contact_name",
            "emergency_contact_relationship",
            "emergency_contact_phone",
        )
        if patient.get(k)
    )
    return {**{k: patient.get(k) for k in keys}, "emergency_contact": emergency or None}


def insurance_section(rows: Any, patient: dict[str, Any]) -> dict[str, Any]:
    # The billing side of the chart: diagnosis codes are not shown beside it.
    return {
        "provider": patient.get("insurance_provider"),
        "member_id": patient.get("insurance_member_id"),
        "group_number": patient.get("insurance_group_number"),
        "coverage_percent": patient.get("coverage_percent"),
        "fee_exempt": patient.get("fee_exempt"),
    }


CHART_NOTES = 5  # the chart's last few notes, contact notes included

CHART_SECTIONS: list[Section] = [
    Section("contact", shape=contact_section),
    Section("insurance", shape=insurance_section),
    Section("next_appointment", "patients.chart_next_appointment", one=True),
    Section("recent_sessions", "patients.chart_recent_sessions", {"limit": 5}),
    # When, what kind, signed or not; the notes' text stays in `notes show`.
    Section("recent_notes", "notes.chart_notes", {"limit": CHART_NOTES}),
    Section("balance", "patients.chart_balance", one=True),
]
