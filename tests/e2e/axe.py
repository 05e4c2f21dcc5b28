"""axe-core in the browser tests: the version package-lock.json pins (npm ci puts it in node_modules/,
`make test` runs it), injected into the page under test; never fetched from a CDN."""

from dataclasses import dataclass
from pathlib import Path

import pytest

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# What issue 13 (item 12) forbids; "moderate" and "minor" findings are reported by axe but pass.
FAILING_IMPACTS = ("serious", "critical")


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    where: str  # page, language and width

    def __str__(self):
        return f"{self.where}: [{self.impact}] {self.rule} ({self.help}) at {', '.join(self.targets)}"


def axe_script() -> str:
    """The path of axe.min.js; a missing one fails (locally too): it is part of `make test`, not an
    optional service, so it must never turn into a skipped accessibility check."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is not installed at {AXE_SCRIPT}: run `make node-install` (npm ci; needs node and npm)")
    return str(AXE_SCRIPT)


def serious_violations(page, where: str) -> list[Violation]:
    """Run axe on the page as it stands and return its serious and critical violations, one per
    element. The page's context must bypass the CSP: the injected script is inline."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=axe_script())
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        Violation(rule["id"], node["impact"] or rule["impact"], rule["help"], tuple(map(str, node["target"])), where)
        for rule in results["violations"]
        for node in rule["nodes"]
        if (node["impact"] or rule["impact"]) in FAILING_IMPACTS
    ]
