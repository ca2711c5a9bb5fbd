"""The paid total kept on each charge (migration 0060) and the open-charge index it feeds."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

import psycopg
import pytest
from billing_helpers import add_charge, add_patient, add_therapist, execute, scalar

from sanctuary_cli.practice.billing import record_payment
from sanctuary_cli.store import migrate as migrate_module
from sanctuary_cli.store.config import load_settings
from sanctuary_cli.store.db import Database, connect, named_query


@pytest.fixture
def charge(empty_db):
    therapist = add_therapist(empty_db)
    patient = add_patient(empty_db, therapist, "Amy", "Payer")
    return add_charge(empty_db, therapist, patient, "150.00", 40)


def totals(db: Database, charge_id) -> tuple[Decimal, object]:
    row = execute(
        db,
        "select amount_paid, last_paid_at from financial_records where id = %(id)s",
        id=charge_id,
    )[0]
    return row["amount_paid"], row["last_paid_at"]


def test_payments_keep_the_paid_total_and_last_payment_time(empty_db, charge):
    assert totals(empty_db, charge) == (Decimal("0.00"), None)
    record_payment(empty_db, str(charge), Decimal("40.00"))
    record_payment(empty_db, str(charge), Decimal("60.00"))
    paid, last = totals(empty_db, charge)
    assert paid == Decimal("100.00")
    assert last == scalar(empty_db, "select max(paid_at) from payments")


@pytest.mark.parametrize(
    "statement",
    [
        "update payments set amount = 10 where amount = 60",
        "update payments set paid_at = paid_at - interval '1 year'",
        "delete from payments",
    ],
)
def test_a_payment_cannot_be_changed_or_removed_in_psql(empty_db, charge, statement):
    """Ledgers are corrected by new rows (a refund), never by rewriting one (migration 0071)."""
    record_payment(empty_db, str(charge), Decimal("40.00"))
    record_payment(empty_db, str(charge), Decimal("60.00"))
    before = totals(empty_db, charge)
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="[Pp]ayment"):
        execute(empty_db, statement)
    assert totals(empty_db, charge) == before == (Decimal("100.00"), before[1])


def test_a_payment_cannot_be_moved_to_another_charge(empty_db, charge):
    patient = scalar(empty_db, "select patient_id from financial_records")
    therapist = scalar(empty_db, "select therapist_id from financial_records")
    other = add_charge(empty_db, therapist, patient, "80.00", 5)
    record_payment(empty_db, str(charge), Decimal("40.00"))
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="cannot be changed"):
        execute(empty_db, "update payments set financial_record_id = %(o)s", o=other)
    assert totals(empty_db, charge)[0] == Decimal("40.00")
    assert totals(empty_db, other)[0] == Decimal("0.00")


def test_a_payments_method_and_reference_can_be_corrected(empty_db, charge):
    record_payment(empty_db, str(charge), Decimal("40.00"))
    execute(empty_db, "update payments set method = 'check', reference = 'No. 1042'")
    assert totals(empty_db, charge)[0] == Decimal("40.00")


@pytest.mark.parametrize(
    "statement",
    [
        "update financial_records set amount_paid = 150",
        "update financial_records set last_paid_at = now()",
    ],
)
def test_the_paid_total_cannot_be_written_directly(empty_db, charge, statement):
    with pytest.raises(psycopg.errors.CheckViolation, match="sum of its payments"):
        execute(empty_db, statement)
    assert totals(empty_db, charge) == (Decimal("0.00"), None)


def test_a_new_charge_cannot_arrive_already_paid(empty_db, charge):
    with pytest.raises(psycopg.errors.CheckViolation, match="nothing paid on it"):
        execute(
            empty_db,
            "insert into financial_records (patient_id, therapist_id, record_type, service_date,"
            " due_date, amount, amount_paid)"
            " select patient_id, therapist_id, record_type, service_date, due_date, amount, 20"
            " from financial_records",
        )
    assert scalar(empty_db, "select count(*) from financial_records") == 1


def test_a_payment_is_audited_once_not_again_as_a_change_of_its_charge(empty_db, charge):
    before = scalar(empty_db, "select max(seq) from audit_log")
    record_payment(empty_db, str(charge), Decimal("40.00"))
    entries = execute(
        empty_db,
        "select action, table_name, changed_columns from audit_log where seq > %(s)s",
        s=before,
    )
    assert [(e["action"], e["table_name"]) for e in entries] == [("INSERT", "payments")]


def test_other_changes_to_a_charge_still_work(empty_db, charge):
    record_payment(empty_db, str(charge), Decimal("40.00"))
    execute(empty_db, "update financial_records set description = 'Intake'")
    assert totals(empty_db, charge)[0] == Decimal("40.00")


def explain(db: Database, query: str, **params) -> str:
    with db.transaction() as cur:
        cur.execute("explain " + query, params)
        return "\n".join(row["QUERY PLAN"] for row in cur.fetchall())


def test_overdue_and_aging_read_open_charges_through_their_index(empty_db, charge):
    """With a long paid history, the open charges are found by index, patients by therapist."""
    therapist = scalar(empty_db, "select therapist_id from financial_records")
    other = add_therapist(empty_db, "other@example.com", "1245319599")
    execute(
        empty_db,
        "insert into patients (therapist_id, first_name, last_name)"
        " select case when i %% 10 = 0 then %(t)s else %(o)s end::uuid, 'P', 'Q' || i"
        " from generate_series(1, 2000) i",
        t=therapist,
        o=other,
    )
    # Zero-amount charges have nothing left to pay: billing history that is not open.
    execute(
        empty_db,
        "insert into financial_records (patient_id, therapist_id, service_date, due_date, amount)"
        " select patient_id, therapist_id, current_date - 400 + i %% 300, current_date, 0"
        " from financial_records, generate_series(1, 3000) i",
    )
    execute(empty_db, "analyze patients")
    execute(empty_db, "analyze financial_records")
    for name in ("billing.overdue", "billing.open_balances"):
        plan = explain(empty_db, named_query(name), therapist_id=therapist)
        # Either partial index of open charges (0060's by due date, 0121's by patient) keeps
        # the paid history out of the read.
        assert re.search(r"financial_records_open_(due|patient)_idx", plan), plan
        assert "Seq Scan on financial_records" not in plan, plan
        assert "Seq Scan on patients" not in plan, plan


def test_migration_fills_totals_of_existing_payments_without_auditing(pg_cluster, monkeypatch):
    """A database from before 0060 gets its totals from the payments it already has."""
    name = f"sanctuary_t_{uuid.uuid4().hex[:12]}"
    pg_cluster.create_database(name)
    url = pg_cluster.url(name)
    shipped = migrate_module.shipped_migrations
    try:
        db = connect(load_settings(database_url=url), check_schema=False)
        monkeypatch.setattr(
            migrate_module, "shipped_migrations", lambda: [m for m in shipped() if m.version < 60]
        )
        migrate_module.migrate(db)
        therapist = add_therapist(db)
        patient = add_patient(db, therapist)
        paid = add_charge(db, therapist, patient, "150.00", -10)
        unpaid = add_charge(db, therapist, patient, "90.00", -10)
        execute(
            db,
            "insert into payments (financial_record_id, amount, paid_at) values"
            " (%(c)s, 100, now() - interval '2 days'), (%(c)s, 50, now() - interval '1 day')",
            c=paid,
        )
        stamp = scalar(db, "select max(updated_at) from financial_records")
        audited = scalar(db, "select count(*) from audit_log")

        monkeypatch.setattr(migrate_module, "shipped_migrations", shipped)
        migrate_module.migrate(db)

        assert totals(db, paid)[0] == Decimal("150.00")
        assert totals(db, paid)[1] == scalar(db, "select max(paid_at) from payments")
        assert totals(db, unpaid) == (Decimal("0.00"), None)
        assert scalar(db, "select max(updated_at) from financial_records") == stamp
        assert scalar(db, "select count(*) from audit_log") == audited
        statuses = execute(db, "select id, status::text from financial_record_balances")
        assert {r["id"]: r["status"] for r in statuses} == {paid: "paid", unpaid: "overdue"}
        disabled = scalar(
            db,
            "select count(*) from pg_trigger where tgrelid = 'financial_records'::regclass"
            " and not tgisinternal and tgenabled = 'D'",
        )
        assert disabled == 0
        db.close()
    finally:
        pg_cluster.drop_database(name)
