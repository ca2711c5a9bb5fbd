"""The declared patient fields: one list read by `add`, `edit`, `import` and `export`, and every
value read by the one set of parsers (strict coverage, yes/no words, ICD-10 lists, dates)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from sanctuary_cli.practice.audit import audit_entries
from sanctuary_cli.practice.chart import patient_chart, show_chart
from sanctuary_cli.practice.patients import FIELDS, IMPORT_COLUMNS
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.rules.dates import practice_today

# The CSV header `patients export` writes and `patients import` reads: scripts depend on it.
CSV_HEADER = (
    "first_name", "last_name", "preferred_name", "pronouns", "email", "phone", "address",
    "emergency_contact_name", "emergency_contact_phone", "emergency_contact_relationship",
    "insurance_provider", "insurance_member_id", "insurance_group_number", "date_of_birth",
    "coverage_percent", "fee_exempt", "diagnosis_codes", "status", "intake_date",
)  # fmt: skip
OPTIONS = {
    "add": [
        "--first", "--last", "--preferred-name", "--pronouns", "--dob", "--email", "--phone",
        "--address", "--emergency-name", "--emergency-phone", "--emergency-relationship",
        "--insurance", "--member-id", "--group-number", "--coverage", "--fee-exempt",
        "--not-fee-exempt", "--diagnosis",
    ],
}  # fmt: skip
# Claim coverage (docs/SPEC.md section 8) is set with `patients edit` only: a payer must exist
# first (payers add), and a policy is not taken from a spreadsheet.
COVERAGE_OPTIONS = [
    "--sex", "--city", "--state", "--zip", "--payer", "--relationship", "--subscriber-first",
    "--subscriber-last", "--subscriber-dob", "--subscriber-sex", "--secondary-member-id",
    "--secondary-group-number", "--secondary-payer", "--secondary-relationship",
    "--secondary-subscriber-first", "--secondary-subscriber-last", "--secondary-subscriber-dob",
    "--secondary-subscriber-sex",
]  # fmt: skip
OPTIONS["edit"] = [*OPTIONS["add"], "--status", "--reminders", *COVERAGE_OPTIONS]


def one_line_error(result, says: str) -> None:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 1, result.stderr
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    assert says in lines[0], lines[0]


def amelia(demo_db) -> dict:
    return patient_chart(demo_db, resolve_patient(demo_db, "amelia chen")["id"])


def write_csv(path, header: str, *rows: str) -> str:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


# --------------------------------------------------------------------------- one field list


def test_import_columns_are_the_field_columns_in_the_csv_order():
    assert IMPORT_COLUMNS == CSV_HEADER
    assert set(IMPORT_COLUMNS) <= {field.column for field in FIELDS}


@pytest.mark.parametrize("mode", ["add", "edit"])
def test_every_field_of_a_mode_is_an_option_of_that_command(cli, mode):
    shown = cli("patients", mode, "--help")
    assert shown.exit_code == 0, shown.stderr
    declared = [field.option for field in FIELDS if mode in field.modes]
    assert declared == [option for option in declared if option in shown.stdout]
    assert all(option in shown.stdout for option in OPTIONS[mode]), shown.stdout
    assert set(declared) <= set(OPTIONS[mode])


def test_status_is_no_option_of_add(cli):
    result = cli("patients", "add", "--first", "A", "--last", "B", "--status", "Inactive")
    assert result.exit_code == 2


@pytest.mark.parametrize("option", ["--payer", "--secondary-payer", "--sex"])
def test_coverage_is_no_option_of_add(cli, option):
    result = cli("patients", "add", "--first", "A", "--last", "B", option, "Aetna")
    assert result.exit_code == 2


def test_export_writes_the_id_then_what_import_reads(cli, demo_db_url):
    exported = cli("patients", "export")
    assert exported.exit_code == 0, exported.stderr
    header = next(csv.reader(io.StringIO(exported.stdout)))
    assert header == ["patient_id", *CSV_HEADER]


# --------------------------------------------------------------------------- coverage


@pytest.mark.parametrize("coverage", ["80.555", "1e2", "101", "-5", "NaN", "half"])
def test_edit_refuses_a_coverage_that_is_not_a_plain_percentage(cli, demo_db, coverage):
    before = amelia(demo_db)["insurance"]["coverage_percent"]
    result = cli("patients", "edit", "amelia chen", "--coverage", coverage)
    one_line_error(result, f"coverage_percent {coverage!r}")
    assert amelia(demo_db)["insurance"]["coverage_percent"] == before


@pytest.mark.parametrize("coverage", ["80", "80%", "12.5", "0", "100"])
def test_edit_takes_a_plain_percentage(cli, demo_db, coverage):
    result = cli("patients", "edit", "amelia chen", "--coverage", coverage)
    assert result.exit_code == 0, result.stderr
    assert amelia(demo_db)["insurance"]["coverage_percent"] == float(coverage.rstrip("%"))


@pytest.mark.parametrize("coverage", ["80.555", "1e2"])
def test_import_refuses_the_same_coverage(cli, demo_db_url, tmp_path, coverage):
    path = write_csv(tmp_path / "p.csv", "first_name,last_name,coverage_percent", f"A,B,{coverage}")
    result = cli("patients", "import", path)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"line 2: Invalid coverage_percent {coverage!r}"), lines
    assert lines[-1] == "Error: 1 row(s) are invalid; nothing was imported"


# --------------------------------------------------------------------------- CSV words


def test_import_reads_yes_no_words_for_fee_exempt(cli, demo_db, tmp_path):
    words = {"Ann": "yes", "Bea": "No", "Cal": "TRUE", "Dov": "n", "Eve": "off", "Fin": ""}
    rows = [f"{first},Word,{word}" for first, word in words.items()]
    result = cli(
        "patients",
        "import",
        write_csv(tmp_path / "w.csv", "first_name,last_name,fee_exempt", *rows),
    )
    assert result.exit_code == 0, result.stderr
    stored = {
        first: patient_chart(demo_db, resolve_patient(demo_db, f"{first} word")["id"])
        for first in words
    }
    exempt = {first: chart["insurance"]["fee_exempt"] for first, chart in stored.items()}
    assert exempt == {
        "Ann": True,
        "Bea": False,
        "Cal": True,
        "Dov": False,
        "Eve": False,
        "Fin": False,
    }


def test_import_refuses_a_fee_exempt_that_is_not_yes_or_no(cli, demo_db_url, tmp_path):
    path = write_csv(tmp_path / "w.csv", "first_name,last_name,fee_exempt", "A,B,maybe")
    result = cli("patients", "import", path)
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[0]
        == "line 2: fee_exempt must be yes or no (true/false), not 'maybe'"
    )


def test_import_reads_icd10_lists_and_status_words(cli, demo_db, tmp_path):
    path = write_csv(
        tmp_path / "d.csv",
        "first_name,last_name,diagnosis_codes,status,intake_date",
        'Gil,Code,"f41.1, F32.0 F43.10;F41.1",completed,2024-03-01',
    )
    result = cli("patients", "import", path)
    assert result.exit_code == 0, result.stderr
    chart = patient_chart(demo_db, resolve_patient(demo_db, "gil code")["id"])
    assert chart["patient"]["diagnosis_codes"] == ["F41.1", "F32.0", "F43.10"]
    assert chart["patient"]["status"] == "Completed"
    assert chart["patient"]["intake_date"].isoformat() == "2024-03-01"


# --------------------------------------------------------------------------- dates


def test_a_date_of_birth_after_practice_today_is_refused(cli, demo_db, demo_db_url):
    tomorrow = practice_today(demo_db.settings.tz) + timedelta(days=1)
    result = cli("patients", "add", "--first", "A", "--last", "B", "--dob", tomorrow.isoformat())
    one_line_error(result, "date_of_birth is in the future")
    today = practice_today(demo_db.settings.tz).isoformat()
    assert cli("patients", "add", "--first", "A", "--last", "B", "--dob", today).exit_code == 0


def test_edit_refuses_a_bad_diagnosis_with_one_line(cli, demo_db_url):
    one_line_error(cli("patients", "edit", "amelia", "--diagnosis", "F4"), "'F4'")


# --------------------------------------------------------------------------- the chart


def test_show_chart_records_its_read_and_gathers_the_clinical_summary(demo_db):
    chart = show_chart(demo_db, "amelia chen")
    assert "clinical" in chart and chart["patient"]["full_name"] == "Amelia Chen"
    latest = audit_entries(demo_db, limit=1)[0]
    assert (latest["action"], latest["table_name"], latest["row_id"]) == (
        "READ",
        "patients",
        str(chart["patient"]["id"]),
    )
