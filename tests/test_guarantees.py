"""Guarantees that hold against raw SQL (issue 13; docs/security.md): each attack of the
review, tried with plain SQL as the role that tried it, is refused or detected.

The cast: Dr. Sarah Johnson (the demo clinician) with her own login role, her colleague
Dr. Olivia Other with a patient, an appointment, notes, a charge and a payment
(security_helpers.add_other_practice), a billing login, and the owner.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from security_helpers import OTHER_EMAIL, SARAH_EMAIL, billing_login, connect, make_practice

REFUSED = (psycopg.errors.InsufficientPrivilege, psycopg.errors.IntegrityConstraintViolation)


@pytest.fixture
def practice(pg_cluster, demo_db_url, demo_db):
    return make_practice(pg_cluster, demo_db_url, demo_db)


def one(conn: psycopg.Connection, query: str, *params):
    return conn.execute(query, params).fetchone()


def refused(conn: psycopg.Connection, query: str, *params, error=REFUSED) -> str:
    """Run a statement in its own transaction; it must fail with one of `error`."""
    with pytest.raises(error) as caught, conn.transaction():
        conn.execute(query, params)
    return str(caught.value)


def sarah_patient(conn) -> dict:
    return one(conn, "select id, therapist_id from patients where full_name = 'Amelia Chen'")


@pytest.fixture
def sarah(practice):
    with connect(practice["url"]) as conn:
        yield conn


@pytest.fixture
def biller(pg_cluster, practice):
    with pg_cluster.admin(practice["dbname"]) as admin:
        role = billing_login(admin)
    with connect(pg_cluster.url(practice["dbname"], user=role)) as conn:
        yield conn


# --- Writes only in one's own name -----------------------------------------------------------


def test_a_note_signed_in_a_colleagues_name_is_refused(sarah, practice):
    olivia = practice["other"]["therapist"]
    mine = sarah_patient(sarah)
    for patient in (mine["id"], practice["other"]["patient"]):
        refused(
            sarah,
            "insert into session_notes (patient_id, therapist_id, content, signed_by, signed_at)"
            ' values (%s, %s, \'{"s": "forged"}\', %s, now())',
            patient,
            olivia,
            olivia,
        )
    # Her own note may not claim the colleague's signature either.
    refused(
        sarah,
        "insert into session_notes (patient_id, therapist_id, content, signed_by, signed_at)"
        " values (%s, %s, '{}', %s, now())",
        mine["id"],
        practice["sarah_id"],
        olivia,
    )


def test_no_phantom_booking_in_a_colleagues_calendar(sarah, practice):
    mine = sarah_patient(sarah)
    refused(
        sarah,
        "insert into appointments (therapist_id, patient_id, starts_at, duration_minutes)"
        " values (%s, %s, now() + interval '9 days', 50)",
        practice["other"]["therapist"],
        mine["id"],
    )


def test_the_exclusion_constraint_reveals_no_colleagues_schedule(sarah, pg_cluster, practice):
    """480 probes, as the review made them: every one is refused the same way, busy or free."""
    olivia = practice["other"]["therapist"]
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=20)
    busy = [start + timedelta(hours=h) for h in (1, 5, 9, 30, 55, 70)]
    with pg_cluster.admin(practice["dbname"]) as admin:
        for moment in busy:
            admin.execute(
                "insert into appointments (therapist_id, patient_id, starts_at,"
                " duration_minutes) values (%s, %s, %s, 50)",
                (olivia, practice["other"]["patient"], moment),
            )
    mine = sarah_patient(sarah)
    outcomes = {}
    for slot in range(480):
        moment = start + timedelta(minutes=15 * slot)
        for therapist, patient in (
            (olivia, mine["id"]),
            (olivia, practice["other"]["patient"]),
            (practice["sarah_id"], practice["other"]["patient"]),
        ):
            try:
                with sarah.transaction():
                    sarah.execute(
                        "insert into appointments (therapist_id, patient_id, starts_at,"
                        " duration_minutes) values (%s, %s, %s, 50)",
                        (therapist, patient, moment),
                    )
                    raise RuntimeError("rolled back")  # a probe never keeps its row
            except RuntimeError:
                outcome = "inserted"
            except psycopg.Error as exc:
                outcome = type(exc).__name__
            outcomes.setdefault(outcome, 0)
            outcomes[outcome] += 1
    assert outcomes == {"InsufficientPrivilege": 480 * 3}


@pytest.mark.parametrize(
    "statement",
    [
        "insert into session_notes (patient_id, therapist_id, content)"
        " values (%(p)s, %(me)s, '{}')",
        "insert into session_notes (patient_id, therapist_id, content, is_private)"
        " values (%(p)s, %(me)s, '{}', true)",
        "insert into note_addenda (note_id, therapist_id, body) values (%(note)s, %(me)s, 'x')",
        "insert into measure_administrations (patient_id, therapist_id, instrument, answers,"
        " total, severity) values (%(p)s, %(me)s, 'gad7', '{0,0,0,0,0,0,0}', 0, 'minimal')",
        "insert into mood_entries (patient_id, therapist_id, rating) values (%(p)s, %(me)s, 5)",
        "insert into financial_records (patient_id, therapist_id, service_date, due_date, amount)"
        " values (%(p)s, %(me)s, current_date, current_date, 10)",
        "insert into appointments (therapist_id, patient_id, starts_at, duration_minutes)"
        " values (%(me)s, %(p)s, now() + interval '40 days', 50)",
    ],
)
def test_nothing_lands_in_a_colleagues_patients_chart(sarah, practice, statement):
    other = practice["other"]
    params = {"p": other["patient"], "me": practice["sarah_id"], "note": other["note"]}
    with pytest.raises(REFUSED), sarah.transaction():
        sarah.execute(statement, params)


def test_a_charge_or_note_on_a_colleagues_appointment_is_refused(sarah, practice):
    other = practice["other"]
    mine = sarah_patient(sarah)
    refused(
        sarah,
        "insert into session_notes (patient_id, therapist_id, appointment_id, content)"
        " values (%s, %s, %s, '{}')",
        mine["id"],
        practice["sarah_id"],
        other["appointment"],
    )
    refused(
        sarah,
        "insert into financial_records (patient_id, therapist_id, appointment_id, service_date,"
        " due_date, amount) values (%s, %s, %s, current_date, current_date, 10)",
        mine["id"],
        practice["sarah_id"],
        other["appointment"],
    )


def test_the_owner_acting_for_a_clinician_is_held_to_the_same_rule(demo_db_url, practice):
    with connect(demo_db_url) as owner:
        with pytest.raises(REFUSED), owner.transaction():
            owner.execute("select set_config('sanctuary.therapist', %s, true)", (SARAH_EMAIL,))
            owner.execute(
                "insert into appointments (therapist_id, patient_id, starts_at,"
                " duration_minutes) values (%s, %s, now() + interval '3 days', 50)",
                (practice["other"]["therapist"], practice["other"]["patient"]),
            )
        # Acting for Olivia, the owner books for her.
        with owner.transaction():
            owner.execute("select set_config('sanctuary.therapist', %s, true)", (OTHER_EMAIL,))
            owner.execute(
                "insert into appointments (therapist_id, patient_id, starts_at,"
                " duration_minutes) values (%s, %s, now() + interval '3 days', 50)",
                (practice["other"]["therapist"], practice["other"]["patient"]),
            )


# --- Ledgers no one rewrites -----------------------------------------------------------------


def paid_charge(conn) -> dict:
    return one(
        conn, "select id, amount, amount_paid from financial_records where amount_paid > 0 limit 1"
    )


@pytest.mark.parametrize("who", ["sarah", "biller"])
def test_a_payment_cannot_be_rewritten(request, who):
    conn = request.getfixturevalue(who)
    charge = paid_charge(conn)
    payment = one(conn, "select id from payments where financial_record_id = %s", charge["id"])
    message = refused(conn, "update payments set amount = 99999 where id = %s", payment["id"])
    assert "cannot be changed" in message
    refused(conn, "delete from payments where id = %s", payment["id"])
    after = one(conn, "select amount_paid from financial_records where id = %s", charge["id"])
    assert after["amount_paid"] == charge["amount_paid"]


def test_a_paid_charge_keeps_its_amount_and_no_balance_goes_negative(sarah, demo_db_url):
    charge = paid_charge(sarah)
    refused(sarah, "update financial_records set amount = 1 where id = %s", charge["id"])
    with connect(demo_db_url) as owner:
        refused(owner, "update financial_records set amount = 1 where id = %s", charge["id"])
    unpaid = one(sarah, "select id from financial_records where amount_paid = 0 limit 1")
    sarah.execute("update financial_records set amount = amount + 5 where id = %s", (unpaid["id"],))


@pytest.mark.parametrize("who", ["sarah", "biller"])
def test_refunded_needs_a_refund_and_paid_needs_payments(request, who):
    conn = request.getfixturevalue(who)
    charge = paid_charge(conn)
    refused(conn, "update financial_records set status = 'refunded' where id = %s", charge["id"])
    unpaid = one(conn, "select id from financial_records where amount_paid = 0 limit 1")
    refused(conn, "update financial_records set status = 'paid' where id = %s", unpaid["id"])
    # The product's own way: a refund row of what was paid, then the status.
    with conn.transaction():
        conn.execute(
            "insert into refunds (financial_record_id, amount, reason) values (%s, %s, 'test')",
            (charge["id"], charge["amount_paid"]),
        )
        conn.execute(
            "update financial_records set status = 'refunded' where id = %s", (charge["id"],)
        )
    refused(conn, "update financial_records set status = 'pending' where id = %s", charge["id"])
    refused(
        conn,
        "insert into refunds (financial_record_id, amount) values (%s, 1)",
        charge["id"],
        error=psycopg.errors.CheckViolation,
    )
    refused(conn, "delete from refunds")


# --- Tags ------------------------------------------------------------------------------------


def test_tags_are_as_visible_as_the_notes_that_carry_them(sarah, pg_cluster, practice, biller):
    other = practice["other"]
    with pg_cluster.admin(practice["dbname"]) as admin:
        private = admin.execute(
            "insert into session_notes (patient_id, therapist_id, content, is_private)"
            " values (%s, %s, '{}', true) returning id",
            (other["patient"], other["therapist"]),
        ).fetchone()[0]
        tag = admin.execute("insert into tags (name) values ('affair') returning id").fetchone()[0]
        admin.execute("insert into note_tags (note_id, tag_id) values (%s, %s)", (private, tag))
        shared = admin.execute(
            "select t.id from tags t join note_tags nt on nt.tag_id = t.id"
            " join session_notes n on n.id = nt.note_id where n.therapist_id <> %s limit 1",
            (other["therapist"],),
        ).fetchone()[0]
        admin.execute("insert into note_tags (note_id, tag_id) values (%s, %s)", (private, shared))
        practice_wide = admin.execute(
            "select usage_count from tags where id = %s", (shared,)
        ).fetchone()[0]
    assert one(sarah, "select count(*) as n from tags where name = 'affair'")["n"] == 0
    assert one(sarah, "select count(*) as n from tag_usage where name = 'affair'")["n"] == 0
    mine = one(sarah, "select usage_count from tag_usage where id = %s", shared)["usage_count"]
    assert mine == practice_wide - 1  # the colleague's private note is not counted
    refused(sarah, "select usage_count from tags")
    refused(sarah, "update tags set usage_count = 0")
    renamed = sarah.execute("update tags set name = 'renamed' where id = %s", (shared,))
    assert renamed.rowcount == 0  # a colleague's notes carry it
    refused(biller, "select name from tags")
    # Tagging her own note with an existing name reuses the tag, and shows her nothing more.
    ids = sarah.execute("select id from sanctuary_tag_ids(array['affair'])").fetchall()
    assert [r["id"] for r in ids] == [tag]


# --- Signed notes ----------------------------------------------------------------------------


def test_a_signed_notes_appointment_keeps_its_time(sarah, demo_db_url):
    with connect(demo_db_url) as owner:
        signed = one(
            owner,
            "select appointment_id from session_notes where signed_at is not null"
            " and appointment_id is not null limit 1",
        )
        assert signed, "the demo practice has a signed note on an appointment"
        for conn in (sarah, owner):
            message = refused(
                conn,
                "update appointments set starts_at = starts_at + interval '1 day' where id = %s",
                signed["appointment_id"],
            )
            assert "signed note" in message


# --- Audit chain -----------------------------------------------------------------------------


def test_the_owner_cannot_move_the_chain_head(demo_db_url):
    with connect(demo_db_url) as owner:
        refused(owner, "update audit_chain_head set last_seq = last_seq + 1")
        refused(owner, "update audit_chain_head set last_seq = 0, last_hash = repeat('0', 64)")
        refused(
            owner,
            "insert into audit_chain_head values (true, 0, repeat('0', 64))",
            error=(psycopg.errors.InsufficientPrivilege, psycopg.errors.UniqueViolation),
        )
        refused(owner, "delete from audit_chain_head")


@pytest.mark.parametrize(
    "args",
    [
        ("nonsense", None, None, "READ"),
        ("session_notes", None, None, "DELETE"),
        ("session_notes", "x" * 100_000, None, "READ"),
        ("session_notes", "not-a-uuid", None, "READ"),
    ],
)
def test_the_read_audit_refuses_forged_kinds_and_values(sarah, args):
    refused(
        sarah,
        "select sanctuary_record_read(%s, %s, %s, %s)",
        *args,
        error=(psycopg.errors.InvalidParameterValue, psycopg.errors.InsufficientPrivilege),
    )


def test_the_read_audit_refuses_rows_the_caller_cannot_see(sarah, biller, practice):
    other = practice["other"]
    for args in (
        ("session_notes", other["note"], other["patient"]),
        ("session_notes", other["note"], None),
        ("patients", None, other["patient"]),
        ("session_notes", "00000000-0000-0000-0000-000000000001", None),
    ):
        refused(sarah, "select sanctuary_record_read(%s, %s, %s, 'EXPORT')", *args)
    refused(biller, "select sanctuary_record_read('session_notes', null, %s)", other["patient"])
    mine = one(sarah, "select id::text, patient_id from session_notes limit 1")
    sarah.execute(
        "select sanctuary_record_read('session_notes', %s, %s)", (mine["id"], mine["patient_id"])
    )
