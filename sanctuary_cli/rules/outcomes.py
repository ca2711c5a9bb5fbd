"""Measurement-based care: a patient's outcome on PHQ-9 or GAD-7 over the current episode of
care, the rates across a caseload, and the measure targets a plan's objective may set
(`phq9<10`; rules/plans.py). docs/SPEC.md section 9; the definitions and where they come from
are in docs/outcomes.md. Pure: scores in, an Outcome or a summary out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules.scoring import INSTRUMENT_NAMES, MAX_TOTAL, normalize_instrument

# The measures an outcome is computed for: symptom scales where lower is better.
OUTCOME_MEASURES = ("phq9", "gad7")
# Smallest change that counts as reliable, in points, either way (NHS Talking Therapies, as
# docs/SPEC.md section 9 states it: "a change of at least 6 (PHQ-9) or 4 (GAD-7)").
RELIABLE_CHANGE = {"phq9": 6, "gad7": 4}
# Remission: the latest score below the top of the "minimal" band (0-4) on both scales.
REMISSION_BELOW = {"phq9": 5, "gad7": 5}
# The columns of `measures outcomes`, after patient_name, in the order SPEC.md gives them.
OUTCOME_COLUMNS = (
    "measure",
    "baseline_date",
    "baseline",
    "latest_date",
    "latest",
    "change",
    "response",
    "remission",
    "reliable_improvement",
    "reliable_deterioration",
)
SUMMARY_COLUMNS = (
    "measure",
    "patients",
    "responded",
    "responded_pct",
    "remitted",
    "remitted_pct",
    "reliably_improved",
    "reliably_improved_pct",
    "reliably_deteriorated",
    "reliably_deteriorated_pct",
)
PERCENT_PLACES = Decimal("0.1")
_TARGET = re.compile(r"^\s*(phq-?9|gad-?7)\s*(<=|≤|<|>=|≥|>|==?)\s*(\d{1,3})\s*$", re.I)


@dataclass(frozen=True)
class Outcome:
    """One patient's outcome on one measure: baseline and latest of the current episode."""

    measure: str  # "phq9" or "gad7"
    baseline_date: datetime
    baseline: int
    latest_date: datetime
    latest: int
    change: int  # latest - baseline: negative is improvement
    response: bool
    remission: bool
    reliable_improvement: bool
    reliable_deterioration: bool

    def as_row(self) -> dict[str, Any]:
        """The OUTCOME_COLUMNS as a mapping, the measure by its printed name (PHQ-9)."""
        row = asdict(self)
        row["measure"] = INSTRUMENT_NAMES[self.measure]
        return row


@dataclass(frozen=True)
class MeasureTarget:
    """A ceiling an objective sets on a measure: `phq9<10` is met by a PHQ-9 total of 9."""

    measure: str  # "phq9" or "gad7"
    op: str  # "<" or "<="
    value: int

    def __str__(self) -> str:
        return f"{self.measure}{self.op}{self.value}"

    def met_by(self, total: int) -> bool:
        return total < self.value if self.op == "<" else total <= self.value


def outcome(
    measure: str,
    scores: Iterable[tuple[datetime, int]],
    episode_start: datetime | date | None = None,
) -> Outcome | None:
    """The outcome of `scores` (when, total) on PHQ-9 or GAD-7, in any order, counting only
    those at or after `episode_start` (the patient's intake or latest re-admission: a moment,
    or a day, from its start in each score's own zone; None: all). None when the episode has
    fewer than two scores. Baseline is the episode's first score, latest its last; two at the
    same moment keep the order given."""
    key = _measure(measure)
    kept = [
        (when, _total(key, total)) for when, total in scores if _in_episode(when, episode_start)
    ]
    if len(kept) < 2:
        return None
    kept.sort(key=lambda pair: pair[0])  # stable: equal moments keep their order
    (baseline_date, baseline), (latest_date, latest) = kept[0], kept[-1]
    change = latest - baseline
    return Outcome(
        measure=key,
        baseline_date=baseline_date,
        baseline=baseline,
        latest_date=latest_date,
        latest=latest,
        change=change,
        response=is_response(baseline, latest),
        remission=latest < REMISSION_BELOW[key],
        reliable_improvement=change <= -RELIABLE_CHANGE[key],
        reliable_deterioration=change >= RELIABLE_CHANGE[key],
    )


def is_response(baseline: int, latest: int) -> bool:
    """Response: the latest score at most half the baseline (a reduction of 50% or more).

    A baseline of 0 never responds: there is no symptom to halve, and counting 0 -> 0 as a
    response would raise a caseload's response rate with patients who had nothing to treat
    (docs/outcomes.md, "Response"). Integer arithmetic: 2 * latest <= baseline, so 9 -> 4 is
    a response and 9 -> 5 is not, with no rounding of 4.5."""
    return baseline > 0 and 2 * latest <= baseline


def parse_measure_target(text: Any) -> MeasureTarget:
    """`phq9<10`, `gad7<=7`, `PHQ-9 < 10`: a measure, < or <= (≤), and a score it can reach."""
    match = _TARGET.match(str(text))
    if not match:
        raise UserError(f"Invalid measure target {str(text)[:30]!r}: like phq9<10 or gad7<=7")
    measure = match[1].lower().replace("-", "")
    op = {"≤": "<=", "≥": ">="}.get(match[2], match[2])
    value = int(match[3])
    name = INSTRUMENT_NAMES[measure]
    if op not in ("<", "<="):
        raise UserError(f"A measure target is a ceiling (lower {name} is better): use < or <=")
    low, high = (1, MAX_TOTAL[measure]) if op == "<" else (0, MAX_TOTAL[measure] - 1)
    if not low <= value <= high:
        raise UserError(f"{name}{op}{value} is always or never met: use {low} to {high}")
    return MeasureTarget(measure, op, value)


def caseload_summary(outcomes: Iterable[Outcome]) -> dict[str, dict[str, Any]]:
    """Rates across a caseload, per measure (a patient measured on both PHQ-9 and GAD-7 counts
    once in each). Give one Outcome per patient and measure. Every measure is present, keyed
    "phq9" and "gad7", with counts and percentages (Decimal, one place, half up); the
    percentages are None when no patient was measured."""
    by_measure: dict[str, list[Outcome]] = {key: [] for key in OUTCOME_MEASURES}
    for item in outcomes:
        by_measure[_measure(item.measure)].append(item)
    summary = {}
    for key, items in by_measure.items():
        counts = {
            "responded": sum(o.response for o in items),
            "remitted": sum(o.remission for o in items),
            "reliably_improved": sum(o.reliable_improvement for o in items),
            "reliably_deteriorated": sum(o.reliable_deterioration for o in items),
        }
        row: dict[str, Any] = {"measure": INSTRUMENT_NAMES[key], "patients": len(items)}
        for name, count in counts.items():
            row[name] = count
            row[f"{name}_pct"] = percent(count, len(items))
        summary[key] = row
    return summary


def percent(part: int, whole: int) -> Decimal | None:
    """100 * part / whole to one decimal place, half up (2 of 3 is 66.7); None for 0 of 0."""
    if whole == 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(PERCENT_PLACES, ROUND_HALF_UP)


def outcomes_by_measure(
    scores: Sequence[tuple[str, datetime, int]], episode_start: datetime | date | None = None
) -> list[Outcome]:
    """One patient's outcomes from (measure, when, total) rows of any instruments: PHQ-9 then
    GAD-7, each when it has two scores in the episode; other instruments are left out."""
    found = []
    for key in OUTCOME_MEASURES:
        mine = [(when, total) for measure, when, total in scores if _is(measure, key)]
        result = outcome(key, mine, episode_start)
        if result is not None:
            found.append(result)
    return found


def _in_episode(when: datetime, start: datetime | date | None) -> bool:
    if start is None:
        return True
    if not isinstance(start, datetime):  # a day: compare days, in the score's own zone
        return (when.date() if isinstance(when, datetime) else when) >= start
    return when >= start


def _is(measure: str, key: str) -> bool:
    try:
        return normalize_instrument(measure) == key
    except UserError:
        return False


def _measure(measure: str) -> str:
    key = normalize_instrument(measure)
    if key not in OUTCOME_MEASURES:
        raise UserError(f"Outcomes are computed for PHQ-9 and GAD-7, not {measure[:20]!r}")
    return key


def _total(key: str, total: Any) -> int:
    if isinstance(total, bool) or not isinstance(total, int) or not 0 <= total <= MAX_TOTAL[key]:
        raise UserError(
            f"A {INSTRUMENT_NAMES[key]} total is a whole number from 0 to {MAX_TOTAL[key]}, "
            f"not {total!r}"
        )
    return total
