"""Looking after the database itself: set it up, say where it is and as whom, start and stop
the embedded server, open psql."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.store import embedded
from sanctuary_cli.store.config import mask_url
from sanctuary_cli.store.db import Database, describe_target, require_secure_transport
from sanctuary_cli.store.migrate import Migration, migrate, migration_status

if TYPE_CHECKING:
    from sanctuary_cli.store.config import ResolvedSettings


@dataclass(frozen=True)
class DatabaseStatus:
    """Where the database is, the role connected, and the state of every migration."""

    where: str  # the URL, password masked, or "embedded"
    role: str
    superuser: bool  # reads past row-level security
    migrations: list[dict[str, Any]]  # version, name, state, applied_at


@dataclass(frozen=True)
class InitResult:
    """What `db init` did: the migrations applied, and the demo practice."""

    applied: list[Migration]
    demo_loaded: bool  # False with --demo when the demo practice was already there


def init_database(
    settings: ResolvedSettings, open_db: Callable[[], Database], *, demo: bool = False
) -> InitResult:
    """Create the embedded cluster when no URL is set, apply every pending migration, and load
    the demo practice when asked (unless it is already there).

    open_db opens the connection (the command's, so it is closed with the command) once the
    cluster exists.
    """
    if not settings.database_url:
        embedded.bootstrap(embedded.ensure_server(settings.data_dir))
    db = open_db()
    applied = migrate(db)
    loaded = False
    if demo:
        from sanctuary_cli.store.demo import load_demo

        loaded = load_demo(db)
    return InitResult(applied, loaded)


def database_status(db: Database) -> DatabaseStatus:
    url = db.settings.database_url
    role = db.one("dbadmin.current_role_attributes") or {}
    return DatabaseStatus(
        where=mask_url(url) if url else "embedded",
        role=str(role.get("rolname", "")),
        superuser=bool(role.get("rolsuper")),
        migrations=[vars(state) for state in migration_status(db)],
    )


def start_embedded(settings: ResolvedSettings) -> embedded.Server:
    """Start the embedded server (or find it running)."""
    _require_embedded(settings)
    return embedded.ensure_server(settings.data_dir)


def stop_embedded(settings: ResolvedSettings) -> bool:
    """Stop the embedded server; False when it was not running."""
    _require_embedded(settings)
    return embedded.stop_server(settings.data_dir)


def database_url(settings: ResolvedSettings) -> str:
    """The URL of the database, password masked (the embedded server's, starting it)."""
    if settings.database_url:
        return mask_url(settings.database_url)
    server = embedded.ensure_server(settings.data_dir)
    return (
        f"postgresql://{embedded.OWNER_ROLE}@/{embedded.DATABASE}"
        f"?host={server.socket_dir}&port={server.port}"
    )


def run_psql(settings: ResolvedSettings) -> int:
    """Run psql on the database (the system's psql when there is one); its exit code.

    The password goes to psql in PGPASSWORD, never on its command line.
    """
    import os
    import shutil
    import subprocess

    import psycopg

    conninfo, _ = describe_target(settings)
    require_secure_transport(conninfo, settings)
    params = psycopg.conninfo.conninfo_to_dict(conninfo)
    env = dict(os.environ)
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = str(password)
    psql = shutil.which("psql") or str(embedded.bin_path("psql"))
    return subprocess.call([psql, psycopg.conninfo.make_conninfo(**params)], env=env)


def _require_embedded(settings: ResolvedSettings) -> None:
    if settings.database_url:
        raise UserError("A database URL is set; the embedded server is not in use")
