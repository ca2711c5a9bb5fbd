"""One note shown in full (`notes show`): as one record for JSON, and as (field, value) rows for
a table, CSV or Markdown. Showing it records its READ or EXPORT entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sanctuary_cli.practice.audit import record_shown
from sanctuary_cli.practice.clinician import acting_id
from sanctuary_cli.practice.note_writes import RISK_COLUMNS
from sanctuary_cli.practice.notes import find_note
from sanctuary_cli.rules.notes import CONTACT, TEMPLATES
from sanctuary_cli.store.db import Database


@dataclass(frozen=True)
class ShownNote:
    note_id: UUID
    record: dict[str, Any]  # one object: see note_record
    fields: list[dict[str, Any]]  # (field, value) rows: see detail_rows


def show_note(db: Database, ref: str, *, export: bool = False) -> ShownNote:
    """One note with its addenda."""
    note = find_note(db, ref, acting_id(db))
    note["addenda"] = db.all("notes.addenda", note_id=note["id"])
    record_shown(db, "session_notes", [note], export=export, id_key="id")
    record = note_record(note)
    return ShownNote(note["id"], record, detail_rows(record))


def note_record(note: dict[str, Any]) -> dict[str, Any]:
    """A note as one object (docs/clinical-notes.md, "Reading notes"): its header, `sections`
    nested in template order (a contact note's one section is `text`), then mood and the risk
    assessment at the top level for a progress note, the contact's kind and minutes for a
    contact note, tags, and `addenda` as a list, oldest first."""
    record: dict[str, Any] = {
        "note_id": note["id"],
        "patient_id": note["patient_id"],
        "patient": note["patient_name"],
        "session_date": note["session_date"],
        "author": note["author_name"],
        "template": note["template"],
        "private": note["is_private"],
        "status": "signed" if note["signed_at"] else "unsigned",
        "signed_by": note["signer_name"] if note["signed_at"] else None,
        "signed_at": note["signed_at"],
        "sections": ordered_sections(note["template"], note["content"]),
    }
    if note["template"] == CONTACT:
        record["contact_kind"] = note["contact_kind"]
        record["contact_minutes"] = note["contact_minutes"]
    elif not note["is_private"]:
        record["mood_rating"] = note["mood_rating"]
        record.update({field: note[field] for field in RISK_COLUMNS})
        record["risk_assessment_complete"] = note["risk_assessment_complete"]
    record["tags"] = list(note["tags"])
    record["addenda"] = [
        {
            "addendum_id": a["addendum_id"],
            "created_at": a["created_at"],
            "author": a["author_name"],
            "body": a["body"],
        }
        for a in note.get("addenda", [])
    ]
    return record


def ordered_sections(template: str, content: dict[str, Any]) -> dict[str, Any]:
    """jsonb keeps keys in its own order: sections follow the template, any others after."""
    order = [key for key, _ in TEMPLATES.get(template, ())]
    keys = [*(k for k in order if k in content), *(k for k in content if k not in order)]
    return {key: content[key] for key in keys}


def detail_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record as (field, value) rows: header, each section, the rest, one row per
    addendum."""
    rows: list[tuple[str, Any]] = []
    for field, value in record.items():
        if field == "sections":
            rows.extend(value.items())
        elif field == "addenda":
            rows.extend(
                (f"addendum {a['created_at']:%Y-%m-%d %H:%M}", f"{a['body']} ({a['author']})")
                for a in value
            )
        elif field == "template":
            rows.append((field, str(value).upper()))
        elif field == "status":
            signed = f"signed by {record['signed_by']}" if record["signed_at"] else "unsigned"
            rows.append((field, signed))
        elif field not in ("signed_by", "patient_id", "risk_assessment_complete"):
            rows.append((field, value))
    return [{"field": field, "value": value} for field, value in rows]
