"""The 835 reader: an X12 005010X221A1 remittance in, a rules/remittance.py `Remittance` out,
claim by claim and line by line.

Pure. `parse_835` reads a file with one payment (one ST/SE); `parse_835_all` reads several.
`check_balanced` (every amount that does not add up) and `duplicates` (every claim payment
the file repeats) are rules/remittance.py's, importable from here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sanctuary_cli.rules.remittance import (
    ZERO,
    Adjustment,
    ClaimPayment,
    ProviderAdjustment,
    Remittance,
    ServiceLine,
    check_balanced,
    duplicates,
)
from sanctuary_cli.rules.x12_segments import (
    Segment,
    X12Error,
    parse_amount,
    parse_d8,
    transaction_sets,
)

__all__ = [
    "Adjustment", "ClaimPayment", "ProviderAdjustment", "Remittance", "ServiceLine",
    "check_balanced", "duplicates", "parse_835", "parse_835_all",
]  # fmt: skip


def parse_835(data: str) -> Remittance:
    """The one remittance in an 835 file; X12Error when there is none or several."""
    found = parse_835_all(data)
    if len(found) != 1:
        raise X12Error(f"the 835 file holds {len(found)} remittances, not one")
    return found[0]


def parse_835_all(data: str) -> list[Remittance]:
    """Every remittance (one per ST/SE) in an 835 file, in order."""
    found = []
    for tset in transaction_sets(data, "835"):
        if not tset.version.startswith("005010X221"):
            raise X12Error(f"835 version {tset.version!r} is not 005010X221A1")
        found.append(_remittance(tset.body, tset.control_number, tset.interchange_control_number))
    return found


@dataclass
class _Claim:
    clp: Segment
    adjustments: list[Adjustment] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)
    patient: Segment | None = None


@dataclass
class _Line:
    svc: Segment
    adjustments: list[Adjustment] = field(default_factory=list)
    service_date: date | None = None
    remarks: list[str] = field(default_factory=list)


def _remittance(body: Iterable[Segment], control: str, interchange: str) -> Remittance:
    head: dict[str, Segment] = {}
    claims: list[_Claim] = []
    plb: list[ProviderAdjustment] = []
    party = ""
    for seg in body:
        line = claims[-1].lines[-1] if claims and claims[-1].lines else None
        if seg.id in ("BPR", "TRN") and seg.id not in head:
            head[seg.id] = seg
        elif seg.id == "N1":
            party = seg.get(1)
            head[f"N1{party}"] = seg
        elif seg.id == "CLP":
            claims.append(_Claim(seg))
        elif seg.id == "SVC" and claims:
            claims[-1].lines.append(_Line(seg))
        elif seg.id == "CAS" and claims:
            (line or claims[-1]).adjustments.extend(_adjustments(seg))
        elif seg.id == "NM1" and claims and seg.get(1) == "QC":
            claims[-1].patient = seg
        elif seg.id == "DTM" and line is not None and seg.get(1) in ("472", "150"):
            line.service_date = parse_d8(seg.get(2), "service date (DTM02)")
        elif seg.id == "LQ" and line is not None:
            line.remarks.append(seg.get(2))
        elif seg.id == "PLB":
            plb += _provider_adjustments(seg)
    if "BPR" not in head or "TRN" not in head or "N1PR" not in head:
        raise X12Error("the 835 lacks its BPR, TRN or payer (N1*PR) segment")
    bpr, trn = head["BPR"], head["TRN"]
    total = parse_amount(bpr.get(2), "BPR02")
    payee = head.get("N1PE")
    return Remittance(
        payer_name=head["N1PR"].get(2), payer_id=trn.get(3) or head["N1PR"].get(4),
        payee_name=payee.get(2) if payee else "", payee_id=payee.get(4) if payee else "",
        total_paid=-total if bpr.get(3) == "D" else total, payment_method=bpr.get(4),
        payment_date=parse_d8(bpr.get(16), "BPR16"), trace_number=trn.get(2),
        claims=tuple(_claim(c) for c in claims), provider_adjustments=tuple(plb),
        control_number=control, interchange_control_number=interchange,
    )  # fmt: skip


def _claim(found: _Claim) -> ClaimPayment:
    clp = found.clp
    adjustments = tuple(found.adjustments)
    lines = tuple(_service(line) for line in found.lines)
    every = adjustments + tuple(a for line in lines for a in line.adjustments)
    owed = sum((a.amount for a in every if a.group == "PR"), ZERO)
    patient = found.patient
    name = " ".join(filter(None, (patient.get(4), patient.get(3)))) if patient else ""
    return ClaimPayment(
        patient_control_number=clp.get(1), status_code=clp.get(2),
        charge=parse_amount(clp.get(3), "CLP03"), paid=parse_amount(clp.get(4), "CLP04"),
        patient_responsibility=parse_amount(clp.get(5), "CLP05") if clp.get(5) else owed,
        filing_code=clp.get(6), payer_claim_number=clp.get(7), adjustments=adjustments,
        lines=lines, patient_name=name, member_id=patient.get(9) if patient else "",
    )  # fmt: skip


def _service(found: _Line) -> ServiceLine:
    svc = found.svc
    procedure = svc.parts(1)
    return ServiceLine(
        cpt=procedure[1] if len(procedure) > 1 else "", modifiers=tuple(procedure[2:6]),
        charge=parse_amount(svc.get(2), "SVC02"), paid=parse_amount(svc.get(3), "SVC03"),
        units=_units(svc.get(5)), service_date=found.service_date,
        adjustments=tuple(found.adjustments), remarks=tuple(found.remarks),
    )  # fmt: skip


def _units(value: str) -> Decimal:
    """SVC05, units paid: 1 when not sent."""
    if not value:
        return Decimal(1)
    if not value.replace(".", "", 1).lstrip("-").isdigit():
        raise X12Error(f"units paid (SVC05) {value!r} is not a number")
    return Decimal(value)


def _adjustments(cas: Segment) -> list[Adjustment]:
    """A CAS segment's group and its up to six reason/amount/quantity triples."""
    found = []
    for start in range(2, 20, 3):
        reason = cas.get(start)
        if reason:
            amount = parse_amount(cas.get(start + 1), f"CAS{start + 1:02d}")
            found.append(Adjustment(cas.get(1), reason, amount, cas.get(start + 2)))
    return found


def _provider_adjustments(plb: Segment) -> list[ProviderAdjustment]:
    fiscal = parse_d8(plb.get(2), "PLB02")
    found = []
    for position in range(3, 15, 2):
        if plb.get(position):
            amount = parse_amount(plb.get(position + 1), f"PLB{position + 1:02d}")
            reason, reference = plb.part(position, 1), plb.part(position, 2)
            found.append(ProviderAdjustment(plb.get(1), fiscal, reason, reference, amount))
    return found
