"""Contact notes (`notes contact`): a phone call, an email or a message with a patient, in a
line or two, signed as it is written (docs/clinical-notes.md, "Contact notes"); and the chart's
list of recent notes, where contacts show beside sessions."""

from __future__ import annotations

from typing import Any

from sanctuary_cli.practice.clinician import acting_id
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.rules.notes import contact_draft
from sanctuary_cli.store.db import Database


def add_contact(
    db: Database, patient_ref: str, text: Any, *, minutes: Any = None, kind: Any = None
) -> dict[str, Any]:
    """Record a contact by the acting clinician with a patient, signed at once; it carries no
    risk assessment, so it neither raises nor closes a risk flag."""
    from psycopg.types.json import Jsonb

    therapist_id = acting_id(db)
    patient = resolve_patient(db, patient_ref)
    draft = contact_draft(text, minutes, kind)
    row = db.one(
        "notes.insert_contact",
        patient_id=patient["id"],
        therapist_id=therapist_id,
        content=Jsonb({"text": draft.text}),
        kind=draft.kind,
        minutes=draft.minutes,
    )
    return {**row, "patient_name": patient["full_name"], "template": "contact", "status": "signed"}
