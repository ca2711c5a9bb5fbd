"""Issue 14's billing defects, each through the CLI: a charge without an appointment takes the
patient's diagnoses and a CPT code from its length; only psychotherapy codes are billed unless
--any-cpt; superbills leave missed-appointment fees off; aging has a current bucket."""

from __future__ import annotations

import csv
import io
import json

import pytest
from billing_helpers import (
    add_appointment,
    add_charge,
    add_patient,
    add_therapist,
    one_line_error,
    scalar,
)
from pypdf import PdfReader


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def practice(empty_db):
    therapist = add_therapist(empty_db)
    patient = add_patient(
        empty_db, therapist, "Amelia", "Stone", coverage="50", diagnoses=["F41.1", "F32.1"]
    )
    return {"db": empty_db, "therapist": therapist, "patient": patient}


def charge(cli, *args: str) -> dict:
    result = cli("billing", "charge", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)[0]


def test_a_charge_without_an_appointment_takes_the_patients_diagnoses(cli, practice):
    row = charge(cli, "Amelia", "--type", "consultation", "--amount", "80")
    assert row["icd10_codes"] == ["F41.1", "F32.1"]
    assert row["cpt_code"] is None  # a consultation has no default code
    given = charge(cli, "Amelia", "--type", "assessment", "--amount", "80", "--icd10", "F43.10")
    assert given["icd10_codes"] == ["F43.10"]
    fee = charge(cli, "Amelia", "--type", "no-show-fee", "--amount", "40")
    assert (fee["record_type"], fee["icd10_codes"], fee["insurance_amount"]) == (
        "late-fee", [], "0.00",
    )  # fmt: skip
    assert (
        scalar(
            practice["db"],
            "select description from financial_records where record_type = 'late-fee'",
        )
        == "No-show fee"
    )


def test_a_session_without_an_appointment_needs_its_length_or_code(cli, practice):
    db = practice["db"]
    refused = one_line_error(cli("billing", "charge", "Amelia", "--amount", "150"))
    assert refused == (
        "Error: A session charged without an appointment needs its CPT code: give --minutes "
        "(the code follows from the length) or --cpt"
    )
    assert scalar(db, "select count(*) from financial_records") == 0
    assert charge(cli, "Amelia", "--amount", "150", "--minutes", "50")["cpt_code"] == "90834"
    assert charge(cli, "Amelia", "--amount", "150", "--minutes", "55")["cpt_code"] == "90837"
    assert charge(cli, "Amelia", "--amount", "150", "--cpt", "90832")["cpt_code"] == "90832"
    # The patient's usual kind of session decides the code family (an intake never counts).
    add_appointment(db, practice["therapist"], practice["patient"], session_type="Intake")
    for days in (3, 10):
        add_appointment(db, practice["therapist"], practice["patient"], days_ago=days,
                        session_type="Family Therapy")  # fmt: skip
    assert charge(cli, "Amelia", "--amount", "150", "--minutes", "50")["cpt_code"] == "90847"
    short = one_line_error(cli("billing", "charge", "Amelia", "--amount", "9", "--minutes", "20"))
    assert "26 minutes or more" in short


def test_minutes_override_the_appointments_length_for_the_code(cli, practice):
    appt = add_appointment(practice["db"], practice["therapist"], practice["patient"], minutes=50)
    assert charge(cli, str(appt), "--minutes", "60")["cpt_code"] == "90837"


def test_only_codes_a_psychotherapy_practice_bills_unless_any_cpt(cli, practice):
    db = practice["db"]
    refused = one_line_error(
        cli("billing", "charge", "Amelia", "--type", "assessment", "--amount", "50", "--cpt",
            "99999")
    )  # fmt: skip
    assert "CPT 99999 is not a psychotherapy" in refused and "--any-cpt" in refused
    assert scalar(db, "select count(*) from financial_records") == 0
    for code in ("90785", "90853", "96130", "96158", "96127"):
        row = charge(cli, "Amelia", "--type", "assessment", "--amount", "50", "--cpt", code)
        assert row["cpt_code"] == code
    anyway = charge(cli, "Amelia", "--type", "assessment", "--amount", "50", "--cpt", "99213",
                    "--any-cpt")  # fmt: skip
    assert anyway["cpt_code"] == "99213"
    assert "Invalid CPT code" in one_line_error(
        cli("billing", "charge", "Amelia", "--amount", "5", "--cpt", "9999", "--any-cpt")
    )


def test_superbill_leaves_off_no_show_and_late_cancellation_fees(cli, practice, tmp_path):
    db, t, p = practice["db"], practice["therapist"], practice["patient"]
    held = add_appointment(db, t, p, days_ago=3)
    missed = add_appointment(db, t, p, days_ago=2, status="no-show")
    late = add_appointment(db, t, p, days_ago=1, status="cancelled")
    charge(cli, str(held))
    charge(cli, str(missed), "--type", "late-fee", "--amount", "61")
    charge(cli, str(late), "--type", "cancellation-fee", "--amount", "47")
    out = tmp_path / "bill.pdf"
    made = cli("billing", "superbill", "Amelia", "--from", "2000-01-01", "--to", "2100-01-01",
               "-o", str(out))  # fmt: skip
    assert made.exit_code == 0, made.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "90834 1 F41.1, F32.1 11 150.00 0.00 150.00" in text
    assert "61.00" not in text and "47.00" not in text
    assert "Total fees: 150.00" in text and "Balance due: 150.00" in text
    only_fees = cli("billing", "superbill", "Amelia", "--from", "yesterday", "--to", "today",
                    "-o", str(tmp_path / "fees.pdf"))  # fmt: skip
    assert "No charges" in one_line_error(only_fees)


def test_aging_has_a_current_bucket_and_headings_that_read_well(cli, practice):
    db, t, p = practice["db"], practice["therapist"], practice["patient"]
    add_charge(db, t, p, "10.00", due_in_days=5)  # not yet due
    add_charge(db, t, p, "20.00", due_in_days=0)  # due today: not yet past due
    add_charge(db, t, p, "30.00", due_in_days=-1)
    add_charge(db, t, p, "40.00", due_in_days=-45)
    result = cli("billing", "aging", "--csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "patient_name,current,days_1_30,days_31_60,days_61_90,days_over_90,total,days_0_30"
    )
    row = {r["patient_name"]: r for r in csv_rows(result.stdout)}["Amelia Stone"]
    assert (row["current"], row["days_1_30"], row["days_31_60"], row["total"]) == (
        "30.00", "30.00", "40.00", "100.00",
    )  # fmt: skip
    assert row["days_0_30"] == "60.00"  # kept for scripts: current and 1-30 together
    table = cli("billing", "aging", env={"COLUMNS": "120"})
    header = next(line for line in table.stdout.splitlines() if "current" in line)
    for heading in ("1-30 days", "31-60 days", "61-90 days", "90+ days", "total"):
        assert heading in header, header
    assert "days 1 30" not in table.stdout and "days 0 30" not in table.stdout
