"""The clinician a command acts for: --therapist / SANCTUARY_THERAPIST, the login's own
therapist, the practice's default clinician, or the only one; and the scope of a listing (one
clinician or the practice)."""

from __future__ import annotations

from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.db import ACTING, Database


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
            "Several therapists and no default clinician: choose one with --therapist EMAIL or "
            "SANCTUARY_THERAPIST, or set the practice's with `sanctuary therapists default REF`"
        )
    return rows[0]


def acting_id(db: Database) -> Any:
    return acting_therapist(db)["id"]


def acting_ref(db: Database) -> Any:
    """The acting clinician as a query parameter: the database resolves it (store/database.py
    ACTING), so a read needs no round trip to look the clinician up first."""
    return ACTING


def scope(db: Database, all_therapists: bool) -> Any:
    """The acting clinician (as ACTING, resolved by the database), or None (the whole
    practice) with --all-therapists.

    The whole practice is the practice even when SANCTUARY_THERAPIST names a clinician: the
    rest of the command's transactions run with the therapist setting emptied (store/db.py
    `Database.whole_practice`), so row-level security does not narrow them to that clinician.
    A clinician login still sees only its own rows: its role decides, not the setting.
    """
    if all_therapists:
        db.whole_practice = True
        return None
    return ACTING
