"""Duplicate patients refused by `patients add` and `patients import` (docs/SPEC.md section 7),
the encodings an import reads, and coverage that needs an insurer."""

from __future__ import annotations

import csv
import io
import json
import threading

import pytest

from sanctuary_cli.practice.duplicates import name_key
from sanctuary_cli.practice.patients import add_patient


def count_patients(db, where: str = "true") -> int:
    with db.transaction() as cur:
        cur.execute(f"select count(*) as n from patients where {where}")
        return cur.fetchone()["n"]


def only_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 1, result.stderr
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


# --------------------------------------------------------------------------- patients add


def test_names_are_compared_trimmed_without_case_or_accents():
    assert name_key(" José ", "DÍAZ  de la Cruz") == name_key("jose", "diaz de la cruz")
    assert name_key("Zoë", "Ruiz") == name_key("ZOE", "ruiz")
    assert name_key("Ann", "Lee") != name_key("Anne", "Lee")


def test_add_refuses_the_same_name_and_birthday_naming_the_patient(cli, demo_db):
    before = count_patients(demo_db)
    result = cli("patients", "add", "--first", " AMÉLIA ", "--last", "chen", "--dob", "1992-04-12")
    line = only_error_line(result)
    assert "Amelia Chen (" in line and "same name and date of birth" in line
    assert "--allow-duplicate" in line
    short = line.split("Amelia Chen (", 1)[1][:8]
    assert cli("patients", "show", short).exit_code == 0  # the short id reaches it
    assert count_patients(demo_db) == before
    # Same name, another birthday: another person.
    other = cli("patients", "add", "--first", "Amelia", "--last", "Chen", "--dob", "1970-01-01")
    assert other.exit_code == 0, other.stderr


def test_add_refuses_the_same_email_whatever_its_case(cli, demo_db):
    result = cli(
        "patients", "add", "--first", "Mei", "--last", "Chen", "--email", "Amelia.Chen@Example.com"
    )
    line = only_error_line(result)
    assert "Amelia Chen (" in line and "same email" in line


def test_allow_duplicate_adds_the_namesake(cli, demo_db):
    args = ["patients", "add", "--first", "Amelia", "--last", "Chen", "--dob", "1992-04-12"]
    result = cli(*args, "--allow-duplicate")
    assert result.exit_code == 0, result.stderr
    assert count_patients(demo_db, "full_name = 'Amelia Chen'") == 2


def test_a_discharged_patient_is_a_duplicate_to_reactivate(cli, demo_db):
    cli("patients", "discharge", "chloe")
    result = cli("patients", "add", "--first", "Chloe", "--last", "Davis", "--dob", "1998-01-22")
    line = only_error_line(result)
    assert "status Completed" in line and "--status Active" in line


def test_a_colleagues_patient_is_not_compared(cli, demo_db):
    cli("therapists", "add", "--first", "Sam", "--last", "Lee", "--email", "sam@x.example")
    result = cli(
        "--therapist", "sam@x.example",
        "patients", "add", "--first", "Amelia", "--last", "Chen", "--dob", "1992-04-12",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_two_adds_of_one_person_at_once_store_one(demo_db_url, demo_db):
    """The check and the insert hold the caseload lock: racing adds are serialized."""
    from sanctuary_cli.store.config import load_settings
    from sanctuary_cli.store.db import connect

    given = {"first_name": "Dana", "last_name": "Ruiz", "date_of_birth": "1990-05-14"}
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def add() -> None:
        db = connect(load_settings(database_url=demo_db_url))
        try:
            start.wait()
            add_patient(db, given)
            outcomes.append("added")
        except Exception as exc:  # noqa: BLE001 - the refusal is what is counted
            outcomes.append(type(exc).__name__)
        finally:
            db.close()

    threads = [threading.Thread(target=add) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["UserError"] * 3 + ["added"]
    assert count_patients(demo_db, "full_name = 'Dana Ruiz'") == 1


def test_add_prints_the_row_it_wrote_with_format(cli, demo_db):
    result = cli(
        "patients", "add", "--first", "Dana", "--last", "Ruiz", "--dob", "1990-05-14",
        "--insurance", "Aetna", "--coverage", "60", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)[0]
    assert row["full_name"] == "Dana Ruiz" and row["status"] == "Active"
    assert row["coverage_percent"] == "60.00" and row["date_of_birth"] == "1990-05-14"
    edited = cli("patients", "edit", "dana", "--phone", "+1 555 0100", "--csv")
    rows = list(csv.DictReader(io.StringIO(edited.stdout)))
    assert rows[0]["phone"] == "'+1 555 0100" and rows[0]["patient_id"] == row["patient_id"]
    discharged = cli("patients", "discharge", "dana", "--format", "json")
    assert json.loads(discharged.stdout)[0]["status"] == "Completed"
    assert json.loads(discharged.stdout)[0]["discharged_at"]


# --------------------------------------------------------------------------- patients import

HEADER = "first_name,last_name,date_of_birth,email"


def write(path, *rows: str, encoding: str = "utf-8") -> str:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding=encoding)
    return str(path)


def test_import_refuses_rows_repeating_each_other_naming_the_lines(cli, demo_db, tmp_path):
    path = write(
        tmp_path / "twice.csv",
        "Dana,Ruiz,1990-05-14,",
        "Eli,Stone,,eli@x.example",
        "DANA,ruíz,1990-05-14,",
        "Elijah,Stone,,ELI@x.example",
    )
    before = count_patients(demo_db)
    result = cli("patients", "import", path)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1
    assert lines[0] == "line 4: same name and date of birth as line 2 (DANA ruíz)"
    assert lines[1] == "line 5: same email as line 3 (Elijah Stone)"
    assert lines[-1] == "Error: 2 row(s) are invalid; nothing was imported"
    assert count_patients(demo_db) == before
    allowed = cli("patients", "import", path, "--allow-duplicate")
    assert allowed.exit_code == 0, allowed.stderr
    assert count_patients(demo_db) == before + 4


def test_import_refuses_rows_duplicating_patients_naming_them(cli, demo_db, tmp_path):
    path = write(
        tmp_path / "known.csv",
        "Fay,Young,1980-01-01,",
        "Benjamin,Carter,1985-09-03,",
        "Ben,C,,ben.carter@example.com",
    )
    before = count_patients(demo_db)
    result = cli("patients", "import", path)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1
    assert lines[0].startswith("line 3: Benjamin Carter (") and "name and date of birth" in lines[0]
    assert lines[1].startswith("line 4: Benjamin Carter (") and "same email" in lines[1]
    assert "--allow-duplicate" in lines[2]
    assert lines[-1] == "Error: 2 row(s) are invalid; nothing was imported"
    assert count_patients(demo_db) == before


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16"], ids=["utf8", "utf8-bom", "utf16-bom"]
)
def test_import_reads_utf8_with_or_without_bom_and_utf16_with_bom(cli, demo_db, tmp_path, encoding):
    path = write(tmp_path / "p.csv", "José,Núñez,1970-02-03,", "Zoë,Łukasz 陈,,", encoding=encoding)
    result = cli("patients", "import", path)
    assert result.exit_code == 0, result.stderr
    assert count_patients(demo_db, "full_name in ('José Núñez', 'Zoë Łukasz 陈')") == 2


def test_import_refuses_cp1252_naming_the_line(cli, demo_db, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(f"{HEADER}\r\nAna,Lee,,\r\nJos\xe9,Diaz,,\r\n".encode("cp1252"))
    before = count_patients(demo_db)
    line = only_error_line(cli("patients", "import", str(path)))
    assert line.startswith("Error: excel.csv: line 3 is not UTF-8 (byte 0xe9")
    assert "save it as CSV UTF-8" in line and "UnicodeDecodeError" not in line
    assert count_patients(demo_db) == before


def test_import_refuses_utf16_without_a_bom(cli, demo_db, tmp_path):
    path = tmp_path / "nobom.csv"
    path.write_bytes(f"{HEADER}\nAna,Lee,,\n".encode("utf-16-le"))
    line = only_error_line(cli("patients", "import", str(path)))
    assert "line 1" in line and "UTF-16 without a byte order mark" in line


# --------------------------------------------------------------------------- coverage


def test_coverage_without_an_insurer_is_refused(cli, demo_db):
    edit = only_error_line(cli("patients", "edit", "chloe", "--coverage", "80"))
    assert "needs an insurance_provider" in edit
    assert count_patients(demo_db, "coverage_percent > 0 and insurance_provider is null") == 0
    both = cli("patients", "edit", "chloe", "--coverage", "80", "--insurance", "Cigna")
    assert both.exit_code == 0, both.stderr
    # An insurer on file is enough for a new coverage.
    assert cli("patients", "edit", "chloe", "--coverage", "50").exit_code == 0
    add = only_error_line(cli("patients", "add", "--first", "A", "--last", "B", "--coverage", "5"))
    assert "needs an insurance_provider" in add
    assert cli("patients", "add", "--first", "A", "--last", "B", "--coverage", "0").exit_code == 0


def test_import_refuses_coverage_without_an_insurer(cli, demo_db, tmp_path):
    path = tmp_path / "cov.csv"
    path.write_text(
        "first_name,last_name,insurance_provider,coverage_percent\nA,B,Aetna,80\nC,D,,80\n",
        encoding="utf-8",
    )
    result = cli("patients", "import", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("line 3: A coverage_percent of 80")
    assert count_patients(demo_db, "last_name in ('B', 'D')") == 0
