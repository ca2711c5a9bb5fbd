"""A claim made from charges and stored: the `Claim` built (practice/claim_build.py), checked
by rules/claims.validate and the database's own checks, then written with its lines and
first history entry. `claims create` and `claims resubmit` / `void` share it.

A secondary claim carries the primary payer's adjudication of each line (2320/2430): what it
paid and its adjustments, from the remittances posted (migration 0092).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sanctuary_cli.practice import claim_build as build
from sanctuary_cli.rules import claims as rules
from sanctuary_cli.rules.claims import Adjustment, Claim, OtherCoverage, PriorLine
from sanctuary_cli.store.db import named_query


@dataclass
class Draft:
    """A claim about to be stored: who, the built claim, its charges, what is wrong with it."""

    who: dict[str, Any]
    claim: Claim
    charges: list[dict[str, Any]]
    responsibility: str
    problems: list[str] = field(default_factory=list)


def draft(
    cur: Any,
    profile: dict[str, Any],
    patient_id: Any,
    therapist_id: Any,
    charges: list[dict[str, Any]],
    *,
    responsibility: str = "P",
    frequency: str = "1",
    payer_claim_number: str | None = None,
    payer_id: Any = None,
) -> Draft:
    """The claim for `charges` of one patient and clinician, with every problem found."""
    who = build.party(cur, patient_id, therapist_id, responsibility)
    lines = build.lines_from_charges(charges, who["diagnosis_codes"])
    problems = build.party_problems(who, responsibility, payer_id) + lines.problems
    others: tuple[OtherCoverage, ...] = ()
    if responsibility == "S":
        others, more = prior_coverage(cur, patient_id, therapist_id, charges)
        problems += more
    claim = build.build_claim(
        who, profile, diagnoses=lines.diagnoses, lines=lines.lines,
        responsibility=responsibility, frequency=frequency,
        payer_claim_number=payer_claim_number, other_coverage=others,
    )  # fmt: skip
    if who["policy_id"] is not None:  # without a policy, validate only repeats "missing"
        problems += rules.validate(claim)
    return Draft(who, claim, list(charges), responsibility, problems)


def prior_coverage(
    cur: Any, patient_id: Any, therapist_id: Any, charges: list[dict[str, Any]]
) -> tuple[tuple[OtherCoverage, ...], list[str]]:
    """The primary payer's adjudication of these charges, as one 2320 loop."""
    ids = [charge["id"] for charge in charges]
    cur.execute(named_query("claims.primary_claims_of"), {"charge_ids": ids})
    claims = cur.fetchall()
    done: dict[Any, dict[str, Any]] = {}
    for claim in claims:
        cur.execute(named_query("claims.prior_adjudication"), {"claim_id": claim["claim_id"]})
        for row in cur.fetchall():
            done[row["financial_record_id"]] = row  # the latest primary claim wins
    missing = [build.charge_label(c) for c in charges if c["id"] not in done]
    if missing:
        return (), [f"{label}: the primary payer has not adjudicated it" for label in missing]
    primary = build.party(cur, patient_id, therapist_id, "P")
    if primary["policy_id"] is None:
        return (), ["no primary insurance policy (the primary payer's details go on the claim)"]
    payers = {claim["payer_id"] for claim in claims}
    if payers != {primary["payer_uuid"]}:
        return (), ["the primary payer that adjudicated these charges is not the primary policy's"]
    lines = []
    for number, charge in enumerate(charges, 1):
        row = done[charge["id"]]
        adjustments = tuple(
            Adjustment(a["group"], a["reason"], Decimal(a["amount"])) for a in row["adjustments"]
        )
        lines.append(PriorLine(number, row["paid"], adjustments))
    subscriber, _ = build.insured(primary, "P")
    other = OtherCoverage(
        payer=build.payer_of(primary, "payer"),
        subscriber=subscriber,
        adjudicated_on=max(done[c["id"]]["adjudicated_on"] for c in charges),
        paid=sum((line.paid for line in lines), Decimal("0.00")),
        lines=tuple(lines),
    )
    return (other,), []


def store(
    cur: Any, found: Draft, *, replaces: Any = None, event: str = "created", detail: str = ""
) -> dict[str, Any]:
    """Write the draft as a ready claim with its lines; returns its claim_id, control_number."""
    claim, who = found.claim, found.who
    cur.execute(named_query("claims.next_control_number"))
    control_number = cur.fetchone()["control_number"]
    days = [line.service_date for line in claim.lines]
    cur.execute(
        named_query("claims.insert_claim"),
        {
            "control_number": control_number,
            "patient_id": who["patient_id"],
            "therapist_id": who["therapist_id"],
            "payer_id": who["payer_uuid"],
            "responsibility": found.responsibility,
            "frequency": claim.frequency,
            "replaces_claim_id": replaces,
            "payer_claim_number": claim.payer_claim_number,
            "service_from": min(days),
            "service_to": max(days),
            "total_charge": claim.total_charge,
            "diagnoses": list(claim.diagnoses),
            "place_of_service": claim.claim_place,
        },
    )
    stored = cur.fetchone()
    for number, (line, charge) in enumerate(zip(claim.lines, found.charges, strict=True), 1):
        cur.execute(
            named_query("claims.insert_line"),
            {
                "claim_id": stored["claim_id"], "line_number": number,
                "financial_record_id": charge["id"], "cpt_code": line.cpt,
                "modifiers": list(line.modifiers), "units": line.units, "charge": line.charge,
                "service_date": line.service_date, "place_of_service": line.place_of_service,
                "pointers": list(line.pointers),
            },
        )  # fmt: skip
    lines = len(claim.lines)
    summary = f"{lines} line{'' if lines == 1 else 's'}, total {claim.total_charge:.2f}"
    add_event(cur, stored["claim_id"], event, "ready", detail or summary)
    return {
        **stored,
        "patient_name": who["full_name"],
        "payer_name": who["payer_name"],
        "service_from": min(days),
        "service_to": max(days),
        "total_charge": claim.total_charge,
        "lines": lines,
        "status": "ready",
    }


def add_event(
    cur: Any, claim_id: Any, kind: str, status: str, detail: str = "", source: str = ""
) -> None:
    cur.execute(
        named_query("claims.insert_event"),
        {"claim_id": claim_id, "kind": kind, "status": status, "detail": detail,
         "source": source},
    )  # fmt: skip


def dedupe(problems: list[str]) -> list[str]:
    return list(dict.fromkeys(problems))
