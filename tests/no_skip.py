"""With SANCTUARY_TESTS_NO_SKIP=1 (set by .ci/run) a skipped test fails instead.

Some tests skip, with the reason, where what they need is not installed (tests/test_remote.py:
the Debian PostgreSQL server, PgBouncer, openssl). On a developer's machine that is a skip; in
CI it would be a green run with tests quietly left out, so there it is a failure. Expected
failures (xfail) are not skips and stay as they are. tests/conftest.py loads these hooks.
"""

from __future__ import annotations

import os

import pytest

# Read once, at start-up: the autouse isolated_env fixture clears SANCTUARY_* during each test.
NO_SKIP = os.environ.get("SANCTUARY_TESTS_NO_SKIP") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    _fail_if_skipped(report)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    report = (yield).get_result()
    _fail_if_skipped(report)


def _fail_if_skipped(report) -> None:
    if not NO_SKIP or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"skipped, which SANCTUARY_TESTS_NO_SKIP=1 forbids: {reason}"
