"""Drafts of notes, kept outside the record (docs/clinical-notes.md, "Drafts").

An interactive note that is interrupted (Ctrl-C, a closed terminal) is kept here until the
clinician resumes or discards it: one JSON file per clinician, patient and note, under
`<data dir>/drafts/<therapist id>/`, in a folder only its owner can enter and a file only its
owner can read (it holds PHI), written atomically so a second interruption never leaves half a
draft. Nothing here touches the database.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from sanctuary_cli.store.files import atomic_write

DRAFTS_FOLDER = "drafts"
OWNER_ONLY_FOLDER = 0o700
FORMAT_VERSION = 1


def draft_path(
    data_dir: str | Path, therapist_id: UUID, patient_id: UUID, note_id: UUID | None = None
) -> Path:
    """Where the draft of a new note for a patient (note_id None), or of an edit of one of
    their notes, is kept for this clinician."""
    name = f"{patient_id}.json" if note_id is None else f"{patient_id}.{note_id}.json"
    return Path(data_dir).expanduser() / DRAFTS_FOLDER / str(therapist_id) / name


def save_draft(path: Path, fields: dict[str, Any], *, about: dict[str, Any]) -> Path:
    """Keep `fields` (what was typed so far) with `about` (kind, note, patient): 0600, atomic."""
    for folder in (path.parent.parent, path.parent):
        folder.mkdir(mode=OWNER_ONLY_FOLDER, parents=True, exist_ok=True)
        os.chmod(folder, OWNER_ONLY_FOLDER)
    payload = {
        "version": FORMAT_VERSION,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **about,
        "fields": fields,
    }
    return atomic_write(path, json.dumps(payload, indent=2, default=str) + "\n")


def load_draft(path: Path) -> dict[str, Any] | None:
    """The draft kept at `path`, or None when there is none (or it cannot be read as one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        return None
    return data


def discard_draft(path: Path) -> None:
    """Remove the draft at `path` (nothing when there is none)."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def other_drafts(data_dir: str | Path, therapist_id: UUID, patient_id: UUID) -> list[Path]:
    """Every draft this clinician keeps for the patient (new notes and edits)."""
    folder = Path(data_dir).expanduser() / DRAFTS_FOLDER / str(therapist_id)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{patient_id}*.json"))
