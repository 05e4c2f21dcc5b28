"""The accessibility tests' axe-core (tests/e2e/axe.py): pinned exactly, installed from the lock, and
never silently absent."""

import json
import re
from pathlib import Path

import pytest

from tests.e2e import axe

ROOT = Path(__file__).resolve().parents[2]


def test_axe_core_is_pinned_to_one_exact_version_in_package_json_and_its_lock():
    wanted = json.loads((ROOT / "package.json").read_text())["devDependencies"]["axe-core"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", wanted), f"axe-core {wanted!r} is a range, not one version"
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/axe-core"]
    assert locked["version"] == wanted
    assert locked["integrity"].startswith("sha512-")


def test_node_modules_stays_out_of_git():
    assert "/node_modules/" in (ROOT / ".gitignore").read_text().splitlines()


def test_a_missing_axe_core_fails_the_accessibility_test_instead_of_skipping_it(monkeypatch, tmp_path):
    monkeypatch.setattr(axe, "AXE_SCRIPT", tmp_path / "axe.min.js")
    with pytest.raises(pytest.fail.Exception, match="make node-install"):
        axe.axe_script()
