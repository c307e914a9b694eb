"""Static files for a light phone page: versioned URLs cached for a year, compression, a favicon.

Every static URL carries one version for the whole folder, a hash of every file's content:
/static/<version>/js/phone.js. A module's relative imports (./live.js) resolve under the same
version, so they carry it too; any change to any file makes new URLs. Browsers may therefore keep
a file for a year without asking again (`immutable`), and a phone that comes back after lunch
loads nothing but the page.

Static files are compressed here, once per file and encoding in each process, at the encoders'
highest settings (brotli quality 11, zstd level 19: a phone's first visit 15 % lighter than at
Flask-Compress's fast defaults, 40 KB of socket.io client 11.7 KB instead of 13.9), and the
compressed bytes are kept in memory, keyed by the file's ETag (its size and modification time),
so an edited file is compressed afresh and never served stale. Chosen over files compressed ahead
of time: no build step, and a folder that may be read-only under systemd. The cost is about 0.2 s
of CPU once per process for the whole folder, then none. Pages, which differ per viewer, are
compressed by Flask-Compress at its fast defaults.

The favicon is written into every page as a data: URL (300 bytes), so no page asks for it;
/favicon.ico still answers for browsers that ask whatever the page says.
"""

from __future__ import annotations

import gzip
import hashlib
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import brotli
from flask import redirect, request, send_from_directory, url_for

try:  # zstd: Python 3.14's standard library, or its backport before that
    from compression import zstd
except ImportError:
    from backports import zstd

#: A year, the longest cache lifetime browsers honour.
YEAR = int(timedelta(days=365).total_seconds())


def static_version(folder: Path) -> str:
    """A short hash of every file under `folder` (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


#: What static files are offered in, best first: brotli at quality 11 is the smallest for text.
STATIC_ENCODINGS = ("br", "zstd", "gzip")


def compress_best(data: bytes, encoding: str) -> bytes:
    """`data` at the encoder's smallest (slowest) setting: worth it for a file compressed once."""
    if encoding == "br":
        return brotli.compress(data, quality=11)
    if encoding == "zstd":
        return zstd.compress(data, 19)
    return gzip.compress(data, 9, mtime=0)


def favicon_data_url(folder: Path) -> str:
    """The SVG favicon as a data: URL for <link rel="icon">: no request for it on any page. Its
    angle brackets are escaped, so a page's text holds no SVG element but the ones it shows."""
    svg = (folder / "favicon.svg").read_text().strip().replace('"', "'")
    return "data:image/svg+xml," + quote(svg, safe=" '=:/.,-")


def init_app(app) -> None:
    from workshop.extensions import compress

    app.config.setdefault(
        "COMPRESS_MIMETYPES",
        ["text/html", "text/css", "text/javascript", "application/javascript", "application/json", "image/svg+xml"],
    )
    compress.init_app(app)
    app.jinja_env.globals["favicon_url"] = favicon_data_url(Path(app.static_folder))
    # Static files compressed once each: {(ETag, encoding): bytes}. Registered after Flask-Compress,
    # so it runs before it (Flask runs after_request functions last first), and Flask-Compress
    # leaves alone a response that already has its Content-Encoding.
    compressed: dict[tuple[str, str], bytes] = {}

    @app.after_request
    def _compress_static_once(response):
        if (
            request.endpoint != "static"
            or response.status_code != 200
            or response.mimetype not in compress.compress_mimetypes_set
            or "Content-Encoding" in response.headers
        ):
            return response
        response.vary.add("Accept-Encoding")
        encoding = next((e for e in STATIC_ENCODINGS if request.accept_encodings.quality(e) > 0), None)
        etag, _ = response.get_etag()
        if encoding is None or etag is None:
            return response
        response.direct_passthrough = False
        body = compressed.get((etag, encoding))
        if body is None:
            body = compressed[(etag, encoding)] = compress_best(response.get_data(), encoding)
        else:
            close = getattr(response.response, "close", None)  # the file, not read this time
            if close is not None:
                response.call_on_close(close)
        response.set_data(body)
        response.headers["Content-Encoding"] = encoding
        # About 1 KB of headers comes with every file, as much as a small file: what a file under a
        # versioned, immutable URL does not need goes. No ETag: send_file's would not match the
        # compressed bytes, and without it a browser that revalidates anyway asks If-Modified-Since,
        # which is answered 304. No byte ranges of compressed bytes, and no download name.
        for name in ("ETag", "Accept-Ranges", "Content-Disposition"):
            response.headers.pop(name, None)
        return response

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
