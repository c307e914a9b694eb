"""Join links, resume links and QR codes."""

import io
import secrets
import socket
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg
import sqlalchemy as sa
from flask import current_app, request, session, url_for

from workshop.extensions import db
from workshop.models import Participant

#: The join cookie names a participant by their personal token: a row id can come back for
#: someone else once a session is deleted (SQLite reuses row ids), a random token never does.
COOKIE_KEY = "participant"


def remember_participant(participant: Participant) -> None:
    """Let this browser be the participant for a year (the join cookie)."""
    session.permanent = True
    session.pop("participant_id", None)  # cookies from before the token
    session[COOKIE_KEY] = participant.resume_token


def remembered_participant() -> Participant | None:
    """The participant this browser's join cookie names, or None."""
    token = session.get(COOKIE_KEY)
    return participant_by_token(token) if isinstance(token, str) else None


def participant_by_token(token) -> Participant | None:
    if not isinstance(token, str) or not 0 < len(token) <= 64:
        return None
    participant = db.session.scalar(sa.select(Participant).where(Participant.resume_token == token))
    # The database compared the token; compare again in constant time so timing tells nothing.
    if participant is None or not secrets.compare_digest(participant.resume_token, token):
        return None
    return participant


def local_network_address() -> str | None:
    """This machine's address on the local network, for phones in the room; None if unknown."""
    # connect() on a UDP socket sends nothing: it only asks the kernel which interface would be
    # used for that destination (a documentation address, RFC 5737), i.e. the LAN address.
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("198.51.100.1", 9))
            address = probe.getsockname()[0]
            if address and not address.startswith(("127.", "0.")):
                return address
    except OSError:
        pass
    try:
        candidates = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    for *_rest, sockaddr in candidates:
        if not sockaddr[0].startswith("127."):
            return sockaddr[0]
    return None


def base_url() -> str:
    """Where phones reach this server: the configured public URL, else the LAN address."""
    configured = current_app.config["WORKSHOP_PUBLIC_URL"]
    if configured:
        return configured
    host = request.host if request else "localhost"
    hostname, _, port = host.partition(":")
    if hostname in ("localhost", "127.0.0.1", "::1", "[::1]"):
        lan = local_network_address()
        if lan:
            hostname = lan
    scheme = request.scheme if request else "http"
    return f"{scheme}://{hostname}{':' + port if port else ''}"


def join_url(workshop) -> str:
    return base_url() + url_for("participant.join", code=workshop.join_code)


def followup_base_url() -> str:
    """Where participants come back after the day: the follow-up server when one is configured."""
    return current_app.config["WORKSHOP_FOLLOWUP_URL"] or base_url()


def followup_host() -> str:
    """The follow-up address as people type it: "training.example.org"."""
    return urlsplit(followup_base_url()).netloc


def hands_over() -> bool:
    """True on a room server whose day continues on a follow-up server."""
    return bool(current_app.config["WORKSHOP_FOLLOWUP_URL"])


def resume_url(participant) -> str:
    """The personal link a participant keeps: on the follow-up server when there is one."""
    return followup_base_url() + url_for("participant.resume", token=participant.resume_token)


def room_resume_url(participant) -> str:
    """The personal link on this (room) server, for another device in the room today."""
    return base_url() + url_for("participant.resume", token=participant.resume_token)


def qr_svg(data: str) -> str:
    """An inline SVG QR code (no external image, works offline)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def qr_text(data: str) -> str:
    """The QR code drawn with block characters, for the terminal."""
    code = qrcode.QRCode(border=1)
    code.add_data(data)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()
