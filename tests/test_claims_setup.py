"""Setting up for claims through the CLI (docs/claims.md, "Setting up"): the billing profile,
payers and a patient's policies, each value read by the one set of parsers and refused in
one line with nothing stored."""

from __future__ import annotations

import json

import pytest
from billing_helpers import execute
from claims_helpers import PROFILE, ok


@pytest.fixture
def aetna(cli, demo_db_url):
    ok(cli("payers", "add", "Aetna", "--payer-id", "60054"))


def refused(cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    (line,) = result.stderr.strip().splitlines()
    return line


def profile(cli) -> dict:
    (row,) = json.loads(ok(cli("practice", "show", "--json")))
    return row


def test_the_profile_says_what_claims_still_need(cli, demo_db_url):
    assert "--submitter-id" in profile(cli)["missing"]
    ok(cli(*PROFILE))
    row = profile(cli)
    assert row["missing"] == "nothing"
    assert (row["tax_id"], row["tax_id_type"], row["zip"], row["phone"]) == (
        "123456789", "EIN", "100132345", "2125550100",
    )  # fmt: skip
    assert "Billing profile" in ok(cli("practice", "show"))


@pytest.mark.parametrize(
    "option, value, says",
    [
        ("--tax-id", "12-345", "--tax-id"),
        ("--tax-id-type", "vat", "--tax-id-type"),
        ("--zip", "1001", "--zip"),
        ("--npi", "1234567890", "NPI"),
        ("--taxonomy", "103T0000", "--taxonomy"),
        ("--submitter-id", "SANCT*01", "no * : ^ ~"),
        ("--state", "New York", "state"),
    ],
)
def test_a_bad_profile_value_is_refused_and_nothing_changes(cli, demo_db_url, option, value, says):
    ok(cli(*PROFILE))
    before = profile(cli)
    assert says in refused(cli, "practice", "edit", option, value)
    assert profile(cli) == before


def test_payers_are_added_listed_and_edited(cli, aetna):
    ok(cli("payers", "add", "Medicare Part B", "--payer-id", "13282", "--filing-code", "MB",
           "--telehealth-modifier", "none"))  # fmt: skip
    assert "already a payer named 'aetna'" in refused(cli, "payers", "add", "aetna",
                                                        "--payer-id", "11")  # fmt: skip
    assert "--payer-id" in refused(cli, "payers", "add", "Cigna")
    assert "--filing-code" in refused(cli, "payers", "add", "Cigna", "--payer-id", "62308",
                                      "--filing-code", "XX")  # fmt: skip
    ok(cli("patients", "edit", "Amelia", "--payer", "Aetna"))
    ok(cli("payers", "edit", "aetna", "--telehealth-modifier", "GT", "--filing-code", "HM"))
    rows = json.loads(ok(cli("payers", "list", "--json")))
    assert [(r["name"], r["payer_id"], r["filing_code"], r["telehealth_modifier"],
             r["policies"]) for r in rows] == [
        ("Aetna", "60054", "HM", "GT", 1), ("Medicare Part B", "13282", "MB", "none", 0),
    ]  # fmt: skip


def policies(db) -> list[dict]:
    return execute(
        db,
        "select pp.rank, py.name as payer, pp.member_id, pp.relationship,"
        " pp.subscriber_first_name, pp.subscriber_date_of_birth::text as dob,"
        " pp.subscriber_sex, pp.ended_at is not null as ended"
        " from patient_policies pp join payers py on py.id = pp.payer_id"
        " join patients p on p.id = pp.patient_id where p.first_name = 'Amelia'"
        " order by pp.rank, pp.created_at",
    )


def test_a_patients_policies_primary_and_secondary(cli, aetna, demo_db):
    ok(cli("payers", "add", "Empire", "--payer-id", "EMP01"))
    assert "give its payer with --payer" in refused(
        cli, "patients", "edit", "Amelia", "--relationship", "child"
    )
    ok(cli("patients", "edit", "Amelia", "--payer", "aetna", "--relationship", "child",
           "--subscriber-first", "Wei", "--subscriber-last", "Chen", "--subscriber-dob",
           "1971-04-02", "--subscriber-sex", "M", "--sex", "F", "--city", "New York",
           "--state", "NY", "--zip", "10002", "--secondary-payer", "Empire",
           "--secondary-member-id", "S77", "--secondary-relationship", "self"))  # fmt: skip
    assert policies(demo_db) == [
        {"rank": "primary", "payer": "Aetna", "member_id": None, "relationship": "child",
         "subscriber_first_name": "Wei", "dob": "1971-04-02", "subscriber_sex": "M",
         "ended": False},
        {"rank": "secondary", "payer": "Empire", "member_id": "S77", "relationship": "self",
         "subscriber_first_name": None, "dob": None, "subscriber_sex": None, "ended": False},
    ]  # fmt: skip
    (amelia,) = execute(demo_db, "select administrative_sex, city, state, zip from patients"
                                 " where first_name = 'Amelia'")  # fmt: skip
    assert amelia == {"administrative_sex": "F", "city": "New York", "state": "NY",
                      "zip": "10002"}  # fmt: skip

    for args, says in [
        (("--sex", "X"), "--sex"),
        (("--payer", "Nobody"), "No payer matches 'Nobody'"),
        (("--subscriber-dob", "2999-01-01"), "in the future"),
        (("--secondary-payer", "none", "--secondary-member-id", "S1"), "ends the policy"),
    ]:
        assert says in refused(cli, "patients", "edit", "Amelia", *args)
    assert [p["ended"] for p in policies(demo_db)] == [False, False]

    ok(cli("patients", "edit", "Amelia", "--secondary-payer", "none"))
    assert [(p["rank"], p["ended"]) for p in policies(demo_db)] == [
        ("primary", False), ("secondary", True),
    ]  # fmt: skip
