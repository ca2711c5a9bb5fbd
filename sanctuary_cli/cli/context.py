"""What every command needs: settings and a database connection, opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from sanctuary_cli.store.config import ResolvedSettings
    from sanctuary_cli.store.db import Database


@dataclass
class AppContext:
    """Global options, with settings and connection opened on first use."""

    database_url: str | None = None
    therapist: str | None = None
    debug: bool = False
    allow_insecure: bool = False
    _settings: ResolvedSettings | None = field(default=None, repr=False)
    _db: Database | None = field(default=None, repr=False)

    @property
    def settings(self) -> ResolvedSettings:
        if self._settings is None:
            from sanctuary_cli.store.config import load_settings

            self._settings = load_settings(
                database_url=self.database_url,
                therapist=self.therapist,
                allow_insecure=self.allow_insecure or None,
            )
        return self._settings

    @property
    def tz(self) -> ZoneInfo:
        return self.settings.tz

    def db(self, *, check_schema: bool = True) -> Database:
        if self._db is None:
            from sanctuary_cli.store.db import connect

            self._db = connect(
                self.settings, check_schema=check_schema, ask_password=database_password
            )
        return self._db

    def global_options(self) -> list[str]:
        """The root options this command was given, to pass on to a command run from it."""
        options = []
        if self.database_url:
            options += ["--database-url", self.database_url]
        if self.therapist:
            options += ["--therapist", self.therapist]
        if self.allow_insecure:
            options.append("--allow-insecure")
        if self.debug:
            options.append("--debug")
        return options

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def app_context(ctx: typer.Context) -> AppContext:
    """The AppContext of the root command (created when a sub-app is invoked on its own)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppContext):
        root.obj = AppContext()
        root.call_on_close(root.obj.close)
    return root.obj


def database(ctx: typer.Context) -> Database:
    """The connection of this command (opened, and the schema checked, on first use)."""
    return app_context(ctx).db()


def database_password(where: str) -> str | None:
    """The database password asked on a terminal (stdin and stderr); None off a terminal.

    Here rather than in prompts.py, which every database command would then import.
    """
    import getpass
    import os
    import sys

    if not (sys.stdin.isatty() and sys.stderr.isatty()) or os.environ.get("NO_COLOR"):
        return None
    return getpass.getpass(f"Password for the database at {where}: ")
