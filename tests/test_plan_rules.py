"""Treatment plan content (rules/plans.py, docs/outcomes.md "Plan files"): problems with ICD-10
codes, goals, objectives with target dates and measure targets, interventions, the review date;
read from YAML and Markdown text, every mistake named in one line. Pure, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules.outcomes import parse_measure_target
from sanctuary_cli.rules.plans import (
    Intervention,
    Objective,
    Plan,
    Problem,
    default_review_date,
    parse_intervention,
    parse_plan_markdown,
    parse_plan_yaml,
    plan_markdown,
    review_date_for,
    review_due,
    target_met,
)

NY = ZoneInfo("America/New_York")

MARKDOWN = """---
review_date: 2026-09-01
---
# Treatment plan

## Problems
- Major depressive disorder, single episode, moderate (F32.1)
- F41.1: Generalized anxiety disorder

## Goals
- Return to work full time
- Sleep through
  the night

## Objectives
- PHQ-9 below 10 (by 2026-06-30, phq9<10)
- Sleeps 6 hours on 5 nights a week (by 2026-05-01)

## Interventions
- CBT weekly
- Behavioural activation, every 2 weeks
"""

YAML = """
review_date: 2026-09-01
problems:
  - description: Major depressive disorder, single episode, moderate
    icd10: F32.1
  - Generalized anxiety disorder (F41.1)
goals:
  - Return to work full time
  - description: Sleep through the night
objectives:
  - description: PHQ-9 below 10
    target_date: 2026-06-30
    measure_target: phq9<10
  - Sleeps 6 hours on 5 nights a week (by 2026-05-01)
interventions:
  - {modality: CBT, frequency: weekly}
  - Behavioural activation every 2 weeks
"""

EXPECTED = Plan(
    problems=(
        Problem("Major depressive disorder, single episode, moderate", ("F32.1",)),
        Problem("Generalized anxiety disorder", ("F41.1",)),
    ),
    goals=("Return to work full time", "Sleep through the night"),
    objectives=(
        Objective("PHQ-9 below 10", date(2026, 6, 30), parse_measure_target("phq9<10")),
        Objective("Sleeps 6 hours on 5 nights a week", date(2026, 5, 1)),
    ),
    interventions=(
        Intervention("CBT", "weekly"),
        Intervention("Behavioural activation", "every 2 weeks"),
    ),
    review_date=date(2026, 9, 1),
)


def test_a_markdown_plan_is_read():
    assert parse_plan_markdown(MARKDOWN, NY) == EXPECTED


def test_a_yaml_plan_is_read_the_same():
    assert parse_plan_yaml(YAML, NY) == EXPECTED


def test_a_plan_written_as_markdown_reads_back_the_same():
    text = plan_markdown(EXPECTED)
    assert "## Objectives" in text and "(by 2026-06-30, phq9<10)" in text
    assert parse_plan_markdown(text, NY) == EXPECTED
    without_review = replace(EXPECTED, review_date=None)
    assert parse_plan_markdown(plan_markdown(without_review), NY) == without_review


def test_every_mistake_in_a_plan_is_named_in_one_line():
    bad = """## Problems
- Insomnia
## Goals
## Objectives
- Feel better (by 2026-02-30)
- Attend group (DBT)
- PHQ-9 lower (by 2026-07-01, phq9>5)
## Interventions
- CBT
## Extras
- something
"""
    with pytest.raises(UserError) as caught:
        parse_plan_markdown(bad, NY)
    message = str(caught.value)
    assert "\n" not in message
    for part in (
        "unknown section 'Extras'",
        "problem 1: name its ICD-10 code",
        "no goals",
        "objective 1: target date '2026-02-30' is not a date",
        "objective 2: needs a target date",
        "objective 3: A measure target is a ceiling",
        "intervention 1: 'CBT' needs a modality and a frequency",
    ):
        assert part in message, (part, message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("problems: F32.1", "problems must be a list"),
        ("colour: blue", "unknown field 'colour'"),
        ("problems: [{description: x, code: F32.1}]", "unknown field 'code'"),
        ("problems: [Low mood (X99.9.9)]", "Invalid ICD-10 code"),
        ("objectives: [{description: x}]", "objective 1: needs a target date"),
        ("review_date: someday", "review date:"),
        ("objectives: [{description: x, target_date: 2026-02-30}]", "impossible date"),
        ("- a list", "holds a mapping"),
        ("problems: [", "not valid YAML"),
    ],
)
def test_yaml_mistakes_are_named(text, message):
    with pytest.raises(UserError, match=message):
        parse_plan_yaml(text, NY)


def test_markdown_front_matter_and_stray_text_are_checked():
    with pytest.raises(UserError, match="unknown front matter field 'reviewer'"):
        parse_plan_markdown("---\nreviewer: me\n---\n" + MARKDOWN.split("---\n", 2)[2], NY)
    with pytest.raises(UserError, match="line 1: text before the first section heading"):
        parse_plan_markdown("Some notes\n" + MARKDOWN.split("---\n", 2)[2], NY)
    with pytest.raises(UserError, match="start each entry with '- '"):
        parse_plan_markdown(MARKDOWN.replace("- CBT weekly", "CBT weekly"), NY)


def test_icd10_codes_are_read_by_the_shared_parser():
    plan = parse_plan_yaml(YAML.replace("icd10: F32.1", "icd10: [f32.1, F32.1, f41.1]"), NY)
    assert plan.problems[0].icd10 == ("F32.1", "F41.1")  # upper-cased, duplicates dropped


@pytest.mark.parametrize(
    ("text", "modality", "frequency"),
    [
        ("CBT weekly", "CBT", "weekly"),
        ("DBT skills group twice a week", "DBT skills group", "twice a week"),
        ("EMDR every 2 weeks", "EMDR", "every 2 weeks"),
        ("Family therapy - monthly", "Family therapy", "monthly"),
        (
            "Exposure and response prevention 2x weekly",
            "Exposure and response prevention",
            "2x weekly",
        ),
        ("Mindfulness practice daily", "Mindfulness practice", "daily"),
        ("Crisis line as needed", "Crisis line", "as needed"),
    ],
)
def test_interventions_have_a_modality_and_a_frequency(text, modality, frequency):
    assert parse_intervention(text) == Intervention(modality, frequency)


@pytest.mark.parametrize("text", ["CBT", "weekly", "", "CBT sometimes"])
def test_an_intervention_without_both_is_refused(text):
    with pytest.raises(UserError, match="modality and a frequency"):
        parse_intervention(text)


def test_the_review_date_defaults_to_90_days_after_signing():
    signed = date(2026, 3, 2)
    assert default_review_date(signed) == date(2026, 5, 31)
    undated = replace(EXPECTED, review_date=None)
    assert review_date_for(undated, signed) == date(2026, 5, 31)
    assert review_date_for(EXPECTED, signed) == date(2026, 9, 1)
    with pytest.raises(UserError, match="not after signing"):
        review_date_for(EXPECTED, date(2026, 9, 1))
    assert review_due(date(2026, 5, 31), date(2026, 5, 31))
    assert not review_due(date(2026, 5, 31), date(2026, 5, 30))


def test_whether_an_objective_is_met_by_the_latest_score():
    with_target, without = EXPECTED.objectives
    assert target_met(with_target, 9) is True
    assert target_met(with_target, 10) is False
    assert target_met(with_target, None) is None  # no score yet
    assert target_met(without, 3) is None  # nothing to measure
    assert target_met(parse_measure_target("gad7<=7"), 7) is True
