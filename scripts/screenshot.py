"""Screenshot the running app answering a question: python scripts/screenshot.py URL "问题" OUT.png

Used for docs/screenshot-chat.png (README); needs /usr/bin/chromium (scripts/bootstrap.sh)."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-gpu"]


def main(url: str, question: str, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 900}, locale="zh-CN")
        page.goto(url)
        page.locator("#question textarea").fill(question)
        page.locator("#send").click()
        page.locator("#status [data-answer]").wait_for(timeout=300_000)
        page.locator("#chat a.cite").first.click()
        page.wait_for_timeout(800)  # the smooth scroll to the source
        page.evaluate("window.scrollTo(0, 0)")
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=out)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], Path(sys.argv[3]))
