"""The structured risk assessment of a progress note: its vocabulary and what makes it valid
(docs/clinical-notes.md, "Writing a note"). Pure: values in, a RiskAssessment or a UserError."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sanctuary_cli.errors import UserError
from sanctuary_cli.rules import parsers

SUICIDAL_IDEATION = (
    "none",
    "passive",
    "active without plan",
    "active with plan",
    "active with intent",
)
SELF_HARM = ("none", "past", "current")
HOMICIDAL_IDEATION = ("none", "passive", "active")
RISK_LEVELS = ("low", "moderate", "high", "imminent")
PROTECTIVE_FACTORS = (
    "supportive family",
    "social support",
    "spouse or partner",
    "children",
    "engaged in treatment",
    "future plans",
    "religious or spiritual beliefs",
    "employment or school",
    "pets",
    "good insight",
    "help-seeking",
    "no access to means",
)
CRISIS_INDICATORS = (
    "recent loss",
    "access to means",
    "substance use",
    "hopelessness",
    "isolation",
    "recent discharge",
    "agitation",
)
_SEVERE_IDEATION = ("active with plan", "active with intent")


@dataclass(frozen=True)
class RiskAssessment:
    suicidal_ideation: str = "none"
    self_harm: str = "none"
    homicidal_ideation: str = "none"
    protective_factors: tuple[str, ...] = ()
    protective_factors_note: str | None = None
    risk_level: str = "low"
    safety_plan: str | None = None
    crisis_indicators: tuple[str, ...] = ()
    # Whether suicidal ideation, self-harm and homicidal ideation were each asked and answered
    # (not left to their defaults): only a complete assessment can close a risk flag.
    complete: bool = False


def risk_assessment(
    *,
    risk_level: str | None,
    suicidal_ideation: str | None = None,
    self_harm: str | None = None,
    homicidal_ideation: str | None = None,
    protective_factors: Iterable[str] = (),
    protective_factors_note: str | None = None,
    safety_plan: str | None = None,
    crisis_indicators: Iterable[str] = (),
) -> RiskAssessment:
    """A validated structured risk assessment; overall risk must be stated explicitly."""
    if not risk_level:
        raise UserError("The overall risk level is required (low, moderate, high or imminent)")
    level = choice(risk_level, RISK_LEVELS, "overall risk")
    si = choice(suicidal_ideation or "none", SUICIDAL_IDEATION, "suicidal ideation")
    sh = choice(self_harm or "none", SELF_HARM, "self-harm")
    hi = choice(homicidal_ideation or "none", HOMICIDAL_IDEATION, "homicidal ideation")
    plan = parsers.clean_text(safety_plan)
    if level != "low" and plan is None:
        raise UserError(f"A safety plan is required when overall risk is {level}")
    if level == "low" and (si in _SEVERE_IDEATION or sh == "current" or hi == "active"):
        raise UserError(
            "Overall risk cannot be low with active ideation with a plan or intent, current "
            "self-harm or active homicidal ideation"
        )
    return RiskAssessment(
        suicidal_ideation=si,
        self_harm=sh,
        homicidal_ideation=hi,
        protective_factors=labels(protective_factors),
        protective_factors_note=parsers.clean_text(protective_factors_note),
        risk_level=level,
        safety_plan=plan,
        crisis_indicators=labels(crisis_indicators),
    )


def choice(value: str, allowed: Sequence[str], what: str) -> str:
    """One of `allowed`, in any case; hyphens or underscores may stand for spaces, as in
    `--suicidal-ideation active-with-plan`."""
    words = " ".join(str(value).replace("-", " ").replace("_", " ").split())
    chosen = parsers.parse_choice(words, tuple(allowed), what=what)
    if chosen is None:
        raise UserError(f"{what} must be one of {', '.join(allowed)}")
    return chosen


def labels(values: Iterable[str]) -> tuple[str, ...]:
    """Free labels (protective factors, tags): comma separated too, trimmed, spaces collapsed,
    duplicates dropped, order kept."""
    seen: dict[str, None] = {}
    for value in values:
        for part in str(value).split(","):
            label = " ".join((parsers.clean_text(part) or "").split())
            if label:
                seen.setdefault(label, None)
    return tuple(seen)
