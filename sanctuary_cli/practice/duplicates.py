"""Duplicate patients (docs/SPEC.md section 7): the same person added twice.

A new patient duplicates an existing one of the same clinician when both names and the date of
birth match, or the email does. Names are compared trimmed, with runs of spaces as one, case
folded and accents dropped ("José  DÍAZ" is "jose diaz"), since the same name is typed both
ways; emails case-insensitively. Patients merged into another record are not compared.

The rule lives here rather than in a unique index because `--allow-duplicate` must be able to
override it (two people can share a name and a birthday, a family an email). It is race-safe
all the same: `lock_caseload` takes a transaction-level advisory lock per clinician before the
check, and the insert follows in the same transaction, so two adds or imports of the same
person one after the other cannot both pass.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import psycopg

from sanctuary_cli.store.db import named_query


def name_key(first: Any, last: Any) -> str:
    """First and last name folded for comparison: trimmed, spaces collapsed, case folded,
    accents dropped."""
    text = f"{first or ''} {last or ''}"
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def email_key(email: Any) -> str | None:
    return email.strip().lower() or None if isinstance(email, str) else None


def duplicate_reason(new: Mapping[str, Any], old: Mapping[str, Any]) -> str | None:
    """Why `new` looks like the same person as `old` ("name and date of birth", "email"), or
    None when it does not."""
    born = new.get("date_of_birth")
    same_name = name_key(new.get("first_name"), new.get("last_name")) == name_key(
        old.get("first_name"), old.get("last_name")
    )
    if born is not None and born == old.get("date_of_birth") and same_name:
        return "name and date of birth"
    email = email_key(new.get("email"))
    if email is not None and email == email_key(old.get("email")):
        return "email"
    return None


def lock_caseload(cur: psycopg.Cursor, therapist_id: Any) -> None:
    """Hold the clinician's caseload lock until the transaction ends."""
    cur.execute(named_query("patients.lock_caseload"), {"therapist_id": str(therapist_id)})


def existing_matches(
    cur: psycopg.Cursor, therapist_id: Any, people: Sequence[Mapping[str, Any]]
) -> list[tuple[int, dict[str, Any], str]]:
    """(index in `people`, existing patient row, reason) for each new person who duplicates
    a patient of the clinician; the first match only per person."""
    born = sorted({p["date_of_birth"] for p in people if p.get("date_of_birth") is not None})
    emails = sorted({key for p in people if (key := email_key(p.get("email")))})
    if not born and not emails:
        return []
    cur.execute(
        named_query("patients.duplicate_candidates"),
        {"therapist_id": therapist_id, "dates_of_birth": born, "emails": emails},
    )
    candidates = cur.fetchall()
    by_name, by_email = _first_by_key(candidates)
    found = []
    for index, person in enumerate(people):
        first = _first_match(_keys(person), by_name, by_email)
        if first is not None:
            old = candidates[first]
            found.append((index, old, duplicate_reason(person, old)))
    return found


def within(people: Sequence[Mapping[str, Any]]) -> list[tuple[int, int, str]]:
    """(index, index of the earlier row it repeats, reason) for rows that duplicate an
    earlier row of the same list."""
    found = []
    by_name: dict[tuple[str, Any], int] = {}
    by_email: dict[str, int] = {}
    for index, person in enumerate(people):
        keys = _keys(person)
        earlier = _first_match(keys, by_name, by_email)
        if earlier is not None:
            found.append((index, earlier, duplicate_reason(person, people[earlier])))
        _remember(index, keys, by_name, by_email)
    return found


# A file of thousands of rows is compared by keys, not pair by pair (which grew with the square
# of the rows: bench/RESULTS.md, "Bulk import"). The earliest row matching either key is the
# first for which duplicate_reason says yes, so the answers are the pairwise ones.
def _keys(row: Mapping[str, Any]) -> tuple[tuple[str, Any] | None, str | None]:
    """(folded names and date of birth, or None without a date; folded email, or None)."""
    born = row.get("date_of_birth")
    name = None if born is None else (name_key(row.get("first_name"), row.get("last_name")), born)
    return name, email_key(row.get("email"))


def _first_by_key(
    rows: Sequence[Mapping[str, Any]],
) -> tuple[dict[tuple[str, Any], int], dict[str, int]]:
    by_name: dict[tuple[str, Any], int] = {}
    by_email: dict[str, int] = {}
    for index, row in enumerate(rows):
        _remember(index, _keys(row), by_name, by_email)
    return by_name, by_email


def _remember(index: int, keys: tuple, by_name: dict, by_email: dict) -> None:
    name, email = keys
    if name is not None:
        by_name.setdefault(name, index)
    if email is not None:
        by_email.setdefault(email, index)


def _first_match(keys: tuple, by_name: dict, by_email: dict) -> int | None:
    name, email = keys
    matches = [found for found in (by_name.get(name), by_email.get(email)) if found is not None]
    return min(matches, default=None)


def describe(old: Mapping[str, Any], reason: str) -> str:
    """The existing patient, named as a reference can reach it: name and short id."""
    short = str(old["id"])[:8]
    text = f"{old['full_name']} ({short}) has the same {reason}"
    if old.get("status") != "Active":
        text += f"; status {old['status']}: reactivate with `sanctuary patients edit {short} "
        text += "--status Active`"
    return text
