"""Session notes in the database: written, listed, searched, signed and amended (shown in
practice/note_show.py, edited in practice/note_edit.py, contacts in practice/contact_notes.py).

Every query lets a clinician read the progress notes of their patients and their own, and
private notes only when they wrote them (row-level security adds the same rule in the
database). Reading functions record their READ or EXPORT entry themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.audit import record_shown
from sanctuary_cli.practice.clinician import acting_id, acting_ref
from sanctuary_cli.practice.note_writes import insert_note
from sanctuary_cli.practice.plans_objectives import resolve_objectives
from sanctuary_cli.practice.refs import ambiguous_message, id_prefix_pattern, resolve_patient
from sanctuary_cli.practice.tags import known_tags
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.rules.notes import note_draft
from sanctuary_cli.store.db import Database


@dataclass(frozen=True)
class NoteContext:
    """What the questions for a note may use once its patient is known: the form's choices and
    defaults, and whose draft it would be."""

    therapist_id: UUID
    patient_id: UUID
    patient_name: str
    known_tags: Callable[[], list[str]]
    note_id: UUID | None = None  # the note being edited
    current: Mapping[str, Any] | None = None  # its fields (rules/note_files.current_note_fields)


class NoteInput(Protocol):
    """What `notes add` or `notes edit` was given, asked for the rest only when needed."""

    def target(self) -> str:
        """The appointment (id prefix) or patient the note is about (`notes add`)."""

    def fields(self, context: NoteContext) -> Mapping[str, Any]:
        """The note's fields (see rules/notes.note_draft)."""


def add_note(
    db: Database, given: NoteInput, *, sign: bool = False, objectives: Sequence[str] = ()
) -> dict[str, Any]:
    """Write a note for the acting clinician (and sign it when asked), linked to the treatment
    plan objectives it worked on; the target and the objectives are resolved before the form
    is shown, so a mistyped patient is caught before the note is typed."""
    therapist_id = acting_id(db)
    target = note_target(db, given.target(), therapist_id)
    patient = {"id": target["patient_id"], "full_name": target["patient_name"]}
    worked_on = resolve_objectives(db, patient, objectives)
    context = NoteContext(
        therapist_id, target["patient_id"], target["patient_name"], lambda: known_tags(db)
    )
    draft = note_draft(dict(given.fields(context)), db.settings.tz)
    if worked_on and draft.is_private:
        raise UserError(
            "A private psychotherapy note is not part of the record: link the plan objectives "
            "from the progress note"
        )
    return insert_note(db, therapist_id, target, draft, sign=sign, objectives=worked_on)


def note_target(db: Database, ref: str, therapist_id: UUID) -> dict[str, Any]:
    """What a note is about: an appointment (by id or id prefix) that has taken place, or a
    patient reference."""
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
        if appointment["session_date"] > practice_today(db.settings.tz):
            raise UserError(
                f"That appointment is on {appointment['session_date'].isoformat()}, after "
                "today; write its note once the session has taken place"
            )
        return {
            "patient_id": appointment["patient_id"],
            "patient_name": appointment["patient_name"],
            "appointment_id": appointment["id"],
            "session_date": appointment["session_date"],
        }
    patient = resolve_patient(db, ref)
    return {
        "patient_id": patient["id"],
        "patient_name": patient["full_name"],
        "appointment_id": None,
        "session_date": None,
    }


def list_notes(
    db: Database,
    patient_ref: str | None = None,
    *,
    include_private: bool = False,
    export: bool = False,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Notes the acting clinician may read, newest first, contact notes included. Their own
    private notes show on screen, but leave it (CSV, JSON, Markdown) only when include_private
    asks for them."""
    therapist_id = acting_ref(db)
    patient_id = resolve_patient(db, patient_ref)["id"] if patient_ref else None
    rows = db.all(
        "notes.list",
        therapist_id=therapist_id,
        patient_id=patient_id,
        include_private=include_private or not export,
        limit=limit,
    )
    record_shown(db, "session_notes", rows, export=export, id_key="note_id")
    return rows


# How many of the newest matching notes a search ranks (docs/clinical-notes.md, "Searching
# notes"): a word in every eighth note of a long career would otherwise rank thousands of
# notes on every search, and the work would grow with the history (migration 0126).
NOTE_SEARCH_POOL = 500


@dataclass(frozen=True)
class NoteSearch:
    rows: list[dict[str, Any]]
    older_unranked: bool  # more notes matched than were ranked (the newest NOTE_SEARCH_POOL)


def search_notes(
    db: Database,
    text: str,
    *,
    include_private: bool = False,
    export: bool = False,
    first_day: str | None = None,
    last_day: str | None = None,
) -> NoteSearch:
    """The best matches of a web-style search among the newest NOTE_SEARCH_POOL matching notes
    (from `first_day` to `last_day` when given), best first; private notes as in list_notes."""
    if not text.strip():
        raise UserError("Give some words to search for")
    since, until = parsers.parse_day_span(first_day, last_day, db.settings.tz)
    therapist_id = acting_ref(db)
    rows = db.all(
        "notes.search",
        therapist_id=therapist_id,
        text=text,
        include_private=include_private or not export,
        pool=NOTE_SEARCH_POOL,
        since=since,
        until=until,
    )
    older_unranked = any(row.pop("older_unranked") for row in rows)
    record_shown(db, "session_notes", rows, export=export, id_key="note_id")
    return NoteSearch(rows, older_unranked)


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


def sign_note(db: Database, ref: str) -> dict[str, Any]:
    """Sign the acting clinician's own unsigned note; afterwards the database locks it."""
    therapist_id = acting_id(db)
    note = find_note(db, ref, therapist_id)
    if note["signed_at"] is not None:
        raise UserError(f"Note {str(note['id'])[:8]} is already signed")
    if note["therapist_id"] != therapist_id:
        raise UserError("Only the author of a note can sign it")
    signed = db.one("notes.sign", note_id=note["id"], therapist_id=therapist_id)
    if signed is None:
        raise UserError(f"Note {str(note['id'])[:8]} is already signed")
    return {
        "note_id": signed["id"],
        "patient_id": note["patient_id"],
        "status": "signed",
        "signed_at": signed["signed_at"],
    }


def add_addendum(db: Database, ref: str, body: str | None) -> dict[str, Any]:
    """Append a dated addendum by the acting clinician (how a signed note is corrected)."""
    therapist_id = acting_id(db)
    note = find_note(db, ref, therapist_id)
    text = parsers.clean_text(body)
    if not text:
        raise UserError("The addendum is empty; nothing was saved")
    row = db.one("notes.add_addendum", note_id=note["id"], therapist_id=therapist_id, body=text)
    return {
        "addendum_id": row["id"],
        "note_id": note["id"],
        "patient_id": note["patient_id"],
        "created_at": row["created_at"],
    }
