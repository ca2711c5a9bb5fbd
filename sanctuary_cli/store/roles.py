"""Cluster roles: the clinician and billing groups, and clinicians' login roles.

Roles belong to the cluster, not the database, so a restore into another cluster brings the
therapists rows that name login roles (therapists.db_role) but not the roles themselves.
"""

from __future__ import annotations

import secrets

import psycopg
from psycopg import sql

CLINICIAN_GROUP = "sanctuary_clinician"
BILLING_GROUP = "sanctuary_billing"
# Owns the search functions of migration 0122 (docs/security.md, "Searches through the search
# role"); a dump names it as their owner and in grants, so a fresh cluster needs it before a
# restore. Nobody is ever a member.
SEARCH_ROLE = "sanctuary_search"
PASSWORD_BYTES = 18  # 24 URL-safe characters, about 144 bits


def generate_password() -> str:
    """A random password for a login role (shown once)."""
    return secrets.token_urlsafe(PASSWORD_BYTES)


def scram_verifier(conn: psycopg.Connection, role: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier libpq computes (with SASLprep), as psql's \\password does.

    Only the verifier goes to the server, so the password never appears in a statement, a
    server log or pg_stat_activity.
    """
    encrypted = conn.pgconn.encrypt_password(
        password.encode("utf-8"), role.encode("utf-8"), b"scram-sha-256"
    )
    return encrypted.decode("ascii")


def create_login(conn: psycopg.Connection, role: str, password: str) -> None:
    """CREATE ROLE role LOGIN, a member of the clinician group, with the password's verifier."""
    conn.execute(
        sql.SQL("create role {} login password {} in role {}").format(
            sql.Identifier(role),
            sql.Literal(scram_verifier(conn, role, password)),
            sql.Identifier(CLINICIAN_GROUP),
        )
    )


def role_exists(conn: psycopg.Connection, role: str) -> bool:
    return conn.execute("select to_regrole(%s) is not null", (role,)).fetchone()[0]


def can_create_roles(conn: psycopg.Connection) -> bool:
    return conn.execute(
        "select rolcreaterole or rolsuper from pg_roles where rolname = current_user"
    ).fetchone()[0]


def ensure_group_roles(conn: psycopg.Connection) -> None:
    """The roles the schema's grants and owners name, created when missing and allowed."""
    if not can_create_roles(conn):
        return
    for group in (CLINICIAN_GROUP, BILLING_GROUP):
        if not role_exists(conn, group):
            conn.execute(sql.SQL("create role {} nologin").format(sql.Identifier(group)))
    if not role_exists(conn, SEARCH_ROLE):
        conn.execute(
            sql.SQL("create role {} nologin noinherit").format(sql.Identifier(SEARCH_ROLE))
        )


def restore_login_roles(
    conn: psycopg.Connection,
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """After a restore: each login role the therapists name that the cluster lacks is created
    with a new password (returned, to be shown once), or listed as missing when this role may
    not create roles. Returns (recreated [(role, email, password)], missing [(role, email)])."""
    named = conn.execute(
        "select db_role, email from therapists where db_role is not null order by email"
    ).fetchall()
    absent = [(role, email) for role, email in named if not role_exists(conn, role)]
    if not absent or not can_create_roles(conn) or not role_exists(conn, CLINICIAN_GROUP):
        return [], absent
    recreated = []
    for role, email in absent:
        password = generate_password()
        create_login(conn, role, password)
        recreated.append((role, email, password))
    return recreated, []
