"""Row-level security: each role sees what docs/SPEC.md section 5 says, and nothing more."""

from __future__ import annotations

import json
import re

import psycopg
import pytest
from security_helpers import (
    OTHER_EMAIL,
    SARAH_EMAIL,
    SECRET,
    add_other_rows_everywhere,
    billing_login,
    connect,
    dbname_of,
    make_practice,
    patient_data_tables,
    views,
)


@pytest.fixture
def practice(pg_cluster, demo_db_url, demo_db):
    """The demo practice plus a second clinician; a login role for Dr. Sarah Johnson."""
    return make_practice(pg_cluster, demo_db_url, demo_db)


def row_texts(conn: psycopg.Connection, relation: str) -> list[str]:
    return [r["t"] for r in conn.execute(f"select to_jsonb(x)::text as t from {relation} x")]


@pytest.fixture
def practice_everywhere(practice, pg_cluster):
    """`practice`, with a row of Dr. Other's in every patient-data table (checked)."""
    other = practice["other"]
    with pg_cluster.admin(practice["dbname"]) as admin:
        add_other_rows_everywhere(admin, other)
        texts = {
            table: [r[0] for r in admin.execute(f"select to_jsonb(x)::text from {table} x")]
            for table in patient_data_tables(admin)
        }
    empty = [
        table
        for table, rows in texts.items()
        if not any(value in text for text in rows for value in other.values())
    ]
    # A new patient-data table needs a row of hers in add_other_rows_everywhere, or the test
    # below would pass for it without reading anything.
    assert empty == [], empty
    return practice


def test_clinician_login_sees_only_their_own_patients_in_every_table(practice_everywhere):
    practice = practice_everywhere
    with connect(practice["url"]) as conn:
        names = [r["full_name"] for r in conn.execute("select full_name from patients")]
        assert sorted(names) == ["Amelia Chen", "Benjamin Carter", "Chloe Davis"]
        for table in patient_data_tables(conn):
            if table == "audit_log":
                continue  # its own test below
            texts = row_texts(conn, table)
            for value in practice["other"].values():
                assert not any(value in t for t in texts), (table, value)
            assert not any(SECRET in t for t in texts), table
        assert conn.execute("select count(*) as n from session_notes").fetchone()["n"] == 4


def test_clinician_login_sees_only_their_own_patients_through_every_view(practice):
    with connect(practice["url"]) as conn:
        checked = views(conn)
        assert "upcoming_appointments" in checked and "financial_summary" in checked
        for view in checked:
            texts = row_texts(conn, view)
            assert not any(practice["other"]["patient"] in t for t in texts), view
            assert not any("Zed Other" in t or SECRET in t for t in texts), view


def test_clinician_cannot_write_rows_for_another_clinician(practice):
    with connect(practice["url"]) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "insert into patients (therapist_id, first_name, last_name) values (%s, 'A', 'B')",
                (practice["other"]["therapist"],),
            )
        changed = conn.execute(
            "update patients set phone = 'x' where id = %s", (practice["other"]["patient"],)
        )
        assert changed.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("delete from session_notes")


def test_clinician_setting_another_therapist_gains_nothing(practice):
    with connect(practice["url"]) as conn, conn.transaction():
        conn.execute("select set_config('sanctuary.therapist', %s, true)", (OTHER_EMAIL,))
        names = [r["full_name"] for r in conn.execute("select full_name from patients")]
    assert "Zed Other" not in names and len(names) == 3


def test_clinician_login_runs_the_cli_and_sees_only_their_calendar(practice, run_cli):
    result = run_cli(
        "appointments",
        "upcoming",
        "--all-therapists",
        "--days",
        "30",
        "--json",
        env={"SANCTUARY_DATABASE_URL": practice["url"]},
    )
    assert result.returncode == 0, result.stderr
    names = {row["patient_name"] for row in json.loads(result.stdout)}
    assert names and "Zed Other" not in names


def test_billing_sees_demographics_and_money_but_no_clinical_content(
    pg_cluster, practice_everywhere
):
    practice = practice_everywhere
    with pg_cluster.admin(practice["dbname"]) as admin:
        role = billing_login(admin)
    with connect(pg_cluster.url(practice["dbname"], user=role)) as conn:
        # The demo's three, Zed Other and the record merged into his.
        assert conn.execute("select count(*) as n from patients").fetchone()["n"] == 5
        assert conn.execute("select count(*) as n from financial_records").fetchone()["n"] >= 6
        assert conn.execute("select count(*) as n from financial_summary").fetchone()["n"] == 5
        for table in [*patient_data_tables(conn), *views(conn)]:
            try:
                texts = row_texts(conn, table)
            except psycopg.errors.InsufficientPrivilege:
                continue
            assert not any(SECRET in t for t in texts), table
        for table in ["session_notes", "mood_entries", "progress_entries", "note_tags"]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"select * from {table}")


def test_owner_is_subject_to_row_level_security(demo_db_url, practice):
    with connect(demo_db_url) as conn:
        forced = conn.execute(
            "select relname from pg_class where relname = any(%s)"
            " and not (relrowsecurity and relforcerowsecurity)",
            (patient_data_tables(conn),),
        ).fetchall()
        assert forced == []
        for therapist, expected in [
            (OTHER_EMAIL, ["Zed Other"]),
            (SARAH_EMAIL, ["Amelia Chen", "Benjamin Carter", "Chloe Davis"]),
            ("nobody@example.test", []),
        ]:
            with conn.transaction():
                conn.execute("select set_config('sanctuary.therapist', %s, true)", (therapist,))
                names = [r["n"] for r in conn.execute("select full_name as n from patients")]
                notes = conn.execute("select count(*) as n from session_notes").fetchone()["n"]
            assert sorted(names) == expected
            assert notes == {1: 1, 3: 4, 0: 0}[len(expected)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
            conn.execute("select set_config('sanctuary.therapist', %s, true)", (SARAH_EMAIL,))
            conn.execute(
                "insert into patients (therapist_id, first_name, last_name) values (%s, 'A', 'B')",
                (practice["other"]["therapist"],),
            )


def test_cli_acting_for_one_clinician_sees_only_that_clinicians_patients(practice, cli):
    def names(*args: str) -> set[str]:
        result = cli(*args, "appointments", "upcoming", "--days", "30", "--json")
        assert result.exit_code == 0, result.stderr
        return {row["patient_name"] for row in json.loads(result.stdout)}

    assert names("--therapist", OTHER_EMAIL) == {"Zed Other"}
    assert "Zed Other" not in names("--therapist", SARAH_EMAIL)


def test_all_therapists_on_the_owner_connection_means_the_practice(practice, cli):
    """Issue 14: --all-therapists was silently narrowed by SANCTUARY_THERAPIST; the owner is
    the practice's administrator, so it sees every clinician's calendar (a clinician login
    still sees only its own: test_clinician_login_runs_the_cli_and_sees_only_their_calendar)."""
    result = cli(
        "--therapist", OTHER_EMAIL, "appointments", "upcoming", "--days", "30",
        "--all-therapists", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    shown = {row["patient_name"] for row in json.loads(result.stdout)}
    assert {"Zed Other", "Amelia Chen"} <= shown


def test_every_view_runs_with_the_querying_roles_rights(empty_db):
    with empty_db.transaction() as cur:
        cur.execute(
            "select c.relname from pg_class c where c.relkind = 'v'"
            " and c.relnamespace = current_schema()::regnamespace"
            " and not coalesce('security_invoker=true' = any(c.reloptions), false)"
        )
        assert cur.fetchall() == []


def test_no_security_definer_function_without_a_fixed_search_path(empty_db):
    with empty_db.transaction() as cur:
        cur.execute(
            "select p.proname from pg_proc p where p.prosecdef"
            " and p.pronamespace = current_schema()::regnamespace"
            " and not exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%%')"
        )
        assert cur.fetchall() == []


def test_login_role_password_is_stored_as_a_scram_verifier(pg_cluster, practice):
    with pg_cluster.admin() as admin:
        stored, member = admin.execute(
            "select rolpassword, pg_has_role(rolname, 'sanctuary_clinician', 'member')"
            " from pg_authid where rolname = %s",
            (practice["role"],),
        ).fetchone()
    assert stored.startswith("SCRAM-SHA-256$4096:") and practice["password"] not in stored
    assert member


def test_definer_and_policy_functions_search_pg_temp_last(empty_db):
    with empty_db.transaction() as cur:
        cur.execute(
            "select p.proname, c from pg_proc p cross join lateral unnest(p.proconfig) c"
            " where p.pronamespace = current_schema()::regnamespace"
            " and (p.prosecdef or p.proname in ('sanctuary_scope', 'sanctuary_actor_therapist'))"
            " and c like 'search_path=%%' and c not like '%%pg_temp'"
        )
        assert cur.fetchall() == []


def test_a_temporary_table_cannot_impersonate_a_colleague(practice):
    with connect(practice["url"]) as conn:
        conn.execute("create temporary table therapists (id uuid, db_role name, email text)")
        conn.execute(
            "insert into pg_temp.therapists values (%s, current_user, 'x')",
            (practice["other"]["therapist"],),
        )
        names = [r["full_name"] for r in conn.execute("select full_name from patients")]
    assert "Zed Other" not in names and len(names) == 3


def test_billing_updates_insurance_but_not_diagnoses_or_the_clinician(pg_cluster, practice):
    with pg_cluster.admin(practice["dbname"]) as admin:
        role = billing_login(admin)
    with connect(pg_cluster.url(practice["dbname"], user=role)) as conn:
        changed = conn.execute(
            "update patients set insurance_provider = 'Aetna', coverage_percent = 80 where id = %s",
            (practice["other"]["patient"],),
        )
        assert changed.rowcount == 1
        for column, value in [
            ("diagnosis_codes", "{F41.1}"),
            ("therapist_id", practice["sarah_id"]),
        ]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"update patients set {column} = %s", (value,))


def test_therapists_add_login_creates_a_clinician_role_that_sees_only_their_patients(
    cli, pg_cluster, demo_db_url
):
    added = cli(
        "therapists", "add", "--first", "Omar", "--last", "Reyes", "--email", "omar@x.example",
        "--login",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    match = re.search(r"role (sanctuary_omar_[0-9a-f]{6}), password (\S+) ", added.stdout)
    assert match, added.stdout
    role, password = match.groups()
    url = pg_cluster.url(dbname_of(demo_db_url), user=role, password=password)
    with connect(url) as conn:
        assert conn.execute("select count(*) as n from patients").fetchone()["n"] == 0
    again = cli("therapists", "edit", "omar@x.example", "--login")
    assert again.exit_code == 1 and "already has the login role" in again.stderr


def test_therapists_edit_login_gives_an_existing_clinician_a_role(cli, pg_cluster, demo_db_url):
    result = cli("therapists", "edit", SARAH_EMAIL, "--login")
    assert result.exit_code == 0, result.stderr
    role, password = re.search(r"role (\S+), password (\S+) ", result.stdout).groups()
    url = pg_cluster.url(dbname_of(demo_db_url), user=role, password=password)
    with connect(url) as conn:
        assert conn.execute("select count(*) as n from patients").fetchone()["n"] == 3


def test_clinician_login_acts_for_itself_without_naming_a_therapist(practice, run_cli):
    # Two therapists in the practice, no SANCTUARY_THERAPIST: the login role says who it is.
    result = run_cli(
        "appointments", "upcoming", "--days", "30", "--json",
        env={"SANCTUARY_DATABASE_URL": practice["url"]},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert {row["therapist_name"] for row in json.loads(result.stdout)} == {"Dr. Sarah Johnson"}


def own_charge(conn: psycopg.Connection, *, paid: bool) -> dict:
    condition = "amount_paid > 0" if paid else "amount_paid < amount and status = 'pending'"
    return conn.execute(
        f"select id, amount_paid from financial_records where {condition} order by id limit 1"
    ).fetchone()


def test_clinician_cannot_hide_payments_to_rewrite_a_paid_total(practice):
    """Naming nobody as the therapist must not make the paid-total check see no payments."""
    with connect(practice["url"]) as conn:
        charge = own_charge(conn, paid=True)
        refused = pytest.raises(psycopg.errors.CheckViolation, match="sum of its payments")
        with refused, conn.transaction():
            conn.execute("select set_config('sanctuary.therapist', 'nobody@x.example', true)")
            conn.execute(
                "update financial_records set amount_paid = 0, last_paid_at = null where id = %s",
                (charge["id"],),
            )
        after = conn.execute(
            "select amount_paid from financial_records where id = %s", (charge["id"],)
        ).fetchone()
    assert after["amount_paid"] == charge["amount_paid"]


def test_clinician_naming_a_colleague_still_pays_their_own_charge(practice):
    with connect(practice["url"]) as conn:
        charge = own_charge(conn, paid=False)
        with conn.transaction():
            conn.execute("select set_config('sanctuary.therapist', %s, true)", (OTHER_EMAIL,))
            conn.execute(
                "insert into payments (financial_record_id, amount) values (%s, 1)",
                (charge["id"],),
            )
        after = conn.execute(
            "select amount_paid from financial_records where id = %s", (charge["id"],)
        ).fetchone()
    assert after["amount_paid"] == charge["amount_paid"] + 1


def test_billing_payment_updates_the_paid_total(pg_cluster, practice):
    with pg_cluster.admin(practice["dbname"]) as admin:
        role = billing_login(admin)
    with connect(pg_cluster.url(practice["dbname"], user=role)) as conn:
        charge = own_charge(conn, paid=False)
        conn.execute(
            "insert into payments (financial_record_id, amount) values (%s, 2)", (charge["id"],)
        )
        after = conn.execute(
            "select amount_paid from financial_records where id = %s", (charge["id"],)
        ).fetchone()
    assert after["amount_paid"] == charge["amount_paid"] + 2
