"""Records leaving the practice (docs/SPEC.md section 11; docs/security.md "Backups", "Files"):
backups sealed with age and never written in clear, login roles back after a restore, and
outputs that replace regular files only, owner-readable."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time

import psycopg
import pyrage
import pytest
from security_helpers import dbname_of

PASSPHRASE = "a long enough passphrase"
PHI = (b"Amelia", b"Chen", b"PGDMP")


@pytest.fixture
def backup_env(pg_cluster, demo_db_url, monkeypatch) -> str:
    url = psycopg.conninfo.make_conninfo(
        **{**pg_cluster.admin_params, "dbname": dbname_of(demo_db_url)}
    )
    monkeypatch.setenv("SANCTUARY_BACKUP_DATABASE_URL", url)
    return url


def holds_phi(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if any(w in p.read_bytes() for w in PHI)]


def test_a_backup_is_sealed_0600_and_pg_restore_cannot_read_it(
    cli, backup_env, tmp_path, monkeypatch
):
    from sanctuary_cli.store.embedded import bin_path

    monkeypatch.setenv("SANCTUARY_BACKUP_PASSPHRASE", PASSPHRASE)
    out = tmp_path / "out"
    out.mkdir()
    file = out / "practice.age"
    result = cli("db", "backup", str(file), "--verify")
    assert result.exit_code == 0, result.stderr
    assert "encrypted with age and a passphrase" in result.stderr
    data = file.read_bytes()
    assert data.startswith(b"age-encryption.org/v1") and holds_phi(out) == []
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    listed = subprocess.run([str(bin_path("pg_restore")), "--list", str(file)], capture_output=True)
    assert listed.returncode != 0
    assert pyrage.passphrase.decrypt(data, PASSPHRASE).startswith(b"PGDMP")


def test_restore_opens_it_with_the_passphrase_and_refuses_a_wrong_one(
    cli, backup_env, tmp_path, monkeypatch
):
    monkeypatch.setenv("SANCTUARY_BACKUP_PASSPHRASE", PASSPHRASE)
    file = tmp_path / "practice.age"
    assert cli("db", "backup", str(file)).exit_code == 0
    with psycopg.connect(backup_env, autocommit=True) as conn:
        conn.execute("update patients set preferred_name = 'changed'")
    monkeypatch.setenv("SANCTUARY_BACKUP_PASSPHRASE", "not the right passphrase")
    wrong = cli("db", "restore", str(file), "--force")
    assert wrong.exit_code == 1 and "Cannot decrypt the backup" in wrong.stderr
    monkeypatch.setenv("SANCTUARY_BACKUP_PASSPHRASE", PASSPHRASE)
    right = cli("db", "restore", str(file), "--force")
    assert right.exit_code == 0, right.stderr
    with psycopg.connect(backup_env) as conn:
        names = {r[0] for r in conn.execute("select preferred_name from patients")}
    assert "changed" not in names


def test_recipient_keys_and_an_identity_file(cli, backup_env, tmp_path):
    identity = pyrage.x25519.Identity.generate()
    key = tmp_path / "key.txt"
    key.write_text(f"# created: today\n{identity}\n")
    file = tmp_path / "practice.age"
    sealed = cli("db", "backup", str(file), "--recipient", str(identity.to_public()))
    assert sealed.exit_code == 0, sealed.stderr
    assert "to 1 recipient(s)" in sealed.stderr
    assert pyrage.decrypt(file.read_bytes(), [identity]).startswith(b"PGDMP")
    no_key = cli("db", "restore", str(file), "--force")
    assert no_key.exit_code == 1 and "--identity" in no_key.stderr
    restored = cli("db", "restore", str(file), "--force", "--identity", str(key))
    assert restored.exit_code == 0, restored.stderr
    bad = cli("db", "backup", str(tmp_path / "x.age"), "--recipient", "age1nonsense")
    assert bad.exit_code == 1 and "not an age public key" in bad.stderr


def test_no_key_and_no_terminal_refuses_and_plaintext_must_be_asked(cli, backup_env, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    refused = cli("db", "backup", str(out / "a.age"))
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert "SANCTUARY_BACKUP_PASSPHRASE" in refused.stderr
    assert list(out.iterdir()) == []
    plain = cli("db", "backup", str(out / "a.dump"), "--plaintext")
    assert plain.exit_code == 0 and "not encrypted" in plain.stderr
    assert (out / "a.dump").read_bytes().startswith(b"PGDMP")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_backup_leaves_no_readable_phi(backup_env, tmp_path, sig):
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "SANCTUARY_BACKUP_PASSPHRASE": PASSPHRASE}
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6):
        proc = subprocess.Popen(
            [sys.executable, "-m", "sanctuary_cli", "db", "backup", str(out / "b.age")],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(sig)
        proc.wait(timeout=60)
        assert holds_phi(out) == [], (delay, sorted(p.name for p in out.iterdir()))
        if sig == signal.SIGTERM:  # cleaned up: only a finished backup may be there
            assert [p.name for p in out.iterdir()] in ([], ["b.age"]), delay


def test_restore_recreates_the_login_roles_the_data_names(
    cli, backup_env, pg_cluster, demo_db_url, tmp_path, monkeypatch
):
    monkeypatch.setenv("SANCTUARY_BACKUP_PASSPHRASE", PASSPHRASE)
    added = cli("therapists", "edit", "sarah.johnson@sanctuary.example", "--login")
    role = added.stdout.split("role ", 1)[1].split(",", 1)[0]
    file = tmp_path / "practice.age"
    assert cli("db", "backup", str(file)).exit_code == 0
    with pg_cluster.admin() as admin:
        admin.execute(f'drop owned by "{role}"')
        admin.execute(f'drop role "{role}"')
    restored = cli("db", "restore", str(file), "--force")
    assert restored.exit_code == 0, restored.stderr
    assert f"Recreated the login role {role}" in restored.stderr
    password = restored.stderr.split("password ", 1)[1].split(" ", 1)[0]
    url = pg_cluster.url(dbname_of(demo_db_url), user=role, password=password)
    with psycopg.connect(url) as conn:
        assert conn.execute("select count(*) from patients").fetchone()[0] == 3


# --- Outputs ---------------------------------------------------------------------------------


def test_outputs_refuse_devices_fifos_directories_and_symlinks_to_them(cli, demo_db_url, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    to_null = tmp_path / "null-link"
    to_null.symlink_to("/dev/null")
    for target in ("/dev/full", str(fifo), str(tmp_path), str(to_null)):
        result = cli("report", "daily", "--csv", "-o", target)
        assert result.exit_code == 1, target
        assert result.stderr.count("\n") == 1, (target, result.stderr)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # still the device
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and to_null.is_symlink()
    assert "not a regular file" in cli("report", "daily", "-o", "/dev/full").stderr
    ics = cli("appointments", "export", "--ics", "/dev/full")
    assert ics.exit_code == 1 and stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_outputs_are_0600_and_follow_a_symlink_to_a_regular_file(cli, demo_db_url, tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    real.chmod(0o644)
    link = tmp_path / "today.csv"
    link.symlink_to(real)
    assert cli("report", "daily", "--csv", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("starts_at,")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    fresh = tmp_path / "fresh.md"
    assert cli("report", "risk", "--format", "markdown", "-o", str(fresh)).exit_code == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600


def test_the_embedded_data_dir_is_0700(tmp_path):
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SANCTUARY_DATABASE", "PG"))}
    env["SANCTUARY_DATA_DIR"] = str(data)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "sanctuary_cli", "db", "start"],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
    finally:
        subprocess.run(
            [sys.executable, "-m", "sanctuary_cli", "db", "stop"],
            env=env,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
