"""Posting an 835 remittance (docs/claims.md, "What an 835 does to a charge"): each claim
payment (CLP) matched to our claim by its control number, each service line to a claim line;
the insurer's money a payment (method insurance), money taken back a refund, every CAS amount
a charge_adjustments row, the contractual ones written off; the claim's status from CLP02.

All or nothing: a file that does not balance, repeats a claim payment or a payment's trace
number, names a claim we never sent, or would leave a charge owing less than nothing is
refused whole with every reason.
A payment already posted (its payer id and trace number) posts nothing again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import claim_drafts
from sanctuary_cli.rules import x12_835
from sanctuary_cli.rules.remittance import Adjustment, ClaimPayment, Remittance, repeated_traces
from sanctuary_cli.store.db import Database, named_query

ZERO = Decimal("0.00")
KEPT = ("replaced", "void")  # a remittance does not bring these back to life


@dataclass
class Imported:
    """What an imported file did: its kind, whether it had been imported before, and each
    claim it touched (control_number, status, detail)."""

    kind: str
    file_name: str
    already: bool = False
    claims: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Posting:
    """One service line as the payer adjudicated it, on our claim line."""

    line: dict[str, Any]
    charge: Decimal
    paid: Decimal
    adjustments: list[Adjustment]


def post_835(db: Database, text: str, name: str, acting: Any) -> Imported:
    remittances = x12_835.parse_835_all(text)
    problems = [p for r in remittances for p in x12_835.check_balanced(r) + x12_835.duplicates(r)]
    problems += repeated_traces(remittances)
    refuse(name, problems)
    found = Imported("835", name)
    with db.transaction() as cur:
        numbers = [c.patient_control_number for r in remittances for c in r.claims]
        cur.execute(named_query("claims.claims_by_number"), {"numbers": numbers})
        ours = {row["control_number"]: row for row in cur.fetchall()}
        unknown = [n for n in dict.fromkeys(numbers) if n not in ours]
        if unknown:
            refuse(
                name, [f"it names claims that are not ours (or not yours): {', '.join(unknown)}"]
            )
        unsent = [n for n in dict.fromkeys(numbers) if ours[n]["batch_id"] is None]
        refuse(name, [f"claim {n} was never sent" for n in unsent])
        cur.execute(named_query("remittances.claim_lines"),
                    {"claim_ids": [row["id"] for row in ours.values()]})  # fmt: skip
        lines = defaultdict(list)
        for row in cur.fetchall():
            lines[row["claim_id"]].append(row)
        posted = {r.key: insert_remittance(cur, r, name, acting) for r in remittances}
        fresh = [r for r in remittances if posted[r.key] is not None]
        plans = []
        for remittance in fresh:
            for payment in remittance.claims:
                claim = ours[payment.patient_control_number]
                postings, more = allocate(payment, lines[claim["id"]])
                problems += more
                plans.append((remittance, payment, claim, postings))
        refuse(name, problems)
        refuse(name, overdrawn(cur, plans))
        for remittance, payment, claim, postings in plans:
            found.claims.append(post(cur, remittance, posted[remittance.key], payment, claim,
                                     postings))  # fmt: skip
        found.notes = [f"payment {r.trace_number} was imported before: nothing posted"
                       for r in remittances if posted[r.key] is None]  # fmt: skip
        found.already = not fresh
    return found


def refuse(name: str, problems: list[str]) -> None:
    if problems:
        raise UserError(f"{name}: nothing imported: " + "; ".join(dict.fromkeys(problems)))


def allocate(payment: ClaimPayment, lines: list[dict[str, Any]]) -> tuple[list[Posting], list]:
    """The payment's service lines on our claim lines (by CPT and date, else in order); a
    payment without service lines is spread over the lines in order."""
    who = f"claim {payment.patient_control_number}"
    if not payment.lines:
        return spread(payment, lines), []
    left = list(lines)
    postings, problems = [], []
    for svc in payment.lines:
        match = next(
            (line for line in left if line["cpt_code"] == svc.cpt
             and svc.service_date in (None, line["service_date"])),
            None,
        )  # fmt: skip
        if match is None and len(payment.lines) == len(lines):
            match = lines[len(postings)] if lines[len(postings)] in left else None
        if match is None:
            problems.append(f"{who}: service line {svc.cpt} of {svc.service_date} is not on it")
            continue
        left.remove(match)
        postings.append(Posting(match, svc.charge, svc.paid, list(svc.adjustments)))
    if postings and payment.adjustments:  # claim-level CAS beside the lines: the first line's
        postings[0].adjustments = list(payment.adjustments) + postings[0].adjustments
    return postings, problems


def spread(payment: ClaimPayment, lines: list[dict[str, Any]]) -> list[Posting]:
    """Claim-level amounts over the lines in order, each line filled up to its charge."""
    sign = Decimal(-1) if payment.paid < 0 or payment.charge < 0 else Decimal(1)
    room = [line["charge"] for line in lines]
    postings = [Posting(line, sign * line["charge"], ZERO, []) for line in lines]

    def share(total: Decimal) -> list[Decimal]:
        parts, left = [], abs(total)
        for i in range(len(lines)):
            take = min(room[i], left) if i < len(lines) - 1 else left
            room[i] -= take
            left -= take
            parts.append(take * sign)
        return parts

    for posting, part in zip(postings, share(payment.paid), strict=True):
        posting.paid = part
    for adjustment in payment.adjustments:
        for posting, part in zip(postings, share(adjustment.amount), strict=True):
            if part:
                posting.adjustments.append(Adjustment(adjustment.group, adjustment.reason, part))
    return postings


def writes_off(payment: ClaimPayment, adjustment: Adjustment) -> bool:
    """Contractual and payer amounts come off the charge; PR is the patient's; a denied claim
    writes nothing off (it stays owed until resubmitted or billed to the patient)."""
    return adjustment.group != "PR" and payment.status != "denied"


def overdrawn(cur: Any, plans: list) -> list[str]:
    """Postings that would leave a charge owing less than nothing, or pay a closed charge."""
    ids = list({p.line["financial_record_id"] for *_, postings in plans for p in postings})
    cur.execute(named_query("remittances.charge_balances"), {"charge_ids": ids})
    charges = {row["id"]: row for row in cur.fetchall()}
    problems = []
    for _, payment, _, postings in plans:
        for posting in postings:
            charge = charges[posting.line["financial_record_id"]]
            who = f"claim {payment.patient_control_number} line {posting.line['line_number']}"
            if charge["status"] in ("cancelled", "refunded"):
                problems.append(f"{who}: the charge of {charge['service_date']} is "
                                f"{charge['status']}")  # fmt: skip
                continue
            off = sum((a.amount for a in posting.adjustments if writes_off(payment, a)), ZERO)
            after = charge["balance"] - posting.paid - off
            if after < 0:
                problems.append(
                    f"{who}: {posting.paid} paid and {off} written off are more than the "
                    f"{charge['balance']} the charge of {charge['service_date']} still owes "
                    "(refund what the patient overpaid first: billing refund)"
                )
            charge["balance"] = after
    return problems


def insert_remittance(cur: Any, remittance: Remittance, name: str, acting: Any) -> Any:
    """The remittance's row; None when its key was posted before."""
    cur.execute(
        named_query("remittances.insert_remittance"),
        {
            "payer_identifier": remittance.key[0],
            "trace_number": remittance.trace_number,
            "payer_name": remittance.payer_name,
            "payment_date": remittance.payment_date,
            "payment_method": remittance.payment_method,
            "total_paid": remittance.total_paid,
            "provider_adjustments": sum((p.amount for p in remittance.provider_adjustments), ZERO),
            "file_name": name,
            "therapist_id": acting,
        },
    )
    row = cur.fetchone()
    return row["id"] if row else None


def post(
    cur: Any,
    remittance: Remittance,
    remittance_id: Any,
    payment: ClaimPayment,
    claim: dict[str, Any],
    postings: list[Posting],
) -> dict[str, Any]:
    """One claim payment onto its charges, its status and history."""
    reference = f"{remittance.payer_name[:30]} {remittance.trace_number} claim " + (
        payment.payer_claim_number or payment.patient_control_number
    )
    for position, posting in enumerate(postings, 1):
        charge_id = posting.line["financial_record_id"]
        cur.execute(
            named_query("remittances.insert_line"),
            {"remittance_id": remittance_id, "claim_id": claim["id"],
             "claim_line_id": posting.line["id"], "financial_record_id": charge_id,
             "status_code": payment.status_code, "charge": posting.charge,
             "paid": posting.paid, "position": position},
        )  # fmt: skip
        line_id = cur.fetchone()["id"]
        money = {"charge_id": charge_id, "remittance_id": remittance_id}
        if posting.paid < 0:
            cur.execute(named_query("remittances.insert_refund"),
                        {**money, "amount": -posting.paid,
                         "reason": f"taken back by the payer ({reference})"})  # fmt: skip
        for adjustment in posting.adjustments:
            if adjustment.amount:
                cur.execute(
                    named_query("remittances.insert_adjustment"),
                    {"remittance_line_id": line_id, "financial_record_id": charge_id,
                     "claim_id": claim["id"], "group_code": adjustment.group,
                     "reason_code": adjustment.reason, "amount": adjustment.amount,
                     "writes_off": writes_off(payment, adjustment)},
                )  # fmt: skip
        if posting.paid > 0:
            cur.execute(named_query("remittances.insert_payment"),
                        {**money, "amount": posting.paid, "reference": reference,
                         "paid_on": remittance.payment_date})  # fmt: skip
    status = claim["status"] if claim["status"] in KEPT else payment.status
    claim["status"] = status
    cur.execute(
        named_query("claims.set_status"),
        {"claim_id": claim["id"], "status": status,
         "payer_claim_number": payment.payer_claim_number or None},
    )  # fmt: skip
    detail = describe(payment)
    claim_drafts.add_event(cur, claim["id"], "835", status, detail,
                           f"835 {remittance.trace_number}")  # fmt: skip
    return {"control_number": payment.patient_control_number, "status": status, "detail": detail}


def describe(payment: ClaimPayment) -> str:
    """The payer's answer in one line: status, amounts, each adjustment and remark."""
    parts = [f"{payment.status_text}: charged {payment.charge}, paid {payment.paid}"]
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for adjustment in payment.all_adjustments:
        totals[f"{adjustment.group}-{adjustment.reason}"] += adjustment.amount
    parts += [f"{code} {amount}" for code, amount in totals.items()]
    remarks = sorted({r for line in payment.lines for r in line.remarks if r})
    if remarks:
        parts.append("remarks " + " ".join(remarks))
    if payment.forwarded:
        parts.append("forwarded by the payer to the next payer")
    return "; ".join(parts)
