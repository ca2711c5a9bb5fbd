"""What every command needs: settings, a database connection, the current clinician."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from sanctuary_cli.config import Settings
    from sanctuary_cli.db import Database


@dataclass
class AppContext:
    """Global options, with settings and connection opened on first use."""

    database_url: str | None = None
    therapist: str | None = None
    debug: bool = False
    allow_insecure: bool = False
    _settings: Settings | None = field(default=None, repr=False)
    _db: Database | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from sanctuary_cli.config import load_settings

            self._settings = load_settings(
                database_url=self.database_url,
                therapist=self.therapist,
                allow_insecure=self.allow_insecure or None,
            )
        return self._settings

    def db(self, *, check_schema: bool = True) -> Database:
        if self._db is None:
            from sanctuary_cli.db import connect

            self._db = connect(self.settings, check_schema=check_schema)
        return self._db

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


def current_therapist(ctx: typer.Context) -> dict[str, Any]:
    """The clinician the command acts for: --therapist / SANCTUARY_THERAPIST, or the only one."""
    from sanctuary_cli.errors import UserError

    app = app_context(ctx)
    chosen = app.settings.therapist
    rows = app.db().all("therapists.resolve_current", ref=chosen)
    if chosen:
        if not rows:
            raise UserError(f"No therapist with email or id {chosen!r}")
        return rows[0]
    if not rows:
        raise UserError(
            "No therapist yet: add one with `sanctuary therapists add` "
            "(or load the demo with `sanctuary db init --demo`)"
        )
    if len(rows) > 1:
        raise UserError(
            "Several therapists: choose one with --therapist EMAIL or SANCTUARY_THERAPIST"
        )
    return rows[0]


def therapist_scope(ctx: typer.Context, all_therapists: bool) -> Any:
    """The acting clinician's id, or None (the whole practice) with --all-therapists."""
    return None if all_therapists else current_therapist(ctx)["id"]
