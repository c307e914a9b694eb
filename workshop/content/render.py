"""Markdown rendering for curriculum text: markdown-it-py with raw HTML disabled."""

import re
import unicodedata

from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def render_markdown(text: str) -> str:
    """Render curriculum Markdown to HTML; handout:N.N links point at the handout pages."""
    html = _md.render(text or "")
    return re.sub(r'href="handout:(\d+\.\d+)"', r'href="/handouts/\1"', html)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
