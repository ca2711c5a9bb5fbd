"""From the database to a rules/claims.py `Claim`: the practice's profile, the rendering
clinician, the patient and the policy billed, and the lines; with the problems only the
database knows (a note not signed, a policy missing), worded like `claims.validate`'s.

Used by `claims create` and `claims resubmit` (lines from charges) and `claims export`
(lines as the claim stored them, parties as they are now: a profile fixed since is used).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sanctuary_cli.rules import claims as rules
from sanctuary_cli.rules.claims import (
    Address,
    BillingProvider,
    Claim,
    ClaimLine,
    OtherCoverage,
    Patient,
    Payer,
    RenderingProvider,
    Subscriber,
)
from sanctuary_cli.store.db import named_query

PLACEHOLDER = "SC00000000"  # the shape of a control number, until one is drawn
RANKS = {"P": "primary", "S": "secondary"}


@dataclass
class Lines:
    """A claim's lines as charges give them: codes in order (principal first), the lines,
    the charges behind them, and what keeps them from a claim."""

    diagnoses: tuple[str, ...] = ()
    lines: list[ClaimLine] = field(default_factory=list)
    charges: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def charge_label(charge: dict[str, Any]) -> str:
    return f"charge of {charge['service_date']} ({charge['cpt_code'] or 'no CPT'})"


def lines_from_charges(charges: Sequence[dict[str, Any]], patient_codes: Sequence[str]) -> Lines:
    """The claim lines for `charges` (in service order): each points at its own diagnosis
    codes (else the patient's), gathered into the claim's list; a note not signed, a charge
    with no code, an add-on billed in one amount are problems."""
    found = Lines(charges=list(charges))
    codes: list[str] = []
    for charge in charges:
        label = charge_label(charge)
        state = charge.get("note_state")
        if state == "unsigned":
            found.problems.append(f"{label}: the session note is not signed")
        elif state != "signed":
            found.problems.append(f"{label}: no session note (only signed sessions are billed)")
        if charge.get("addon_cpt_code"):
            found.problems.append(
                f"{label}: {charge['cpt_code']} and add-on {charge['addon_cpt_code']} are one "
                "amount, and a claim needs a charge for each code"
            )
        own = [c.strip().upper() for c in (charge["icd10_codes"] or patient_codes or [])]
        if not own:
            found.problems.append(f"{label}: no diagnosis code (billing charge --icd10)")
        for code in own:
            if code not in codes:
                codes.append(code)
        pointers = tuple(codes.index(code) + 1 for code in own[:4]) or (1,)
        place = charge.get("place_of_service") or rules.place_for(charge.get("appointment_type"))
        modifiers = (charge["cpt_modifier"],) if charge.get("cpt_modifier") else ()
        found.lines.append(
            ClaimLine(
                cpt=charge["cpt_code"] or "",
                charge=charge["amount"],
                service_date=charge["service_date"],
                units=charge.get("units") or 1,
                modifiers=modifiers,
                place_of_service=place,
                pointers=pointers,
            )
        )
    found.diagnoses = tuple(codes)
    return found


def stored_lines(rows: Sequence[dict[str, Any]]) -> list[ClaimLine]:
    """The lines a claim stored (claims.lines rows), in order."""
    return [
        ClaimLine(
            cpt=row["cpt_code"],
            charge=row["charge"],
            service_date=row["service_date"],
            units=row["units"],
            modifiers=tuple(row["modifiers"]),
            place_of_service=row["place_of_service"],
            pointers=tuple(row["pointers"]),
        )  # fmt: skip
        for row in rows
    ]


def party(cur: Any, patient_id: Any, therapist_id: Any, responsibility: str) -> dict[str, Any]:
    """The patient, the clinician, the policy of that rank and its payer (claims.party)."""
    rank = RANKS[responsibility]
    cur.execute(
        named_query("claims.party"),
        {"patient_id": patient_id, "therapist_id": therapist_id, "rank": rank},
    )
    return cur.fetchone()


def party_problems(who: dict[str, Any], responsibility: str, payer_id: Any = None) -> list[str]:
    """What the database says is missing for the claim: the policy, the dependant's birth
    date, a payer changed since the claim was first made."""
    rank = RANKS[responsibility]
    if who["policy_id"] is None:
        option = "--payer" if responsibility == "P" else "--secondary-payer"
        return [f"no {rank} insurance policy (patients edit REF {option} NAME)"]
    problems = []
    if payer_id is not None and who["payer_uuid"] != payer_id:
        problems.append(
            f"the {rank} policy is now with {who['payer_name']}, not this claim's payer"
        )
    if who["relationship"] != "self" and who["date_of_birth"] is None:
        problems.append("patient date of birth missing")
    return problems


def build_claim(
    who: dict[str, Any],
    profile: dict[str, Any],
    *,
    diagnoses: tuple[str, ...],
    lines: Sequence[ClaimLine],
    responsibility: str = "P",
    control_number: str = PLACEHOLDER,
    frequency: str = "1",
    payer_claim_number: str | None = None,
    other_coverage: tuple[OtherCoverage, ...] = (),
) -> Claim:
    """The claim as the 837P writer takes it, for `who` (a claims.party row)."""
    billing, rendering = providers(profile, who)
    subscriber, patient = insured(who, responsibility)
    return Claim(
        control_number=control_number, billing=billing, payer=payer_of(who, "payer"),
        subscriber=subscriber, diagnoses=diagnoses, lines=tuple(lines),
        total_charge=sum((line.charge for line in lines), Decimal("0.00")), patient=patient,
        rendering=rendering, frequency=frequency, payer_claim_number=payer_claim_number,
        responsibility=responsibility, other_coverage=other_coverage,
    )  # fmt: skip


def providers(
    profile: dict[str, Any], who: dict[str, Any]
) -> tuple[BillingProvider, RenderingProvider | None]:
    """The practice bills under its own NPI when it has one, the clinician rendering;
    otherwise the clinician bills in their own name (NM102 1)."""
    address = Address(
        profile["address"] or "", profile["city"] or "", profile["state"] or "",
        profile["zip"] or "",
    )  # fmt: skip
    common = {
        "tax_id": profile["tax_id"] or "",
        "tax_id_type": profile["tax_id_type"] or "",
        "address": address,
        "phone": profile["phone"],
    }
    if profile["npi"]:
        rendering = RenderingProvider(
            who["therapist_last_name"], who["therapist_first_name"], who["therapist_npi"] or "",
            who["therapist_taxonomy"] or "",
        )  # fmt: skip
        practice = BillingProvider(
            name=profile["name"] or "", npi=profile["npi"], taxonomy=profile["taxonomy"] or "",
            **common,
        )  # fmt: skip
        return practice, rendering
    solo = BillingProvider(
        name=who["therapist_last_name"], first_name=who["therapist_first_name"],
        npi=who["therapist_npi"] or "", taxonomy=who["therapist_taxonomy"] or "", **common,
    )  # fmt: skip
    return solo, None


def payer_of(who: dict[str, Any], prefix: str) -> Payer:
    return Payer(
        name=who[f"{prefix}_name"] or "",
        payer_id=who[f"{prefix}_code"] or "",
        filing_code=who[f"{prefix}_filing_code"] or "CI",
        telehealth_modifier=who[f"{prefix}_modifier"],
    )


def insured(who: dict[str, Any], responsibility: str) -> tuple[Subscriber, Patient | None]:
    """The subscriber of the policy billed, and the patient when someone else is insured."""
    home = Address(who["address"] or "", who["city"] or "", who["state"] or "", who["zip"] or "")
    primary = responsibility == "P"
    member_id = who["insurance_member_id"] if primary else who["member_id"]
    group = who["insurance_group_number"] if primary else who["group_number"]
    relationship = who["relationship"] or "self"
    if relationship == "self":
        subscriber = Subscriber(
            member_id or "", who["last_name"], who["first_name"], "self", group,
            who["date_of_birth"], who["administrative_sex"], home,
        )  # fmt: skip
        return subscriber, None
    subscriber = Subscriber(
        member_id or "", who["subscriber_last_name"] or "", who["subscriber_first_name"] or "",
        relationship, group, who["subscriber_date_of_birth"], who["subscriber_sex"],
    )  # fmt: skip
    patient = Patient(
        who["last_name"], who["first_name"], who["date_of_birth"],
        who["administrative_sex"] or "", home,
    )  # fmt: skip
    return subscriber, patient
