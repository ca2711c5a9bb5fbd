"""Session notes in the database: written, listed, searched, shown, signed and amended.

Every query lets a clinician read the progress notes of their patients and their own, and
private notes only when they wrote them (row-level security adds the same rule in the
database). Reading functions record their READ or EXPORT entry themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.audit import record_shown
from sanctuary_cli.practice.clinician import acting_id
from sanctuary_cli.practice.refs import ambiguous_message, id_prefix_pattern, resolve_patient
from sanctuary_cli.practice.tags import known_tags
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.notes import TEMPLATES, NoteDraft, note_draft
from sanctuary_cli.store.db import Database, named_query

# The risk columns `notes show` lists after the sections (progress notes only).
RISK_COLUMNS = (
    "suicidal_ideation",
    "self_harm",
    "homicidal_ideation",
    "protective_factors",
    "protective_factors_note",
    "risk_level",
    "safety_plan",
    "crisis_indicators",
)


class NoteInput(Protocol):
    """What `notes add` was given, asked for the rest only when the note needs it."""

    def target(self) -> str:
        """The appointment (id prefix) or patient the note is about."""

    def fields(self, known_tags: Callable[[], list[str]]) -> Mapping[str, Any]:
        """The note's fields (see rules/notes.note_draft); known_tags feeds the form's choices."""


@dataclass(frozen=True)
class ShownNote:
    note_id: UUID
    fields: list[dict[str, Any]]  # (field, value) rows, see detail_rows


def add_note(db: Database, given: NoteInput, *, sign: bool = False) -> dict[str, Any]:
    """Write a note for the acting clinician (and sign it when asked); the target is resolved
    before the form is shown, so a mistyped patient is caught before the note is typed."""
    therapist_id = acting_id(db)
    target = note_target(db, given.target(), therapist_id)
    draft = note_draft(dict(given.fields(lambda: known_tags(db))), db.settings.tz)
    return _insert_note(db, therapist_id, target, draft, sign=sign)


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


def _insert_note(
    db: Database, therapist_id: UUID, target: dict[str, Any], draft: NoteDraft, *, sign: bool
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
        values = {
            "appointment_id": target["appointment_id"],
            "patient_id": target["patient_id"],
            "therapist_id": therapist_id,
            "template": draft.template,
            "content": Jsonb(draft.content),
            "mood_rating": draft.mood_rating,
            **{column: getattr(risk, column) for column in RISK_COLUMNS},
            "protective_factors": list(risk.protective_factors),
            "crisis_indicators": list(risk.crisis_indicators),
            "is_private": draft.is_private,
            "risk_assessment_complete": risk.complete,
            "session_date": draft.session_date or target["session_date"],
        }
        cur.execute(named_query("notes.insert"), values)
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


def list_notes(
    db: Database,
    patient_ref: str | None = None,
    *,
    include_private: bool = False,
    export: bool = False,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Notes the acting clinician may read, newest first. Their own private notes show on
    screen, but leave it (CSV, JSON, Markdown) only when include_private asks for them."""
    therapist_id = acting_id(db)
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


def search_notes(
    db: Database, text: str, *, include_private: bool = False, export: bool = False
) -> list[dict[str, Any]]:
    """Notes matching a web-style search, best first; private notes as in list_notes."""
    therapist_id = acting_id(db)
    if not text.strip():
        raise UserError("Give some words to search for")
    rows = db.all(
        "notes.search",
        therapist_id=therapist_id,
        text=text,
        include_private=include_private or not export,
    )
    record_shown(db, "session_notes", rows, export=export, id_key="note_id")
    return rows


def show_note(db: Database, ref: str, *, export: bool = False) -> ShownNote:
    """One note with its addenda, as (field, value) rows."""
    note = find_note(db, ref, acting_id(db))
    note["addenda"] = db.all("notes.addenda", note_id=note["id"])
    record_shown(db, "session_notes", [note], export=export, id_key="id")
    return ShownNote(note["id"], detail_rows(note))


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


def detail_rows(note: dict[str, Any]) -> list[dict[str, Any]]:
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
    order = [key for key, _ in TEMPLATES.get(note["template"], ())]
    content = note["content"]
    for key in [*(k for k in order if k in content), *(k for k in content if k not in order)]:
        rows.append((key, content[key]))
    if not note["is_private"]:
        rows.append(("mood_rating", note["mood_rating"]))
        rows.extend((field, note[field]) for field in RISK_COLUMNS)
    rows.append(("tags", note["tags"]))
    for addendum in note.get("addenda", []):
        rows.append(
            (
                f"addendum {addendum['created_at']:%Y-%m-%d %H:%M}",
                f"{addendum['body']} ({addendum['author_name']})",
            )
        )
    return [{"field": field, "value": value} for field, value in rows]


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
    return {"note_id": signed["id"], "signed_at": signed["signed_at"]}


def add_addendum(db: Database, ref: str, body: str | None) -> dict[str, Any]:
    """Append a dated addendum by the acting clinician (how a signed note is corrected)."""
    therapist_id = acting_id(db)
    note = find_note(db, ref, therapist_id)
    text = parsers.clean_text(body)
    if not text:
        raise UserError("The addendum is empty; nothing was saved")
    row = db.one("notes.add_addendum", note_id=note["id"], therapist_id=therapist_id, body=text)
    return {"note_id": note["id"], "addendum_id": row["id"], "created_at": row["created_at"]}
