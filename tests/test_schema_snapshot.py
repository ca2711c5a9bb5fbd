"""sql/schema.sql is the schema the migrations build: a freshly migrated database dumps to it.

The snapshot lets a reviewer read the whole schema in one file and see what a migration
changes in the diff; this test keeps it honest. tests/schema_snapshot.py makes and normalises
the dump.
"""

from __future__ import annotations

import difflib
import re

import psycopg
import pytest
from schema_snapshot import REGENERATE, SNAPSHOT, dump_schema, normalise


def snapshot_major() -> int:
    found = re.search(r"embedded PostgreSQL (\d+)", SNAPSHOT.read_text(encoding="utf-8"))
    assert found, f"{SNAPSHOT.name} has no generated header; run: {REGENERATE}"
    return int(found.group(1))


def test_the_snapshot_is_the_schema_of_a_freshly_migrated_database(empty_db_url):
    with psycopg.connect(empty_db_url) as conn:
        major = conn.execute("select current_setting('server_version_num')::int / 10000")
        major = major.fetchone()[0]
    if major != snapshot_major():
        pytest.skip(f"{SNAPSHOT.name} is a PostgreSQL {snapshot_major()} dump; this is {major}")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    actual = dump_schema(empty_db_url)
    assert actual == dump_schema(empty_db_url), "the normalised dump is not deterministic"
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), "sql/schema.sql", "migrated", lineterm=""
        )
        shown = "\n".join(list(diff)[:80])
        pytest.fail(
            f"sql/schema.sql is not what the migrations build; regenerate it with\n"
            f"    {REGENERATE}\n{shown}",
            pytrace=False,
        )


def test_normalising_drops_what_varies_between_servers_and_runs():
    dump = "\n".join(
        [
            "--", "-- PostgreSQL database dump", "--", "", r"\restrict aBc123", "",
            "-- Dumped from database version 18.6", "-- Dumped by pg_dump version 18.6", "",
            "SET statement_timeout = 0;", "SELECT pg_catalog.set_config('search_path', '', false);",
            "", "--", "-- Name: t; Type: TABLE; Schema: public; Owner: -", "--", "",
            "CREATE TABLE public.t (id integer);", "", "", "",
            "REVOKE ALL ON TABLE public.t FROM app_7;", "GRANT SELECT ON TABLE public.t TO app_7;",
            "", "--", "-- PostgreSQL database dump complete", "--", "", r"\unrestrict aBc123",
        ]
    )  # fmt: skip
    body = normalise(dump, owner="app_7", major=18).split("\n\n", 1)[1]
    assert body == (
        "-- Name: t; Type: TABLE; Schema: public\n\n"
        "CREATE TABLE public.t (id integer);\n\n"
        "REVOKE ALL ON TABLE public.t FROM sanctuary_owner;\n"
        "GRANT SELECT ON TABLE public.t TO sanctuary_owner;\n"
    )
