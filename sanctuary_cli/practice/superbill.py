"""Superbills: the itemised statement a patient sends to their insurer for reimbursement."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sanctuary_cli.errors import UserError
from sanctuary_cli.store.db import Database
from sanctuary_cli.store.files import atomic_write

LINE_HEADINGS = (
    "Date of service",
    "CPT",
    "Mod",
    "Units",
    "ICD-10",
    "POS",
    "Fee",
    "Paid",
    "Balance",
)


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


def write_superbill(path: str | Path, data: dict[str, Any]) -> Path:
    """Render the superbill as a PDF and write it atomically."""
    return atomic_write(path, superbill_pdf(data))


def superbill_pdf(data: dict[str, Any]) -> bytes:
    import warnings

    with warnings.catch_warnings():
        # fpdf2 warns about glyphs a font lacks; the PDF is still written.
        warnings.simplefilter("ignore")
        return _render_pdf(data)


def _render_pdf(data: dict[str, Any]) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    provider, patient, lines = data["provider"], data["patient"], data["lines"]
    pdf = FPDF(format="Letter")
    pdf.set_title("Superbill")
    pdf.set_auto_page_break(auto=True, margin=15)
    family = use_unicode_font(pdf)
    clean = (lambda text: str(text)) if family != "Helvetica" else pdf_text
    pdf.add_page()

    def text_line(text: str, size: int = 10, style: str = "") -> None:
        pdf.set_font(family, style, size)
        pdf.cell(0, size * 0.55, clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    text_line("Superbill", 16, "B")
    text_line(f"Statement period: {data['date_from']} to {data['date_to']}", 9)
    pdf.ln(3)
    text_line("Provider", 11, "B")
    name = ", ".join(part for part in (provider["provider_name"], provider["credentials"]) if part)
    text_line(name)
    if provider["practice_name"]:
        text_line(provider["practice_name"])
    text_line(f"Practice address: {provider['practice_address'] or '-'}")
    license_text = " ".join(
        part for part in (provider["license_number"], provider["license_state"]) if part
    )
    text_line(f"NPI: {provider['npi']}    Tax ID: {provider['tax_id']}")
    text_line(f"License: {license_text or '-'}")
    contact = "    ".join(part for part in (provider["phone"], provider["email"]) if part)
    if contact:
        text_line(contact)
    pdf.ln(3)
    text_line("Patient", 11, "B")
    text_line(f"Name: {patient['full_name']}")
    dob = patient["date_of_birth"].isoformat() if patient["date_of_birth"] else "-"
    text_line(f"Date of birth: {dob}")
    if patient["address"]:
        text_line(f"Address: {patient['address']}")
    if patient["insurance_provider"]:
        member = " ".join(
            f"{label} {value}"
            for label, value in (
                ("member id", patient["insurance_member_id"]),
                ("group", patient["insurance_group_number"]),
            )
            if value
        )
        text_line(f"Insurance: {patient['insurance_provider']} {member}".rstrip())
    pdf.ln(4)

    pdf.set_font(family, "", 9)
    with pdf.table(
        col_widths=(28, 18, 16, 14, 42, 14, 22, 22, 22),
        text_align=("LEFT", "LEFT", "LEFT", "RIGHT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
        line_height=6,
    ) as table:
        heading = table.row()
        for title in LINE_HEADINGS:
            heading.cell(title)
        for line in superbill_rows(lines):
            row = table.row()
            for cell in line:
                row.cell(clean(cell))
    pdf.ln(3)
    totals = superbill_totals(lines)
    text_line(
        f"Total fees: {totals['amount']:.2f}    Payments: {totals['amount_paid']:.2f}    "
        f"Balance due: {totals['balance']:.2f}",
        10,
        "B",
    )
    text_line(
        "POS codes: 02 telehealth (not in patient's home), 10 telehealth in patient's "
        "home, 11 office.",
        8,
    )
    return bytes(pdf.output())


def superbill_rows(lines: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """One table row per procedure: the main code with its fee, then any add-on code."""
    rows = []
    for line in lines:
        pos = line["place_of_service"] or ""
        rows.append(
            (
                line["service_date"].isoformat(),
                line["cpt_code"] or "",
                line["cpt_modifier"] or "",
                str(line["units"]),
                ", ".join(line["icd10_codes"]),
                pos,
                f"{line['amount']:.2f}",
                f"{line['amount_paid']:.2f}",
                f"{line['balance']:.2f}",
            )
        )
        if line["addon_cpt_code"]:
            rows.append(
                (
                    line["service_date"].isoformat(),
                    line["addon_cpt_code"],
                    line["cpt_modifier"] or "",
                    str(line["addon_units"]),
                    ", ".join(line["icd10_codes"]),
                    pos,
                    "incl.",
                    "",
                    "",
                )
            )
    return rows


def superbill_totals(lines: list[dict[str, Any]]) -> dict[str, Decimal]:
    return {
        key: sum((line[key] for line in lines), Decimal("0"))
        for key in ("amount", "amount_paid", "balance")
    }


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
_FALLBACK_LETTERS = str.maketrans(
    {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Œ": "OE", "œ": "oe", "Ŋ": "N", "ŋ": "n"}
)


def use_unicode_font(pdf: Any) -> str:
    """Register a Unicode font if one is installed; else the built-in Latin-1 Helvetica."""
    for regular, bold in UNICODE_FONTS:
        if Path(regular).is_file() and Path(bold).is_file():
            pdf.add_font("Unicode", "", regular)
            pdf.add_font("Unicode", "B", bold)
            return "Unicode"
    return "Helvetica"


def pdf_text(text: str) -> str:
    """Text for the PDF's built-in Latin-1 font: accents kept, anything else transliterated."""
    text = unicodedata.normalize("NFC", str(text))
    try:
        text.encode("latin-1")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for char in text.translate(_FALLBACK_LETTERS):
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)
