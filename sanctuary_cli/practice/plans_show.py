"""A patient's treatment plan as `plans show` presents it (docs/SPEC.md section 9): every
version, the draft first, then the current one and the earlier ones; under each objective its
evidence: the progress ratings that rate it, the notes that worked on it (both counted back
through the objectives it continues, in earlier versions), and the latest score of its measure
against its target. Every row of content shown is recorded as READ or EXPORT."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sanctuary_cli.practice.audit import record_shown
from sanctuary_cli.practice.plans import measure_target
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.rules.plans import review_due, target_met
from sanctuary_cli.rules.scoring import INSTRUMENT_NAMES
from sanctuary_cli.store.db import Database


def show_plans(db: Database, patient_ref: str, *, export: bool = False) -> dict[str, Any]:
    """{"patient_id", "patient_name", "versions"}: each version with its problems, goals,
    interventions and objectives, and each objective with "progress", "notes" and
    "latest_score" (with "target_met": None without a target or a score)."""
    patient = resolve_patient(db, patient_ref)
    versions = db.all("plans.versions", plan_id=None, patient_id=patient["id"])
    ids = [v["plan_id"] for v in versions]
    objectives = db.all("plans.objectives", plan_ids=ids) if ids else []
    objective_ids = [o["objective_id"] for o in objectives]
    progress = db.all("plans.progress_evidence", objective_ids=objective_ids) if ids else []
    notes = db.all("plans.note_evidence", objective_ids=objective_ids) if ids else []
    scores = {s["instrument"]: s for s in db.all("plans.latest_scores", patient_id=patient["id"])}
    today = practice_today(db.settings.tz)

    by_plan: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for objective in objectives:
        by_plan[objective["plan_id"]].append(shown_objective(objective, progress, notes, scores))
    shown = [
        {
            "plan_id": v["plan_id"],
            "version": v["version"],
            "status": v["status"],
            "therapist_name": v["therapist_name"],
            "created_at": v["created_at"],
            "signed_at": v["signed_at"],
            "review_date": v["review_date"],
            "review_due": review_due(v["review_date"], today) if v["signed_at"] else None,
            "problems": [
                {"description": p["description"], "icd10": list(p["icd10"])} for p in v["problems"]
            ],
            "goals": list(v["goals"]),
            "objectives": by_plan.get(v["plan_id"], []),
            "interventions": [
                {"modality": i["modality"], "frequency": i["frequency"]} for i in v["interventions"]
            ],
        }
        for v in versions
    ]
    pid = patient["id"]
    record_shown(db, "treatment_plans", versions, export=export, id_key="plan_id", patient_id=pid)
    record_shown(db, "progress_entries", _once(progress, "progress_entry_id"), export=export,
                 id_key="progress_entry_id", patient_id=pid)  # fmt: skip
    record_shown(db, "session_notes", _once(notes, "note_id"), export=export, id_key="note_id",
                 patient_id=pid)  # fmt: skip
    used = {o["measure"] for o in objectives if o["measure"]}
    record_shown(db, "measure_administrations", [s for k, s in scores.items() if k in used],
                 export=export, id_key="measure_id", patient_id=pid)  # fmt: skip
    return {"patient_id": pid, "patient_name": patient["full_name"], "versions": shown}


def shown_objective(
    objective: dict[str, Any],
    progress: list[dict[str, Any]],
    notes: list[dict[str, Any]],
    scores: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """One objective with its evidence."""
    target = measure_target(objective)
    score = scores.get(target.measure) if target else None
    latest = None
    if score is not None:
        latest = {
            "measure_id": score["measure_id"],
            "instrument": INSTRUMENT_NAMES[score["instrument"]],
            "total": score["total"],
            "administered_at": score["administered_at"],
        }
    mine = objective["objective_id"]
    return {
        "objective_id": mine,
        "number": objective["position"],
        "description": objective["description"],
        "target_date": objective["target_date"],
        "measure": INSTRUMENT_NAMES[target.measure] if target else None,
        "measure_target": str(target) if target else None,
        "latest_score": latest,
        "target_met": target_met(target, score["total"] if score else None),
        "progress": [
            {k: e[k] for k in ("progress_entry_id", "recorded_at", "rating", "area", "notes")}
            for e in progress
            if e["objective_id"] == mine
        ],
        "notes": [
            {k: n[k] for k in ("note_id", "session_date", "signed_at")}
            for n in notes
            if n["objective_id"] == mine
        ],
    }


def _once(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Rows by `key`, each once (an entry may count under an objective and its successor)."""
    return list({row[key]: row for row in rows}.values())
