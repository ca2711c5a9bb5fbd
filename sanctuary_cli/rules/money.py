"""Money and insurance coverage: pure Decimal arithmetic, rounded to the cent.

Rounding is half up, as PostgreSQL's round() on numeric does for positive amounts, so the split
here matches the columns the database generates. Reading a typed amount is rules/parsers.py's.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


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
