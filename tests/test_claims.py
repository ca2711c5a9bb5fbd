"""Getting paid by insurers, end to end through the CLI on the demo practice (docs/SPEC.md
section 8, docs/claims.md): a signed session becomes a claim, the claim an 837P that pyx12
accepts, the payer's 835 pays it (insurer share, contractual write-off, patient share), and
the patient's share shows in `billing overdue`, `billing summary` and `claims list`."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from claims_helpers import (
    claims,
    era,
    ok,
    one_claim,
    session,
    set_up_billing,
)

pytest.importorskip("pyx12", reason="the independent X12 validator: pip install pyx12")
from x12_validator import validate_x12  # noqa: E402


@pytest.fixture
def ready(cli, demo_db_url):
    """The demo practice set up for claims, and a signed in-person session of Amelia's 45
    days ago (so its patient share is overdue once the payer has paid)."""
    set_up_billing(cli)
    return session(cli, "Amelia", 45)


def create(cli, *args: str) -> tuple[str, str]:
    line = ok(cli("claims", "create", *args)).strip()
    claim_id, control_number = line.split(":")[0].split()
    return claim_id, control_number


def export(cli, tmp_path: Path, *args: str, name: str = "claims.837") -> str:
    path = tmp_path / name
    ok(cli("claims", "export", "-o", str(path), *args))
    text = path.read_text()
    assert validate_x12(text) == []
    return text


def overdue(cli) -> list[dict]:
    return list(csv.DictReader(io.StringIO(ok(cli("billing", "overdue", "--csv")))))


def test_a_signed_session_is_claimed_exported_paid_and_its_patient_share_is_overdue(
    cli, ready, tmp_path
):
    day = str(ready["day"])
    claim_id, number = create(cli, "Amelia", "--from", day, "--to", day)
    assert one_claim(cli, number)["status"] == "ready"

    text = export(cli, tmp_path)
    segments = text.split("~")
    assert f"CLM*{number}*150***11:B:1*Y*A*Y*Y" in segments
    assert "NM1*IL*1*CHEN*AMELIA****MI*W123456789" in segments
    assert "SBR*P*18*GRP-4410******CI" in segments
    assert "NM1*PR*2*AETNA*****PI*60054" in segments
    assert "N4*NEW YORK*NY*100132345" in segments
    # The clinician bills in her own name: no separate rendering provider (2310B).
    assert "NM1*85*1*JOHNSON*SARAH****XX*1234567893" in segments
    assert not [s for s in segments if s.startswith("NM1*82*")]
    assert one_claim(cli, number)["status"] == "submitted"

    paid = era([{"control_number": number, "lines": [
        ("90834", ready["day"], "150", "100", [("CO", "45", "20"), ("PR", "2", "30")]),
    ]}])  # fmt: skip
    (tmp_path / "era.835").write_text(paid)
    imported = ok(cli("claims", "import", str(tmp_path / "era.835")))
    assert f"{number}: paid" in imported

    claim = one_claim(cli, number)
    assert claim["status"] == "paid"
    assert (claim["paid_amount"], claim["adjustment_amount"]) == ("100.00", "20.00")
    assert claim["patient_responsibility"] == "30.00"
    (row,) = [r for r in overdue(cli) if r["service_date"] == day]
    assert row["patient_name"] == "Amelia Chen" and row["balance"] == "30.00"
    summary = json.loads(ok(cli("billing", "summary", "--json")))
    (amelia,) = [r for r in summary if r["patient_name"] == "Amelia Chen"]
    assert amelia["balance"] == "150.00"  # 30.00 from this session, 120.00 from the demo's

    again = cli("claims", "import", str(tmp_path / "era.835"))
    assert again.exit_code == 0 and "imported before" in again.stderr
    assert one_claim(cli, number) == claim
    assert [r for r in overdue(cli) if r["service_date"] == day] == [row]
    assert claim_id


def test_a_partial_payment_and_a_denial_set_the_status_and_what_is_owed(cli, ready, tmp_path):
    denied_session = session(cli, "Amelia", 38)
    first, second = ready["day"], denied_session["day"]
    partial_number = create(cli, "Amelia", "--from", str(first), "--to", str(first))[1]
    denied_number = create(cli, "Amelia", "--from", str(second), "--to", str(second))[1]
    export(cli, tmp_path)
    answer = era([
        {"control_number": partial_number, "lines": [
            ("90834", first, "150", "60", [("CO", "45", "20"), ("CO", "97", "40"),
                                           ("PR", "2", "30")])]},
        {"control_number": denied_number, "status": "4", "lines": [
            ("90834", second, "150", "0", [("CO", "31", "150")])]},
    ])  # fmt: skip
    (tmp_path / "era.835").write_text(answer)
    out = ok(cli("claims", "import", str(tmp_path / "era.835")))
    assert f"{partial_number}: partial" in out and f"{denied_number}: denied" in out

    partial = one_claim(cli, partial_number)
    assert (partial["status"], partial["paid_amount"], partial["adjustment_amount"]) == (
        "partial", "60.00", "60.00",
    )  # fmt: skip
    assert partial["patient_responsibility"] == "30.00"
    denied = one_claim(cli, denied_number)
    assert (denied["status"], denied["paid_amount"]) == ("denied", "0.00")
    balances = {r["service_date"]: r["balance"] for r in overdue(cli)}
    # A denial writes nothing off: the charge stays owed until resubmitted or billed.
    assert (balances[str(first)], balances[str(second)]) == ("30.00", "150.00")
    history = json.loads(ok(cli("claims", "show", denied_number, "--json")))["history"]
    assert any(e["kind"] == "835" and "CO-31 150" in e["detail"] for e in history)
    assert [c["control_number"] for c in claims(cli, "--status", "denied")] == [denied_number]


def test_the_patients_share_shows_in_the_chart(cli, ready, tmp_path):
    day = str(ready["day"])
    number = create(cli, "Amelia", "--from", day, "--to", day)[1]
    export(cli, tmp_path)
    before = json.loads(ok(cli("patients", "show", "Amelia", "--json")))["balance"]
    paid = era([{"control_number": number, "lines": [
        ("90834", ready["day"], "150", "100", [("CO", "45", "20"), ("PR", "2", "30")]),
    ]}])  # fmt: skip
    (tmp_path / "era.835").write_text(paid)
    ok(cli("claims", "import", str(tmp_path / "era.835")))
    after = json.loads(ok(cli("patients", "show", "Amelia", "--json")))["balance"]
    assert Decimal(before["balance"]) - Decimal(after["balance"]) == Decimal("120.00")
    assert Decimal(after["total_paid"]) - Decimal(before["total_paid"]) == Decimal("100.00")
