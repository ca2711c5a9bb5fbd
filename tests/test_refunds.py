"""Refunds of any amount up to what was paid (docs/billing.md, "Refunds"), and every output
agreeing about them: the charge row, `billing summary`, `billing overdue`, `billing aging`, the
superbill and the database's own rules."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import psycopg
import pytest
from billing_helpers import add_charge, add_patient, add_therapist, execute, one_line_error, scalar
from pypdf import PdfReader


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def practice(empty_db):
    therapist = add_therapist(empty_db)
    patient = add_patient(empty_db, therapist, "Amy", "Payer", coverage="0")
    return {"db": empty_db, "therapist": therapist, "patient": patient}


def pay(cli, charge, amount: str) -> dict:
    result = cli("billing", "pay", str(charge), amount, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)[0]


def refund(cli, charge, *args: str) -> tuple[dict, str]:
    result = cli("billing", "refund", str(charge), *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)[0], result.stderr


def summary(cli) -> dict[str, str]:
    (row,) = csv_rows(cli("billing", "summary", "--csv").stdout)
    return row


def money_of(row: dict, *keys: str) -> tuple[str, ...]:
    return tuple(row[key] for key in keys)


def test_a_whole_refund_closes_the_charge_and_every_output_agrees(cli, practice):
    """150 charged, 30 paid, refunded: the charge, the summary and overdue all say nothing is
    owed and nothing is kept."""
    charge = add_charge(practice["db"], practice["therapist"], practice["patient"], "150.00", -5)
    pay(cli, charge, "30")
    row, _ = refund(cli, charge, "--reason", "billed in error")
    assert money_of(row, "amount_paid", "balance", "status", "refunded", "amount_refunded") == (
        "0.00", "0.00", "refunded", "30.00", "30.00",
    )  # fmt: skip
    totals = summary(cli)
    assert money_of(totals, "total_billed", "total_paid", "balance", "total_refunded") == (
        "0.00", "0.00", "0.00", "30.00",
    )  # fmt: skip
    assert csv_rows(cli("billing", "overdue", "--csv").stdout) == []
    aging = {r["patient_name"]: r for r in csv_rows(cli("billing", "aging", "--csv").stdout)}
    assert "Amy Payer" not in aging and aging["All patients"]["total"] == "0.00"
    assert "already refunded" in one_line_error(cli("billing", "refund", str(charge), "1"))
    assert "refunded" in one_line_error(cli("billing", "pay", str(charge), "1"))


def test_a_partial_refund_is_owed_again_and_can_be_paid_again(cli, practice):
    db = practice["db"]
    charge = add_charge(db, practice["therapist"], practice["patient"], "150.00", -10)
    pay(cli, charge, "150")
    row, said = refund(cli, charge, "50", "--reason", "paid on the wrong charge")
    assert money_of(row, "amount_paid", "balance", "status", "refunded") == (
        "100.00", "50.00", "overdue", "50.00",
    )  # fmt: skip
    assert "The 50.00 refunded is owed again (balance 50.00)" in said
    assert "--adjust" in said
    totals = summary(cli)
    assert money_of(totals, "total_billed", "total_paid", "balance", "overdue_balance") == (
        "150.00", "100.00", "50.00", "50.00",
    )  # fmt: skip
    assert totals["total_refunded"] == "50.00"
    # A charge paid in full that a refund reopened is listed although it is not in the index
    # of open charges (amount_paid, the payments' sum, still equals its amount).
    (overdue,) = csv_rows(cli("billing", "overdue", "--csv").stdout)
    assert money_of(overdue, "balance", "amount_paid", "amount_refunded", "days_overdue") == (
        "50.00", "100.00", "50.00", "10",
    )  # fmt: skip
    aging = {r["patient_name"]: r for r in csv_rows(cli("billing", "aging", "--csv").stdout)}
    assert aging["Amy Payer"]["days_1_30"] == "50.00"
    assert "more than the balance of 50.00" in one_line_error(
        cli("billing", "pay", str(charge), "50.01")
    )
    again = pay(cli, charge, "50")
    assert money_of(again, "amount_paid", "balance", "status") == ("150.00", "0.00", "paid")
    assert scalar(db, "select amount_paid from financial_records") == Decimal("200.00")
    assert csv_rows(cli("billing", "overdue", "--csv").stdout) == []


def test_a_goodwill_refund_adjusts_the_charge_and_leaves_the_balance(cli, practice, tmp_path):
    charge = add_charge(practice["db"], practice["therapist"], practice["patient"], "150.00", 20)
    pay(cli, charge, "100")
    row, said = refund(cli, charge, "40", "--adjust", "--reason", "session cut short")
    assert money_of(row, "amount_paid", "balance", "status", "amount_adjusted") == (
        "60.00", "50.00", "pending", "40.00",
    )  # fmt: skip
    assert "owed again" not in said
    totals = summary(cli)
    assert money_of(totals, "total_billed", "total_paid", "balance", "total_adjusted") == (
        "110.00", "60.00", "50.00", "40.00",
    )  # fmt: skip
    assert (totals["insurance_total"], totals["patient_responsibility_total"]) == (
        "0.00", "110.00",
    )  # fmt: skip
    out = tmp_path / "bill.pdf"
    made = cli("billing", "superbill", "Amy", "--from", "2000-01-01", "--to", "2100-01-01",
               "-o", str(out))  # fmt: skip
    assert made.exit_code == 0, made.stderr
    text = PdfReader(out).pages[0].extract_text()
    assert "90834 1 F41.1 110.00 60.00 50.00" in text
    assert "Total fees: 110.00" in text and "Balance due: 50.00" in text
    # Refunding all that is left, adjusted, leaves nothing paid and nothing owed: refunded.
    pay(cli, charge, "50")
    last, _ = refund(cli, charge, "110", "--adjust")
    assert money_of(last, "amount_paid", "balance", "status") == ("0.00", "0.00", "refunded")


def test_a_refund_returns_at_most_what_is_paid_and_not_yet_refunded(cli, practice):
    charge = add_charge(practice["db"], practice["therapist"], practice["patient"], "150.00", 5)
    assert "nothing to refund" in one_line_error(cli("billing", "refund", str(charge), "10"))
    pay(cli, charge, "80")
    refund(cli, charge, "30")
    message = one_line_error(cli("billing", "refund", str(charge), "50.01"))
    assert message == "Error: A refund of 50.01 is more than the 50.00 paid and not yet refunded"
    for bad in ("-5", "0", "abc", "1e3"):
        assert "amount" in one_line_error(cli("billing", "refund", str(charge), bad))
    assert "--adjust goes with an AMOUNT" in one_line_error(
        cli("billing", "refund", str(charge), "--adjust")
    )
    assert scalar(practice["db"], "select sum(amount) from refunds") == Decimal("30.00")
    # The whole refund returns the 50.00 left and closes the charge.
    row, _ = refund(cli, charge)
    assert money_of(row, "refunded", "amount_refunded", "status") == ("50.00", "80.00", "refunded")


PAYMENT = "insert into payments (financial_record_id, amount) values (%(c)s, %(a)s)"
REFUND = (
    "insert into refunds (financial_record_id, amount, adjusts_charge)"
    " values (%(c)s, %(a)s, %(adjusts)s)"
)


def test_the_database_holds_the_same_rules_for_psql(practice):
    db = practice["db"]
    charge = add_charge(db, practice["therapist"], practice["patient"], "100.00", 5)
    execute(db, PAYMENT, c=charge, a=100)
    with pytest.raises(psycopg.errors.CheckViolation, match="more than the 100.00 paid"):
        execute(db, REFUND, c=charge, a=101, adjusts=False)
    execute(db, REFUND, c=charge, a=30, adjusts=True)
    # Adjusted by 30 and 30 returned: 70 owed, 70 paid, so nothing more may be paid ...
    with pytest.raises(psycopg.errors.CheckViolation, match="exceeds the balance of 0.00"):
        execute(db, PAYMENT, c=charge, a=1)
    # ... until a refund that is not an adjustment makes money owed again.
    execute(db, REFUND, c=charge, a=20, adjusts=False)
    with pytest.raises(psycopg.errors.CheckViolation, match="exceeds the balance of 20.00"):
        execute(db, PAYMENT, c=charge, a=21)
    execute(db, PAYMENT, c=charge, a=20)
    (row,) = execute(
        db,
        "select amount_paid, balance, status::text as status, amount_refunded, amount_adjusted,"
        " amount_owed from financial_record_balances",
    )
    assert row == {
        "amount_paid": Decimal("70.00"),
        "balance": Decimal("0.00"),
        "status": "paid",
        "amount_refunded": Decimal("50.00"),
        "amount_adjusted": Decimal("30.00"),
        "amount_owed": Decimal("70.00"),
    }
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="permanent"):
        execute(db, "update refunds set adjusts_charge = false")
