"""Patients: list, add, edit, discharge, search, chart, and CSV import/export."""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata

from sanctuary_cli.practice.chart import patient_chart
from sanctuary_cli.practice.refs import resolve_patient

IMPORT_HEADER = (
    "first_name,last_name,date_of_birth,phone,insurance_provider,coverage_percent,fee_exempt,"
    "diagnosis_codes"
)


def count_patients(db) -> int:
    with db.transaction() as cur:
        cur.execute("select count(*) as n from patients")
        return cur.fetchone()["n"]


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_list_shows_active_patients_with_next_appointment(cli, demo_db_url):
    result = cli("patients", "list", "--csv")
    assert result.exit_code == 0, result.stderr
    rows = csv_rows(result.stdout)
    assert [r["full_name"] for r in rows] == ["Benjamin Carter", "Amelia Chen", "Chloe Davis"]
    assert all(r["next_appointment_at"] for r in rows)
    assert rows[0]["preferred_name"] == "Ben"


def test_add_with_flags_stores_nfc_names(cli, demo_db, demo_db_url):
    decomposed = unicodedata.normalize("NFD", "Zoë")
    result = cli(
        "patients", "add", "--first", decomposed, "--last", "Ruiz", "--dob", "1990-05-14",
        "--insurance", "Aetna", "--coverage", "60", "--diagnosis", "f41.1", "--fee-exempt",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    patient = resolve_patient(demo_db, "ruiz")
    assert patient["full_name"] == unicodedata.normalize("NFC", "Zoë Ruiz")
    chart = patient_chart(demo_db, patient["id"])
    assert chart["insurance"]["coverage_percent"] == 60
    assert chart["insurance"]["fee_exempt"] is True
    assert chart["patient"]["diagnosis_codes"] == ["F41.1"]


def test_add_off_a_terminal_needs_the_names(cli, demo_db_url):
    result = cli("patients", "add", "--first", "Dana")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: Give --first and --last (no terminal to ask on)"


def test_add_with_bad_values_names_the_field(cli, demo_db_url):
    bad_dob = cli("patients", "add", "--first", "A", "--last", "B", "--dob", "1990-02-30")
    assert bad_dob.exit_code == 1 and "date_of_birth '1990-02-30' is not a date" in bad_dob.stderr
    bad_cov = cli("patients", "add", "--first", "A", "--last", "B", "--coverage", "120")
    assert bad_cov.exit_code == 1 and "from 0 to 100" in bad_cov.stderr
    assert len(bad_cov.stderr.strip().splitlines()) == 1


def test_show_prints_the_chart_sections(cli, demo_db_url):
    result = cli("patients", "show", "amelia")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for text in ("Amelia Chen", "Contact:", "Insurance:", "Aetna", "Next appointment:",
                 "Recent sessions", "signed", "Balance:"):  # fmt: skip
        assert text in out, text
    assert "F41.1" not in out.split("Insurance:")[1]  # no diagnosis beside the billing lines


def test_show_json_is_the_chart_dict(cli, demo_db, demo_db_url):
    result = cli("patients", "show", "chloe davis", "--json")
    assert result.exit_code == 0, result.stderr
    chart = json.loads(result.stdout)
    assert {
        "patient",
        "contact",
        "insurance",
        "next_appointment",
        "recent_sessions",
        "balance",
    } <= set(chart)
    assert chart["patient"]["full_name"] == "Chloe Davis"
    assert chart["recent_sessions"][0]["note"] == "unsigned"
    direct = patient_chart(demo_db, resolve_patient(demo_db, "chloe")["id"])
    assert direct["next_appointment"]["appointment_id"] is not None


def test_ambiguous_and_missing_references_exit_1(cli, demo_db_url):
    ambiguous = cli("patients", "show", "ch")
    assert ambiguous.exit_code == 1
    assert "matches 2 patients: Amelia Chen" in ambiguous.stderr
    assert "Chloe Davis" in ambiguous.stderr
    missing = cli("patients", "show", "Amelia Chn")
    assert missing.exit_code == 1
    assert "Did you mean Amelia Chen?" in missing.stderr


def test_search_is_typo_tolerant_and_ranked(cli, demo_db_url):
    cli("patients", "add", "--first", "Amelie", "--last", "Chaney")
    result = cli("patients", "search", "amelia chn", "--csv")
    assert result.exit_code == 0, result.stderr
    names = [r["full_name"] for r in csv_rows(result.stdout)]
    assert names[0] == "Amelia Chen"
    assert "Benjamin Carter" not in names
    scores = [float(r["score"]) for r in csv_rows(result.stdout)]
    assert scores == sorted(scores, reverse=True)
    assert csv_rows(cli("patients", "search", "benjmin", "--csv").stdout)[0]["full_name"] == (
        "Benjamin Carter"
    )
    nothing = cli("patients", "search", "zzzz")
    assert nothing.exit_code == 0 and "No patient name is close" in nothing.stdout


def test_search_query_is_served_by_the_trigram_index(demo_db):
    """The search the command sends reads patients_full_name_trgm_idx, as the owner and under
    its forced row-level security (the match runs in sanctuary_name_matches, migration 0122):
    the index scans this transaction made are counted by pg_stat_get_xact_numscans."""
    from psycopg.rows import dict_row

    from sanctuary_cli.store.db import named_query

    conn = demo_db.conn
    with conn.transaction(force_rollback=True), conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            named_query("patients.search"),
            {"text": "amelia chn", "therapist_id": None, "limit": 10},
        )
        found = [row["full_name"] for row in cur.fetchall()]
        cur.execute("select pg_stat_get_xact_numscans('patients_full_name_trgm_idx'::regclass)")
        scans = cur.fetchone()["pg_stat_get_xact_numscans"]
    assert found[:1] == ["Amelia Chen"]
    assert scans > 0


def test_edit_changes_only_the_given_fields(cli, demo_db, demo_db_url):
    result = cli("patients", "edit", "ben carter", "--phone", "+1 646 555 0100", "--fee-exempt")
    assert result.exit_code == 0, result.stderr
    chart = patient_chart(demo_db, resolve_patient(demo_db, "benjamin")["id"])
    assert chart["contact"]["phone"] == "+1 646 555 0100"
    assert chart["contact"]["email"] == "ben.carter@example.com"
    assert chart["insurance"]["fee_exempt"] is True
    nothing = cli("patients", "edit", "ben carter")
    assert nothing.exit_code == 1 and "Nothing to change" in nothing.stderr


def test_discharge_keeps_the_record_and_mentions_booked_sessions(cli, demo_db_url):
    result = cli("patients", "discharge", "chloe")
    assert result.exit_code == 0, result.stderr
    assert "status Completed" in result.stdout
    assert "1 appointment(s) are still scheduled" in result.stderr
    active = [r["full_name"] for r in csv_rows(cli("patients", "list", "--csv").stdout)]
    assert "Chloe Davis" not in active
    completed = cli("patients", "list", "--status", "completed", "--csv").stdout
    assert [r["full_name"] for r in csv_rows(completed)] == ["Chloe Davis"]
    booked = cli("appointments", "add", "chloe", "2031-01-07 10:00")
    assert booked.exit_code == 1 and "is Completed; reactivate" in booked.stderr
    assert cli("patients", "edit", "chloe", "--status", "Active").exit_code == 0
    assert cli("appointments", "add", "chloe", "2031-01-07 10:00").exit_code == 0


def test_import_stores_every_row(cli, demo_db, demo_db_url, tmp_path):
    path = tmp_path / "new.csv"
    path.write_text(
        IMPORT_HEADER
        + "\nDana,Ruiz,1990-05-14,+1 555 0100,Aetna,80,no,F41.1;F32.0\nEli,Stone,,,,,,\n",
        encoding="utf-8",
    )
    before = count_patients(demo_db)
    result = cli("patients", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "Imported 2 patient(s)"
    assert count_patients(demo_db) == before + 2
    dana = patient_chart(demo_db, resolve_patient(demo_db, "dana ruiz")["id"])
    assert dana["patient"]["diagnosis_codes"] == ["F41.1", "F32.0"]


def test_import_with_one_bad_row_stores_nothing(cli, demo_db, demo_db_url, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        IMPORT_HEADER + "\n"
        "Dana,Ruiz,1990-05-14,,Aetna,80,no,F41.1\n"
        "Eli,Stone,1990-13-01,,,,,\n"
        "Fay,Young,,,,,,\n",
        encoding="utf-8",
    )
    before = count_patients(demo_db)
    result = cli("patients", "import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "line 3: date_of_birth '1990-13-01' is not a date (YYYY-MM-DD)"
    assert lines[-1] == "Error: 1 row(s) are invalid; nothing was imported"
    assert count_patients(demo_db) == before


def test_import_row_refused_by_the_database_stores_nothing(cli, demo_db, demo_db_url, tmp_path):
    path = tmp_path / "old.csv"
    path.write_text(
        IMPORT_HEADER + "\nDana,Ruiz,,,,,,\nOld,Timer,1899-12-31,,,,,\n", encoding="utf-8"
    )
    before = count_patients(demo_db)
    result = cli("patients", "import", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("line 3: rejected by the database")
    assert count_patients(demo_db) == before


def test_import_refuses_unknown_columns(cli, demo_db_url, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("first_name,last_name,ssn\nA,B,123\n", encoding="utf-8")
    result = cli("patients", "import", str(path))
    assert result.exit_code == 1 and "unknown column(s) ssn" in result.stderr


def test_export_then_import_round_trips(cli, demo_db, demo_db_url, tmp_path):
    exported = cli("patients", "export")
    assert exported.exit_code == 0, exported.stderr
    rows = csv_rows(exported.stdout)
    assert {r["last_name"] for r in rows} == {"Chen", "Carter", "Davis"}
    assert rows[0]["phone"].startswith("'+")  # the spreadsheet formula guard
    path = tmp_path / "again.csv"
    path.write_text(exported.stdout, encoding="utf-8")
    # Into the same practice every row is a patient it has (docs/SPEC.md section 7) ...
    again = cli("patients", "import", str(path))
    assert again.exit_code == 1 and "Amelia Chen (" in again.stderr
    assert count_patients(demo_db) == 3
    # ... so the round trip says these are other people.
    result = cli("patients", "import", str(path), "--allow-duplicate")
    assert result.exit_code == 0, result.stderr
    with demo_db.transaction() as cur:
        cur.execute("select phone from patients where last_name = 'Chen'")
        assert [r["phone"] for r in cur.fetchall()] == ["+1 917 555 0142"] * 2


def test_add_on_a_terminal_prompts_for_what_is_missing(demo_db, demo_db_url):
    from terminal_helpers import run_on_terminal

    code, screen = run_on_terminal(
        ["patients", "add", "--dob", "1990-01-01", "--phone", "+1 555 0100", "--email", "",
         "--insurance", ""],
        [("First name", "Dana"), ("Last name", "Ruiz")],
        dict(os.environ),
    )  # fmt: skip
    assert code == 0, screen
    assert "Added Dana Ruiz" in screen
    patient = resolve_patient(demo_db, "dana ruiz")
    assert patient["date_of_birth"].isoformat() == "1990-01-01"
