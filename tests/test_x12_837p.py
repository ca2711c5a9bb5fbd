"""The 837P writer (rules/x12_837p.py) and claim validation (rules/claims.py), without a
database. Every interchange written here must also pass pyx12, an independent validator of
the 005010X222A1 guide (tests/x12_validator.py): docs/SPEC.md section 8."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal

import pytest

from sanctuary_cli.rules.claims import (
    Address,
    Adjustment,
    BillingProvider,
    Claim,
    ClaimLine,
    OtherCoverage,
    Patient,
    Payer,
    PriorLine,
    Receiver,
    RenderingProvider,
    Submitter,
    Subscriber,
    place_for,
    validate,
)
from sanctuary_cli.rules.x12_837p import transaction_set_numbers, write_837p
from sanctuary_cli.rules.x12_segments import X12Error

pytest.importorskip("pyx12", reason="the independent X12 validator: pip install pyx12")
from x12_validator import validate_x12  # noqa: E402

NOW = datetime(2024, 5, 7, 9, 30)
PRACTICE_ADDRESS = Address("123 Main St", "Springfield", "IL", "62701-1234", "Suite 200")
HOME = Address("9 Elm St", "Springfield", "IL", "62702")
SOLO = BillingProvider(
    "Rivera", "1245319599", "123-45-6789", "SSN", PRACTICE_ADDRESS, "101YM0800X",
    first_name="Ana",
)  # fmt: skip
PRACTICE = BillingProvider(
    "Calm Waters Counseling", "1234567893", "12-3456789", "EIN", PRACTICE_ADDRESS,
    "261QM0801X", phone="2175550100",
)  # fmt: skip
RIVERA = RenderingProvider("Rivera", "Ana", "1245319599", "101YM0800X")
BCBS = Payer("Blue Cross Blue Shield of Illinois", "BCBSIL", "BL", "95")
JANE = Subscriber(
    "XYZ123456789", "Doe", "Jane", "self", "GRP100", date(1985, 4, 2), "F", HOME
)  # fmt: skip
SUBMITTER = Submitter("SANCT01", "Calm Waters Counseling", "Ana Rivera", "2175550100",
                      "billing@calmwaters.example")  # fmt: skip
RECEIVER = Receiver("CLEARHOUSE", "Clearing House Inc")


def line(cpt="90837", charge="180.00", day=date(2024, 5, 6), **changes) -> ClaimLine:
    return ClaimLine(cpt, Decimal(charge), day, **changes)


def claim(**changes) -> Claim:
    """An office visit (place 11) billed by a solo clinician for the subscriber herself."""
    lines = changes.pop("lines", (line(pointers=(1, 2)),))
    base = Claim(
        control_number="SAN-0001", billing=SOLO, payer=BCBS, subscriber=JANE,
        diagnoses=("F41.1", "F32.1"), lines=lines,
        total_charge=sum((item.charge for item in lines), Decimal(0)),
    )  # fmt: skip
    return dataclasses.replace(base, **changes)


def write(*claims: Claim, first: int = 1, interchange: int = 1, group: int = 1) -> str:
    return write_837p(
        claims, submitter=SUBMITTER, receiver=RECEIVER, interchange_control_number=interchange,
        group_control_number=group, first_transaction_set_number=first, now=NOW, usage="T",
    )  # fmt: skip


def segments(text: str) -> list[str]:
    return [s for s in text.split("~") if s]


def written(*claims: Claim, **options) -> list[str]:
    """The segments of the interchange for `claims`, after pyx12 found no error in it."""
    for item in claims:
        assert validate(item) == []
    text = write(*claims, **options)
    assert validate_x12(text) == []
    return segments(text)


def test_an_office_visit_passes_pyx12():
    found = written(claim())
    assert found[0].startswith("ISA*00*          *00*          *ZZ*SANCT01        *ZZ*")
    assert len(found[0]) + 1 == 106  # ISA fixed width, with its terminator
    assert "GS*HC*SANCT01*CLEARHOUSE*20240507*0930*1*X*005010X222A1" in found
    assert "ST*837*0001*005010X222A1" in found
    assert "NM1*85*1*RIVERA*ANA****XX*1245319599" in found
    assert "PRV*BI*PXC*101YM0800X" in found
    assert "N3*123 MAIN ST*SUITE 200" in found and "N4*SPRINGFIELD*IL*627011234" in found
    assert "REF*SY*123456789" in found
    assert "SBR*P*18*GRP100******BL" in found
    assert "NM1*IL*1*DOE*JANE****MI*XYZ123456789" in found
    assert "DMG*D8*19850402*F" in found
    assert "NM1*PR*2*BLUE CROSS BLUE SHIELD OF ILLINOIS*****PI*BCBSIL" in found
    assert "CLM*SAN-0001*180***11:B:1*Y*A*Y*Y" in found
    assert "HI*ABK:F411*ABF:F321" in found  # the decimal point is implied
    assert "SV1*HC:90837*180*UN*1***1:2" in found
    assert "DTP*472*D8*20240506" in found
    assert not any(s.startswith(("HL*3", "PAT", "NM1*QC", "NM1*82")) for s in found)
    st = found.index("ST*837*0001*005010X222A1")
    se = next(i for i, s in enumerate(found) if s.startswith("SE*"))
    assert found[se] == f"SE*{se - st + 1}*0001"  # SE01 counts ST to SE
    assert found[-2:] == ["GE*1*1", "IEA*1*000000001"]


@pytest.mark.parametrize(
    ("place", "modifier", "procedure"),
    [("10", "95", "HC:90837:95"), ("02", "GT", "HC:90837:GT"), ("10", None, "HC:90837")],
)
def test_telehealth_lines_carry_the_payers_modifier(place, modifier, procedure):
    payer = dataclasses.replace(BCBS, telehealth_modifier=modifier)
    found = written(claim(payer=payer, lines=(line(place_of_service=place),)))
    assert f"CLM*SAN-0001*180***{place}:B:1*Y*A*Y*Y" in found
    assert f"SV1*{procedure}*180*UN*1***1" in found


def test_a_line_keeps_its_own_modifiers_and_place():
    lines = (
        line(place_of_service="10", modifiers=("95",)),
        line("90785", "25.50", place_of_service="11", modifiers=("HJ",)),
    )
    found = written(claim(lines=lines))
    assert "SV1*HC:90837:95*180*UN*1***1" in found  # 95 not repeated
    assert "SV1*HC:90785:HJ*25.5*UN*1*11**1" in found  # the place differs from CLM05-1
    assert "CLM*SAN-0001*205.5***10:B:1*Y*A*Y*Y" in found


def test_place_of_service_follows_the_appointment_type():
    assert place_for("In-Person") == "11"
    assert place_for("Virtual") == "10"
    assert place_for("Virtual", patient_at_home=False) == "02"
    assert place_for(None) == "11"


def test_a_dependent_patient_gets_the_patient_level():
    child = Patient("Doe", "Johnny", date(2012, 9, 1), "M", HOME)
    parent = dataclasses.replace(JANE, relationship="child", date_of_birth=None, sex=None)
    found = written(claim(subscriber=parent, patient=child))
    assert "HL*2*1*22*1" in found and "HL*3*2*23*0" in found
    assert "SBR*P**GRP100******BL" in found
    assert "PAT*19" in found
    assert "NM1*QC*1*DOE*JOHNNY" in found and "DMG*D8*20120901*M" in found
    assert found.index("HL*3*2*23*0") < found.index("CLM*SAN-0001*180***11:B:1*Y*A*Y*Y")


@pytest.mark.parametrize(("relationship", "code"), [("spouse", "01"), ("other", "G8")])
def test_relationship_codes(relationship, code):
    patient = Patient("Doe", "Sam", date(1984, 1, 1), "U", HOME)
    subscriber = dataclasses.replace(JANE, relationship=relationship)
    assert f"PAT*{code}" in written(claim(subscriber=subscriber, patient=patient))


def test_a_practice_names_the_rendering_clinician():
    found = written(claim(billing=PRACTICE, rendering=RIVERA))
    assert "NM1*85*2*CALM WATERS COUNSELING*****XX*1234567893" in found
    assert "REF*EI*123456789" in found
    assert "NM1*82*1*RIVERA*ANA****XX*1245319599" in found
    assert "PRV*PE*PXC*101YM0800X" in found
    assert not any(s.startswith("PER*IC*CALM") for s in found)  # same phone as 1000A


def test_no_rendering_loop_when_the_clinician_bills():
    found = written(claim(rendering=RIVERA))
    assert not any(s.startswith("NM1*82") for s in found)


PRIMARY = Payer("Aetna", "60054", "CI")
PRIMARY_POLICY = Subscriber("W123456789", "Doe", "Jane", "self", "AET-55")


def test_a_secondary_claim_reports_the_primary_by_line():
    primary = OtherCoverage(
        PRIMARY, PRIMARY_POLICY, date(2024, 5, 20), Decimal("96.00"),
        lines=(PriorLine(1, Decimal("96.00"), (
            Adjustment("CO", "45", Decimal("60.00")), Adjustment("PR", "2", Decimal("24.00")),
        )),),
    )  # fmt: skip
    found = written(claim(responsibility="S", other_coverage=(primary,)))
    assert "SBR*S*18*GRP100******BL" in found
    assert "SBR*P*18*AET-55******CI" in found
    assert "AMT*D*96" in found and "OI***Y***Y" in found
    assert "NM1*IL*1*DOE*JANE****MI*W123456789" in found
    assert "NM1*PR*2*AETNA*****PI*60054" in found
    at = found.index("SVD*60054*96*HC:90837**1")
    assert found[at + 1 : at + 4] == ["CAS*CO*45*60", "CAS*PR*2*24", "DTP*573*D8*20240520"]


def test_a_secondary_claim_adjudicated_at_claim_level():
    primary = OtherCoverage(
        PRIMARY, dataclasses.replace(PRIMARY_POLICY, relationship="spouse"), date(2024, 5, 20),
        Decimal("100.00"), adjustments=(
            Adjustment("CO", "45", Decimal("50.00")), Adjustment("PR", "1", Decimal("20.00")),
            Adjustment("PR", "2", Decimal("10.00")),
        ),
    )  # fmt: skip
    found = written(claim(responsibility="S", other_coverage=(primary,)))
    assert "SBR*P*01*AET-55******CI" in found
    assert "CAS*CO*45*50" in found and "CAS*PR*1*20**2*10" in found
    assert "DTP*573*D8*20240520" in found
    assert not any(s.startswith("SVD") for s in found)


@pytest.mark.parametrize(("frequency", "kind"), [("7", "replacement"), ("8", "void")])
def test_replacement_and_void_carry_the_payers_claim_number(frequency, kind):
    found = written(claim(frequency=frequency, payer_claim_number="24139B0000001"))
    assert f"CLM*SAN-0001*180***11:B:{frequency}*Y*A*Y*Y" in found
    assert "REF*F8*24139B0000001" in found
    assert f"the payer's claim number for a {kind} missing" in validate(claim(frequency=frequency))


def test_an_original_never_carries_a_payer_claim_number():
    found = written(claim(payer_claim_number="24139B0000001"))
    assert not any(s.startswith("REF*F8") for s in found)


def test_several_claims_get_unique_increasing_control_numbers():
    claims = [claim(control_number=f"SAN-00{n}") for n in (11, 12, 13)]
    found = written(*claims, first=41, interchange=7, group=9)
    assert [s for s in found if s.startswith("ST*")] == [
        "ST*837*0041*005010X222A1", "ST*837*0042*005010X222A1", "ST*837*0043*005010X222A1",
    ]  # fmt: skip
    assert [s.split("*")[2] for s in found if s.startswith("SE*")] == ["0041", "0042", "0043"]
    assert [s.split("*")[1] for s in found if s.startswith("CLM*")] == [
        "SAN-0011", "SAN-0012", "SAN-0013",
    ]  # fmt: skip
    assert "*000000007*0*T*:" in found[0] and found[1].split("*")[6] == "9"
    assert found[-2:] == ["GE*3*9", "IEA*1*000000007"]
    assert transaction_set_numbers(claims, 41) == {
        "SAN-0011": "0041", "SAN-0012": "0042", "SAN-0013": "0043",
    }  # fmt: skip


def test_names_are_upper_cased_and_folded_to_ascii():
    jose = dataclasses.replace(JANE, first_name="José", last_name="Núñez-Ortiz  ")
    assert "NM1*IL*1*NUNEZ-ORTIZ*JOSE****MI*XYZ123456789" in written(claim(subscriber=jose))
    li = claim(subscriber=dataclasses.replace(JANE, last_name="李"))
    assert "subscriber last name has no letters X12 can carry (A-Z, 0-9)" in validate(li)


@pytest.mark.parametrize("name", ["O*Brien", "Smith~", "A:B", "Caret^"])
def test_delimiters_in_text_are_refused(name):
    odd = claim(subscriber=dataclasses.replace(JANE, last_name=name))
    assert any("which X12 reserves" in problem for problem in validate(odd))
    with pytest.raises(X12Error, match="subscriber last name"):
        write(odd)


def test_validate_names_every_problem_at_once():
    bad_address = Address("PO Box 42", "Springfield", "IL", "62701")
    bad = claim(
        billing=dataclasses.replace(
            PRACTICE, npi="1234567890", taxonomy="101YM08", address=bad_address
        ),
        payer=dataclasses.replace(BCBS, payer_id=""),
        subscriber=dataclasses.replace(JANE, member_id=""),
        diagnoses=("F41.1", "41.1"),
        lines=(line("9083", pointers=(3,)),),
        total_charge=Decimal("200.00"),
        frequency="7",
    )
    problems = validate(bad)
    expected = [
        "billing NPI 1234567890 fails the NPI check digit",
        "billing taxonomy '101YM08' is not a NUCC code (10 characters, like 101YM0800X)",
        "billing ZIP must have 9 digits (ZIP+4)",
        "billing address is a PO box: a street address is required",
        "rendering clinician missing (the billing provider is a practice)",
        "payer id missing",
        "subscriber member id missing",
        "diagnosis '41.1' is not an ICD-10-CM code",
        "line 1 CPT '9083' is not a CPT/HCPCS code",
        "line 1 points at a diagnosis the claim does not have",
        "claim total 200.00 is not the sum of its lines (180.00)",
        "the payer's claim number for a replacement missing",
    ]
    assert problems == expected
    with pytest.raises(X12Error, match="fails the NPI check digit"):
        write(bad)


def test_limits_on_diagnoses_and_lines():
    codes = tuple(f"F4{n}.1" for n in range(10)) + ("F32.1", "F33.0", "F34.1")
    many = claim(diagnoses=codes, lines=tuple(line() for _ in range(51)))
    problems = validate(many)
    assert "more than 12 diagnosis codes" in problems
    assert "more than 50 service lines" in problems


def test_a_dependant_needs_the_patient_and_a_secondary_the_primary():
    problems = validate(claim(subscriber=dataclasses.replace(JANE, relationship="child")))
    assert "patient missing (the patient is not the subscriber)" in problems
    assert "a secondary claim needs the primary payer's adjudication" in validate(
        claim(responsibility="S")
    )


def test_a_primary_adjudication_must_balance():
    primary = OtherCoverage(
        PRIMARY, PRIMARY_POLICY, date(2024, 5, 20), Decimal("90.00"),
        lines=(PriorLine(1, Decimal("90.00"), (Adjustment("CO", "45", Decimal("60.00")),)),),
    )  # fmt: skip
    problems = validate(claim(responsibility="S", other_coverage=(primary,)))
    assert problems == [
        "prior payer's line 1 does not balance: 180.00 charged, 90.00 paid and 60.00 adjusted",
        "prior payer's amounts do not balance: 180.00 charged, 90.00 paid and 60.00 adjusted",
    ]


def test_money_is_decimal_never_float():
    floating = dataclasses.replace(claim(), lines=(ClaimLine("90837", 180.0, date(2024, 5, 6)),))
    assert "line 1 charge must be an amount above 0.00" in validate(floating)
    assert "claim total charge is not an amount" in validate(claim(total_charge=180.0))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"usage": "X"}, "usage must be P"),
        ({"interchange_control_number": 0}, "interchange control number"),
        ({"group_control_number": 10**9}, "group control number"),
        ({"first_transaction_set_number": 999999999}, "last transaction set number"),
    ],
)
def test_envelope_numbers_and_usage_are_checked(options, message):
    settings = {
        "submitter": SUBMITTER, "receiver": RECEIVER, "interchange_control_number": 1,
        "group_control_number": 1, "first_transaction_set_number": 1, "now": NOW,
        "usage": "P",
    } | options  # fmt: skip
    with pytest.raises(X12Error, match=message):
        write_837p([claim(), claim(control_number="SAN-0002")], **settings)


def test_no_claims_and_twin_control_numbers_are_refused():
    with pytest.raises(X12Error, match="no claims"):
        write()
    with pytest.raises(X12Error, match="same control number"):
        write(claim(), claim())


def test_overlong_text_is_refused_as_pyx12_would():
    long = "A" * 61
    assert "subscriber last name longer than 60 characters" in validate(
        claim(subscriber=dataclasses.replace(JANE, last_name=long))
    )
    text = write(claim()).replace("NM1*IL*1*DOE*", f"NM1*IL*1*{long}*")
    assert any("too long" in error for error in validate_x12(text))


def test_pyx12_catches_what_validate_guards_against():
    text = write(claim())
    assert validate_x12(text.replace("11:B:1", "77:B:1"))  # not a place of service code
    assert validate_x12(text.replace("DTP*472*D8*20240506~", ""))  # the line's date missing


def test_everything_at_once_passes_pyx12():
    """A practice's telehealth claim for a dependant, to the secondary payer."""
    primary = OtherCoverage(
        PRIMARY, dataclasses.replace(PRIMARY_POLICY, relationship="child"), date(2024, 5, 20),
        Decimal("96.00"), lines=(PriorLine(1, Decimal("96.00"), (
            Adjustment("CO", "45", Decimal("60.00")), Adjustment("PR", "2", Decimal("24.00")),
        )),),
    )  # fmt: skip
    found = written(
        claim(
            billing=PRACTICE,
            rendering=RIVERA,
            responsibility="S",
            other_coverage=(primary,),
            subscriber=dataclasses.replace(JANE, relationship="child"),
            patient=Patient("Doe", "Johnny", date(2012, 9, 1), "M", HOME),
            lines=(line(place_of_service="10"),),
        )  # fmt: skip
    )
    assert "SBR*S**GRP100******BL" in found and "SBR*P*19*AET-55******CI" in found
    assert "SVD*60054*96*HC:90837:95**1" in found
