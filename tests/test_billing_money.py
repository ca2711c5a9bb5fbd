"""Money, coverage split, CPT defaults and aging buckets: the pure arithmetic of billing, and
the parsers billing reads amounts and codes with."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.aging import aging_bucket
from sanctuary_cli.rules.cpt import CptLine, default_cpt, session_kind
from sanctuary_cli.rules.money import coverage_split
from sanctuary_cli.rules.parsers import parse_money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("125", "125.00"),
        ("125.5", "125.50"),
        ("125.00", "125.00"),
        ("$1,250.75", "1250.75"),
        (" 0.01 ", "0.01"),
        ("99999999.99", "99999999.99"),
    ],
)
def test_valid_amounts_parse_to_two_place_decimals(text, expected):
    value = parse_money(text)
    assert isinstance(value, Decimal)
    assert str(value) == expected


@pytest.mark.parametrize(
    "text",
    [
        "-5",
        "-0.01",
        "NaN",
        "nan",
        "Infinity",
        "1e309",
        "1E3",
        "12.345",
        "12,34",
        "abc",
        "",
        "0x10",
        "1_000",
        "100000000.00",
        "0",
        "0.00",
        "١٢٣",
    ],
)
def test_invalid_amounts_are_rejected_with_one_line(text):
    with pytest.raises(UserError) as err:
        parse_money(text)
    message = str(err.value)
    assert "\n" not in message
    assert "amount" in message


def test_coverage_split_of_80_percent_of_125():
    assert coverage_split(Decimal("125.00"), Decimal("80")) == (Decimal("100.00"), Decimal("25.00"))


@pytest.mark.parametrize(
    ("amount", "percent", "insurance", "patient"),
    [
        ("100.01", "50", "50.01", "50.00"),  # half a cent rounds up
        ("0.05", "50", "0.03", "0.02"),
        ("150.00", "70", "105.00", "45.00"),
        ("133.33", "33.33", "44.44", "88.89"),
        ("99.99", "0", "0.00", "99.99"),
        ("99.99", "100", "99.99", "0.00"),
        ("0.00", "80", "0.00", "0.00"),
    ],
)
def test_coverage_split_rounds_half_up_and_adds_up(amount, percent, insurance, patient):
    ins, pat = coverage_split(Decimal(amount), Decimal(percent))
    assert (ins, pat) == (Decimal(insurance), Decimal(patient))
    assert ins + pat == Decimal(amount)


def test_coverage_split_refuses_float():
    with pytest.raises(TypeError):
        coverage_split(125.0, Decimal("80"))


@pytest.mark.parametrize(
    ("minutes", "code"),
    [(16, "90832"), (37, "90832"), (38, "90834"), (52, "90834"), (53, "90837"), (90, "90837")],
)
def test_individual_psychotherapy_code_by_duration(minutes, code):
    assert default_cpt("individual", minutes) == [CptLine(code)]


def test_too_short_sessions_have_no_code():
    with pytest.raises(UserError, match="16 minutes"):
        default_cpt("individual", 15)
    with pytest.raises(UserError, match="26 minutes"):
        default_cpt("family", 25)


def test_intake_and_family_codes():
    assert default_cpt("intake", 60) == [CptLine("90791")]
    assert default_cpt("family", 26) == [CptLine("90847")]
    assert default_cpt("family-without-patient", 50) == [CptLine("90846")]


@pytest.mark.parametrize(
    ("minutes", "lines"),
    [
        (29, [CptLine("90832")]),
        (30, [CptLine("90839")]),
        (74, [CptLine("90839")]),
        (75, [CptLine("90839"), CptLine("90840", 1)]),
        (104, [CptLine("90839"), CptLine("90840", 1)]),
        (105, [CptLine("90839"), CptLine("90840", 2)]),
    ],
)
def test_crisis_adds_90840_units_per_further_30_minutes(minutes, lines):
    assert default_cpt("crisis", minutes) == lines


def test_session_kind_from_the_session_type():
    assert session_kind("Intake", "Individual") == "intake"
    assert session_kind("Crisis Session", "Individual") == "crisis"
    assert session_kind("Family Therapy (without patient)", "Family") == "family-without-patient"
    assert session_kind("Couples Therapy", "Couples") == "family"
    assert session_kind("Individual Therapy", "Individual") == "individual"
    assert session_kind(None, None) == "individual"


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "0-30"),
        (30, "0-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "90+"),
        (400, "90+"),
    ],
)
def test_aging_bucket_boundaries(days, bucket):
    assert aging_bucket(days) == bucket


def test_codes_are_validated():
    assert parsers.parse_cpt("90834") == "90834"
    assert parsers.parse_icd10("f41.1, F32.1") == ["F41.1", "F32.1"]
    assert parsers.parse_modifier("95") == "95"
    for bad in (
        lambda: parsers.parse_cpt("9083"),
        lambda: parsers.parse_icd10("41.1"),
        lambda: parsers.parse_modifier("959"),
    ):
        with pytest.raises(UserError):
            bad()


def test_percentages_and_days_come_from_the_one_parsers_module():
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    assert parsers.parse_percent("80%") == Decimal("80.00")
    with pytest.raises(UserError):
        parsers.parse_percent("101")
    ny = ZoneInfo("America/New_York")
    now = datetime(2026, 12, 1, 12, 0, tzinfo=ny)
    assert parsers.parse_day("2026-03-31", ny) == date(2026, 3, 31)
    assert parsers.parse_day("yesterday", ny, now=now) == date(2026, 11, 30)
    with pytest.raises(UserError, match="--to 'soon' is not a date"):
        parsers.parse_day("soon", ny, what="--to")


@pytest.mark.parametrize(
    ("days", "column"),
    [
        (-10, "current"),
        (0, "current"),
        (1, "days_1_30"),
        (30, "days_1_30"),
        (31, "days_31_60"),
        (61, "days_61_90"),
        (90, "days_61_90"),
        (91, "days_over_90"),
    ],
)
def test_aging_columns_start_with_current(days, column):
    from sanctuary_cli.rules.aging import aging_column

    assert aging_column(days) == column


def test_aging_totals_keep_the_legacy_0_30_column():
    from sanctuary_cli.rules.aging import aging_totals

    rows = aging_totals(
        [
            {"patient_id": 1, "patient_name": "A", "days_overdue": 0, "balance": Decimal("5")},
            {"patient_id": 1, "patient_name": "A", "days_overdue": 12, "balance": Decimal("7")},
        ]
    )
    assert [(r["current"], r["days_1_30"], r["days_0_30"], r["total"]) for r in rows] == [
        (Decimal("5"), Decimal("7"), Decimal("12"), Decimal("12")),
    ] * 2


def test_only_psychotherapy_codes_are_billable_unless_any():
    from sanctuary_cli.rules.cpt import BILLABLE_CPT, billable_cpt

    for code in ("90785", "90791", "90834", "90839", "90840", "90847", "90853", "96130"):
        assert billable_cpt(code) == code
    assert all(len(code) == 5 and code.isdigit() for code in BILLABLE_CPT)
    with pytest.raises(UserError, match="--any-cpt"):
        billable_cpt("99999")
    assert billable_cpt("99213", any_code=True) == "99213"
