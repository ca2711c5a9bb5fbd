"""Correcting a claim already made: `claims resubmit` (a replacement, frequency 7, with the
payer's claim number; or, for a claim the payer never took in, a new original) and `claims
void` (frequency 8; or, for a claim never sent, withdrawn). docs/claims.md, "Fixing a claim".

Either way the old claim keeps its history and its status says what became of it (replaced,
void); the new one is rebuilt from its charges and today's profile and policy, so a fixed
NPI, address or diagnosis goes out with it.
"""

from __future__ import annotations

from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import claim_drafts
from sanctuary_cli.practice.claims import resolve_claim
from sanctuary_cli.store.db import Database, named_query

WAITING = "it was sent and the payer has not answered yet (import its 999, 277CA or 835 first)"


def resubmit_claim(db: Database, ref: str) -> dict[str, Any]:
    """A new claim for the same charges; the old one becomes replaced."""
    claim_id = resolve_claim(db, ref)["id"]
    with db.transaction() as cur:
        claim = locked(cur, claim_id)
        number = claim["control_number"]
        status = claim["status"]
        if claim["frequency"] == "8":
            raise UserError(f"Claim {number} is a void; it is not resubmitted")
        if status in ("ready", "draft"):
            raise UserError(f"Claim {number} has not been sent yet; export it as it is")
        if status == "submitted":
            raise UserError(f"Claim {number} is not resubmitted: {WAITING}")
        if status in ("replaced", "void"):
            raise UserError(f"Claim {number} is {status}; nothing to resubmit")
        # A rejected claim never reached adjudication: it goes again as an original.
        frequency = "1" if status == "rejected" else "7"
        if frequency == "7" and not claim["payer_claim_number"]:
            raise UserError(
                f"Claim {number} has no payer's claim number yet (from a 277CA or 835); a "
                "replacement must name it"
            )
        found = redraft(cur, claim, frequency)
        refuse(found, f"Claim {number} not resubmitted")
        set_status(cur, claim_id, "replaced")
        made = claim_drafts.store(
            cur, found, replaces=claim_id, event="resubmitted",
            detail=f"replaces {number} ({'new original' if frequency == '1' else 'frequency 7'})",
        )  # fmt: skip
        claim_drafts.add_event(
            cur, claim_id, "resubmitted", "replaced", f"replaced by {made['control_number']}"
        )
        return {**made, "replaced": number, "frequency": frequency}


def void_claim(db: Database, ref: str) -> dict[str, Any]:
    """Void a claim: withdrawn when it was never sent (or the payer rejected it), else a
    void claim (frequency 8) to export; the claim becomes void and its charges free."""
    claim_id = resolve_claim(db, ref)["id"]
    with db.transaction() as cur:
        claim = locked(cur, claim_id)
        number = claim["control_number"]
        if claim["frequency"] == "8":
            raise UserError(f"Claim {number} is itself a void")
        if claim["status"] in ("replaced", "void"):
            raise UserError(f"Claim {number} is already {claim['status']}")
        if claim["batch_id"] is None or claim["status"] == "rejected":
            set_status(cur, claim_id, "void")
            why = "never sent" if claim["batch_id"] is None else "rejected by the payer"
            claim_drafts.add_event(cur, claim_id, "voided", "void", f"withdrawn ({why})")
            return {"claim_id": claim_id, "control_number": number, "status": "void",
                    "sent": False}  # fmt: skip
        if claim["status"] == "submitted":
            raise UserError(f"Claim {number} cannot be voided yet: {WAITING}")
        if not claim["payer_claim_number"]:
            raise UserError(
                f"Claim {number} has no payer's claim number yet (from a 277CA or 835); a void "
                "must name it"
            )
        found = redraft(cur, claim, "8", charges_any_state=True)
        refuse(found, f"Claim {number} not voided")
        set_status(cur, claim_id, "void")
        made = claim_drafts.store(cur, found, replaces=claim_id, event="voided",
                                  detail=f"voids {number}")  # fmt: skip
        claim_drafts.add_event(
            cur, claim_id, "voided", "void", f"voided by {made['control_number']}"
        )
        return {**made, "voided": number, "sent": True}


def locked(cur: Any, claim_id: Any) -> dict[str, Any]:
    cur.execute(named_query("claims.lock_claim"), {"claim_id": claim_id})
    cur.execute(named_query("claims.claim"), {"claim_id": claim_id})
    return cur.fetchone()


def redraft(
    cur: Any, claim: dict[str, Any], frequency: str, *, charges_any_state: bool = False
) -> claim_drafts.Draft:
    """The claim rebuilt from its charges with today's data, for the same payer."""
    cur.execute(named_query("claims.lines"), {"claim_id": claim["claim_id"]})
    ids = [line["financial_record_id"] for line in cur.fetchall()]
    cur.execute(named_query("claims.charges_by_ids"), {"charge_ids": ids})
    charges = cur.fetchall()
    if charges_any_state:  # a void withdraws the claim: its notes no longer matter
        charges = [{**charge, "note_state": "signed"} for charge in charges]
    cur.execute(named_query("practice.profile"))
    profile = cur.fetchone()
    return claim_drafts.draft(
        cur, profile, claim["patient_id"], claim["therapist_id"], charges,
        responsibility=claim["responsibility"], frequency=frequency,
        payer_claim_number=claim["payer_claim_number"] if frequency != "1" else None,
        payer_id=claim["payer_id"],
    )  # fmt: skip


def refuse(found: claim_drafts.Draft, what: str) -> None:
    problems = claim_drafts.dedupe(found.problems)
    if problems:
        raise UserError(f"{what}: " + "; ".join(problems))


def set_status(cur: Any, claim_id: Any, status: str) -> None:
    cur.execute(
        named_query("claims.set_status"),
        {"claim_id": claim_id, "status": status, "payer_claim_number": None},
    )
