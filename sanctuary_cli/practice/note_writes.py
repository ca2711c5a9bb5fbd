"""Writing a note in one transaction: its row, its tags, its mood entry and, when asked, its
signature (for `notes add` and `notes edit`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.mood import follow_note_mood
from sanctuary_cli.practice.plans_objectives import link_note
from sanctuary_cli.rules.notes import NoteDraft
from sanctuary_cli.store.db import Database, named_query

# The risk columns of a progress note, as the risk assessment names them.
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


def note_values(draft: NoteDraft) -> dict[str, Any]:
    """The columns a validated note sets, on insert and on update alike."""
    from psycopg.types.json import Jsonb

    risk = draft.risk
    return {
        "template": draft.template,
        "content": Jsonb(draft.content),
        "mood_rating": draft.mood_rating,
        **{column: getattr(risk, column) for column in RISK_COLUMNS},
        "protective_factors": list(risk.protective_factors),
        "crisis_indicators": list(risk.crisis_indicators),
        "is_private": draft.is_private,
        "risk_assessment_complete": risk.complete,
    }


def insert_note(
    db: Database,
    therapist_id: UUID,
    target: dict[str, Any],
    draft: NoteDraft,
    *,
    sign: bool,
    objectives: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """Insert the note, its tags, its mood entry, its links to the plan objectives it worked on
    and (when asked) its signature in one transaction; the row `notes add` reports."""
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
            **note_values(draft),
            "session_date": draft.session_date or target["session_date"],
        }
        cur.execute(named_query("notes.insert"), values)
        note = cur.fetchone()
        tag_note(cur, note["id"], draft.tags)
        mood_entry_id = follow_note_mood(cur, note["id"])
        link_note(cur, note["id"], objectives)  # before signing: a signed note's links stay
        signed_at = sign_in(cur, note["id"], therapist_id) if sign else None
    return written_note(note, target["patient_name"], draft, signed_at, mood_entry_id)


def update_note(
    db: Database, note: Mapping[str, Any], draft: NoteDraft, *, sign: bool
) -> dict[str, Any]:
    """Rewrite an unsigned note from its edited draft: its columns, its tags (replaced) and its
    mood entry (following the new rating, or removed with it), in one transaction. The
    database refuses the update if the note was signed meanwhile."""
    with db.transaction() as cur:
        cur.execute(
            named_query("notes.update"),
            {
                "note_id": note["id"],
                **note_values(draft),
                "session_date": draft.session_date or note["session_date"],
            },
        )
        row = cur.fetchone()
        cur.execute(named_query("notes.untag"), {"note_id": note["id"]})
        tag_note(cur, note["id"], draft.tags)
        mood_entry_id = follow_note_mood(cur, note["id"])
        signed_at = sign_in(cur, note["id"], note["therapist_id"]) if sign else None
    return written_note(row, note["patient_name"], draft, signed_at, mood_entry_id)


def tag_note(cur: Any, note_id: UUID, tags: Sequence[str]) -> None:
    """Put the named tags on a note, creating those not in use yet."""
    if not tags:
        return
    cur.execute(named_query("notes.tag_ids"), {"names": list(tags)})
    for tag in cur.fetchall():
        cur.execute(named_query("notes.tag_note"), {"note_id": note_id, "tag_id": tag["id"]})


def sign_in(cur: Any, note_id: UUID, therapist_id: UUID) -> Any:
    """Sign the note within the open transaction; returns the signing time."""
    cur.execute(named_query("notes.sign"), {"note_id": note_id, "therapist_id": therapist_id})
    return cur.fetchone()["signed_at"]


def written_note(
    note: Mapping[str, Any], patient_name: str, draft: NoteDraft, signed_at: Any, mood_entry: Any
) -> dict[str, Any]:
    """The row `notes add` and `notes edit` print with --format (docs/SPEC.md section 7)."""
    return {
        "note_id": note["id"],
        "patient_id": note["patient_id"],
        "patient_name": patient_name,
        "session_date": note["session_date"],
        "template": draft.template,
        "mood_rating": draft.mood_rating,
        "mood_entry_id": mood_entry,
        "risk_level": None if draft.is_private else draft.risk.risk_level,
        "tags": list(draft.tags),
        "is_private": draft.is_private,
        "status": "signed" if signed_at else "unsigned",
        "signed_at": signed_at,
    }
