"""The audit chain's witness (migration 0074, docs/security.md "Audit log"): a deleted head, a
truncated log, entries cut off the end with a matching head, or a re-hashed chain are each
reported by `audit verify`, with the anchors `audit anchor` kept outside the database."""

from __future__ import annotations

import json

import psycopg
from security_helpers import dbname_of


def superuser(pg_cluster, url: str) -> psycopg.Connection:
    """Raw superuser access with triggers off: what the review's attacker had."""
    conn = pg_cluster.admin(dbname_of(url))
    conn.execute("set session_replication_role = replica")
    return conn


def head(pg_cluster, url: str) -> tuple[int, str]:
    with pg_cluster.admin(dbname_of(url)) as conn:
        return conn.execute("select last_seq, last_hash from audit_chain_head").fetchone()


def test_anchor_appends_the_head_and_verify_checks_it(cli, demo_db_url, pg_cluster, tmp_path):
    first = cli("audit", "anchor")
    assert first.exit_code == 0, first.stderr
    seq, digest = head(pg_cluster, demo_db_url)
    assert first.stdout.startswith(f"Audit anchor: seq={seq} hash={digest} at ")
    file = tmp_path / "witness.jsonl"
    assert cli("audit", "anchor", "-o", str(file)).exit_code == 0
    assert cli("audit", "anchor", "-o", str(file)).exit_code == 0
    records = [json.loads(line) for line in file.read_text().splitlines()]
    assert len(records) == 2 and records[0]["seq"] <= records[1]["seq"]
    assert oct(file.stat().st_mode & 0o777) == "0o600"
    verified = cli("audit", "verify", "--anchor", str(file))
    assert verified.exit_code == 0, verified.stderr
    assert "2 anchor(s) match" in verified.stdout
    assert "1 anchor(s) match" in cli("audit", "verify").stdout  # the data dir's own file


def test_a_deleted_head_is_tampering_and_stops_audited_writes(cli, demo_db_url, pg_cluster):
    with superuser(pg_cluster, demo_db_url) as conn:
        conn.execute("delete from audit_chain_head")
    verified = cli("audit", "verify")
    assert verified.exit_code == 1
    assert "chain head is missing" in verified.stderr and "tampered" in verified.stderr
    write = cli("mood", "add", "Amelia", "6")
    assert write.exit_code == 1
    assert write.stderr.count("\n") == 1 and "audit chain head is missing" in write.stderr


def test_a_truncated_log_with_a_fresh_head_is_caught_by_the_anchor(cli, demo_db_url, pg_cluster):
    assert cli("audit", "anchor").exit_code == 0
    with superuser(pg_cluster, demo_db_url) as conn:
        conn.execute("truncate audit_log")
        conn.execute("update audit_chain_head set last_seq = 0, last_hash = repeat('0', 64)")
    verified = cli("audit", "verify")
    assert verified.exit_code == 1
    assert "anchored earlier, is missing" in verified.stderr


def test_entries_cut_off_the_end_with_a_matching_head_are_caught(
    cli, demo_db_url, pg_cluster, tmp_path
):
    witness = tmp_path / "witness.jsonl"
    assert cli("audit", "anchor", "-o", str(witness)).exit_code == 0
    seq, _ = head(pg_cluster, demo_db_url)
    with superuser(pg_cluster, demo_db_url) as conn:
        conn.execute("delete from audit_log where seq > %s", (seq - 10,))
        conn.execute(
            "update audit_chain_head h set last_seq = l.seq, last_hash = l.hash"
            " from audit_log l where l.seq = %s",
            (seq - 10,),
        )
    # Without an anchor the shortened chain is consistent: this is what anchors are for.
    (tmp_path / "empty.jsonl").write_text("")
    assert cli("audit", "verify", "--anchor", str(tmp_path / "empty.jsonl")).exit_code == 0
    verified = cli("audit", "verify", "--anchor", str(witness))
    assert verified.exit_code == 1
    assert f"entry {seq}, anchored earlier, is missing (the log ends at entry {seq - 10})" in (
        verified.stderr
    )


def test_a_rehashed_chain_does_not_match_its_anchor(cli, demo_db_url, pg_cluster, tmp_path):
    """The attacker alters entry 3 and recomputes every later hash and the head."""
    witness = tmp_path / "witness.jsonl"
    assert cli("audit", "anchor", "-o", str(witness)).exit_code == 0
    with superuser(pg_cluster, demo_db_url) as conn:
        conn.execute("update audit_log set actor = 'innocent' where seq = 3")
        rows = conn.execute("select seq from audit_log order by seq").fetchall()
        previous = conn.execute("select prev_hash from audit_log where seq = 1").fetchone()[0]
        for (number,) in rows:
            previous = conn.execute(
                "update audit_log set prev_hash = %s, hash = audit_entry_hash(seq, occurred_at,"
                " actor, therapist_id, action, table_name, row_id, patient_id, changed_columns,"
                " %s) where seq = %s returning hash",
                (previous, previous, number),
            ).fetchone()[0]
        conn.execute(
            "update audit_chain_head set last_seq = %s, last_hash = %s", (rows[-1][0], previous)
        )
    verified = cli("audit", "verify", "--anchor", str(witness))
    assert verified.exit_code == 1 and "does not match its anchor" in verified.stderr


def test_an_anchor_pasted_from_the_daily_report_mail_is_read(cli, demo_db_url, tmp_path):
    report = cli("report", "daily")
    assert report.exit_code == 0, report.stderr
    line = next(x for x in report.stdout.splitlines() if x.startswith("Audit chain head:"))
    mail = tmp_path / "mail.txt"
    mail.write_text(f"# from the cron mail of today\n{line}\n")
    verified = cli("audit", "verify", "--anchor", str(mail))
    assert verified.exit_code == 0, verified.stderr
    assert "1 anchor(s) match" in verified.stdout
    assert "Audit chain head" not in cli("report", "daily", "--csv").stdout
    markdown = cli("report", "daily", "--format", "markdown").stdout
    assert markdown.rstrip().splitlines()[-1].startswith("Audit chain head: seq=")


def test_a_bad_anchor_file_is_one_line(cli, demo_db_url, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not an anchor\n")
    result = cli("audit", "verify", "--anchor", str(bad))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "line 1 is not an audit anchor" in result.stderr
