"""Twenty real processes at once: no double booking, no lost or excess payment, no half-signed
note. Each process is the CLI itself (`python -m sanctuary_cli`), so every one has its own
connection and transaction, as when several terminals or cron jobs run together.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from decimal import ROUND_DOWN, Decimal

import psycopg
import pytest
from psycopg.rows import dict_row

PROCESSES = 20


@pytest.fixture
def admin_url(pg_cluster, demo_db_url) -> str:
    dbname = psycopg.conninfo.conninfo_to_dict(demo_db_url)["dbname"]
    return psycopg.conninfo.make_conninfo(**{**pg_cluster.admin_params, "dbname": dbname})


def in_parallel(run_cli, commands: list[list[str]]):
    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        return list(pool.map(lambda args: run_cli(*args, timeout=180), commands))


def assert_clean_outcomes(results) -> None:
    """Every process either succeeded or gave one clear line and exit 1: never a traceback."""
    for done in results:
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr
        if done.returncode == 1:
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            assert len(lines) == 1 and lines[0].startswith("Error:"), done.stderr


def query(url: str, sql: str, *params):
    with psycopg.connect(url, row_factory=dict_row) as conn:
        return conn.execute(sql, params).fetchall()


def test_twenty_overlapping_bookings_never_double_book(run_cli, demo_db_url, admin_url):
    # Starts ten minutes apart, fifty minutes long: each overlaps its neighbours.
    patients = ["Amelia Chen", "Benjamin Carter", "Chloe Davis"]
    commands = [
        [
            "appointments", "add", patients[i % 3],
            f"2027-02-02 {9 + (i * 10) // 60:02d}:{(i * 10) % 60:02d}", "--duration", "50",
        ]
        for i in range(PROCESSES)
    ]  # fmt: skip

    results = in_parallel(run_cli, commands)

    assert_clean_outcomes(results)
    booked = [done for done in results if done.returncode == 0]
    refused = [done for done in results if done.returncode == 1]
    assert booked and refused
    for done in refused:
        assert "clash" in done.stderr.lower() or "conflict" in done.stderr.lower(), done.stderr
    rows = query(
        admin_url,
        "select starts_at, ends_at from appointments"
        " where status <> 'cancelled' and starts_at::date = date '2027-02-02'"
        " order by starts_at",
    )
    assert len(rows) == len(booked)
    for earlier, later in zip(rows, rows[1:], strict=False):
        assert earlier["ends_at"] <= later["starts_at"], "double booking"


def test_twenty_payments_of_one_charge_lose_nothing_and_never_overpay(
    run_cli, cli, demo_db_url, admin_url
):
    charge = json.loads(cli("billing", "overdue", "--json").stdout)[0]
    balance = Decimal(charge["balance"])
    # Five of these fit in the balance, a sixth would not.
    amount = (balance / 5).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    paid_before = query(
        admin_url,
        "select coalesce(sum(amount), 0) as paid, count(*) as n from payments"
        " where financial_record_id = %s",
        charge["charge_id"],
    )[0]

    results = in_parallel(
        run_cli,
        [["billing", "pay", charge["charge_id"], str(amount)] for _ in range(PROCESSES)],
    )

    assert_clean_outcomes(results)
    succeeded = [done for done in results if done.returncode == 0]
    assert len(succeeded) == 5
    after = query(
        admin_url,
        "select coalesce(sum(amount), 0) as paid, count(*) as n from payments"
        " where financial_record_id = %s",
        charge["charge_id"],
    )[0]
    assert after["n"] - paid_before["n"] == 5  # no lost payment
    assert after["paid"] - paid_before["paid"] == 5 * amount
    balance_after = query(
        admin_url,
        "select balance from financial_record_balances where id = %s",
        charge["charge_id"],
    )[0]["balance"]
    assert balance_after == balance - 5 * amount
    assert balance_after >= 0  # never overpaid


def test_twenty_signatures_of_one_note_sign_it_once_and_whole(run_cli, cli, demo_db_url, admin_url):
    added = cli(
        "notes", "add", "Amelia Chen", "--subjective", "s", "--objective", "o",
        "--assessment", "a", "--plan", "p", "--risk", "low",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    note_id = re.search(r"[0-9a-f]{8}-[0-9a-f-]{27}", added.stdout).group(0)
    before = query(admin_url, "select content from session_notes where id = %s", note_id)[0]

    results = in_parallel(run_cli, [["notes", "sign", note_id] for _ in range(PROCESSES)])

    assert_clean_outcomes(results)
    assert any(done.returncode == 0 for done in results)
    note = query(
        admin_url,
        "select content, signed_at, signed_by from session_notes where id = %s",
        note_id,
    )[0]
    assert note["signed_at"] is not None and note["signed_by"] is not None
    assert note["content"] == before["content"]
    signed_times = {
        re.search(r" at (.+)$", done.stdout.strip()).group(1)
        for done in results
        if done.returncode == 0
    }
    assert len(signed_times) == 1, "every success reports the one signature"
