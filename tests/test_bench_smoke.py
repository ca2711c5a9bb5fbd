"""The benchmark generator, at a tiny scale: right row counts, every rule of the schema kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
SCALE = "0.002"  # 2 therapists, 50 patients, 2,000 appointments: a few seconds


def run_generator(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "generate.py"),
            "--scale",
            SCALE,
            "--database-url",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def generated(empty_db_url: str) -> psycopg.Connection:
    result = run_generator(empty_db_url)
    assert result.returncode == 0, result.stderr
    assert "loaded scale 0.002" in result.stderr
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        conn.execute("set TimeZone = 'America/New_York'")
        yield conn


def scalar(conn: psycopg.Connection, query: str):
    return conn.execute(query).fetchone()[0]


def test_generator_loads_the_sizes_of_its_scale(generated):
    counts = {
        table: scalar(generated, f"select count(*) from {table}")
        for table in (
            "therapists",
            "patients",
            "appointments",
            "mood_entries",
            "financial_records",
            "session_notes",
            "progress_entries",
        )
    }
    assert counts == {
        "therapists": 2,
        "patients": 50,
        "appointments": 2000,
        "mood_entries": 4000,
        "financial_records": 2000,
        "session_notes": 600,
        "progress_entries": 200,
    }
    assert scalar(generated, "select count(*) from payments") > 1000
    assert scalar(generated, "select count(*) from note_tags") >= 600


def test_generated_appointments_never_double_book_and_end_after_their_length(generated):
    overlaps = scalar(
        generated,
        """
        select count(*)
          from appointments a
          join appointments b
            on a.therapist_id = b.therapist_id and a.id < b.id
           and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
         where a.status <> 'cancelled' and b.status <> 'cancelled'
        """,
    )
    assert overlaps == 0
    assert (
        scalar(
            generated,
            "select count(*) from appointments"
            " where ends_at <> starts_at + make_interval(mins => duration_minutes)",
        )
        == 0
    )
    upcoming = scalar(
        generated,
        "select count(*) from upcoming_appointments where starts_at < now() + interval '7 days'",
    )
    assert upcoming > 0


def test_generated_data_has_a_realistic_mix_of_states(generated):
    statuses = dict(
        generated.execute("select status::text, count(*) from appointments group by 1").fetchall()
    )
    assert set(statuses) == {"scheduled", "completed", "cancelled", "no-show"}
    assert statuses["completed"] > sum(statuses.values()) / 2
    balances = dict(
        generated.execute(
            "select status::text, count(*) from financial_record_balances group by 1"
        ).fetchall()
    )
    assert balances["paid"] > balances.get("overdue", 0) > 0
    assert scalar(generated, "select count(*) from session_notes where is_private") > 0
    assert scalar(generated, "select count(*) from session_notes where signed_at is null") > 0


def test_counts_kept_by_disabled_triggers_are_written_in_bulk(generated):
    assert (
        scalar(
            generated,
            """
        select count(*)
          from patients p
         where p.session_count <> (select count(*) from appointments a
                                    where a.patient_id = p.id and a.status = 'completed')
        """,
        )
        == 0
    )
    assert (
        scalar(
            generated,
            "select count(*) from tags g"
            " where usage_count <> (select count(*) from note_tags nt where nt.tag_id = g.id)",
        )
        == 0
    )
    assert (
        scalar(
            generated,
            """
        select count(*)
          from financial_records f
          left join lateral (select coalesce(sum(p.amount), 0) as total, max(p.paid_at) as last
                               from payments p where p.financial_record_id = f.id) t on true
         where f.amount_paid <> t.total or f.last_paid_at is distinct from t.last
        """,
        )
        == 0
    )
    assert scalar(generated, "select count(*) from financial_records where amount_paid > 0") > 0


def test_generator_leaves_every_trigger_enabled(generated):
    disabled = generated.execute(
        "select tgrelid::regclass::text, tgname from pg_trigger"
        " where not tgisinternal and tgenabled = 'D'"
    ).fetchall()
    assert disabled == []


def test_generator_refuses_a_database_that_already_holds_data(generated, empty_db_url):
    again = run_generator(empty_db_url)
    assert again.returncode != 0
    assert "already holds practice data" in again.stderr
    assert scalar(generated, "select count(*) from therapists") == 2
