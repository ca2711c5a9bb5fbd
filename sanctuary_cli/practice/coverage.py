"""A patient's insurance as claims need it: the demographics the payer holds (sex, street
address with city, state and ZIP) and the primary and secondary policies (migration 0090).

COVERAGE_FIELDS join practice/patients.py FIELDS, offered by `patients edit` only (not in CSV
import or export). The primary policy's member id and group number are the patient's own
--member-id and --group-number; its policy row holds the payer, the relationship and the
subscriber. `--payer none` (or `--secondary-payer none`) ends a policy; its history stays.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice.fields import Field
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules.coverage_codes import RELATIONSHIP_CODES, SEXES
from sanctuary_cli.rules.dates import practice_today
from sanctuary_cli.store.db import Database, named_query

RANKS = ("primary", "secondary")
EDIT = ("edit",)


def _sex(what: str) -> Any:
    return lambda v, tz: parsers.parse_choice(v, SEXES, what=what)


def _relationship(what: str) -> Any:
    return lambda v, tz: parsers.parse_choice(v, tuple(RELATIONSHIP_CODES), what=what)


def _born(what: str) -> Any:
    def parse(value: Any, tz: ZoneInfo) -> Any:
        born = parsers.parse_day(value, tz, what=what)
        if born > practice_today(tz):
            raise UserError(f"{what} is in the future")
        return born

    return parse


def _policy_fields(rank: str) -> tuple[Field, ...]:
    prefix = "" if rank == "primary" else "secondary_"
    flag = "--" if rank == "primary" else "--secondary-"
    return (
        Field(f"{prefix}payer", f"{flag}payer", f"{rank.title()} payer (payers list), or none.",
              modes=EDIT),
        Field(f"{prefix}relationship", f"{flag}relationship",
              "Patient to subscriber: self, spouse, child or other.",
              _relationship(f"{flag}relationship"), modes=EDIT),
        Field(f"{prefix}subscriber_first_name", f"{flag}subscriber-first",
              "Subscriber's first name (when not the patient).", modes=EDIT),
        Field(f"{prefix}subscriber_last_name", f"{flag}subscriber-last",
              "Subscriber's last name.", modes=EDIT),
        Field(f"{prefix}subscriber_date_of_birth", f"{flag}subscriber-dob",
              "Subscriber's date of birth.", _born(f"{flag}subscriber-dob"), modes=EDIT),
        Field(f"{prefix}subscriber_sex", f"{flag}subscriber-sex", "Subscriber's sex: F, M or U.",
              _sex(f"{flag}subscriber-sex"), modes=EDIT),
    )  # fmt: skip


COVERAGE_FIELDS: tuple[Field, ...] = (
    Field("administrative_sex", "--sex", "Sex as the payer holds it: F, M or U.", _sex("--sex"),
          modes=EDIT),
    Field("city", "--city", "City of the postal address.", modes=EDIT),
    Field("state", "--state", "Two-letter state.", lambda v, tz: parsers.parse_state(v),
          modes=EDIT),
    Field("zip", "--zip", "ZIP code.", lambda v, tz: parsers.parse_zip(v), modes=EDIT),
    *_policy_fields("primary"),
    Field("secondary_member_id", "--secondary-member-id", "Secondary policy's member id.",
          modes=EDIT),
    Field("secondary_group_number", "--secondary-group-number", "Secondary policy's group.",
          modes=EDIT),
    *_policy_fields("secondary"),
)  # fmt: skip
POLICY_KEYS = (
    "relationship", "subscriber_first_name", "subscriber_last_name",
    "subscriber_date_of_birth", "subscriber_sex", "member_id", "group_number",
)  # fmt: skip


def resolve_coverage(db: Database, values: dict[str, Any]) -> dict[str, Any]:
    """The policy changes `patients edit` asked for, the payers resolved: rank -> None (no
    change), "end", or the policy's fields. Fills values["insurance_provider"] with the
    primary payer's name when --insurance was not given (the name the chart shows)."""
    changes: dict[str, Any] = {}
    for rank in RANKS:
        prefix = "" if rank == "primary" else "secondary_"
        policy = {key: values.get(prefix + key) for key in POLICY_KEYS}
        if rank == "primary":
            policy["member_id"] = policy["group_number"] = None
        payer = values.get(prefix + "payer")
        if payer is not None and payer.lower() == "none":
            if any(v is not None for v in policy.values()):
                raise UserError(f"--{prefix.replace('_', '-')}payer none ends the policy: "
                                "give no other option for it")  # fmt: skip
            changes[rank] = "end"
            continue
        from sanctuary_cli.practice.payers import resolve_payer  # only when a payer is given

        found = resolve_payer(db, payer) if payer is not None else None
        if found is None and all(v is None for v in policy.values()):
            changes[rank] = None
            continue
        changes[rank] = {**policy, "payer_id": found["id"] if found else None}
        if rank == "primary" and found and values.get("insurance_provider") is None:
            values["insurance_provider"] = found["name"]
    return changes


def save_coverage(cur: Any, patient_id: Any, values: dict[str, Any], changes: dict) -> None:
    """Write the demographics and policy changes in the caller's transaction."""
    demographics = {k: values.get(k) for k in ("administrative_sex", "city", "state", "zip")}
    cur.execute(named_query("coverage.update_demographics"), {**demographics, "id": patient_id})
    for rank, change in changes.items():
        if change is None:
            continue
        params = {"patient_id": patient_id, "rank": rank}
        if change == "end":
            cur.execute(named_query("coverage.end_policy"), params)
            continue
        cur.execute(named_query("coverage.update_policy"), {**params, **change})
        if cur.fetchone() is None:
            if change["payer_id"] is None:
                raise UserError(f"The patient has no {rank} policy yet: give its payer with "
                                f"--{'' if rank == 'primary' else 'secondary-'}payer")  # fmt: skip
            cur.execute(named_query("coverage.insert_policy"), {**params, **change})
