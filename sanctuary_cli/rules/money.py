"""Money, insurance coverage, CPT defaults and aging: pure arithmetic, no I/O.

Money is Decimal end to end; rounding is to the cent, half up (as PostgreSQL's round() on
numeric does for positive amounts, so the split here matches the generated columns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sanctuary_cli.errors import UserError

CENT = Decimal("0.01")
# numeric(10, 2): eight digits before the point.
MAX_AMOUNT = Decimal("99999999.99")
_MONEY = re.compile(r"^\$?(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<cents>\d{1,2}))?$", re.ASCII)
_PERCENT = re.compile(r"^\d{1,3}(?:\.\d{1,2})?%?$", re.ASCII)

AGING_BUCKETS = ("0-30", "31-60", "61-90", "90+")

RECORD_TYPES = ("session", "consultation", "assessment", "cancellation-fee", "late-fee")


def parse_money(text: str, *, what: str = "amount", allow_zero: bool = False) -> Decimal:
    """A positive amount like 125, 125.5, 125.00, $1,250.00 as Decimal with two places.

    Anything else (negative, NaN, exponents like 1e309, three decimals, letters) is a
    UserError with one clear line.
    """
    cleaned = text.strip() if isinstance(text, str) else ""
    match = _MONEY.match(cleaned)
    if not match:
        raise UserError(
            f"Invalid {what} {text!r}: use a positive amount with at most two decimals, "
            "like 125 or 125.50"
        )
    digits = match["whole"].replace(",", "") + "." + (match["cents"] or "0")
    try:
        value = Decimal(digits).quantize(CENT)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise UserError(f"Invalid {what} {text!r}") from None
    if value > MAX_AMOUNT:
        raise UserError(f"Invalid {what} {text!r}: at most {MAX_AMOUNT:,}")
    if value == 0 and not allow_zero:
        raise UserError(f"Invalid {what} {text!r}: it must be more than 0.00")
    return value


def parse_percent(text: str) -> Decimal:
    """A coverage percentage 0-100 with at most two decimals."""
    cleaned = text.strip()
    if not _PERCENT.match(cleaned):
        raise UserError(f"Invalid percentage {text!r}: use a number from 0 to 100")
    value = Decimal(cleaned.rstrip("%"))
    if value > 100:
        raise UserError(f"Invalid percentage {text!r}: use a number from 0 to 100")
    return value


def round_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def coverage_split(amount: Decimal, coverage_percent: Decimal) -> tuple[Decimal, Decimal]:
    """(insurance share, patient responsibility); they always add up to the amount."""
    if not isinstance(amount, Decimal) or not isinstance(coverage_percent, Decimal):
        raise TypeError("money and percentages are Decimal, never float")
    if amount < 0 or not amount.is_finite():
        raise ValueError("amount must be a non-negative finite Decimal")
    if not 0 <= coverage_percent <= 100:
        raise ValueError("coverage must be between 0 and 100")
    insurance = round_cents(amount * coverage_percent / 100)
    return insurance, round_cents(amount) - insurance


def aging_bucket(days_overdue: int) -> str:
    """The aging bucket of a balance: 0-30, 31-60, 61-90 or 90+ days past due."""
    if days_overdue <= 30:
        return "0-30"
    if days_overdue <= 60:
        return "31-60"
    if days_overdue <= 90:
        return "61-90"
    return "90+"


@dataclass(frozen=True)
class CptLine:
    """One billed procedure: code and units (90840 is billed in units of 30 minutes)."""

    code: str
    units: int = 1


SESSION_KINDS = ("individual", "intake", "crisis", "family", "family-without-patient")


def session_kind(session_type_name: str | None, category: str | None) -> str:
    """What kind of service a session type is, for CPT purposes."""
    name = (session_type_name or "").lower()
    if "intake" in name or "diagnostic" in name:
        return "intake"
    if "crisis" in name:
        return "crisis"
    if category in ("Family", "Couples"):
        return "family-without-patient" if "without" in name else "family"
    return "individual"


def default_cpt(kind: str, minutes: int) -> list[CptLine]:
    """The CPT code(s) for a session of `kind` lasting `minutes` (SPEC.md section 3).

    Psychotherapy time codes are chosen by the session's own length and never summed across
    sessions or codes: 90832 for 16-37 minutes, 90834 for 38-52, 90837 for 53 or more.
    Family psychotherapy (90846 without the patient, 90847 with) needs 26 minutes. Crisis
    psychotherapy is 90839 for 30-74 minutes plus one 90840 unit per further 30 minutes
    (75-104: one, 105-134: two...); a crisis session under 30 minutes is billed by time.
    """
    if minutes <= 0:
        raise UserError("A session must last more than 0 minutes")
    if kind == "intake":
        return [CptLine("90791")]
    if kind in ("family", "family-without-patient"):
        if minutes < 26:
            raise UserError(
                f"Family psychotherapy of {minutes} minutes has no CPT code (26 minutes or "
                "more); give --cpt"
            )
        return [CptLine("90847" if kind == "family" else "90846")]
    if kind == "crisis" and minutes >= 30:
        extra = (minutes - 45) // 30 if minutes >= 75 else 0
        return [CptLine("90839")] + ([CptLine("90840", extra)] if extra else [])
    if minutes < 16:
        raise UserError(
            f"Psychotherapy of {minutes} minutes has no CPT code (16 minutes or more); give --cpt"
        )
    if minutes <= 37:
        return [CptLine("90832")]
    if minutes <= 52:
        return [CptLine("90834")]
    return [CptLine("90837")]


def place_of_service(appointment_type: str | None) -> str:
    """CMS place-of-service code: 10 telehealth in the patient's home, 11 office."""
    return "10" if appointment_type == "Virtual" else "11"


_CPT = re.compile(r"^[0-9]{4}[0-9A-Z]$")
_ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$")
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")


def parse_cpt(text: str) -> str:
    code = text.strip().upper()
    if not _CPT.match(code):
        raise UserError(f"Invalid CPT code {text!r}: five characters, like 90834")
    return code


def parse_modifier(text: str) -> str:
    """One or more two-character CPT modifiers (95, GT, HJ...), comma separated."""
    parts = [part.strip().upper() for part in text.replace(" ", ",").split(",") if part.strip()]
    if not parts or not all(_MODIFIER.match(part) for part in parts) or len(parts) > 4:
        raise UserError(f"Invalid CPT modifier {text!r}: up to four two-character codes like 95")
    return ",".join(parts)


def parse_icd10(text: str) -> list[str]:
    """ICD-10-CM codes, comma separated (F41.1, F32.1), upper-cased, order kept."""
    codes = [part.strip().upper() for part in text.split(",") if part.strip()]
    bad = [code for code in codes if not _ICD10.match(code)]
    if not codes or bad:
        raise UserError(f"Invalid ICD-10 code {(bad or [text])[0]!r}: like F41.1")
    if len(codes) > 12:
        raise UserError("At most 12 ICD-10 codes on one line")
    return list(dict.fromkeys(codes))


def parse_record_type(text: str) -> str:
    value = text.strip().lower()
    if value not in RECORD_TYPES:
        raise UserError(f"Invalid charge type {text!r}: one of {', '.join(RECORD_TYPES)}")
    return value


def parse_date(text: str, what: str = "date") -> date:
    """An ISO calendar date (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"Invalid {what} {text!r}: use YYYY-MM-DD") from None
