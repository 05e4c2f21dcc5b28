"""The lock files (make lock) hold every pin of requirements*.txt, so `make` installs what they say."""

import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;#]+)", re.MULTILINE)


def pins(name: str) -> dict[str, str]:
    text = (BASE_DIR / name).read_text()
    return {package.lower().replace("_", "-"): version for package, version in PIN.findall(text)}


@pytest.mark.parametrize(
    ("sources", "lock"),
    [
        (["requirements.txt"], "requirements.lock"),
        (["requirements.txt", "requirements-dev.txt"], "requirements-dev.lock"),
    ],
)
def test_the_lock_holds_every_pin_at_its_version(sources, lock):
    locked = pins(lock)
    wanted = {package: version for source in sources for package, version in pins(source).items()}
    differing = {
        package: (version, locked.get(package)) for package, version in wanted.items() if locked.get(package) != version
    }
    assert not differing, f"run `make lock`: {differing}"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_carries_a_hash(lock):
    entries = re.split(r"\n(?=[A-Za-z0-9])", (BASE_DIR / lock).read_text())
    unhashed = [entry.split()[0] for entry in entries if "==" in entry.split("\n")[0] and "--hash=sha256:" not in entry]
    assert not unhashed
