"""Mood ratings 1-10 in the database: recorded, listed, and their trend. Reading functions
record their READ or EXPORT entry themselves.

A rating given in a note is a mood entry too, linked to the note (session_note_id): the note is
its source, and follow_note_mood keeps the entry in step within the note's own transaction
(docs/clinical-notes.md, "Mood and progress").
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sanctuary_cli.practice.audit import record_shown
from sanctuary_cli.practice.clinician import acting_id
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.trends import rating, sparkline, weekly_means
from sanctuary_cli.store.db import Database, named_query


def add_mood(db: Database, patient_ref: str, value: Any, note: str | None) -> dict[str, Any]:
    """Record a rating now, by the acting clinician: mood_entry_id, recorded_at, rating, note."""
    therapist_id = acting_id(db)
    checked = rating(value)
    patient = resolve_patient(db, patient_ref)
    return db.one(
        "mood.add",
        patient_id=patient["id"],
        therapist_id=therapist_id,
        rating=checked,
        note=parsers.clean_text(note),
    )


def list_mood(
    db: Database, patient_ref: str, *, limit: int = 100, export: bool = False
) -> dict[str, Any]:
    """A patient's ratings, newest first: {"patient_name", "entries"}."""
    patient = resolve_patient(db, patient_ref)
    entries = db.all("mood.list", patient_id=patient["id"], limit=limit)
    record_shown(
        db,
        "mood_entries",
        entries,
        export=export,
        id_key="mood_entry_id",
        patient_id=patient["id"],
    )
    return {"patient_name": patient["full_name"], "entries": entries}


def mood_trend(
    db: Database, patient_ref: str, *, last: int = 30, export: bool = False
) -> dict[str, Any]:
    """The last N ratings, oldest first, as a sparkline and as (recorded_at, rating) for a
    chart, and the mean of each week: {"patient_name", "ratings", "sparkline", "series",
    "weeks"}. Audited as one entry for the patient."""
    patient = resolve_patient(db, patient_ref)
    entries = db.all("mood.recent", patient_id=patient["id"], limit=last)
    ratings = [row["rating"] for row in entries]
    weeks = weekly_means([(row["day"], row["rating"]) for row in entries])
    record_shown(db, "mood_entries", weeks, export=export, patient_id=patient["id"])
    return {
        "patient_name": patient["full_name"],
        "ratings": ratings,
        "sparkline": sparkline(ratings),
        "series": [(row["recorded_at"], row["rating"]) for row in entries],
        "weeks": weeks,
    }


def follow_note_mood(cur: Any, note_id: UUID) -> UUID | None:
    """Make the note's mood entry agree with the note, in the caller's transaction: written or
    changed from the note's rating (dated at the session), or removed when the note has none.
    Returns the entry's id, None when the note has no mood."""
    cur.execute(named_query("mood.follow_note"), {"note_id": note_id})
    row = cur.fetchone()
    if row is not None:
        return row["mood_entry_id"]
    cur.execute(named_query("mood.drop_note_entry"), {"note_id": note_id})
    cur.execute(named_query("mood.note_entry"), {"note_id": note_id})
    kept = cur.fetchone()
    return None if kept is None else kept["mood_entry_id"]
