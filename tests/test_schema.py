"""The database enforces the rules: constraints, triggers, views, double booking."""

from __future__ import annotations

import psycopg
import pytest

ENUMS = {
    "session_type_enum": ["Individual", "Couples", "Family"],
    "patient_status_enum": ["Active", "Inactive", "Completed"],
    "appointment_type_enum": ["Virtual", "In-Person"],
    "appointment_status_enum": ["scheduled", "completed", "cancelled", "no-show"],
    "financial_record_type_enum": [
        "session",
        "consultation",
        "assessment",
        "cancellation-fee",
        "late-fee",
    ],
    "payment_status_enum": ["paid", "pending", "overdue", "cancelled", "refunded"],
}
TABLES = [
    "therapists",
    "patients",
    "appointments",
    "session_notes",
    "mood_entries",
    "progress_entries",
    "financial_records",
    "session_types",
    "progress_areas",
    "tags",
    "note_tags",
]
AMELIA = "select id from patients where full_name = 'Amelia Chen'"


def one(db, query, *params):
    with db.transaction() as cur:
        cur.execute(query, params)
        row = cur.fetchone()
    return None if row is None else next(iter(row.values()))


def execute(db, query, *params):
    with db.transaction() as cur:
        cur.execute(query, params)


def test_enums_have_exactly_the_listed_values(empty_db):
    for name, values in ENUMS.items():
        assert one(empty_db, f"select enum_range(null::{name})::text[]") == values


def test_every_table_exists_with_uuid_key_and_comment(empty_db):
    for table in TABLES:
        assert one(empty_db, "select obj_description(to_regclass(%s), 'pg_class')", table), table
    key_types = one(
        empty_db,
        "select array_agg(distinct c.data_type::text) from information_schema.columns c"
        " join information_schema.tables t using (table_schema, table_name)"
        " where c.table_schema = current_schema() and c.column_name = 'id'"
        " and t.table_type = 'BASE TABLE' and c.table_name = any(%s)",
        TABLES,
    )
    assert key_types == ["uuid"]


def test_views_exist_with_comments(empty_db):
    for view in ["upcoming_appointments", "financial_summary", "active_patients_with_appointments"]:
        assert one(empty_db, "select obj_description(to_regclass(%s), 'pg_class')", view), view


def test_at_least_fifteen_indexes_including_trigram_name_search(empty_db):
    count = one(
        empty_db,
        "select count(*) from pg_indexes where schemaname = current_schema()"
        " and indexname not like '%%pkey'",
    )
    assert count >= 15
    trgm = one(
        empty_db, "select indexdef from pg_indexes where indexname = 'patients_full_name_trgm_idx'"
    )
    assert "gin_trgm_ops" in trgm


def test_mood_rating_of_eleven_is_rejected(demo_db):
    with pytest.raises(psycopg.errors.CheckViolation):
        execute(demo_db, f"insert into mood_entries (patient_id, rating) values (({AMELIA}), 11)")


def test_mood_rating_of_zero_is_rejected(demo_db):
    with pytest.raises(psycopg.errors.CheckViolation):
        execute(demo_db, f"insert into mood_entries (patient_id, rating) values (({AMELIA}), 0)")


def test_negative_amount_is_rejected(demo_db):
    with pytest.raises(psycopg.errors.CheckViolation):
        execute(
            demo_db,
            "insert into financial_records (patient_id, therapist_id, service_date, due_date,"
            " amount) select id, therapist_id, current_date, current_date, -1 from patients"
            " where full_name = 'Amelia Chen'",
        )


def test_coverage_above_hundred_percent_is_rejected(demo_db):
    with pytest.raises(psycopg.errors.CheckViolation):
        execute(demo_db, "update patients set coverage_percent = 101")


def test_high_risk_note_without_safety_plan_is_rejected(demo_db):
    with pytest.raises(psycopg.errors.CheckViolation):
        execute(
            demo_db,
            "update session_notes set risk_level = 'high', safety_plan = null"
            " where signed_at is null",
        )


def test_updated_at_is_maintained(demo_db):
    before = one(demo_db, "select updated_at from patients where full_name = 'Chloe Davis'")
    execute(
        demo_db, "update patients set phone = '+1 347 555 0000' where full_name = 'Chloe Davis'"
    )
    after = one(demo_db, "select updated_at from patients where full_name = 'Chloe Davis'")
    assert after > before


def test_completing_an_appointment_counts_a_session(demo_db):
    assert one(demo_db, f"select session_count from patients where id = ({AMELIA})") == 2
    execute(
        demo_db,
        "update appointments set status = 'completed'"
        f" where patient_id = ({AMELIA}) and status = 'scheduled'",
    )
    assert one(demo_db, f"select session_count from patients where id = ({AMELIA})") == 3
    execute(
        demo_db,
        "update appointments set status = 'cancelled'"
        f" where patient_id = ({AMELIA}) and starts_at > now()",
    )
    assert one(demo_db, f"select session_count from patients where id = ({AMELIA})") == 2


def test_tag_usage_count_follows_note_tags(demo_db):
    assert one(demo_db, "select usage_count from tags where name = 'anxiety'") == 2
    unsigned_note = "(select id from session_notes where signed_at is null limit 1)"
    anxiety = "(select id from tags where name = 'anxiety')"
    execute(demo_db, f"insert into note_tags (note_id, tag_id) values ({unsigned_note}, {anxiety})")
    assert one(demo_db, "select usage_count from tags where name = 'anxiety'") == 3
    execute(
        demo_db, f"delete from note_tags where note_id = {unsigned_note} and tag_id = {anxiety}"
    )
    assert one(demo_db, "select usage_count from tags where name = 'anxiety'") == 2


def test_ends_at_follows_start_and_duration(demo_db):
    execute(
        demo_db,
        "update appointments set duration_minutes = 90"
        f" where patient_id = ({AMELIA}) and status = 'scheduled'",
    )
    minutes = one(
        demo_db,
        "select extract(epoch from ends_at - starts_at) / 60 from appointments"
        f" where patient_id = ({AMELIA}) and status = 'scheduled'",
    )
    assert minutes == 90


def test_double_booking_a_therapist_is_rejected_by_the_database(demo_db):
    insert = (
        "insert into appointments (therapist_id, patient_id, starts_at, duration_minutes)"
        " select therapist_id, patient_id, starts_at + interval '30 minutes', 50"
        f" from appointments where patient_id = ({AMELIA}) and status = 'scheduled'"
    )
    with pytest.raises(psycopg.errors.ExclusionViolation):
        execute(demo_db, insert)


def test_cancelled_appointment_frees_its_slot(demo_db):
    execute(
        demo_db,
        "update appointments set status = 'cancelled'"
        f" where patient_id = ({AMELIA}) and status = 'scheduled'",
    )
    execute(
        demo_db,
        "insert into appointments (therapist_id, patient_id, starts_at, duration_minutes)"
        " select therapist_id, patient_id, starts_at, 50"
        f" from appointments where patient_id = ({AMELIA}) and status = 'cancelled'",
    )


def test_upcoming_appointments_view_on_demo(demo_db):
    with demo_db.transaction() as cur:
        cur.execute("select patient_name from upcoming_appointments order by starts_at")
        names = [row["patient_name"] for row in cur.fetchall()]
    assert names == ["Amelia Chen", "Benjamin Carter", "Chloe Davis"]


def test_financial_summary_view_on_demo(demo_db):
    with demo_db.transaction() as cur:
        cur.execute(
            "select patient_name, total_billed::text, total_paid::text, balance::text,"
            " overdue_balance::text from financial_summary order by patient_name"
        )
        rows = [tuple(r.values()) for r in cur.fetchall()]
    assert rows == [
        ("Amelia Chen", "300.00", "180.00", "120.00", "0.00"),
        ("Benjamin Carter", "300.00", "150.00", "150.00", "150.00"),
        ("Chloe Davis", "200.00", "0.00", "200.00", "0.00"),
    ]


def test_active_patients_with_appointments_view_on_demo(demo_db):
    with demo_db.transaction() as cur:
        cur.execute(
            "select patient_name, session_count, upcoming_count,"
            " next_appointment_at is not null as has_next"
            " from active_patients_with_appointments order by patient_name"
        )
        rows = [tuple(r.values()) for r in cur.fetchall()]
    assert rows == [
        ("Amelia Chen", 2, 1, True),
        ("Benjamin Carter", 2, 1, True),
        ("Chloe Davis", 1, 1, True),
    ]


def test_charge_status_derives_from_balance_and_due_date(demo_db):
    with demo_db.transaction() as cur:
        cur.execute("select status::text, count(*) from financial_record_balances group by 1")
        counts = {r["status"]: r["count"] for r in cur.fetchall()}
    assert counts == {"paid": 2, "pending": 2, "overdue": 1}


def test_coverage_split_is_computed_to_the_cent(demo_db):
    with demo_db.transaction() as cur:
        cur.execute(
            "insert into financial_records (patient_id, therapist_id, service_date, due_date,"
            " amount, coverage_percent) select id, therapist_id, current_date, current_date,"
            " 125.00, 80 from patients where full_name = 'Amelia Chen'"
            " returning insurance_amount::text, patient_responsibility::text"
        )
        assert tuple(cur.fetchone().values()) == ("100.00", "25.00")
        cur.execute(
            "insert into financial_records (patient_id, therapist_id, service_date, due_date,"
            " amount, coverage_percent) select id, therapist_id, current_date, current_date,"
            " 99.99, 33.33 from patients where full_name = 'Amelia Chen'"
            " returning insurance_amount::text, patient_responsibility::text"
        )
        assert tuple(cur.fetchone().values()) == ("33.33", "66.66")
