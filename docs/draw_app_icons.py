"""Draw the home-screen icons (static/img/app-icon-*.png, apple-touch-icon.png) from the favicon.

The web app manifest (config/pwa.py) and base.html name these PNGs; phones want bitmaps, not the SVG.
They are drawn from static/img/favicon.svg — the dark rounded square with the white "R" — by Debian's
chromium through Playwright (both already needed by the browser tests), because Ruqsat does not
depend on an imaging library. Re-run after changing the favicon, and commit the PNGs:

    .venv/bin/python docs/draw_app_icons.py

Three shapes:
- "any" icons (192 and 512 px): the favicon as it is, rounded corners transparent;
- the maskable icon (512 px): Android cuts it to a circle, squircle or rounded square of its own, so
  the background fills the whole square and the "R" is shrunk to sit well inside the central circle
  of 80 % of the width (the maskable "safe zone", https://www.w3.org/TR/appmanifest/#icon-masks);
- the Apple touch icon (180 px): iOS rounds the corners itself and paints transparent pixels black,
  so it is full-bleed too.

tests/config/test_pwa.py checks that each file exists with the size the manifest claims.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
FAVICON = ROOT / "static" / "img" / "favicon.svg"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

# (file under static/img/, size in px, full_bleed, scale of the "R" around the centre)
ICONS = [
    ("app-icon-192.png", 192, False, 1.0),
    ("app-icon-512.png", 512, False, 1.0),
    # 0.8: the "R" (favicon units 9.4–23.6 × 6.4–25.6 of 32, stroke included) then reaches at most
    # 0.31 of the width from the centre, inside the safe zone's 0.4 with room to spare.
    ("app-icon-maskable-512.png", 512, True, 0.8),
    ("apple-touch-icon.png", 180, True, 0.9),
]


def icon_svg(favicon: str, size: int, *, full_bleed: bool, scale: float) -> str:
    """The favicon at `size` px: square corners when full-bleed, the mark scaled around the centre."""
    svg = re.sub(r'width="32" height="32"', f'width="{size}" height="{size}"', favicon, count=1)
    svg = re.sub(r"<title>.*?</title>", "", svg)
    if full_bleed:
        svg = svg.replace(' rx="7"', "")
    if scale != 1.0:
        around_centre = f"translate(16 16) scale({scale}) translate(-16 -16)"
        svg = re.sub(r"(<path [^>]*/>)", rf'<g transform="{around_centre}">\1</g>', svg)
    return svg


def main() -> int:
    favicon = FAVICON.read_text(encoding="utf-8")
    if ' rx="7"' not in favicon or "<path " not in favicon:
        print(f"{FAVICON} no longer has the rounded rect and path this script expects: adapt it.")
        return 1
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for name, size, full_bleed, scale in ICONS:
            page = browser.new_page(viewport={"width": size, "height": size}, device_scale_factor=1)
            svg = icon_svg(favicon, size, full_bleed=full_bleed, scale=scale)
            page.set_content(f'<html><body style="margin:0;background:transparent">{svg}</body></html>')
            target = ROOT / "static" / "img" / name
            page.locator("svg").screenshot(path=str(target), omit_background=True)
            page.close()
            print(f"{target.relative_to(ROOT)}: {size}×{size}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
