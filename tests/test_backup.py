"""`db backup [--verify]` and `db restore [--force]`: every row, verified, never half-restored."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.digests import TableDigest, compare_digests, table_digests


def superuser_url(pg_cluster, app_url: str) -> str:
    """The cluster superuser on the same database: the role backups run as."""
    dbname = psycopg.conninfo.conninfo_to_dict(app_url)["dbname"]
    return psycopg.conninfo.make_conninfo(**{**pg_cluster.admin_params, "dbname": dbname})


def digests(url: str) -> dict[str, tuple[int, str]]:
    with psycopg.connect(url) as conn:
        rows = {t.table: (t.row_count, t.digest) for t in table_digests(conn)}
        conn.rollback()
    return rows


PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def backup_passphrase(monkeypatch) -> str:
    """Backups are encrypted; these tests seal and open them with one passphrase."""
    monkeypatch.setenv("SANCTUARY_BACKUP_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


@pytest.fixture
def backup_env(pg_cluster, demo_db_url, monkeypatch) -> str:
    url = superuser_url(pg_cluster, demo_db_url)
    monkeypatch.setenv("SANCTUARY_BACKUP_DATABASE_URL", url)
    return url


@pytest.fixture
def blank_database(pg_cluster) -> Iterator[str]:
    """A new database with no schema at all, owned by the application's owner role."""
    name = f"sanctuary_blank_{uuid.uuid4().hex[:10]}"
    pg_cluster.create_database(name)
    try:
        yield name
    finally:
        pg_cluster.drop_database(name)


def test_backup_verify_restores_a_scratch_copy_and_compares_every_table(cli, backup_env, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dump = out / "practice.dump"

    result = cli("db", "backup", str(dump), "--verify")

    assert result.exit_code == 0, result.stderr
    assert dump.stat().st_size > 0
    assert "Verified" in result.stderr and "every table match" in result.stderr
    assert list(out.iterdir()) == [dump]  # no partial file left behind
    tables = digests(backup_env)
    assert tables["public.patients"][0] == 3
    assert tables["public.mood_entries"][0] == 15


def test_verify_leaves_no_scratch_database(cli, backup_env, pg_cluster, tmp_path):
    cli("db", "backup", str(tmp_path / "a.dump"), "--verify")

    with pg_cluster.admin() as conn:
        left = conn.execute(
            "select count(*) from pg_database where datname like 'sanctuary_verify_%%'"
        ).fetchone()[0]
    assert left == 0


def test_backup_as_a_role_subject_to_row_level_security_is_refused(cli, demo_db_url, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dump = out / "practice.dump"

    result = cli("db", "backup", str(dump))

    assert result.exit_code == 1
    assert "row-level security" in result.stderr
    assert "SANCTUARY_BACKUP_DATABASE_URL" in result.stderr
    assert list(out.iterdir()) == []


def test_restore_refuses_a_database_holding_data_without_force(cli, backup_env, tmp_path):
    dump = tmp_path / "practice.dump"
    assert cli("db", "backup", str(dump)).exit_code == 0
    before = digests(backup_env)

    result = cli("db", "restore", str(dump))

    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: The database is not empty; use --force to replace its contents"
    )
    assert digests(backup_env) == before


def test_restore_with_force_brings_back_the_backed_up_rows(cli, backup_env, tmp_path):
    dump = tmp_path / "practice.dump"
    assert cli("db", "backup", str(dump)).exit_code == 0
    before = digests(backup_env)
    with psycopg.connect(backup_env, autocommit=True) as conn:
        conn.execute("delete from mood_entries")
        conn.execute("update patients set preferred_name = 'changed'")
    assert digests(backup_env) != before

    result = cli("db", "restore", str(dump), "--force")

    assert result.exit_code == 0, result.stderr
    assert digests(backup_env) == before


def test_restore_into_a_new_database_gives_a_working_practice(
    cli, backup_env, pg_cluster, blank_database, tmp_path, monkeypatch
):
    dump = tmp_path / "practice.dump"
    assert cli("db", "backup", str(dump)).exit_code == 0
    before = digests(backup_env)
    target = psycopg.conninfo.make_conninfo(**{**pg_cluster.admin_params, "dbname": blank_database})
    monkeypatch.setenv("SANCTUARY_BACKUP_DATABASE_URL", target)
    monkeypatch.setenv("SANCTUARY_DATABASE_URL", pg_cluster.url(blank_database))

    restored = cli("db", "restore", str(dump))
    upcoming = cli("appointments", "upcoming", "--csv")

    assert restored.exit_code == 0, restored.stderr
    assert digests(target) == before
    assert upcoming.exit_code == 0, upcoming.stderr  # the owner role and grants came back
    assert len(upcoming.stdout.strip().splitlines()) == 4


def test_restore_onto_a_migrated_but_empty_database_needs_no_force(
    cli, pg_cluster, demo_db_url, empty_db_url, tmp_path, monkeypatch
):
    source = superuser_url(pg_cluster, demo_db_url)
    dump = tmp_path / "practice.dump"
    monkeypatch.setenv("SANCTUARY_BACKUP_DATABASE_URL", source)
    assert cli("db", "backup", str(dump)).exit_code == 0
    target = superuser_url(pg_cluster, empty_db_url)
    monkeypatch.setenv("SANCTUARY_BACKUP_DATABASE_URL", target)

    result = cli("db", "restore", str(dump))

    assert result.exit_code == 0, result.stderr
    assert digests(target) == digests(source)


def test_restore_of_a_damaged_file_changes_nothing(cli, backup_env, tmp_path):
    dump = tmp_path / "practice.dump"
    assert cli("db", "backup", str(dump)).exit_code == 0
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    before = digests(backup_env)

    result = cli("db", "restore", str(damaged), "--force")

    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert digests(backup_env) == before


@pytest.mark.parametrize("name", ["missing.dump", "not-a-dump.txt"])
def test_restore_of_a_missing_or_foreign_file_is_one_clear_line(cli, backup_env, tmp_path, name):
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("hello\n")
    before = digests(backup_env)

    result = cli("db", "restore", str(path), "--force")

    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert digests(backup_env) == before


def test_a_backup_into_a_missing_directory_fails_cleanly(cli, backup_env, tmp_path):
    result = cli("db", "backup", str(tmp_path / "no" / "such" / "dir" / "x.dump"))

    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1


def test_compare_digests_names_the_table_that_differs():
    expected = [TableDigest("public.patients", 3, "abc"), TableDigest("public.notes", 2, "d")]

    with pytest.raises(UserError, match="public.patients has 3 rows in the database and 2"):
        compare_digests(expected, {"public.patients": TableDigest("public.patients", 2, "abc")})
    with pytest.raises(UserError, match="content of table public.notes differs"):
        compare_digests(
            expected,
            {
                "public.patients": expected[0],
                "public.notes": TableDigest("public.notes", 2, "e"),
            },
        )
    with pytest.raises(UserError, match="table public.notes is missing"):
        compare_digests(expected, {"public.patients": expected[0]})


def test_digests_see_a_single_changed_value(pg_cluster, demo_db_url):
    url = superuser_url(pg_cluster, demo_db_url)
    before = digests(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("update mood_entries set rating = rating where false")
        )  # a no-op keeps the digest
        assert digests(url) == before
        conn.execute(
            "update mood_entries set rating = case when rating = 1 then 2 else rating - 1 end"
            " where id = (select min(id::text)::uuid from mood_entries)"
        )
    after = digests(url)
    assert after["public.mood_entries"][0] == before["public.mood_entries"][0]
    assert after["public.mood_entries"][1] != before["public.mood_entries"][1]


def test_backup_of_the_embedded_server_runs_as_its_superuser_and_verifies(run_cli, tmp_path):
    """No URL: the embedded cluster's superuser reads past row-level security."""
    dump = tmp_path / "embedded.dump"
    try:
        init = run_cli("db", "init", "--demo", timeout=180)
        assert init.returncode == 0, init.stderr

        backup = run_cli("db", "backup", str(dump), "--verify", timeout=180)
        refused = run_cli("db", "restore", str(dump))
        forced = run_cli("db", "restore", str(dump), "--force")
        upcoming = run_cli("appointments", "upcoming", "--csv")
    finally:
        run_cli("db", "stop")

    assert backup.returncode == 0, backup.stderr
    assert "every table match" in backup.stderr
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert forced.returncode == 0, forced.stderr
    assert len(upcoming.stdout.strip().splitlines()) == 4


def test_the_embedded_cluster_keeps_data_checksums(pg_cluster):
    with pg_cluster.admin() as conn:
        assert conn.execute("show data_checksums").fetchone()[0] == "on"


def search_owners(url: str) -> list[tuple[str, str, bool]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "select proname, proowner::regrole::text, prosecdef from pg_proc"
            " where proname in ('sanctuary_name_matches', 'sanctuary_note_matches')"
            " order by proname"
        ).fetchall()


def test_a_restore_by_the_owner_hands_the_searches_back_to_the_search_role(
    cli, backup_env, pg_cluster, blank_database, tmp_path, monkeypatch
):
    # A hosted server gives no superuser: the owner, with BYPASSRLS, backs up and restores,
    # and pg_restore --no-owner makes the owner own every object, the search functions too.
    dump = tmp_path / "practice.dump"
    assert cli("db", "backup", str(dump)).exit_code == 0
    owner_url = pg_cluster.url(blank_database)
    owner = psycopg.conninfo.conninfo_to_dict(owner_url)["user"]
    with pg_cluster.admin() as admin:
        admin.execute(sql.SQL("alter role {} bypassrls").format(sql.Identifier(owner)))
    try:
        monkeypatch.setenv("SANCTUARY_BACKUP_DATABASE_URL", owner_url)
        monkeypatch.setenv("SANCTUARY_DATABASE_URL", owner_url)
        restored = cli("db", "restore", str(dump))
        found = cli("notes", "search", "sleep", "--csv")
    finally:
        with pg_cluster.admin() as admin:
            admin.execute(sql.SQL("alter role {} nobypassrls").format(sql.Identifier(owner)))
    assert restored.exit_code == 0, restored.stderr
    assert search_owners(superuser_url(pg_cluster, owner_url)) == [
        ("sanctuary_name_matches", "sanctuary_search", True),
        ("sanctuary_note_matches", "sanctuary_search", True),
    ]
    assert found.exit_code == 0, found.stderr
    assert len(found.stdout.strip().splitlines()) > 1


def test_a_restorer_that_may_not_act_as_the_search_role_leaves_the_searches_as_invokers(
    cli, backup_env, pg_cluster, tmp_path, monkeypatch
):
    # A role that did not make sanctuary_search may not take its membership (PostgreSQL 16+):
    # the searches then run under the caller's own policies, as migration 0122 leaves them
    # without CREATEROLE, and still work.
    dump = tmp_path / "practice.dump"
    assert cli("db", "backup", str(dump)).exit_code == 0
    suffix = uuid.uuid4().hex[:8]
    role, name = f"restorer_{suffix}", f"sanctuary_restored_{suffix}"
    with pg_cluster.admin() as admin:
        admin.execute(
            sql.SQL("create role {} login bypassrls password 'pw'").format(sql.Identifier(role))
        )
        admin.execute(
            sql.SQL("create database {} owner {}").format(
                sql.Identifier(name), sql.Identifier(role)
            )
        )
    try:
        url = pg_cluster.url(name, user=role, password="pw")
        monkeypatch.setenv("SANCTUARY_BACKUP_DATABASE_URL", url)
        monkeypatch.setenv("SANCTUARY_DATABASE_URL", url)
        restored = cli("db", "restore", str(dump))
        found = cli("notes", "search", "sleep", "--csv")
        owners = search_owners(superuser_url(pg_cluster, url))
    finally:
        with pg_cluster.admin() as admin:
            admin.execute(
                sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
            )
            admin.execute(sql.SQL("drop role if exists {}").format(sql.Identifier(role)))
    assert restored.exit_code == 0, restored.stderr
    assert owners == [
        ("sanctuary_name_matches", role, False),
        ("sanctuary_note_matches", role, False),
    ]
    assert found.exit_code == 0, found.stderr
    assert len(found.stdout.strip().splitlines()) > 1


def test_a_restore_on_a_new_machine_needs_no_init_and_makes_the_roles_as_the_application(
    cli, backup_env, tmp_path, monkeypatch
):
    # A new machine: `db restore` alone brings the practice back (no `db init` first). The
    # application's role makes the group and search roles, so it is their creator and may hand
    # the search functions over in later migrations (PostgreSQL 16+); the restore itself runs
    # as the embedded server's superuser.
    from sanctuary_cli.store import embedded

    dump = tmp_path / "practice.dump"
    assert cli("db", "backup", str(dump)).exit_code == 0
    data_dir = tmp_path / "new-machine"
    monkeypatch.setenv("SANCTUARY_DATA_DIR", str(data_dir))
    monkeypatch.delenv("SANCTUARY_DATABASE_URL", raising=False)
    monkeypatch.delenv("SANCTUARY_BACKUP_DATABASE_URL", raising=False)
    try:
        restored = cli("db", "restore", str(dump))
        found = cli("notes", "search", "sleep", "--csv")
        server = embedded.ensure_server(data_dir)
        with psycopg.connect(server.conninfo(embedded.SUPERUSER, embedded.DATABASE)) as conn:
            made_by_owner = conn.execute(
                "select r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid"
                " where m.member = %s::regrole and m.admin_option order by 1",
                (embedded.OWNER_ROLE,),
            ).fetchall()
            owners = conn.execute(
                "select distinct proowner::regrole::text from pg_proc"
                " where proname in ('sanctuary_name_matches', 'sanctuary_note_matches')"
            ).fetchall()
    finally:
        embedded.stop_server(data_dir)
    assert restored.exit_code == 0, restored.stderr
    assert made_by_owner == [
        ("sanctuary_billing",),
        ("sanctuary_clinician",),
        ("sanctuary_search",),
    ]
    assert owners == [("sanctuary_search",)]
    assert found.exit_code == 0, found.stderr
    assert len(found.stdout.strip().splitlines()) > 1
