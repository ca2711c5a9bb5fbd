"""Mood ratings 1-10: recorded, listed, and plotted as a sparkline with weekly means."""

from __future__ import annotations

import json

import pytest
from clinical_helpers import scalar


@pytest.mark.parametrize("value", ["0", "11"])
def test_mood_outside_1_to_10_is_rejected_with_one_line(run_cli, demo_db, value):
    before = scalar(demo_db, "select count(*) from mood_entries")
    result = run_cli("mood", "add", "Amelia", value)
    assert result.returncode == 1
    assert result.stderr == f"Error: The mood rating must be from 1 to 10, not {value}\n"
    assert scalar(demo_db, "select count(*) from mood_entries") == before


def test_mood_add_then_list_newest_first(cli, demo_db):
    result = cli("mood", "add", "Amelia", "8", "--note", "good week")
    assert result.exit_code == 0, result.stderr
    assert "Mood 8/10 recorded" in result.stdout
    listed = json.loads(cli("mood", "list", "Amelia", "--json").stdout)
    assert len(listed) == 6
    assert (listed[0]["rating"], listed[0]["note"]) == (8, "good week")
    assert listed[0]["recorded_at"].endswith(("-05:00", "-04:00"))


def test_mood_trend_shows_sparkline_and_weekly_mean(cli, demo_db):
    result = cli("mood", "trend", "Benjamin")
    assert result.exit_code == 0, result.stderr
    # The demo's five ratings for Benjamin: 3, 3, 2, 4, 4, one glyph each (rules/trends.py).
    assert "Last 5: 33244  (1-10)" in result.stdout
    weeks = json.loads(cli("mood", "trend", "Benjamin", "--json").stdout)
    assert sum(week["entries"] for week in weeks) == 5
    assert all(2 <= week["mean"] <= 4 for week in weeks)
    last_two = json.loads(cli("mood", "trend", "Benjamin", "--last", "2", "--json").stdout)
    assert sum(week["entries"] for week in last_two) == 2


def test_mood_of_unknown_patient_suggests_a_name(cli, demo_db):
    result = cli("mood", "list", "Amelia Chn")
    assert result.exit_code == 1
    assert "Did you mean Amelia Chen" in result.stderr
