"""Treatment plans in the database (docs/SPEC.md section 9): written, reviewed into a new
version, signed and listed. A plan is shown with its evidence by practice/plans_show.py; the
objectives a rating or a note refers to are resolved by practice/plans_objectives.py.

A patient's plan is a chain of versions. `add` writes version 1 as a draft; `review` writes the
next version from the current (signed) one, or rewrites the draft when given the draft; `sign`
gives a draft its review date and the database locks it (migration 0101). The content comes
from a `Supply` the command passes (a file, or the form on a terminal), called only once the
patient and version are known, so a mistyped reference is caught before anything is typed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.audit import record_shown
from sanctuary_cli.practice.clinician import acting_id
from sanctuary_cli.practice.refs import ambiguous_message, id_prefix_pattern, resolve_patient
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.rules.outcomes import MeasureTarget
from sanctuary_cli.rules.plans import Intervention, Objective, Plan, Problem, review_date_for
from sanctuary_cli.rules.text import short_id
from sanctuary_cli.store.db import Database, named_query

# The plan a version starts from (None for a first plan) -> the content of the new version.
Supply = Callable[[Plan | None], Plan]


def add_plan(db: Database, patient_ref: str, supply: Supply) -> dict[str, Any]:
    """Write a patient's first plan, a draft by the acting clinician. A patient who has one
    already gets a new version with `plans review` instead."""
    therapist_id = acting_id(db)
    patient = resolve_patient(db, patient_ref)
    existing = db.one("plans.latest_of_patient", patient_id=patient["id"])
    if existing is not None:
        state = "signed" if existing["signed_at"] else "a draft"
        raise UserError(
            f"{patient['full_name']} already has a treatment plan (version "
            f"{existing['version']}, {state}): write the next version with "
            f"`sanctuary plans review {short_id(existing['id'])}`"
        )
    plan = supply(None)
    row = write_version(db, therapist_id, patient["id"], plan)
    return written(row, patient, plan)


def review_plan(db: Database, ref: str, supply: Supply) -> dict[str, Any]:
    """A new draft version from the patient's current plan (REF: that version, or the patient);
    given the draft itself, the draft is rewritten. Earlier versions are kept as they were."""
    therapist_id = acting_id(db)
    target = resolve_plan(db, ref)
    versions = db.all("plans.versions", plan_id=None, patient_id=target["patient_id"])
    by_status = {row["status"]: row for row in versions if row["status"] != "superseded"}
    draft, current = by_status.get("draft"), by_status.get("current")
    chosen = next(row for row in versions if row["plan_id"] == target["id"])
    if chosen["status"] == "superseded":
        raise UserError(
            f"Version {chosen['version']} is an earlier version; review the current one, "
            f"version {current['version']} ({short_id(current['plan_id'])})"
        )
    if chosen["status"] == "current" and draft is not None:
        raise UserError(
            f"Version {draft['version']} ({short_id(draft['plan_id'])}) is already a draft of "
            f"this plan: sign it, or rewrite it with `sanctuary plans review "
            f"{short_id(draft['plan_id'])}`"
        )
    base = stored_plan(chosen, db.all("plans.objectives", plan_ids=[chosen["plan_id"]]))
    if chosen["status"] == "current":
        base = dataclasses.replace(base, review_date=None)  # the new version's own, at signing
    plan = supply(base)
    patient = {"id": chosen["patient_id"], "full_name": chosen["patient_name"]}
    if chosen["status"] == "draft":
        row = write_version(
            db, therapist_id, patient["id"], plan, previous=chosen["previous_id"], draft=chosen
        )
    else:
        row = write_version(db, therapist_id, patient["id"], plan, previous=chosen["plan_id"])
    return written(row, patient, plan)


def sign_plan(db: Database, ref: str) -> dict[str, Any]:
    """Sign the acting clinician's draft: its review date is the one it names, else 90 days
    from today (rules/plans.py review_date_for); the database then locks it."""
    therapist_id = acting_id(db)
    target = resolve_plan(db, ref)
    if target["signed_at"] is not None:
        raise UserError(
            f"Plan {short_id(target['id'])} (version {target['version']}) is already signed; "
            f"`sanctuary plans review {short_id(target['id'])}` writes the next version"
        )
    if target["therapist_id"] != therapist_id:
        raise UserError("Only the clinician who wrote a plan can sign it")
    (row,) = db.all("plans.versions", plan_id=target["id"], patient_id=None)
    plan = stored_plan(row, [])
    review = review_date_for(plan, practice_today(db.settings.tz))
    signed = db.one(
        "plans.sign", plan_id=target["id"], therapist_id=therapist_id, review_date=review
    )
    if signed is None:
        raise UserError(f"Plan {short_id(target['id'])} was signed meanwhile")
    return {**signed, "patient_name": row["patient_name"], "status": "current"}


def list_plans(
    db: Database, *, due: bool = False, all_therapists: bool = False, export: bool = False
) -> list[dict[str, Any]]:
    """Each patient's current plan and draft (of the acting clinician's patients, or the
    practice's), or with `due` the current plans of Active patients whose review date has
    come. Names and dates only, but that a patient is under a plan is clinical, so each
    version listed is recorded as READ (EXPORT with `export`)."""
    therapist_id = clinician.scope(db, all_therapists)
    day = practice_today(db.settings.tz)
    rows = db.all("plans.list", therapist_id=therapist_id, day=day, due=due)
    record_shown(db, "treatment_plans", rows, export=export, id_key="plan_id")
    return rows


def resolve_plan(db: Database, ref: str) -> dict[str, Any]:
    """The plan version REF names: a version's id or id prefix, else a patient, meaning their
    draft when they have one and their current plan otherwise."""
    text = " ".join(ref.split())
    pattern = id_prefix_pattern(text)
    rows = db.all("plans.matching_ids", pattern=pattern) if pattern != "-" else []
    if len(rows) > 1:
        raise UserError(ambiguous_message("plans", text, [short_id(r["id"], 12) for r in rows]))
    if rows:
        return rows[0]
    patient = resolve_patient(db, text)
    row = db.one("plans.latest_of_patient", patient_id=patient["id"])
    if row is None:
        raise UserError(
            f"{patient['full_name']} has no treatment plan yet: write one with "
            "`sanctuary plans add PATIENT`"
        )
    return row


def write_version(
    db: Database,
    therapist_id: Any,
    patient_id: Any,
    plan: Plan,
    *,
    previous: Any = None,
    draft: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Insert a draft version (or rewrite `draft`) with its objectives, in one transaction. An
    objective with the same description as one of the previous version continues it, so the
    ratings and notes about it stay with it (docs/clinical-notes.md, "Treatment plans")."""
    earlier = db.all("plans.objectives", plan_ids=[previous]) if previous is not None else []
    carried = {_key(o["description"]): o["objective_id"] for o in reversed(earlier)}
    values = plan_values(plan)
    with db.transaction() as cur:
        if draft is None:
            cur.execute(
                named_query("plans.insert"),
                {"patient_id": patient_id, "therapist_id": therapist_id, "previous_id": previous}
                | values,
            )
        else:
            cur.execute(
                named_query("plans.rewrite_draft"),
                {"plan_id": draft["plan_id"], "therapist_id": therapist_id} | values,
            )
        row = cur.fetchone()
        if row is None:
            raise UserError("Only the clinician who wrote a draft can rewrite it")
        cur.execute(named_query("plans.drop_draft_objectives"), {"plan_id": row["plan_id"]})
        for position, objective in enumerate(plan.objectives, start=1):
            target = objective.measure_target
            cur.execute(
                named_query("plans.insert_objective"),
                {
                    "plan_id": row["plan_id"],
                    "position": position,
                    "description": objective.description,
                    "target_date": objective.target_date,
                    "measure": target.measure if target else None,
                    "measure_op": target.op if target else None,
                    "measure_value": target.value if target else None,
                    "carried_from": carried.get(_key(objective.description)),
                },
            )
    return row


def plan_values(plan: Plan) -> dict[str, Any]:
    """The columns a version's content sets (its objectives are rows of their own)."""
    from psycopg.types.json import Jsonb

    return {
        "problems": Jsonb(
            [{"description": p.description, "icd10": list(p.icd10)} for p in plan.problems]
        ),
        "goals": list(plan.goals),
        "interventions": Jsonb(
            [{"modality": i.modality, "frequency": i.frequency} for i in plan.interventions]
        ),
        "review_date": plan.review_date,
    }


def stored_plan(row: Mapping[str, Any], objectives: Sequence[Mapping[str, Any]]) -> Plan:
    """A stored version as the rules' Plan (to edit, or to check its review date)."""
    return Plan(
        problems=tuple(Problem(p["description"], tuple(p["icd10"])) for p in row["problems"]),
        goals=tuple(row["goals"]),
        objectives=tuple(
            Objective(o["description"], o["target_date"], measure_target(o)) for o in objectives
        ),
        interventions=tuple(
            Intervention(i["modality"], i["frequency"]) for i in row["interventions"]
        ),
        review_date=row["review_date"],
    )


def measure_target(objective: Mapping[str, Any]) -> MeasureTarget | None:
    if objective["measure"] is None:
        return None
    return MeasureTarget(objective["measure"], objective["measure_op"], objective["measure_value"])


def written(row: Mapping[str, Any], patient: Mapping[str, Any], plan: Plan) -> dict[str, Any]:
    """The row `plans add` and `plans review` print with --format."""
    return {
        "plan_id": row["plan_id"],
        "patient_id": patient["id"],
        "patient_name": patient["full_name"],
        "version": row["version"],
        "status": "draft",
        "objectives": len(plan.objectives),
        "review_date": plan.review_date,
    }


def _key(description: str) -> str:
    return " ".join(description.split()).casefold()
