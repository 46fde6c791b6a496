"""The simulated users of bench/load.py (locust): residents and desk agents, every step a real HTTP request.

Residents sign in at the development OpenID provider (authorization request → the provider's persona page,
a demo resident and the eID means → callback), then browse "Mijn gegevens", ask a household composition
for themselves through the wizard, report a broken street light with a small JPEG, and now and then sign
in again. Desk agents sign in once with password + TOTP (their own device, codes from django_otp.oath.totp)
and work the inbox: the list, then a case page. Any unexpected status or page counts as a failure.
"""
from __future__ import annotations

import io
import itertools
import random
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django_otp.oath import totp
from locust import HttpUser, between, task
from PIL import Image

CONFIG: dict = {}  # filled by bench/load.py: idp (base URL), personas, agents, category
WIZARD = "/mijn/aanvragen/nieuw/household_composition/"
TIMEOUT = 60
_agent_numbers = itertools.count()


class _Hidden(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.values[attributes["name"]] = attributes.get("value") or ""


def hidden_inputs(page: str) -> dict[str, str]:
    """The hidden inputs of a page's forms (CSRF token, the provider's ``next``), as a browser sends them."""
    reader = _Hidden()
    reader.feed(page)
    return reader.values


def small_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (random.randrange(256), 80, 40)).save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


class Failed(Exception):
    """A step answered something else than expected; already reported to locust."""


class PortalUser(HttpUser):
    abstract = True

    def step(self, method: str, url: str, name: str, expect: int, contains: str | None = None, **kwargs):
        """One request, without following redirects; a failure in locust's statistics unless as expected."""
        with self.client.request(method, url, name=name, allow_redirects=False, timeout=TIMEOUT,
                                 catch_response=True, **kwargs) as response:
            if response.status_code != expect:
                errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text or "", re.S)
                title = re.findall(r"<title>(.*?)</title>", response.text or "", re.S)
                said = " ".join(re.sub(r"<[^>]+>", " ", (errors or title or [""])[0]).split())[:160]
                response.failure(f"{response.status_code} instead of {expect}" + (f": {said}" if said else ""))
                raise Failed(name)
            if contains and contains not in response.text:
                response.failure(f"{contains!r} missing")
                raise Failed(name)
            response.success()
            return response

    def location(self, response) -> str:
        return urljoin(response.url, response.headers["Location"])


class Resident(PortalUser):
    weight = 19
    wait_time = between(5, 20)  # reading a page, typing: a resident's think time

    def on_start(self):
        self.persona = random.choice(CONFIG["personas"])
        self.signed_in = False
        self.sign_in()

    def sign_in(self):
        self.client.cookies.clear()
        self.signed_in = False
        try:
            response = self.step("GET", "/oidc/authenticate/?next=/mijn/gegevens/", "sign-in: start", 302)
            url = self.location(response)
            while urlsplit(url).path.endswith("/authorize/"):  # the provider's redirects: → persona page
                url = self.location(self.step("GET", url, "devidp: authorize", 302))
            page = self.step("GET", url, "devidp: persona page", 200, "csrfmiddlewaretoken")
            data = {**hidden_inputs(page.text), "persona": self.persona["key"], "means": "eid",
                    "profile": "fas", "sign_in": "1"}
            response = self.step("POST", url, "devidp: pick persona", 302, data=data)
            url = self.location(response)
            while url.startswith(CONFIG["idp"]):
                url = self.location(self.step("GET", url, "devidp: authorize", 302))
            response = self.step("GET", url, "sign-in: callback", 302)
            self.step("GET", self.location(response), "mijn gegevens", 200, self.persona["name"].split()[0])
            self.signed_in = True
        except Failed:
            pass

    @task(5)
    def my_data(self):
        if not self.signed_in:
            return self.sign_in()
        try:
            self.step("GET", "/mijn/gegevens/", "mijn gegevens", 200, self.persona["name"].split()[0])
        except Failed:
            pass

    @task(1)
    def sign_in_again(self):
        self.sign_in()

    @task(2)
    def certificate(self):
        if not self.signed_in:
            return self.sign_in()
        try:
            response = self.client.get(WIZARD, name="certificate: start", allow_redirects=False, timeout=TIMEOUT)
            if response.status_code == 200 and "draft_action" in response.text:  # a draft of the same persona
                data = {**hidden_inputs(response.text), "draft_action": "restart"}
                self.step("POST", WIZARD, "certificate: restart draft", 302, data=data)
            elif response.status_code != 302:
                self.step("GET", WIZARD, "certificate: start", 302)
            page = self.step("GET", f"{WIZARD}voor-wie/", "certificate: for whom", 200)
            self.wizard_post("voor-wie", page, {"choice": self.persona["national_number"]}, f"{WIZARD}levering/")
            page = self.step("GET", f"{WIZARD}levering/", "certificate: delivery", 200)
            self.wizard_post("levering", page, {"delivery": "mailbox"}, f"{WIZARD}controle/")
            page = self.step("GET", f"{WIZARD}controle/", "certificate: review", 200)
            response = self.wizard_post("controle", page, {}, "/mijn/aanvragen/")
            CONFIG["submitted"] = CONFIG.get("submitted", 0) + 1
            self.step("GET", self.location(response), "certificate: request page", 200)
        except Failed:
            pass

    def wizard_post(self, step: str, page, data: dict, next_url: str):
        payload = {**hidden_inputs(page.text), "certificate_household_composition-current_step": step,
                   **{f"{step}-{key}": value for key, value in data.items()}}
        response = self.step("POST", f"{WIZARD}{step}/", f"certificate: post {step}", 302, data=payload)
        if not response.headers["Location"].startswith(next_url):
            response.failure(f"went to {urlsplit(response.headers['Location']).path} instead of {next_url}")
            raise Failed(step)
        return response

    @task(1)
    def report(self):
        if not self.signed_in:
            return self.sign_in()
        try:
            page = self.step("GET", "/meldingen/nieuw/report/", "report: form", 200)
            data = {**hidden_inputs(page.text), "category": CONFIG["category"], "address": "Kerkstraat 12",
                    "description": "De straatlamp voor mijn deur brandt niet.", "latitude": "", "longitude": "",
                    "website": ""}
            photo = small_jpeg()
            with self.client.post("/meldingen/nieuw/report/", data=data, name="report: send with photo",
                                  files={"photo": ("lamp.jpg", photo, "image/jpeg")}, allow_redirects=False,
                                  timeout=TIMEOUT, catch_response=True) as response:
                duplicate = response.status_code == 200 and 'name="confirm_new"' in response.text
                if response.status_code == 302 or duplicate:
                    response.success()
            if duplicate:  # "Is dit al gemeld?": the same lamp was reported nearby; the resident says it is new
                data = {**data, **hidden_inputs(response.text), "confirm_new": "1"}
                response = self.step("POST", "/meldingen/nieuw/report/", "report: confirm new (photo again)", 302,
                                     data=data, files={"photo": ("lamp.jpg", photo, "image/jpeg")})
            elif response.status_code != 302:
                self.step("POST", "/meldingen/nieuw/report/", "report: send with photo", 302, data=data,
                          files={"photo": ("lamp.jpg", photo, "image/jpeg")})
            self.step("GET", self.location(response), "report: thanks", 200)
        except Failed:
            pass


class Agent(PortalUser):
    weight = 1
    wait_time = between(5, 15)

    def on_start(self):
        self.agent = CONFIG["agents"][next(_agent_numbers) % len(CONFIG["agents"])]
        self.signed_in = False
        try:
            page = self.step("GET", "/balie/aanmelden/", "staff: sign-in page", 200)
            data = {**hidden_inputs(page.text), "username": self.agent["username"],
                    "password": self.agent["password"]}
            self.step("POST", "/balie/aanmelden/", "staff: password", 302, data=data)
            page = self.step("GET", "/balie/aanmelden/code/", "staff: code page", 200)
            key = bytes.fromhex(self.agent["key"])
            data = {**hidden_inputs(page.text), "code": f"{totp(key):06d}"}
            self.step("POST", "/balie/aanmelden/code/", "staff: TOTP code", 302, data=data)
            self.signed_in = True
        except Failed:
            pass

    @task
    def inbox(self):
        if not self.signed_in:
            return
        try:
            page = self.step("GET", "/balie/desk/?status=open", "desk: inbox", 200)
            references = re.findall(r'href="/balie/desk/dossier/([^/"]+)/"', page.text)
            if references:
                self.step("GET", f"/balie/desk/dossier/{random.choice(references)}/", "desk: case page", 200)
        except Failed:
            pass
