"""notes search ranks the newest matches (migration 0126), reaches earlier periods with
--from/--to, and finds colleagues' shared notes about the clinician's patients."""

from __future__ import annotations

import json

import pytest
from clinical_helpers import OTHER, add_second_clinician

from sanctuary_cli.practice import notes

WORD = "quokka"


def add_note(cli, patient: str, day: str, *extra: str) -> None:
    result = cli(
        "notes", "add", patient, "--template", "dap", "--data", f"Talked about the {WORD}.",
        "--assessment", "Stable.", "--plan", "Weekly.", "--risk", "low", "--date", day, *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def found_days(result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return sorted(row["session_date"] for row in json.loads(result.stdout))


DAYS = ["2025-03-03", "2025-06-02", "2025-09-01", "2026-01-05", "2026-02-02"]


@pytest.fixture
def small_pool(monkeypatch):
    monkeypatch.setattr(notes, "NOTE_SEARCH_POOL", 3)


def test_only_the_newest_matches_are_ranked_and_the_search_says_so(cli, demo_db, small_pool):
    for day in DAYS:
        add_note(cli, "Amelia", day)
    result = cli("notes", "search", WORD, "--json")
    assert found_days(result) == DAYS[2:]
    assert "More than 3 notes match" in result.stderr
    assert "--from/--to" in result.stderr


def test_from_and_to_reach_an_earlier_period(cli, demo_db, small_pool):
    for day in DAYS:
        add_note(cli, "Amelia", day)
    earlier = cli("notes", "search", WORD, "--json", "--to", "2025-12-31")
    assert found_days(earlier) == DAYS[:3]
    assert "More than" not in earlier.stderr
    between = cli("notes", "search", WORD, "--json", "--from", "2025-06-02", "--to", "2026-01-05")
    assert found_days(between) == DAYS[1:4]
    assert "More than" not in between.stderr


def test_to_before_from_is_one_line(cli, demo_db):
    result = cli("notes", "search", WORD, "--from", "2026-02-01", "--to", "2026-01-01")
    assert result.exit_code != 0
    assert result.stderr.strip() == "Error: --to 2026-01-01 is before --from 2026-02-01"


def test_a_colleagues_shared_note_about_my_patient_is_found_but_not_a_private_one(cli, demo_db):
    add_note(cli, "Benjamin", "2026-01-05")
    add_note(cli, "Benjamin", "2026-01-06", "--private")
    # Benjamin moves to Dr. Reyes: Dr. Johnson's notes are a colleague's about his patient.
    add_second_clinician(demo_db, owns_patient="Benjamin Carter")
    theirs = cli("--therapist", OTHER, "notes", "search", WORD, "--json", "--include-private")
    assert found_days(theirs) == ["2026-01-05"]


def test_the_same_answer_after_many_searches_in_one_session(demo_db):
    # The function plans every call for its values (plan_cache_mode = force_custom_plan); the
    # answer must not change once a generic plan would have been chosen (after five calls).
    sarah = demo_db.one("therapists.resolve_current", ref="sarah.johnson@sanctuary.example")
    query = (
        "select note_id from sanctuary_note_matches(websearch_to_tsquery('english', %s),"
        " %s, true, 50, 500, null, null) order by note_id"
    )
    answers = {
        str(demo_db.conn.execute(query, ("sleep", sarah["id"])).fetchall()) for _ in range(8)
    }
    assert len(answers) == 1
    assert answers != {"[]"}
