"""Claims through the CLI on the demo practice: the billing profile, a payer and Amelia's
coverage as a practice would type them, past sessions with signed notes, and the 835, 999 and
277CA files a clearinghouse would send back (docs/claims.md)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

NY = ZoneInfo("America/New_York")  # the tests' practice zone (tests/conftest.py)
PROFILE = [
    "practice", "edit", "--name", "Sanctuary Counseling", "--tax-id", "12-3456789",
    "--tax-id-type", "ein", "--address", "120 Hudson St", "--city", "New York", "--state", "NY",
    "--zip", "10013-2345", "--phone", "+1 212 555 0100", "--submitter-id", "SANCT01",
    "--submitter-name", "Sanctuary Counseling", "--submitter-contact", "Sarah Johnson",
    "--receiver-id", "CLEARHOUSE", "--receiver-name", "Clearing House Inc",
]  # fmt: skip
AMELIA_COVERAGE = [
    "patients", "edit", "Amelia", "--payer", "Aetna", "--relationship", "self", "--sex", "F",
    "--address", "88 Orchard St", "--city", "New York", "--state", "NY", "--zip", "10002",
]  # fmt: skip


def ok(result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def set_up_billing(cli) -> None:
    """Profile, Sarah's taxonomy, the Aetna payer and Amelia's coverage, through the CLI."""
    ok(cli(*PROFILE))
    ok(cli("therapists", "edit", "sarah", "--taxonomy", "103T00000X"))
    ok(cli("payers", "add", "Aetna", "--payer-id", "60054", "--filing-code", "CI"))
    ok(cli(*AMELIA_COVERAGE))


def today() -> date:
    return datetime.now(NY).date()


def session(
    cli, patient: str, days_ago: int, *, kind: str = "In-Person", sign: bool = True
) -> dict:
    """A session held `days_ago` days ago at 10:00, its note (signed unless told), charged."""
    day = today() - timedelta(days=days_ago)
    booked = json.loads(
        ok(
            cli(
                "appointments",
                "add",
                patient,
                f"{day} 10:00",
                "--allow-past",
                "--type",
                kind,
                "--json",
            )
        )  # fmt: skip
    )
    appointment = (booked[0] if isinstance(booked, list) else booked)["appointment_id"]
    ok(cli("appointments", "complete", appointment))
    note = json.loads(
        ok(
            cli(
                "notes",
                "add",
                appointment,
                "--subjective",
                "s",
                "--objective",
                "o",
                "--assessment",
                "a",
                "--plan",
                "p",
                "--risk",
                "low",
                "--json",
            )
        )  # fmt: skip
    )
    note_id = (note[0] if isinstance(note, list) else note)["note_id"]
    if sign:
        ok(cli("notes", "sign", note_id))
    charged = json.loads(ok(cli("billing", "charge", appointment, "--json")))
    charge = charged[0] if isinstance(charged, list) else charged
    return {"day": day, "appointment": appointment, "note": note_id, **charge}


def claims(cli, *args: str) -> list[dict]:
    return json.loads(ok(cli("claims", "list", "--json", *args)))


def one_claim(cli, control_number: str) -> dict:
    (row,) = [c for c in claims(cli, "--all-therapists") if c["control_number"] == control_number]
    return row


def _envelope(sender: str, code: str, number: int, body: list[str], version: str) -> str:
    stamp = datetime(2026, 2, 7, 12, 0)
    isa = (
        f"ISA*00*          *00*          *ZZ*{sender.ljust(15)}*ZZ*{'SANCT01'.ljust(15)}*"
        f"{stamp:%y%m%d}*{stamp:%H%M}*^*00501*{number:09d}*0*P*:~"
    )
    st_id = {"HP": "835", "FA": "999", "HN": "277"}[code]
    st_version = "" if code == "HP" else f"*{version}"
    segments = [f"ST*{st_id}*0001{st_version}", *body, f"SE*{len(body) + 2}*0001"]
    return (
        isa
        + f"GS*{code}*{sender}*SANCT01*{stamp:%Y%m%d}*{stamp:%H%M}*{number}*X*{version}~"
        + "".join(s + "~" for s in segments)
        + f"GE*1*{number}~IEA*1*{number:09d}~"
    )


def era(claims: list[dict], *, trace: str = "CHK0001", number: int = 9001, paid_total=None) -> str:
    """An 835 paying `claims`: each {control_number, status, payer_claim_number, lines:
    [(cpt, day, charge, paid, [(group, reason, amount), ...])]}."""
    body: list[str] = []
    total = Decimal(0)
    for claim in claims:
        lines = claim["lines"]
        charge = sum(Decimal(str(line[2])) for line in lines)
        paid = sum(Decimal(str(line[3])) for line in lines)
        owed = sum(Decimal(str(a[2])) for line in lines for a in line[4] if a[0] == "PR")
        total += paid
        body += [
            f"CLP*{claim['control_number']}*{claim.get('status', '1')}*{charge}*{paid}*{owed}*"
            f"12*{claim.get('payer_claim_number', 'PCN' + claim['control_number'])}*11*1",
            "NM1*QC*1*CHEN*AMELIA****MI*W123456789",
        ]
        for cpt, day, line_charge, line_paid, adjustments in lines:
            body += [f"SVC*HC:{cpt}*{line_charge}*{line_paid}**1", f"DTM*472*{day:%Y%m%d}"]
            body += [f"CAS*{group}*{reason}*{amount}" for group, reason, amount in adjustments]
    paid_total = total if paid_total is None else paid_total
    head = [
        f"BPR*I*{paid_total}*C*CHK************{today():%Y%m%d}",
        f"TRN*1*{trace}*1066033492",
        "N1*PR*AETNA",
        "N1*PE*SANCTUARY COUNSELING*XX*1234567893",
        "LX*1",
    ]
    return _envelope("AETNA", "HP", number, head + body, "005010X221A1")


def ack_999(group: int, sets: list[tuple[str, str]], *, number: int = 7001) -> str:
    """A 999 answering our group `group`: (ST02, A or R) per set."""
    body = [f"AK1*HC*{group}*005010X222A1"]
    for st02, code in sets:
        body.append(f"AK2*837*{st02}*005010X222A1")
        if code == "R":
            body += ["IK3*NM1*15*2010*8", "IK4*9*67*7", "IK5*R*5"]
        else:
            body.append("IK5*A")
    accepted = sum(code == "A" for _, code in sets)
    overall = "A" if accepted == len(sets) else ("R" if not accepted else "P")
    body.append(f"AK9*{overall}*{len(sets)}*{len(sets)}*{accepted}")
    return _envelope("CLEARHOUSE", "FA", number, body, "005010X231A1")


def ack_277ca(claims: list[tuple[str, str, str]], *, number: int = 8001) -> str:
    """A 277CA: (control number, STC01 like A2:20:PR or A7:562:82, payer claim number)."""
    body = [
        "BHT*0085*08*277CA1*20260207*1200*TH", "HL*1**20*1", "NM1*PR*2*AETNA*****PI*60054",
        "TRN*1*BATCH1", "DTP*050*D8*20260206", "DTP*009*D8*20260207", "HL*2*1*21*1",
        "NM1*41*2*SANCTUARY COUNSELING*****46*SANCT01", "TRN*2*1", "STC*A1:19:PR*20260207*WQ*1",
        "HL*3*2*19*1", "NM1*85*1*JOHNSON*SARAH****XX*1234567893", "TRN*1*0",
        "STC*A1:19:PR**WQ*1",
    ]  # fmt: skip
    for i, (control, status, payer_number) in enumerate(claims):
        body += [
            f"HL*{4 + i}*3*PT", "NM1*QC*1*CHEN*AMELIA****MI*W123456789", f"TRN*2*{control}",
            f"STC*{status}*20260207*{'WQ' if status.startswith('A2') else 'U'}*150"
            + ("********RENDERING PROVIDER NPI NOT ON FILE" if not status.startswith("A2") else ""),
        ]  # fmt: skip
        if payer_number:
            body.append(f"REF*1K*{payer_number}")
    return _envelope("CLEARHOUSE", "HN", number, body, "005010X214")
