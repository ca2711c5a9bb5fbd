"""A mood rating given in a note is one mood record: a mood_entries row linked to the note,
written in the note's transaction, following its edits and locked with its signature."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import psycopg
import pytest
from clinical_helpers import execute, rows, scalar
from security_helpers import make_practice

from sanctuary_cli.practice.note_edit import edit_note
from sanctuary_cli.rules.dates import practice_today

DAP = ["--template", "dap", "--data", "d", "--assessment", "a", "--plan", "p", "--risk", "low"]


def linked(db, note_id):
    return rows(db, "select * from mood_entries where session_note_id = %s", note_id)


def add(cli, *args):
    result = cli("notes", "add", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)[0]


def test_a_notes_mood_appears_in_mood_list_and_trend(cli, demo_db):
    before = scalar(demo_db, "select count(*) from mood_entries")
    written = add(cli, "Benjamin", *DAP, "--mood", "8")
    entries = linked(demo_db, written["note_id"])
    assert len(entries) == 1
    assert str(entries[0]["id"]) == written["mood_entry_id"]
    assert (entries[0]["rating"], entries[0]["therapist_id"]) == (8, entries[0]["therapist_id"])
    assert scalar(demo_db, "select count(*) from mood_entries") == before + 1
    listed = json.loads(cli("mood", "list", "Benjamin", "--json").stdout)
    assert (listed[0]["rating"], listed[0]["note"]) == (8, f"session note {written['note_id'][:8]}")
    trend = cli("mood", "trend", "Benjamin")
    assert "Last 6: 332448  (1-10)" in trend.stdout


def test_the_entry_is_dated_at_the_session(cli, demo_db):
    tz = demo_db.settings.tz
    yesterday = practice_today(tz) - timedelta(days=1)
    written = add(cli, "Amelia", *DAP, "--mood", "5", "--date", "yesterday")
    recorded = linked(demo_db, written["note_id"])[0]["recorded_at"]
    assert recorded == datetime.combine(yesterday, time(12), tz)
    session = rows(
        demo_db,
        "select a.id, a.starts_at from appointments a"
        " left join session_notes n on n.appointment_id = a.id"
        " where a.status = 'completed' and n.id is null",
    )[0]
    written = add(cli, str(session["id"])[:8], *DAP, "--mood", "3")
    assert linked(demo_db, written["note_id"])[0]["recorded_at"] == session["starts_at"]


class Fields:
    """A NoteInput giving fixed fields (the form's answers, without a terminal)."""

    def __init__(self, **changes):
        self.changes = changes

    def target(self):
        raise AssertionError("an edit has no target")

    def fields(self, context):
        return {**context.current, **self.changes}


def test_editing_the_mood_moves_the_same_entry_and_removing_it_removes_the_entry(cli, demo_db):
    written = add(cli, "Chloe", *DAP, "--mood", "4")
    note_id = written["note_id"]
    entry = linked(demo_db, note_id)[0]
    assert cli("notes", "edit", note_id[:8], "--mood", "7").exit_code == 0
    moved = linked(demo_db, note_id)
    assert [(m["id"], m["rating"]) for m in moved] == [(entry["id"], 7)]
    assert cli("notes", "edit", note_id[:8], "--date", "yesterday").exit_code == 0
    assert linked(demo_db, note_id)[0]["recorded_at"].date() < entry["recorded_at"].date()
    edited = edit_note(demo_db, note_id, Fields(mood=None))  # the form's mood left blank
    assert edited["mood_entry_id"] is None
    assert linked(demo_db, note_id) == []
    assert scalar(demo_db, "select mood_rating from session_notes where id = %s", note_id) is None


def test_a_demo_note_without_an_entry_gets_one_when_edited(cli, demo_db):
    note_id = str(scalar(demo_db, "select id from session_notes where signed_at is null"))
    assert linked(demo_db, note_id) == []  # the demo is loaded after migration 0081
    assert cli("notes", "edit", note_id[:8], "--mood", "5").exit_code == 0
    assert [m["rating"] for m in linked(demo_db, note_id)] == [5]


def test_a_signed_notes_entry_is_locked_and_entries_agree_with_their_note(cli, demo_db):
    written = add(cli, "Amelia", *DAP, "--mood", "6", "--sign")
    note_id = written["note_id"]
    for statement in (
        "update mood_entries set rating = 2 where session_note_id = %s",
        "delete from mood_entries where session_note_id = %s",
    ):
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="signed note"):
            execute(demo_db, statement, note_id)
    unsigned = add(cli, "Chloe", *DAP, "--mood", "4")["note_id"]
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="that note's rating"):
        execute(demo_db, "update mood_entries set rating = 9 where session_note_id = %s", unsigned)
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="differs from its"):
        execute(demo_db, "update session_notes set mood_rating = 9 where id = %s", unsigned)
    with pytest.raises(psycopg.errors.UniqueViolation):
        execute(
            demo_db,
            "insert into mood_entries (patient_id, therapist_id, session_note_id, rating)"
            " select patient_id, therapist_id, id, mood_rating from session_notes where id = %s",
            unsigned,
        )
    # Changed together, in one transaction, they agree: allowed.
    with demo_db.transaction() as cur:
        cur.execute("update session_notes set mood_rating = 9 where id = %s", (unsigned,))
        cur.execute("update mood_entries set rating = 9 where session_note_id = %s", (unsigned,))
    assert [m["rating"] for m in linked(demo_db, unsigned)] == [9]


def test_a_clinician_deletes_only_the_mood_entries_of_their_own_notes(
    pg_cluster, demo_db_url, demo_db, cli
):
    note_id = add(cli, "Chloe", *DAP, "--mood", "4")["note_id"]
    practice = make_practice(pg_cluster, demo_db_url, demo_db)  # Sarah's login, a colleague
    plain = "select count(*) from mood_entries where session_note_id is null"
    plain_before = scalar(demo_db, plain)
    with psycopg.connect(practice["url"], autocommit=True) as conn:
        deleted = conn.execute("delete from mood_entries where session_note_id is null")
        assert deleted.rowcount == 0  # a rating recorded on its own is permanent
        with conn.transaction():  # as `notes edit` removes a note's mood
            conn.execute("update session_notes set mood_rating = null where id = %s", (note_id,))
            mine = conn.execute("delete from mood_entries where session_note_id = %s", (note_id,))
        assert mine.rowcount == 1
    assert scalar(demo_db, plain) == plain_before
    assert linked(demo_db, note_id) == []
