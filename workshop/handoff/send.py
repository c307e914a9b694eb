"""The room server's side of a hand-off over HTTP(S): ask the follow-up server, then send the day.

Every failure becomes a SendError with a reason a trainer can act on: the server cannot be
reached, the key was refused, the server is too old for this format, or it refused the day.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import requests

from workshop.handoff.document import VERSION

#: Seconds to reach the server, and to wait for its answer (a large day takes a while to import).
TIMEOUTS = (10, 300)


class SendError(Exception):
    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _call(method: str, url: str, key: str, broke: str | None = None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    try:
        return requests.request(method, url, headers=headers, timeout=TIMEOUTS, allow_redirects=False, **kwargs)
    except requests.exceptions.SSLError:
        raise SendError(
            "unreachable", f"{_host(url)} answered, but its HTTPS certificate is not valid: nothing was sent."
        ) from None
    except requests.RequestException:
        raise SendError("unreachable", broke or _unreachable(url)) from None


def _unreachable(url: str) -> str:
    return (
        f"The follow-up server {_host(url)} cannot be reached from this laptop. Check the internet "
        "connection and the address; nothing was sent, and nothing on this laptop changed."
    )


def _answer(response: requests.Response, url: str) -> dict:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        if response.status_code in (404, 405):
            raise SendError("version", f"{_host(url)} is not a workshop server that receives days (or is too old).")
        raise SendError(
            "server", f"{_host(url)} answered with an error (HTTP {response.status_code}). Nothing was imported."
        )
    if response.status_code == 401:
        raise SendError("key", body.get("error") or "The follow-up server refused the hand-off key.")
    if response.status_code == 409 and body.get("reason") == "version":
        raise SendError("version", _too_old(url))
    if not body.get("ok"):
        raise SendError(body.get("reason") or "server", body.get("error") or "The follow-up server refused the day.")
    return body


def _too_old(url: str) -> str:
    return (
        f"The follow-up server {_host(url)} runs a version of workshop too old for this laptop's days "
        f"(format {VERSION}). Ask its admin to update it; nothing was sent."
    )


def check(base_url: str, key: str) -> dict:
    """Ask the follow-up server whether the key is good and it reads this format; its answer."""
    body = _answer(_call("GET", base_url + "/trainer/api/handoff", key), base_url)
    if VERSION not in (body.get("versions") or []):
        raise SendError("version", _too_old(base_url))
    return body


def send(base_url: str, key: str, document: dict) -> dict:
    """Send a hand-off document; the follow-up server's report of what it added."""
    payload = json.dumps(document, ensure_ascii=False).encode()
    broke = (
        f"The connection to {_host(base_url)} broke while sending. The follow-up server imports a day "
        "whole or not at all: send again, nothing is added twice."
    )
    return _answer(_call("POST", base_url + "/trainer/api/handoff/days", key, broke=broke, data=payload), base_url)
