"""Checks and screenshots for browser tests: axe-core accessibility, saved screenshots."""

from __future__ import annotations

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

# Marks for every browser test module: ``pytestmark = BROWSER_TEST``.
BROWSER_TEST = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe-core has no level-A rules new in 2.2).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOT_DIR = settings.BASE_DIR / "var" / "screenshots"

_axe = Axe()


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  at {' '.join(map(str, node['target']))}")
            lines.append(f"     {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def save_screenshot(page, name: str) -> None:
    """Save a full-page PNG to var/screenshots/<name>.png when SCREENSHOTS=1, for people to look at."""
    if os.environ.get("SCREENSHOTS") != "1":
        return
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"), full_page=True)


def assert_accessible(page, name: str) -> None:
    """Run axe-core on the page as it is now; fail listing each WCAG 2.2 A/AA violation."""
    save_screenshot(page, name)
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert not violations, f"{name} ({page.url}) has {len(violations)} accessibility violation(s):\n" + (
        describe_violations(violations)
    )
