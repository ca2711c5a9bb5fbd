"""What a superbill says, line by line: the statement a patient sends their insurer.

Pure: the data of practice/superbill.py in, the text of each line and table row out. Drawing
the PDF (fonts are files) is practice/superbill.py's.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

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
COLUMN_WIDTHS = (28, 18, 16, 14, 42, 14, 22, 22, 22)
COLUMN_ALIGN = ("LEFT", "LEFT", "LEFT", "RIGHT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT")
POS_LEGEND = (
    "POS codes: 02 telehealth (not in patient's home), 10 telehealth in patient's home, 11 office."
)
# (text, font size, style): "B" is bold. A blank text is vertical space of that size.
Line = tuple[str, int, str]


def heading_lines(data: dict[str, Any]) -> list[Line]:
    """The title, provider and patient blocks above the table of services."""
    provider, patient = data["provider"], data["patient"]
    lines: list[Line] = [
        ("Superbill", 16, "B"),
        (f"Statement period: {data['date_from']} to {data['date_to']}", 9, ""),
        ("", 3, ""),
        ("Provider", 11, "B"),
        (joined(", ", provider["provider_name"], provider["credentials"]), 10, ""),
    ]
    if provider["practice_name"]:
        lines.append((provider["practice_name"], 10, ""))
    license_text = joined(" ", provider["license_number"], provider["license_state"])
    lines += [
        (f"Practice address: {provider['practice_address'] or '-'}", 10, ""),
        (f"NPI: {provider['npi']}    Tax ID: {provider['tax_id']}", 10, ""),
        (f"License: {license_text or '-'}", 10, ""),
    ]
    contact = joined("    ", provider["phone"], provider["email"])
    if contact:
        lines.append((contact, 10, ""))
    dob = patient["date_of_birth"].isoformat() if patient["date_of_birth"] else "-"
    lines += [
        ("", 3, ""),
        ("Patient", 11, "B"),
        (f"Name: {patient['full_name']}", 10, ""),
        (f"Date of birth: {dob}", 10, ""),
    ]
    if patient["address"]:
        lines.append((f"Address: {patient['address']}", 10, ""))
    if patient["insurance_provider"]:
        member = joined(
            " ",
            *(
                f"{label} {value}" if value else None
                for label, value in (
                    ("member id", patient["insurance_member_id"]),
                    ("group", patient["insurance_group_number"]),
                )
            ),
        )
        lines.append((f"Insurance: {patient['insurance_provider']} {member}".rstrip(), 10, ""))
    return lines


def closing_lines(lines: list[dict[str, Any]]) -> list[Line]:
    """The totals and the place-of-service legend below the table."""
    totals = superbill_totals(lines)
    return [
        (
            f"Total fees: {totals['amount']:.2f}    Payments: {totals['amount_paid']:.2f}    "
            f"Balance due: {totals['balance']:.2f}",
            10,
            "B",
        ),
        (POS_LEGEND, 8, ""),
    ]


def superbill_rows(lines: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """One table row per procedure: the main code with its fee, then any add-on code."""
    rows = []
    for line in lines:
        day = line["service_date"].isoformat()
        modifier, codes = line["cpt_modifier"] or "", ", ".join(line["icd10_codes"])
        pos = line["place_of_service"] or ""
        rows.append(
            (
                day,
                line["cpt_code"] or "",
                modifier,
                str(line["units"]),
                codes,
                pos,
                f"{line['amount']:.2f}",
                f"{line['amount_paid']:.2f}",
                f"{line['balance']:.2f}",
            )
        )
        if line["addon_cpt_code"]:
            addon = (line["addon_cpt_code"], modifier, str(line["addon_units"]), codes, pos)
            rows.append((day, *addon, "incl.", "", ""))
    return rows


def superbill_totals(lines: list[dict[str, Any]]) -> dict[str, Decimal]:
    return {
        key: sum((line[key] for line in lines), Decimal("0"))
        for key in ("amount", "amount_paid", "balance")
    }


def joined(separator: str, *parts: Any) -> str:
    """The parts that are not blank, joined."""
    return separator.join(str(part) for part in parts if part)


_FALLBACK_LETTERS = str.maketrans(
    {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Œ": "OE", "œ": "oe", "Ŋ": "N", "ŋ": "n"}
)


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
