"""The deployment smoke test: a resident's certificate, end to end, through a running stack over HTTP only.

    python deploy/smoke.py --portal http://127.0.0.1:8200 --idp http://127.0.0.1:8201 \
        --s3-bucket-url http://127.0.0.1:8290/thuisloket \
        --stop-worker "podman stop thuisloket_worker_1" --start-worker "podman start thuisloket_worker_1"

1. ``/gezondheid/ready/`` answers 200 (database, cache and broker answer);
2. a resident signs in at the development OpenID provider (the real redirects and its login form);
3. asks a household composition ("samenstelling van het gezin") for themselves in the wizard;
4. the worker renders and seals it into the mailbox: the resident downloads the PDF from the mailbox, and
   (with --s3-bucket-url) a new object lies in the S3 bucket;
5. the public verification page (no sign-in) calls the uploaded PDF authentic ("In orde: Echt");
6. with --stop-worker/--start-worker: a second request made while the worker is stopped waits, and is
   issued after the worker comes back.

Used by .ci/containers against compose and `podman kube play`; a city can run it against its own test
environment that uses the development provider. Needs only ``requests`` (a dependency of the portal).
Exit status 0 when every step passed.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests

WIZARD = "/mijn/aanvragen/nieuw/household_composition/"
PREFIX = "certificate_household_composition"
READY_TEXT = "klaar in je berichtenbox"
TIMEOUT = 30


class SmokeFailed(Exception):
    """A step of the smoke test did not do what a resident or operator would see."""


class _Form(HTMLParser):
    """The hidden inputs and the radio choices of a page, as a browser sees them."""

    def __init__(self):
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag != "input" or not a.get("name"):
            return
        if a.get("type") == "hidden":
            self.hidden[a["name"]] = a.get("value") or ""
        elif a.get("type") == "radio":
            self.radios.setdefault(a["name"], []).append(a.get("value") or "")


def read_form(page: str) -> _Form:
    form = _Form()
    form.feed(page)
    return form


def say(message: str) -> None:
    print(f"[smoke {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Smoke:
    def __init__(self, args):
        self.args = args
        self.portal = args.portal.rstrip("/")
        self.idp = args.idp.rstrip("/")
        self.web = requests.Session()
        self.web.headers["Accept-Language"] = "nl-BE,nl;q=0.9"

    # --- HTTP helpers -------------------------------------------------------------------------------
    def call(self, method: str, url: str, expect: int, session=None, **kwargs) -> requests.Response:
        url = urljoin(self.portal + "/", url)
        response = (session or self.web).request(method, url, allow_redirects=False, timeout=TIMEOUT, **kwargs)
        if response.status_code != expect:
            title = re.findall(r"<title>(.*?)</title>", response.text or "", re.S)
            raise SmokeFailed(f"{method} {urlsplit(url).path}: {response.status_code} instead of {expect} "
                              f"{' '.join(title[0].split()) if title else response.text[:200]!r}")
        return response

    @staticmethod
    def location(response: requests.Response) -> str:
        return urljoin(response.url, response.headers["Location"])

    # --- the steps ----------------------------------------------------------------------------------
    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.args.ready_seconds
        last = "no answer"
        while time.monotonic() < deadline:
            try:
                response = requests.get(f"{self.portal}/gezondheid/ready/", timeout=5)
                if response.status_code == 200:
                    say(f"ready: 200 {response.text.strip()[:160]}")
                    return
                last = f"{response.status_code} {response.text.strip()[:160]}"
            except requests.RequestException as error:
                last = type(error).__name__
            time.sleep(2)
        raise SmokeFailed(f"/gezondheid/ready/ did not answer 200 within {self.args.ready_seconds} s: {last}")

    def sign_in(self) -> str:
        """The authorization code flow: portal → provider (persona page, eID) → callback → Mijn gegevens."""
        url = self.location(self.call("GET", "/oidc/authenticate/?next=/mijn/gegevens/", 302))
        if not url.startswith(self.idp):
            raise SmokeFailed(f"the sign-in went to {url}, not to the provider {self.idp}")
        while urlsplit(url).path.endswith("/authorize/"):
            url = self.location(self.call("GET", url, 302))
        page = self.call("GET", url, 200)
        form = read_form(page.text)
        personas = form.radios.get("persona") or []
        if not personas:
            raise SmokeFailed("the provider's login page offers no persona")
        data = {**form.hidden, "persona": personas[0], "means": "eid", "profile": "fas", "sign_in": "1"}
        url = self.location(self.call("POST", url, 302, data=data))
        while url.startswith(self.idp):
            url = self.location(self.call("GET", url, 302))
        if "/oidc/callback/" not in url:
            raise SmokeFailed(f"the provider sent the browser to {url}, not to the portal's callback")
        landing = self.location(self.call("GET", url, 302))
        page = self.call("GET", landing, 200)
        if urlsplit(landing).path != "/mijn/gegevens/" or "csrfmiddlewaretoken" not in page.text:
            raise SmokeFailed(f"the callback sent the resident to {landing}, not to Mijn gegevens")
        say(f"signed in at the development provider as persona {personas[0]!r}")
        return personas[0]

    def request_certificate(self) -> str:
        """The wizard for oneself, delivered to the mailbox; returns the request page's path."""
        response = self.call("GET", WIZARD, 302)
        url = self.location(response)
        values = {"voor-wie": None, "levering": {"delivery": "mailbox"}}
        for _ in range(8):
            step = urlsplit(url).path.rstrip("/").rsplit("/", 1)[1]
            page = self.call("GET", url, 200)
            form = read_form(page.text)
            data = {**form.hidden, f"{PREFIX}-current_step": step}
            if step == "voor-wie":
                data[f"{step}-choice"] = form.radios[f"{step}-choice"][0]  # the first choice: oneself
            for name, value in (values.get(step) or {}).items():
                data[f"{step}-{name}"] = value
            for name, options in form.radios.items():  # any other question: its first answer
                data.setdefault(name, options[0])
            url = self.location(self.call("POST", url, 302, data=data))
            if not urlsplit(url).path.startswith(WIZARD):
                if not re.search(r"/mijn/aanvragen/[0-9a-f-]{36}/$", url):
                    raise SmokeFailed(f"the wizard ended on {url}, not on a request page")
                say(f"certificate requested: {urlsplit(url).path}")
                return urlsplit(url).path
        raise SmokeFailed("the wizard did not end after 8 steps")

    def wait_issued(self, request_path: str, seconds: float) -> float:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if READY_TEXT in self.call("GET", request_path, 200).text:
                return time.monotonic() - started
            time.sleep(1)
        raise SmokeFailed(f"{request_path} was not issued within {seconds:.0f} s")

    def bucket_keys(self) -> set[str]:
        if not self.args.s3_bucket_url:
            return set()
        response = requests.get(self.args.s3_bucket_url.rstrip("/") + "/?list-type=2&max-keys=1000", timeout=10)
        response.raise_for_status()
        return set(re.findall(r"<Key>([^<]+)</Key>", response.text))  # ListObjectsV2's keys

    def mailbox_pdf(self) -> bytes:
        inbox = self.call("GET", "/mijn/berichten/", 200).text
        messages = re.findall(r'href="(/mijn/berichten/[0-9a-f-]{36}/)"', inbox)
        if not messages:
            raise SmokeFailed("the mailbox holds no message")
        page = self.call("GET", messages[0], 200).text
        if "attest is klaar" not in page:
            raise SmokeFailed("the newest mailbox message is not the certificate")
        links = re.findall(r'href="(/mijn/berichten/[0-9a-f-]{36}/documenten/[0-9a-f-]{36}/)"', page)
        if not links:
            raise SmokeFailed("the certificate message has no document")
        response = self.call("GET", links[0], 200)
        if response.headers.get("Content-Type") != "application/pdf" or not response.content.startswith(b"%PDF-"):
            raise SmokeFailed("the mailbox document is not a PDF")
        return response.content

    def verify(self, pdf: bytes) -> None:
        """The public verification page, in a fresh session (anyone who received the PDF)."""
        public = requests.Session()
        page = self.call("GET", "/verifieer/", 200, session=public)
        token = read_form(page.text).hidden.get("csrfmiddlewaretoken", "")
        result = self.call("POST", "/verifieer/document/", 200, session=public,
                           data={"csrfmiddlewaretoken": token}, files={"document": ("attest.pdf", pdf,
                                                                                    "application/pdf")})
        if "In orde" not in result.text or "Echt" not in result.text:
            verdict = re.findall(r"<h2>(.*?)</h2>", result.text, re.S)
            raise SmokeFailed(f"the verification page did not call the PDF authentic: {verdict[:1]}")
        say("verification page: 'In orde: Echt' (seal intact, chains to the city's trust root)")

    def run_command(self, command: str) -> None:
        say(f"$ {command}")
        subprocess.run(command, shell=True, check=True, stdout=subprocess.DEVNULL)  # noqa: S602 (operator's command)

    def run(self) -> None:
        timings = {}
        t0 = time.monotonic()
        self.wait_ready()
        timings["ready"] = time.monotonic() - t0
        keys_before = self.bucket_keys()
        self.sign_in()
        path = self.request_certificate()
        timings["issued"] = self.wait_issued(path, self.args.issue_seconds)
        say(f"issued in {timings['issued']:.1f} s (rendered and sealed by the worker)")
        pdf = self.mailbox_pdf()
        say(f"mailbox: downloaded the sealed PDF ({len(pdf)} bytes)")
        if self.args.s3_bucket_url:
            new = self.bucket_keys() - keys_before
            if not new:
                raise SmokeFailed(f"no new object in {self.args.s3_bucket_url} after the certificate was issued")
            say(f"S3: {len(new)} new object(s) in the bucket, e.g. {sorted(new)[0]}")
        self.verify(pdf)
        if self.args.stop_worker and self.args.start_worker:
            self.run_command(self.args.stop_worker)
            stopped = time.monotonic()
            path = self.request_certificate()
            time.sleep(5)
            if READY_TEXT in self.call("GET", path, 200).text:
                raise SmokeFailed("a certificate was issued while the worker was stopped")
            time.sleep(max(0.0, self.args.outage_seconds - (time.monotonic() - stopped)))
            if READY_TEXT in self.call("GET", path, 200).text:
                raise SmokeFailed("a certificate was issued while the worker was stopped")
            say(f"worker stopped {time.monotonic() - stopped:.0f} s: the second request waits")
            self.run_command(self.args.start_worker)
            timings["after_outage"] = self.wait_issued(path, self.args.issue_seconds)
            say(f"second request issued {timings['after_outage']:.1f} s after the worker came back")
            self.verify(self.mailbox_pdf())
        say("PASSED " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--portal", required=True, help="the portal's base URL, e.g. http://127.0.0.1:8200")
    parser.add_argument("--idp", required=True, help="the development provider's base URL")
    parser.add_argument("--s3-bucket-url", default="", help="bucket URL that lists without credentials (moto)")
    parser.add_argument("--stop-worker", default="", help="shell command that stops the certificate worker")
    parser.add_argument("--start-worker", default="", help="shell command that starts it again")
    parser.add_argument("--outage-seconds", type=float, default=30)
    parser.add_argument("--ready-seconds", type=float, default=180)
    parser.add_argument("--issue-seconds", type=float, default=120)
    args = parser.parse_args()
    try:
        Smoke(args).run()
    except (SmokeFailed, requests.RequestException, subprocess.CalledProcessError) as error:
        say(f"FAILED: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
