"""Every value a person types, read one way wherever it is typed: options, CSV import, note files.

Pure functions: text in, a Python value out, or a UserError with one line naming the field.
Each rule is the strict one (money has at most two decimals and no exponent, a percentage is
0-100, an NPI has a valid check digit); docs/architecture.md says why there is only one.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules import dates

CENT = Decimal("0.01")
# numeric(10, 2): eight digits before the point.
MAX_AMOUNT = Decimal("99999999.99")
_MONEY = re.compile(r"^\$?(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<cents>\d{1,2}))?$", re.ASCII)
_PERCENT = re.compile(r"^\d{1,3}(?:\.\d{1,2})?%?$", re.ASCII)
_ISO_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$", re.ASCII)
_CPT = re.compile(r"^[0-9]{4}[0-9A-Z]$")
_ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$")
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")
_NPI = re.compile(r"^[0-9]{10}$", re.ASCII)
_ZIP = re.compile(r"^[0-9]{5}(?:-?[0-9]{4})?$", re.ASCII)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
YES = ("yes", "y", "true", "t", "1", "on")
NO = ("no", "n", "false", "f", "0", "off")
_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI"
)
US_STATES = frozenset(_STATE_CODES.split())
MAX_ICD10_CODES = 12


# --- Money and percentages -------------------------------------------------------------------


def parse_money(text: Any, *, what: str = "amount", allow_zero: bool = False) -> Decimal:
    """A positive amount like 125, 125.5, 125.00, $1,250.00 as Decimal with two places.

    Anything else (negative, NaN, exponents like 1e3, three decimals, letters) is refused.
    """
    cleaned = text.strip() if isinstance(text, str) else ""
    match = _MONEY.match(cleaned)
    if not match:
        raise UserError(
            f"Invalid {what} {text!r}: use a positive amount with at most two decimals, "
            "like 125 or 125.50"
        )
    digits = match["whole"].replace(",", "") + "." + (match["cents"] or "0")
    value = Decimal(digits).quantize(CENT)
    if value > MAX_AMOUNT:
        raise UserError(f"Invalid {what} {text!r}: at most {MAX_AMOUNT:,}")
    if value == 0 and not allow_zero:
        raise UserError(f"Invalid {what} {text!r}: it must be more than 0.00")
    return value


def parse_percent(text: Any, *, what: str = "percentage") -> Decimal:
    """A percentage 0-100 with at most two decimals ("80", "80%", "12.5")."""
    cleaned = str(text).strip()
    if not _PERCENT.match(cleaned) or Decimal(cleaned.rstrip("%")) > 100:
        raise UserError(f"Invalid {what} {text!r}: use a number from 0 to 100")
    return Decimal(cleaned.rstrip("%")).quantize(CENT)


# --- Days and times --------------------------------------------------------------------------


def parse_day(text: Any, tz: ZoneInfo, *, what: str = "date", now: datetime | None = None) -> date:
    """A calendar day in the practice zone: ISO, or the WHEN words (today, yesterday,
    tomorrow, next tue, dec 3, 12/3). A date object passes through (YAML reads dates)."""
    if isinstance(text, datetime):
        return text.astimezone(tz).date() if text.tzinfo else text.date()
    if isinstance(text, date):
        return text
    cleaned = str(text).strip()
    if _ISO_DAY.match(cleaned):
        try:
            return date.fromisoformat("-".join(p.zfill(2) for p in cleaned.split("-")))
        except ValueError:
            raise UserError(f"{what} {cleaned!r} is not a date (YYYY-MM-DD)") from None
    try:
        return dates.parse_day(cleaned, tz, now)
    except UserError:
        raise UserError(
            f"{what} {cleaned!r} is not a date (YYYY-MM-DD, or words like today, yesterday, "
            "next tue, dec 3)"
        ) from None


def parse_when(text: str, tz: ZoneInfo, now: datetime | None = None) -> datetime:
    """A moment typed by a person (WHEN): "2026-12-01 09:30", "tomorrow 3pm", "next tue 10:00"."""
    return dates.parse_when(text, tz, now)


def parse_optional_day(text: Any, tz: ZoneInfo, *, what: str = "date") -> date | None:
    """As parse_day, but blank or None means not given."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    return parse_day(text, tz, what=what)


def parse_day_span(
    first_text: Any, last_text: Any, tz: ZoneInfo
) -> tuple[date | None, date | None]:
    """The days of --from and --to (either open), refused when --to comes before --from."""
    first = parse_optional_day(first_text, tz, what="--from")
    last = parse_optional_day(last_text, tz, what="--to")
    if first and last and last < first:
        raise UserError(f"--to {last} is before --from {first}")
    return first, last


# --- Yes/no and plain text -------------------------------------------------------------------


def parse_yes_no(text: Any, *, what: str = "value") -> bool | None:
    """yes/no, true/false, y/n, 1/0, on/off in any case; blank or None means not given."""
    if text is None or isinstance(text, bool):
        return text
    word = str(text).strip().lower()
    if not word:
        return None
    if word in YES:
        return True
    if word in NO:
        return False
    raise UserError(f"{what} must be yes or no (true/false), not {word[:20]!r}")


def clean_text(text: Any) -> str | None:
    """Trimmed NFC text; blank is None."""
    if text is None:
        return None
    return unicodedata.normalize("NFC", str(text).strip()) or None


def parse_email(text: Any, *, what: str = "email") -> str | None:
    value = clean_text(text)
    if value is not None and not _EMAIL.fullmatch(value):
        raise UserError(f"{what} is not an email address")
    return value


def parse_choice(text: Any, choices: tuple[str, ...], *, what: str) -> str | None:
    """One of `choices`, matched without regard to case; blank or None means not given."""
    value = clean_text(text)
    if value is None:
        return None
    for option in choices:
        if option.lower() == value.lower():
            return option
    raise UserError(f"{what} must be one of {', '.join(choices)}, not {value[:30]!r}")


# --- Codes -----------------------------------------------------------------------------------


def parse_cpt(text: str) -> str:
    """A CPT/HCPCS code: five characters, four digits then a digit or letter (90834, 0591T)."""
    code = text.strip().upper()
    if not _CPT.match(code):
        raise UserError(f"Invalid CPT code {text!r}: five characters, like 90834")
    return code


def parse_modifier(text: str) -> str:
    """One to four two-character CPT modifiers (95, GT, HJ...), comma separated."""
    parts = [part.strip().upper() for part in text.replace(" ", ",").split(",") if part.strip()]
    if not parts or not all(_MODIFIER.match(part) for part in parts) or len(parts) > 4:
        raise UserError(f"Invalid CPT modifier {text!r}: up to four two-character codes like 95")
    return ",".join(parts)


def parse_icd10(text: Any, *, what: str = "ICD-10 code") -> list[str]:
    """ICD-10-CM codes separated by commas, semicolons or spaces (F41.1; F32.1), upper-cased,
    duplicates dropped, order kept. A list passes through the same checks."""
    items = text if isinstance(text, list | tuple) else re.split(r"[;,\s]+", str(text))
    codes = [str(code).strip().upper() for code in items if str(code).strip()]
    bad = [code for code in codes if not _ICD10.match(code)]
    if not codes or bad:
        shown = bad[0] if bad else str(text).strip()
        raise UserError(f"Invalid {what} {shown!r}: an ICD-10-CM code like F41.1")
    if len(codes) > MAX_ICD10_CODES:
        raise UserError(f"At most {MAX_ICD10_CODES} ICD-10 codes")
    return list(dict.fromkeys(codes))


def parse_optional_icd10(text: Any, *, what: str = "ICD-10 code") -> list[str] | None:
    if text is None or (isinstance(text, str | list | tuple) and not text):
        return None
    if isinstance(text, str) and not text.strip():
        return None
    return parse_icd10(text, what=what)


def parse_npi(text: Any) -> str | None:
    """A National Provider Identifier: 10 digits whose last is the Luhn check digit computed
    with the 80840 prefix (CMS, "NPI check digit"). Blank is None."""
    value = clean_text(text)
    if value is None:
        return None
    if not _NPI.match(value) or not npi_check_digit_ok(value):
        raise UserError(f"Invalid NPI {value[:20]!r}: 10 digits with a valid check digit")
    return value


def npi_check_digit_ok(npi: str) -> bool:
    """Luhn over "80840" + the first nine digits must give the tenth."""
    digits = [int(d) for d in "80840" + npi[:9]]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 0:  # doubled: the rightmost digit before the check digit first
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return (10 - total % 10) % 10 == int(npi[9])


def parse_state(text: Any, *, what: str = "state") -> str | None:
    """A two-letter US state or territory code (NY, PR); blank is None."""
    value = clean_text(text)
    if value is None:
        return None
    code = value.upper()
    if code not in US_STATES:
        raise UserError(f"Invalid {what} {value[:20]!r}: a two-letter US state code like NY")
    return code


def parse_zip(text: Any, *, what: str = "ZIP code") -> str | None:
    """A US ZIP code, 5 or 9 digits (12345, 12345-6789, 123456789), stored as digits only."""
    value = clean_text(text)
    if value is None:
        return None
    if not _ZIP.match(value):
        raise UserError(f"Invalid {what} {value[:20]!r}: 5 or 9 digits, like 10001-2345")
    return value.replace("-", "")


def parse_whole_number(text: Any, *, what: str, low: int, high: int) -> int:
    """A whole number within [low, high]."""
    try:
        number = int(str(text).strip())
    except ValueError:
        raise UserError(f"{what} must be a whole number from {low} to {high}") from None
    if not low <= number <= high:
        raise UserError(f"{what} must be from {low} to {high}, not {number}")
    return number


def parse_day_range(
    first: Any, last: Any, tz: ZoneInfo, *, default_back: int, default_ahead: int | None
) -> tuple[datetime, datetime | None]:
    """--from and --to (each read by parse_day) as [midnight of the first day, midnight after
    the last) in tz; the defaults when not given are dates.day_range's."""
    first_day = parse_optional_day(first, tz, what="--from")
    last_day = parse_optional_day(last, tz, what="--to")
    return dates.day_range(
        tz,
        first_day.isoformat() if first_day else None,
        last_day.isoformat() if last_day else None,
        default_back=default_back,
        default_ahead=default_ahead,
    )


def parse_digits(text: Any, length: int, *, what: str, example: str) -> str | None:
    """A number of exactly `length` digits once spaces, dashes, dots and brackets are dropped
    (a phone: a leading US 1 too), as claims carry it: a tax id 12-3456789, a phone."""
    value = clean_text(text)
    if value is None:
        return None
    digits = re.sub(r"[\s().-]", "", value.removeprefix("+"))
    if length == 10 and len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if not (digits.isascii() and digits.isdigit() and len(digits) == length):
        raise UserError(f"Invalid {what} {value[:20]!r}: {length} digits, like {example}")
    return digits


def parse_taxonomy(text: Any, *, what: str = "taxonomy") -> str | None:
    """A NUCC provider taxonomy code: ten characters, three digits first and X last."""
    value = clean_text(text)
    if value is None:
        return None
    if not re.fullmatch(r"[0-9]{3}[0-9A-Z]{6}X", value.upper()):
        raise UserError(f"Invalid {what} {value[:20]!r}: a NUCC code like 103T00000X")
    return value.upper()
