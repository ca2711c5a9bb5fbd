"""Migrations: in order, once, checksummed, serialized, and as a non-superuser owner."""

from __future__ import annotations

import csv
import io
import shutil
import threading
import uuid

import pytest

from sanctuary_cli.errors import UserError
from sanctuary_cli.store import migrate as migrate_module
from sanctuary_cli.store.config import load_settings
from sanctuary_cli.store.db import connect
from sanctuary_cli.store.migrate import migrate, migration_status, shipped_migrations
from sanctuary_cli.store.paths import sql_dir


@pytest.fixture
def blank_db_url(pg_cluster, monkeypatch):
    """An empty database with no schema at all."""
    name = f"sanctuary_blank_{uuid.uuid4().hex[:12]}"
    pg_cluster.create_database(name)
    url = pg_cluster.url(name)
    monkeypatch.setenv("SANCTUARY_DATABASE_URL", url)
    yield url
    pg_cluster.drop_database(name)


def open_db(url):
    return connect(load_settings(database_url=url), check_schema=False)


def test_migrating_twice_applies_nothing_the_second_time(blank_db_url):
    db = open_db(blank_db_url)
    first = migrate(db)
    assert [m.version for m in first] == [m.version for m in shipped_migrations()]
    assert migrate(db) == []
    assert {s.state for s in migration_status(db)} == {"applied"}
    db.close()


def test_migrations_run_as_a_non_superuser(blank_db_url, pg_cluster):
    db = open_db(blank_db_url)
    migrate(db)
    row = db.one("dbadmin.current_role_attributes")
    if pg_cluster.app_params.get("user") != "postgres":
        assert row["rolsuper"] is False
    db.close()


def test_changed_applied_migration_is_refused(blank_db_url, tmp_path, monkeypatch):
    db = open_db(blank_db_url)
    migrate(db)
    copy = tmp_path / "sql"
    shutil.copytree(sql_dir(), copy)
    first = sorted((copy / "migrations").glob("0001_*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited after release\n")
    monkeypatch.setattr(migrate_module, "sql_dir", lambda: copy)
    assert "changed" in {s.state for s in migration_status(db)}
    with pytest.raises(UserError, match="changed after it was applied"):
        migrate(db)
    db.close()


def test_duplicate_migration_numbers_are_refused(tmp_path, monkeypatch):
    copy = tmp_path / "sql"
    shutil.copytree(sql_dir(), copy)
    (copy / "migrations" / "0001_again.sql").write_text("select 1;")
    monkeypatch.setattr(migrate_module, "sql_dir", lambda: copy)
    with pytest.raises(UserError, match="share the number 0001"):
        shipped_migrations()


def test_two_concurrent_migrations_apply_each_file_once(blank_db_url):
    errors = []

    def run():
        try:
            db = open_db(blank_db_url)
            migrate(db)
            db.close()
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db = open_db(blank_db_url)
    assert len(migration_status(db)) == len(shipped_migrations())
    db.close()


def test_commands_refuse_an_unmigrated_database_with_exit_3(blank_db_url, cli):
    result = cli("appointments", "upcoming")
    assert result.exit_code == 3
    assert "sanctuary db init" in result.stderr


def test_db_status_lists_pending_then_applied(blank_db_url, cli):
    def states():
        result = cli("db", "status", "--csv")
        assert result.exit_code == 0
        return {row["state"] for row in csv.DictReader(io.StringIO(result.stdout))}

    assert states() == {"pending"}
    assert cli("db", "migrate").exit_code == 0
    assert states() == {"applied"}


def test_commands_on_a_database_without_the_schema_say_run_db_init(blank_db_url, cli):
    result = cli("patients", "list")
    assert result.exit_code == 3, result.stderr
    assert result.stderr.strip().splitlines() == [
        "Error: The database has no Sanctuary schema yet; run `sanctuary db init`"
    ]


def test_commands_on_a_schema_behind_the_code_say_run_db_migrate(blank_db_url, cli, monkeypatch):
    shipped = shipped_migrations()
    monkeypatch.setattr(migrate_module, "shipped_migrations", lambda: shipped[:-2])
    migrate(open_db(blank_db_url))
    monkeypatch.setattr(migrate_module, "shipped_migrations", shipped_migrations)
    result = cli("patients", "list")
    assert result.exit_code == 3, result.stderr
    assert "2 migration(s) pending" in result.stderr
    assert "sanctuary db migrate" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_notes_search_migrates_when_the_owner_may_no_longer_act_as_the_search_role(
    blank_db_url, pg_cluster, monkeypatch
):
    # A database restored by a superuser onto a new server: the search role is the
    # superuser's, and the owner (PostgreSQL 16+) may not take its membership. 0126 still
    # applies, its function running under the caller's policies; the search still works.
    from psycopg import sql

    db = open_db(blank_db_url)
    shipped = shipped_migrations()
    monkeypatch.setattr(
        migrate_module, "shipped_migrations", lambda: [m for m in shipped if m.version < 126]
    )
    migrate(db)
    monkeypatch.setattr(migrate_module, "shipped_migrations", shipped_migrations)
    owner = pg_cluster.app_params["user"]
    with pg_cluster.admin() as admin:
        memberships = admin.execute(
            "select grantor::regrole::text, admin_option, inherit_option, set_option"
            " from pg_auth_members where roleid = 'sanctuary_search'::regrole"
            " and member = %s::regrole",
            (owner,),
        ).fetchall()
        admin.execute(
            sql.SQL("revoke sanctuary_search from {} cascade").format(sql.Identifier(owner))
        )
    try:
        applied = migrate(db)
    finally:
        with pg_cluster.admin() as admin:
            for _grantor, admin_option, inherit, set_ in memberships:
                admin.execute(
                    sql.SQL(
                        "grant sanctuary_search to {} with admin {}, inherit {}, set {}"
                    ).format(
                        sql.Identifier(owner),
                        *(sql.SQL(str(v).lower()) for v in (admin_option, inherit, set_)),
                    )
                )
    assert 126 in [m.version for m in applied]
    owners = db.conn.execute(
        "select pronargs, proowner::regrole::text, prosecdef from pg_proc"
        " where proname = 'sanctuary_note_matches' order by pronargs"
    ).fetchall()
    assert owners == [(4, "sanctuary_search", True), (7, owner, False)]
    found = db.conn.execute(
        "select count(*) from sanctuary_note_matches(plainto_tsquery('english', 'x'),"
        " gen_random_uuid(), true, 50, 500, null, null)"
    ).fetchone()[0]
    assert found == 0
