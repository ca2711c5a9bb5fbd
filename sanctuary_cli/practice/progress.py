"""Progress ratings 1-10 on treatment areas in the database. Listing a patient's ratings
records its READ or EXPORT entry itself."""

from __future__ import annotations

from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.audit import record_shown
from sanctuary_cli.practice.clinician import acting_id
from sanctuary_cli.practice.plans_objectives import resolve_objectives
from sanctuary_cli.practice.refs import ambiguous_message, resolve_patient
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.trends import rating
from sanctuary_cli.store.db import Database


def add_progress(
    db: Database,
    patient_ref: str,
    area: str,
    value: Any,
    note: str | None,
    *,
    objective: str | None = None,
) -> dict[str, Any]:
    """Record a rating on one area by the acting clinician, rating also `objective` of the
    patient's treatment plan when given (practice/plans_objectives.py): progress_entry_id,
    recorded_at, rating, the area's full name, and the objective rated (None without)."""
    therapist_id = acting_id(db)
    checked = rating(value, "progress rating")
    area_row = resolve_area(db, area)
    patient = resolve_patient(db, patient_ref)
    rated = resolve_objectives(db, patient, [objective])[0] if objective is not None else None
    row = db.one(
        "progress.add",
        patient_id=patient["id"],
        therapist_id=therapist_id,
        area_id=area_row["id"],
        rating=checked,
        notes=parsers.clean_text(note),
        plan_objective_id=rated["objective_id"] if rated else None,
    )
    return {**row, "area": area_row["name"], "objective": rated}


def list_progress(db: Database, patient_ref: str, *, export: bool = False) -> dict[str, Any]:
    """A patient's ratings, newest first, with the change per area:
    {"patient_name", "entries"}."""
    patient = resolve_patient(db, patient_ref)
    entries = db.all("progress.list", patient_id=patient["id"])
    record_shown(
        db,
        "progress_entries",
        entries,
        export=export,
        id_key="progress_entry_id",
        patient_id=patient["id"],
    )
    return {"patient_name": patient["full_name"], "entries": entries}


def list_areas(db: Database) -> list[dict[str, Any]]:
    """The treatment areas with how many ratings each has."""
    return db.all("progress.areas")


def resolve_area(db: Database, text: str) -> dict[str, Any]:
    """The one area whose name equals, or else contains, the text."""
    name = " ".join(text.split())
    if not name:
        raise UserError("Give a progress area (see `sanctuary progress areas`)")
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = db.all("progress.area_matching", pattern=f"%{escaped}%", name=name)
    exact = [r for r in rows if r["name"].lower() == name.lower()]
    if exact:
        return exact[0]
    if len(rows) == 1:
        return rows[0]
    if not rows:
        raise UserError(f"No progress area matches {name[:40]!r}; see `sanctuary progress areas`")
    raise UserError(ambiguous_message("areas", name, [r["name"] for r in rows]))
