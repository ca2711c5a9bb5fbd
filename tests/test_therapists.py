"""Therapists: listing, adding, showing and editing clinicians; license expiry warnings."""

from __future__ import annotations

import csv
import io
import json
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


def test_two_therapists_need_a_choice_and_references_must_be_unique(cli, demo_db, demo_db_url):
    add_sam(cli)
    cli("therapists", "add", "--first", "Sara", "--last", "Lin", "--email", "sara@x.example")
    # Adding Sam made Sarah the default clinician (docs/SPEC.md section 7), so no choice is
    # needed; with the default cleared, several therapists need one again.
    assert cli("patients", "list").exit_code == 0
    with demo_db.transaction() as cur:
        cur.execute("update practice set default_therapist_id = null")
    unchosen = cli("patients", "list")
    assert unchosen.exit_code == 1 and "Several therapists" in unchosen.stderr
    assert "--therapist" in unchosen.stderr and "therapists default" in unchosen.stderr
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


# --------------------------------------------------------------------------- default clinician


def default_name(cli) -> list[str]:
    rows = csv.DictReader(io.StringIO(cli("therapists", "list", "--csv").stdout))
    return [r["name"] for r in rows if r["is_default"] == "true"]


def test_a_second_therapist_makes_the_first_the_default_and_cron_keeps_working(
    cli, run_cli, demo_db_url
):
    added = add_sam(cli)
    assert added.exit_code == 0, added.stderr
    assert "Dr. Sarah Johnson is now the practice's default clinician" in added.stderr
    assert default_name(cli) == ["Dr. Sarah Johnson"]
    # What a cron job runs, naming no one: as before the colleague came.
    upcoming = run_cli("appointments", "upcoming", "--csv")
    assert upcoming.returncode == 0, upcoming.stderr
    assert len(list(csv.DictReader(io.StringIO(upcoming.stdout)))) == 3
    tomorrow = (practice_today(PRACTICE_TZ) + timedelta(days=1)).isoformat()
    daily = run_cli("report", "daily", "--date", tomorrow, "--csv")
    assert daily.returncode == 0, daily.stderr
    names = [r["patient_name"] for r in csv.DictReader(io.StringIO(daily.stdout))]
    assert names == ["Amelia Chen", "Benjamin Carter"]
    # A third therapist changes nothing: the default is set.
    third = cli("therapists", "add", "--first", "Ana", "--last", "Roy", "--email", "ana@x.example")
    assert third.exit_code == 0 and "default clinician" not in third.stderr
    assert default_name(cli) == ["Dr. Sarah Johnson"]


def test_therapists_default_chooses_whom_commands_act_for(cli, demo_db_url):
    add_sam(cli)
    chosen = cli("therapists", "default", "sam lee")
    assert chosen.exit_code == 0, chosen.stderr
    assert chosen.stdout.strip() == "Dr. Sam Lee is now the practice's default clinician"
    assert default_name(cli) == ["Dr. Sam Lee"]
    # Sam has no patients yet; --therapist still wins over the default.
    assert cli("patients", "list", "--csv").stdout.strip().count("\n") == 0
    sarah = cli("--therapist", SARAH, "patients", "list", "--csv")
    assert "Amelia Chen" in sarah.stdout
    as_json = json.loads(cli("therapists", "default", SARAH, "--json").stdout)
    assert as_json[0]["name"] == "Dr. Sarah Johnson" and as_json[0]["is_default"] is True
    cli("therapists", "edit", "sam", "--inactive")
    refused = cli("therapists", "default", "sam")
    assert refused.exit_code == 1 and "inactive" in refused.stderr
    assert default_name(cli) == ["Dr. Sarah Johnson"]


def test_an_inactive_default_is_not_acted_for(cli, demo_db_url):
    add_sam(cli)
    cli("therapists", "default", "sam")
    cli("therapists", "edit", "sam", "--inactive")
    # The only active clinician left is acted for, as with one therapist.
    listed = cli("patients", "list", "--csv")
    assert listed.exit_code == 0 and "Amelia Chen" in listed.stdout


def test_edit_prints_the_row_it_wrote_with_format(cli, demo_db_url):
    edited = cli("therapists", "edit", SARAH, "--license-expiry", "2031-05-01", "--json")
    assert edited.exit_code == 0, edited.stderr
    row = json.loads(edited.stdout)[0]
    assert row["license_expiry"] == "2031-05-01" and row["email"] == SARAH
    line = cli("therapists", "edit", SARAH, "--phone", "+1 212 555 0101")
    assert line.stdout.startswith("Updated therapist ") and "Sarah Johnson" in line.stdout
    added = add_sam(cli, "--csv")
    assert added.exit_code == 0, added.stderr
    rows = list(csv.DictReader(io.StringIO(added.stdout)))
    assert rows[0]["email"] == "sam.lee@clinic.example" and rows[0]["license_state"] == "NY"
