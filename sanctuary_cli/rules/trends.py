"""Ratings 1-10 (mood, progress) and how a series of them is drawn: sparklines, weekly means,
change since the previous value. Pure arithmetic."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sanctuary_cli.rules import parsers

SPARK_CHARS = "▁▂▃▄▅▆▇█"
# A rating 1-10 has ten values and the blocks eight heights, so any drawing that keeps their
# order gives at least two pairs of neighbouring ratings the same bar (7 and 8 did). Ratings
# are drawn with one glyph of their own each instead: the digit, and X (the Roman ten) for 10.
RATING_GLYPHS = "123456789X"
RATING_SCALE = (1, 10)


def rating(value: Any, what: str = "mood rating") -> int:
    """A 1-10 rating, or a UserError saying so ("The mood rating must be from 1 to 10, not 11")."""
    return parsers.parse_whole_number(value, what=f"The {what}", low=1, high=10)


def sparkline(values: Sequence[int | float], low: float = 1, high: float = 10) -> str:
    """One character per value on a fixed scale, so two sparklines compare. On the 1-10 rating
    scale every rating has its own glyph (RATING_GLYPHS); on another scale (a PHQ-9 total,
    0-27) block heights, where neighbouring values may share a height."""
    if not values:
        return ""
    if (low, high) == RATING_SCALE:
        return "".join(RATING_GLYPHS[int(min(max(round(v), 1), 10)) - 1] for v in values)
    span = high - low
    chars = []
    for v in values:
        position = 0 if span <= 0 else (min(max(v, low), high) - low) / span
        chars.append(SPARK_CHARS[round(position * (len(SPARK_CHARS) - 1))])
    return "".join(chars)


def weekly_means(entries: Sequence[tuple[datetime | date, int]]) -> list[dict[str, Any]]:
    """Mean rating per ISO week (Monday start), oldest first; entries are (when, rating)."""
    weeks: dict[date, list[int]] = {}
    for when, value in entries:
        day = when.date() if isinstance(when, datetime) else when
        monday = day - timedelta(days=day.weekday())
        weeks.setdefault(monday, []).append(value)
    return [
        {
            "week_start": monday,
            "entries": len(values),
            "mean": float(
                (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            ),
        }
        for monday, values in sorted(weeks.items())
    ]


def change_since_previous(totals: Sequence[int]) -> list[int | None]:
    """For totals oldest first: the change from the one before (None for the first)."""
    return [None if i == 0 else totals[i] - totals[i - 1] for i in range(len(totals))]
