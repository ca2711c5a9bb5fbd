"""The missed-appointment fee policy: a late cancellation or a no-show, and what it costs.

The amounts and the late-cancellation window are settings (SANCTUARY_LATE_CANCEL_HOURS,
SANCTUARY_LATE_CANCEL_FEE, SANCTUARY_NO_SHOW_FEE); docs/appointments.md describes the policy.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

# The record types are the database's (financial_record_type_enum); a person reads the no-show
# fee as "no-show fee", never as "late-fee".
NO_SHOW_FEE_TYPE = "late-fee"
LATE_CANCEL_FEE_TYPE = "cancellation-fee"
FEE_TYPES = (LATE_CANCEL_FEE_TYPE, NO_SHOW_FEE_TYPE)
FEE_NAMES = {NO_SHOW_FEE_TYPE: "no-show fee", LATE_CANCEL_FEE_TYPE: "cancellation-fee"}
FEE_DESCRIPTIONS = {NO_SHOW_FEE_TYPE: "No-show fee", LATE_CANCEL_FEE_TYPE: "Late cancellation fee"}


def fee_name(record_type: str) -> str:
    """How a message names a charge of this record type."""
    return FEE_NAMES.get(record_type, record_type)


def fee_policy(
    appointment: dict[str, Any], status: str, now: datetime, charge: bool, settings: Any
) -> tuple[dict[str, Any] | None, str | None]:
    """The fee to charge (record type, amount, description) and a remark for the person.

    appointment needs starts_at and fee_exempt; settings late_cancel_hours, late_cancel_fee and
    no_show_fee."""
    if status == "cancelled":
        late = is_late_cancellation(appointment["starts_at"], now, settings.late_cancel_hours)
        if not charge:
            if late and not appointment["fee_exempt"]:
                return None, "Late cancellation (add --late-fee to charge the fee)"
            return None, None
        if not late:
            return None, (
                f"Not a late cancellation (more than {settings.late_cancel_hours} hours' "
                "notice), so no fee was charged"
            )
        kind, amount = LATE_CANCEL_FEE_TYPE, settings.late_cancel_fee
    elif status == "no-show" and charge:
        kind, amount = NO_SHOW_FEE_TYPE, settings.no_show_fee
    else:
        return None, None
    if appointment["fee_exempt"]:
        return None, "The patient is fee-exempt, so no fee was charged"
    description = FEE_DESCRIPTIONS[kind]
    if amount <= 0:
        return None, f"The {description.lower()} is set to 0, so no fee was charged"
    return {"record_type": kind, "amount": amount, "description": description}, None


def is_late_cancellation(starts_at: datetime, now: datetime, hours: int) -> bool:
    """Cancelled less than `hours` before the start (or after it)."""
    return starts_at - now < timedelta(hours=hours)
