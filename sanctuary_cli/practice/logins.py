"""Database login roles for clinicians (row-level security keys on them; docs/security.md)."""

from __future__ import annotations

import re
import secrets
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.db import Database
from sanctuary_cli.store.roles import (
    BILLING_GROUP,
    CLINICIAN_GROUP,
    create_login,
    generate_password,
)

__all__ = ["BILLING_GROUP", "add_login", "create_login_role", "generate_password"]


def create_login_role(db: Database, therapist_id: Any, password: str) -> str:
    """Create the therapist's own login role (member of sanctuary_clinician); returns its name.

    The password goes to the server only as a SCRAM-SHA-256 verifier (store/roles.py).
    """
    if len(password) < 12:
        raise UserError("A database password needs at least 12 characters")
    with db.transaction() as cur:
        cur.execute(
            "select id, email, db_role from therapists where id = %s for update", (therapist_id,)
        )
        therapist = cur.fetchone()
        if therapist is None:
            raise UserError("No such therapist")
        if therapist["db_role"]:
            raise UserError(f"This therapist already has the login role {therapist['db_role']}")
        cur.execute("select to_regrole(%s) is not null as present", (CLINICIAN_GROUP,))
        if not cur.fetchone()["present"]:
            raise UserError(
                f"The role {CLINICIAN_GROUP} is missing: migrations ran without CREATEROLE"
            )
        role = login_role_name(therapist["email"])
        create_login(db.conn, role, password)
        cur.execute("update therapists set db_role = %s where id = %s", (role, therapist["id"]))
    return role


def add_login(db: Database, therapist_id: Any, password: str | None = None) -> str:
    """Give a therapist their login role (`therapists add --login`); returns what to tell them.

    With no password (none typed, or no terminal to type it on) a random one is generated and
    shown once.
    """
    generated = password is None
    role = create_login_role(db, therapist_id, password or (password := generate_password()))
    shown = f"password {password} (shown once; store it now)" if generated else "your password"
    return (
        f"Database login: role {role}, {shown}. Connect as it (SCRAM over TLS) with "
        "SANCTUARY_THERAPIST set to this therapist's email."
    )


def login_role_name(email: str) -> str:
    """sanctuary_<email local part>_<random>: readable in the audit log, unique in the cluster.

    Roles are cluster-wide and several databases (or a restored copy) may hold the same
    therapist, so a random suffix keeps names apart.
    """
    local = re.sub(r"[^a-z0-9]+", "_", email.split("@", 1)[0].lower()).strip("_")[:24]
    return f"sanctuary_{local or 'clinician'}_{secrets.token_hex(3)}"
