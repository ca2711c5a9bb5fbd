"""999 and 277CA acknowledgements (rules/x12_ack.py), without a database, on the hand-made
files in tests/x12_samples (each also passes pyx12: tests/test_x12_835.py checks them all)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from sanctuary_cli.rules.x12_ack import ClaimStatus, parse_277ca, parse_999
from sanctuary_cli.rules.x12_codes import category_status
from sanctuary_cli.rules.x12_segments import X12Error

SAMPLES = Path(__file__).parent / "x12_samples"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="ascii")


def test_a_999_accepting_every_claim():
    ack = parse_999(sample("999_accepted.txt"))
    assert (ack.functional_id, ack.group_control_number, ack.version) == (
        "HC", "1", "005010X222A1",
    )  # fmt: skip
    assert (ack.status, ack.included, ack.received, ack.accepted) == ("accepted", 2, 2, 2)
    assert [(s.control_number, s.status) for s in ack.sets] == [
        ("0001", "accepted"), ("0002", "accepted"),
    ]  # fmt: skip
    assert ack.sets[0].reason == "A accepted"


def test_a_999_rejecting_one_claim_names_the_segments_and_elements():
    ack = parse_999(sample("999_rejected.txt"))
    assert (ack.status, ack.code, ack.accepted) == ("partial", "P", 1)
    accepted, rejected = ack.sets
    assert (accepted.control_number, accepted.status) == ("0003", "accepted")
    assert (rejected.control_number, rejected.status, rejected.code) == ("0004", "rejected", "R")
    assert rejected.set_errors == ("5",)
    nm1, dtp = rejected.errors
    assert (nm1.segment_id, nm1.position, nm1.loop, nm1.code) == ("NM1", "15", "2010", "8")
    assert nm1.claim_control_number == "SAN-0008"
    (element,) = nm1.elements
    assert (element.position, element.reference, element.code) == ("9", "67", "1")
    assert rejected.reason == (
        "R rejected; 5 one or more segments in error; segment NM1 (position 15 in loop 2010): "
        "8 segment has data element errors; element 9: 1 required data element missing; "
        "segment DTP (position 27 in loop 2400): 3 required segment missing"
    )
    assert dtp.elements == ()


def test_a_999_rejecting_the_whole_group():
    text = sample("999_accepted.txt").replace("IK5*A~\nAK9*A*2*2*2", "IK5*A~\nAK9*R*2*2*1*5")
    ack = parse_999(text)
    assert ack.status == "rejected"
    assert (
        ack.reason == "R rejected; 5 number of included transaction sets does not match the count"
    )


def test_a_999_needs_its_ak1_and_ak9():
    text = sample("999_accepted.txt").replace("AK9*A*2*2*2~\n", "").replace("SE*8*", "SE*7*")
    with pytest.raises(X12Error, match="AK1 or AK9"):
        parse_999(text)
    with pytest.raises(X12Error, match="holds 0 999"):
        parse_999(sample("835_paid.txt"))


def test_a_277ca_accepts_one_claim_and_rejects_another():
    accepted, rejected = parse_277ca(sample("277ca.txt"))
    assert accepted.patient_control_number == "SAN-0001"
    assert accepted.status == "accepted"
    assert accepted.statuses == (ClaimStatus("A2", "20", "PR"),)
    assert accepted.payer_claim_number == "24139B0000001"
    assert (accepted.charge, accepted.effective) == (Decimal("180.00"), date(2024, 5, 8))
    assert (
        accepted.reason
        == "A2 accepted into the adjudication system: 20 accepted for processing (payer)"
    )
    assert rejected.patient_control_number == "SAN-0002"
    assert rejected.status == "rejected"
    assert rejected.message == "RENDERING PROVIDER NPI NOT ON FILE"
    assert rejected.reason == (
        "A7 rejected for invalid information: 562 entity's National Provider Identifier (NPI) "
        "(rendering provider); RENDERING PROVIDER NPI NOT ON FILE"
    )


def test_a_rejected_billing_provider_rejects_its_claims():
    text = sample("277ca.txt").replace("STC*A1:19:PR**WQ*360", "STC*A3:21:85**U*360")
    first, second = parse_277ca(text)
    assert first.status == second.status == "rejected"
    assert first.inherited == (ClaimStatus("A3", "21", "85"),)
    assert first.reason.startswith("A3 returned as unprocessable: 21 missing or invalid")


def test_several_statuses_on_one_claim_and_pending():
    text = sample("277ca.txt").replace(
        "STC*A2:20:PR*20240508*WQ*180", "STC*A1:19:PR*20240508*WQ*180*******P1:0:PR"
    )
    (first, _) = parse_277ca(text)
    assert first.statuses == (ClaimStatus("A1", "19", "PR"), ClaimStatus("P1", "0", "PR"))
    assert first.status == "pending"


@pytest.mark.parametrize(
    ("category", "status"),
    [("A1", "accepted"), ("A2", "accepted"), ("A0", "accepted"), ("A3", "rejected"),
     ("A4", "rejected"), ("A6", "rejected"), ("A7", "rejected"), ("A8", "rejected"),
     ("E0", "rejected"), ("P1", "pending"), ("R3", "pending"), ("Q9", "pending")],
)  # fmt: skip
def test_category_codes_map_to_accepted_rejected_or_pending(category, status):
    assert category_status(category) == status


def test_a_277ca_of_another_version_is_refused():
    with pytest.raises(X12Error, match="not the 277CA"):
        parse_277ca(sample("277ca.txt").replace("005010X214", "005010X212"))
