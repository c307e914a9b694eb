"""The certificate of completion's page, as PDF (fpdf2).

fpdf2: pure Python, no system libraries (it runs on any trainer's laptop), actively maintained, and
it embeds a subset of a TrueType font, so names in any Latin, Greek or Cyrillic script print right.
The font (DejaVu Serif) ships with the app: nothing is fetched at run time.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from fpdf import FPDF

from workshop.content import curriculum
from workshop.models import Workshop
from workshop.record.attendance import RosterRow, format_hours
from workshop.record.certificates import pretty_code

FONTS = Path(__file__).resolve().parent / "fonts"
INK = (27, 31, 36)
PRIMARY = (11, 87, 164)
MUTED = (74, 85, 99)


def trainer_names(workshop: Workshop) -> str:
    return workshop.trainer.name if workshop.trainer else ""


def module_lines(workshop: Workshop) -> list[str]:
    cur = curriculum()
    return [
        f"Module {n}: {cur.modules[n].title} ({cur.modules[n].minutes} minutes)"
        for n in workshop.modules
        if n in cur.modules
    ]


class CertificatePDF(FPDF):
    def __init__(self):
        super().__init__(orientation="landscape", unit="mm", format="Letter")
        self.add_font("Serif", "", str(FONTS / "DejaVuSerif.ttf"))
        self.add_font("Serif", "B", str(FONTS / "DejaVuSerif-Bold.ttf"))
        self.set_auto_page_break(False)
        self.set_title("Certificates of completion")
        self.set_creator("workshop")

    def centred(self, text: str, size: float, style: str = "", color=INK, gap: float = 2) -> None:
        self.set_font("Serif", style, size)
        self.set_text_color(*color)
        self.set_x(self.l_margin)
        self.multi_cell(self.epw, size * 0.45, text, align="C")
        self.ln(gap)

    def certificate(self, workshop: Workshop, row: RosterRow, code: str, verify_url: str) -> None:
        self.add_page()
        w, h = self.w, self.h
        self.set_draw_color(*PRIMARY)
        self.set_line_width(1.2)
        self.rect(10, 10, w - 20, h - 20)
        self.set_line_width(0.3)
        self.rect(13, 13, w - 26, h - 26)
        self.set_margins(28, 22, 28)
        self.set_y(24)
        self.centred(current_app.config["WORKSHOP_SPONSOR"], 13, color=MUTED, gap=3)
        self.centred("Certificate of Completion", 30, "B", PRIMARY, gap=5)
        self.centred("This certifies that", 12, color=MUTED)
        self.centred(row.participant.display_name, 26, "B", gap=2)
        if row.participant.agency:
            self.centred(row.participant.agency, 12, color=MUTED)
        self.centred("completed the training", 12, color=MUTED, gap=1)
        self.centred(workshop.title, 18, "B", gap=2)
        for line in module_lines(workshop):
            self.centred(line, 10.5, gap=0.5)
        self.ln(3)
        where = f" · {workshop.location}" if workshop.location else ""
        self.centred(f"{workshop.held_on.strftime('%B %-d, %Y')}{where}", 12)
        self.centred(f"Clock hours: {format_hours(row.hours)}", 15, "B", gap=3)
        self.ln(10)
        self.set_draw_color(*MUTED)
        self.line(w / 2 - 45, self.get_y(), w / 2 + 45, self.get_y())
        self.ln(2)
        self.centred(f"Trainer: {trainer_names(workshop)}", 12)
        self.set_y(h - 38)
        self.centred(f"Verification code {pretty_code(code)}", 11, "B", MUTED, gap=0.5)
        self.centred(f"Check this certificate at {verify_url}", 9.5, color=MUTED, gap=0)


def render_pdf(workshop: Workshop, rows: list[tuple[RosterRow, str, str]]) -> bytes:
    """One page per (roster row, verification code, verification address)."""
    pdf = CertificatePDF()
    for row, code, url in rows:
        pdf.certificate(workshop, row, code, url)
    return bytes(pdf.output())
