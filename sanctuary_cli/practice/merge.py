"""`patients merge KEEP OTHER`: one person's two records become one (docs/SPEC.md section 7).

The database does the work in one transaction (migration 0083, sanctuary_merge_patients):
every row referencing OTHER moves onto KEEP, signed notes included, each move audited, and
OTHER is discharged (status Inactive, merged_into KEEP). Both must be the acting clinician's.
"""

from __future__ import annotations

from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.store.db import Database


def merge_patients(db: Database, keep_ref: str, other_ref: str) -> dict[str, Any]:
    """Merge OTHER into KEEP; returns both records and what moved ("appointments 3, ...")."""
    # No Active preference here: a merge names exactly the two records it joins.
    keep = resolve_patient(db, keep_ref, prefer_active=False)
    other = resolve_patient(db, other_ref, prefer_active=False)
    if keep["id"] == other["id"]:
        raise UserError(
            f"KEEP and OTHER both name {keep['full_name']} ({str(keep['id'])[:8]}); "
            "give each by its id (`sanctuary patients search` lists them)"
        )
    row = db.one(
        "patients.merge", keep=keep["id"], other=other["id"], acting=clinician.acting_id(db)
    )
    moved = (row or {}).get("moved") or {}
    short = str(keep["id"])[:8]
    hint = None
    if keep["status"] != "Active":
        hint = (
            f"Note: {keep['full_name']} is {keep['status']}; reactivate with `sanctuary patients "
            f"edit {short} --status Active` if treatment goes on"
        )
    return {
        "hint": hint,
        "patient_id": keep["id"],
        "full_name": keep["full_name"],
        "status": keep["status"],
        "merged_patient_id": other["id"],
        "merged_full_name": other["full_name"],
        "moved": ", ".join(f"{table} {n}" for table, n in sorted(moved.items())) or "nothing",
    }
