"""Template helpers and the response headers every page gets."""

from flask import g

from workshop.content import curriculum
from workshop.content.model import CUE_KINDS
from workshop.joining import followup_host, hands_over
from workshop.network import connect_sources

#: Scripts and style sheets: a Content-Security-Policy on them is never read.
SUBRESOURCE_TYPES = frozenset({"text/javascript", "application/javascript", "text/css"})


def init_app(app) -> None:
    @app.context_processor
    def _globals():
        return {
            "curriculum": curriculum(),
            "cue_names": CUE_KINDS,
            "hands_over": hands_over,
            "followup_host": followup_host,
        }

    @app.after_request
    def _security_headers(response):
        # Everything is served by this machine: no CDN, no inline script. A policy binds documents
        # (and workers, which this app has none of); on a script or style sheet it does nothing and
        # cost 240 bytes of every static response (2.6 KB of a phone's first visit).
        if response.mimetype not in SUBRESOURCE_TYPES:
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                f"connect-src {connect_sources()}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
            )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if getattr(g, "no_store", False):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/healthz")
    def healthz():
        """Answer once the app (content loaded, database reachable) is ready."""
        import sqlalchemy as sa

        from workshop.extensions import db

        db.session.execute(sa.text("SELECT 1"))
        return {"status": "ok"}
