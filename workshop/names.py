"""Names as people type them, made safe to show: one normal form, nothing invisible.

A name is shown to others (the console, a partner's phone, a supervisor's list, a calendar). Control
characters (NUL would reach a .ics file), bidirectional overrides (U+202E turns "Ana‮nimda" into a
look-alike) and zero-width characters (two "Ana"s that differ invisibly) are removed, every kind of
space or line break becomes one plain space, and the text is put in Unicode NFC so that "é" typed two
ways is one name.
"""

from __future__ import annotations

import unicodedata


def clean_name(value):
    """The name without control, format (bidi, zero-width) or private-use characters, in NFC."""
    if not isinstance(value, str):
        return value
    kept = []
    for ch in unicodedata.normalize("NFC", value):
        if ch.isspace():
            kept.append(" ")
        elif not unicodedata.category(ch).startswith("C"):  # Cc, Cf, Cs, Co, Cn
            kept.append(ch)
    return " ".join("".join(kept).split())
