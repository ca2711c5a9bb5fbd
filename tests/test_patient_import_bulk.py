"""`patients import` loads a file in one statement (practice/patient_import.py): COPY into a
temporary table for the owner, one JSON parameter for a clinician login; every row still gets
its audit entry in one intact chain (migration 0125), and a refused row still names its line."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta

import psycopg
import pytest
from security_helpers import dbname_of, make_practice

from sanctuary_cli.practice import duplicates

HEADER = ["first_name", "last_name", "email", "date_of_birth", "insurance_provider",
          "coverage_percent", "diagnosis_codes", "fee_exempt"]  # fmt: skip


def write_rows(path, count: int, *, bad: dict[int, str] | None = None) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i in range(count):
            born = (bad or {}).get(i) or (date(1970, 1, 1) + timedelta(days=i)).isoformat()
            out.writerow(
                ["Zoë" if i % 2 else "Ana", f"Núñez-{i}", f"p{i}@bulk.example", born,
                 "Aetna" if i % 3 else "", "80" if i % 3 else "", "F41.1;F32.0", "no"]
            )  # fmt: skip


def audit_state(pg_cluster, url: str) -> dict:
    with pg_cluster.admin(dbname_of(url)) as conn:
        return {
            "entries": conn.execute("select count(*) from audit_log").fetchone()[0],
            "inserted": conn.execute(
                "select count(*) from audit_log a join patients p on p.id::text = a.row_id"
                " where a.table_name = 'patients' and a.action = 'INSERT'"
                " and a.patient_id = p.id"
            ).fetchone()[0],
            "head": conn.execute("select last_seq from audit_chain_head").fetchone()[0],
            "last": conn.execute("select max(seq) from audit_log").fetchone()[0],
            "patients": conn.execute("select count(*) from patients").fetchone()[0],
        }


def test_a_bulk_import_audits_every_row_and_the_chain_verifies(
    cli, demo_db_url, pg_cluster, tmp_path
):
    path = tmp_path / "many.csv"
    write_rows(path, 600)
    before = audit_state(pg_cluster, demo_db_url)
    result = cli("patients", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "Imported 600 patient(s)"
    after = audit_state(pg_cluster, demo_db_url)
    assert after["patients"] == before["patients"] + 600
    assert after["inserted"] == before["inserted"] + 600  # one entry naming each new patient
    assert after["head"] == after["last"] == before["head"] + 600
    verified = cli("audit", "verify")
    assert verified.exit_code == 0 and "intact" in verified.stdout, verified.stderr
    with pg_cluster.admin(dbname_of(demo_db_url)) as conn:
        codes = conn.execute(
            "select diagnosis_codes, coverage_percent::text, fee_exempt from patients"
            " where email = 'p1@bulk.example'"
        ).fetchone()
    assert codes == (["F41.1", "F32.0"], "80.00", False)


def test_a_clinician_login_imports_in_one_statement_too(
    cli, pg_cluster, demo_db_url, demo_db, tmp_path
):
    """A clinician login may not make temporary tables (CONNECT only): the rows go as one
    JSON parameter instead, with the same result."""
    practice = make_practice(pg_cluster, demo_db_url, demo_db)
    with pg_cluster.admin(practice["dbname"]) as admin:  # as the embedded server's bootstrap
        admin.execute(f'revoke temporary on database "{practice["dbname"]}" from public')
        may = "select has_database_privilege(%s, current_database(), 'TEMP')"
        assert admin.execute(may, (practice["role"],)).fetchone() == (False,)
    path = tmp_path / "mine.csv"
    write_rows(path, 250)
    before = audit_state(pg_cluster, demo_db_url)
    done = cli("patients", "import", str(path), env={"SANCTUARY_DATABASE_URL": practice["url"]})
    assert done.exit_code == 0, done.stderr
    after = audit_state(pg_cluster, demo_db_url)
    assert after["patients"] == before["patients"] + 250
    assert after["head"] == after["last"] == before["head"] + 250
    with pg_cluster.admin(dbname_of(demo_db_url)) as conn:
        owners = conn.execute(
            "select distinct p.therapist_id::text, a.actor::text from patients p"
            " join audit_log a on a.row_id = p.id::text where p.email like '%@bulk.example'"
        ).fetchall()
    assert owners == [(practice["sarah_id"], practice["role"])]


def test_rows_the_database_refuses_are_each_named_and_nothing_is_stored(
    cli, demo_db_url, pg_cluster, tmp_path
):
    path = tmp_path / "old.csv"
    write_rows(path, 300, bad={1: "1899-12-31", 250: "1850-01-01"})
    before = audit_state(pg_cluster, demo_db_url)
    result = cli("patients", "import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("line 3: rejected by the database")
    assert lines[1].startswith("line 252: rejected by the database")
    assert lines[-1] == "Error: 2 row(s) are invalid; nothing was imported"
    assert audit_state(pg_cluster, demo_db_url) == before


def test_the_head_moves_only_along_entries_that_link(demo_db_url, pg_cluster):
    """Several steps at once, as a bulk insert moves it, but never onto entries that do not
    follow from the head."""
    with pg_cluster.admin(dbname_of(demo_db_url)) as conn:
        seq, digest = conn.execute("select last_seq, last_hash from audit_chain_head").fetchone()
        conn.execute("set session_replication_role = replica")
        for n in (1, 2):  # two entries that do not link to the head
            conn.execute(
                "insert into audit_log (seq, occurred_at, actor, action, table_name,"
                " prev_hash, hash) values (%s, now(), 'x', 'READ', 'patients', %s, %s)",
                (seq + n, "f" * 64, str(n) * 64),
            )
        conn.execute("set session_replication_role = origin")
        with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
            conn.execute(
                "update audit_chain_head set last_seq = %s, last_hash = %s", (seq + 2, "2" * 64)
            )
        assert conn.execute("select last_seq from audit_chain_head").fetchone()[0] == seq
        assert digest


def pairwise_within(people):
    """duplicates.within as it was: every row against every earlier row."""
    found = []
    for index, person in enumerate(people):
        for earlier in range(index):
            reason = duplicates.duplicate_reason(person, people[earlier])
            if reason:
                found.append((index, earlier, reason))
                break
    return found


def test_duplicates_by_key_are_the_pairwise_ones():
    rng = random.Random(7)
    names = ["José Díaz", "jose  DIAZ", "Ann Lee", "ann lee", "Bo Wu"]
    people = []
    for _ in range(400):
        first, last = rng.choice(names).split(maxsplit=1)
        people.append(
            {
                "first_name": first,
                "last_name": last,
                "date_of_birth": rng.choice([None, date(1990, 1, 1), date(1991, 2, 2)]),
                "email": rng.choice([None, "", "a@x.example", "A@X.example ", "b@x.example"]),
            }
        )
    assert duplicates.within(people) == pairwise_within(people)
