"""Where requests come from: trusted reverse proxies, allowed origins, "this machine", cookies.

Behind a reverse proxy every request arrives from the proxy's address. Only when the deployment
says how many proxies stand in front (`WORKSHOP_TRUSTED_PROXIES`) are their X-Forwarded-* headers
believed (werkzeug's ProxyFix); otherwise anyone could claim any address by sending the header.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

FORWARDING_HEADERS = ("X-Forwarded-For", "X-Real-Ip", "Forwarded", "X-Forwarded-Host")


def init_app(app) -> None:
    """Secure cookies for an https deployment, and the trusted proxies, if any (call last: the
    proxy fix must see a request before anything else does)."""
    if app.config["WORKSHOP_PUBLIC_URL"].startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    proxies = app.config["WORKSHOP_TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)


def from_this_machine() -> bool:
    """The request comes from the machine the server runs on (not through an untrusted proxy)."""
    try:
        loopback = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False
    if not current_app.config["WORKSHOP_TRUSTED_PROXIES"]:
        # A proxy on this machine makes every visitor look local; its headers give it away.
        return loopback and not any(header in request.headers for header in FORWARDING_HEADERS)
    return loopback


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def extra_origins(config) -> list[str]:
    """Origins besides the page's own that may open a socket: the public URL and the listed ones."""
    listed = [origin_of(o.strip()) for o in (config["WORKSHOP_ALLOWED_ORIGINS"] or [])]
    return [o for o in [origin_of(config["WORKSHOP_PUBLIC_URL"]), *listed] if o]


def socket_origin_check(config):
    """For Socket.IO's `cors_allowed_origins`: the same origin, always, plus `extra_origins`."""
    extra = set(extra_origins(config))

    def allowed(origin, environ) -> bool:
        if not origin:
            return True  # not a browser's cross-site request (no Origin header)
        same = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        return origin == same or origin in extra

    return allowed


def connect_sources() -> str:
    """CSP connect-src: this page's own host (http and its WebSocket) and the allowed origins."""
    sources = ["'self'", f"{'wss' if request.scheme == 'https' else 'ws'}://{request.host}"]
    for origin in extra_origins(current_app.config):
        sources += [origin, origin.replace("https://", "wss://", 1).replace("http://", "ws://", 1)]
    return " ".join(dict.fromkeys(sources))
