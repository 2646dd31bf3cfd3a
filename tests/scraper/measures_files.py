"""PDF and DOCX files made from a real copy's text, for the container tests: the text is real,
the container (fonts, wrapped lines, page breaks, a running header, page numbers) is ours."""

from __future__ import annotations

import io

import docx
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

_FONT = "STSong-Light"


def pdf_of(
    text: str, *, width_chars: int = 36, lines_per_page: int = 40, running_header: str = ""
) -> bytes:
    """A PDF of `text`: lines wrapped every `width_chars` characters, as a PDF wraps them,
    page numbers at the foot and an optional header on every page."""
    pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    wrapped = [
        paragraph[start : start + width_chars]
        for paragraph in text.splitlines()
        for start in range(0, len(paragraph), width_chars)
    ]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for page, start in enumerate(range(0, len(wrapped), lines_per_page), start=1):
        pdf.setFont(_FONT, 11)
        if running_header:
            pdf.drawString(72, 800, running_header)
        for row, line in enumerate(wrapped[start : start + lines_per_page]):
            pdf.drawString(72, 770 - 17 * row, line)
        pdf.drawString(290, 40, f"- {page} -")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def docx_of(text: str) -> bytes:
    document = docx.Document()
    for paragraph in text.splitlines():
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
