"""The clinical record in the database: notes, addenda, tags, mood, progress and measures.

Plain functions over a Database that return rows and never print; the notes, mood, progress
and measures commands are thin layers over them. Private notes are visible only to their
author in every query here (row-level security adds the same rule in the database).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.refs import ambiguous_message, id_prefix_pattern, resolve_patient
from sanctuary_cli.rules import clinical
from sanctuary_cli.store.db import Database, named_query

NOTE_FIELDS = (
    "suicidal_ideation",
    "self_harm",
    "homicidal_ideation",
    "protective_factors",
    "protective_factors_note",
    "risk_level",
    "safety_plan",
    "crisis_indicators",
)


# --- Notes -----------------------------------------------------------------------------------


def note_target(db: Database, ref: str, therapist_id: UUID) -> dict[str, Any]:
    """What a note is about: an appointment (by id or id prefix) or a patient reference."""
    pattern = id_prefix_pattern(ref.strip())
    rows = db.all("notes.appointments_matching", pattern=pattern) if pattern != "-" else []
    if len(rows) > 1:
        raise UserError(ambiguous_message("appointments", ref, [str(r["id"])[:12] for r in rows]))
    if rows:
        appointment = rows[0]
        if appointment["therapist_id"] != therapist_id:
            raise UserError("That appointment belongs to another clinician")
        if appointment["status"] == "cancelled":
            raise UserError("That appointment was cancelled; write the note against the patient")
        return {
            "patient_id": appointment["patient_id"],
            "appointment_id": appointment["id"],
            "session_date": appointment["session_date"],
        }
    patient = resolve_patient(db, ref)
    return {"patient_id": patient["id"], "appointment_id": None, "session_date": None}


def create_note(
    db: Database,
    therapist_id: UUID,
    target: dict[str, Any],
    draft: clinical.NoteDraft,
    *,
    sign: bool = False,
) -> dict[str, Any]:
    """Insert the note, its tags and (when asked) its signature in one transaction."""
    from psycopg.types.json import Jsonb

    risk = draft.risk
    with db.transaction() as cur:
        if target["appointment_id"] and not draft.is_private:
            cur.execute(
                named_query("notes.appointment_note"), {"appointment_id": target["appointment_id"]}
            )
            existing = cur.fetchone()
            if existing:
                raise UserError(
                    f"That appointment already has a note ({str(existing['id'])[:8]}); "
                    "add to it with `sanctuary notes amend`"
                )
        cur.execute(
            named_query("notes.insert"),
            {
                "appointment_id": target["appointment_id"],
                "patient_id": target["patient_id"],
                "therapist_id": therapist_id,
                "template": draft.template,
                "content": Jsonb(draft.content),
                "mood_rating": draft.mood_rating,
                "suicidal_ideation": risk.suicidal_ideation,
                "self_harm": risk.self_harm,
                "homicidal_ideation": risk.homicidal_ideation,
                "protective_factors": list(risk.protective_factors),
                "protective_factors_note": risk.protective_factors_note,
                "risk_level": risk.risk_level,
                "safety_plan": risk.safety_plan,
                "crisis_indicators": list(risk.crisis_indicators),
                "is_private": draft.is_private,
                "session_date": draft.session_date or target["session_date"],
            },
        )
        note = cur.fetchone()
        if draft.tags:
            cur.execute(named_query("notes.tag_ids"), {"names": list(draft.tags)})
            for tag in cur.fetchall():
                cur.execute(
                    named_query("notes.tag_note"), {"note_id": note["id"], "tag_id": tag["id"]}
                )
        signed_at = None
        if sign:
            cur.execute(
                named_query("notes.sign"), {"note_id": note["id"], "therapist_id": therapist_id}
            )
            signed_at = cur.fetchone()["signed_at"]
    return {
        "note_id": note["id"],
        "session_date": note["session_date"],
        "is_private": draft.is_private,
        "signed_at": signed_at,
    }


def find_note(db: Database, ref: str, therapist_id: UUID) -> dict[str, Any]:
    """The one note `ref` (id or id prefix) names among those the clinician may read."""
    pattern = id_prefix_pattern(ref.strip())
    if pattern == "-":
        raise UserError("Give a note id (at least 4 characters of it)")
    rows = db.all("notes.matching_ids", pattern=pattern, therapist_id=therapist_id)
    if not rows:
        raise UserError(f"No note with id {ref.strip()[:36]!r}")
    if len(rows) > 1:
        raise UserError(ambiguous_message("notes", ref, [str(r["id"])[:12] for r in rows]))
    return db.one("notes.get", note_id=rows[0]["id"], therapist_id=therapist_id)


def note_with_addenda(db: Database, ref: str, therapist_id: UUID) -> dict[str, Any]:
    note = find_note(db, ref, therapist_id)
    note["addenda"] = db.all("notes.addenda", note_id=note["id"])
    return note


def note_detail_rows(note: dict[str, Any]) -> list[dict[str, Any]]:
    """A note as (field, value) rows: header, sections in template order, risk, addenda."""
    rows = [
        ("note_id", str(note["id"])),
        ("patient", note["patient_name"]),
        ("session_date", note["session_date"]),
        ("author", note["author_name"]),
        ("template", note["template"].upper()),
        ("private", note["is_private"]),
        ("status", f"signed by {note['signer_name']}" if note["signed_at"] else "unsigned"),
        ("signed_at", note["signed_at"]),
    ]
    # jsonb keeps keys in its own order; sections follow the template, extras after.
    order = [key for key, _ in clinical.TEMPLATES.get(note["template"], ())]
    content = note["content"]
    for key in [*(k for k in order if k in content), *(k for k in content if k not in order)]:
        rows.append((key, content[key]))
    if not note["is_private"]:
        rows.append(("mood_rating", note["mood_rating"]))
        rows.extend((field, note[field]) for field in NOTE_FIELDS)
    rows.append(("tags", note["tags"]))
    for addendum in note.get("addenda", []):
        rows.append(
            (
                f"addendum {addendum['created_at']:%Y-%m-%d %H:%M}",
                f"{addendum['body']} ({addendum['author_name']})",
            )
        )
    return [{"field": field, "value": value} for field, value in rows]


def list_notes(
    db: Database,
    therapist_id: UUID,
    patient_ref: str | None = None,
    *,
    include_private: bool = False,
    limit: int = 50,
) -> list[dict[str, Any]]:
    patient_id = resolve_patient(db, patient_ref)["id"] if patient_ref else None
    return db.all(
        "notes.list",
        therapist_id=therapist_id,
        patient_id=patient_id,
        include_private=include_private,
        limit=limit,
    )


def search_notes(
    db: Database, therapist_id: UUID, text: str, *, include_private: bool = False
) -> list[dict[str, Any]]:
    if not text.strip():
        raise UserError("Give some words to search for")
    return db.all(
        "notes.search", therapist_id=therapist_id, text=text, include_private=include_private
    )


def sign_note(db: Database, ref: str, therapist_id: UUID) -> dict[str, Any]:
    """Sign the clinician's own unsigned note; afterwards the database locks it."""
    note = find_note(db, ref, therapist_id)
    if note["signed_at"] is not None:
        raise UserError(f"Note {str(note['id'])[:8]} is already signed")
    if note["therapist_id"] != therapist_id:
        raise UserError("Only the author of a note can sign it")
    signed = db.one("notes.sign", note_id=note["id"], therapist_id=therapist_id)
    if signed is None:
        raise UserError(f"Note {str(note['id'])[:8]} is already signed")
    return {"note_id": signed["id"], "signed_at": signed["signed_at"]}


def add_addendum(db: Database, ref: str, therapist_id: UUID, body: str) -> dict[str, Any]:
    note = find_note(db, ref, therapist_id)
    text = clinical.clean_text(body or "")
    if not text:
        raise UserError("The addendum is empty; nothing was saved")
    row = db.one("notes.add_addendum", note_id=note["id"], therapist_id=therapist_id, body=text)
    return {"note_id": note["id"], "addendum_id": row["id"], "created_at": row["created_at"]}


def known_tags(db: Database) -> list[str]:
    return [row["name"] for row in db.all("tags.list")]


# --- Mood and progress -----------------------------------------------------------------------


def add_mood(
    db: Database, patient_ref: str, therapist_id: UUID, rating: Any, note: str | None
) -> dict[str, Any]:
    value = clinical.rating(rating)
    patient = resolve_patient(db, patient_ref)
    text = clinical.clean_text(note or "") or None
    return db.one(
        "mood.add", patient_id=patient["id"], therapist_id=therapist_id, rating=value, note=text
    )


def mood_trend(db: Database, patient_id: UUID, last: int = 30) -> dict[str, Any]:
    """The last N ratings as a sparkline and the mean of each week."""
    entries = db.all("mood.recent", patient_id=patient_id, limit=last)
    ratings = [row["rating"] for row in entries]
    return {
        "ratings": ratings,
        "sparkline": clinical.sparkline(ratings),
        "weeks": clinical.weekly_means([(row["day"], row["rating"]) for row in entries]),
    }


def add_progress(
    db: Database, patient_ref: str, therapist_id: UUID, area: str, rating: Any, note: str | None
) -> dict[str, Any]:
    value = clinical.rating(rating, "progress rating")
    area_row = resolve_area(db, area)
    patient = resolve_patient(db, patient_ref)
    row = db.one(
        "progress.add",
        patient_id=patient["id"],
        therapist_id=therapist_id,
        area_id=area_row["id"],
        rating=value,
        notes=clinical.clean_text(note or "") or None,
    )
    return {**row, "area": area_row["name"]}


def resolve_area(db: Database, text: str) -> dict[str, Any]:
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


# --- Measures --------------------------------------------------------------------------------


def add_measure(
    db: Database, patient_ref: str, therapist_id: UUID, result: clinical.Score
) -> dict[str, Any]:
    """Store an administration and report its total, band, change and risk flag."""
    patient = resolve_patient(db, patient_ref)
    with db.transaction() as cur:
        cur.execute(
            named_query("measures.add"),
            {
                "patient_id": patient["id"],
                "therapist_id": therapist_id,
                "instrument": result.instrument,
                "answers": list(result.answers),
                "total": result.total,
                "severity": result.severity,
                "risk_flag": result.risk_flag,
            },
        )
        row = cur.fetchone()
        cur.execute(
            named_query("measures.previous_total"),
            {
                "patient_id": patient["id"],
                "instrument": result.instrument,
                "id": row["id"],
                "administered_at": row["administered_at"],
            },
        )
        previous = cur.fetchone()
    return {
        "measure_id": row["id"],
        "administered_at": row["administered_at"],
        "instrument": result.instrument,
        "total": result.total,
        "severity": result.severity,
        "change": None if previous is None else result.total - previous["total"],
        "risk_flag": result.risk_flag,
    }


def measures_trend(db: Database, patient_id: UUID) -> list[dict[str, Any]]:
    """Per instrument: count, first and latest total, change, and a sparkline of totals."""
    rows = list(reversed(db.all("measures.list", patient_id=patient_id, instrument=None)))
    trend = []
    for instrument in clinical.INSTRUMENTS:
        mine = [r for r in rows if r["instrument"] == instrument]
        if not mine:
            continue
        totals = [r["total"] for r in mine]
        top = {"phq9": 27, "gad7": 21, "cssrs": 6}[instrument]
        trend.append(
            {
                "instrument": instrument,
                "administrations": len(mine),
                "first_total": totals[0],
                "latest_total": totals[-1],
                "change": totals[-1] - totals[0],
                "latest_severity": mine[-1]["severity"],
                "sparkline": clinical.sparkline(totals, low=0, high=top),
            }
        )
    return trend


# --- For `patients show` and reports --------------------------------------------------------


def clinical_summary(db: Database, patient_id: UUID, mood_entries: int = 10) -> dict[str, Any]:
    """Latest risk level, scores, risk flags and a mood sparkline for one patient (progress
    notes only: private notes never feed it)."""
    status = db.one("measures.risk_status", patient_id=patient_id) or {}
    mood = mood_trend(db, patient_id, last=mood_entries)
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
        "mood_sparkline": mood["sparkline"],
        "latest_mood": mood["ratings"][-1] if mood["ratings"] else None,
    }
