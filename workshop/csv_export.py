"""CSV downloads, for every audience: cells a spreadsheet will not run, and the download response."""

from __future__ import annotations

import csv
import io

from flask import Response


def safe_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_response(header: list[str], rows: list[list], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    # A byte-order mark so spreadsheet programs read the UTF-8 correctly.
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def session_csv(workshop, what: str, header: list[str], rows: list[list]) -> Response:
    """A CSV download about one session, named after what it holds, the day and the session."""
    return csv_response(header, rows, f"{what}-{workshop.held_on.isoformat()}-{workshop.id}.csv")
