"""The PostgreSQL client programs (pg_dump, pg_restore, psql) and the role they run as for
backups and restores: one that reads past row-level security (the embedded cluster's
superuser, or SANCTUARY_BACKUP_DATABASE_URL for a remote server)."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import psycopg

from sanctuary_cli.errors import DatabaseUnavailable, UserError
from sanctuary_cli.store.config import mask_url
from sanctuary_cli.store.db import connection_failure_cause, named_query, require_secure_transport

if TYPE_CHECKING:  # the model would import pydantic-settings; any settings object will do
    from sanctuary_cli.store.config import ResolvedSettings as Settings


@dataclass(frozen=True)
class Target:
    """A libpq conninfo without password, the environment carrying the password, a label."""

    conninfo: str
    env: dict[str, str]
    where: str

    def params(self) -> dict[str, Any]:
        return psycopg.conninfo.conninfo_to_dict(self.conninfo)

    def with_dbname(self, dbname: str) -> Target:
        return Target(
            psycopg.conninfo.make_conninfo(**{**self.params(), "dbname": dbname}),
            self.env,
            self.where,
        )

    def connect(self) -> psycopg.Connection:
        password = self.env.get("PGPASSWORD")
        extra = {"password": password} if password else {}
        try:
            return psycopg.connect(
                self.conninfo, prepare_threshold=None, connect_timeout=10, **extra
            )
        except psycopg.OperationalError as exc:
            raise DatabaseUnavailable(
                f"Cannot connect to the database at {self.where}: {connection_failure_cause(exc)}"
            ) from None


def backup_target(settings: Settings) -> Target:
    """Where backups read from and restores write to (a role that bypasses RLS)."""
    from sanctuary_cli.store import embedded

    url = settings.backup_database_url or settings.database_url
    if url:
        require_secure_transport(url, settings)
        try:
            params = psycopg.conninfo.conninfo_to_dict(url)
        except psycopg.ProgrammingError:
            raise DatabaseUnavailable(f"Invalid database URL: {mask_url(url)}") from None
        where = str(params.get("host") or "localhost")
    else:
        server = embedded.ensure_server(settings.data_dir)
        params = psycopg.conninfo.conninfo_to_dict(
            server.conninfo(embedded.SUPERUSER, embedded.DATABASE)
        )
        where = f"the embedded server in {embedded.pgdata_dir(settings.data_dir)}"
    env = dict(os.environ)
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = str(password)
    return Target(psycopg.conninfo.make_conninfo(**params), env, where)


def role_attributes(conn: psycopg.Connection) -> dict[str, bool]:
    """superuser / bypasses_rls / can_create_db of the connected role."""
    from psycopg.rows import dict_row

    with conn.cursor(row_factory=dict_row) as cur:
        row = cur.execute(named_query("backup.role_can_read_everything")).fetchone()
    return row or {"superuser": False, "bypasses_rls": False, "can_create_db": False}


def rls_hint(message: str) -> str:
    return (
        f"{message}; set SANCTUARY_BACKUP_DATABASE_URL to a superuser or BYPASSRLS role"
        if "row-level security" in message
        else message
    )


@cache
def tools_major() -> int:
    """Major version of the bundled pg_dump/pg_restore."""
    from sanctuary_cli.store import embedded

    done = subprocess.run(
        [str(embedded.bin_path("pg_restore")), "--version"], capture_output=True, text=True
    )
    match = re.search(r"(\d+)(?:\.\d+)?", done.stdout)
    return int(match.group(1)) if match else 0


def run_tool(program: str, args: list[str], target: Target, failure: str) -> None:
    tool_output(program, args, target, failure)


def tool_output(
    program: str, args: list[str], target: Target, failure: str, *, stdin: bytes | None = None
) -> bytes:
    """Run a bundled client program (feeding it `stdin`); its stdout, or a UserError with the
    first line it printed on stderr, password masked."""
    from sanctuary_cli.store import embedded

    done = subprocess.run(
        [str(embedded.bin_path(program)), *args],
        env=target.env,
        capture_output=True,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace")
        lines = [line for line in stderr.splitlines() if line.strip()]
        detail = mask_url(lines[0]) if lines else "no output"
        detail = detail.removeprefix(f"{program}: ").removeprefix("error: ")
        raise UserError(f"{failure}: {rls_hint(detail)}")
    return done.stdout
