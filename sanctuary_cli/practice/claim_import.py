"""`claims import FILE`: what payers and clearinghouses send back, by the file's kind (GS01):
an 835 remittance (HP) is posted by practice/remittance_posting.py; a 999 (FA) and a 277CA
(HN) acknowledge claims, accepted or rejected with the reason, here.

A file is imported whole or not at all: one that names a claim we never sent is refused,
nothing stored. The same acknowledgement twice (its sender and ISA13) changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import claim_drafts, clinician
from sanctuary_cli.practice.remittance_posting import Imported, post_835
from sanctuary_cli.rules import x12_ack
from sanctuary_cli.rules.x12_segments import read_segments
from sanctuary_cli.store.db import Database, named_query

KINDS = {"HP": "835", "FA": "999", "HN": "277CA"}
# The payer's verdict never takes a claim back from what a remittance or a correction decided.
SETTLED = ("paid", "partial", "denied", "reversed", "replaced", "void")


def import_file(db: Database, path: str) -> Imported:
    """Read FILE and post or record it, by its kind."""
    file = Path(path).expanduser()
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise UserError(f"No such file: {file}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    segments = read_segments(text)
    envelope = segments[0]
    group = next((s for s in segments if s.id == "GS"), None)
    code = group.get(1) if group else ""
    if code == "HC":
        raise UserError(f"{file.name} is a claim file (837P): it is sent, not imported")
    if code not in KINDS:
        raise UserError(f"{file.name} is not an 835, 999 or 277CA (its GS01 is {code!r})")
    acting = clinician.acting_id(db)
    key = {"sender_id": envelope.get(6).strip(), "interchange": envelope.get(13).strip()}
    if KINDS[code] == "835":
        return post_835(db, text, file.name, acting)
    if KINDS[code] == "999":
        return acknowledge_999(db, text, file.name, key, acting)
    return acknowledge_277ca(db, text, file.name, key, acting)


def acknowledge_999(
    db: Database, text: str, name: str, key: dict[str, str], acting: Any
) -> Imported:
    """Each transaction set the 999 answers is one claim (one claim per set in our files)."""
    ack = x12_ack.parse_999(text)
    found = Imported("999", name)
    with db.transaction() as cur:
        if not record_ack(cur, "999", name, key, acting):
            return Imported("999", name, already=True)
        verdicts = [(s.control_number, s.status, s.reason) for s in ack.sets]
        if not verdicts:  # a group rejected whole, with no set named: every claim of it
            cur.execute(named_query("claims.sets_of_group"),
                        {"group": ack.group_control_number})  # fmt: skip
            verdicts = [(r["transaction_set_number"], ack.status, ack.reason)
                        for r in cur.fetchall()]  # fmt: skip
        unknown = []
        for number, status, reason in verdicts:
            cur.execute(
                named_query("claims.claim_by_set"),
                {"group": ack.group_control_number, "set": number},
            )
            claim = cur.fetchone()
            if claim is None:
                unknown.append(f"group {ack.group_control_number} set {number}")
                continue
            found.claims.append(apply(cur, claim, status, reason, f"999 {key['interchange']}"))
        if unknown:
            raise UserError(f"{name}: nothing imported: it answers sets we never sent: "
                            + ", ".join(unknown))  # fmt: skip
    return found


def acknowledge_277ca(
    db: Database, text: str, name: str, key: dict[str, str], acting: Any
) -> Imported:
    """Each claim the 277CA names, by our control number: accepted, rejected or pending."""
    acks = x12_ack.parse_277ca(text)
    found = Imported("277CA", name)
    with db.transaction() as cur:
        if not record_ack(cur, "277CA", name, key, acting):
            return Imported("277CA", name, already=True)
        cur.execute(
            named_query("claims.claims_by_number"),
            {"numbers": [a.patient_control_number for a in acks]},
        )
        ours = {row["control_number"]: row for row in cur.fetchall()}
        unknown = [a.patient_control_number for a in acks if a.patient_control_number not in ours]
        if unknown:
            raise UserError(f"{name}: nothing imported: it names claims that are not ours (or "
                            f"not yours): {', '.join(unknown)}")  # fmt: skip
        for ack in acks:
            claim = ours[ack.patient_control_number]
            source = f"277CA {key['interchange']}"
            found.claims.append(
                apply(cur, claim, ack.status, ack.reason, source, ack.payer_claim_number)
            )
    return found


def record_ack(cur: Any, kind: str, name: str, key: dict[str, str], acting: Any) -> bool:
    """Record the acknowledgement file; False when the same one was imported before."""
    cur.execute(
        named_query("claims.insert_acknowledgement"),
        {"kind": kind, "file_name": name, "therapist_id": acting, **key},
    )
    return cur.fetchone() is not None


def apply(
    cur: Any, claim: dict[str, Any], verdict: str, reason: str, source: str, number: str = ""
) -> dict[str, Any]:
    """A claim accepted or rejected (pending: noted only) unless a remittance settled it."""
    if claim["batch_id"] is None:
        raise UserError(f"Claim {claim['control_number']} was never sent; nothing imported")
    status = claim["status"]
    if verdict in ("accepted", "rejected") and status not in SETTLED:
        status = verdict
    cur.execute(
        named_query("claims.set_status"),
        {"claim_id": claim["id"], "status": status, "payer_claim_number": number or None},
    )
    kind = source.split()[0]
    claim_drafts.add_event(cur, claim["id"], kind, status, f"{verdict}: {reason}", source)
    return {"control_number": claim["control_number"], "status": status,
            "detail": f"{verdict}: {reason}"}  # fmt: skip
