"""Renders static/img/favicon.svg as the PNG icons the web app manifest names, in Debian's Chromium (`make icons`;
the PNGs are committed, so nothing at run time needs this)."""

import pathlib

from playwright.sync_api import sync_playwright

IMG = pathlib.Path(__file__).resolve().parent.parent / "static" / "img"
SVG = (IMG / "favicon.svg").read_text().replace("<svg ", '<svg width="100%" height="100%" ')
# A maskable icon keeps its picture inside the middle 80 %: launchers crop the rest to their own shape.
ICONS = (("icon-192.png", 192, False), ("icon-512.png", 512, False), ("icon-512-maskable.png", 512, True))

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
    for name, size, maskable in ICONS:
        page = browser.new_page(viewport={"width": size, "height": size})
        pad = size * 0.1 if maskable else 0
        background = "#1f4e79" if maskable else "transparent"
        box = f"padding:{pad}px;width:{size - 2 * pad}px;height:{size - 2 * pad}px"
        page.set_content(f'<body style="margin:0;background:{background}"><div style="{box}">{SVG}</div></body>')
        page.screenshot(path=str(IMG / name), omit_background=not maskable)
        print(IMG / name)
    browser.close()
