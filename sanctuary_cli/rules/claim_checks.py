"""The field checks behind rules/claims.validate: each adds one short phrase per problem.

Pure. Split from rules/claims.py by topic: these know single fields (an NPI, an address, a
payer), that module knows how a claim puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.claim_model import (
    ADJUSTMENT_GROUPS,
    FILING_CODES,
    RELATIONSHIP_CODES,
    SEXES,
    TELEHEALTH_MODIFIERS,
    Address,
    Adjustment,
    Payer,
    Subscriber,
)
from sanctuary_cli.rules.x12_segments import reserved_in, text

# NUCC Health Care Provider Taxonomy: ten characters, three digits first and X last.
_TAXONOMY = re.compile(r"^[0-9]{3}[0-9A-Z]{6}X$")
_PO_BOX = re.compile(
    r"\b(?:P\.?\s*O\.?\s*BOX|POST\s+OFFICE\s+BOX|POST\s+BOX|LOCK\s*BOX|PMB)\b", re.IGNORECASE
)
_PHONE = re.compile(r"^[0-9]{10}$")
Add = Callable[[str], None]


# The longest each element takes (the X12 data element dictionary, as pyx12's maps hold it).
NAME, FIRST_NAME, ADDRESS, CITY, IDENTIFIER, REFERENCE = 60, 35, 55, 30, 80, 50


def required(value: str | None, what: str, add: Add, longest: int = 0) -> bool:
    if value is None or not str(value).strip():
        add(f"{what} missing")
        return False
    if not reserved_in(value) and not text(value):  # all of it folds away (non-Latin script)
        add(f"{what} has no letters X12 can carry (A-Z, 0-9)")
        return False
    return optional(value, what, add, longest)


def optional(value: str | None, what: str, add: Add, longest: int = 0) -> bool:
    """No delimiter in `value`, and at most `longest` characters when that is given."""
    found = reserved_in(value)
    if found:
        add(f"{what} contains {found!r}, which X12 reserves")
    if longest and value and len(value.strip()) > longest:
        add(f"{what} longer than {longest} characters")
        return False
    return not found


def phone(value: str | None, what: str, add: Add) -> None:
    if value and not _PHONE.match(value):
        add(f"{what} must be 10 digits")


def npi(value: str | None, what: str, add: Add) -> None:
    if not value:
        add(f"{what} missing")
    elif not (len(value) == 10 and value.isdigit() and parsers.npi_check_digit_ok(value)):
        add(f"{what} {value[:12]} fails the NPI check digit")


def taxonomy(value: str | None, what: str, add: Add) -> None:
    if not value:
        add(f"{what} missing")
    elif not _TAXONOMY.match(value):
        add(f"{what} {value[:12]!r} is not a NUCC code (10 characters, like 101YM0800X)")


def address(place: Address | None, what: str, add: Add, *, billing: bool = False) -> None:
    if place is None:
        add(f"{what} address missing")
        return
    required(place.line1, f"{what} address", add, ADDRESS)
    optional(place.line2, f"{what} address", add, ADDRESS)
    required(place.city, f"{what} city", add, CITY)
    if (place.state or "").upper() not in parsers.US_STATES:
        add(f"{what} state {place.state!r} is not a US state code")
    digits = (place.zip or "").replace("-", "")
    if billing and not (len(digits) == 9 and digits.isdigit()):
        add(f"{what} ZIP must have 9 digits (ZIP+4)")
    elif not (len(digits) in (5, 9) and digits.isdigit()):
        add(f"{what} ZIP {place.zip!r} is not 5 or 9 digits")
    if billing and _PO_BOX.search(f"{place.line1} {place.line2 or ''}"):
        add(f"{what} address is a PO box: a street address is required")


def payer(payer: Payer, what: str, add: Add) -> None:
    required(payer.name, f"{what} name", add, NAME)
    if required(payer.payer_id, f"{what} id", add, IDENTIFIER) and len(payer.payer_id) < 2:
        add(f"{what} id must have at least 2 characters")
    if payer.filing_code not in FILING_CODES:
        add(f"{what} filing code {payer.filing_code!r} is not a claim filing indicator")
    if payer.telehealth_modifier not in (*TELEHEALTH_MODIFIERS, None):
        add(f"{what} telehealth modifier {payer.telehealth_modifier!r} is not 95, GT or none")


def subscriber(person: Subscriber, what: str, add: Add, *, full: bool) -> None:
    if (
        required(person.member_id, f"{what} member id", add, IDENTIFIER)
        and len(person.member_id) < 2
    ):
        add(f"{what} member id must have at least 2 characters")
    required(person.last_name, f"{what} last name", add, NAME)
    optional(person.first_name, f"{what} first name", add, FIRST_NAME)
    optional(person.group_number, f"{what} group number", add, REFERENCE)
    if person.relationship not in RELATIONSHIP_CODES:
        add(f"relationship to {what} {person.relationship!r} is not self/spouse/child/other")
    if person.sex is not None and person.sex not in SEXES:
        add(f"{what} sex {person.sex!r} is not F, M or U")
    if full:  # the patient: 2010BA carries the demographics and address
        if person.date_of_birth is None:
            add(f"{what} date of birth missing")
        if person.sex is None:
            add(f"{what} sex missing")
        address(person.address, what, add)
    elif person.address is not None:
        address(person.address, what, add)


def money(value: object) -> bool:
    return isinstance(value, Decimal) and value.is_finite() and value == round(value, 2)


def adjustments(adjustments: tuple[Adjustment, ...], what: str, add: Add) -> None:
    for adjustment in adjustments:
        if adjustment.group not in ADJUSTMENT_GROUPS:
            add(f"{what} adjustment group {adjustment.group!r} is not CO, CR, OA, PI or PR")
        if not adjustment.reason or reserved_in(adjustment.reason):
            add(f"{what} adjustment has no reason code")
        if not money(adjustment.amount):
            add(f"{what} adjustment amount is not an amount")
