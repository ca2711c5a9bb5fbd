"""The clinician a command acts for: --therapist / SANCTUARY_THERAPIST, the login's own
therapist, or the only one; and the scope of a listing (one clinician or the practice)."""

from __future__ import annotations

from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.db import Database


def acting_therapist(db: Database) -> dict[str, Any]:
    """The therapist row the command acts for, or a UserError saying how to choose one."""
    chosen = db.settings.therapist
    rows = db.all("therapists.resolve_current", ref=chosen)
    if chosen:
        if not rows:
            raise UserError(f"No therapist with email or id {chosen!r}")
        return rows[0]
    if not rows:
        raise UserError(
            "No therapist yet: add one with `sanctuary therapists add` "
            "(or load the demo with `sanctuary db init --demo`)"
        )
    if len(rows) > 1:
        raise UserError(
            "Several therapists: choose one with --therapist EMAIL or SANCTUARY_THERAPIST"
        )
    return rows[0]


def acting_id(db: Database) -> Any:
    return acting_therapist(db)["id"]


def scope(db: Database, all_therapists: bool) -> Any:
    """The acting clinician's id, or None (the whole practice) with --all-therapists."""
    return None if all_therapists else acting_id(db)
