"""CPT codes a session is billed under, by its kind and length, and its place of service."""

from __future__ import annotations

from dataclasses import dataclass

from sanctuary_cli.errors import UserError

SESSION_KINDS = ("individual", "intake", "crisis", "family", "family-without-patient")


@dataclass(frozen=True)
class CptLine:
    """One billed procedure: code and units (90840 is billed in units of 30 minutes)."""

    code: str
    units: int = 1


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
