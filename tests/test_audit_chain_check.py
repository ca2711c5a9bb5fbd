"""`sanctuary today` walks the audit chain from where its last intact check ended (migration
0127, store/chain_check.py), and from the first entry when that check is gone, no longer
matches, or its last walk from the start is a week old."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from security_helpers import dbname_of

from sanctuary_cli.store.anchors import database_key
from sanctuary_cli.store.chain_check import CHAIN_CHECK_FILE, last_chain_check
from sanctuary_cli.store.config import load_settings


@pytest.fixture
def settings(demo_db_url):
    return load_settings(database_url=demo_db_url)


def chain_alerts(cli) -> list[str]:
    result = cli("today", "--json")
    assert result.exit_code == 0, result.stderr
    return [a["message"] for a in json.loads(result.stdout)["alerts"] if a["kind"] == "audit_chain"]


def head(conn) -> tuple[int, str]:
    return conn.execute("select last_seq, last_hash from audit_chain_head").fetchone()


def alter_entry(pg_cluster, demo_db_url, seq: int) -> None:
    """Change an entry's content and leave its hash, as a superuser bypassing the triggers."""
    with pg_cluster.admin(dbname_of(demo_db_url)) as conn:
        conn.execute("set session_replication_role = replica")
        conn.execute("update audit_log set actor = 'innocent' where seq = %s", (seq,))


def set_check(settings, **changes) -> None:
    path = settings.data_dir / CHAIN_CHECK_FILE
    records = json.loads(path.read_text(encoding="utf-8"))
    records[database_key(settings)].update(changes)
    path.write_text(json.dumps(records), encoding="utf-8")


def test_each_check_starts_where_the_last_one_ended(cli, demo_db, settings):
    assert last_chain_check(settings) is None
    assert chain_alerts(cli) == []
    first = last_chain_check(settings)
    assert first is not None
    assert datetime.now(UTC) - first.full_at < timedelta(minutes=5)
    assert cli("mood", "add", "Amelia", "6").exit_code == 0
    assert chain_alerts(cli) == []
    second = last_chain_check(settings)
    assert second.seq > first.seq and second.full_at == first.full_at
    # What the second morning walked: only the entries after the first check.
    walked = demo_db.conn.execute(
        "select entries, start_ok from audit_verify_since(%s, %s)", (first.seq, first.hash)
    ).fetchone()
    last_seq = head(demo_db.conn)[0]
    assert tuple(walked) == (last_seq - first.seq, True)


def test_an_entry_written_since_the_last_check_and_altered_is_an_alert(
    cli, demo_db, demo_db_url, pg_cluster, settings
):
    assert chain_alerts(cli) == []
    assert cli("mood", "add", "Amelia", "6").exit_code == 0
    newest = head(demo_db.conn)[0]
    assert newest > last_chain_check(settings).seq
    alter_entry(pg_cluster, demo_db_url, newest)
    [alert] = chain_alerts(cli)
    assert f"entry {newest} was altered" in alert


def test_an_older_entry_altered_is_found_by_the_weekly_walk_and_by_audit_verify(
    cli, demo_db, demo_db_url, pg_cluster, settings
):
    assert chain_alerts(cli) == []
    alter_entry(pg_cluster, demo_db_url, 3)
    # Before the checked entry, with its hash left: not walked until the week is up...
    assert chain_alerts(cli) == []
    verify = cli("audit", "verify")
    assert verify.exit_code != 0 and "entry 3 was altered" in verify.stderr
    # ...and then the walk from the first entry finds it, and keeps finding it.
    week_ago = (datetime.now(UTC) - timedelta(days=7, minutes=1)).isoformat()
    set_check(settings, full_at=week_ago)
    [alert] = chain_alerts(cli)
    assert "entry 3 was altered" in alert
    assert "entry 3 was altered" in chain_alerts(cli)[0]


def test_a_checked_entry_that_no_longer_matches_means_a_walk_from_the_start(cli, demo_db, settings):
    assert chain_alerts(cli) == []
    set_check(settings, hash="0" * 64, full_at=datetime.now(UTC).isoformat())
    assert chain_alerts(cli) == []  # the chain itself is intact
    again = last_chain_check(settings)
    assert again.hash != "0" * 64
    assert datetime.now(UTC) - again.full_at < timedelta(minutes=5)


def test_an_unreadable_check_file_is_no_check(cli, demo_db, settings):
    assert chain_alerts(cli) == []
    (settings.data_dir / CHAIN_CHECK_FILE).write_text("not json", encoding="utf-8")
    assert last_chain_check(settings) is None
    assert chain_alerts(cli) == []
    assert last_chain_check(settings) is not None


def test_an_intact_audit_verify_is_a_whole_walk_today_starts_from(cli, demo_db, settings):
    assert last_chain_check(settings) is None
    assert cli("audit", "verify").exit_code == 0
    check = last_chain_check(settings)
    assert check is not None and check.seq == head(demo_db.conn)[0]
    assert datetime.now(UTC) - check.full_at < timedelta(minutes=5)
