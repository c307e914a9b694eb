"""Static files for a light phone page: versioned URLs cached for a year, compression, a favicon.

Every static URL carries one version for the whole folder, a hash of every file's content:
/static/<version>/js/phone.js. A module's relative imports (./live.js) resolve under the same
version, so they carry it too; any change to any file makes new URLs. Browsers may therefore keep
a file for a year without asking again (`immutable`), and a phone that comes back after lunch
loads nothing but the page.

Pages and static files are compressed by Flask-Compress with the best encoding the browser takes
(zstd, brotli, gzip). Chosen over files compressed ahead of time: no build step, nothing that can
be served stale after an edit, and a folder that may be read-only under systemd; the cost is one
compression per file per phone per day (about 1 ms of CPU), since the year-long cache keeps a
phone from asking twice.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from flask import redirect, request, send_from_directory, url_for

#: A year, the longest cache lifetime browsers honour.
YEAR = int(timedelta(days=365).total_seconds())


def static_version(folder: Path) -> str:
    """A short hash of every file under `folder` (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def init_app(app) -> None:
    from workshop.extensions import compress

    app.config.setdefault(
        "COMPRESS_MIMETYPES",
        ["text/html", "text/css", "text/javascript", "application/javascript", "application/json", "image/svg+xml"],
    )
    compress.init_app(app)

    @app.after_request
    def _cache_static_for_a_year(response):
        if request.endpoint in ("static", "favicon") and response.status_code in (200, 304):
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return response

    @app.get("/static/<string(length=10):version>/<path:filename>", endpoint="static_moved")
    def static_moved(version: str, filename: str):
        """A page from before the last change of the static files asks for the current ones."""
        return redirect(url_for("static", filename=filename))

    @app.get("/favicon.ico", endpoint="favicon")
    def favicon():
        """Browsers ask for it whatever the page says."""
        return send_from_directory(app.static_folder, "favicon.svg", mimetype="image/svg+xml")
