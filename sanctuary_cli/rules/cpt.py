"""CPT codes a session is billed under, by its kind and length, and its place of service."""

from __future__ import annotations

from dataclasses import dataclass

from sanctuary_cli.errors import UserError

SESSION_KINDS = ("individual", "intake", "crisis", "family", "family-without-patient")

# The codes a psychotherapy practice bills, from the AMA CPT code set: its Psychiatry section
# (90785-90899) and the psychological testing (96105-96146) and health behaviour assessment and
# intervention (96156-96171) ranges, as the CMS Physician Fee Schedule lists them
# (https://www.cms.gov/medicare/payment/fee-schedules/physician). Codes that need an evaluation
# and management code on the same claim (90833, 90836, 90838: prescribers) are not here.
# A code outside the list is refused unless `--any-cpt` is given.
BILLABLE_CPT = {
    "90785": "interactive complexity (add-on)",
    "90791": "psychiatric diagnostic evaluation",
    "90792": "psychiatric diagnostic evaluation with medical services",
    "90832": "psychotherapy, 30 minutes (16-37)",
    "90834": "psychotherapy, 45 minutes (38-52)",
    "90837": "psychotherapy, 60 minutes (53 or more)",
    "90839": "psychotherapy for crisis, first 60 minutes (30-74)",
    "90840": "psychotherapy for crisis, each further 30 minutes (add-on)",
    "90845": "psychoanalysis",
    "90846": "family psychotherapy without the patient, 50 minutes",
    "90847": "family psychotherapy with the patient, 50 minutes",
    "90849": "multiple-family group psychotherapy",
    "90853": "group psychotherapy",
    "96127": "brief emotional or behavioural assessment (PHQ-9, GAD-7...)",
    "96130": "psychological evaluation, first hour",
    "96131": "psychological evaluation, each further hour (add-on)",
    "96136": "psychological test administration, first 30 minutes",
    "96137": "psychological test administration, each further 30 minutes (add-on)",
    "96138": "test administration by a technician, first 30 minutes",
    "96139": "test administration by a technician, each further 30 minutes (add-on)",
    "96156": "health behaviour assessment or re-assessment",
    "96158": "health behaviour intervention, individual, first 30 minutes",
    "96159": "health behaviour intervention, individual, each further 15 minutes (add-on)",
    "96164": "health behaviour intervention, group, first 30 minutes",
    "96165": "health behaviour intervention, group, each further 15 minutes (add-on)",
    "96167": "health behaviour intervention, family with the patient, first 30 minutes",
    "96168": "health behaviour intervention, family with the patient, each further 15 minutes",
}


@dataclass(frozen=True)
class CptLine:
    """One billed procedure: code and units (90840 is billed in units of 30 minutes)."""

    code: str
    units: int = 1


def billable_cpt(code: str, *, any_code: bool = False) -> str:
    """`code` (already well-formed) when a psychotherapy practice bills it, or any well-formed
    code with any_code; otherwise a UserError saying how to proceed."""
    if any_code or code in BILLABLE_CPT:
        return code
    raise UserError(
        f"CPT {code} is not a psychotherapy, diagnostic, crisis, family, group, testing or "
        "health-behaviour code (docs/billing.md lists them); add --any-cpt to bill it anyway"
    )


def session_kind(session_type_name: str | None, category: str | None) -> str:
    """What kind of service a session type is, for CPT purposes."""
    name = (session_type_name or "").lower()
    if "intake" in name or "diagnostic" in name:
        return "intake"
    if "crisis" in name:
        return "crisis"
    if category in ("Family", "Couples"):
        return "family-without-patient" if "without" in name else "family"
    return "individual"


def default_cpt(kind: str, minutes: int) -> list[CptLine]:
    """The CPT code(s) for a session of `kind` lasting `minutes` (docs/billing.md, "Charges").

    Psychotherapy time codes are chosen by the session's own length and never summed across
    sessions or codes: 90832 for 16-37 minutes, 90834 for 38-52, 90837 for 53 or more.
    Family psychotherapy (90846 without the patient, 90847 with) needs 26 minutes. Crisis
    psychotherapy is 90839 for 30-74 minutes plus one 90840 unit per further 30 minutes
    (75-104: one, 105-134: two...); a crisis session under 30 minutes is billed by time.
    """
    if minutes <= 0:
        raise UserError("A session must last more than 0 minutes")
    if kind == "intake":
        return [CptLine("90791")]
    if kind in ("family", "family-without-patient"):
        if minutes < 26:
            raise UserError(
                f"Family psychotherapy of {minutes} minutes has no CPT code (26 minutes or "
                "more); give --cpt"
            )
        return [CptLine("90847" if kind == "family" else "90846")]
    if kind == "crisis" and minutes >= 30:
        extra = (minutes - 45) // 30 if minutes >= 75 else 0
        return [CptLine("90839")] + ([CptLine("90840", extra)] if extra else [])
    if minutes < 16:
        raise UserError(
            f"Psychotherapy of {minutes} minutes has no CPT code (16 minutes or more); give --cpt"
        )
    if minutes <= 37:
        return [CptLine("90832")]
    if minutes <= 52:
        return [CptLine("90834")]
    return [CptLine("90837")]


def place_of_service(appointment_type: str | None) -> str:
    """CMS place-of-service code: 10 telehealth in the patient's home, 11 office."""
    return "10" if appointment_type == "Virtual" else "11"
