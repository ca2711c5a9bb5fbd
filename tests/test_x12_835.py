"""The 835 reader (rules/x12_835.py) and remittance checks (rules/remittance.py), without a
database, on the hand-made remittances in tests/x12_samples (each also passes pyx12's
005010X221A1 map, so they are the shape a payer sends)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from sanctuary_cli.rules.x12_835 import (
    Adjustment,
    check_balanced,
    duplicates,
    parse_835,
    parse_835_all,
)
from sanctuary_cli.rules.x12_segments import X12Error

SAMPLES = Path(__file__).parent / "x12_samples"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="ascii")


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_every_sample_passes_pyx12(path):
    pytest.importorskip("pyx12", reason="the independent X12 validator: pip install pyx12")
    from x12_validator import validate_x12

    assert validate_x12(path.read_text(encoding="ascii")) == []


def test_paid_in_full_with_contractual_and_coinsurance():
    remittance = parse_835(sample("835_paid.txt"))
    assert remittance.payer_name == "BLUE CROSS BLUE SHIELD OF ILLINOIS"
    assert remittance.key == ("1362345678", "CHK100001")
    assert remittance.total_paid == Decimal("120.00")
    assert remittance.payment_method == "CHK" and remittance.payment_date == date(2024, 5, 20)
    assert remittance.payee_id == "1234567893"
    (claim,) = remittance.claims
    assert claim.patient_control_number == "SAN-0001"
    assert (claim.status_code, claim.status, claim.status_text) == (
        "1", "paid", "processed as primary",
    )  # fmt: skip
    assert (claim.charge, claim.paid, claim.patient_responsibility) == (
        Decimal("180.00"), Decimal("120.00"), Decimal("30.00"),
    )  # fmt: skip
    assert claim.payer_claim_number == "24139B0000001"
    assert claim.patient_name == "JANE DOE" and claim.member_id == "XYZ123456789"
    assert claim.adjustments == ()
    (service,) = claim.lines
    assert (service.cpt, service.modifiers, service.units) == ("90837", (), Decimal(1))
    assert (service.charge, service.paid, service.service_date) == (
        Decimal("180.00"), Decimal("120.00"), date(2024, 5, 6),
    )  # fmt: skip
    assert service.adjustments == (
        Adjustment("CO", "45", Decimal("30.00")), Adjustment("PR", "2", Decimal("30.00")),
    )  # fmt: skip
    assert claim.adjusted("CO") == claim.adjusted("PR") == Decimal("30.00")
    assert check_balanced(remittance) == []


def test_partial_when_a_line_is_refused():
    (claim,) = parse_835(sample("835_partial.txt")).claims
    assert claim.status == "partial"
    assert claim.adjusted("CO") == Decimal("55.00")  # 30 contractual + 25 bundled (CO-97)
    assert claim.lines[1].remarks == ("M15",)
    assert claim.lines[1].paid == Decimal("0.00")


def test_denials_patient_not_found_and_not_covered():
    remittance = parse_835(sample("835_denied.txt"))
    assert remittance.total_paid == Decimal("0.00") and remittance.payment_method == "NON"
    unknown, not_covered = remittance.claims
    assert (unknown.status_code, unknown.status) == ("4", "denied")
    assert unknown.adjustments == (Adjustment("CO", "31", Decimal("180.00")),)  # claim level
    assert (not_covered.status_code, not_covered.status) == ("1", "denied")
    assert not_covered.lines[0].modifiers == ("95",)
    assert not_covered.adjusted("CO") == Decimal("180.00")  # CO-50, line level
    assert check_balanced(remittance) == []


def test_two_claims_and_a_provider_level_adjustment():
    remittance = parse_835(sample("835_two_claims.txt"))
    first, second = remittance.claims
    assert [c.patient_control_number for c in remittance.claims] == ["SAN-0005", "SAN-0006"]
    assert first.status == second.status == "paid"  # the deductible is the patient's share
    assert second.adjusted("PR") == second.patient_responsibility == Decimal("100.00")
    assert second.patient_name == "JOHNNY DOE"
    (plb,) = remittance.provider_adjustments
    assert (plb.reason, plb.reference, plb.amount) == ("WO", "24001B0000099", Decimal("20.00"))
    assert plb.fiscal_date == date(2024, 12, 31)
    assert remittance.total_paid == first.paid + second.paid - plb.amount
    assert check_balanced(remittance) == []


def test_an_unbalanced_remittance_is_named_line_by_line():
    problems = check_balanced(parse_835(sample("835_unbalanced.txt")))
    assert problems == [
        "total paid 125.00 is not the claims' 120.00 less provider adjustments of 0.00",
        "claim SAN-0001: 180.00 charged less 120.00 paid is 60.00, but its adjustments total 55.00",
        "claim SAN-0001 line 1 (90837): 180.00 charged less 120.00 paid is 60.00, but its "
        "adjustments total 55.00",
    ]


def test_a_claim_denied_as_a_duplicate_submission():
    (claim,) = parse_835(sample("835_duplicate_claim.txt")).claims
    assert claim.status == "denied"
    assert claim.adjusted("OA") == Decimal("180.00")  # OA-18: exact duplicate claim/service


def test_the_same_payment_sent_again_has_the_same_key():
    first, again = parse_835(sample("835_paid.txt")), parse_835(sample("835_resent.txt"))
    assert first.interchange_control_number != again.interchange_control_number
    assert first.key == again.key  # importing it again must post nothing new


def test_a_claim_paid_twice_in_one_file_is_a_duplicate():
    text = sample("835_paid.txt")
    start, end = text.index("CLP*"), text.index("SE*")
    block = text[start:end]
    doubled = text[:end] + block + text[end:]
    count = int(text[end:].split("*")[1]) + block.count("~")
    doubled = doubled.replace("BPR*I*120", "BPR*I*240").replace("SE*22*", f"SE*{count}*")
    remittance = parse_835(doubled)
    assert duplicates(remittance) == ["claim SAN-0001 is paid twice in this remittance"]
    assert check_balanced(remittance) == []


def test_a_reversal_and_its_correction():
    remittance = parse_835(sample("835_reversal.txt"))
    reversal, correction = remittance.claims
    assert (reversal.status, reversal.paid) == ("reversed", Decimal("-120.00"))
    assert reversal.adjusted("PR") == Decimal("-30.00")
    assert (correction.status, correction.paid) == ("paid", Decimal("130.00"))
    assert duplicates(remittance) == [] and check_balanced(remittance) == []
    assert remittance.total_paid == Decimal("10.00")


def test_several_payments_in_one_file():
    paid, two = sample("835_paid.txt"), sample("835_two_claims.txt")
    body = lambda text: text[text.index("ST*") : text.index("GE*")]  # noqa: E731
    both = paid[: paid.index("ST*")] + body(paid) + body(two).replace("0001~", "0002~")
    both += "GE*2*101~\nIEA*1*000000101~\n"
    found = parse_835_all(both)
    assert [r.trace_number for r in found] == ["CHK100001", "CHK100045"]
    with pytest.raises(X12Error, match="holds 2 remittances"):
        parse_835(both)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("SE*22*0001", "SE*21*0001"), "SE01"),
        (("GE*1*101", "GE*1*102"), "GE02"),
        (("IEA*1*000000101", "IEA*1*000000102"), "IEA02"),
        (("*005010X221A1~", "*004010X091A1~"), "not 005010X221A1"),
        (("BPR*I*120*", "BPR*I*12O*"), "BPR02"),
        (("*120**1~", "*120**X~"), "SVC05"),
        (("CAS*PR*2*30", "CAS*PR*2*30.001"), "CAS03"),
        (("ISA*", "XSA*"), "does not begin with an ISA"),
        (("IEA*1*000000101~\n", ""), "ends early"),
    ],
)
def test_malformed_files_are_refused(change, message):
    with pytest.raises(X12Error, match=message):
        parse_835(sample("835_paid.txt").replace(*change))


def test_a_debit_is_negative():
    text = sample("835_paid.txt").replace("BPR*I*120*C*", "BPR*I*120*D*")
    assert parse_835(text).total_paid == Decimal("-120.00")


def test_other_delimiters_are_read_from_the_isa():
    text = sample("835_paid.txt").replace("*", "|").replace("~\n", "!").replace(":", ">")
    remittance = parse_835(text)
    assert remittance.claims[0].lines[0].cpt == "90837"
    assert check_balanced(remittance) == []
