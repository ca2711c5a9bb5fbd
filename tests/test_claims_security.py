"""Claims are audited and follow the charges' row-level security (docs/claims.md, "The daily
routine"; docs/security.md): who created, exported and imported is in the audit log, and a
clinician, in plain SQL as their own login role, can neither see nor claim a colleague's
charges.

The cast is tests/test_guarantees.py's: Dr. Sarah Johnson with her login role, her colleague
Dr. Olivia Other with a patient and a charge (security_helpers), a billing login, the owner.
"""

from __future__ import annotations

import json

import psycopg
import pytest
from claims_helpers import era, ok, session, set_up_billing
from security_helpers import SARAH_EMAIL, billing_login, connect, make_practice

REFUSED = (psycopg.errors.InsufficientPrivilege, psycopg.errors.IntegrityConstraintViolation)


def refused(conn: psycopg.Connection, query: str, **params) -> None:
    with pytest.raises(REFUSED), conn.transaction():
        conn.execute(query, params)


@pytest.fixture
def practice(pg_cluster, demo_db_url, demo_db):
    """Dr. Other's charge on a claim of hers, written as the cluster superuser."""
    made = make_practice(pg_cluster, demo_db_url, demo_db)
    other = made["other"]
    with pg_cluster.admin(made["dbname"]) as admin:
        payer = admin.execute(
            "insert into payers (name, payer_id) values ('Cigna', '62308') returning id"
        ).fetchone()[0]
        with admin.transaction():
            claim = admin.execute(
                "insert into claims (control_number, patient_id, therapist_id, payer_id,"
                " service_from, service_to, total_charge, diagnoses, place_of_service)"
                " values ('SC99000001', %s, %s, %s, current_date, current_date, 150,"
                " '{F41.1}', '11') returning id::text",
                (other["patient"], other["therapist"], payer),
            ).fetchone()[0]
            admin.execute(
                "insert into claim_lines (claim_id, line_number, financial_record_id, cpt_code,"
                " charge, service_date, place_of_service, pointers)"
                " values (%s, 1, %s, '90834', 150, current_date, '11', '{1}')",
                (claim, other["charge"]),
            )
            admin.execute(
                "insert into claim_events (claim_id, patient_id, therapist_id, kind, status)"
                " values (%s, %s, %s, 'created', 'ready')",
                (claim, other["patient"], other["therapist"]),
            )
    return {**made, "claim": claim, "payer": str(payer)}


@pytest.fixture
def sarah(practice):
    with connect(practice["url"]) as conn:
        yield conn


def test_a_clinician_sees_no_colleagues_claim(sarah, practice):
    for table, key in (("claims", "id"), ("claim_lines", "claim_id"),
                       ("claim_events", "claim_id")):  # fmt: skip
        rows = sarah.execute(
            f"select count(*) as n from {table} where {key} = %(c)s", {"c": practice["claim"]}
        ).fetchone()
        assert rows["n"] == 0, table
    updated = sarah.execute(
        "update claims set status = 'void' where id = %(c)s", {"c": practice["claim"]}
    )
    assert updated.rowcount == 0


def test_a_clinician_cannot_claim_a_colleagues_charge(sarah, practice):
    other = practice["other"]
    params = {"patient": other["patient"], "therapist": other["therapist"],
              "me": practice["sarah_id"], "payer": practice["payer"],
              "charge": other["charge"]}  # fmt: skip
    insert_claim = (
        "insert into claims (control_number, patient_id, therapist_id, payer_id, service_from,"
        " service_to, total_charge, diagnoses, place_of_service) values ({number},"
        " %(patient)s, {who}, %(payer)s, current_date, current_date, 150, '{{F41.1}}', '11')"
    )
    # In her own name or her colleague's, about his patient.
    refused(sarah, insert_claim.format(number="'SC99000002'", who="%(me)s"), **params)
    refused(sarah, insert_claim.format(number="'SC99000003'", who="%(therapist)s"), **params)
    # Her own claim of her own patient cannot take his charge as a line: the line itself is
    # refused (not the claim's total, at commit).
    amelia = sarah.execute("select id from patients where full_name = 'Amelia Chen'").fetchone()
    with sarah.transaction():
        own = sarah.execute(
            insert_claim.format(number="'SC99000004'", who="%(me)s").replace(
                "%(patient)s", "%(amelia)s"
            )
            + " returning id",
            {**params, "amelia": amelia["id"]},
        ).fetchone()
        with (
            pytest.raises(psycopg.errors.CheckViolation, match="own patient and clinician"),
            sarah.transaction(),  # a savepoint
        ):
            sarah.execute(
                "insert into claim_lines (claim_id, line_number, financial_record_id, cpt_code,"
                " charge, service_date, place_of_service, pointers) values (%(claim)s, 1,"
                " %(charge)s, '90834', 150, current_date, '11', '{1}')",
                {"claim": own["id"], "charge": other["charge"]},
            )
        raise psycopg.Rollback()
    refused(
        sarah,
        "insert into claim_events (claim_id, patient_id, therapist_id, kind, status)"
        " values (%(claim)s, %(patient)s, %(me)s, 'voided', 'void')",
        **params,
        claim=practice["claim"],
    )


def test_billing_staff_see_every_clinicians_claims(pg_cluster, practice):
    with pg_cluster.admin(practice["dbname"]) as admin:
        role = billing_login(admin)
    with connect(pg_cluster.url(practice["dbname"], user=role)) as biller:
        (row,) = biller.execute(
            "select control_number from claims where id = %(c)s", {"c": practice["claim"]}
        ).fetchall()
        assert row["control_number"] == "SC99000001"


def audit_since(cli, seq: int) -> list[dict]:
    entries = json.loads(ok(cli("audit", "list", "--json", "--limit", "1000")))
    return [e for e in entries if e["seq"] > seq]


def last_seq(cli) -> int:
    rows = json.loads(ok(cli("audit", "list", "--json", "--limit", "1")))
    return rows[0]["seq"] if rows else 0


def kinds(entries: list[dict]) -> set[tuple[str, str]]:
    return {(e["action"], e["table_name"]) for e in entries}


def test_who_created_exported_and_imported_a_claim_is_audited(cli, demo_db_url, tmp_path):
    set_up_billing(cli)
    held = session(cli, "Amelia", 45)
    day = str(held["day"])

    seq = last_seq(cli)
    (made,) = json.loads(ok(cli("claims", "create", "Amelia", "--from", day, "--to", day,
                                "--json")))  # fmt: skip
    created = audit_since(cli, seq)
    assert {("INSERT", "claims"), ("INSERT", "claim_lines"), ("INSERT", "claim_events")} <= kinds(
        created
    )
    (claim_entry,) = [e for e in created if e["table_name"] == "claims"]
    assert claim_entry["row_id"] == made["claim_id"]
    assert claim_entry["therapist_name"] == "Dr. Sarah Johnson"
    assert claim_entry["patient_name"] == "Amelia Chen"

    seq = last_seq(cli)
    ok(cli("claims", "export", "-o", str(tmp_path / "claims.837")))
    exported = audit_since(cli, seq)
    assert {("INSERT", "claim_batches"), ("UPDATE", "claims"),
            ("EXPORT", "financial_records")} <= kinds(exported)  # fmt: skip
    (update,) = [e for e in exported if e["table_name"] == "claims"]
    assert "status" in update["changed_columns"].split()
    assert update["therapist_name"] == "Dr. Sarah Johnson"

    seq = last_seq(cli)
    paid = era([{"control_number": made["control_number"], "lines": [
        ("90834", held["day"], "150", "100", [("CO", "45", "20"), ("PR", "2", "30")]),
    ]}])  # fmt: skip
    (tmp_path / "era.835").write_text(paid)
    ok(cli("claims", "import", str(tmp_path / "era.835")))
    imported = audit_since(cli, seq)
    assert {("INSERT", "remittances"), ("INSERT", "remittance_lines"), ("INSERT", "payments"),
            ("INSERT", "charge_adjustments"), ("UPDATE", "claims")} <= kinds(imported)  # fmt: skip
    assert {e["therapist_name"] for e in imported if e["table_name"] == "payments"} == {
        "Dr. Sarah Johnson"
    }


def test_a_clinician_login_makes_sends_and_posts_her_own_claims(
    cli, practice, tmp_path, monkeypatch
):
    """The grants a login needs for the whole routine, and only her claims in her listing."""
    monkeypatch.setenv("SANCTUARY_THERAPIST", SARAH_EMAIL)  # the owner, acting for her
    set_up_billing(cli)
    held = session(cli, "Amelia", 45)
    day = str(held["day"])
    as_sarah = {"SANCTUARY_DATABASE_URL": practice["url"]}

    def sarah_cli(*args: str) -> str:
        return ok(cli(*args, env=as_sarah))

    (made,) = json.loads(sarah_cli("claims", "create", "Amelia", "--from", day, "--to", day,
                                   "--json"))  # fmt: skip
    sarah_cli("claims", "export", "-o", str(tmp_path / "claims.837"))
    paid = era([{"control_number": made["control_number"], "lines": [
        ("90834", held["day"], "150", "100", [("CO", "45", "20"), ("PR", "2", "30")]),
    ]}])  # fmt: skip
    (tmp_path / "era.835").write_text(paid)
    assert f"{made['control_number']}: paid" in sarah_cli("claims", "import",
                                                          str(tmp_path / "era.835"))  # fmt: skip
    listed = json.loads(sarah_cli("claims", "list", "--all-therapists", "--json"))
    assert [c["control_number"] for c in listed] == [made["control_number"]]
    stranger = cli("claims", "show", "SC99000001", env=as_sarah)
    assert stranger.exit_code == 1 and "No claim" in stranger.stderr
    everyone = json.loads(ok(cli("claims", "list", "--all-therapists", "--json")))
    assert {c["control_number"] for c in everyone} == {made["control_number"], "SC99000001"}
