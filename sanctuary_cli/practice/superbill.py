"""Superbills: the itemised statement a patient sends to their insurer for reimbursement.

The lines come from rules/superbill.py; this draws them as a PDF (fpdf2, imported lazily),
writes it atomically and records the EXPORT.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.practice import clinician
from sanctuary_cli.practice.audit import record_read
from sanctuary_cli.practice.refs import resolve_patient
from sanctuary_cli.rules import parsers
from sanctuary_cli.rules import superbill as layout
from sanctuary_cli.store.db import Database
from sanctuary_cli.store.files import atomic_write

# A Unicode TrueType font, where the system has one, so any patient name prints as written.
UNICODE_FONTS = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("/Library/Fonts/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf"),
    ("C:\\Windows\\Fonts\\arial.ttf", "C:\\Windows\\Fonts\\arialbd.ttf"),
)


def write_superbill(
    db: Database, patient_ref: str, first_day: str, last_day: str, path: str | Path
) -> Path:
    """The acting clinician's superbill of a patient for the days from first to last
    (ISO or words like today), written as a PDF to `path` (atomically), the EXPORT
    recorded; returns the path written."""
    tz = db.settings.tz
    date_from = parsers.parse_day(first_day, tz, what="--from")
    date_to = parsers.parse_day(last_day, tz, what="--to")
    patient_id = resolve_patient(db, patient_ref)["id"]
    data = superbill_data(db, clinician.acting_id(db), patient_id, date_from, date_to)
    written = atomic_write(path, superbill_pdf(data))
    record_read(db, "financial_records", None, patient_id, action="EXPORT")
    return written


def superbill_data(
    db: Database, therapist_id: Any, patient_id: Any, date_from: date, date_to: date
) -> dict[str, Any]:
    """Provider, patient and the billed lines of the period; an error when there are none."""
    if date_to < date_from:
        raise UserError("--to is before --from")
    params = {
        "therapist_id": therapist_id,
        "patient_id": patient_id,
        "date_from": date_from,
        "date_to": date_to,
    }
    provider = db.one("billing.superbill_provider", **params)
    patient = db.one("billing.superbill_patient", **params)
    lines = db.all("billing.superbill_lines", **params)
    if not lines:
        raise UserError(f"No charges for this patient from {date_from} to {date_to}")
    missing = [label for key, label in (("npi", "NPI"), ("tax_id", "tax id")) if not provider[key]]
    if missing:
        raise UserError(
            f"The provider has no {' or '.join(missing)}; add it with `sanctuary therapists edit`"
        )
    return {
        "provider": provider,
        "patient": patient,
        "lines": lines,
        "date_from": date_from,
        "date_to": date_to,
    }


def superbill_pdf(data: dict[str, Any]) -> bytes:
    """The superbill as PDF bytes: heading blocks, the table of services, the totals."""
    import warnings

    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="Letter")
    pdf.set_title("Superbill")
    pdf.set_auto_page_break(auto=True, margin=15)

    def draw(lines: list[layout.Line]) -> None:
        for text, size, style in lines:
            if not text:
                pdf.ln(size)
                continue
            pdf.set_font(family, style, size)
            pdf.cell(0, size * 0.55, clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    with warnings.catch_warnings():
        # fpdf2 warns about glyphs a font lacks; the PDF is still written.
        warnings.simplefilter("ignore")
        family = use_unicode_font(pdf)
        clean = str if family != "Helvetica" else layout.pdf_text
        pdf.add_page()
        draw(layout.heading_lines(data))
        pdf.ln(4)
        pdf.set_font(family, "", 9)
        with pdf.table(
            col_widths=layout.COLUMN_WIDTHS, text_align=layout.COLUMN_ALIGN, line_height=6
        ) as table:
            heading = table.row()
            for title in layout.LINE_HEADINGS:
                heading.cell(title)
            for line in layout.superbill_rows(data["lines"]):
                row = table.row()
                for cell in line:
                    row.cell(clean(cell))
        pdf.ln(3)
        draw(layout.closing_lines(data["lines"]))
        return bytes(pdf.output())


def use_unicode_font(pdf: Any) -> str:
    """Register a Unicode font if one is installed; else the built-in Latin-1 Helvetica."""
    for regular, bold in UNICODE_FONTS:
        if Path(regular).is_file() and Path(bold).is_file():
            pdf.add_font("Unicode", "", regular)
            pdf.add_font("Unicode", "B", bold)
            return "Unicode"
    return "Helvetica"
