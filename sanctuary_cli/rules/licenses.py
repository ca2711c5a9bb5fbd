"""When a clinician's licence needs attention."""

from __future__ import annotations

LICENSE_WARNING_DAYS = 60


def license_alert(days_left: int | None) -> str | None:
    """A warning when the licence has expired or expires within 60 days, else None."""
    if days_left is None:
        return None
    if days_left < 0:
        return f"expired {-days_left} day(s) ago"
    if days_left <= LICENSE_WARNING_DAYS:
        return f"expires in {days_left} day(s)"
    return None
