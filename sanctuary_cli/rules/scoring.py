"""Outcome measures: PHQ-9, GAD-7 and the C-SSRS screener, their items, answers, scores and
bands (docs/clinical-notes.md, "Measures"). Pure: answers in, a Score or a UserError out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sanctuary_cli.errors import UserError

INSTRUMENTS = ("phq9", "gad7", "cssrs")
INSTRUMENT_NAMES = {"phq9": "PHQ-9", "gad7": "GAD-7", "cssrs": "C-SSRS screener"}

FREQUENCY_SCALE = ("Not at all", "Several days", "More than half the days", "Nearly every day")

PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself, or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed; or the opposite, "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)

GAD7_ITEMS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)

CSSRS_ITEMS = (
    "Have you wished you were dead or wished you could go to sleep and not wake up?",
    "Have you actually had any thoughts of killing yourself?",
    "Have you been thinking about how you might do this?",
    "Have you had these thoughts and had some intention of acting on them?",
    "Have you started to work out or worked out the details of how to kill yourself? "
    "Do you intend to carry out this plan?",
    "Have you ever done anything, started to do anything, or prepared to do anything to end "
    "your life?",
)
CSSRS_BEHAVIOUR_ANSWERS = ("no", "yes, more than 3 months ago", "yes, within the past 3 months")

ITEMS = {"phq9": PHQ9_ITEMS, "gad7": GAD7_ITEMS, "cssrs": CSSRS_ITEMS}
STEMS = {
    "phq9": "Over the last 2 weeks, how often have you been bothered by the following?",
    "gad7": "Over the last 2 weeks, how often have you been bothered by the following?",
    "cssrs": "In the past month:",
}

PHQ9_BANDS = (
    (4, "minimal"),
    (9, "mild"),
    (14, "moderate"),
    (19, "moderately severe"),
    (27, "severe"),
)
GAD7_BANDS = ((4, "minimal"), (9, "mild"), (14, "moderate"), (21, "severe"))
CSSRS_LEVELS = ("none", "low", "moderate", "high")
# The highest total of each instrument: the top of its sparkline scale.
MAX_TOTAL = {"phq9": 27, "gad7": 21, "cssrs": 6}


@dataclass(frozen=True)
class Score:
    """The result of one administration, as stored in measure_administrations."""

    instrument: str
    answers: tuple[int | None, ...]
    total: int
    severity: str
    risk_flag: bool


def score(instrument: str, answers: Sequence[int | None]) -> Score:
    """Total, band and risk flag of a complete set of answers (validated first)."""
    instrument = normalize_instrument(instrument)
    answers = tuple(validate_answers(instrument, answers))
    if instrument == "cssrs":
        level = cssrs_risk(answers)
        total = sum(1 for a in answers if a)
        return Score(instrument, answers, total, level, level != "none")
    total = sum(a or 0 for a in answers)
    if instrument == "phq9":
        return Score(instrument, answers, total, phq9_severity(total), phq9_item9_flag(answers))
    return Score(instrument, answers, total, gad7_severity(total), False)


def phq9_severity(total: int) -> str:
    """PHQ-9 band: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe."""
    return _band(total, PHQ9_BANDS, "PHQ-9")


def gad7_severity(total: int) -> str:
    """GAD-7 band: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe."""
    return _band(total, GAD7_BANDS, "GAD-7")


def phq9_item9_flag(answers: Sequence[int | None]) -> bool:
    """Any answer above 0 to item 9 (thoughts of death or self-harm) needs risk follow-up."""
    return len(answers) >= 9 and (answers[8] or 0) > 0


def cssrs_risk(answers: Sequence[int | None]) -> str:
    """C-SSRS screener risk: high = yes to 4 or 5 or behaviour within 3 months; moderate =
    yes to 3 or behaviour longer ago; low = yes to 1 or 2 only; none otherwise."""
    q = [a or 0 for a in answers]
    if q[3] or q[4] or q[5] == 2:
        return "high"
    if q[2] or q[5] == 1:
        return "moderate"
    if q[0] or q[1]:
        return "low"
    return "none"


def cssrs_asks(question: int, answers_so_far: Sequence[int | None]) -> bool:
    """Skip logic: questions 3-5 (1-based) are asked only when question 2 is yes."""
    if question in (3, 4, 5):
        return len(answers_so_far) >= 2 and answers_so_far[1] == 1
    return True


def validate_answers(instrument: str, answers: Sequence[int | None]) -> list[int | None]:
    """The answers in stored form, or a UserError naming what is wrong."""
    instrument = normalize_instrument(instrument)
    name = INSTRUMENT_NAMES[instrument]
    answers = list(answers)
    if instrument == "cssrs":
        if len(answers) == 3:  # questions 1, 2 and 6 when 3-5 were skipped
            answers = [answers[0], answers[1], None, None, None, answers[2]]
        if len(answers) != 6:
            raise UserError(
                f"{name} needs 6 answers (or 3: questions 1, 2 and 6), got {len(answers)}"
            )
        for i in (0, 1, 5):
            if answers[i] is None:
                raise UserError(f"{name} question {i + 1} needs an answer")
        if answers[1] == 1:
            if any(answers[i] is None for i in (2, 3, 4)):
                raise UserError(f"{name}: questions 3-5 need answers when question 2 is yes")
        elif any(answers[i] is not None for i in (2, 3, 4)):
            raise UserError(f"{name}: questions 3-5 are asked only when question 2 is yes")
        for i, a in enumerate(answers):
            top = 2 if i == 5 else 1
            if a is not None and not 0 <= a <= top:
                raise UserError(f"{name} question {i + 1}: answer out of range")
        return answers
    count = len(ITEMS[instrument])
    if len(answers) != count:
        raise UserError(f"{name} needs {count} answers (0-3 each), got {len(answers)}")
    for i, a in enumerate(answers):
        if a is None or not 0 <= a <= 3:
            raise UserError(f"{name} item {i + 1}: answers are 0-3")
    return answers


def parse_answers(instrument: str, text: str) -> list[int | None]:
    """`--answers` text: "0,1,2,..." for PHQ-9/GAD-7; for the C-SSRS yes/no (or 1/0) per
    question, "-" for a skipped one, and question 6 as no, past (over 3 months) or recent."""
    instrument = normalize_instrument(instrument)
    tokens = [t.strip().lower() for t in re.split(r"[,\s]+", text.strip()) if t.strip()]
    if instrument != "cssrs":
        try:
            values: list[int | None] = [int(t) for t in tokens]
        except ValueError:
            raise UserError(
                f"{INSTRUMENT_NAMES[instrument]} answers are numbers 0-3 separated by commas"
            ) from None
        return validate_answers(instrument, values)
    values = []
    for position, token in enumerate(tokens):
        last = position == len(tokens) - 1
        values.append(_cssrs_token(token, behaviour=last and len(tokens) in (3, 6)))
    return validate_answers(instrument, values)


def _cssrs_token(token: str, *, behaviour: bool) -> int | None:
    if token in ("-", "skip", "skipped", "n/a"):
        return None
    if token in ("no", "n", "0"):
        return 0
    if behaviour:
        if token in ("past", "old", "1", "yes-past"):
            return 1
        if token in ("recent", "2", "yes-recent"):
            return 2
        raise UserError("C-SSRS question 6 is no, past (over 3 months ago) or recent (within 3)")
    if token in ("yes", "y", "1"):
        return 1
    raise UserError(f"C-SSRS answers are yes or no, not {token[:20]!r}")


def normalize_instrument(instrument: str) -> str:
    key = instrument.lower().replace("-", "").replace("_", "").replace(" ", "")
    key = {"cssrsscreener": "cssrs"}.get(key, key)
    if key not in INSTRUMENTS:
        raise UserError(f"Unknown measure {instrument[:20]!r}; choose phq9, gad7 or cssrs")
    return key


def _band(total: int, bands: Iterable[tuple[int, str]], name: str) -> str:
    if total < 0:
        raise UserError(f"{name} total cannot be negative")
    for top, label in bands:
        if total <= top:
            return label
    raise UserError(f"{name} total {total} is above the maximum")
