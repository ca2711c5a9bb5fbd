"""Hostile and malformed input: one clear stderr line, a documented exit code, no traceback, and
the database unchanged (every table's row count and content digest compared before and after).

Exit codes (docs/SPEC.md section 4): 1 for bad input the command itself rejects; 2 for what the
option parser rejects (wrong type, out of range), with click's usage hint above the message.
Names that are merely unusual (quotes, semicolons, SQL, markup, right-to-left or combining
text) are valid: they are stored as typed (NFC-normalized) and shown inert.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import psycopg
import pytest

from sanctuary_cli.store.backup import table_digests

LONG = "x" * 10_000
ANSI = "\x1b[31mRed\x1b[0m"
MARKUP = "[bold red]x[/]"
INJECTION = "'); DROP TABLE patients;--"
# Spring-forward day in America/New_York (the tests' practice zone): 02:00-03:00 does not exist.
DST_GAP = "2027-03-14 02:30"


SOAP_NOTE = [
    "notes", "add", "Amelia Chen", "--subjective", "s", "--objective", "o", "--assessment", "a",
    "--plan", "p",
]  # fmt: skip

# --------------------------------------------------------------------------- helpers


@pytest.fixture
def admin_url(pg_cluster, demo_db_url) -> str:
    dbname = psycopg.conninfo.conninfo_to_dict(demo_db_url)["dbname"]
    return psycopg.conninfo.make_conninfo(**{**pg_cluster.admin_params, "dbname": dbname})


def snapshot(url: str) -> dict[str, tuple[int, str]]:
    """Row count and content digest of every table, read past row-level security."""
    with psycopg.connect(url) as conn:
        digests = {t.table: (t.row_count, t.digest) for t in table_digests(conn)}
        conn.rollback()
    return digests


@pytest.fixture
def rejects(cli, admin_url):
    """Run a command that must be refused; check the refusal and that nothing changed."""

    def check(*args: str, code: int = 1, says: str | None = None, per_row: bool = False):
        before = snapshot(admin_url)
        result = cli(*args)
        after = snapshot(admin_url)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.exit_code == code, (args, result.exit_code, result.stderr)
        assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
        assert lines, f"no message for {args}"
        if code == 1 and per_row:  # an import names each bad row above the one-line verdict
            assert all(line.startswith("line ") for line in lines[:-1]), result.stderr
        elif code == 1:
            assert len(lines) == 1, (args, result.stderr)
        assert lines[-1].startswith("Error:"), (args, result.stderr)
        assert "\x1b" not in result.stderr
        if says is not None:
            assert says.lower() in lines[-1].lower(), (args, lines[-1])
        changed = [t for t in after if after[t] != before.get(t)]
        assert not changed, f"{args} changed {changed}"
        return result

    return check


def one_patient_id(cli) -> str:
    rows = json.loads(cli("patients", "list", "--json").stdout)
    return next(r for r in rows if r["full_name"] == "Amelia Chen")["patient_id"]


def open_charge_id(cli) -> str:
    rows = json.loads(cli("billing", "overdue", "--json").stdout)
    assert rows, "the demo practice has overdue charges"
    return rows[0]["charge_id"]


def a_future_appointment(cli) -> str:
    rows = json.loads(cli("appointments", "upcoming", "--days", "30", "--json").stdout)
    return rows[0]["appointment_id"]


# --------------------------------------------------------------------------- names


VALID_ODD_NAMES = [
    ("O'Brien", "D'Arcy-Smith"),
    ("Ann; Marie", "Lee;"),
    ("Robert", INJECTION),
    ("Mark", MARKUP),
    ("مريم", "العلي"),  # right-to-left
    ("Zoë", "Ångström"),
    ("Z\u0301\u0323oe", "N\u0303un\u0303ez"),  # stacked combining marks
]


@pytest.mark.parametrize("first, last", VALID_ODD_NAMES)
def test_odd_but_valid_names_are_stored_as_typed_and_shown_inert(cli, demo_db_url, first, last):
    typed_first = unicodedata.normalize("NFD", first)
    result = cli("patients", "add", "--first", typed_first, "--last", last, "--dob", "1980-01-02")
    assert result.exit_code == 0, result.stderr

    listed = json.loads(cli("patients", "list", "--json").stdout)
    stored = {r["full_name"] for r in listed}
    assert unicodedata.normalize("NFC", f"{first} {last}") in stored
    table = cli("patients", "list")
    assert table.exit_code == 0
    if last == MARKUP:
        assert MARKUP in table.stdout  # printed literally, not interpreted as markup
    assert "patients" in {t["tablename"] for t in _tables(demo_db_url)}


def _tables(url: str) -> list[dict]:
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as conn:
        return conn.execute(
            "select tablename from pg_tables where schemaname = 'public'"
        ).fetchall()


def test_names_typed_decomposed_are_stored_nfc_even_from_sql(admin_url, demo_db):
    decomposed = unicodedata.normalize("NFD", "Chloë")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        therapist = conn.execute("select id from therapists limit 1").fetchone()[0]
        conn.execute(
            "insert into patients (therapist_id, first_name, last_name) values (%s, %s, 'Ng')",
            (therapist, decomposed),
        )
        stored = conn.execute("select first_name from patients where last_name = 'Ng'").fetchone()
    assert stored[0] == unicodedata.normalize("NFC", "Chloë")
    assert stored[0] != decomposed


def test_ansi_escapes_in_a_name_are_refused(rejects):
    rejects("patients", "add", "--first", ANSI, "--last", "Doe", says="control character")


def test_a_ten_thousand_character_name_is_refused(rejects):
    rejects("patients", "add", "--first", LONG, "--last", "Doe", says="too long")


@pytest.mark.parametrize("first, last", [("", "Doe"), ("Jane", ""), ("   ", "Doe")])
def test_empty_names_are_refused(rejects, first, last):
    rejects("patients", "add", "--first", first, "--last", last)


def test_an_injection_as_a_patient_reference_finds_nothing(rejects):
    rejects("mood", "add", INJECTION, "5", says="no patient")


def test_markup_and_ansi_as_a_reference_are_echoed_inert(rejects):
    result = rejects("mood", "add", ANSI + MARKUP, "5")
    assert "\x1b" not in result.stderr


# --------------------------------------------------------------------------- dates and times


@pytest.mark.parametrize(
    "when, says",
    [
        ("2026-02-30 10:00", "no date"),
        ("2027-01-05 25:00", "not a time"),
        ("2027-01-05 10:61", "not a time"),
        ("seventh of never", None),
        ("", None),
    ],
)
def test_impossible_appointment_times_are_refused(rejects, when, says):
    rejects("appointments", "add", "Amelia Chen", when, says=says)


def test_a_time_in_the_spring_forward_gap_is_refused(rejects):
    rejects("appointments", "add", "Amelia Chen", DST_GAP, says="does not exist")


def test_an_impossible_date_of_birth_is_refused(rejects):
    rejects("patients", "add", "--first", "A", "--last", "B", "--dob", "2026-02-30")


def test_an_impossible_note_date_is_refused(rejects):
    rejects(
        "notes", "add", "Amelia Chen", "--subjective", "s", "--objective", "o",
        "--assessment", "a", "--plan", "p", "--risk", "low", "--date", "2026-02-30",
    )  # fmt: skip


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize("amount", ["-5", "NaN", "nan", "1e309", "Infinity", "12.345", "abc", ""])
def test_bad_payment_amounts_are_refused(cli, rejects, amount):
    charge = open_charge_id(cli)
    rejects("billing", "pay", charge, amount)


@pytest.mark.parametrize("amount", ["-5", "NaN", "1e309"])
def test_bad_fees_are_refused_when_booking(rejects, amount):
    rejects("appointments", "add", "Amelia Chen", "2027-01-05 10:00", "--fee", amount)


@pytest.mark.parametrize("amount", ["-5", "NaN", "1e309"])
def test_bad_charge_amounts_are_refused(rejects, amount):
    rejects("billing", "charge", "Amelia Chen", "--amount", amount)


@pytest.mark.parametrize("coverage", ["-5", "101", "NaN", "1e309", "half"])
def test_bad_coverage_is_refused(rejects, coverage):
    rejects("patients", "add", "--first", "A", "--last", "B", "--coverage", coverage)


# --------------------------------------------------------------------------- ratings and enums


@pytest.mark.parametrize("rating", ["0", "11", "seven", "5.5", "", "1e309", "NaN"])
def test_bad_mood_ratings_are_refused(rejects, rating):
    rejects("mood", "add", "Amelia Chen", rating)


def test_a_negative_mood_rating_is_refused(rejects):
    rejects("mood", "add", "Amelia Chen", "--", "-1")
    rejects("mood", "add", "Amelia Chen", "-1", code=2)  # read as an unknown option


@pytest.mark.parametrize("rating", ["0", "11"])
def test_bad_mood_in_a_note_is_refused(rejects, rating):
    rejects(
        "notes", "add", "Amelia Chen", "--subjective", "s", "--objective", "o",
        "--assessment", "a", "--plan", "p", "--risk", "low", "--mood", rating,
    )  # fmt: skip


def test_a_word_for_the_mood_in_a_note_is_a_usage_error(rejects):
    rejects(
        "notes", "add", "Amelia Chen", "--subjective", "s", "--risk", "low", "--mood", "seven",
        code=2,
    )  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ["appointments", "add", "Amelia Chen", "2027-01-05 10:00", "--type", "Hologram"],
        ["appointments", "add", "Amelia Chen", "2027-01-05 10:00", "--session-type", "Group"],
        ["billing", "charge", "Amelia Chen", "--amount", "50", "--type", "donation"],
        [*SOAP_NOTE, "--risk", "extreme"],
        [*SOAP_NOTE, "--risk", "low", "--template", "soapy"],
        [*SOAP_NOTE, "--risk", "low", "--suicidal-ideation", "maybe"],
        [*SOAP_NOTE, "--risk", "low", "--self-harm", "sometimes"],
        ["patients", "list", "--status", "Deceased"],
        ["appointments", "upcoming", "--format", "xml"],
    ],
    ids=lambda a: " ".join(a[:2]) + " " + a[-1],
)
def test_unknown_enum_values_are_refused(rejects, args):
    result = rejects(*args, code=2 if args[-1] == "xml" else 1)
    if args[-2] != "--format":
        assert args[-1] in result.stderr


def test_unknown_payment_method_is_refused(cli, rejects):
    rejects("billing", "pay", open_charge_id(cli), "10", "--method", "bitcoin", says="bitcoin")


def test_out_of_range_days_is_a_usage_error(rejects):
    rejects("appointments", "upcoming", "--days", "0", code=2)
    rejects("appointments", "upcoming", "--days", "seven", code=2)


# --------------------------------------------------------------------------- files


def test_a_missing_note_file_is_a_usage_error(rejects, tmp_path):
    rejects(
        "notes", "add", "Amelia Chen", "--from-file", str(tmp_path / "none.yaml"), code=2,
        says="does not exist",
    )  # fmt: skip


def test_a_directory_as_note_file_is_a_usage_error(rejects, tmp_path):
    rejects("notes", "add", "Amelia Chen", "--from-file", str(tmp_path), code=2)


def test_a_note_file_that_is_not_text_is_refused(rejects, tmp_path):
    binary = tmp_path / "note.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x81 not utf-8 \xc3\x28")
    rejects("notes", "add", "Amelia Chen", "--from-file", str(binary))


def test_a_malformed_note_file_is_refused(rejects, tmp_path):
    broken = tmp_path / "note.yaml"
    broken.write_text("subjective: [unclosed\n  - : :\n")
    rejects("notes", "add", "Amelia Chen", "--from-file", str(broken))


def test_a_missing_import_file_is_refused(rejects, tmp_path):
    rejects("patients", "import", str(tmp_path / "none.csv"))


def test_a_directory_as_import_file_is_refused(rejects, tmp_path):
    rejects("patients", "import", str(tmp_path))


def test_an_import_file_that_is_not_text_is_refused(rejects, tmp_path):
    binary = tmp_path / "patients.csv"
    binary.write_bytes(b"first_name,last_name\n\xff\xfe\x81,\xc3\x28\n")
    rejects("patients", "import", str(binary))


def test_an_import_with_one_bad_row_stores_nothing(rejects, tmp_path):
    rows = [
        {"first_name": "Good", "last_name": "Row", "date_of_birth": "1990-01-01"},
        {"first_name": "Bad", "last_name": "Date", "date_of_birth": "2026-02-30"},
    ]
    path = tmp_path / "patients.csv"
    _write_csv(path, rows)
    result = rejects("patients", "import", str(path), per_row=True, says="nothing was imported")
    assert "line 3" in result.stderr and "2026-02-30" in result.stderr


def test_an_import_of_hostile_rows_stores_nothing(rejects, tmp_path):
    rows = [
        {"first_name": INJECTION, "last_name": "Ok", "date_of_birth": "1990-01-01"},
        {"first_name": ANSI, "last_name": "Esc", "date_of_birth": "1990-01-01"},
    ]
    path = tmp_path / "patients.csv"
    _write_csv(path, rows)
    result = rejects("patients", "import", str(path), per_row=True)
    assert "control character" in result.stderr
    assert "\x1b" not in result.stderr


def test_an_import_without_the_name_columns_is_refused(rejects, tmp_path):
    path = tmp_path / "patients.csv"
    path.write_text("name,phone\nAnn,555\n")
    rejects("patients", "import", str(path))


def test_an_empty_import_file_is_refused(rejects, tmp_path):
    path = tmp_path / "patients.csv"
    path.write_text("")
    rejects("patients", "import", str(path))


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


# --------------------------------------------------------------------------- long text


def test_a_ten_thousand_character_note_section_is_kept_whole(cli, demo_db_url, admin_url):
    result = cli(
        "notes", "add", "Amelia Chen", "--subjective", LONG, "--objective", "o",
        "--assessment", "a", "--plan", "p", "--risk", "low",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    with psycopg.connect(admin_url) as conn:
        found = conn.execute(
            "select count(*) from session_notes where content::text like %s",
            ("%" + LONG + "%",),
        ).fetchone()[0]
    assert found == 1


def test_a_ten_thousand_character_search_finds_nothing_cleanly(cli, demo_db_url):
    result = cli("patients", "search", LONG)
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 1


# --------------------------------------------------------------------------- more commands


def test_rescheduling_into_the_spring_forward_gap_is_refused(cli, rejects):
    rejects("appointments", "reschedule", a_future_appointment(cli), DST_GAP, says="does not exist")


def test_rescheduling_to_an_impossible_date_is_refused(cli, rejects):
    rejects("appointments", "reschedule", a_future_appointment(cli), "2026-02-30 10:00")


@pytest.mark.parametrize(
    "extra",
    [["--every", "month"], ["--count", "0"], ["--fee", "NaN"], ["--type", "Hologram"]],
    ids=lambda e: " ".join(e),
)
def test_bad_recurring_series_book_nothing(rejects, extra):
    code = 2 if extra[0] == "--count" else 1
    rejects("appointments", "recurring", "Amelia Chen", "2027-01-05 10:00", *extra, code=code)


@pytest.mark.parametrize(
    "option, value",
    [("--first", ANSI), ("--last", LONG), ("--first", ""), ("--dob", "2026-02-30")],
    ids=["ansi", "long", "empty", "bad-date"],
)
def test_bad_edits_leave_the_patient_as_it_was(rejects, option, value):
    rejects("patients", "edit", "Amelia Chen", option, value)


@pytest.mark.parametrize("rating", ["0", "11", "seven"])
def test_bad_progress_ratings_are_refused(rejects, rating):
    rejects("progress", "add", "Amelia Chen", "Anxiety Management", rating, says="rating")


@pytest.mark.parametrize(
    "answers",
    ["0,1,2", "0,1,2,3,4,0,1,2,3", "a,b,c,d,e,f,g,h,i", "", "0,1,2,3,0,1,2,3,0,1"],
    ids=["too-few", "item-of-4", "letters", "empty", "too-many"],
)
def test_bad_phq9_answers_are_refused(rejects, answers):
    rejects("measures", "add", "Amelia Chen", "phq9", "--answers", answers)


def test_an_unknown_instrument_is_refused(rejects):
    rejects("measures", "add", "Amelia Chen", "beck", "--answers", "0,1")


def test_refund_of_an_unknown_charge_is_refused(rejects):
    rejects("billing", "refund", "ffffffff")
