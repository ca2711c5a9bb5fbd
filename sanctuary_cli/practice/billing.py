"""Payments and refunds, the listings of balances, and the billing settings.

Functions take the database and plain values, resolve the charge and the acting clinician
themselves, and return rows; none prints. Making a charge is practice/charges.py's. What a
refund does to a charge is docs/billing.md, "Refunds".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.refs import resolve_by_id
from sanctuary_cli.rules import aging, parsers
from sanctuary_cli.store.db import Database, named_query

PAYMENT_METHODS = ("cash", "card", "check", "insurance", "transfer", "other")


def record_payment(
    db: Database,
    ref: str,
    amount: str | Decimal,
    method: str = "other",
    reference: str | None = None,
) -> dict[str, Any]:
    """Pay part or all of what a charge still owes (amount as typed, or a Decimal); the charge
    row is locked so no payment is lost or doubled."""
    amount = parsers.parse_money(str(amount))
    method = choice(method, PAYMENT_METHODS, "--method")
    charge_id = resolve_by_id(db, "financial_records", ref, "charge")["id"]
    with db.transaction() as cur:
        charge = locked_charge(cur, charge_id)
        if charge["status"] in ("cancelled", "refunded"):
            raise UserError(f"This charge is {charge['status']}; it takes no payments")
        balance = charge["balance"]
        if balance <= 0:
            raise UserError("This charge is already paid in full")
        if amount > balance:
            raise UserError(f"Payment of {amount:.2f} is more than the balance of {balance:.2f}")
        cur.execute(
            named_query("billing.insert_payment"),
            {"charge_id": charge_id, "amount": amount, "method": method, "reference": reference},
        )
        cur.execute(named_query("billing.charge"), {"charge_id": charge_id})
        return cur.fetchone()


def locked_charge(cur: Any, charge_id: Any) -> dict[str, Any]:
    """The charge with its totals (billing.charge), its row locked until the transaction ends.

    The totals are read after the lock is held, so they include a payment or refund made by a
    transaction the lock waited for."""
    cur.execute(named_query("billing.lock_charge"), {"charge_id": charge_id})
    cur.execute(named_query("billing.charge"), {"charge_id": charge_id})
    return cur.fetchone()


@dataclass
class Refund:
    """A refund done: the charge row after it (with `refunded`, this refund's amount) and
    whether the money returned is owed again."""

    charge: dict[str, Any]
    owed_again: Decimal = Decimal("0.00")


def refund_charge(
    db: Database,
    ref: str,
    amount: str | Decimal | None = None,
    reason: str | None = None,
    *,
    adjust: bool = False,
) -> Refund:
    """Return money paid on a charge.

    Without an amount, the charge is refunded as a whole: what was paid and not yet refunded
    goes back, and the charge is marked refunded (nothing more owed, no more payments). With
    an amount (at most what was paid and not yet refunded), the charge stays open and the money
    returned is owed again, unless `adjust` also takes it off what the charge asks (a goodwill
    refund: the balance stays). Refunding everything paid on a charge that then owes nothing
    marks it refunded too."""
    value = None if amount is None else parsers.parse_money(str(amount))
    if adjust and value is None:
        raise UserError("--adjust goes with an AMOUNT: a whole refund already leaves nothing owed")
    charge_id = resolve_by_id(db, "financial_records", ref, "charge")["id"]
    with db.transaction() as cur:
        charge = locked_charge(cur, charge_id)
        if charge["status"] in ("cancelled", "refunded"):
            raise UserError(f"This charge is already {charge['status']}")
        refundable = charge["amount_paid"]  # paid and not yet refunded
        if charge["payments_total"] <= 0:
            raise UserError("Nothing has been paid on this charge, so there is nothing to refund")
        if value is not None and refundable <= 0:
            raise UserError("Everything paid on this charge has been refunded already")
        if value is not None and value > refundable:
            raise UserError(
                f"A refund of {value:.2f} is more than the {refundable:.2f} paid and not yet "
                "refunded"
            )
        returned = refundable if value is None else value
        if returned > 0:
            cur.execute(
                named_query("billing.insert_refund"),
                {
                    "charge_id": charge_id,
                    "amount": returned,
                    "reason": reason,
                    "adjusts_charge": adjust,
                },
            )
        cur.execute(named_query("billing.charge"), {"charge_id": charge_id})
        after = cur.fetchone()
        whole = value is None or (after["amount_paid"] <= 0 and after["balance"] <= 0)
        if whole:
            cur.execute(named_query("billing.mark_refunded"), {"charge_id": charge_id})
            cur.execute(named_query("billing.charge"), {"charge_id": charge_id})
            after = cur.fetchone()
        after["refunded"] = returned
        return Refund(after, Decimal("0.00") if whole or adjust else returned)


def overdue_charges(db: Database, *, all_therapists: bool = False) -> list[dict[str, Any]]:
    """Charges past due with a balance, most days overdue first, with their aging bucket."""
    rows = db.all("billing.overdue", therapist_id=clinician.scope(db, all_therapists))
    for row in rows:
        row["aging_bucket"] = aging.aging_bucket(row["days_overdue"])
    return rows


def billing_summary(db: Database, *, all_therapists: bool = False) -> list[dict[str, Any]]:
    """Billed, insurance share, patient share, paid and open balance per patient."""
    return db.all("billing.summary", therapist_id=clinician.scope(db, all_therapists))


def aging_totals(db: Database, *, all_therapists: bool = False) -> list[dict[str, Any]]:
    """Open balances per patient by age (current, 1-30, 31-60, 61-90, over 90 days past due),
    then a row for all patients."""
    therapist_id = clinician.scope(db, all_therapists)
    return aging.aging_totals(db.all("billing.open_balances", therapist_id=therapist_id))


def billing_settings(db: Database, **changes: Any) -> dict[str, Any]:
    """The practice billing settings, after applying any changes given (None keeps a value)."""
    if any(value is not None for value in changes.values()):
        params = {"require_signed_note": None, "default_due_days": None, **changes}
        return db.one("billing.update_settings", **params)
    return db.one("billing.settings")


def choice(text: str, choices: tuple[str, ...], option: str) -> str:
    """One of `choices` (any case); blank is refused too, as these options have defaults."""
    value = parsers.parse_choice(text, choices, what=option)
    if value is None:
        raise UserError(f"{option} must be one of {', '.join(choices)}")
    return value
