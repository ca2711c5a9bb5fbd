"""`sanctuary billing estimate` and `billing estimates`: Good Faith Estimates for uninsured and
self-pay patients (docs/SPEC.md section 8; docs/billing.md, "Good Faith Estimates"), and the
over-estimate flag of `billing summary`."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import timedelta

import psycopg
import pytest
from billing_helpers import (
    add_appointment,
    add_patient,
    add_therapist,
    execute,
    one_line_error,
    scalar,
)
from pypdf import PdfReader
from security_helpers import SARAH_EMAIL, billing_login, dbname_of, make_practice

from sanctuary_cli.rules.dates import practice_today


def pdf_text(path) -> str:
    """The PDF's text with every run of white space made one space (lines wrap anywhere)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def issue(cli, *args: str) -> dict:
    result = cli("billing", "estimate", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)[0]


def charge(cli, *args: str) -> None:
    result = cli("billing", "charge", *args)
    assert result.exit_code == 0, result.stderr


def summary(cli) -> dict[str, dict[str, str]]:
    result = cli("billing", "summary", "--csv")
    assert result.exit_code == 0, result.stderr
    return {row["patient_name"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def stored(db) -> tuple[int, int, int]:
    """Estimates, estimate lines and audit entries, the whole practice."""
    with db.transaction(whole_practice=True) as cur:
        cur.execute(
            "select (select count(*) from estimates) as e, (select count(*) from estimate_lines)"
            " as l, (select count(*) from audit_log) as a"
        )
        row = cur.fetchone()
    return row["e"], row["l"], row["a"]


def test_the_pdf_holds_every_element_of_a_good_faith_estimate(cli, demo_db, tmp_path):
    today = practice_today(demo_db.settings.tz)
    first = today + timedelta(days=3)
    out = tmp_path / "estimates" / "chloe.pdf"
    out.parent.mkdir()
    made = cli(
        "billing", "estimate", "Chloe Davis", "--sessions", "3", "--from", first.isoformat(),
        "-o", str(out),
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    assert made.stdout.startswith("Good Faith Estimate ")
    assert "Chloe Davis: 3 x 90834 at 150.00" in made.stdout and "total 450.00" in made.stdout
    text = pdf_text(out)
    dates = [(first + timedelta(weeks=week)).isoformat() for week in range(3)]
    for expected in (
        "Good Faith Estimate for Health Care Items and Services",
        "No Surprises Act",
        "45 CFR 149.610",
        f"Date issued: {today.isoformat()}",
        # the patient
        "Name: Chloe Davis",
        "Date of birth: 1998-01-22",
        "Uninsured",
        # the provider: name, NPI, tax id, where the services are furnished
        "Dr. Sarah Johnson, PhD",
        "NPI: 1234567893",
        "Tax ID (TIN): 12-3456789",
        "Location where the services are furnished: 120 Hudson St, Suite 4, New York, NY 10013",
        "State: NY",
        # the service, its expected dates, codes and charges, itemised
        "Individual Therapy: psychotherapy, 45 minutes (38-52), 3 weekly sessions",
        f"expected on {dates[0]} and each week after, to {dates[2]}",
        *(f"{n} {day} Individual Therapy" for n, day in enumerate(dates, start=1)),
        "90834 F43.23 $150.00",
        "Diagnosis codes (ICD-10-CM): F43.23",
        "Total expected charges: $450.00",
        # services scheduled separately, and how to get their estimate
        "Separate Good Faith Estimates will be issued",
        "when you ask for one; to ask, contact Dr. Sarah Johnson",
        # the disclaimers
        "is only an estimate",
        "the actual items, services or charges may differ",
        "may recommend other items or services",
        "are not included in this Good Faith Estimate",
        "$400 or more above this Good Faith Estimate",
        "patient-provider dispute resolution process",
        "within 120 calendar days",
        "www.cms.gov/nosurprises/consumers",
        "will not adversely affect the quality of the health care services",
        "is not a contract",
        "Keep a copy",
    ):
        assert expected in text, expected
    assert text.count("$150.00") == 3
    assert "Good Faith Estimate " in text and "Chloe Davis: page 1 of" in text
    assert "Amelia" not in text and "Aetna" not in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["chloe.pdf"]


def test_the_practice_billing_profile_names_the_practice_tax_id_and_office(cli, demo_db, tmp_path):
    execute(
        demo_db,
        "update practice set name = 'Sanctuary Group Practice', tax_id = '987654321',"
        " tax_id_type = 'EIN', address = '55 Water St', city = 'Brooklyn', state = 'NY',"
        " zip = '112011234', npi = '1245319599'",
    )
    out = tmp_path / "chloe.pdf"
    issue(cli, "Chloe", "--sessions", "1", "-o", str(out))
    text = pdf_text(out)
    for expected in (
        "Practice: Sanctuary Group Practice",
        "NPI: 1234567893 Practice NPI: 1245319599 Tax ID (TIN): 98-7654321",
        "Location where the services are furnished: 55 Water St, Brooklyn, NY 11201-1234",
        "State: NY",
        "Individual Therapy: psychotherapy, 45 minutes (38-52), one session",
    ):
        assert expected in text, expected
    assert "12-3456789" not in text and "120 Hudson" not in text


def test_issuing_an_estimate_is_audited_as_an_export(cli, demo_db, tmp_path):
    chloe = scalar(demo_db, "select id::text from patients where first_name = 'Chloe'")
    row = issue(cli, "Chloe", "--sessions", "2", "-o", str(tmp_path / "c.pdf"))
    entries = json.loads(cli("audit", "list", "--patient", chloe, "--json").stdout)
    done = {(e["action"], e["table_name"], e["row_id"]) for e in entries}
    assert ("EXPORT", "financial_records", None) in done
    assert ("INSERT", "estimates", row["estimate_id"]) in done
    assert sum(1 for e in entries if e["table_name"] == "estimate_lines") == 2


def test_an_estimate_is_recorded_and_listed(cli, demo_db, tmp_path):
    today = practice_today(demo_db.settings.tz)
    row = issue(cli, "Chloe", "--sessions", "2", "--fee", "175", "-o", str(tmp_path / "c.pdf"))
    listed = json.loads(cli("billing", "estimates", "--json").stdout)
    assert listed == [row]
    assert {k: row[k] for k in row if k != "estimate_id"} == {
        "patient_name": "Chloe Davis",
        "issued_on": today.isoformat(),
        "sessions": 2,
        "cpt_code": "90834",
        "fee": "175.00",
        "service_from": today.isoformat(),
        "service_to": (today + timedelta(days=13)).isoformat(),
        "estimated_total": "350.00",
        "billed_total": "0.00",
        "billed_above": "0.00",
        "over_estimate": False,
        "self_pay_reason": "uninsured",
    }
    lines = execute(
        demo_db,
        "select expected_date, cpt_code, icd10_codes, amount from estimate_lines"
        " order by line_number",
    )
    assert [line["expected_date"] for line in lines] == [today, today + timedelta(weeks=1)]
    assert {(line["cpt_code"], tuple(line["icd10_codes"])) for line in lines} == {
        ("90834", ("F43.23",))
    }
    by_patient = cli("billing", "estimates", "Chloe", "--csv")
    assert by_patient.exit_code == 0, by_patient.stderr
    assert len(list(csv.DictReader(io.StringIO(by_patient.stdout)))) == 1
    assert json.loads(cli("billing", "estimates", "Amelia", "--json").stdout) == []
    table = cli("billing", "estimates")
    assert table.exit_code == 0 and "Chloe Davis" in table.stdout


def test_summary_flags_a_self_pay_patient_billed_400_or_more_above_the_estimate(
    cli, demo_db, tmp_path
):
    today = practice_today(demo_db.settings.tz)

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    issue(cli, "Chloe", "--sessions", "2", "-o", str(tmp_path / "c.pdf"))  # 300.00, 2 weeks
    rows = summary(cli)
    assert list(rows["Chloe Davis"])[-2:] == ["over_estimate", "over_estimate_by"]
    # Chloe's intake five days ago was before the estimate's period.
    assert (rows["Chloe Davis"]["over_estimate"], rows["Chloe Davis"]["over_estimate_by"]) == (
        "false",
        "0.00",
    )
    assert (rows["Amelia Chen"]["over_estimate"], rows["Amelia Chen"]["over_estimate_by"]) == (
        "false",
        "",
    )
    session = ("--minutes", "50")
    charge(cli, "Chloe", "--amount", "250", *session, "--date", day(0))
    charge(cli, "Chloe", "--amount", "250", *session, "--date", day(7))
    assert summary(cli)["Chloe Davis"]["over_estimate_by"] == "200.00"
    assert summary(cli)["Chloe Davis"]["over_estimate"] == "false"
    charge(cli, "Chloe", "--amount", "200", *session, "--date", day(13))
    # Neither a no-show fee nor a session after the period counts against the estimate.
    charge(cli, "Chloe", "--type", "no-show-fee", "--amount", "100", "--date", day(1))
    charge(cli, "Chloe", "--amount", "250", *session, "--date", day(14))
    chloe = summary(cli)["Chloe Davis"]
    assert (chloe["over_estimate"], chloe["over_estimate_by"]) == ("true", "400.00")
    (listed,) = json.loads(cli("billing", "estimates", "Chloe", "--json").stdout)
    assert (listed["billed_total"], listed["billed_above"], listed["over_estimate"]) == (
        "700.00",
        "400.00",
        True,
    )


def test_a_correction_is_a_new_estimate_and_the_latest_counts(cli, demo_db, tmp_path):
    today = practice_today(demo_db.settings.tz).isoformat()
    first = issue(cli, "Chloe", "--sessions", "2", "-o", str(tmp_path / "a.pdf"))
    for amount in ("250", "250", "200"):
        charge(cli, "Chloe", "--amount", amount, "--minutes", "50", "--date", today)
    assert summary(cli)["Chloe Davis"]["over_estimate"] == "true"
    second = issue(cli, "Chloe", "--sessions", "4", "-o", str(tmp_path / "b.pdf"))  # 600.00
    listed = json.loads(cli("billing", "estimates", "--json").stdout)
    assert [r["estimate_id"] for r in listed] == [second["estimate_id"], first["estimate_id"]]
    assert [(r["billed_total"], r["over_estimate"]) for r in listed] == [
        ("700.00", False),
        ("0.00", False),
    ]
    chloe = summary(cli)["Chloe Davis"]
    assert (chloe["over_estimate"], chloe["over_estimate_by"]) == ("false", "100.00")


def test_an_issued_estimate_is_permanent(cli, demo_db, tmp_path):
    issue(cli, "Chloe", "--sessions", "2", "-o", str(tmp_path / "c.pdf"))
    for statement in (
        "update estimates set total = 1",
        "delete from estimates",
        "update estimate_lines set amount = 1",
        "delete from estimate_lines",
        "truncate estimate_lines",
        "truncate estimates, estimate_lines",
    ):
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="permanent"):
            execute(demo_db, statement)
    assert stored(demo_db)[:2] == (1, 2)


def test_an_insured_patient_is_refused_unless_they_choose_self_pay(cli, demo_db, tmp_path):
    out = tmp_path / "amelia.pdf"
    before = stored(demo_db)
    refused = one_line_error(
        cli("billing", "estimate", "Amelia", "--sessions", "4", "-o", str(out))
    )
    assert "Amelia Chen is insured (Aetna, 80% coverage)" in refused
    assert "EOB, not a Good Faith Estimate" in refused and "--self-pay" in refused
    assert not out.exists() and stored(demo_db) == before
    row = issue(cli, "Amelia", "--sessions", "4", "--self-pay", "-o", str(out))
    assert (row["self_pay_reason"], row["estimated_total"]) == ("not-billing-insurance", "600.00")
    assert "chose not to have a claim submitted to it" in pdf_text(out)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--sessions", "0"], "--sessions must be from 1 to 52, not 0"),
        (["--sessions", "53"], "--sessions must be from 1 to 52, not 53"),
        (["--sessions", "many"], "--sessions must be a whole number"),
        (["--sessions", "2", "--cpt", "9083"], "Invalid CPT code '9083'"),
        (["--sessions", "2", "--cpt", "99213"], "CPT 99213 is not a psychotherapy"),
        (["--sessions", "2", "--fee", "-5"], "Invalid --fee '-5'"),
        (["--sessions", "2", "--fee", "0"], "Invalid --fee '0'"),
        (["--sessions", "2", "--fee", "1e3"], "Invalid --fee '1e3'"),
        (["--sessions", "2", "--from", "yesterday"], "is before today"),
        (["--sessions", "2", "--from", "someday"], "--from 'someday' is not a date"),
        (["--sessions", "2", "--icd10", "banana"], "Invalid --icd10 'BANANA'"),
    ],
)
def test_bad_input_is_one_line_and_stores_nothing(cli, demo_db, tmp_path, args, message):
    before = stored(demo_db)
    out = tmp_path / "bad.pdf"
    assert message in one_line_error(cli("billing", "estimate", "Chloe", *args, "-o", str(out)))
    assert not out.exists()
    assert stored(demo_db) == before


def test_an_unwritable_file_stores_nothing(cli, demo_db, tmp_path):
    before = stored(demo_db)
    result = cli("billing", "estimate", "Chloe", "--sessions", "2", "-o", str(tmp_path))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert stored(demo_db) == before


def test_without_a_usual_session_the_code_and_fee_are_asked_for(cli, empty_db, tmp_path):
    therapist = add_therapist(empty_db)
    patient = add_patient(empty_db, therapist, "Ina", "Łukasz", diagnoses=["F41.1"])
    add_appointment(empty_db, therapist, patient, session_type="Intake", days_ago=-3,
                    status="scheduled", minutes=60)  # fmt: skip
    out = tmp_path / "ina.pdf"
    refused = one_line_error(cli("billing", "estimate", "Ina", "--sessions", "6", "-o", str(out)))
    assert "no usual session" in refused and "give --cpt and --fee" in refused
    assert "give --fee" in one_line_error(
        cli("billing", "estimate", "Ina", "--sessions", "6", "--cpt", "90837", "-o", str(out))
    )
    assert not out.exists()
    row = issue(
        cli, "Ina", "--sessions", "6", "--cpt", "90837", "--fee", "180", "--icd10", "F43.10",
        "-o", str(out),
    )  # fmt: skip
    assert (row["cpt_code"], row["estimated_total"]) == ("90837", "1080.00")
    text = pdf_text(out)
    assert "Psychotherapy, 60 minutes (53 or more), 6 weekly sessions" in text
    # With a Unicode font installed the name prints as written; without, transliterated.
    assert "Name: Ina Łukasz" in text or "Name: Ina Lukasz" in text
    assert "Diagnosis codes (ICD-10-CM): F43.10" in text and "F41.1" not in text


def test_an_estimate_needs_the_providers_npi_tax_id_and_address(cli, empty_db, tmp_path):
    therapist = add_therapist(empty_db)
    add_patient(empty_db, therapist, "Una", "Insured", coverage="0")
    execute(empty_db, "update therapists set npi = null, tax_id = null")
    out = tmp_path / "una.pdf"
    refused = one_line_error(
        cli("billing", "estimate", "Una", "--sessions", "2", "--cpt", "90834", "--fee", "120",
            "-o", str(out))
    )  # fmt: skip
    assert "The provider has no NPI, tax id" in refused and "therapists edit" in refused
    assert not out.exists() and stored(empty_db)[0] == 0


def test_a_merge_refiles_the_duplicates_estimates(cli, demo_db, tmp_path):
    added = cli("patients", "add", "--first", "Chloe", "--last", "Davis", "--json")
    assert added.exit_code == 0, added.stderr
    duplicate = json.loads(added.stdout)[0]["patient_id"]
    keep = scalar(
        demo_db, "select id::text from patients where first_name = 'Chloe' and id <> %(d)s",
        d=duplicate,
    )  # fmt: skip
    row = issue(cli, duplicate, "--sessions", "2", "--cpt", "90834", "--fee", "150",
                "-o", str(tmp_path / "c.pdf"))  # fmt: skip
    merged = cli("patients", "merge", keep, duplicate)
    assert merged.exit_code == 0, merged.stderr
    (listed,) = json.loads(cli("billing", "estimates", keep, "--json").stdout)
    assert listed["estimate_id"] == row["estimate_id"]
    lines = execute(demo_db, "select distinct patient_id::text as p from estimate_lines")
    assert lines == [{"p": keep}]


def test_a_clinician_login_issues_only_its_own_estimates(
    pg_cluster, demo_db_url, demo_db, run_cli, tmp_path
):
    practice = make_practice(pg_cluster, demo_db_url, demo_db)
    login = {"SANCTUARY_DATABASE_URL": practice["url"]}
    out = tmp_path / "chloe.pdf"
    made = run_cli("billing", "estimate", "Chloe", "--sessions", "2", "-o", str(out), env=login)
    assert made.returncode == 0, made.stderr
    listed = run_cli("billing", "estimates", "--json", env=login)
    assert [r["patient_name"] for r in json.loads(listed.stdout)] == ["Chloe Davis"]
    with psycopg.connect(practice["url"], autocommit=True) as conn:
        for therapist in (practice["sarah_id"], practice["other"]["therapist"]):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(
                    "insert into estimates (patient_id, therapist_id, self_pay_reason,"
                    " patient_name, provider_name, provider_npi, provider_tax_id, location,"
                    " service_description, sessions, service_from, service_to, total)"
                    " values (%s, %s, 'uninsured', 'Zed Other', 'X', '1234567893', '1',"
                    " 'Here', 'Therapy', 1, current_date, current_date, 100)",
                    (practice["other"]["patient"], therapist),
                )


def test_billing_staff_issue_and_list_estimates_for_a_clinician(
    pg_cluster, demo_db_url, run_cli, tmp_path
):
    dbname = dbname_of(demo_db_url)
    with pg_cluster.admin(dbname) as admin:
        role = billing_login(admin)
    env = {"SANCTUARY_DATABASE_URL": pg_cluster.url(dbname, user=role),
           "SANCTUARY_THERAPIST": SARAH_EMAIL}  # fmt: skip
    made = run_cli("billing", "estimate", "Chloe", "--sessions", "2", "-o",
                   str(tmp_path / "c.pdf"), env=env)  # fmt: skip
    assert made.returncode == 0, made.stderr
    listed = run_cli("billing", "estimates", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert [r["estimated_total"] for r in json.loads(listed.stdout)] == ["300.00"]
    flagged = run_cli("billing", "summary", "--csv", env=env)
    assert flagged.returncode == 0 and "over_estimate_by" in flagged.stdout.splitlines()[0]
