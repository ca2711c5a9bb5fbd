"""`notes edit`: change an unsigned note of one's own (docs/SPEC.md section 7). A signed note
stays locked: the database refuses the change, and the person is pointed at an addendum."""

from __future__ import annotations

from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.audit import record_shown
from sanctuary_cli.practice.clinician import acting_id
from sanctuary_cli.practice.note_writes import update_note
from sanctuary_cli.practice.notes import NoteContext, NoteInput, find_note
from sanctuary_cli.practice.tags import known_tags
from sanctuary_cli.rules.note_files import current_note_fields
from sanctuary_cli.rules.notes import note_draft
from sanctuary_cli.store.db import Database


def edit_note(db: Database, ref: str, given: NoteInput, *, sign: bool = False) -> dict[str, Any]:
    """Rewrite the acting clinician's unsigned note `ref` with the fields `given` returns
    (starting from the note's own), and sign it when asked. The note is found and checked
    before anything is asked."""
    therapist_id = acting_id(db)
    note = editable_note(db, ref, therapist_id)
    # The form shows what the note says (each section as the answer's default): a read.
    record_shown(db, "session_notes", [note], id_key="id")
    current = current_note_fields(note)
    context = NoteContext(
        therapist_id,
        note["patient_id"],
        note["patient_name"],
        lambda: known_tags(db),
        note_id=note["id"],
        current=current,
    )
    fields = dict(given.fields(context))
    if bool(fields.get("private")) != note["is_private"]:
        kind = "private psychotherapy note" if note["is_private"] else "progress note"
        raise UserError(
            f"Note {str(note['id'])[:8]} is a {kind}, and stays one; write a new note instead"
        )
    draft = note_draft(fields, db.settings.tz)
    return update_note(db, note, draft, sign=sign)


def editable_note(db: Database, ref: str, therapist_id: Any) -> dict[str, Any]:
    """The note `ref` names, if the acting clinician may still change it (a contact note is
    signed as it is written, so it is never editable)."""
    note = find_note(db, ref, therapist_id)
    short = str(note["id"])[:8]
    if note["signed_at"] is not None:
        raise UserError(
            f"Note {short} is signed and locked; correct it with an addendum: "
            f"`sanctuary notes amend {short}`"
        )
    if note["therapist_id"] != therapist_id:
        raise UserError("Only the author of a note can edit it")
    return note
