"""What a professional claim holds, as plain frozen dataclasses, and the codes X12 gives them.

Import them from rules/claims.py, which adds `validate`; the 837P writer (rules/x12_837p.py)
turns a `Claim` into segments. Money is Decimal, never float; dates are `date`.
docs/claims-x12.md maps each field to its loop and segment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sanctuary_cli.rules.coverage_codes import RELATIONSHIP_CODES, SEXES  # noqa: F401 (re-exported)

# Claim Filing Indicator Code (1032), 2000B SBR09 in 005010X222A1 (the pyx12 map's list).
FILING_CODES = {
    "11": "other non-federal program", "12": "PPO", "13": "POS", "14": "EPO",
    "15": "indemnity", "16": "HMO Medicare risk", "17": "dental maintenance organization",
    "AM": "automobile medical", "BL": "Blue Cross/Blue Shield", "CH": "CHAMPUS (TRICARE)",
    "CI": "commercial insurance", "DS": "disability", "FI": "Federal Employees Program",
    "HM": "HMO", "LM": "liability medical", "MA": "Medicare Part A", "MB": "Medicare Part B",
    "MC": "Medicaid", "OF": "other federal program", "TV": "Title V", "VA": "Veterans Affairs",
    "WC": "workers' compensation", "ZZ": "mutually defined",
}  # fmt: skip
# CLM05-3 Claim Frequency Type Code (NUBC): the three a professional practice sends.
FREQUENCIES = {"1": "original", "7": "replacement", "8": "void"}
# SBR01 Payer Responsibility Sequence Number Code: which payer this claim is addressed to.
RESPONSIBILITIES = {"P": "primary", "S": "secondary", "T": "tertiary"}
TAX_ID_TYPES = {"EIN": "EI", "SSN": "SY"}  # 2010AA REF01
# CMS place of service: 02 telehealth other than in the patient's home, 10 telehealth in the
# patient's home (both since 2022), 11 office.
OFFICE, TELEHEALTH_HOME, TELEHEALTH_ELSEWHERE = "11", "10", "02"
TELEHEALTH_PLACES = frozenset({TELEHEALTH_HOME, TELEHEALTH_ELSEWHERE})
TELEHEALTH_MODIFIERS = ("95", "GT")
# CAS01 Claim Adjustment Group Codes a prior payer may report (2320/2430 CAS, 835 CAS).
ADJUSTMENT_GROUPS = {
    "CO": "contractual obligation", "CR": "correction and reversal", "OA": "other adjustment",
    "PI": "payer initiated reduction", "PR": "patient responsibility",
}  # fmt: skip
MAX_DIAGNOSES, MAX_LINES, MAX_POINTERS, MAX_MODIFIERS = 12, 50, 4, 4
MAX_CONTROL_NUMBER = 20  # CLM01: an 835 need return only 20 characters of it


@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    state: str  # two-letter code
    zip: str  # 5 or 9 digits
    line2: str | None = None


@dataclass(frozen=True)
class Submitter:
    """Who sends the file (1000A), as the clearinghouse knows them."""

    id: str
    name: str
    contact_name: str
    phone: str | None = None  # digits, area code first
    email: str | None = None


@dataclass(frozen=True)
class Receiver:
    """Who receives the file (1000B): the clearinghouse or the payer."""

    id: str
    name: str


@dataclass(frozen=True)
class BillingProvider:
    """2010AA. A practice (`first_name` None: NM102 2) or a clinician billing in their own
    name (NM102 1, `name` the last name). The address must be a street address."""

    name: str
    npi: str
    tax_id: str
    tax_id_type: str  # EIN or SSN
    address: Address
    taxonomy: str
    phone: str | None = None
    first_name: str | None = None

    @property
    def is_person(self) -> bool:
        return self.first_name is not None


@dataclass(frozen=True)
class RenderingProvider:
    """2310B: the clinician who saw the patient, when not the billing provider."""

    last_name: str
    first_name: str
    npi: str
    taxonomy: str


@dataclass(frozen=True)
class Payer:
    """2010BB (or 2330B for a prior payer). `telehealth_modifier` is the payer's preference
    for telehealth lines: 95, GT or None (place of service alone)."""

    name: str
    payer_id: str
    filing_code: str = "CI"
    telehealth_modifier: str | None = "95"


@dataclass(frozen=True)
class Subscriber:
    """The insured (2010BA or, for a prior payer's policy, 2330A). `relationship` is the
    patient's relationship to this subscriber: self, spouse, child or other."""

    member_id: str
    last_name: str
    first_name: str
    relationship: str = "self"
    group_number: str | None = None
    date_of_birth: date | None = None
    sex: str | None = None  # F, M or U, as the payer holds it
    address: Address | None = None


@dataclass(frozen=True)
class Patient:
    """2010CA, written when the patient is not the subscriber."""

    last_name: str
    first_name: str
    date_of_birth: date
    sex: str
    address: Address


@dataclass(frozen=True)
class Adjustment:
    """One CAS triple: group (CO, PR, OA, PI, CR), reason (a CARC like 45) and amount."""

    group: str
    reason: str
    amount: Decimal


@dataclass(frozen=True)
class PriorLine:
    """How a prior payer adjudicated one of our lines (2430): `line` is its 1-based number."""

    line: int
    paid: Decimal
    adjustments: tuple[Adjustment, ...] = ()


@dataclass(frozen=True)
class OtherCoverage:
    """A payer that adjudicated the claim before this one (2320, 2330A, 2330B, 2430): on a
    secondary claim, the primary. `subscriber` is that policy's insured, its `relationship`
    the patient's to them; `paid` is what that payer paid (AMT*D), `adjustments` its
    claim-level CAS and `lines` its line-level ones, all from its 835."""

    payer: Payer
    subscriber: Subscriber
    adjudicated_on: date
    paid: Decimal
    responsibility: str = "P"
    adjustments: tuple[Adjustment, ...] = ()
    lines: tuple[PriorLine, ...] = ()


@dataclass(frozen=True)
class ClaimLine:
    """2400. `place_of_service` comes from the appointment: 11 in person, 10 telehealth with
    the patient at home, 02 telehealth elsewhere (see `place_for`); `pointers` are 1-based
    positions in the claim's diagnosis codes."""

    cpt: str
    charge: Decimal
    service_date: date
    units: int = 1
    modifiers: tuple[str, ...] = ()
    place_of_service: str = OFFICE
    pointers: tuple[int, ...] = (1,)


@dataclass(frozen=True)
class Claim:
    """2300 and everything it hangs from. `control_number` is the patient control number
    (CLM01) an 835 returns in CLP01. `payer_claim_number` (the payer's CLP07) is required to
    replace (frequency 7) or void (8). `place_of_service` defaults to the first line's."""

    control_number: str
    billing: BillingProvider
    payer: Payer
    subscriber: Subscriber
    diagnoses: tuple[str, ...]  # ICD-10-CM, principal first
    lines: tuple[ClaimLine, ...]
    total_charge: Decimal
    patient: Patient | None = None  # None when the patient is the subscriber
    rendering: RenderingProvider | None = None
    frequency: str = "1"
    payer_claim_number: str | None = None
    place_of_service: str | None = None
    responsibility: str = "P"  # P, S or T: this payer's place in line
    other_coverage: tuple[OtherCoverage, ...] = ()

    @property
    def claim_place(self) -> str:
        return self.place_of_service or (self.lines[0].place_of_service if self.lines else "")

    @property
    def patient_is_subscriber(self) -> bool:
        return self.subscriber.relationship == "self"

    @property
    def writes_rendering(self) -> bool:
        """2310B is written when the rendering clinician differs from the billing provider."""
        return self.rendering is not None and self.rendering.npi != self.billing.npi


def place_for(appointment_type: str | None, *, patient_at_home: bool = True) -> str:
    """Place of service for an appointment: Virtual is telehealth, 10 with the patient at home
    and 02 elsewhere; anything else is in person at the office, 11."""
    if appointment_type == "Virtual":
        return TELEHEALTH_HOME if patient_at_home else TELEHEALTH_ELSEWHERE
    return OFFICE


def line_modifiers(line: ClaimLine, payer: Payer) -> tuple[str, ...]:
    """The line's modifiers as written: a telehealth line (place 02 or 10) gets the payer's
    telehealth modifier (95 or GT) appended unless it is already there; a payer that wants
    the place of service alone (None) gets the line's own modifiers only."""
    modifiers = tuple(m.upper() for m in line.modifiers)
    wanted = payer.telehealth_modifier
    if line.place_of_service in TELEHEALTH_PLACES and wanted and wanted not in modifiers:
        modifiers += (wanted,)
    return modifiers
