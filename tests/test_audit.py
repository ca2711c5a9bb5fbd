"""The audit log: changes and reads recorded without PHI, append-only, hash chain verified."""

from __future__ import annotations

import json
import threading

import psycopg
import pytest
from security_helpers import SARAH_EMAIL, add_other_practice, dbname_of

from sanctuary_cli.practice.audit import record_read
from sanctuary_cli.practice.logins import create_login_role, generate_password

AMELIA = "select id from patients where full_name = 'Amelia Chen'"


def scalar(db, query, *params):
    with db.transaction() as cur:
        cur.execute(query, params)
        row = cur.fetchone()
    return None if row is None else next(iter(row.values()))


def entries(cli, *args):
    result = cli("audit", "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def tamper(pg_cluster, url, statement, *params):
    """Change the log as someone with raw superuser access, triggers switched off."""
    with pg_cluster.admin(dbname_of(url)) as admin, admin.transaction():
        admin.execute("set local session_replication_role = replica")
        admin.execute(statement, params)


def test_a_change_is_recorded_with_column_names_but_not_values(cli, demo_db):
    with demo_db.transaction() as cur:
        cur.execute(f"update patients set phone = '+1 555 867 5309' where id = ({AMELIA})")
    latest = entries(cli, "--patient", "Amelia", "--limit", "1")[0]
    assert latest["action"] == "UPDATE"
    assert latest["table_name"] == "patients"
    assert latest["changed_columns"] == "phone"
    assert latest["actor"] == "sanctuary_owner"
    assert "867 5309" not in json.dumps(entries(cli))


def test_a_note_read_is_recorded_with_who_and_which_note(cli, demo_db):
    note_id, patient_id = (
        scalar(demo_db, f"select id from session_notes where patient_id = ({AMELIA}) limit 1"),
        scalar(demo_db, AMELIA),
    )
    record_read(demo_db, "session_notes", note_id, patient_id)
    latest = entries(cli, "--limit", "1")[0]
    assert (latest["action"], latest["table_name"], latest["row_id"]) == (
        "READ",
        "session_notes",
        str(note_id),
    )
    assert latest["patient_name"] == "Amelia Chen"
    assert latest["therapist_name"] == "Dr. Sarah Johnson"  # the only clinician acted


def test_the_acting_clinician_is_recorded(cli, demo_db):
    result = cli("--therapist", SARAH_EMAIL, "mood", "add", "Amelia", "7")
    assert result.exit_code == 0, result.stderr
    latest = entries(cli, "--limit", "1")[0]
    assert (latest["action"], latest["table_name"]) == ("INSERT", "mood_entries")
    assert latest["therapist_name"] == "Dr. Sarah Johnson"


def test_delete_update_and_truncate_are_refused_even_for_the_owner(demo_db):
    for statement in [
        "delete from audit_log",
        "update audit_log set actor = 'x'",
        "truncate audit_log",
    ]:
        with pytest.raises(psycopg.errors.InsufficientPrivilege), demo_db.transaction() as cur:
            cur.execute(statement)
    # The owner can grant itself the privilege back; the trigger still refuses.
    with demo_db.transaction() as cur:
        cur.execute("grant delete, truncate on audit_log to current_user")
    for statement in ["delete from audit_log", "truncate audit_log"]:
        refused = pytest.raises(psycopg.errors.InsufficientPrivilege)
        with refused, demo_db.transaction() as cur:
            cur.execute(statement)
        assert "append-only" in str(refused.excinfo.value)
    assert scalar(demo_db, "select count(*) from audit_log") > 0


def test_a_clinician_login_cannot_write_the_log_directly(pg_cluster, demo_db_url, demo_db):
    sarah = scalar(demo_db, "select id from therapists")
    password = generate_password()
    role = create_login_role(demo_db, sarah, password)
    url = pg_cluster.url(dbname_of(demo_db_url), user=role, password=password)
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in [
            "insert into audit_log (action, table_name, prev_hash, hash)"
            " values ('READ', 'x', '', '')",
            "delete from audit_log",
            "update audit_chain_head set last_seq = 0",
        ]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        # What the CLI does when it shows one of her notes: allowed, attributed to the login.
        note = conn.execute("select id::text from session_notes limit 1").fetchone()[0]
        conn.execute("select sanctuary_record_read('session_notes', %s, null)", (note,))
        actor = conn.execute("select actor from audit_log order by seq desc limit 1").fetchone()
    assert actor == (role,)


def test_verify_reports_an_intact_chain(cli, demo_db):
    result = cli("audit", "verify")
    assert result.exit_code == 0, result.stderr
    count = scalar(demo_db, "select count(*) from audit_log")
    assert count > 10
    assert f"intact: {count} entries" in result.stdout


def test_verify_finds_a_removed_entry(cli, pg_cluster, demo_db_url):
    tamper(pg_cluster, demo_db_url, "delete from audit_log where seq = 3")
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "entry 3 is missing" in result.stderr


def test_verify_finds_an_altered_entry(cli, pg_cluster, demo_db_url):
    tamper(pg_cluster, demo_db_url, "update audit_log set actor = 'innocent' where seq = 5")
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "entry 5 was altered" in result.stderr


def test_verify_finds_an_entry_replaced_with_a_recomputed_hash(cli, pg_cluster, demo_db_url):
    tamper(
        pg_cluster,
        demo_db_url,
        "update audit_log set actor = 'innocent', hash = audit_entry_hash(seq, occurred_at,"
        " 'innocent', therapist_id, action, table_name, row_id, patient_id, changed_columns,"
        " prev_hash) where seq = 4",
    )
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "entry 5 does not link to entry 4" in result.stderr


def test_verify_finds_entries_cut_from_the_end(cli, pg_cluster, demo_db_url, demo_db):
    last = scalar(demo_db, "select max(seq) from audit_log")
    tamper(pg_cluster, demo_db_url, "delete from audit_log where seq = %s", last)
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert f"ends at entry {last - 1} but {last} were written" in result.stderr


def test_concurrent_writers_keep_one_unbroken_chain(cli, demo_db_url, demo_db):
    before = scalar(demo_db, "select max(seq) from audit_log")
    patient = scalar(demo_db, AMELIA)
    errors = []

    def write(n: int) -> None:
        try:
            with psycopg.connect(demo_db_url, autocommit=True) as conn:
                for _ in range(5):
                    with conn.transaction():
                        conn.execute(
                            "insert into mood_entries (patient_id, rating) values (%s, %s)",
                            (patient, n + 1),
                        )
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert scalar(demo_db, "select max(seq) from audit_log") == before + 40
    result = cli("audit", "verify")
    assert result.exit_code == 0, result.stderr


def test_list_filters_by_patient_and_since(cli, demo_db):
    amelia = entries(cli, "--patient", "Amelia Chen")
    assert amelia and {row["patient_name"] for row in amelia} == {"Amelia Chen"}
    assert entries(cli, "--since", "tomorrow") == []
    assert len(entries(cli, "--since", "today", "--limit", "3")) == 3
    bad = cli("audit", "list", "--since", "2026-02-30")
    assert bad.exit_code == 1 and bad.stderr.count("\n") == 1


def test_list_since_takes_the_when_words(cli, demo_db):
    assert cli("patients", "show", "Amelia").exit_code == 0
    since_yesterday = entries(cli, "--since", "yesterday", "--limit", "100000")
    since_today = entries(cli, "--since", "today", "--limit", "100000")
    assert since_today and len(since_yesterday) >= len(since_today)
    assert since_yesterday[0]["seq"] == since_today[0]["seq"]  # the read just made
    assert entries(cli, "--since", "next mon") == []
    bad = cli("audit", "list", "--since", "someday")
    assert bad.exit_code == 1 and bad.stderr.count("\n") == 1
    assert "--since" in bad.stderr


def test_list_csv_has_stable_columns(cli, demo_db):
    result = cli("audit", "list", "--csv", "--limit", "2")
    assert result.stdout.splitlines()[0] == (
        "seq,occurred_at,actor,therapist_name,action,table_name,row_id,patient_name,changed_columns"
    )


def test_notes_show_records_a_read_of_that_note(cli, demo_db):
    note_id = scalar(demo_db, f"select id from session_notes where patient_id = ({AMELIA}) limit 1")
    shown = cli("notes", "show", str(note_id)[:8])
    assert shown.exit_code == 0, shown.stderr
    latest = entries(cli, "--limit", "1")[0]
    assert (latest["action"], latest["table_name"], latest["row_id"]) == (
        "READ",
        "session_notes",
        str(note_id),
    )
    assert latest["patient_name"] == "Amelia Chen"
    assert latest["therapist_name"] == "Dr. Sarah Johnson"  # the only clinician acted


def test_a_clinician_login_lists_only_entries_about_their_patients(
    run_cli, pg_cluster, demo_db_url, demo_db
):
    with pg_cluster.admin(dbname_of(demo_db_url)) as admin:
        other = add_other_practice(admin)
    sarah = scalar(demo_db, "select id from therapists where email = %s", SARAH_EMAIL)
    password = generate_password()
    role = create_login_role(demo_db, sarah, password)
    env = {"SANCTUARY_DATABASE_URL": pg_cluster.url(dbname_of(demo_db_url), user=role)}
    listed = run_cli("audit", "list", "--json", "--limit", "100000", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert rows and other["patient"] not in listed.stdout
    assert {row["patient_name"] for row in rows} <= {
        "Amelia Chen",
        "Benjamin Carter",
        "Chloe Davis",
        None,
    }
    # Verifying walks the whole chain, including entries the clinician may not read.
    verified = run_cli("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stderr
    total = scalar(demo_db, "select count(*) from audit_log")
    assert f"intact: {total} entries" in verified.stdout


def test_patients_show_and_export_are_recorded(cli, demo_db):
    amelia = str(scalar(demo_db, AMELIA))
    assert cli("patients", "show", "Amelia").exit_code == 0
    latest = entries(cli, "--limit", "1")[0]
    assert (latest["action"], latest["table_name"], latest["row_id"]) == (
        "READ",
        "patients",
        amelia,
    )
    exported = cli("patients", "export", "--csv")
    assert exported.exit_code == 0, exported.stderr
    latest = entries(cli, "--limit", "1")[0]
    assert (latest["action"], latest["table_name"]) == ("EXPORT", "patients")


def test_calendar_and_superbill_exports_are_recorded(demo_db_url, cli, tmp_path):
    assert cli("appointments", "export", "--ics", str(tmp_path / "cal.ics")).exit_code == 0
    result = cli(
        "billing", "superbill", "amelia", "--from", "2020-01-01", "--to", "2030-12-31",
        "-o", str(tmp_path / "bill.pdf"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    exports = [e for e in entries(cli) if e["action"] == "EXPORT"]
    assert {e["table_name"] for e in exports} >= {"appointments", "financial_records"}


def test_a_note_edit_lists_its_content_not_the_derived_search_vector(demo_db):
    with demo_db.transaction() as cur:
        cur.execute("select id from session_notes where signed_at is null order by id limit 1")
        note = cur.fetchone()["id"]
        cur.execute(
            'update session_notes set content = content || \'{"plan": "walk daily"}\''
            " where id = %s",
            (note,),
        )
        cur.execute("select table_name, changed_columns from audit_log order by seq desc limit 1")
        latest = cur.fetchone()
    assert latest["table_name"] == "session_notes"
    assert list(latest["changed_columns"]) == ["content"]
