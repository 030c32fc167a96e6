"""Screenshots for docs/design.md, run by hand (not a test), against a server with the demo data:

    make demo && DEBUG=true .venv/bin/python manage.py runserver 127.0.0.1:8716
    .venv/bin/python -m tests.browser.design_screenshots http://127.0.0.1:8716 after
    .venv/bin/python -m tests.browser.design_screenshots --compare before after

The first form saves test-output/design/<label>-<page>-<width>.png (home, a coalition page,
a workspace, the admin index and a list, at 1366 and 390 px); run it on the old code as
"before" and on the new as "after". `--compare` lays two labels side by side in
test-output/design/compare-<page>-<width>.png. `--utrecht DIR` first puts the NL Design System
Utrecht components and the EUPL example tokens (unpacked npm packages in DIR) over the same
pages, to see that look without rewriting templates.
"""

import argparse
from pathlib import Path

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, OUTPUT_DIR

OUT = OUTPUT_DIR / "design"
WIDTHS = ((1366, 900), (390, 844))
PAGES = [
    ("home", "/", None),
    ("coalitie", "/coalities/delft/", None),
    ("werkruimte", "/werkruimte/delft/", "adviseur-delft"),
    ("admin", "/admin/", "pharos"),
    ("admin-lijst", "/admin/coalitions/coalition/", "pharos"),
]
DEMO_PASSWORD = "kansrijk-demo"

# Utrecht's class names put on our Bootstrap markup: enough to judge the look.
UTRECHT_CLASSES = """() => {
  const add = (sel, cls) => document.querySelectorAll(sel)
    .forEach(e => e.classList.add(...cls.split(' ')));
  document.documentElement.classList.add('voorbeeld-theme');
  add('body', 'utrecht-document utrecht-document--surface');
  add('h1', 'utrecht-heading-1'); add('h2', 'utrecht-heading-2'); add('h3', 'utrecht-heading-3');
  add('p', 'utrecht-paragraph'); add('main a, footer a', 'utrecht-link');
  add('table', 'utrecht-table');
  add('th', 'utrecht-table__header-cell'); add('td', 'utrecht-table__cell');
  add('.btn-primary', 'utrecht-button utrecht-button--primary-action');
  add('.btn-outline-primary', 'utrecht-button utrecht-button--secondary-action');
  add('input:not([type=checkbox]):not([type=radio])',
      'utrecht-textbox utrecht-textbox--html-input');
  add('select', 'utrecht-select utrecht-select--html-select');
}"""


def shoot(playwright, base, label, utrecht_dir=None):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    OUT.mkdir(parents=True, exist_ok=True)
    for width, height in WIDTHS:
        for name, path, username in PAGES:
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="nl-NL", bypass_csp=True
            )
            page = context.new_page()
            if username:
                page.goto(base + "/accounts/login/")
                page.get_by_label("Gebruikersnaam").fill(username)
                page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
                page.get_by_role("button", name="Inloggen").click()
                page.wait_for_load_state()
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            if utrecht_dir:
                for css in sorted(Path(utrecht_dir).glob("**/dist/index.css")) + sorted(
                    Path(utrecht_dir).glob("**/dist/theme.css")
                ):
                    page.add_style_tag(content=css.read_text(encoding="utf-8"))
                page.evaluate(UTRECHT_CLASSES)
            page.screenshot(path=str(OUT / f"{label}-{name}-{width}.png"))
            context.close()
    browser.close()


def compare(playwright, labels):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    for width, _ in WIDTHS:
        scale = 0.5 if width > 1000 else 1
        for name, _, _ in PAGES:
            cells = "".join(
                f'<figure><figcaption>{label}</figcaption><img src="{label}-{name}-{width}.png" '
                f'width="{int(width * scale)}"></figure>'
                for label in labels
            )
            html = OUT / f"compare-{name}-{width}.html"
            html.write_text(
                "<!doctype html><style>body{margin:0;display:flex;gap:16px;padding:8px;"
                "font:16px sans-serif;background:#ccc}figure{margin:0}</style>" + cells,
                encoding="utf-8",
            )
            page_width = (int(width * scale) + 16) * len(labels)
            page = browser.new_page(viewport={"width": page_width, "height": 600})
            page.goto(html.as_uri())
            page.screenshot(path=str(OUT / f"compare-{name}-{width}.png"), full_page=True)
            page.close()
            html.unlink()
    browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("args", nargs="+", help="BASE_URL LABEL, or with --compare: LABELS")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--utrecht", metavar="DIR")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        if options.compare:
            compare(playwright, options.args)
        else:
            base, label = options.args
            shoot(playwright, base.rstrip("/"), label, options.utrecht)


if __name__ == "__main__":
    main()
