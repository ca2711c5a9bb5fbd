"""Measurement-based care outcomes (rules/outcomes.py, docs/outcomes.md): baseline and latest
of the current episode, response, remission, reliable change, and the caseload's rates.
Pure, no database."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules.outcomes import (
    OUTCOME_COLUMNS,
    caseload_summary,
    is_response,
    outcome,
    outcomes_by_measure,
    parse_measure_target,
    percent,
)

NY = ZoneInfo("America/New_York")
START = datetime(2026, 1, 5, 10, 0, tzinfo=NY)


def weekly(*totals: int, start: datetime = START) -> list[tuple[datetime, int]]:
    return [(start + timedelta(weeks=i), total) for i, total in enumerate(totals)]


def test_the_issue_example_phq9_18_then_8():
    result = outcome("phq9", weekly(18, 8), None)
    assert result is not None
    assert (result.baseline, result.latest, result.change) == (18, 8, -10)
    assert result.response is True
    assert result.remission is False
    assert result.reliable_improvement is True
    assert result.reliable_deterioration is False


def test_the_issue_example_gad7_15_then_12_is_no_reliable_change():
    result = outcome("gad7", weekly(15, 12), None)
    assert result is not None and result.change == -3
    assert not result.reliable_improvement and not result.reliable_deterioration
    assert not result.response and not result.remission


def test_baseline_is_the_first_and_latest_the_last_whatever_the_order_given():
    scores = weekly(20, 14, 9, 11)
    result = outcome("PHQ-9", list(reversed(scores)), None)
    assert result is not None
    assert (result.baseline_date, result.baseline) == scores[0]
    assert (result.latest_date, result.latest) == scores[-1]
    assert result.measure == "phq9" and result.as_row()["measure"] == "PHQ-9"
    assert tuple(result.as_row()) == OUTCOME_COLUMNS


def test_fewer_than_two_scores_is_no_outcome():
    assert outcome("phq9", [], None) is None
    assert outcome("phq9", weekly(12), None) is None


def test_only_the_current_episode_counts():
    earlier = weekly(25, 24, start=START - timedelta(days=400))
    current = weekly(12, 6)
    readmitted = START - timedelta(days=1)
    result = outcome("phq9", earlier + current, readmitted)
    assert result is not None and (result.baseline, result.latest) == (12, 6)
    # A score on the day of re-admission itself belongs to the new episode.
    assert outcome("phq9", [(readmitted, 15), current[0]], readmitted).baseline == 15
    # One score since re-admission: not enough, even with many before it.
    assert outcome("phq9", earlier + current[:1], readmitted) is None
    # An episode may start on a day: every score of that day (in its own zone) is in it.
    same_day = [(START.replace(hour=8), 20), (START.replace(hour=18), 17)]
    assert outcome("phq9", earlier + same_day, START.date()).baseline == 20


@pytest.mark.parametrize(
    ("measure", "change", "improved", "deteriorated"),
    [
        ("phq9", -6, True, False),  # "at least 6": exactly 6 counts
        ("phq9", -5, False, False),
        ("phq9", 6, False, True),
        ("phq9", 5, False, False),
        ("gad7", -4, True, False),  # "at least 4"
        ("gad7", -3, False, False),
        ("gad7", 4, False, True),
        ("gad7", 3, False, False),
    ],
)
def test_reliable_change_is_at_least_6_on_phq9_and_4_on_gad7(
    measure, change, improved, deteriorated
):
    baseline = 10
    result = outcome(measure, weekly(baseline, baseline + change), None)
    assert result is not None
    assert result.reliable_improvement is improved
    assert result.reliable_deterioration is deteriorated


@pytest.mark.parametrize(
    ("baseline", "latest", "responded"),
    [(18, 9, True), (18, 10, False), (9, 4, True), (9, 5, False), (1, 0, True), (0, 0, False)],
)
def test_response_is_the_latest_at_most_half_the_baseline(baseline, latest, responded):
    assert is_response(baseline, latest) is responded


def test_a_baseline_of_zero_never_responds_but_can_deteriorate():
    result = outcome("phq9", weekly(0, 7), None)
    assert result is not None
    assert not result.response and not result.remission and result.reliable_deterioration
    assert outcome("gad7", weekly(0, 0), None).response is False


def test_remission_is_the_latest_below_5():
    assert outcome("phq9", weekly(14, 4), None).remission is True
    assert outcome("phq9", weekly(14, 5), None).remission is False
    assert outcome("gad7", weekly(14, 4), None).remission is True


@pytest.mark.parametrize(
    ("measure", "scores", "message"),
    [
        ("cssrs", weekly(1, 0), "PHQ-9 and GAD-7"),
        ("beck", weekly(1, 0), "Unknown measure"),
        ("phq9", weekly(28, 3), "0 to 27"),
        ("gad7", weekly(22, 3), "0 to 21"),
        ("gad7", weekly(-1, 3), "0 to 21"),
    ],
)
def test_other_measures_and_impossible_totals_are_refused(measure, scores, message):
    with pytest.raises(UserError, match=message):
        outcome(measure, scores, None)


def test_outcomes_by_measure_splits_one_patients_scores():
    rows = [("phq9", w, t) for w, t in weekly(18, 8)]
    rows += [("gad7", w, t) for w, t in weekly(15, 12)]
    rows += [("cssrs", START, 1), ("gad7", START - timedelta(days=900), 21)]
    found = outcomes_by_measure(rows, episode_start=START - timedelta(days=1))
    assert [(o.measure, o.change) for o in found] == [("phq9", -10), ("gad7", -3)]


def test_caseload_summary_gives_rates_per_measure():
    outcomes = [
        outcome("phq9", weekly(18, 8), None),  # responded, reliably improved
        outcome("phq9", weekly(12, 3), None),  # responded, remitted, reliably improved
        outcome("phq9", weekly(10, 16), None),  # reliably deteriorated
        outcome("gad7", weekly(15, 12), None),  # nothing
    ]
    summary = caseload_summary(outcomes)
    phq = summary["phq9"]
    assert phq["measure"] == "PHQ-9" and phq["patients"] == 3
    assert (phq["responded"], phq["responded_pct"]) == (2, Decimal("66.7"))
    assert (phq["remitted"], phq["remitted_pct"]) == (1, Decimal("33.3"))
    assert phq["reliably_improved_pct"] == Decimal("66.7")
    assert phq["reliably_deteriorated_pct"] == Decimal("33.3")
    gad = summary["gad7"]
    assert gad["patients"] == 1 and gad["responded_pct"] == Decimal("0.0")


def test_caseload_summary_with_nobody_measured_has_no_rates():
    summary = caseload_summary([])
    assert set(summary) == {"phq9", "gad7"}
    assert summary["gad7"]["patients"] == 0 and summary["gad7"]["remitted_pct"] is None


def test_percentages_round_half_up_to_one_place():
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 16) == Decimal("6.3")  # 6.25 rounds up, not to even
    assert percent(0, 0) is None


@pytest.mark.parametrize(
    ("text", "shown", "met", "unmet"),
    [
        ("phq9<10", "phq9<10", 9, 10),
        ("gad7<=7", "gad7<=7", 7, 8),
        ("PHQ-9 < 5", "phq9<5", 4, 5),
        ("GAD-7 ≤ 4", "gad7<=4", 4, 5),
    ],
)
def test_measure_targets_are_ceilings(text, shown, met, unmet):
    target = parse_measure_target(text)
    assert str(target) == shown
    assert target.met_by(met) and not target.met_by(unmet)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("phq9>10", "ceiling"),
        ("gad7=3", "ceiling"),
        ("phq9<0", "never met"),
        ("phq9<=27", "always or never"),
        ("gad7<30", "1 to 21"),
        ("cssrs<1", "like phq9<10"),
        ("phq9 below 10", "like phq9<10"),
    ],
)
def test_impossible_measure_targets_are_refused(text, message):
    with pytest.raises(UserError, match=message):
        parse_measure_target(text)
