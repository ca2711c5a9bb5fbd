"""A patient's risk: the clinical summary for `patients show` (risk level, scores, mood, and
the flag that stays up until resolved), and `patients resolve-risk`."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.clinician import acting_id
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.trends import sparkline
from sanctuary_cli.store.db import Database

CHART_MOOD_ENTRIES = 10


def clinical_summary(
    db: Database, patient_id: UUID, mood_entries: int = CHART_MOOD_ENTRIES
) -> dict[str, Any]:
    """Latest risk level, scores, risk flags and a mood sparkline for one patient (progress
    notes only: private notes never feed it)."""
    found = db.batch(
        {
            "status": ("measures.risk_status", {"patient_id": patient_id}, True),
            "mood": ("mood.recent", {"patient_id": patient_id, "limit": mood_entries}, False),
        }
    )
    return summary_from(found["status"], found["mood"])


def summary_from(status: dict[str, Any] | None, mood: list[dict[str, Any]]) -> dict[str, Any]:
    """The clinical summary from the patient's patient_risk_status row and recent mood rows."""
    status = status or {}
    ratings = [row["rating"] for row in mood]
    return {
        "last_risk_level": status.get("last_note_risk_level"),
        "safety_plan_on_file": status.get("safety_plan_on_file", False),
        "phq9_item9_positive": status.get("phq9_item9_positive", False),
        "latest_phq9_total": status.get("latest_phq9_total"),
        "latest_phq9_severity": status.get("latest_phq9_severity"),
        "latest_gad7_total": status.get("latest_gad7_total"),
        "latest_gad7_severity": status.get("latest_gad7_severity"),
        "cssrs_risk": status.get("cssrs_risk"),
        "elevated": status.get("elevated", False),
        "elevated_since": status.get("elevated_since") if status.get("elevated") else None,
        "elevated_by": status.get("elevated_by") if status.get("elevated") else None,
        "mood_sparkline": sparkline(ratings),
        "latest_mood": ratings[-1] if ratings else None,
    }


def resolve_risk(db: Database, patient_ref: str, reason: str) -> dict[str, Any]:
    """Close a patient's risk flag with the clinician's reason (kept, and audited by the
    database). A later concerning note or screen raises the flag again."""
    text = parsers.clean_text(reason)
    if not text:
        raise UserError("Give the reason the risk is resolved with --reason")
    if len(text) > 2000:
        raise UserError("The reason is at most 2000 characters")
    patient = resolve_patient(db, patient_ref)
    status = db.one("measures.risk_status", patient_id=patient["id"]) or {}
    if not status.get("elevated"):
        raise UserError(f"{patient['full_name']} has no risk flag to resolve")
    row = db.one(
        "measures.resolve_risk",
        patient_id=patient["id"],
        therapist_id=acting_id(db),
        reason=text,
    )
    return {**row, "patient_name": patient["full_name"], "elevated_by": status["elevated_by"]}
