"""Insurance claims: making them from charges, listing them, one claim in full.

`claims create` makes one claim per patient and rendering clinician, holding every unclaimed
insurance charge in the range, or refuses with one line naming every missing or invalid item
(docs/SPEC.md section 8). Sending is practice/claim_export.py's, the payer's answers
practice/claim_import.py's, voiding and resubmitting practice/claim_changes.py's. What each
status means: docs/claims.md, "Claim statuses".
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import claim_drafts, clinician
from sanctuary_cli.practice.audit import record_shown
from sanctuary_cli.practice.refs import ambiguous_message, id_prefix_pattern, resolve_patient
from sanctuary_cli.rules import parsers
from sanctuary_cli.store.db import Database, named_query

STATUSES = (
    "draft", "ready", "submitted", "accepted", "rejected", "paid", "partial", "denied",
    "reversed", "replaced", "void",
)  # fmt: skip


def create_claims(
    db: Database,
    patient_ref: str,
    first_day: str | None = None,
    last_day: str | None = None,
    *,
    secondary: bool = False,
) -> list[dict[str, Any]]:
    """The claims made for a patient's unclaimed insurance charges from `first_day` to
    `last_day` (either open): one per rendering clinician, all in one transaction. With
    `secondary`, to the secondary payer for what the primary adjudicated."""
    tz = db.settings.tz
    first, last = parsers.parse_day_span(first_day, last_day, tz)
    patient = resolve_patient(db, patient_ref)
    responsibility = "S" if secondary else "P"
    query = "claims.secondary_charges" if secondary else "claims.claimable_charges"
    with db.transaction() as cur:
        cur.execute(named_query("claims.lock_patient"), {"patient_id": patient["id"]})
        cur.execute(named_query("practice.profile"))
        profile = cur.fetchone()
        cur.execute(
            named_query(query),
            {"patient_id": patient["id"], "first_day": first, "last_day": last},
        )
        charges = cur.fetchall()
        if not charges:
            raise UserError(nothing_to_claim(patient["full_name"], secondary, first, last))
        drafts = [
            claim_drafts.draft(
                cur,
                profile,
                patient["id"],
                therapist_id,
                list(group),
                responsibility=responsibility,
            )  # fmt: skip
            for therapist_id, group in groupby(charges, key=lambda c: c["therapist_id"])
        ]
        problems = claim_drafts.dedupe([p for d in drafts for p in d.problems])
        if problems:
            raise UserError(f"No claim made for {patient['full_name']}: " + "; ".join(problems))
        return [claim_drafts.store(cur, found) for found in drafts]


def nothing_to_claim(name: str, secondary: bool, first: Any, last: Any) -> str:
    span = f" from {first or 'the first'} to {last or 'today'}" if first or last else ""
    if secondary:
        return (
            f"{name} has no charge{span} that the primary payer adjudicated and no secondary "
            "claim holds"
        )
    return (
        f"{name} has no unclaimed insurance charge{span} (a service with a CPT code, still "
        "owing, not paid by an insurer, on no live claim)"
    )


def list_claims(
    db: Database, status: str | None = None, *, all_therapists: bool = False
) -> list[dict[str, Any]]:
    """Claims of the acting clinician (the practice with all_therapists), of one status."""
    chosen = parsers.parse_choice(status, STATUSES, what="--status")
    therapist_id = clinician.scope(db, all_therapists)
    return db.all("claims.list", therapist_id=therapist_id, status=chosen, claim_ids=None)


def resolve_claim(db: Database, ref: str) -> dict[str, Any]:
    """The one claim `ref` names: its control number or an id prefix."""
    ref = (ref or "").strip()
    if not ref:
        raise UserError("Give a claim: its control number or the start of its id")
    rows = db.all("claims.find", ref=ref, id_prefix=id_prefix_pattern(ref))
    exact = [row for row in rows if row["control_number"].upper() == ref.upper()]
    found = exact or rows
    if not found:
        raise UserError(f"No claim with control number or id {ref!r}")
    if len(found) > 1:
        raise UserError(ambiguous_message("claims", ref, [r["control_number"] for r in found]))
    return found[0]


def show_claim(db: Database, ref: str, *, export: bool = False) -> dict[str, Any]:
    """One claim: its fields, its lines with what was paid and adjusted on each, and its
    history with the payer's reasons. Diagnoses are clinical: the read is recorded."""
    claim_id = resolve_claim(db, ref)["id"]
    with db.transaction() as cur:
        cur.execute(named_query("claims.claim"), {"claim_id": claim_id})
        claim = cur.fetchone()
        cur.execute(
            named_query("claims.list"),
            {"therapist_id": None, "status": None, "claim_ids": [claim_id]},
        )
        totals = cur.fetchone()
        cur.execute(named_query("claims.lines"), {"claim_id": claim_id})
        lines = cur.fetchall()
        cur.execute(named_query("claims.history"), {"claim_id": claim_id})
        history = cur.fetchall()
    record_shown(
        db, "financial_records", lines, export=export, id_key="financial_record_id",
        patient_id=claim["patient_id"],
    )  # fmt: skip
    fields = {key: claim[key] for key in SHOWN if key in claim}
    fields["diagnoses"] = ", ".join(claim["diagnoses"])
    for key in ("paid_amount", "adjustment_amount", "patient_responsibility"):
        fields[key] = totals[key]
    return {"claim": fields, "lines": lines, "history": history}


SHOWN = (
    "claim_id", "control_number", "status", "patient_name", "therapist_name", "payer_name",
    "payer_code", "responsibility", "frequency", "payer_claim_number", "service_from",
    "service_to", "total_charge", "diagnoses", "place_of_service", "submitted_at",
    "interchange_control_number", "transaction_set_number", "file_name", "created_at",
)  # fmt: skip
