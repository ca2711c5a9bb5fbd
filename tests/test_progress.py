"""Progress ratings on treatment areas."""

from __future__ import annotations

import json

from clinical_helpers import scalar


def test_progress_add_by_area_fragment_and_list_shows_change(cli, demo_db):
    result = cli("progress", "add", "Amelia", "anxiety", "8", "--note", "Presented at a meeting")
    assert result.exit_code == 0, result.stderr
    assert "Anxiety Management: 8/10 recorded" in result.stdout
    listed = json.loads(cli("progress", "list", "Amelia", "--json").stdout)
    newest = listed[0]
    assert (newest["area"], newest["rating"], newest["change"]) == ("Anxiety Management", 8, 2)
    assert newest["notes"] == "Presented at a meeting"
    assert len(listed) == 4


def test_progress_rating_and_area_are_validated(cli, demo_db):
    before = scalar(demo_db, "select count(*) from progress_entries")
    bad_rating = cli("progress", "add", "Amelia", "Sleep", "11")
    assert bad_rating.exit_code == 1
    assert bad_rating.stderr == "Error: The progress rating must be from 1 to 10, not 11\n"
    unknown = cli("progress", "add", "Amelia", "juggling", "5")
    assert unknown.exit_code == 1
    assert "No progress area matches 'juggling'" in unknown.stderr
    ambiguous = cli("progress", "add", "Amelia", "s", "5")
    assert ambiguous.exit_code == 1
    assert "matches" in ambiguous.stderr and "areas" in ambiguous.stderr
    assert scalar(demo_db, "select count(*) from progress_entries") == before


def test_progress_areas_lists_the_ten_areas_with_counts(cli, demo_db):
    areas = json.loads(cli("progress", "areas", "--json").stdout)
    assert len(areas) == 10
    counts = {area["area"]: area["entries"] for area in areas}
    assert counts["Anxiety Management"] == 2
    assert counts["Social Engagement"] == 2
