"""Acknowledgements of an 837P: the 999 (005010X231A1: was each transaction set, so each
claim, syntactically accepted?) and the 277CA (005010X214: did each claim get into the payer's
adjudication system?), each mapped to accepted or rejected with a reason a person can read.

Pure. Our 837P writes one claim per transaction set (rules/x12_837p.py), so a 999's IK5 for
ST02 0003 is the verdict on the claim that set carried. The code texts are in
rules/x12_codes.py; docs/claims-x12.md gives their sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sanctuary_cli.rules import x12_codes as codes
from sanctuary_cli.rules.x12_segments import (
    Segment,
    X12Error,
    parse_amount,
    parse_d8,
    transaction_sets,
)

__all__ = ["Ack999", "ClaimAck", "ClaimStatus", "SetAck", "parse_277ca", "parse_999"]


@dataclass(frozen=True)
class ElementError:
    """IK4: an element (position, or position.component) of the segment in error."""

    position: str
    reference: str  # the data element's number in the X12 dictionary
    code: str
    bad_value: str = ""

    def __str__(self) -> str:
        value = f" {self.bad_value!r}" if self.bad_value else ""
        return f"element {self.position}: {codes.describe(codes.ELEMENT_ERRORS, self.code)}{value}"


@dataclass(frozen=True)
class SegmentError:
    """IK3: the segment in error, its position in the set and loop; CTX*CLM01 names the
    claim when the sender gives it."""

    segment_id: str
    position: str
    loop: str
    code: str
    elements: tuple[ElementError, ...] = ()
    claim_control_number: str = ""

    def __str__(self) -> str:
        where = f" in loop {self.loop}" if self.loop else ""
        found = f"segment {self.segment_id} (position {self.position}{where})"
        if self.code:
            found += f": {codes.describe(codes.SEGMENT_ERRORS, self.code)}"
        return "; ".join([found, *(str(e) for e in self.elements)])


@dataclass(frozen=True)
class SetAck:
    """2000 AK2..IK5: the verdict on one transaction set we sent (ST02 `control_number`)."""

    set_id: str
    control_number: str
    code: str  # IK501: A, E, R, M, W or X
    errors: tuple[SegmentError, ...] = ()
    set_errors: tuple[str, ...] = ()  # IK502-IK506

    @property
    def status(self) -> str:
        return "accepted" if self.code in codes.ACCEPTED else "rejected"

    @property
    def reason(self) -> str:
        parts = [codes.describe(codes.ACK_CODES, self.code)]
        parts += [codes.describe(codes.SET_ERRORS, code) for code in self.set_errors]
        parts += [str(error) for error in self.errors]
        return "; ".join(parts)


@dataclass(frozen=True)
class Ack999:
    """One 999: the group it answers (AK1: GS01, GS06, GS08) and each transaction set's fate."""

    functional_id: str
    group_control_number: str
    version: str
    code: str  # AK901: A, E, P, R, M, W or X
    included: int  # AK902
    received: int  # AK903
    accepted: int  # AK904
    sets: tuple[SetAck, ...]
    group_errors: tuple[str, ...] = ()  # AK905-AK909

    @property
    def status(self) -> str:
        """accepted, partial (some sets rejected) or rejected, for the group as a whole."""
        if self.code in codes.ACCEPTED:
            return "accepted"
        return "partial" if self.code == "P" else "rejected"

    @property
    def reason(self) -> str:
        parts = [codes.describe(codes.ACK_CODES, self.code)]
        parts += [codes.describe(codes.GROUP_ERRORS, code) for code in self.group_errors]
        return "; ".join(parts)


def parse_999(data: str) -> Ack999:
    """The one 999 in `data` (X12Error when there is none or several)."""
    found = [_ack(t.body) for t in transaction_sets(data, "999")]
    if len(found) != 1:
        raise X12Error(f"the file holds {len(found)} 999 acknowledgements, not one")
    return found[0]


def _ack(body: tuple[Segment, ...]) -> Ack999:
    ak1 = ak9 = None
    sets: list[SetAck] = []
    current: dict[str, Any] | None = None  # the AK2 being read and its IK3 errors
    for seg in body:
        if seg.id == "AK1":
            ak1 = seg
        elif seg.id == "AK2":
            current = {"ak2": seg, "errors": []}
        elif seg.id == "IK3" and current is not None:
            current["errors"].append({"ik3": seg, "elements": [], "claim": ""})
        elif seg.id == "CTX" and current and current["errors"] and seg.part(1, 1) == "CLM01":
            current["errors"][-1]["claim"] = seg.part(1, 2)
        elif seg.id == "IK4" and current and current["errors"]:
            position = ".".join(p for p in seg.parts(1)[:2] if p)
            error = ElementError(position, seg.get(2), seg.get(3), seg.get(4))
            current["errors"][-1]["elements"].append(error)
        elif seg.id == "IK5" and current is not None:
            sets.append(_set_ack(current, seg))
            current = None
        elif seg.id == "AK9":
            ak9 = seg
    if ak1 is None or ak9 is None:
        raise X12Error("the 999 lacks its AK1 or AK9 segment")
    return Ack999(
        functional_id=ak1.get(1), group_control_number=ak1.get(2), version=ak1.get(3),
        code=ak9.get(1), included=_count(ak9.get(2)), received=_count(ak9.get(3)),
        accepted=_count(ak9.get(4)), sets=tuple(sets),
        group_errors=tuple(c for c in (ak9.get(i) for i in range(5, 10)) if c),
    )  # fmt: skip


def _count(value: str) -> int:
    if value and not value.isdigit():
        raise X12Error(f"the 999's AK9 count {value!r} is not a number")
    return int(value or 0)


def _set_ack(current: dict[str, Any], ik5: Segment) -> SetAck:
    ak2 = current["ak2"]
    errors = tuple(
        SegmentError(
            e["ik3"].get(1),
            e["ik3"].get(2),
            e["ik3"].get(3),
            e["ik3"].get(4),
            tuple(e["elements"]),
            e["claim"],
        )  # fmt: skip
        for e in current["errors"]
    )
    set_errors = tuple(c for c in (ik5.get(i) for i in range(2, 7)) if c)
    return SetAck(ak2.get(1), ak2.get(2), ik5.get(1), errors, set_errors)


# --- 277CA -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimStatus:
    """One STC01 (or STC10/STC11) composite: category, status code, the entity it is about."""

    category: str
    code: str
    entity: str = ""

    @property
    def status(self) -> str:
        return codes.category_status(self.category)

    def __str__(self) -> str:
        text = f"{codes.describe(codes.CATEGORIES, self.category)}: "
        text += codes.describe(codes.STATUS_CODES, self.code)
        if self.entity:
            text += f" ({codes.ENTITIES.get(self.entity, 'entity ' + self.entity)})"
        return text


@dataclass(frozen=True)
class ClaimAck:
    """2200D: a claim's acknowledgement, by its patient control number (our CLM01)."""

    patient_control_number: str
    statuses: tuple[ClaimStatus, ...]
    charge: Decimal | None = None  # STC04, the claim's total as the payer read it
    effective: date | None = None  # STC02
    message: str = ""  # STC12, free-form text when the payer sends it
    payer_claim_number: str = ""  # REF*1K
    inherited: tuple[ClaimStatus, ...] = ()  # a rejection of the batch or billing provider

    @property
    def status(self) -> str:
        """rejected when any status is a rejection, pending when any waits, else accepted."""
        found = {s.status for s in self.statuses + self.inherited}
        for status in ("rejected", "pending"):
            if status in found:
                return status
        return "accepted"

    @property
    def reason(self) -> str:
        parts = [str(s) for s in self.inherited + self.statuses]
        return "; ".join(parts + ([self.message] if self.message else []))


def parse_277ca(data: str) -> list[ClaimAck]:
    """Every claim a 277CA acknowledges, in order. A rejection at the receiver (2200B) or
    billing provider (2200C) level is carried to each claim below it as `inherited`."""
    found: list[ClaimAck] = []
    for tset in transaction_sets(data, "277"):
        if not tset.version.startswith("005010X214"):
            raise X12Error(f"277 version {tset.version!r} is not the 277CA (005010X214)")
        found += _claims(tset.body)
    return found


def _claims(body: tuple[Segment, ...]) -> list[ClaimAck]:
    level = ""
    above: dict[str, tuple[ClaimStatus, ...]] = {"21": (), "19": ()}
    claims: list[dict[str, Any]] = []
    for seg in body:
        if seg.id == "HL":
            level = seg.get(3)
            if level in above:
                above[level] = ()
        elif seg.id == "TRN" and level == "PT":
            inherited = tuple(s for s in above["21"] + above["19"] if s.status == "rejected")
            claims.append({"pcn": seg.get(2), "stc": [], "ref": "", "inherited": inherited})
        elif seg.id == "STC" and level in above:
            above[level] += _statuses(seg)
        elif seg.id == "STC" and level == "PT" and claims:
            claims[-1]["stc"].append(seg)
        elif seg.id == "REF" and level == "PT" and claims and seg.get(1) == "1K":
            claims[-1]["ref"] = seg.get(2)
    return [_claim_ack(c) for c in claims]


def _statuses(stc: Segment) -> tuple[ClaimStatus, ...]:
    found = []
    for position in (1, 10, 11):
        category, code, entity = (stc.part(position, i) for i in (1, 2, 3))
        if category:
            found.append(ClaimStatus(category, code, entity))
    return tuple(found)


def _claim_ack(found: dict[str, Any]) -> ClaimAck:
    statuses = tuple(s for stc in found["stc"] for s in _statuses(stc))
    first = found["stc"][0] if found["stc"] else None
    return ClaimAck(
        patient_control_number=found["pcn"], statuses=statuses,
        charge=parse_amount(first.get(4), "STC04") if first else None,
        effective=parse_d8(first.get(2), "STC02") if first else None,
        message=" ".join(s.get(12) for s in found["stc"] if s.get(12)),
        payer_claim_number=found["ref"], inherited=found["inherited"],
    )  # fmt: skip
