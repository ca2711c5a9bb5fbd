"""CI cannot pass with tests quietly skipped: SANCTUARY_TESTS_NO_SKIP=1 turns a skip into a
failure (tests/no_skip.py), and leaves expected failures alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

SAMPLE = """
import pytest

def test_passes():
    pass

def test_skips():
    pytest.skip("the Debian pgbouncer package is not installed")

@pytest.fixture
def server():
    pytest.skip("no server here")

def test_needs_a_server(server):
    pass

def test_is_expected_to_fail():
    pytest.xfail("known")
"""


def run_sample(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no_skip", "-p", "no:cacheprovider", "-n", "0",
         "-q", "-rA", "--rootdir", str(tmp_path), "-c", os.devnull, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(TESTS), **env},
        timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("setting", ["", "0"])
def test_skips_stay_skips_without_the_setting(tmp_path, setting):
    done = run_sample(tmp_path, SANCTUARY_TESTS_NO_SKIP=setting)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 2 skipped, 1 xfailed" in done.stdout


def test_with_the_setting_a_skip_is_a_failure_and_says_why(tmp_path):
    done = run_sample(tmp_path, SANCTUARY_TESTS_NO_SKIP="1")
    assert done.returncode == 1, done.stdout
    assert "1 failed, 1 passed, 1 xfailed, 1 error" in done.stdout
    assert "SANCTUARY_TESTS_NO_SKIP=1 forbids" in done.stdout
    assert "the Debian pgbouncer package is not installed" in done.stdout
