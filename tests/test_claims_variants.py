"""Every kind of 837P the product writes, made through the CLI on the demo practice and
checked by pyx12 (docs/SPEC.md section 8): telehealth, a dependent patient, a secondary claim,
a replacement and a void; and the payer's answers that lead to them (docs/claims.md, "Claim
statuses", "Fixing a claim")."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from claims_helpers import ack_277ca, ack_999, era, ok, one_claim, session, set_up_billing

pytest.importorskip("pyx12", reason="the independent X12 validator: pip install pyx12")
from x12_validator import validate_x12  # noqa: E402


@pytest.fixture
def billing(cli, demo_db_url):
    set_up_billing(cli)


def create(cli, day, *args: str) -> str:
    """The control number of the one claim made for Amelia's charges of `day`."""
    made = json.loads(ok(cli("claims", "create", "Amelia", "--from", str(day), "--to", str(day),
                             "--json", *args)))  # fmt: skip
    (claim,) = made
    return claim["control_number"]


def export(cli, tmp_path: Path, name: str, *refs: str) -> list[str]:
    """The segments of the 837P written, which pyx12 must accept whole."""
    path = tmp_path / name
    ok(cli("claims", "export", "-o", str(path), *refs))
    text = path.read_text()
    assert validate_x12(text) == []
    return text.split("~")


def imported(cli, tmp_path: Path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text)
    return ok(cli("claims", "import", str(tmp_path / name)))


def shown(cli, number: str) -> dict:
    return json.loads(ok(cli("claims", "show", number, "--json")))


def paid_in_full(control: str, held, payer_claim_number: str = "", **envelope) -> str:
    """An 835 paying 100 of the 150 session: 20 written off, 30 the patient's coinsurance."""
    line = ("90834", held["day"], "150", "100", [("CO", "45", "20"), ("PR", "2", "30")])
    claim = {"control_number": control, "lines": [line]}
    if payer_claim_number:
        claim["payer_claim_number"] = payer_claim_number
    return era([claim], **envelope)


@pytest.mark.parametrize(
    "modifier, procedure",
    [(None, "HC:90834:95"), ("GT", "HC:90834:GT"), ("none", "HC:90834")],
)
def test_a_telehealth_session_is_place_10_with_the_payers_modifier(
    cli, billing, tmp_path, modifier, procedure
):
    if modifier:
        ok(cli("payers", "edit", "aetna", "--telehealth-modifier", modifier))
    held = session(cli, "Amelia", 30, kind="Virtual")
    number = create(cli, held["day"])
    segments = export(cli, tmp_path, "tele.837")
    assert f"CLM*{number}*150***10:B:1*Y*A*Y*Y" in segments
    assert f"SV1*{procedure}*150*UN*1***1" in segments
    lines = shown(cli, number)["lines"]
    assert [line["place_of_service"] for line in lines] == ["10"]


def test_a_dependent_patient_is_sent_under_the_subscriber(cli, billing, tmp_path):
    ok(cli("patients", "edit", "Amelia", "--relationship", "child", "--subscriber-first", "Wei",
           "--subscriber-last", "Chen", "--subscriber-dob", "1971-04-02", "--subscriber-sex",
           "M"))  # fmt: skip
    held = session(cli, "Amelia", 30)
    create(cli, held["day"])
    segments = export(cli, tmp_path, "dependent.837")
    assert "HL*2*1*22*1" in segments and "HL*3*2*23*0" in segments
    assert "SBR*P**GRP-4410******CI" in segments
    assert "NM1*IL*1*CHEN*WEI****MI*W123456789" in segments
    assert "DMG*D8*19710402*M" in segments
    assert "PAT*19" in segments
    patient = segments.index("NM1*QC*1*CHEN*AMELIA")
    assert segments.index("PAT*19") < patient < segments.index("HI*ABK:F411")


def test_a_secondary_claim_carries_what_the_primary_paid(cli, billing, tmp_path):
    ok(cli("payers", "add", "Empire Plan", "--payer-id", "EMP01", "--filing-code", "BL"))
    ok(cli("patients", "edit", "Amelia", "--secondary-payer", "Empire Plan",
           "--secondary-member-id", "S7788", "--secondary-group-number", "G-2",
           "--secondary-relationship", "self"))  # fmt: skip
    held = session(cli, "Amelia", 45)
    primary = create(cli, held["day"])
    export(cli, tmp_path, "primary.837")
    imported(cli, tmp_path, "era.835", paid_in_full(primary, held))

    secondary = create(cli, held["day"], "--secondary")
    segments = export(cli, tmp_path, "secondary.837", secondary)
    assert "SBR*S*18*G-2******BL" in segments
    assert "NM1*PR*2*EMPIRE PLAN*****PI*EMP01" in segments
    assert "SBR*P*18*GRP-4410******CI" in segments  # the primary, in 2320
    assert "AMT*D*100" in segments
    assert "SVD*60054*100*HC:90834**1" in segments
    assert "CAS*CO*45*20" in segments and "CAS*PR*2*30" in segments
    assert shown(cli, secondary)["claim"]["responsibility"] == "S"
    assert "no charge" in cli("claims", "create", "Amelia", "--secondary").stderr


def test_a_paid_claim_is_replaced_then_voided_naming_the_payers_number(cli, billing, tmp_path):
    held = session(cli, "Amelia", 45)
    original = create(cli, held["day"])
    assert "has not been sent yet" in cli("claims", "resubmit", original).stderr
    export(cli, tmp_path, "original.837")
    assert "the payer has not answered yet" in cli("claims", "resubmit", original).stderr
    imported(cli, tmp_path, "era.835", paid_in_full(original, held, "AE77"))

    said = ok(cli("claims", "resubmit", original))
    assert f": a replacement (frequency 7) of {original}, ready to export" in said
    number = said.split()[1].rstrip(":")
    assert shown(cli, number)["claim"]["frequency"] == "7"
    assert one_claim(cli, original)["status"] == "replaced"
    segments = export(cli, tmp_path, "replacement.837")
    assert f"CLM*{number}*150***11:B:7*Y*A*Y*Y" in segments
    assert "REF*F8*AE77" in segments

    # The payer takes back what it paid on the original and pays the replacement.
    day = held["day"]
    reversal = {
        "control_number": original,
        "status": "22",
        "payer_claim_number": "AE77",
        "lines": [("90834", day, "-150", "-100", [("CO", "45", "-20"), ("PR", "2", "-30")])],
    }
    repaid = {
        "control_number": number,
        "payer_claim_number": "AE78",
        "lines": [("90834", day, "150", "110", [("CO", "45", "20"), ("PR", "2", "20")])],
    }
    out = imported(cli, tmp_path, "era2.835", era([reversal, repaid], trace="CHK0002", number=9002))
    assert f"{original}: replaced" in out and f"{number}: paid" in out
    assert one_claim(cli, original)["status"] == "replaced"
    claim = one_claim(cli, number)
    assert (claim["status"], claim["paid_amount"], claim["patient_responsibility"]) == (
        "paid", "110.00", "20.00",
    )  # fmt: skip
    overdue = csv.DictReader(io.StringIO(ok(cli("billing", "overdue", "--csv"))))
    assert [r["balance"] for r in overdue if r["service_date"] == str(day)] == ["20.00"]
    (voided,) = json.loads(ok(cli("claims", "void", number, "--json")))
    segments = export(cli, tmp_path, "void.837")
    assert f"CLM*{voided['control_number']}*150***11:B:8*Y*A*Y*Y" in segments
    assert "REF*F8*AE78" in segments
    assert one_claim(cli, number)["status"] == "void"


def group_and_set(segments: list[str], number: str) -> tuple[int, str]:
    """The GS06 of the file and the ST02 of the set carrying claim `number`."""
    (gs,) = [s for s in segments if s.startswith("GS*")]
    st = None
    for segment in segments:
        if segment.startswith("ST*"):
            st = segment.split("*")[2]
        if segment.startswith(f"CLM*{number}*"):
            return int(gs.split("*")[6]), st
    raise AssertionError(number)


def test_a_999_accepts_one_claim_and_rejects_another_with_its_reason(cli, billing, tmp_path):
    first, second = (session(cli, "Amelia", days) for days in (45, 38))
    numbers = [create(cli, first["day"]), create(cli, second["day"])]
    segments = export(cli, tmp_path, "two.837")
    (group, set_a), (_, set_b) = (group_and_set(segments, n) for n in numbers)
    out = imported(cli, tmp_path, "ack.999", ack_999(group, [(set_a, "A"), (set_b, "R")]))
    assert f"{numbers[0]}: accepted" in out and f"{numbers[1]}: rejected" in out
    assert one_claim(cli, numbers[0])["status"] == "accepted"
    rejected = shown(cli, numbers[1])
    assert rejected["claim"]["status"] == "rejected"
    (event,) = [e for e in rejected["history"] if e["kind"] == "999"]
    assert event["status"] == "rejected" and event["detail"].startswith("rejected: ")
    assert "NM1" in event["detail"] and "2010" in event["detail"]
    table = ok(cli("claims", "show", numbers[1]))
    assert "rejected: " in table and "NM1" in table

    again = cli("claims", "import", str(tmp_path / "ack.999"))
    assert again.exit_code == 0 and "imported before" in again.stderr
    assert len([e for e in shown(cli, numbers[1])["history"] if e["kind"] == "999"]) == 1
    listed = json.loads(ok(cli("claims", "list", "--status", "rejected", "--json")))
    assert [c["control_number"] for c in listed] == [numbers[1]]

    # A rejected claim never reached the payer: it goes again as a new original.
    (again,) = json.loads(ok(cli("claims", "resubmit", numbers[1], "--json")))
    assert shown(cli, again["control_number"])["claim"]["frequency"] == "1"
    assert "11:B:1" in "~".join(export(cli, tmp_path, "fixed.837"))


def test_a_277ca_accepts_with_the_payers_number_or_rejects_with_its_reason(cli, billing, tmp_path):
    first, second = (session(cli, "Amelia", days) for days in (45, 38))
    numbers = [create(cli, first["day"]), create(cli, second["day"])]
    export(cli, tmp_path, "two.837")
    ack = ack_277ca([(numbers[0], "A2:20:PR", "AE1001"), (numbers[1], "A7:562:82", "")])
    out = imported(cli, tmp_path, "ack.277", ack)
    assert f"{numbers[0]}: accepted" in out and f"{numbers[1]}: rejected" in out
    accepted = shown(cli, numbers[0])["claim"]
    assert (accepted["status"], accepted["payer_claim_number"]) == ("accepted", "AE1001")
    rejected = shown(cli, numbers[1])
    assert rejected["claim"]["status"] == "rejected"
    (event,) = [e for e in rejected["history"] if e["kind"] == "277CA"]
    assert "RENDERING PROVIDER NPI NOT ON FILE" in event["detail"]
    table = ok(cli("claims", "show", numbers[1]))  # the table wraps the reason: its start
    assert "277CA" in table and "rejected: A7 rejected for invalid information: 562" in table

    stranger = ack_277ca([("SC99999999", "A2:20:PR", "")], number=8002)
    (tmp_path / "stranger.277").write_text(stranger)
    refused = cli("claims", "import", str(tmp_path / "stranger.277"))
    assert refused.exit_code == 1 and "SC99999999" in refused.stderr


def test_test_files_real_files_and_a_file_written_again(cli, billing, tmp_path):
    first, second = (session(cli, "Amelia", days) for days in (45, 38))
    number = create(cli, first["day"])
    path = tmp_path / "trial.837"
    ok(cli("claims", "export", "--test", "-o", str(path)))
    assert validate_x12(path.read_text()) == []
    trial = path.read_text().split("~")
    assert trial[0].split("*")[15] == "T"
    assert one_claim(cli, number)["status"] == "ready"  # a test file sends nothing

    sent = export(cli, tmp_path, "sent.837")
    assert sent[0].split("*")[15] == "P"
    assert one_claim(cli, number)["status"] == "submitted"
    later = create(cli, second["day"])
    again = export(cli, tmp_path, "later.837")
    numbers = [int(s[0].split("*")[13]) for s in (trial, sent, again)]
    assert numbers == sorted(set(numbers))  # unique and increasing, test files too
    assert [s for s in again if s.startswith("CLM*")] == [f"CLM*{later}*150***11:B:1*Y*A*Y*Y"]
    assert "No claim is ready" in cli("claims", "export", "-o", str(tmp_path / "none.837")).stderr

    interchange = shown(cli, number)["claim"]["interchange_control_number"]
    ok(cli("claims", "export", "--batch", str(interchange), "-o", str(tmp_path / "lost.837")))
    assert (tmp_path / "lost.837").read_bytes() == (tmp_path / "sent.837").read_bytes()
    assert one_claim(cli, number)["status"] == "submitted"


def test_a_practice_with_its_own_npi_bills_and_names_the_rendering_clinician(
    cli, billing, tmp_path
):
    ok(cli("practice", "edit", "--npi", "1245319599", "--taxonomy", "261QM0801X"))
    held = session(cli, "Amelia", 30)
    create(cli, held["day"])
    segments = export(cli, tmp_path, "group.837")
    assert "NM1*85*2*SANCTUARY COUNSELING*****XX*1245319599" in segments
    assert "PRV*BI*PXC*261QM0801X" in segments
    rendering = segments.index("NM1*82*1*JOHNSON*SARAH****XX*1234567893")
    assert segments[rendering + 1] == "PRV*PE*PXC*103T00000X"
