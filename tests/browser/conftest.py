"""Real-browser journeys: Debian's Chromium driven by Playwright, scanned with axe-core from npm."""
import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed (apt-get install chromium)"
    if not AXE.exists():
        return "axe-core is not installed (npm ci)"
    return None


@pytest.fixture(scope="module")
def browser():
    """Module-scoped: Playwright's sync API keeps an event loop running in this thread while it is open,
    and code that starts its own loop (pyHanko) cannot run then."""
    reason = _missing()
    if reason:
        if os.environ.get("THUISLOKET_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the live server
    # run in their own threads, the test's own DB calls are synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.csp_violations.append(msg.text))
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page (via the DevTools protocol, so our CSP needs no exception)."""
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {json.dumps(violations, indent=1)}"
    assert page.csp_violations == [], page.csp_violations


@pytest.fixture
def portal(live_server, devidp, settings):
    """The portal on a live server, pointed at the development provider (its own process)."""
    settings.OIDC_OP_ISSUER = devidp.issuer
    settings.OIDC_RP_CLIENT_ID = devidp.client_id
    settings.OIDC_RP_CLIENT_SECRET = devidp.client_secret
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
                       "form-action": ["'self'", devidp.url]}
    }
    devidp.register_redirect_uri(f"{live_server.url}/oidc/callback/")
    devidp.register_post_logout_uri(f"{live_server.url}/")
    from django.core.management import call_command

    call_command("load_demo_data", verbosity=0)
    return live_server


def sign_in_resident(page, portal_url: str, persona_index: int = 0) -> None:
    """Click through the development provider as the demo resident at ``persona_index``."""
    import re

    page.goto(portal_url + "/aanmelden/")
    page.get_by_role("link", name="Aanmelden met eID of itsme").click()
    page.wait_for_url(re.compile(r".*/login/.*"))
    page.locator(f"input[name=persona][value='{persona_index}']").check()
    page.locator("input[name=means][value=eid]").check()
    page.get_by_role("button", name=re.compile("^Aanmelden")).click()
    page.wait_for_url(portal_url + "/mijn/")


def totp_for(secret: str) -> str:
    """The code an authenticator app shows now for a base32 secret typed by hand."""
    import base64

    from django_otp.oath import totp

    clean = secret.replace(" ", "").upper()
    key = base64.b32decode(clean + "=" * (-len(clean) % 8))
    return f"{totp(key, t0=0, step=30, digits=6, drift=0):06d}"


def sign_in_staff(page, portal_url: str, username: str, password: str) -> None:
    """Password, then enrol an authenticator app (first sign-in) with a code computed from the shown key."""
    page.goto(portal_url + "/balie/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/balie/aanmelden/instellen/**")
    secret = page.locator("code.code-display").inner_text()
    page.get_by_label("Code uit de app").fill(totp_for(secret))
    page.get_by_role("button", name="App koppelen").click()
    page.wait_for_load_state()
