"""Server logging: one format, and no secrets in it.

Access lines name every path, and two kinds of path carry a secret: a participant's resume link
(`/resume/<token>`) and a supervisor's invite (`/invite/<token>`). Whoever reads the log must not
be able to become them, so those tokens are replaced by `…` before any line is written.
"""

from __future__ import annotations

import logging
import re

SECRET_PATHS = re.compile(r"/(resume|invite)/[^/\s?\"']+")


def redact(text: str) -> str:
    return SECRET_PATHS.sub(lambda m: f"/{m[1]}/…", text)


class RedactSecrets(logging.Filter):
    """Rewrite each record's message with the secrets in its paths replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure(level: int = logging.INFO) -> None:
    """Log to stderr, with secrets redacted from every line (the access log's included)."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())
