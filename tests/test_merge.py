"""`patients merge KEEP OTHER` (docs/SPEC.md section 7): everything of OTHER moves onto KEEP in
one transaction, signed records included, audited, and OTHER is discharged as merged."""

from __future__ import annotations

import json

import psycopg
import pytest
from psycopg.rows import dict_row
from security_helpers import make_practice

from sanctuary_cli.store.db import named_query


def references_to(db, patient_id) -> dict[str, int]:
    """Rows of every table with a foreign key to patients that point at the patient, but the
    merge's own record of itself (patient_merges, patients.merged_into)."""
    with db.transaction(whole_practice=True) as cur:
        cur.execute(
            "select c.conrelid::regclass::text as tbl, a.attname as col"
            "  from pg_constraint c"
            "  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]"
            " where c.contype = 'f' and c.confrelid = 'patients'::regclass"
            "   and c.conrelid <> 'patient_merges'::regclass and a.attname <> 'merged_into'"
        )
        found = {}
        for fk in cur.fetchall():
            cur.execute(
                f"select count(*) as n from {fk['tbl']} where {fk['col']} = %s", (patient_id,)
            )
            if n := cur.fetchone()["n"]:
                found[f"{fk['tbl']}.{fk['col']}"] = n
    return found


def one(db, query: str, *params):
    with db.transaction(whole_practice=True) as cur:
        cur.execute(query, params)
        return cur.fetchone()


@pytest.fixture
def duplicate(cli, demo_db):
    """Benjamin Carter entered a second time, with none of the first record's history; the
    first record gets a measure and a risk resolution too, so every kind of row moves."""
    assert (
        cli("measures", "add", "Benjamin", "phq9", "--answers", "1,1,1,1,1,1,1,1,0").exit_code == 0
    )
    assert cli("patients", "resolve-risk", "Benjamin", "--reason", "Seen twice").exit_code == 0
    added = cli(
        "patients", "add", "--first", "Ben", "--last", "Carter", "--dob", "1985-09-03", "--json"
    )
    assert added.exit_code == 0, added.stderr
    keep = json.loads(added.stdout)[0]["patient_id"]
    other = one(demo_db, "select id::text from patients where first_name = 'Benjamin'")["id"]
    return keep, other


def test_merge_moves_every_row_and_discharges_the_duplicate(cli, demo_db, duplicate):
    keep, other = duplicate
    before = references_to(demo_db, other)
    kinds = {"appointments", "session_notes", "mood_entries", "progress_entries",
             "financial_records", "measure_administrations", "risk_resolutions"}  # fmt: skip
    assert {f"{kind}.patient_id" for kind in kinds} <= set(before)
    note = one(
        demo_db,
        "select * from session_notes where patient_id = %s and signed_at is not null",
        other,
    )
    merged = cli("patients", "merge", keep[:8], other)
    assert merged.exit_code == 0, merged.stderr
    assert merged.stdout.startswith(f"Merged Benjamin Carter ({other[:8]}) into Ben Carter")
    assert "appointments 3" in merged.stdout and "session_notes 1" in merged.stdout
    assert references_to(demo_db, other) == {}
    assert references_to(demo_db, keep) == before
    gone = one(
        demo_db,
        "select status::text, merged_into::text, discharged_at from patients where id = %s",
        other,
    )
    assert gone["status"] == "Inactive" and gone["merged_into"] == keep and gone["discharged_at"]
    # The signed note moved and nothing else of it changed.
    moved = one(demo_db, "select * from session_notes where id = %s", note["id"])
    assert str(moved["patient_id"]) == keep
    assert {k: v for k, v in moved.items() if k not in ("patient_id", "updated_at")} == {
        k: v for k, v in note.items() if k not in ("patient_id", "updated_at")
    }
    counted = one(demo_db, "select session_count from patients where id = %s", keep)
    assert counted["session_count"] == 2
    assert cli("audit", "verify").exit_code == 0


def test_the_merge_is_in_both_audit_trails(cli, demo_db, duplicate):
    keep, other = duplicate
    assert cli("patients", "merge", keep, other).exit_code == 0
    kept = json.loads(cli("audit", "list", "--patient", keep, "--json").stdout)
    assert ("INSERT", "patient_merges") in {(e["action"], e["table_name"]) for e in kept}
    assert any(e["table_name"] == "session_notes" and e["action"] == "UPDATE" for e in kept)
    old = json.loads(cli("audit", "list", "--patient", other, "--json").stdout)
    assert any(
        e["table_name"] == "patients" and "merged_into" in str(e.get("changed_columns"))
        for e in old
    ), old
    record = one(demo_db, "select * from patient_merges where merged_patient_id = %s", other)
    assert str(record["patient_id"]) == keep and record["moved"]["mood_entries"] == 5


def test_after_a_merge_the_name_means_the_active_record(cli, demo_db, duplicate):
    keep, other = duplicate
    cli("patients", "edit", keep, "--first", "Benjamin")
    cli("patients", "merge", keep, other)
    shown = cli("patients", "show", "benjamin carter", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["patient"]["id"] == keep
    refused = cli("patients", "edit", other, "--phone", "1")
    assert refused.exit_code == 1 and "was merged into patient" in refused.stderr


def test_merge_names_exactly_two_records(cli, demo_db, duplicate):
    keep, other = duplicate
    cli("patients", "edit", keep, "--first", "Benjamin")
    # Both are Active and named alike: a merge never picks one for you.
    ambiguous = cli("patients", "merge", "benjamin carter", other)
    assert ambiguous.exit_code == 1 and "matches 2 patients" in ambiguous.stderr
    same = cli("patients", "merge", keep, keep[:8])
    assert same.exit_code == 1 and "both name" in same.stderr
    assert cli("patients", "merge", keep, other).exit_code == 0
    again = cli("patients", "merge", keep, other)
    assert again.exit_code == 1 and "already merged" in again.stderr


def test_merge_prints_the_row_with_format(cli, duplicate):
    keep, other = duplicate
    result = cli("patients", "merge", keep, other, "--json")
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)[0]
    assert row["patient_id"] == keep and row["merged_patient_id"] == other
    assert "risk_resolutions 1" in row["moved"]


def test_both_patients_must_be_the_acting_clinicians(cli, demo_db):
    cli("therapists", "add", "--first", "Sam", "--last", "Lee", "--email", "sam@x.example")
    sams = cli("--therapist", "sam@x.example", "patients", "add", "--first", "Amelia",
               "--last", "Chen", "--dob", "1992-04-12", "--json")  # fmt: skip
    sams_id = json.loads(sams.stdout)[0]["patient_id"]
    before = references_to(demo_db, sams_id)
    sarahs_id = one(demo_db, "select id::text from patients where id <> %s and"
                    " full_name = 'Amelia Chen'", sams_id)["id"]  # fmt: skip
    refused = cli("patients", "merge", sarahs_id, sams_id)  # Sarah, the default, acts
    assert refused.exit_code == 1 and "must be your own" in refused.stderr
    assert references_to(demo_db, sams_id) == before
    hidden = cli("--therapist", "sam@x.example", "patients", "merge", sams_id, "Benjamin")
    assert hidden.exit_code == 1 and "No patient matches" in hidden.stderr


def test_signed_records_stay_locked_outside_the_merging_transaction(demo_db, duplicate):
    keep, other = duplicate
    note = one(
        demo_db,
        "select id from session_notes where patient_id = %s and signed_at is not null",
        other,
    )
    conn = demo_db.conn
    # A merge row left by an earlier transaction unlocks nothing now.
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(
            "insert into patient_merges (patient_id, merged_patient_id, therapist_id)"
            " select %s, %s, therapist_id from patients where id = %s",
            (keep, other, keep),
        )
    for statement in (
        "update session_notes set patient_id = %s where id = %s",
        "update session_notes set patient_id = %s, mood_rating = 1 where id = %s",
    ):
        signed = pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="is signed")
        with signed, conn.transaction(), conn.cursor() as cur:
            cur.execute(statement, (keep, note["id"]))
    permanent = pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="permanent")
    with permanent, conn.transaction(), conn.cursor() as cur:
        cur.execute(
            "update risk_resolutions set patient_id = %s where patient_id = %s", (keep, other)
        )


def test_a_clinician_login_merges_its_own_patients_only(pg_cluster, demo_db_url, demo_db, run_cli):
    practice = make_practice(pg_cluster, demo_db_url, demo_db)
    env = {"SANCTUARY_DATABASE_URL": practice["url"]}
    added = run_cli("patients", "add", "--first", "Chloe", "--last", "Davis", "--dob",
                    "1998-01-22", "--allow-duplicate", "--json", env=env)  # fmt: skip
    assert added.returncode == 0, added.stderr
    keep = json.loads(added.stdout)[0]["patient_id"]
    other = one(
        demo_db, "select id::text from patients where first_name = 'Chloe' and id <> %s", keep
    )["id"]
    merged = run_cli("patients", "merge", keep, other, env=env)
    assert merged.returncode == 0, merged.stderr
    assert references_to(demo_db, other) == {}
    # Zed Other is Dr. Other's: the login can neither see nor merge him, even by id.
    refused = pytest.raises(psycopg.errors.InsufficientPrivilege, match="must be your own")
    with psycopg.connect(practice["url"], autocommit=True, row_factory=dict_row) as conn, refused:
        conn.execute(
            named_query("patients.merge"),
            {"keep": keep, "other": practice["other"]["patient"],
             "acting": practice["other"]["therapist"]},
        )  # fmt: skip
    assert references_to(demo_db, practice["other"]["patient"])


def test_merging_into_a_discharged_record_says_how_to_reactivate_it(cli, duplicate):
    keep, other = duplicate
    cli("patients", "discharge", keep)
    merged = cli("patients", "merge", keep, other)
    assert merged.exit_code == 0, merged.stderr
    assert f"reactivate with `sanctuary patients edit {keep[:8]} --status Active`" in (
        merged.stderr
    )
