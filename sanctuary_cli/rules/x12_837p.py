"""The 837P writer: claims in, one X12 005010X222A1 interchange out.

One ISA/IEA interchange holds one GS/GE group (HC) and one ST/SE transaction set per claim:
the guide allows many claims per set, but one each means a 999 accepting or rejecting a set
(IK5, by ST02) accepts or rejects exactly one claim. `transaction_set_numbers` says which ST02
each claim gets. A claim `validate` finds problems in is refused, never written.

Pure: text out, no file. docs/claims-x12.md lists every loop and segment written, and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sanctuary_cli.rules.claim_model import (
    RELATIONSHIP_CODES,
    TAX_ID_TYPES,
    Address,
    Adjustment,
    Claim,
    ClaimLine,
    OtherCoverage,
    Receiver,
    Submitter,
    Subscriber,
    line_modifiers,
)
from sanctuary_cli.rules.claims import validate, validate_envelope
from sanctuary_cli.rules.x12_segments import (
    X12Error,
    amount,
    check_control_number,
    composite,
    d8,
    gs,
    isa,
    segment,
    text,
)

VERSION = "005010X222A1"
CAS_TRIPLES = 6  # reason/amount/quantity triples one CAS segment holds


def write_837p(
    claims: Sequence[Claim],
    *,
    submitter: Submitter,
    receiver: Receiver,
    interchange_control_number: int,
    group_control_number: int,
    first_transaction_set_number: int,
    now: datetime,
    usage: str,
) -> str:
    """The interchange for `claims`, in order: ISA13 `interchange_control_number`, GS06
    `group_control_number`, ST02 from `first_transaction_set_number` up by one per claim.
    `now` stamps ISA09/10, GS04/05 and BHT04/05; `usage` is P (production) or T (test).
    Raises X12Error naming every problem when a claim or the envelope cannot be written."""
    if not claims:
        raise X12Error("no claims to write")
    problems = validate_envelope(submitter, receiver)
    for claim in claims:
        problems += [f"claim {claim.control_number}: {p}" for p in validate(claim)]
    if problems:
        raise X12Error("cannot write the 837P: " + "; ".join(problems))
    numbers = transaction_set_numbers(claims, first_transaction_set_number)
    parts = [
        isa(submitter.id, receiver.id, interchange_control_number, now, usage),
        gs("HC", submitter.id, receiver.id, now, group_control_number, VERSION),
    ]
    for claim, number in zip(claims, numbers.values(), strict=True):
        reference = f"{interchange_control_number:09d}{number}"  # BHT03, unique per set
        parts += _transaction_set(claim, number, reference, submitter, receiver, now)
    parts.append(segment("GE", str(len(claims)), str(group_control_number)))
    parts.append(segment("IEA", "1", f"{interchange_control_number:09d}"))
    return "".join(parts)


def transaction_set_numbers(claims: Sequence[Claim], first: int) -> dict[str, str]:
    """Claim control number -> the ST02 its transaction set gets (at least 4 digits)."""
    check_control_number(first, "first transaction set number")
    check_control_number(first + len(claims) - 1, "last transaction set number")
    numbers = {claim.control_number: f"{first + i:04d}" for i, claim in enumerate(claims)}
    if len(numbers) != len(claims):
        raise X12Error("two claims have the same control number")
    return numbers


def _transaction_set(
    claim: Claim,
    number: str,
    reference: str,
    submitter: Submitter,
    receiver: Receiver,
    now: datetime,
) -> list[str]:
    body = [
        segment("BHT", "0019", "00", reference, d8(now), now.strftime("%H%M"), "CH"),
        *_header(submitter, receiver),
        *_billing(claim, submitter),
        *_subscriber(claim),
        *_claim(claim),
    ]
    return [
        segment("ST", "837", number, VERSION),
        *body,
        segment("SE", str(len(body) + 2), number),
    ]


def _header(submitter: Submitter, receiver: Receiver) -> list[str]:
    """1000A submitter with its EDI contact, 1000B receiver (ETI 46: electronic transmitter)."""
    contact: list[str] = []
    if submitter.phone:
        contact += ["TE", submitter.phone]
    if submitter.email:
        contact += ["EM", text(submitter.email, upper=False)]
    return [
        segment("NM1", "41", "2", text(submitter.name), "", "", "", "", "46", submitter.id),
        segment("PER", "IC", text(submitter.contact_name), *contact),
        segment("NM1", "40", "2", text(receiver.name), "", "", "", "", "46", receiver.id),
    ]


def _billing(claim: Claim, submitter: Submitter) -> list[str]:
    """2000A (HL 20, taxonomy) and 2010AA: name and NPI, street address, tax id."""
    billing = claim.billing
    kind = "1" if billing.is_person else "2"  # a person, or a practice (non-person entity)
    out = [
        segment("HL", "1", "", "20", "1"),
        segment("PRV", "BI", "PXC", billing.taxonomy),
        _nm1("85", kind, billing.name, billing.first_name, "XX", billing.npi),
        *_address(billing.address),
        segment("REF", TAX_ID_TYPES[billing.tax_id_type], billing.tax_id.replace("-", "")),
    ]
    if billing.phone and billing.phone != submitter.phone:  # only when it differs from 1000A
        out.append(segment("PER", "IC", text(billing.name), "TE", billing.phone))
    return out


def _subscriber(claim: Claim) -> list[str]:
    """2000B (HL 22, SBR), 2010BA the insured, 2010BB the payer; then 2000C (HL 23) and
    2010CA when the patient is someone else: the 2300 claim hangs from the patient's HL."""
    person, payer = claim.subscriber, claim.payer
    self_pay = claim.patient_is_subscriber
    relationship = "18" if self_pay else ""  # SBR02: 18 (self) or nothing; PAT01 has the rest
    out = [
        segment("HL", "2", "1", "22", "0" if self_pay else "1"),
        _sbr(claim.responsibility, relationship, person.group_number, payer.filing_code),
        *_insured(person),
        segment("NM1", "PR", "2", text(payer.name), "", "", "", "", "PI", payer.payer_id),
    ]
    if not self_pay:
        patient = claim.patient
        if patient is None:  # validate() refuses it first
            raise X12Error(f"claim {claim.control_number}: patient missing")
        out += [
            segment("HL", "3", "2", "23", "0"),
            segment("PAT", RELATIONSHIP_CODES[person.relationship]),
            segment("NM1", "QC", "1", text(patient.last_name), text(patient.first_name)),
            *_address(patient.address),
            segment("DMG", "D8", d8(patient.date_of_birth), patient.sex),
        ]
    return out


def _insured(person: Subscriber) -> list[str]:
    """NM1*IL with the member id (MI), then the address and demographics when known."""
    out = [_nm1("IL", "1", person.last_name, person.first_name, "MI", text(person.member_id))]
    if person.address is not None:
        out += _address(person.address)
    if person.date_of_birth is not None and person.sex is not None:
        out.append(segment("DMG", "D8", d8(person.date_of_birth), person.sex))
    return out


def _nm1(entity: str, kind: str, last: str, first: str | None, qualifier: str, ident: str) -> str:
    """NM1 with a name and an identifier (NM108/NM109); NM105-NM107 are never sent."""
    return segment("NM1", entity, kind, text(last), text(first), "", "", "", qualifier, ident)


def _sbr(responsibility: str, relationship: str, group: str | None, filing: str) -> str:
    """SBR01 payer sequence, SBR02 relationship, SBR03 group number, SBR09 filing code."""
    return segment("SBR", responsibility, relationship, text(group), "", "", "", "", "", filing)


def _address(place: Address) -> list[str]:
    return [
        segment("N3", text(place.line1), text(place.line2)),
        segment("N4", text(place.city), place.state.upper(), place.zip.replace("-", "")),
    ]


def _claim(claim: Claim) -> list[str]:
    """2300 (CLM, REF*F8 for a replacement or void, HI), 2310B, 2320/2330, then 2400."""
    control, total = text(claim.control_number), amount(claim.total_charge)
    place = composite(claim.claim_place, "B", claim.frequency)
    out = [segment("CLM", control, total, "", "", place, "Y", "A", "Y", "Y")]
    if claim.frequency in ("7", "8"):
        out.append(segment("REF", "F8", text(claim.payer_claim_number)))
    codes = [code.upper().replace(".", "") for code in claim.diagnoses]  # the point is implied
    out.append(
        segment("HI", *(composite("ABK" if i == 0 else "ABF", c) for i, c in enumerate(codes)))
    )
    rendering = claim.rendering
    if rendering is not None and claim.writes_rendering:
        out += [
            _nm1("82", "1", rendering.last_name, rendering.first_name, "XX", rendering.npi),
            segment("PRV", "PE", "PXC", rendering.taxonomy),
        ]
    for other in claim.other_coverage:
        out += _other_coverage(other)
    for number, line in enumerate(claim.lines, 1):
        out += _line(claim, number, line)
    return out


def _other_coverage(other: OtherCoverage) -> list[str]:
    """2320: the prior payer's policy, claim-level adjustments, what it paid; 2330A its
    insured; 2330B the payer, with its adjudication date when no line (2430) carries it."""
    person, payer = other.subscriber, other.payer
    relationship = RELATIONSHIP_CODES[person.relationship]
    out = [
        _sbr(other.responsibility, relationship, person.group_number, payer.filing_code),
        *_adjustments(other.adjustments),
        segment("AMT", "D", amount(other.paid)),
        segment("OI", "", "", "Y", "", "", "Y"),
        _nm1("IL", "1", person.last_name, person.first_name, "MI", text(person.member_id)),
    ]
    if person.address is not None:
        out += _address(person.address)
    out.append(segment("NM1", "PR", "2", text(payer.name), "", "", "", "", "PI", payer.payer_id))
    if not other.lines:
        out.append(segment("DTP", "573", "D8", d8(other.adjudicated_on)))
    return out


def _line(claim: Claim, number: int, line: ClaimLine) -> list[str]:
    """2400: LX, SV1 (HC:CPT:modifiers, charge, UN units, the place only when it differs from
    CLM05-1, diagnosis pointers), DTP*472; then 2430 for each prior payer's adjudication."""
    procedure = composite("HC", line.cpt.upper(), *line_modifiers(line, claim.payer))
    place = line.place_of_service if line.place_of_service != claim.claim_place else ""
    pointers = composite(*(str(p) for p in line.pointers))
    out = [
        segment("LX", str(number)),
        segment("SV1", procedure, amount(line.charge), "UN", str(line.units), place, "", pointers),
        segment("DTP", "472", "D8", d8(line.service_date)),
    ]
    for other in claim.other_coverage:
        for prior in other.lines:
            if prior.line == number:
                paid = amount(prior.paid)
                out += [
                    segment("SVD", other.payer.payer_id, paid, procedure, "", str(line.units)),
                    *_adjustments(prior.adjustments),
                    segment("DTP", "573", "D8", d8(other.adjudicated_on)),
                ]
    return out


def _adjustments(adjustments: Sequence[Adjustment]) -> list[str]:
    """CAS segments: one per group code (CO, PR, ...), six reason/amount pairs each."""
    out = []
    for group in dict.fromkeys(a.group for a in adjustments):
        mine = [a for a in adjustments if a.group == group]
        for start in range(0, len(mine), CAS_TRIPLES):
            triples: list[str] = []
            for a in mine[start : start + CAS_TRIPLES]:
                triples += [text(a.reason), amount(a.amount), ""]
            out.append(segment("CAS", group, *triples))
    return out
