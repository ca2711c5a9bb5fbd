"""A Good Faith Estimate's PDF exists only for an estimate the database recorded
(docs/billing.md, "Good Faith Estimates"): the file takes its name after the commit, so a
commit that fails leaves no PDF behind."""

from __future__ import annotations

import psycopg
from security_helpers import dbname_of


def test_a_failed_commit_leaves_no_estimate_pdf(cli, pg_cluster, demo_db_url, tmp_path):
    # A check the database makes only at commit, tripped by every new estimate.
    with pg_cluster.admin(dbname_of(demo_db_url)) as admin:
        admin.execute(
            "create function refuse_at_commit() returns trigger language plpgsql as $$"
            " begin raise exception 'refused at commit' using errcode = 'check_violation'; end $$"
        )
        admin.execute(
            "create constraint trigger estimates_refused_at_commit after insert on estimates"
            " deferrable initially deferred for each row execute function refuse_at_commit()"
        )
    out = tmp_path / "estimates" / "chloe.pdf"
    out.parent.mkdir()
    try:
        result = cli("billing", "estimate", "Chloe Davis", "--sessions", "2", "-o", str(out))
    except psycopg.Error as raised:  # however the command reports it, the point is the file
        assert "refused at commit" in str(raised)
    else:
        assert result.exit_code != 0, result.stdout
    assert not out.exists()
    assert list(out.parent.iterdir()) == []  # nor its temp file
    with psycopg.connect(demo_db_url) as owner:
        assert owner.execute("select count(*) from estimates").fetchone()[0] == 0
