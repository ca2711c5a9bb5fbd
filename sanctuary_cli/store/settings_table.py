"""Every setting, declared once (docs/SPEC.md section 1): name, type, default, limits, and
where its sources live (the environment, .env, config.toml).

Both readers of the settings work from SETTINGS: the fast path (store/settings_fast.py) and
the pydantic-settings model (store/settings_model.py). To add a setting: one Setting(...) row
below and one commented line in .env.example.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

APP_NAME = "sanctuary"
ENV_PREFIX = "SANCTUARY_"
ENV_FILE = ".env"


def config_file() -> Path:
    """config.toml in the platformdirs user config dir."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME))


def system_timezone() -> str:
    """The machine's IANA zone name, or UTC when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    try:
        link = os.readlink("/etc/localtime")
        candidates.append(link.split("zoneinfo/", 1)[-1])
    except OSError:
        pass
    for name in candidates:
        if name and is_zone(name):
            return name
    return "UTC"


def is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Setting:
    """One setting: its name, type, default and limits. The env var is SANCTUARY_<NAME>."""

    name: str
    type: type
    default: Any = None
    factory: Any = None  # a callable giving the default, instead of `default`
    optional: bool = False  # None allowed (and the default)
    aliases: tuple[str, ...] = ()  # env var names read instead of SANCTUARY_<NAME>, in order
    ge: float | None = None
    le: float | None = None
    decimal_places: int | None = None
    doc: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        str,
        optional=True,
        aliases=("SANCTUARY_DATABASE_URL", "DATABASE_URL"),
        doc="libpq URL of the database; unset = the embedded server.",
    ),
    Setting(
        "data_dir",
        Path,
        factory=default_data_dir,
        doc="Where the embedded server keeps its cluster.",
    ),
    Setting("timezone", str, factory=system_timezone, doc="The practice's IANA time zone."),
    Setting(
        "therapist",
        str,
        optional=True,
        doc="Email or id of the clinician the commands act for.",
    ),
    Setting("currency", str, default="USD", doc="Currency shown beside amounts."),
    # Connections (docs/remote.md): clear-text to a non-local host only when this is true.
    Setting("allow_insecure", bool, default=False, doc="Allow a non-TLS remote connection."),
    Setting(
        "connect_retry_seconds",
        float,
        default=15.0,
        ge=0,
        le=600,
        doc="How long to retry connecting to a server that is starting.",
    ),
    # A role that reads past row-level security, for `db backup` / `db restore`.
    Setting(
        "backup_database_url",
        str,
        optional=True,
        doc="URL of a role that reads past row-level security, for backup and restore.",
    ),
    # Backups are age-encrypted (store/sealing.py): with this passphrase unless --recipient
    # keys are given. Never shown.
    Setting(
        "backup_passphrase",
        str,
        optional=True,
        doc="Passphrase that encrypts `db backup` and opens `db restore` (never shown).",
    ),
    # Fees for missed sessions (appointments cancel --late-fee / no-show --fee); fee-exempt
    # patients are never charged. A cancellation is late within late_cancel_hours of the start.
    Setting(
        "no_show_fee",
        Decimal,
        default=Decimal("100.00"),
        ge=0,
        decimal_places=2,
        doc="Fee charged by `appointments no-show --fee`.",
    ),
    Setting(
        "late_cancel_fee",
        Decimal,
        default=Decimal("75.00"),
        ge=0,
        decimal_places=2,
        doc="Fee charged by `appointments cancel --late-fee`.",
    ),
    Setting(
        "late_cancel_hours",
        int,
        default=24,
        ge=0,
        le=24 * 14,
        doc="A cancellation this close to the start is late.",
    ),
    # Record retention (docs/SPEC.md section 5; `report retention`): records are kept this many
    # years after the last service, and a minor's until this many years past majority if later.
    Setting("retention_years", int, default=7, ge=1, le=100, doc="Years kept after last service."),
    Setting("age_of_majority", int, default=18, ge=14, le=25, doc="Age of majority (retention)."),
    Setting(
        "retention_years_past_majority",
        int,
        default=3,
        ge=0,
        le=50,
        doc="A minor's records are kept this many years past majority.",
    ),
    # Reminders and calendar sync (docs/reminders.md): the mail server, the sender, and the
    # CalDAV calendar. TLS to any host but this machine; the passwords are never shown.
    Setting("smtp_url", str, optional=True, doc="smtp[s]://user@host:port for reminders."),
    Setting("smtp_password", str, optional=True, doc="The SMTP password (never shown)."),
    Setting("reminder_from", str, optional=True, doc="The sender of reminder emails."),
    Setting("caldav_url", str, optional=True, doc="The CalDAV calendar `calendar sync` fills."),
    Setting("caldav_user", str, optional=True, doc="The CalDAV account's user name."),
    Setting("caldav_password", str, optional=True, doc="The CalDAV password (never shown)."),
)
# Text settings where blank means "not set".
BLANK_IS_UNSET = ("database_url", "therapist", "backup_passphrase")
BLANK_IS_UNSET += (
    "smtp_url", "smtp_password", "reminder_from", "caldav_url", "caldav_user", "caldav_password",
)  # fmt: skip
