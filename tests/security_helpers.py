"""A second clinician with a full patient record, and connections as the application roles."""

from __future__ import annotations

import secrets

import psycopg
from psycopg import sql
from psycopg.rows import dict_row, tuple_row

OTHER_EMAIL = "olivia.other@sanctuary.example"
SARAH_EMAIL = "sarah.johnson@sanctuary.example"
SECRET = "ZEBRA-SECRET-7731"  # in the other clinician's note content only


def connect(url: str) -> psycopg.Connection:
    """A connection as URL's role, autocommit (each statement as psql would send it), dict rows."""
    return psycopg.connect(url, autocommit=True, row_factory=dict_row)


def dbname_of(url: str) -> str:
    return psycopg.conninfo.conninfo_to_dict(url)["dbname"]


def add_other_practice(admin: psycopg.Connection) -> dict[str, str]:
    """Dr. Olivia Other and her patient Zed Other, with a row in every patient-data table.

    Written as the cluster superuser, which row-level security does not restrict.
    """
    ids = {}
    ids["therapist"] = admin.execute(
        "insert into therapists (first_name, last_name, email) values ('Olivia', 'Other', %s)"
        " returning id::text",
        (OTHER_EMAIL,),
    ).fetchone()[0]
    ids["patient"] = admin.execute(
        "insert into patients (therapist_id, first_name, last_name, phone)"
        " values (%s, 'Zed', 'Other', '+1 555 0199') returning id::text",
        (ids["therapist"],),
    ).fetchone()[0]
    ids["appointment"] = admin.execute(
        "insert into appointments (therapist_id, patient_id, starts_at, duration_minutes)"
        " values (%s, %s, now() + interval '2 days', 50) returning id::text",
        (ids["therapist"], ids["patient"]),
    ).fetchone()[0]
    ids["note"] = admin.execute(
        "insert into session_notes (patient_id, therapist_id, appointment_id, content)"
        " values (%s, %s, %s, jsonb_build_object('subjective', %s::text)) returning id::text",
        (ids["patient"], ids["therapist"], ids["appointment"], SECRET),
    ).fetchone()[0]
    admin.execute(
        "insert into note_tags (note_id, tag_id) select %s, id from tags limit 1", (ids["note"],)
    )
    admin.execute(
        "insert into mood_entries (patient_id, therapist_id, rating, note) values (%s, %s, 4, %s)",
        (ids["patient"], ids["therapist"], SECRET),
    )
    admin.execute(
        "insert into progress_entries (patient_id, therapist_id, progress_area_id, rating, notes)"
        " select %s, %s, id, 5, %s from progress_areas limit 1",
        (ids["patient"], ids["therapist"], SECRET),
    )
    ids["charge"] = admin.execute(
        "insert into financial_records (patient_id, therapist_id, appointment_id, service_date,"
        " due_date, amount) values (%s, %s, %s, current_date, current_date + 30, 150)"
        " returning id::text",
        (ids["patient"], ids["therapist"], ids["appointment"]),
    ).fetchone()[0]
    admin.execute(
        "insert into payments (financial_record_id, amount) values (%s, 50)", (ids["charge"],)
    )
    if admin.execute("select to_regclass('measure_administrations')").fetchone()[0]:
        admin.execute(
            "insert into measure_administrations (patient_id, therapist_id, instrument, answers,"
            " total, severity, note) values (%s, %s, 'gad7', '{1,1,1,1,1,1,1}', 7, 'mild', %s)",
            (ids["patient"], ids["therapist"], SECRET),
        )
    if admin.execute("select to_regclass('note_addenda')").fetchone()[0]:
        admin.execute(
            "insert into note_addenda (note_id, therapist_id, body) values (%s, %s, %s)",
            (ids["note"], ids["therapist"], SECRET),
        )
    return ids


def add_other_rows_everywhere(admin: psycopg.Connection, ids: dict[str, str]) -> None:
    """Rows of Dr. Other's practice (add_other_practice) in the patient-data tables it leaves
    empty: coverage, claims, remittances, estimates, plans, reminders, risk resolutions, a merge.

    Written with the triggers off (session_replication_role = replica: the business rules
    that would want signed notes or a payer file are not what is tested), so a test that
    reads every table as a colleague has a row of hers to not see in each of them.
    """
    admin.execute("set session_replication_role = replica")
    try:
        one = lambda query, *params: admin.execute(query, params).fetchone()[0]  # noqa: E731
        patient, therapist, charge = ids["patient"], ids["therapist"], ids["charge"]
        payer = one(
            "insert into payers (name, payer_id) values ('Other Mutual', '99901')"
            " returning id::text"
        )
        admin.execute(
            "insert into patient_policies (patient_id, rank, payer_id) values (%s, 'primary', %s)",
            (patient, payer),
        )
        claim = one(
            "insert into claims (control_number, patient_id, therapist_id, payer_id,"
            " service_from, service_to, total_charge, diagnoses, place_of_service)"
            " values ('SCOTHER01', %s, %s, %s, current_date, current_date, 150,"
            " '{F41.1}', '11') returning id::text",
            patient,
            therapist,
            payer,
        )
        line = one(
            "insert into claim_lines (claim_id, line_number, financial_record_id,"
            " cpt_code, charge, service_date, place_of_service, pointers)"
            " values (%s, 1, %s, '90834', 150, current_date, '11', '{1}')"
            " returning id::text",
            claim,
            charge,
        )
        admin.execute(
            "insert into claim_events (claim_id, patient_id, therapist_id, kind,"
            " status) values (%s, %s, %s, 'created', 'ready')",
            (claim, patient, therapist),
        )
        remittance = one(
            "insert into remittances (payer_identifier, trace_number, total_paid,"
            " file_name, therapist_id) values ('99901', 'TRNOTHER1', 100,"
            " 'other.835', %s) returning id::text",
            therapist,
        )
        remitted = one(
            "insert into remittance_lines (remittance_id, claim_id, claim_line_id,"
            " financial_record_id, status_code, charge, paid, position)"
            " values (%s, %s, %s, %s, '1', 150, 100, 1) returning id::text",
            remittance,
            claim,
            line,
            charge,
        )
        admin.execute(
            "insert into charge_adjustments (remittance_line_id, financial_record_id,"
            " claim_id, group_code, reason_code, amount, writes_off)"
            " values (%s, %s, %s, 'CO', '45', 50, true)",
            (remitted, charge, claim),
        )
        admin.execute(
            "insert into refunds (financial_record_id, amount) values (%s, 10)", (charge,)
        )
        estimate = one(
            "insert into estimates (patient_id, therapist_id, self_pay_reason,"
            " patient_name, provider_name, provider_npi, provider_tax_id, location,"
            " service_description, sessions, service_from, service_to, total)"
            " values (%s, %s, 'uninsured', 'Zed Other', 'Olivia Other',"
            " '1234567893', '12-3456789', 'Office', 'Psychotherapy', 1,"
            " current_date, current_date, 150) returning id::text",
            patient,
            therapist,
        )
        admin.execute(
            "insert into estimate_lines (estimate_id, patient_id, line_number,"
            " expected_date, description, cpt_code, amount)"
            " values (%s, %s, 1, current_date, 'Psychotherapy', '90834', 150)",
            (estimate, patient),
        )
        plan = one(
            "insert into treatment_plans (patient_id, therapist_id, problems, goals,"
            " interventions) values (%s, %s, jsonb_build_array(jsonb_build_object("
            "'description', %s::text, 'icd10', jsonb_build_array('F41.1'))), '{Calm}',"
            ' \'[{"modality": "CBT", "frequency": "weekly"}]\')'
            " returning id::text",
            patient,
            therapist,
            SECRET,
        )
        objective = one(
            "insert into plan_objectives (plan_id, patient_id, position,"
            " description, target_date) values (%s, %s, 1, %s, current_date + 30)"
            " returning id::text",
            plan,
            patient,
            SECRET,
        )
        admin.execute(
            "insert into note_plan_objectives (note_id, plan_objective_id) values (%s, %s)",
            (ids["note"], objective),
        )
        admin.execute(
            "insert into reminders (appointment_id, starts_at, patient_id,"
            " therapist_id, recipient, claimed_by) values (%s, now() + interval"
            " '2 days', %s, %s, 'zed@other.example', gen_random_uuid())",
            (ids["appointment"], patient, therapist),
        )
        admin.execute(
            "insert into risk_resolutions (patient_id, therapist_id, reason) values (%s, %s, %s)",
            (patient, therapist, SECRET),
        )
        merged = one(
            "insert into patients (therapist_id, first_name, last_name, status)"
            " values (%s, 'Zed', 'Otter', 'Inactive') returning id::text",
            therapist,
        )
        admin.execute(
            "insert into patient_merges (patient_id, merged_patient_id, therapist_id)"
            " values (%s, %s, %s)",
            (patient, merged, therapist),
        )
    finally:
        admin.execute("set session_replication_role = origin")


def billing_login(admin: psycopg.Connection) -> str:
    """A new login role in sanctuary_billing (what a practice would make for its biller)."""
    role = f"sanctuary_biller_{secrets.token_hex(4)}"
    admin.execute(
        sql.SQL("create role {} login in role sanctuary_billing").format(sql.Identifier(role))
    )
    return role


def patient_data_tables(conn: psycopg.Connection) -> list[str]:
    """Every table of the schema that holds rows about a patient (by its key columns)."""
    return [
        row[0]
        for row in conn.cursor(row_factory=tuple_row).execute(
            "select distinct c.relname from pg_class c"
            " join pg_attribute a on a.attrelid = c.oid and not a.attisdropped"
            " where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace"
            " and (a.attname in ('patient_id', 'note_id', 'financial_record_id')"
            "      or c.relname = 'patients')"
            " order by 1"
        )
    ]


def views(conn: psycopg.Connection) -> list[str]:
    return [
        row[0]
        for row in conn.cursor(row_factory=tuple_row).execute(
            "select viewname from pg_views where schemaname = current_schema() order by 1"
        )
    ]


def make_practice(pg_cluster, demo_db_url: str, demo_db) -> dict:
    """The demo practice plus a second clinician; a login role for Dr. Sarah Johnson."""
    from sanctuary_cli.practice.logins import create_login_role, generate_password

    dbname = dbname_of(demo_db_url)
    with pg_cluster.admin(dbname) as admin:
        other = add_other_practice(admin)
    sarah = demo_db.one("therapists.resolve_current", ref=SARAH_EMAIL)
    password = generate_password()
    role = create_login_role(demo_db, sarah["id"], password)
    return {
        "dbname": dbname,
        "other": other,
        "sarah_id": str(sarah["id"]),
        "role": role,
        "password": password,
        "url": pg_cluster.url(dbname, user=role, password=password),
    }
