"""X12 5010 plumbing shared by the 837P writer and the 835/999/277CA readers: delimiters, text
and amounts as X12 carries them, the ISA/GS envelope, and a reader that splits a file into
its transaction sets after checking every control number and count.

Pure: text in, text or dataclasses out. docs/claims-x12.md says where each rule comes from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sanctuary_cli.errors import UserError

ELEMENT, COMPONENT, REPETITION, SEGMENT = "*", ":", "^", "~"
RESERVED = frozenset(ELEMENT + COMPONENT + REPETITION + SEGMENT)
ISA_LENGTH = 106
_AMOUNT = re.compile(r"^-?(?:\d+(?:\.\d{0,2})?|\.\d{1,2})$")


class X12Error(UserError):
    """A file that is not the X12 we read, or a value X12 cannot carry (one line, exit 1)."""


# --- Writing ---------------------------------------------------------------------------------


def reserved_in(value: str | None) -> str:
    """The delimiter characters (* : ^ ~) in `value`, in order; "" when there are none."""
    return "".join(dict.fromkeys(c for c in value or "" if c in RESERVED))


def text(value: str | None, *, upper: bool = True) -> str:
    """Free text as payers read it: accents folded to ASCII (JOSÉ -> JOSE), other non-ASCII
    and control characters dropped, runs of spaces made one, upper-cased unless `upper` is
    False (an email address). X12 has no escape character, so a delimiter is refused."""
    if value is None:
        return ""
    found = reserved_in(value)
    if found:
        raise X12Error(f"{value[:30]!r} holds {found!r}, which X12 reserves as delimiters")
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    printable = "".join(c if c.isprintable() else " " for c in folded)
    cleaned = " ".join(printable.split())
    return cleaned.upper() if upper else cleaned


def amount(value: Decimal) -> str:
    """An X12 R (decimal) amount: cents at most, no exponent, no trailing zeros (180, 92.5)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        raise X12Error(f"amount {value!r} is not a finite Decimal")
    cents = value.quantize(Decimal("0.01"))
    if cents != value:
        raise X12Error(f"amount {value} has more than two decimals")
    shown = format(cents, "f")
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def d8(day: date) -> str:
    return day.strftime("%Y%m%d")


def composite(*parts: str | None) -> str:
    """Components joined by `:`, trailing empty ones dropped (HC:90837:95)."""
    items = ["" if part is None else str(part) for part in parts]
    while items and not items[-1]:
        items.pop()
    return COMPONENT.join(items)


def segment(seg_id: str, *elements: str | None) -> str:
    """One segment with its terminator; trailing empty elements are dropped, as X12 requires."""
    items = [seg_id] + ["" if element is None else str(element) for element in elements]
    while len(items) > 1 and not items[-1]:
        items.pop()
    return ELEMENT.join(items) + SEGMENT


def isa(sender_id: str, receiver_id: str, control_number: int, now: datetime, usage: str) -> str:
    """The fixed-width ISA: no authorization or security information, mutually defined (ZZ)
    ids padded to 15, 5010 (00501) with `^` repeating, no TA1 requested, `:` components."""
    if usage not in ("P", "T"):
        raise X12Error(f"usage must be P (production) or T (test), not {usage!r}")
    check_control_number(control_number, "interchange control number")
    for what, value in (("sender id", sender_id), ("receiver id", receiver_id)):
        if not 1 <= len(value) <= 15:
            raise X12Error(f"interchange {what} {value!r} must be 1 to 15 characters")
    sender, receiver = text(sender_id, upper=False), text(receiver_id, upper=False)
    elements = [
        "00", " " * 10, "00", " " * 10, "ZZ", sender.ljust(15), "ZZ", receiver.ljust(15),
        now.strftime("%y%m%d"), now.strftime("%H%M"),
        REPETITION, "00501", f"{control_number:09d}", "0", usage, COMPONENT,
    ]  # fmt: skip
    header = ELEMENT.join(["ISA", *elements]) + SEGMENT
    if len(header) != ISA_LENGTH:  # an id that folded to fewer characters, say
        raise X12Error(f"the ISA would be {len(header)} characters, not {ISA_LENGTH}")
    return header


def gs(code: str, sender: str, receiver: str, now: datetime, control: int, version: str) -> str:
    check_control_number(control, "group control number")
    sender, receiver = text(sender, upper=False), text(receiver, upper=False)
    when = now.strftime("%H%M")
    return segment("GS", code, sender, receiver, d8(now), when, str(control), "X", version)


def check_control_number(number: int, what: str) -> None:
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 999999999:
        raise X12Error(f"{what} must be a whole number from 1 to 999999999, not {number!r}")


# --- Reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    id: str
    elements: tuple[str, ...]  # elements[0] is the first element after the id (XX01)
    components: str = COMPONENT

    def get(self, position: int) -> str:
        """Element XXnn (1-based), "" when absent."""
        return self.elements[position - 1] if 0 < position <= len(self.elements) else ""

    def part(self, position: int, component: int) -> str:
        """Component `component` (1-based) of element XXnn, "" when absent."""
        parts = self.get(position).split(self.components)
        return parts[component - 1] if component <= len(parts) else ""

    def parts(self, position: int) -> list[str]:
        return self.get(position).split(self.components)


@dataclass(frozen=True)
class TransactionSet:
    """One ST..SE with the group and interchange it came in."""

    set_id: str  # ST01: 835, 999, 277
    control_number: str  # ST02
    version: str  # GS08
    group_control_number: str  # GS06
    interchange_control_number: str  # ISA13
    sender_id: str  # ISA06, trimmed
    body: tuple[Segment, ...]  # between ST and SE


def read_segments(data: str) -> list[Segment]:
    """Every segment of an interchange, the delimiters taken from its ISA (as X12 intends:
    the element separator is ISA's 4th character, the component separator ISA16 and the
    segment terminator the character after it). Line breaks between segments are ignored."""
    stripped = data.lstrip("\ufeff \r\n\t")
    if not stripped.startswith("ISA") or len(stripped) < ISA_LENGTH:
        raise X12Error("not an X12 file: it does not begin with an ISA segment")
    element, components, terminator = stripped[3], stripped[104], stripped[105]
    segments = []
    for raw in stripped.split(terminator):
        raw = raw.strip("\r\n")
        if not raw.strip():
            continue
        fields = raw.split(element)
        segments.append(Segment(fields[0].strip(), tuple(fields[1:]), components))
    return segments


def transaction_sets(data: str, set_id: str) -> Iterator[TransactionSet]:
    """The transaction sets of type `set_id` in `data`, each checked: SE01 counts its segments,
    SE02/GE02/IEA02 repeat their headers' control numbers, GE01 and IEA01 count what they
    close. Anything else (a missing trailer, a stray segment) is refused as not X12."""
    isa_seg = gs_seg = st_seg = None
    body: list[Segment] = []
    groups = sets = 0
    for seg in read_segments(data):
        if seg.id == "ISA":
            isa_seg, groups = seg, 0
        elif seg.id == "IEA":
            _expect(isa_seg, "IEA without ISA")
            _agree(seg.get(2), isa_seg.get(13), "IEA02", "ISA13")
            _agree(seg.get(1), str(groups), "IEA01", "the number of groups")
            isa_seg = None
        elif seg.id == "GS":
            _expect(isa_seg and not gs_seg, "GS outside an interchange")
            gs_seg, sets, groups = seg, 0, groups + 1
        elif seg.id == "GE":
            _expect(gs_seg and not st_seg, "GE without GS")
            _agree(seg.get(2), gs_seg.get(6), "GE02", "GS06")
            _agree(seg.get(1), str(sets), "GE01", "the number of transaction sets")
            gs_seg = None
        elif seg.id == "ST":
            _expect(gs_seg and not st_seg, "ST outside a functional group")
            st_seg, body, sets = seg, [], sets + 1
        elif seg.id == "SE":
            _expect(st_seg, "SE without ST")
            _agree(seg.get(2), st_seg.get(2), "SE02", "ST02")
            _agree(seg.get(1), str(len(body) + 2), "SE01", "the segments counted")
            if st_seg.get(1) == set_id:
                yield TransactionSet(
                    set_id, st_seg.get(2), gs_seg.get(8), gs_seg.get(6),
                    isa_seg.get(13), isa_seg.get(6).strip(), tuple(body),
                )  # fmt: skip
            st_seg = None
        elif st_seg is not None:
            body.append(seg)
        else:
            raise X12Error(f"segment {seg.id} is outside any transaction set")
    _expect(isa_seg is None and gs_seg is None and st_seg is None, "the file ends early")


def _expect(condition: object, problem: str) -> None:
    if not condition:
        raise X12Error(f"malformed X12: {problem}")


def _agree(found: str, expected: str, what: str, other: str) -> None:
    if found.strip().lstrip("0") != expected.strip().lstrip("0"):
        raise X12Error(f"malformed X12: {what} is {found!r} but {other} is {expected!r}")


def parse_amount(value: str, what: str) -> Decimal:
    """An X12 R amount with at most two decimals ("" is 0, as for an element not sent)."""
    if not value:
        return Decimal("0.00")
    if not _AMOUNT.match(value):
        raise X12Error(f"{what} {value!r} is not an amount")
    return Decimal(value).quantize(Decimal("0.01"))


def parse_d8(value: str, what: str) -> date | None:
    """CCYYMMDD; "" is None."""
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise X12Error(f"{what} {value!r} is not a CCYYMMDD date") from None
