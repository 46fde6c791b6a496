"""Playing the resident's browser through the real code flow: the portal via Django's test client, the
development provider via requests (it runs as its own process)."""
from urllib.parse import parse_qs, urlsplit

import requests


def start(client, next_url=None):
    response = client.get("/oidc/authenticate/", {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response["Location"]


def come_back(client, callback_url):
    """The browser arrives at the portal's callback with what the provider put in the URL."""
    parts = urlsplit(callback_url)
    assert parts.path == "/oidc/callback/"
    return client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})


def sign_in(client, oidc, **choice):
    authorize_url = start(client)
    callback = oidc.sign_in(requests.Session(), authorize_url, **choice)
    return come_back(client, callback), callback


