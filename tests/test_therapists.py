"""Therapists: listing, adding, showing and editing clinicians; license expiry warnings."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

from sanctuary_cli.rules.dates import practice_today

SARAH = "sarah.johnson@sanctuary.example"
PRACTICE_TZ = ZoneInfo("America/New_York")  # the tests' SANCTUARY_TIMEZONE (conftest.py)


def add_sam(cli, *extra: str):
    return cli(
        "therapists",
        "add",
        "--first",
        "Sam",
        "--last",
        "Lee",
        "--email",
        "Sam.Lee@Clinic.example",
        "--title",
        "Dr.",
        "--license-state",
        "ny",
        "--specialization",
        "couples",
        "--specialization",
        "EMDR",
        *extra,
    )


def test_list_shows_the_demo_clinician_as_csv(cli, demo_db_url):
    result = cli("therapists", "list", "--csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["name"] for r in rows] == ["Dr. Sarah Johnson"]
    assert rows[0]["npi"] == "1234567893"
    assert rows[0]["license_alert"] == ""


def test_add_then_show_by_email_and_name(cli, demo_db_url):
    result = add_sam(cli, "--npi", "1234567893")
    assert result.exit_code == 0, result.stderr
    assert "Added therapist Sam Lee" in result.stdout
    shown = cli("therapists", "show", "sam.lee@clinic.example", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert '"license_state": "NY"' in shown.stdout
    assert '"EMDR"' in shown.stdout
    by_name = cli("therapists", "show", "sam lee")
    assert by_name.exit_code == 0 and "Dr. Sam Lee" in by_name.stdout


def test_license_expiring_within_60_days_warns(cli, demo_db_url):
    soon = (practice_today(PRACTICE_TZ) + timedelta(days=30)).isoformat()
    result = add_sam(cli, "--license-expiry", soon)
    assert "expires in 30 day(s)" in result.stderr
    listed = cli("therapists", "list", "--csv")
    assert "Warning: the license of Dr. Sam Lee expires in 30 day(s)" in listed.stderr
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(listed.stdout))}
    assert rows["Dr. Sam Lee"]["license_alert"] == "expires in 30 day(s)"
    edited = cli("therapists", "edit", "sam", "--license-expiry", "2030-01-31")
    assert edited.exit_code == 0, edited.stderr
    assert "Warning" not in cli("therapists", "show", "sam").stderr


def test_expired_license_is_flagged(cli, demo_db_url):
    past = (practice_today(PRACTICE_TZ) - timedelta(days=3)).isoformat()
    cli("therapists", "edit", SARAH, "--license-expiry", past)
    result = cli("therapists", "show", SARAH)
    assert "expired 3 day(s) ago" in result.stderr


def test_add_needs_name_and_email(cli, demo_db_url):
    result = cli("therapists", "add", "--first", "Sam")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: Give --last, --email to add a therapist"


def test_bad_npi_and_date_are_refused_with_one_line(cli, demo_db_url):
    for npi in ("12345", "1234567890"):  # too short; ten digits with a wrong check digit
        bad_npi = add_sam(cli, "--npi", npi)
        assert bad_npi.exit_code == 1
        assert bad_npi.stderr.startswith(f"Error: Invalid NPI '{npi}'")
        assert len(bad_npi.stderr.strip().splitlines()) == 1
    bad_date = add_sam(cli, "--license-expiry", "2027-02-30")
    assert (
        bad_date.exit_code == 1 and "--license-expiry '2027-02-30' is not a date" in bad_date.stderr
    )


def test_two_therapists_need_a_choice_and_references_must_be_unique(cli, demo_db_url):
    add_sam(cli)
    cli("therapists", "add", "--first", "Sara", "--last", "Lin", "--email", "sara@x.example")
    assert "Several therapists" in cli("patients", "list").stderr
    chosen = cli("--therapist", SARAH, "patients", "list", "--csv")
    assert chosen.exit_code == 0 and "Amelia" in chosen.stdout
    ambiguous = cli("therapists", "show", "sar")
    assert ambiguous.exit_code == 1 and "matches 2 therapists" in ambiguous.stderr
    missing = cli("therapists", "show", "nobody")
    assert missing.exit_code == 1 and "No therapist matches 'nobody'" in missing.stderr


def test_edit_without_options_is_refused(cli, demo_db_url):
    result = cli("therapists", "edit", SARAH)
    assert result.exit_code == 1 and "Nothing to change" in result.stderr


def test_deactivated_therapist_is_marked(cli, demo_db_url):
    add_sam(cli)
    assert cli("therapists", "edit", "sam", "--inactive").exit_code == 0
    rows = {
        r["name"]: r for r in csv.DictReader(io.StringIO(cli("therapists", "list", "--csv").stdout))
    }
    assert rows["Dr. Sam Lee"]["is_active"] == "false"
    # Only one active clinician remains, so no --therapist is needed.
    assert cli("patients", "list").exit_code == 0
