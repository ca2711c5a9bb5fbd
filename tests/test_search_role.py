"""The searches past row-level security (migration 0122, docs/security.md "Searches through the
search role") return only what the caller's login may see, and nobody holds the search role."""

from __future__ import annotations

import json

import psycopg
import pytest
from security_helpers import OTHER_EMAIL, SECRET, billing_login, connect, make_practice


@pytest.fixture
def practice(pg_cluster, demo_db_url, demo_db):
    """The demo practice plus a second clinician; a login role for Dr. Sarah Johnson."""
    return make_practice(pg_cluster, demo_db_url, demo_db)


def name_matches(conn: psycopg.Connection, text: str) -> list[str]:
    return [
        str(r["id"])
        for r in conn.execute("select sanctuary_name_matches(%s) as id", (text,)).fetchall()
    ]


def note_matches(conn: psycopg.Connection, words: str, therapist: str) -> list[str]:
    query = (
        "select note_id as id from sanctuary_note_matches(plainto_tsquery('english', %s), %s,"
        " true, 50, 500, null, null)"
    )
    return [str(r["id"]) for r in conn.execute(query, (words, therapist)).fetchall()]


def test_the_searches_run_as_the_search_role_that_nobody_can_use(practice, pg_cluster):
    with pg_cluster.admin(practice["dbname"]) as admin:
        owners = admin.execute(
            "select proname, proowner::regrole::text, prosecdef from pg_proc"
            " where proname in ('sanctuary_name_matches', 'sanctuary_note_matches')"
            " order by proname"
        ).fetchall()
        usable = admin.execute(
            "select count(*) from pg_auth_members"
            " where roleid = 'sanctuary_search'::regrole and (inherit_option or set_option)"
        ).fetchone()[0]
        login = admin.execute(
            "select rolcanlogin from pg_roles where rolname = 'sanctuary_search'"
        ).fetchone()[0]
    assert owners == [
        ("sanctuary_name_matches", "sanctuary_search", True),
        ("sanctuary_note_matches", "sanctuary_search", True),
    ]
    assert usable == 0 and login is False


def test_a_clinician_finds_no_colleagues_patient_or_note(practice):
    other = practice["other"]
    with connect(practice["url"]) as conn:
        # Naming nobody (the whole practice for the owner) widens nothing for a login.
        conn.execute("select set_config('sanctuary.therapist', '', false)")
        assert name_matches(conn, "Zed Other") == []
        assert name_matches(conn, "Amelia Chen")
        assert note_matches(conn, SECRET, other["therapist"]) == []
        assert note_matches(conn, SECRET, practice["sarah_id"]) == []
        conn.execute("select set_config('sanctuary.therapist', %s, false)", (OTHER_EMAIL,))
        assert name_matches(conn, "Zed Other") == []
        assert note_matches(conn, SECRET, other["therapist"]) == []


def test_the_owner_naming_a_clinician_finds_only_theirs(practice, demo_db_url):
    with connect(demo_db_url) as conn:
        conn.execute("select set_config('sanctuary.therapist', %s, false)", (OTHER_EMAIL,))
        assert name_matches(conn, "Zed Other") == [practice["other"]["patient"]]
        assert name_matches(conn, "Amelia Chen") == []
        assert note_matches(conn, SECRET, practice["other"]["therapist"]) == [
            practice["other"]["note"]
        ]
        conn.execute("select set_config('sanctuary.therapist', '', false)")
        assert name_matches(conn, "Zed Other") == [practice["other"]["patient"]]


def test_billing_staff_find_patients_but_no_notes(pg_cluster, practice):
    with pg_cluster.admin(practice["dbname"]) as admin:
        role = billing_login(admin)
    with connect(pg_cluster.url(practice["dbname"], user=role)) as conn:
        assert name_matches(conn, "Zed Other") == [practice["other"]["patient"]]
        assert note_matches(conn, SECRET, practice["other"]["therapist"]) == []


def test_a_clinician_login_searching_the_practice_sees_only_their_patients(practice, run_cli):
    env = {"SANCTUARY_DATABASE_URL": practice["url"]}
    found = run_cli("patients", "search", "Zed Other", "--all-therapists", "--json", env=env)
    assert found.returncode == 0, found.stderr
    assert "Zed" not in found.stdout
    mine = run_cli("patients", "search", "Amelia Chen", "--all-therapists", "--json", env=env)
    assert [row["full_name"] for row in json.loads(mine.stdout)][:1] == ["Amelia Chen"]
    notes = run_cli("notes", "search", SECRET, "--json", env=env)
    assert notes.returncode == 0, notes.stderr
    assert SECRET not in notes.stdout
