"""Insurance claims: the model (rules/claim_model.py, re-exported here) and `validate`, which
names every missing or invalid item of a claim in one short phrase each, so that
`claims create` can refuse a claim with one line naming all of them (docs/SPEC.md section 8).

Pure. The rules are those of the 005010X222A1 (837P) guide and the code sets it cites;
docs/claims-x12.md gives the source of each.
"""

from __future__ import annotations

import re
from decimal import Decimal

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules import claim_checks as checks
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.claim_checks import Add
from sanctuary_cli.rules.claim_model import (
    FREQUENCIES,
    MAX_CONTROL_NUMBER,
    MAX_DIAGNOSES,
    MAX_LINES,
    MAX_MODIFIERS,
    MAX_POINTERS,
    RESPONSIBILITIES,
    SEXES,
    TAX_ID_TYPES,
    TELEHEALTH_PLACES,
    Address,
    Adjustment,
    BillingProvider,
    Claim,
    ClaimLine,
    OtherCoverage,
    Patient,
    Payer,
    PriorLine,
    Receiver,
    RenderingProvider,
    Submitter,
    Subscriber,
    line_modifiers,
    place_for,
)

__all__ = [
    "Address", "Adjustment", "BillingProvider", "Claim", "ClaimLine", "OtherCoverage",
    "Patient", "Payer", "PriorLine", "Receiver", "RenderingProvider", "Submitter",
    "Subscriber", "TELEHEALTH_PLACES", "line_modifiers", "place_for", "validate",
    "validate_envelope",
]  # fmt: skip

_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")
_PLACE = re.compile(r"^[0-9]{2}$")


def validate(claim: Claim) -> list[str]:
    """Every problem that keeps `claim` from being a valid 837P claim; [] when there is none."""
    problems: list[str] = []
    add = problems.append
    checks.required(claim.control_number, "claim control number", add)
    if len(claim.control_number or "") > MAX_CONTROL_NUMBER:
        add(f"claim control number longer than {MAX_CONTROL_NUMBER} characters")
    _billing(claim.billing, add)
    _rendering(claim, add)
    checks.payer(claim.payer, "payer", add)
    checks.subscriber(claim.subscriber, "subscriber", add, full=claim.patient_is_subscriber)
    _patient(claim, add)
    _diagnoses(claim.diagnoses, add)
    _lines(claim, add)
    _frequency(claim, add)
    _coordination(claim, add)
    return problems


def validate_envelope(submitter: Submitter, receiver: Receiver) -> list[str]:
    """The clearinghouse settings a file needs (ISA, GS, 1000A and 1000B)."""
    problems: list[str] = []
    add = problems.append
    for value, what in (
        (submitter.id, "submitter id"), (submitter.name, "submitter name"),
        (submitter.contact_name, "submitter contact"), (receiver.id, "receiver id"),
        (receiver.name, "receiver name"),
    ):  # fmt: skip
        checks.required(value, what, add, checks.NAME)
    for value, what in ((submitter.id, "submitter id"), (receiver.id, "receiver id")):
        if value and len(value) > 15:
            add(f"{what} longer than 15 characters")
    if not submitter.phone and not submitter.email:
        add("submitter contact phone or email missing")
    checks.phone(submitter.phone, "submitter phone", add)
    checks.optional(submitter.email, "submitter email", add)
    return problems


def _billing(billing: BillingProvider, add: Add) -> None:
    checks.required(billing.name, "billing provider name", add, checks.NAME)
    if billing.is_person:
        checks.required(billing.first_name, "billing provider first name", add, checks.FIRST_NAME)
    checks.npi(billing.npi, "billing NPI", add)
    checks.taxonomy(billing.taxonomy, "billing taxonomy", add)
    if billing.tax_id_type not in TAX_ID_TYPES:
        add(f"billing tax id type {billing.tax_id_type!r} is not EIN or SSN")
    digits = (billing.tax_id or "").replace("-", "")
    if not (len(digits) == 9 and digits.isdigit()):
        add("billing tax id must be 9 digits")
    checks.address(billing.address, "billing", add, billing=True)
    checks.phone(billing.phone, "billing phone", add)


def _rendering(claim: Claim, add: Add) -> None:
    rendering = claim.rendering
    if rendering is None:
        if not claim.billing.is_person:
            add("rendering clinician missing (the billing provider is a practice)")
        return
    checks.required(rendering.last_name, "rendering clinician last name", add, checks.NAME)
    checks.required(rendering.first_name, "rendering clinician first name", add, checks.FIRST_NAME)
    checks.npi(rendering.npi, "rendering NPI", add)
    checks.taxonomy(rendering.taxonomy, "rendering taxonomy", add)


def _patient(claim: Claim, add: Add) -> None:
    if claim.patient_is_subscriber:
        return
    patient = claim.patient
    if patient is None:
        add("patient missing (the patient is not the subscriber)")
        return
    checks.required(patient.last_name, "patient last name", add, checks.NAME)
    checks.optional(patient.first_name, "patient first name", add, checks.FIRST_NAME)
    if patient.sex not in SEXES:
        add(f"patient sex {patient.sex!r} is not F, M or U")
    checks.address(patient.address, "patient", add)


def _diagnoses(codes: tuple[str, ...], add: Add) -> None:
    if not codes:
        add("diagnosis code missing")
    if len(codes) > MAX_DIAGNOSES:
        add(f"more than {MAX_DIAGNOSES} diagnosis codes")
    for code in codes:
        try:
            parsers.parse_icd10(code)
        except UserError:
            add(f"diagnosis {code!r} is not an ICD-10-CM code")
    if len(set(codes)) != len(codes):
        add("a diagnosis code is listed twice")


def _lines(claim: Claim, add: Add) -> None:
    if not claim.lines:
        add("service line missing")
    if len(claim.lines) > MAX_LINES:
        add(f"more than {MAX_LINES} service lines")
    for number, line in enumerate(claim.lines, 1):
        _line(line, f"line {number}", len(claim.diagnoses), claim.payer, add)
    charges = [line.charge for line in claim.lines if isinstance(line.charge, Decimal)]
    if not checks.money(claim.total_charge):
        add("claim total charge is not an amount")
    elif len(charges) == len(claim.lines) and claim.total_charge != sum(charges, Decimal(0)):
        add(f"claim total {claim.total_charge} is not the sum of its lines ({sum(charges)})")
    if not _PLACE.match(claim.claim_place or ""):
        add("claim place of service is not a two-digit code")


def _line(line: ClaimLine, what: str, diagnoses: int, payer: Payer, add: Add) -> None:
    try:
        parsers.parse_cpt(line.cpt)
    except UserError:
        add(f"{what} CPT {line.cpt!r} is not a CPT/HCPCS code")
    if not all(_MODIFIER.match(m.upper()) for m in line.modifiers):
        add(f"{what} has a modifier that is not two letters or digits")
    elif len(line_modifiers(line, payer)) > MAX_MODIFIERS:
        add(f"{what} has more than {MAX_MODIFIERS} modifiers with the telehealth one")
    if not (isinstance(line.units, int) and line.units >= 1):
        add(f"{what} units must be a whole number of at least 1")
    if not (checks.money(line.charge) and line.charge > 0):
        add(f"{what} charge must be an amount above 0.00")
    if not _PLACE.match(line.place_of_service or ""):
        add(f"{what} place of service is not a two-digit code")
    pointers = line.pointers
    if not pointers or len(pointers) > MAX_POINTERS or len(set(pointers)) != len(pointers):
        add(f"{what} needs 1 to {MAX_POINTERS} different diagnosis pointers")
    elif any(not 1 <= pointer <= diagnoses for pointer in pointers):
        add(f"{what} points at a diagnosis the claim does not have")


def _frequency(claim: Claim, add: Add) -> None:
    kind = FREQUENCIES.get(claim.frequency)
    if kind is None:
        add(f"frequency {claim.frequency!r} is not 1 (original), 7 (replacement) or 8 (void)")
    elif kind != "original":  # REF*F8: the payer's CLP07 for the claim replaced or voided
        checks.required(
            claim.payer_claim_number,
            f"the payer's claim number for a {kind}",
            add,
            checks.REFERENCE,
        )


def _coordination(claim: Claim, add: Add) -> None:
    if claim.responsibility not in RESPONSIBILITIES:
        add(f"payer responsibility {claim.responsibility!r} is not P, S or T")
    elif claim.responsibility == "P" and claim.other_coverage:
        add("a primary claim has no prior payer's adjudication to report")
    elif claim.responsibility != "P" and not claim.other_coverage:
        add("a secondary claim needs the primary payer's adjudication")
    if claim.responsibility != "P" and claim.payer.filing_code in ("MA", "MB"):
        add("Medicare as a secondary payer (MSP) is not supported")
    if len(claim.other_coverage) > 10:
        add("more than 10 prior payers")
    for other in claim.other_coverage:
        _prior(claim, other, add)


def _prior(claim: Claim, other: OtherCoverage, add: Add) -> None:
    checks.payer(other.payer, "prior payer", add)
    checks.subscriber(other.subscriber, "prior payer's subscriber", add, full=False)
    if other.responsibility not in RESPONSIBILITIES:
        add(f"prior payer responsibility {other.responsibility!r} is not P, S or T")
    if not (checks.money(other.paid) and other.paid >= 0):
        add("prior payer's paid amount is not an amount")
        return
    checks.adjustments(other.adjustments, "prior payer's claim", add)
    adjusted = sum((a.amount for a in other.adjustments), Decimal(0))
    for prior in other.lines:
        if not 1 <= prior.line <= len(claim.lines):
            add(f"prior payer adjudicated line {prior.line}, which the claim does not have")
            continue
        checks.adjustments(prior.adjustments, f"prior payer's line {prior.line}", add)
        line_adjusted = sum((a.amount for a in prior.adjustments), Decimal(0))
        charge = claim.lines[prior.line - 1].charge
        if checks.money(charge) and charge != prior.paid + line_adjusted:
            add(f"prior payer's line {prior.line} does not balance: {charge} charged, "
                f"{prior.paid} paid and {line_adjusted} adjusted")  # fmt: skip
        adjusted += line_adjusted
    if other.lines and other.paid != sum((prior.paid for prior in other.lines), Decimal(0)):
        add("prior payer's paid amount is not the sum of its line payments")
    if checks.money(claim.total_charge) and claim.total_charge != other.paid + adjusted:
        add(f"prior payer's amounts do not balance: {claim.total_charge} charged, "
            f"{other.paid} paid and {adjusted} adjusted")  # fmt: skip
