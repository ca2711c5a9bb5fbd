"""The demo practice has exactly the counts of docs/SPEC.md section 2; loading it twice is
harmless."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from sanctuary_cli.store.config import load_settings
from sanctuary_cli.store.db import connect
from sanctuary_cli.store.demo import load_demo

EXPECTED = {
    "therapists": 1,
    "patients": 3,
    "session_notes": 4,
    "mood_entries": 15,
    "progress_entries": 7,
    "financial_records": 5,
    "tags": 11,
    "progress_areas": 10,
}


def counts(db):
    with db.transaction() as cur:
        result = {}
        for table in EXPECTED:
            cur.execute(f"select count(*) as n from {table}")
            result[table] = cur.fetchone()["n"]
        cur.execute("select count(*) as n from upcoming_appointments")
        result["upcoming"] = cur.fetchone()["n"]
        cur.execute("select status::text, count(*) as n from financial_record_balances group by 1")
        result["statuses"] = {r["status"]: r["n"] for r in cur.fetchall()}
        cur.execute("select count(*) as n from note_tags")
        result["note_tags"] = cur.fetchone()["n"]
    return result


def test_demo_practice_has_the_specified_counts(demo_db):
    got = counts(demo_db)
    assert {k: got[k] for k in EXPECTED} == EXPECTED
    assert got["upcoming"] == 3
    assert got["statuses"] == {"paid": 2, "pending": 2, "overdue": 1}


def test_loading_the_demo_twice_changes_nothing(demo_db):
    before = counts(demo_db)
    assert load_demo(demo_db) is False
    assert counts(demo_db) == before


def test_db_init_demo_again_says_the_demo_was_already_there(run_cli, empty_db_url):
    first = run_cli("db", "init", "--demo")
    assert first.returncode == 0, first.stderr
    assert "Demo practice loaded (Dr. Sarah Johnson, 3 patients; times in America/New_York)" in (
        first.stderr
    )
    again = run_cli("db", "init", "--demo")
    assert again.returncode == 0, again.stderr
    assert "The demo practice was already there; nothing was loaded." in again.stderr
    assert "Demo practice loaded" not in again.stderr


def test_demo_times_are_wall_clock_times_of_the_practice_zone(empty_db_url):
    """Loaded in a zone far from the server's (UTC in CI) and from the tests' own, the sessions
    still sit at 10:00, 11:00 and 14:00 there, as the demo says."""
    zone = "Asia/Tokyo"
    db = connect(load_settings(database_url=empty_db_url, timezone=zone))
    try:
        assert load_demo(db) is True
        with db.transaction() as cur:
            cur.execute("select starts_at from appointments")
            starts = [r["starts_at"].astimezone(ZoneInfo(zone)).time() for r in cur.fetchall()]
            cur.execute("select recorded_at from mood_entries")
            moods = {r["recorded_at"].astimezone(ZoneInfo(zone)).time() for r in cur.fetchall()}
    finally:
        db.close()
    assert sorted(set(starts)) == [time(10), time(11), time(14)]
    assert moods == {time(20)}


def test_every_demo_note_has_tags_and_a_mood_rating(demo_db):
    with demo_db.transaction() as cur:
        cur.execute(
            "select n.mood_rating, count(nt.tag_id) as tags from session_notes n"
            " left join note_tags nt on nt.note_id = n.id group by n.id"
        )
        rows = cur.fetchall()
    assert len(rows) == 4
    assert all(r["mood_rating"] is not None and r["tags"] >= 3 for r in rows)
