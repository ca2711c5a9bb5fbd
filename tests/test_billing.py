"""`sanctuary billing`: charges, partial payments, overdue and aging, refunds, superbills."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import time
from decimal import Decimal

import pytest
from billing_helpers import (
    add_appointment,
    add_charge,
    add_patient,
    add_therapist,
    execute,
    one_line_error,
    scalar,
)
from pypdf import PdfReader

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.billing import record_payment
from sanctuary_cli.store.db import named_query

OVERDUE_CONTRACT = [
    "patient_name",
    "service_date",
    "due_date",
    "days_overdue",
    "aging_bucket",
    "balance",
]


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def practice(empty_db):
    therapist = add_therapist(empty_db)
    patient = add_patient(empty_db, therapist, "Amy", "Payer", coverage="80", diagnoses=["F41.1"])
    return {"db": empty_db, "therapist": therapist, "patient": patient}


def charge_json(cli, *args) -> dict:
    result = cli("billing", "charge", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)[0]


def test_demo_overdue_csv_lists_benjamin_ten_days_overdue(cli, demo_db_url):
    result = cli("billing", "overdue", "--csv")
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[0].split(",")
    assert header[: len(OVERDUE_CONTRACT)] == OVERDUE_CONTRACT
    rows = csv_rows(result.stdout)
    assert [
        (r["patient_name"], r["days_overdue"], r["aging_bucket"], r["balance"]) for r in rows
    ] == [("Benjamin Carter", "10", "0-30", "150.00")]


def test_charge_of_125_with_80_percent_coverage_splits_100_and_25(cli, practice):
    appt = add_appointment(practice["db"], practice["therapist"], practice["patient"], minutes=50)
    row = charge_json(cli, str(appt)[:8], "--amount", "125")
    assert row["amount"] == "125.00"
    assert (row["insurance_amount"], row["patient_responsibility"]) == ("100.00", "25.00")
    assert row["cpt_code"] == "90834"
    assert row["icd10_codes"] == ["F41.1"]
    assert row["status"] == "pending"
    assert row["balance"] == "125.00"


@pytest.mark.parametrize(
    ("minutes", "code"), [(37, "90832"), (38, "90834"), (52, "90834"), (53, "90837")]
)
def test_charge_defaults_cpt_from_session_length(cli, practice, minutes, code):
    appt = add_appointment(
        practice["db"], practice["therapist"], practice["patient"], minutes=minutes
    )
    assert charge_json(cli, str(appt))["cpt_code"] == code


def test_charge_defaults_intake_family_and_crisis_codes(cli, practice):
    db, t, p = practice["db"], practice["therapist"], practice["patient"]
    intake = add_appointment(db, t, p, minutes=60, session_type="Intake", days_ago=5)
    family = add_appointment(db, t, p, minutes=50, session_type="Family Therapy", days_ago=4)
    crisis = add_appointment(db, t, p, minutes=80, session_type="Crisis Session", days_ago=3)
    assert charge_json(cli, str(intake))["cpt_code"] == "90791"
    assert charge_json(cli, str(family))["cpt_code"] == "90847"
    row = charge_json(cli, str(crisis))
    assert (row["cpt_code"], row["addon_cpt_code"], row["addon_units"]) == ("90839", "90840", 1)


def test_charge_cpt_and_icd10_can_be_overridden(cli, practice):
    appt = add_appointment(practice["db"], practice["therapist"], practice["patient"])
    row = charge_json(
        cli, str(appt), "--cpt", "90837", "--icd10", "f32.1,F41.1", "--modifier", "95"
    )
    assert (row["cpt_code"], row["cpt_modifier"], row["icd10_codes"]) == (
        "90837",
        "95",
        ["F32.1", "F41.1"],
    )


def test_appointment_is_charged_once_as_a_session(cli, practice):
    appt = add_appointment(practice["db"], practice["therapist"], practice["patient"])
    charge_json(cli, str(appt))
    assert "already charged" in one_line_error(cli("billing", "charge", str(appt)))
    fee = charge_json(cli, str(appt), "--type", "late-fee", "--amount", "25")
    assert fee["insurance_amount"] == "0.00" and fee["patient_responsibility"] == "25.00"


def test_patient_charge_needs_an_amount_and_copies_coverage(cli, practice):
    assert "--amount" in one_line_error(
        cli("billing", "charge", "Amy Payer", "--type", "assessment")
    )
    row = charge_json(cli, "Amy Payer", "--type", "assessment", "--amount", "200", "--cpt", "96127")
    assert (row["record_type"], row["insurance_amount"], row["cpt_code"]) == (
        "assessment",
        "160.00",
        "96127",
    )


@pytest.mark.parametrize("amount", ["-5", "NaN", "1e309", "12.345", "12,34", "abc", "0"])
def test_bad_amounts_are_rejected_with_one_line_and_nothing_written(cli, practice, amount):
    appt = add_appointment(practice["db"], practice["therapist"], practice["patient"])
    assert "amount" in one_line_error(cli("billing", "charge", str(appt), "--amount", amount))
    assert scalar(practice["db"], "select count(*) from financial_records") == 0


def test_partial_payments_reduce_the_balance_until_paid(cli, practice):
    charge = add_charge(practice["db"], practice["therapist"], practice["patient"], "125.00", 30)
    ref = str(charge)[:8]
    first = cli("billing", "pay", ref, "50", "--method", "card", "--json")
    assert first.exit_code == 0, first.stderr
    assert json.loads(first.stdout)[0]["balance"] == "75.00"
    assert json.loads(first.stdout)[0]["status"] == "pending"
    assert "more than the balance" in one_line_error(cli("billing", "pay", ref, "75.01"))
    last = json.loads(cli("billing", "pay", ref, "75.00", "--json").stdout)[0]
    assert (last["amount_paid"], last["balance"], last["status"]) == ("125.00", "0.00", "paid")
    assert "paid in full" in one_line_error(cli("billing", "pay", ref, "1"))


@pytest.mark.parametrize("amount", ["-5", "-0.01", "NaN", "1e309", "0"])
def test_bad_payment_amounts_are_rejected(cli, practice, amount):
    charge = add_charge(practice["db"], practice["therapist"], practice["patient"])
    assert "amount" in one_line_error(cli("billing", "pay", str(charge), amount))
    assert scalar(practice["db"], "select count(*) from payments") == 0


def test_database_refuses_an_overpayment_even_from_psql(practice):
    import psycopg

    charge = add_charge(practice["db"], practice["therapist"], practice["patient"], "100.00", 5)
    execute(
        practice["db"],
        "insert into payments (financial_record_id, amount) values (%(c)s, 60)",
        c=charge,
    )
    with pytest.raises(psycopg.errors.CheckViolation, match="exceeds the balance"):
        execute(
            practice["db"],
            "insert into payments (financial_record_id, amount) values (%(c)s, 40.01)",
            c=charge,
        )


def test_a_payment_waits_for_the_charge_lock_and_then_sees_the_other_payment(
    practice, empty_db_url
):
    """Two clients paying the same charge at once: neither payment is lost, none overpays."""
    from sanctuary_cli.store.config import load_settings
    from sanctuary_cli.store.db import connect

    db = practice["db"]
    charge = add_charge(db, practice["therapist"], practice["patient"], "150.00", 10)
    other = connect(load_settings(database_url=empty_db_url))
    outcome: dict[str, object] = {}

    def second_payment():
        try:
            outcome["row"] = record_payment(other, str(charge), Decimal("100.00"))
        except UserError as exc:
            outcome["error"] = str(exc)

    with db.transaction() as cur:
        cur.execute(named_query("billing.lock_charge"), {"charge_id": charge})
        cur.execute(
            named_query("billing.insert_payment"),
            {"charge_id": charge, "amount": Decimal("100.00"), "method": "card", "reference": None},
        )
        worker = threading.Thread(target=second_payment)
        worker.start()
        time.sleep(0.5)
        assert worker.is_alive(), "the second payment did not wait for the lock"
    worker.join(10)
    other.close()
    assert "more than the balance of 50.00" in outcome["error"]
    assert scalar(db, "select sum(amount) from payments") == Decimal("100.00")


def test_two_processes_paying_the_same_charge(practice, empty_db_url):
    charge = add_charge(practice["db"], practice["therapist"], practice["patient"], "150.00", 10)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "sanctuary_cli", "billing", "pay", str(charge), "100"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    codes = sorted(proc.wait(60) for proc in procs)
    for proc in procs:
        proc.stdout.close()
        proc.stderr.close()
    assert codes == [0, 1]
    assert scalar(practice["db"], "select sum(amount) from payments") == Decimal("100.00")


def test_pending_becomes_overdue_the_day_after_the_due_date(cli, practice):
    db, t, p = practice["db"], practice["therapist"], practice["patient"]
    due_today = add_charge(db, t, p, "80.00", due_in_days=0, service_days_ago=3)
    due_yesterday = add_charge(db, t, p, "90.00", due_in_days=-1)
    status = {
        row["id"]: (row["status"], row["days_overdue"])
        for row in execute(
            db, "select id, status::text, days_overdue from financial_record_balances"
        )
    }
    assert status[due_today] == ("pending", 0)
    assert status[due_yesterday] == ("overdue", 1)
    rows = csv_rows(cli("billing", "overdue", "--csv").stdout)
    assert [(r["balance"], r["days_overdue"]) for r in rows] == [("90.00", "1")]


def test_aging_buckets_at_the_boundaries(cli, practice):
    db, t = practice["db"], practice["therapist"]
    expected = {30: "0-30", 31: "31-60", 60: "31-60", 61: "61-90", 90: "61-90", 91: "90+"}
    for days in expected:
        patient = add_patient(db, t, "Age", f"D{days}")
        add_charge(db, t, patient, "10.00", due_in_days=-days)
    overdue = csv_rows(cli("billing", "overdue", "--csv").stdout)
    assert [(int(r["days_overdue"]), r["aging_bucket"]) for r in overdue] == sorted(
        expected.items(), reverse=True
    )
    aging = {r["patient_name"]: r for r in csv_rows(cli("billing", "aging", "--csv").stdout)}
    column = {
        "0-30": "days_0_30",
        "31-60": "days_31_60",
        "61-90": "days_61_90",
        "90+": "days_over_90",
    }
    for days, bucket in expected.items():
        row = aging[f"Age D{days}"]
        assert row[column[bucket]] == "10.00", (days, row)
        assert row["total"] == "10.00"
    overall = aging["All patients"]
    assert (
        overall["days_0_30"],
        overall["days_31_60"],
        overall["days_61_90"],
        overall["days_over_90"],
    ) == (
        "10.00",
        "20.00",
        "20.00",
        "10.00",
    )
    assert overall["total"] == "60.00"


def test_formula_patient_name_is_neutralized_in_overdue_csv(cli, practice):
    db, t = practice["db"], practice["therapist"]
    patient = add_patient(db, t, '=HYPERLINK("x")', "Smith")
    execute(db, "update patients set last_name = 'Smith' where id = %(p)s", p=patient)
    add_charge(db, t, patient, "10.00", due_in_days=-3)
    rows = csv_rows(cli("billing", "overdue", "--csv").stdout)
    assert rows[0]["patient_name"] == '\'=HYPERLINK("x") Smith'


def test_summary_reads_the_financial_summary_view(cli, demo_db_url):
    rows = {r["patient_name"]: r for r in csv_rows(cli("billing", "summary", "--csv").stdout)}
    assert rows["Amelia Chen"]["total_billed"] == "300.00"
    assert rows["Amelia Chen"]["insurance_total"] == "240.00"
    assert rows["Amelia Chen"]["total_paid"] == "180.00"
    assert rows["Benjamin Carter"]["overdue_balance"] == "150.00"


def test_refund_marks_the_charge_refunded_and_stops_payments(cli, practice):
    charge = add_charge(practice["db"], practice["therapist"], practice["patient"], "100.00", 5)
    assert "nothing to refund" in one_line_error(cli("billing", "refund", str(charge)))
    cli("billing", "pay", str(charge), "100")
    result = cli("billing", "refund", str(charge), "--reason", "billed twice", "--json")
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)[0]
    assert (row["status"], row["refunded"]) == ("refunded", "100.00")
    assert scalar(practice["db"], "select amount from refunds") == Decimal("100.00")
    assert "refunded" in one_line_error(cli("billing", "pay", str(charge), "1"))
    summary = csv_rows(cli("billing", "summary", "--csv").stdout)[0]
    assert (summary["total_paid"], summary["total_refunded"], summary["balance"]) == (
        "0.00",
        "100.00",
        "0.00",
    )


def test_signed_note_required_before_billing_when_the_practice_says_so(cli, practice):
    db, t, p = practice["db"], practice["therapist"], practice["patient"]
    appt = add_appointment(db, t, p)
    assert cli("billing", "settings", "--require-signed-note").exit_code == 0
    assert "sign the note" in one_line_error(cli("billing", "charge", str(appt)))
    note = scalar(
        db,
        "insert into session_notes (appointment_id, patient_id, therapist_id)"
        " values (%(a)s, %(p)s, %(t)s) returning id",
        a=appt,
        p=p,
        t=t,
    )
    assert "sign the note" in one_line_error(cli("billing", "charge", str(appt)))
    execute(
        db,
        "update session_notes set signed_at = now(), signed_by = %(t)s where id = %(n)s",
        t=t,
        n=note,
    )
    assert charge_json(cli, str(appt))["cpt_code"] == "90834"


def test_superbill_pdf_holds_provider_codes_and_lines(cli, demo_db_url, tmp_path):
    out = tmp_path / "bills" / "amelia.pdf"
    out.parent.mkdir()
    result = cli(
        "billing",
        "superbill",
        "Amelia Chen",
        "--from",
        "2000-01-01",
        "--to",
        "2100-01-01",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    for expected in (
        "Dr. Sarah Johnson",
        "PhD",
        "1234567893",  # NPI
        "PSY-018734",  # license
        "12-3456789",  # tax id
        "120 Hudson St",
        "Amelia Chen",
        "1992-04-12",
        "90834",
        "F41.1",
        "90834 1 F41.1 11 150.00 150.00 0.00",  # CPT, units, ICD-10, POS, fee, paid, balance
        "150.00",
        "Balance due: 120.00",
    ):
        assert expected in text, expected
    assert "Benjamin" not in text
    assert [p.name for p in out.parent.iterdir()] == ["amelia.pdf"]


def test_superbill_for_an_empty_period_is_an_error_and_writes_nothing(cli, demo_db_url, tmp_path):
    out = tmp_path / "none.pdf"
    result = cli(
        "billing",
        "superbill",
        "Amelia",
        "--from",
        "2001-01-01",
        "--to",
        "2001-12-31",
        "-o",
        str(out),
    )
    assert "No charges" in one_line_error(result)
    assert not out.exists()


def test_superbill_lists_crisis_add_on_and_survives_non_latin_names(cli, practice, tmp_path):
    db, t = practice["db"], practice["therapist"]
    patient = add_patient(db, t, "Zoë", "Łukasz 陈", coverage="50")
    appt = add_appointment(
        db, t, patient, minutes=110, session_type="Crisis Session", kind="Virtual"
    )
    charge_json(cli, str(appt), "--modifier", "95")
    out = tmp_path / "crisis.pdf"
    result = cli(
        "billing",
        "superbill",
        str(patient),
        "--from",
        "2000-01-01",
        "--to",
        "2100-01-01",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    text = PdfReader(out).pages[0].extract_text()
    # With a Unicode font installed the name prints as written; without, transliterated.
    assert "Zoë Łukasz" in text or "Zoë Lukasz" in text
    assert "90839 95 1 F41.1 10 150.00 0.00 150.00" in text
    assert "90840 95 2 F41.1 10 incl." in text


def test_pdf_text_fallback_keeps_latin1_and_transliterates_the_rest():
    from sanctuary_cli.rules.superbill import pdf_text

    assert pdf_text("José Müller") == "José Müller"
    assert pdf_text("Łukasz Dvořák") == "Lukasz Dvorák"
    assert pdf_text("陈") == "?"


def test_a_session_is_charged_only_once_it_has_taken_place(cli, practice):
    db, t, p = practice["db"], practice["therapist"], practice["patient"]
    upcoming = add_appointment(db, t, p, days_ago=-2, status="scheduled")
    assert "not taken place" in one_line_error(cli("billing", "charge", str(upcoming)))
    cancelled = add_appointment(db, t, p, days_ago=3, status="cancelled")
    assert "cancellation-fee" in one_line_error(cli("billing", "charge", str(cancelled)))
    fee = charge_json(cli, str(cancelled), "--type", "cancellation-fee", "--amount", "75")
    assert (fee["record_type"], fee["cpt_code"], fee["patient_responsibility"]) == (
        "cancellation-fee",
        None,
        "75.00",
    )


def test_due_date_before_the_service_date_is_refused(cli, practice):
    appt = add_appointment(practice["db"], practice["therapist"], practice["patient"], days_ago=2)
    message = one_line_error(cli("billing", "charge", str(appt), "--due", "2001-01-01"))
    assert "before the service date" in message
    bad = one_line_error(cli("billing", "charge", str(appt), "--due", "soon"))
    assert "--due 'soon' is not a date" in bad
    row = charge_json(cli, str(appt), "--due", "2100-01-31")
    assert row["due_date"] == "2100-01-31"


def test_superbill_takes_day_words(cli, practice, tmp_path):
    db, t, p = practice["db"], practice["therapist"], practice["patient"]
    add_charge(db, t, p, "111.00", due_in_days=30, service_days_ago=1)
    add_charge(db, t, p, "77.00", due_in_days=30, service_days_ago=5)
    out = tmp_path / "recent.pdf"
    result = cli(
        "billing", "superbill", "Amy Payer", "--from", "yesterday", "--to", "today", "-o", str(out)
    )
    assert result.exit_code == 0, result.stderr
    text = PdfReader(out).pages[0].extract_text()
    assert "111.00" in text and "77.00" not in text
    bad = one_line_error(
        cli("billing", "superbill", "Amy Payer", "--from", "someday", "--to", "today", "-o",
            str(tmp_path / "bad.pdf"))
    )  # fmt: skip
    assert "--from 'someday' is not a date" in bad
    assert not (tmp_path / "bad.pdf").exists()


def test_charge_due_and_service_dates_take_day_words(cli, practice):
    from datetime import timedelta

    from sanctuary_cli.rules.dates import practice_today

    today = practice_today(practice["db"].settings.tz)
    appt = add_appointment(practice["db"], practice["therapist"], practice["patient"], days_ago=2)
    row = charge_json(cli, str(appt), "--due", "tomorrow")
    assert row["due_date"] == (today + timedelta(days=1)).isoformat()
    other = charge_json(
        cli, "Amy Payer", "--type", "assessment", "--amount", "50", "--date", "yesterday"
    )
    assert other["service_date"] == (today - timedelta(days=1)).isoformat()
