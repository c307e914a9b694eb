"""The follow-up server's door for days sent from a room server: a trainer's laptop, with the
hand-off key an admin made for that trainer (`Authorization: Bearer <key>`). JSON in, JSON out.

GET  /trainer/api/handoff        is the key good, which format versions are read here
POST /trainer/api/handoff/days   import one day (a hand-off document); one transaction
"""

from __future__ import annotations

import functools

from flask import current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from workshop.extensions import csrf, db, limiter
from workshop.handoff.document import VERSION, HandoffError, NewerVersionError
from workshop.handoff.receive import take_in
from workshop.models.handoff import HandoffKey
from workshop.trainer.routes import bp


def _guess_limit() -> str:
    return current_app.config["WORKSHOP_JOIN_GUESS_LIMIT"]


def _refused_key(response) -> bool:
    return response.status_code == 401


def _key() -> HandoffKey | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    key = HandoffKey.find_usable(secret.strip()) if scheme.lower() == "bearer" else None
    if key is None or not key.trainer.can_train or not key.trainer.is_active:
        return None
    return key


def _refusal(message: str, status: int, reason: str):
    return jsonify({"ok": False, "reason": reason, "error": message}), status


KEY_REFUSED = (
    "The follow-up server refused this hand-off key (unknown, revoked or mistyped). Ask its admin for a new one."
)


def key_required(view):
    """A door of this API: no CSRF token (the key stands for it), wrong keys counted as guesses, and
    the view called with the key once it is good."""

    @functools.wraps(view)
    def with_key():
        key = _key()
        if key is None:
            return _refusal(KEY_REFUSED, 401, "key")
        return view(key)

    return csrf.exempt(limiter.limit(_guess_limit, deduct_when=_refused_key)(with_key))


@bp.get("/api/handoff")
@key_required
def handoff_hello(key: HandoffKey):
    """Tell a room server whether its key is good and which format versions this server reads."""
    return jsonify({"ok": True, "versions": list(range(1, VERSION + 1)), "trainer": key.trainer.name})


@bp.post("/api/handoff/days")
@key_required
def handoff_receive(key: HandoffKey):
    """Import the day in the request body for the key's trainer; say what was added."""
    limit = request.max_content_length = current_app.config["WORKSHOP_HANDOFF_MAX_BYTES"]
    try:
        report = take_in(request.get_data(cache=False), key=key)
    except RequestEntityTooLarge:
        return _refusal(f"The day is larger than this server accepts ({limit // 1024} KB).", 413, "size")
    except NewerVersionError as exc:
        return _refusal(str(exc), 409, "version")
    except HandoffError as exc:
        return _refusal(str(exc), 422, "document")
    finally:
        db.session.rollback()  # nothing left open when an import was refused half-way
    return jsonify({"ok": True, **report.as_json()})
