"""A remittance as the payer reports it: what each claim and line was charged, paid and
adjusted, the claim statuses we derive from it, and the checks that it balances.

Pure, and independent of X12: rules/x12_835.py reads an 835 into these. docs/claims-x12.md
says how CLP02 and the CAS groups map to paid, partial, denied and reversed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# CLP02 Claim Status Codes the 835 guide allows.
CLAIM_STATUS = {
    "1": "processed as primary", "2": "processed as secondary", "3": "processed as tertiary",
    "4": "denied", "19": "processed as primary, forwarded to additional payer(s)",
    "20": "processed as secondary, forwarded to additional payer(s)",
    "21": "processed as tertiary, forwarded to additional payer(s)",
    "22": "reversal of previous payment", "23": "not our claim, forwarded to additional payer(s)",
    "25": "predetermination pricing only - no payment",
}  # fmt: skip
FORWARDED = frozenset({"19", "20", "21", "23"})
# CO reasons that are the contract's write-off rather than a refusal: 45 charge exceeds the fee
# schedule/maximum allowable, 253 sequestration.
CONTRACTUAL_REASONS = frozenset({"45", "253"})
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Adjustment:
    """One CAS triple: group CO/PR/OA/PI/CR, reason (a CARC), amount, units when given."""

    group: str
    reason: str
    amount: Decimal
    quantity: str = ""


@dataclass(frozen=True)
class ServiceLine:
    """2110 SVC: the procedure as adjudicated, charge, paid, units, date, its adjustments."""

    cpt: str
    modifiers: tuple[str, ...]
    charge: Decimal
    paid: Decimal
    units: Decimal
    service_date: date | None
    adjustments: tuple[Adjustment, ...]
    remarks: tuple[str, ...] = ()  # LQ*HE remittance advice remark codes


@dataclass(frozen=True)
class ClaimPayment:
    """2100 CLP. `patient_control_number` is our claim's control number (CLM01)."""

    patient_control_number: str
    status_code: str
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal
    filing_code: str
    payer_claim_number: str
    adjustments: tuple[Adjustment, ...]
    lines: tuple[ServiceLine, ...]
    patient_name: str = ""
    member_id: str = ""

    @property
    def all_adjustments(self) -> tuple[Adjustment, ...]:
        return self.adjustments + tuple(a for line in self.lines for a in line.adjustments)

    def adjusted(self, group: str) -> Decimal:
        """The claim's total adjustment in `group` (CO, PR, OA, PI, CR), claim and lines."""
        return sum((a.amount for a in self.all_adjustments if a.group == group), ZERO)

    @property
    def status(self) -> str:
        """paid, partial, denied or reversed (the rule is in docs/claims-x12.md)."""
        if self.status_code == "22":
            return "reversed"
        if self.status_code in ("4", "23", "25"):
            return "denied"
        if self.paid <= 0 and self.patient_responsibility <= 0:
            return "denied"
        refused = [
            a for a in self.all_adjustments
            if a.amount and a.group != "PR"
            and not (a.group == "CO" and a.reason in CONTRACTUAL_REASONS)
        ]  # fmt: skip
        return "partial" if refused else "paid"

    @property
    def forwarded(self) -> bool:
        """The payer sent the claim on to another payer (crossover): no need to bill it."""
        return self.status_code in FORWARDED

    @property
    def status_text(self) -> str:
        return CLAIM_STATUS.get(self.status_code, f"claim status {self.status_code}")


@dataclass(frozen=True)
class ProviderAdjustment:
    """One PLB pair: reason (PLB03-1: WO overpayment recovery, L6 interest, ...), its reference,
    and the amount; a positive amount reduces the payment, a negative one adds to it."""

    provider_id: str
    fiscal_date: date | None
    reason: str
    reference: str
    amount: Decimal


@dataclass(frozen=True)
class Remittance:
    payer_name: str
    payer_id: str  # TRN03, the payer's identifier (a 1 and its EIN, usually)
    payee_name: str
    payee_id: str
    total_paid: Decimal  # BPR02, negative when BPR03 is D (a debit)
    payment_method: str  # BPR04: ACH, CHK, BOP, FWT or NON
    payment_date: date | None  # BPR16
    trace_number: str  # TRN02: the check or EFT number
    claims: tuple[ClaimPayment, ...]
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()
    control_number: str = ""  # ST02
    interchange_control_number: str = ""  # ISA13

    @property
    def key(self) -> tuple[str, str]:
        """What identifies this payment for ever (TRN03, else the payer's name, with TRN02), as
        remittances stores it: the same key twice is the same remittance, imported again."""
        return (self.payer_id or self.payer_name, self.trace_number)


def check_balanced(remittance: Remittance) -> list[str]:
    """Every amount that does not add up, per the 835 guide's balancing: BPR02 is the sum of
    CLP04 less the PLB adjustments; each claim's charge less its payment is the sum of its CAS
    amounts, claim and line level; each line's charge less its payment, its own CAS."""
    problems = []
    paid = sum((c.paid for c in remittance.claims), ZERO)
    provider = sum((p.amount for p in remittance.provider_adjustments), ZERO)
    if remittance.total_paid != paid - provider:
        problems.append(
            f"total paid {remittance.total_paid} is not the claims' {paid} "
            f"less provider adjustments of {provider}"
        )
    for claim in remittance.claims:
        who = f"claim {claim.patient_control_number}"
        adjusted = sum((a.amount for a in claim.all_adjustments), ZERO)
        if claim.charge - claim.paid != adjusted:
            problems.append(
                f"{who}: {claim.charge} charged less {claim.paid} paid is "
                f"{claim.charge - claim.paid}, but its adjustments total {adjusted}"
            )
        for number, line in enumerate(claim.lines, 1):
            line_adjusted = sum((a.amount for a in line.adjustments), ZERO)
            if line.charge - line.paid != line_adjusted:
                problems.append(
                    f"{who} line {number} ({line.cpt}): {line.charge} charged less "
                    f"{line.paid} paid is {line.charge - line.paid}, but its adjustments "
                    f"total {line_adjusted}"
                )
    return problems


def duplicates(remittance: Remittance) -> list[str]:
    """Claim payments the remittance holds twice (same control number, payer claim number,
    status and amounts). A reversal (22) and its correction are not duplicates."""
    seen: set[tuple[str, str, str, Decimal, Decimal]] = set()
    found = []
    for c in remittance.claims:
        key = (c.patient_control_number, c.payer_claim_number, c.status_code, c.charge, c.paid)
        if key in seen:
            found.append(f"claim {c.patient_control_number} is paid twice in this remittance")
        seen.add(key)
    return found


def repeated_traces(remittances: list[Remittance]) -> list[str]:
    """Payments one file holds twice under the same key (payer and trace number). A payment is
    stored once by its key, so the second would be taken for the first imported before and
    post nothing, the first stored with nothing posted either: the file is refused."""
    seen: set[tuple[str, str]] = set()
    found = []
    for remittance in remittances:
        if remittance.key in seen:
            found.append(f"payment {remittance.trace_number} (TRN02) is in this file twice")
        seen.add(remittance.key)
    return found
