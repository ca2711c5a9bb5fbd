"""What a clinician's login must not learn or keep through the claims routine (docs/security.md;
docs/claims.md, "The daily routine"): a colleague's charge balance through the write-off check,
a claim file holding colleagues' patients, and a remittance stored with nothing posted.

The cast is tests/test_claims_security.py's: Dr. Sarah Johnson with her login role, her
colleague Dr. Olivia Other with her patient Zed Other (security_helpers), and the owner.
"""

from __future__ import annotations

import json
import uuid

import psycopg
import pytest
from claims_helpers import era, ok, session, set_up_billing
from psycopg.rows import dict_row
from security_helpers import OTHER_EMAIL, SARAH_EMAIL, connect, make_practice


@pytest.fixture
def practice(pg_cluster, demo_db_url, demo_db):
    return make_practice(pg_cluster, demo_db_url, demo_db)


def write_off_error(conn: psycopg.Connection, charge: str) -> psycopg.Error:
    """The error of a raw write-off of 100000 on `charge` (its other keys made up: the row
    triggers run before the foreign keys and row-level security are checked)."""
    with pytest.raises(psycopg.Error) as refused:
        conn.execute(
            "insert into charge_adjustments (remittance_line_id, financial_record_id, claim_id,"
            " group_code, reason_code, amount, writes_off)"
            " values (%s, %s, %s, 'CO', '45', 100000, true)",
            (str(uuid.uuid4()), charge, str(uuid.uuid4())),
        )
    return refused.value


def test_the_write_off_check_tells_a_clinician_nothing_of_a_colleagues_charge(practice):
    with connect(practice["url"]) as sarah:
        colleagues = write_off_error(sarah, practice["other"]["charge"])
        random = write_off_error(sarah, str(uuid.uuid4()))
        # Her own charge's balance is hers to be told.
        (own,) = sarah.execute("select id::text from financial_records limit 1").fetchall()
        assert "still owed" in str(write_off_error(sarah, own["id"]))
    # One error, word for word, whether the charge is a colleague's or no charge at all.
    assert type(colleagues) is type(random) and str(colleagues) == str(random)
    assert "100" not in str(colleagues) and "owed" not in str(colleagues)


def billable_zed(cli, monkeypatch) -> dict:
    """Dr. Other's patient Zed insured and seen, a claim of hers ready (as the owner for her)."""
    ok(cli("therapists", "edit", OTHER_EMAIL, "--npi", "1234567893", "--taxonomy", "103T00000X"))
    ok(cli("patients", "edit", "Zed", "--payer", "Aetna", "--relationship", "self", "--sex", "M",
           "--dob", "1980-04-02", "--member-id", "W987654321", "--address", "9 Elm St",
           "--city", "New York", "--state", "NY", "--zip", "10003", "--diagnosis", "F41.1",
           env={"SANCTUARY_THERAPIST": OTHER_EMAIL}))  # fmt: skip
    monkeypatch.setenv("SANCTUARY_THERAPIST", OTHER_EMAIL)
    held = session(cli, "Zed", 40)
    day = str(held["day"])
    (made,) = json.loads(ok(cli("claims", "create", "Zed", "--from", day, "--to", day, "--json")))
    monkeypatch.setenv("SANCTUARY_THERAPIST", SARAH_EMAIL)
    return made


def test_a_claim_file_of_several_clinicians_is_no_clinicians(
    cli, practice, demo_db_url, tmp_path, monkeypatch
):
    monkeypatch.setenv("SANCTUARY_THERAPIST", SARAH_EMAIL)
    set_up_billing(cli)
    held = session(cli, "Amelia", 45)
    day = str(held["day"])
    ok(cli("claims", "create", "Amelia", "--from", day, "--to", day))
    zed = billable_zed(cli, monkeypatch)
    ok(cli("claims", "export", "--all-therapists", "-o", str(tmp_path / "all.837")))
    with connect(practice["url"]) as sarah:
        assert sarah.execute("select count(*) as n from claim_batches").fetchone()["n"] == 0
    with psycopg.connect(demo_db_url, row_factory=dict_row) as owner:
        (batch,) = owner.execute(
            "select b.therapist_id, b.interchange_control_number as n,"
            " array(select c.control_number from claims c where c.batch_id = b.id) as claims"
            " from claim_batches b"
        ).fetchall()
    assert batch["therapist_id"] is None and zed["control_number"] in batch["claims"]
    assert len(batch["claims"]) == 2
    again = cli("claims", "export", "--batch", str(batch["n"]), "-o", str(tmp_path / "mine.837"),
                env={"SANCTUARY_DATABASE_URL": practice["url"]})  # fmt: skip
    assert again.exit_code == 1 and "No claim file" in again.stderr
    assert not (tmp_path / "mine.837").exists()


def test_a_clinicians_batch_holds_only_her_claims(
    cli, practice, demo_db_url, tmp_path, monkeypatch
):
    """The database itself refuses a claim into another clinician's batch."""
    monkeypatch.setenv("SANCTUARY_THERAPIST", SARAH_EMAIL)
    set_up_billing(cli)
    zed = billable_zed(cli, monkeypatch)
    held = session(cli, "Amelia", 45)
    day = str(held["day"])
    ok(cli("claims", "create", "Amelia", "--from", day, "--to", day))
    ok(cli("claims", "export", "-o", str(tmp_path / "sarah.837")))
    with psycopg.connect(demo_db_url, row_factory=dict_row) as owner:
        (batch,) = owner.execute("select id, therapist_id::text from claim_batches").fetchall()
        assert batch["therapist_id"] == practice["sarah_id"]
        with pytest.raises(psycopg.errors.CheckViolation, match="clinician"):
            owner.execute(
                "update claims set batch_id = %s, transaction_set_number = '0099',"
                " submitted_at = now() where control_number = %s",
                (batch["id"], zed["control_number"]),
            )


def two_payments_one_trace(text: str) -> str:
    """The 835 with its transaction set twice (ST02 0001 and 0002) under one TRN."""
    segments = text.split("~")
    start = next(i for i, s in enumerate(segments) if s.startswith("ST*"))
    end = next(i for i, s in enumerate(segments) if s.startswith("SE*"))
    copy = [s.replace("*0001", "*0002") if s.startswith(("ST*", "SE*")) else s
            for s in segments[start : end + 1]]  # fmt: skip
    segments[end + 1 : end + 1] = copy
    segments = [s.replace("GE*1*", "GE*2*") if s.startswith("GE*") else s for s in segments]
    return "~".join(segments)


def test_a_trace_number_twice_in_one_835_is_refused_and_stores_nothing(cli, demo_db, tmp_path):
    set_up_billing(cli)
    held = session(cli, "Amelia", 45)
    day = str(held["day"])
    (made,) = json.loads(ok(cli("claims", "create", "Amelia", "--from", day, "--to", day,
                                "--json")))  # fmt: skip
    ok(cli("claims", "export", "-o", str(tmp_path / "claims.837")))
    paid = era([{"control_number": made["control_number"], "lines": [
        ("90834", held["day"], "150", "100", [("CO", "45", "20"), ("PR", "2", "30")]),
    ]}], trace="CHK4242")  # fmt: skip
    (tmp_path / "twice.835").write_text(two_payments_one_trace(paid))
    refused = cli("claims", "import", str(tmp_path / "twice.835"))
    assert refused.exit_code == 1, (refused.stdout, refused.stderr)
    (line,) = refused.stderr.strip().splitlines()
    assert "CHK4242" in line and "nothing imported" in line
    with demo_db.transaction(whole_practice=True) as cur:
        cur.execute("select count(*) as n from remittances")
        assert cur.fetchone()["n"] == 0
    (tmp_path / "era.835").write_text(paid)
    posted = ok(cli("claims", "import", str(tmp_path / "era.835")))
    assert f"{made['control_number']}: paid" in posted and "imported before" not in posted
