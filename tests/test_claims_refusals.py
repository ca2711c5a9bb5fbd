"""What keeps a claim from being made or a remittance from being posted: one line naming
every item, and nothing stored (docs/SPEC.md section 8)."""

from __future__ import annotations

import json

import pytest
from billing_helpers import execute, scalar
from claims_helpers import claims, era, ok, one_claim, session, set_up_billing

SARAH = "select id from therapists where email = 'sarah.johnson@sanctuary.example'"


@pytest.fixture
def ready(cli, demo_db_url):
    set_up_billing(cli)
    return session(cli, "Amelia", 45)


def refused(cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    return line


def counts(db) -> tuple:
    return tuple(
        scalar(db, f"select count(*) from {table}")
        for table in ("claims", "claim_lines", "remittances", "payments", "charge_adjustments")
    )


def test_a_bad_npi_is_named(cli, ready, demo_db):
    execute(demo_db, f"update therapists set npi = '1234567890' where id = ({SARAH})")
    line = refused(cli, "claims", "create", "Amelia")
    assert "billing NPI 1234567890 fails the NPI check digit" in line
    assert claims(cli) == []


def test_a_five_digit_billing_zip_is_named(cli, ready):
    ok(cli("practice", "edit", "--zip", "10013"))
    line = refused(cli, "claims", "create", "Amelia")
    assert "billing ZIP must have 9 digits (ZIP+4)" in line


def test_an_unsigned_note_is_named(cli, ready):
    unsigned = session(cli, "Amelia", 40, sign=False)
    line = refused(cli, "claims", "create", "Amelia")
    assert f"charge of {unsigned['day']} (90834): the session note is not signed" in line
    assert claims(cli) == []


def test_a_malformed_icd10_code_is_named(cli, ready, demo_db):
    execute(
        demo_db,
        "update financial_records set icd10_codes = '{F4.11}' where id = %(id)s",
        id=ready["charge_id"],
    )
    line = refused(cli, "claims", "create", "Amelia")
    assert "diagnosis 'F4.11' is not an ICD-10-CM code" in line


def test_every_problem_is_named_in_one_line(cli, ready, demo_db):
    execute(demo_db, f"update therapists set npi = '1234567890', taxonomy = null"
                     f" where id = ({SARAH})")  # fmt: skip
    execute(demo_db, "update patients set insurance_member_id = null where first_name = 'Amelia'")
    ok(cli("practice", "edit", "--zip", "10013", "--address", "PO Box 12"))
    session(cli, "Amelia", 40, sign=False)
    line = refused(cli, "claims", "create", "Amelia")
    for item in (
        "fails the NPI check digit", "billing taxonomy missing", "subscriber member id missing",
        "billing ZIP must have 9 digits", "billing address is a PO box",
        "the session note is not signed",
    ):  # fmt: skip
        assert item in line, item


def test_a_patient_without_a_policy_or_with_nothing_to_claim(cli, ready):
    assert "no primary insurance policy (patients edit REF --payer NAME)" in refused(
        cli, "claims", "create", "Chloe"
    )
    ok(cli("claims", "create", "Amelia"))
    assert "has no unclaimed insurance charge" in refused(cli, "claims", "create", "Amelia")


def test_a_charge_is_on_one_live_claim(cli, ready, demo_db):
    made = json.loads(ok(cli("claims", "create", "Amelia", "--json")))
    assert [row["lines"] for row in made] == [2]  # this session and the demo's unpaid one
    with pytest.raises(Exception, match="already on claim"):
        execute(
            demo_db,
            "insert into claim_lines (claim_id, line_number, financial_record_id, cpt_code,"
            " charge, service_date, place_of_service, pointers)"
            " select id, 9, %(charge)s, '90834', 150, current_date, '11', '{1}' from claims",
            charge=ready["charge_id"],
        )


def test_an_unbalanced_835_changes_nothing_and_says_why(cli, ready, demo_db, tmp_path):
    ok(cli("claims", "create", "Amelia", "--from", str(ready["day"]), "--to", str(ready["day"])))
    ok(cli("claims", "export", "-o", str(tmp_path / "out.837")))
    (number,) = [c["control_number"] for c in claims(cli)]
    before = counts(demo_db), one_claim(cli, number)
    bad = era([{"control_number": number, "lines": [
        ("90834", ready["day"], "150", "100", [("CO", "45", "20"), ("PR", "2", "25")]),
    ]}])  # fmt: skip
    (tmp_path / "bad.835").write_text(bad)
    line = refused(cli, "claims", "import", str(tmp_path / "bad.835"))
    assert "nothing imported" in line
    assert "150.00 charged less 100.00 paid is 50.00, but its adjustments total 45.00" in line
    assert (counts(demo_db), one_claim(cli, number)) == before


def test_an_835_naming_an_unknown_claim_is_refused_whole(cli, ready, demo_db, tmp_path):
    ok(cli("claims", "create", "Amelia", "--from", str(ready["day"]), "--to", str(ready["day"])))
    ok(cli("claims", "export", "-o", str(tmp_path / "out.837")))
    (number,) = [c["control_number"] for c in claims(cli)]
    before = counts(demo_db)
    line_paid = ("90834", ready["day"], "150", "150", [])
    mixed = era([{"control_number": number, "lines": [line_paid]},
                 {"control_number": "SC99999999", "lines": [line_paid]}])  # fmt: skip
    (tmp_path / "mixed.835").write_text(mixed)
    line = refused(cli, "claims", "import", str(tmp_path / "mixed.835"))
    assert "names claims that are not ours (or not yours): SC99999999" in line
    assert counts(demo_db) == before and one_claim(cli, number)["status"] == "submitted"


def test_an_835_for_a_claim_never_sent_or_paying_too_much_is_refused(cli, ready, tmp_path):
    ok(cli("claims", "create", "Amelia", "--from", str(ready["day"]), "--to", str(ready["day"])))
    (number,) = [c["control_number"] for c in claims(cli)]
    pays = era([{"control_number": number, "lines": [("90834", ready["day"], "150", "150", [])]}])
    (tmp_path / "early.835").write_text(pays)
    assert f"claim {number} was never sent" in refused(
        cli, "claims", "import", str(tmp_path / "early.835")
    )
    ok(cli("claims", "export", "-o", str(tmp_path / "out.837")))
    ok(cli("billing", "pay", ready["charge_id"], "50", "--method", "card"))
    assert "more than the 100.00 the charge of" in refused(
        cli, "claims", "import", str(tmp_path / "early.835")
    )


def test_export_refuses_a_profile_without_clearinghouse_ids(cli, ready, demo_db, tmp_path):
    ok(cli("claims", "create", "Amelia"))
    execute(demo_db, "update practice set submitter_id = null, receiver_name = null")
    line = refused(cli, "claims", "export", "-o", str(tmp_path / "x.837"))
    assert "submitter id missing" in line and "receiver name missing" in line
    assert not (tmp_path / "x.837").exists()
    assert {c["status"] for c in claims(cli)} == {"ready"}


def test_an_835_whose_payment_total_is_not_its_claims_is_refused(cli, ready, demo_db, tmp_path):
    ok(cli("claims", "create", "Amelia", "--from", str(ready["day"]), "--to", str(ready["day"])))
    ok(cli("claims", "export", "-o", str(tmp_path / "out.837")))
    (number,) = [c["control_number"] for c in claims(cli)]
    before = counts(demo_db), one_claim(cli, number)
    short = era([{"control_number": number, "lines": [
        ("90834", ready["day"], "150", "100", [("CO", "45", "20"), ("PR", "2", "30")]),
    ]}], paid_total="90")  # fmt: skip
    (tmp_path / "short.835").write_text(short)
    line = refused(cli, "claims", "import", str(tmp_path / "short.835"))
    assert "nothing imported" in line
    assert "total paid 90.00 is not the claims' 100.00 less provider adjustments of 0" in line
    assert (counts(demo_db), one_claim(cli, number)) == before


def test_the_database_keeps_a_claims_total_the_sum_of_its_lines(cli, ready, demo_db):
    (made,) = json.loads(ok(cli("claims", "create", "Amelia", "--from", str(ready["day"]),
                                "--to", str(ready["day"]), "--json")))  # fmt: skip
    copy = (
        "insert into claims (control_number, patient_id, therapist_id, payer_id, service_from,"
        " service_to, total_charge, diagnoses, place_of_service) select 'SC77', patient_id,"
        " therapist_id, payer_id, service_from, service_to, 200, diagnoses, place_of_service"
        " from claims where id = %(id)s"
    )
    with pytest.raises(Exception, match=r"total \(200.00\) is the sum of its lines \(0\)"):
        execute(demo_db, copy, id=made["claim_id"])
    with pytest.raises(Exception, match="content cannot change"):
        execute(demo_db, "update claims set total_charge = 200 where id = %(id)s",
                id=made["claim_id"])  # fmt: skip
