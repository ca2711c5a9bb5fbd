"""A patient's chart on one screen: the header, then one section per registered topic.

Other areas add chart sections by appending to CHART_SECTIONS: each takes (cursor, patient row)
and returns the section's value (a dict, a list of dicts, a scalar, or None when there is
nothing to show).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.audit import record_read
from sanctuary_cli.practice.contact_notes import chart_notes_section
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.practice.risk import clinical_summary
from sanctuary_cli.store.db import Database, named_query

ChartSection = Callable[[psycopg.Cursor, dict[str, Any]], Any]


def show_chart(db: Database, ref: str) -> dict[str, Any]:
    """The chart of the patient `ref` names, with its clinical summary; recorded as a READ."""
    patient = resolve_patient(db, ref)
    chart = patient_chart(db, patient["id"])
    record_read(db, "patients", patient["id"], patient["id"])
    chart["clinical"] = clinical_summary(db, patient["id"])
    return chart


def patient_chart(db: Database, patient_id: Any) -> dict[str, Any]:
    """The one-screen chart: header, then each registered section in order."""
    with db.transaction() as cur:
        cur.execute(named_query("patients.chart_patient"), {"patient_id": patient_id})
        patient = cur.fetchone()
        if patient is None:
            raise UserError("That patient no longer exists")
        chart: dict[str, Any] = {"patient": patient}
        for name, section in CHART_SECTIONS:
            chart[name] = section(cur, patient)
    return chart


def contact_section(cur: psycopg.Cursor, patient: dict[str, Any]) -> dict[str, Any]:
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


def insurance_section(cur: psycopg.Cursor, patient: dict[str, Any]) -> dict[str, Any]:
    # The billing side of the chart: diagnosis codes are not shown beside it.
    return {
        "provider": patient.get("insurance_provider"),
        "member_id": patient.get("insurance_member_id"),
        "group_number": patient.get("insurance_group_number"),
        "coverage_percent": patient.get("coverage_percent"),
        "fee_exempt": patient.get("fee_exempt"),
    }


def next_appointment_section(cur: psycopg.Cursor, patient: dict[str, Any]) -> Any:
    cur.execute(named_query("patients.chart_next_appointment"), {"patient_id": patient["id"]})
    return cur.fetchone()


def recent_sessions_section(cur: psycopg.Cursor, patient: dict[str, Any]) -> list[dict]:
    cur.execute(
        named_query("patients.chart_recent_sessions"), {"patient_id": patient["id"], "limit": 5}
    )
    return cur.fetchall()


def balance_section(cur: psycopg.Cursor, patient: dict[str, Any]) -> Any:
    cur.execute(named_query("patients.chart_balance"), {"patient_id": patient["id"]})
    return cur.fetchone()


CHART_SECTIONS: list[tuple[str, ChartSection]] = [
    ("contact", contact_section),
    ("insurance", insurance_section),
    ("next_appointment", next_appointment_section),
    ("recent_sessions", recent_sessions_section),
    ("recent_notes", chart_notes_section),
    ("balance", balance_section),
]
