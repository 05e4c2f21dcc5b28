"""RUQSAT_NO_SKIP=1 (set by .ci/run) turns any skipped test into a failed run.

Each test runs a tiny pytest session in-process on files of its own, with the hook of
tests/conftest.py as its only plugin."""

import types

import pytest

from tests import conftest

INNER_TESTS = """
import pytest

def test_passes():
    pass

def test_skipped_for_a_missing_browser():
    pytest.skip("chromium is not installed")

@pytest.mark.xfail(reason="a known bug, not a skip")
def test_expected_failure():
    assert False
"""

INNER_TESTS_WITHOUT_SKIP = """
import pytest

def test_passes():
    pass

@pytest.mark.xfail(reason="a known bug, not a skip")
def test_expected_failure():
    assert False
"""


def run_inner_session(tmp_path, source, *extra_args):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    # A name of its own per session: pytest would otherwise reuse the module an earlier one imported.
    (tmp_path / f"test_inner_{tmp_path.name}.py").write_text(source)
    plugin = types.ModuleType("ruqsat_no_skip_under_test")
    plugin.pytest_configure = conftest.pytest_configure
    args = [str(tmp_path), "-q", "-p", "no:django", "-p", "no:cacheprovider", "--rootdir", str(tmp_path)]
    args += ["--import-mode=importlib", *extra_args]
    return pytest.main(args, plugins=[plugin])


def test_a_skipped_test_fails_the_run_when_no_skip_is_set(tmp_path, monkeypatch):
    monkeypatch.setenv("RUQSAT_NO_SKIP", "1")

    assert run_inner_session(tmp_path, INNER_TESTS, "-p", "no:xdist") == pytest.ExitCode.TESTS_FAILED


def test_a_skipped_test_is_only_a_skip_without_no_skip(tmp_path, monkeypatch):
    monkeypatch.delenv("RUQSAT_NO_SKIP", raising=False)

    assert run_inner_session(tmp_path, INNER_TESTS, "-p", "no:xdist") == pytest.ExitCode.OK


def test_an_expected_failure_does_not_count_as_a_skip(tmp_path, monkeypatch):
    monkeypatch.setenv("RUQSAT_NO_SKIP", "1")

    assert run_inner_session(tmp_path, INNER_TESTS_WITHOUT_SKIP, "-p", "no:xdist") == pytest.ExitCode.OK


def test_a_skip_in_a_module_level_importorskip_fails_the_run(tmp_path, monkeypatch):
    monkeypatch.setenv("RUQSAT_NO_SKIP", "1")
    source = 'import pytest\npytest.importorskip("a_module_that_is_not_installed")\n\ndef test_x():\n    pass\n'

    assert run_inner_session(tmp_path, source, "-p", "no:xdist") == pytest.ExitCode.TESTS_FAILED


def test_a_skip_on_an_xdist_worker_fails_the_run(tmp_path, monkeypatch):
    monkeypatch.setenv("RUQSAT_NO_SKIP", "1")

    assert run_inner_session(tmp_path, INNER_TESTS, "-n", "2") == pytest.ExitCode.TESTS_FAILED
