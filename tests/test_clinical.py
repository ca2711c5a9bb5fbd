"""Pure clinical rules: PHQ-9/GAD-7 bands, item 9, C-SSRS skip logic and risk, risk assessment."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules import note_files, notes, risk, scoring, trends


def phq9_with_total(total: int, item9: int = 0) -> list[int]:
    answers = [0] * 9
    answers[8] = item9
    remaining = total - item9
    for i in range(8):
        answers[i] = min(3, remaining)
        remaining -= answers[i]
    assert remaining == 0
    return answers


def gad7_with_total(total: int) -> list[int]:
    answers, remaining = [], total
    for _ in range(7):
        answers.append(min(3, remaining))
        remaining -= answers[-1]
    return answers


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_band_boundaries(total, band):
    answers = phq9_with_total(total, item9=min(total, 3) if total == 27 else 0)
    result = scoring.score("phq9", answers)
    assert (result.total, result.severity) == (total, band)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (19, "severe"),
        (20, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_band_boundaries(total, band):
    result = scoring.score("gad7", gad7_with_total(total))
    assert (result.total, result.severity, result.risk_flag) == (total, band, False)


@pytest.mark.parametrize(("item9", "flag"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item9_above_zero_flags_risk(item9, flag):
    result = scoring.score("phq9", phq9_with_total(4, item9=item9))
    assert result.risk_flag is flag
    assert result.severity == "minimal"  # the flag does not depend on the total


def test_totals_out_of_range_are_rejected():
    with pytest.raises(UserError):
        scoring.phq9_severity(28)
    with pytest.raises(UserError):
        scoring.gad7_severity(22)


def test_questionnaire_answers_are_validated():
    with pytest.raises(UserError, match="needs 9 answers"):
        scoring.parse_answers("phq9", "0,1,2")
    with pytest.raises(UserError, match="item 3: answers are 0-3"):
        scoring.parse_answers("gad7", "0,0,4,0,0,0,0")
    with pytest.raises(UserError, match="numbers 0-3"):
        scoring.parse_answers("phq9", "a,b")
    assert scoring.parse_answers("PHQ-9", "0 1 2 3 0 1 2 3 1") == [0, 1, 2, 3, 0, 1, 2, 3, 1]


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ("no,no,no", "none"),
        ("yes,no,no", "low"),
        ("no,yes,no,no,no,no", "low"),
        ("yes,yes,yes,no,no,no", "moderate"),
        ("yes,no,past", "moderate"),
        ("yes,yes,no,yes,no,no", "high"),
        ("yes,yes,yes,yes,yes,no", "high"),
        ("no,no,recent", "high"),
    ],
)
def test_cssrs_risk_levels(answers, level):
    result = scoring.score("cssrs", scoring.parse_answers("cssrs", answers))
    assert result.severity == level
    assert result.risk_flag is (level != "none")


def test_cssrs_skip_logic_asks_3_to_5_only_after_yes_to_2():
    assert scoring.cssrs_asks(3, [1, 0]) is False
    assert scoring.cssrs_asks(4, [1, 1]) is True
    assert scoring.cssrs_asks(6, [0, 0]) is True
    assert scoring.parse_answers("cssrs", "yes,no,-,-,-,no") == [1, 0, None, None, None, 0]
    with pytest.raises(UserError, match="asked only when question 2 is yes"):
        scoring.parse_answers("cssrs", "no,no,yes,no,no,no")
    with pytest.raises(UserError, match="need answers when question 2 is yes"):
        scoring.parse_answers("cssrs", "no,yes,no")
    with pytest.raises(UserError, match="question 6 is no, past"):
        scoring.parse_answers("cssrs", "no,no,yes")


def test_template_sections():
    assert [k for k, _ in notes.template_sections("soap")] == [
        "subjective",
        "objective",
        "assessment",
        "plan",
    ]
    assert [k for k, _ in notes.template_sections("dap")] == ["data", "assessment", "plan"]
    assert [k for k, _ in notes.template_sections("BIRP")] == [
        "behavior",
        "intervention",
        "response",
        "plan",
    ]
    with pytest.raises(UserError, match="Unknown template"):
        notes.template_sections("xyz")


def test_note_content_requires_every_section():
    with pytest.raises(UserError, match="The Plan section is required"):
        notes.note_content("dap", {"data": "d", "assessment": "a", "plan": "  "})
    with pytest.raises(UserError, match="not part of the DAP template"):
        notes.note_content("dap", {"data": "d", "assessment": "a", "plan": "p", "x": "y"})


def test_high_risk_without_safety_plan_is_rejected():
    with pytest.raises(UserError, match="A safety plan is required when overall risk is high"):
        risk.risk_assessment(risk_level="high", suicidal_ideation="active with plan")
    ok = risk.risk_assessment(
        risk_level="High",
        suicidal_ideation="active-with-plan",
        safety_plan="Call 988; remove means",
        protective_factors=["children", "future plans, pets"],
    )
    assert ok.risk_level == "high"
    assert ok.suicidal_ideation == "active with plan"
    assert ok.protective_factors == ("children", "future plans", "pets")


def test_risk_level_is_required_and_must_fit_the_findings():
    with pytest.raises(UserError, match="overall risk level is required"):
        risk.risk_assessment(risk_level=None)
    with pytest.raises(UserError, match="cannot be low"):
        risk.risk_assessment(risk_level="low", self_harm="current")
    with pytest.raises(UserError, match="suicidal ideation must be one of none, .*, not 'maybe'"):
        risk.risk_assessment(risk_level="low", suicidal_ideation="maybe")


@pytest.mark.parametrize("value", ["0", "11", "-1", "x"])
def test_ratings_outside_1_to_10_are_rejected(value):
    with pytest.raises(UserError, match="from 1 to 10"):
        trends.rating(value)


def test_sparkline_and_weekly_means():
    assert trends.sparkline([1, 10, 5]) == "1X5"
    assert trends.sparkline([0, 27, 14], low=0, high=27) == "▁█▅"  # a total's scale: blocks
    weeks = trends.weekly_means(
        [(date(2026, 11, 2), 4), (date(2026, 11, 8), 5), (date(2026, 11, 9), 7)]
    )
    assert weeks == [
        {"week_start": date(2026, 11, 2), "entries": 2, "mean": 4.5},
        {"week_start": date(2026, 11, 9), "entries": 1, "mean": 7.0},
    ]
    assert trends.change_since_previous([10, 7, 9]) == [None, -3, 2]


def test_a_session_day_after_today_is_refused():
    today = date(2026, 12, 1)
    assert notes.past_session_day(date(2026, 12, 1), None, today=today) == today
    with pytest.raises(UserError, match="2026-12-02 is in the future"):
        notes.past_session_day(date(2026, 12, 2), None, today=today)


def test_contact_draft_defaults_and_limits():
    draft = notes.contact_draft("  Called back.  ", None, None)
    assert (draft.text, draft.kind, draft.minutes) == ("Called back.", "phone", None)
    assert notes.contact_draft("x", "15", "EMAIL").kind == "email"
    with pytest.raises(UserError, match="--minutes must be from 1 to 600"):
        notes.contact_draft("x", "601", None)
    with pytest.raises(UserError, match="written with `sanctuary notes contact`"):
        notes.note_draft({"template": "contact", "sections": {"text": "x"}}, ZoneInfo("UTC"))


def test_an_edit_starts_from_the_note_and_keeps_an_incomplete_screen_incomplete():
    stored = {
        "template": "dap",
        "content": {"data": "d", "assessment": "a", "plan": "p"},
        "is_private": False,
        "risk_level": "low",
        "suicidal_ideation": "none",
        "self_harm": "past",
        "homicidal_ideation": "none",
        "protective_factors": ["pets"],
        "protective_factors_note": None,
        "safety_plan": None,
        "crisis_indicators": [],
        "risk_assessment_complete": False,
        "mood_rating": 4,
        "tags": ["sleep"],
        "session_date": date(2020, 1, 6),
    }
    current = note_files.current_note_fields(stored)
    assert current["risk"].get("self_harm") == "past"  # said more than the default
    assert "suicidal_ideation" not in current["risk"]  # never asked: stays unanswered
    edited = note_files.edited_note_fields(current, {"sections": {"plan": "p2"}, "mood": 6})
    draft = notes.note_draft(edited, ZoneInfo("UTC"))
    assert draft.content == {"data": "d", "assessment": "a", "plan": "p2"}
    assert (draft.mood_rating, draft.tags, draft.risk.complete) == (6, ("sleep",), False)
    soap = note_files.edited_note_fields(
        current, {"template": "soap", "sections": {"subjective": "s", "objective": "o"}}
    )
    assert set(soap["sections"]) == {"subjective", "objective", "assessment", "plan"}
