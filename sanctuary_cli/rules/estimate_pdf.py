"""What a Good Faith Estimate says, and its PDF (docs/billing.md, "Good Faith Estimates").

Every element 45 CFR 149.610(c) asks of an estimate for an uninsured or self-pay individual is
here: the patient's name and date of birth; the primary service in plain words with its
expected dates; the itemised services with their diagnosis and service codes and expected
charges; the provider's name, NPI and tax id and the state and office where the services are
furnished; the services to be scheduled separately, with how to get an estimate for them; and
the disclaimers (other services may be recommended; it is only an estimate; the right to
dispute a bill $400 or more above it, where to learn how to start that, and that doing so does
not affect care; it is not a contract). It also says when it was issued and to keep it.

Pure: the stored estimate in, PDF bytes out (fpdf2, imported when drawing). Registering a
Unicode font reads font files, so the caller hands that in as `use_font`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sanctuary_cli.rules.superbill import joined, pdf_text

TITLE = "Good Faith Estimate for Health Care Items and Services"
# 45 CFR 149.620: a bill at least this much above the estimate's total may be disputed.
DISPUTE_THRESHOLD = Decimal("400.00")
# Where the patient-provider dispute resolution process is explained (CMS, No Surprises).
DISPUTE_WEB = "www.cms.gov/nosurprises/consumers"
DISPUTE_EMAIL = "FederalPPDRQuestions@cms.hhs.gov"
DISPUTE_PHONE = "1-800-985-3059"
LINE_HEADINGS = ("#", "Expected date", "Service", "CPT", "ICD-10", "Expected charge")
COLUMN_WIDTHS = (8, 26, 82, 22, 32, 26)
COLUMN_ALIGN = ("RIGHT", "LEFT", "LEFT", "LEFT", "LEFT", "RIGHT")
SELF_PAY_TEXT = {
    "uninsured": "Uninsured: no health plan or coverage pays for these services.",
    "not-billing-insurance": (
        "Self-pay: you have health coverage but chose not to have a claim submitted to it for "
        "these services."
    ),
}
# (text, font size, style): "B" is bold. A blank text is vertical space of that size.
Line = tuple[str, int, str]


def dollars(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def heading_lines(estimate: dict[str, Any], lines: list[dict[str, Any]]) -> list[Line]:
    """Title, patient, provider and the primary service, above the table of charges."""
    e = estimate
    dob = e["patient_birth_date"].isoformat() if e["patient_birth_date"] else "not on file"
    codes = ", ".join(e["diagnosis_codes"]) or "none on file yet"
    first, last = lines[0]["expected_date"], lines[-1]["expected_date"]
    sessions = "1 session" if e["sessions"] == 1 else f"{e['sessions']} sessions, weekly,"
    out: list[Line] = [
        (TITLE, 15, "B"),
        ("Under the No Surprises Act (Public Health Service Act section 2799B-6, "
         "45 CFR 149.610)", 9, ""),
        (f"Estimate {str(e['estimate_id'])[:8]}    Date issued: {e['issued_on'].isoformat()}",
         10, ""),
        ("", 3, ""),
        ("Patient", 11, "B"),
        (f"Name: {e['patient_name']}", 10, ""),
        (f"Date of birth: {dob}", 10, ""),
        (SELF_PAY_TEXT[e["self_pay_reason"]], 10, ""),
        ("", 3, ""),
        ("Provider", 11, "B"),
        (f"Name: {e['provider_name']}", 10, ""),
    ]  # fmt: skip
    if e["practice_name"]:
        out.append((f"Practice: {e['practice_name']}", 10, ""))
    npi = f"NPI: {e['provider_npi']}"
    if e["practice_npi"] and e["practice_npi"] != e["provider_npi"]:
        npi += f"    Practice NPI: {e['practice_npi']}"
    out += [
        (f"{npi}    Tax ID (TIN): {e['provider_tax_id']}", 10, ""),
        (f"Location where the services are furnished: {e['location']}", 10, ""),
    ]
    if e["location_state"]:
        out.append((f"State: {e['location_state']}", 10, ""))
    if e["provider_contact"]:
        out.append((f"Contact: {e['provider_contact']}", 10, ""))
    when = f"on {first.isoformat()}" if e["sessions"] == 1 else (
        f"expected on {first.isoformat()} and each week after, to {last.isoformat()}")  # fmt: skip
    out += [
        ("", 3, ""),
        ("Primary service", 11, "B"),
        (e["service_description"], 10, ""),
        (f"{sessions} {when} (period of care {e['service_from'].isoformat()} to "
         f"{e['service_to'].isoformat()}).", 10, ""),
        (f"Diagnosis codes (ICD-10-CM): {codes}", 10, ""),
        ("", 3, ""),
        ("Itemized expected charges", 11, "B"),
    ]  # fmt: skip
    return out


def estimate_rows(lines: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """One table row per expected session (an add-on code joins its main code's row)."""
    rows = []
    for line in lines:
        code = line["cpt_code"]
        if line["addon_cpt_code"]:
            code = f"{code} + {line['addon_cpt_code']} x{line['addon_units']}"
        rows.append(
            (
                str(line["line_number"]),
                line["expected_date"].isoformat(),
                line["description"],
                code,
                ", ".join(line["icd10_codes"]) or "-",
                dollars(line["amount"]),
            )
        )
    return rows


def closing_lines(estimate: dict[str, Any]) -> list[Line]:
    """The total, the separately scheduled services, the disclaimers and the dispute process."""
    e = estimate
    ask = joined(" ", e["provider_name"], f"({e['provider_contact']})" if e["provider_contact"]
                 else None)  # fmt: skip
    paragraphs = [
        "This Good Faith Estimate is only an estimate. It shows the items and services "
        "reasonably expected to be furnished, and their charges, as known on the date it was "
        "issued; the actual items, services or charges may differ from it.",
        "Your provider may recommend other items or services as part of your course of care. "
        "Those must be scheduled or requested separately and are not included in this Good "
        "Faith Estimate.",
        f"You have the right to dispute your bill if you are billed ${DISPUTE_THRESHOLD:,.0f} "
        "or more above this Good Faith Estimate for this provider: this is the "
        "patient-provider dispute resolution process (45 CFR 149.620). You may first contact "
        "the provider to say the bill is higher than the estimate, and ask them to correct it, "
        "to negotiate it, or whether financial help is available. To start a dispute, do so "
        "within 120 calendar days of the date on the original bill (an administrative fee "
        f"applies). To learn how to start it, visit {DISPUTE_WEB}, email {DISPUTE_EMAIL} or "
        f"call {DISPUTE_PHONE}. Starting a dispute will not adversely affect the quality of the "
        "health care services furnished to you.",
        "This Good Faith Estimate is not a contract: it does not require you to obtain the "
        "items or services from any provider or facility named in it.",
        "Keep a copy or a picture of this Good Faith Estimate, and of your bills: you will need "
        "them to dispute a bill.",
    ]
    return [
        (f"Total expected charges: {dollars(e['total'])}", 11, "B"),
        ("", 4, ""),
        ("Items or services to be scheduled separately", 11, "B"),
        ("Separate Good Faith Estimates will be issued when any items or services expected "
         "before or after this period of care are scheduled, or when you ask for one; to ask, "
         f"contact {ask}.", 9, ""),
        ("None are anticipated.", 9, ""),
        ("", 4, ""),
        ("Disclaimers and your rights", 11, "B"),
        *[(text, 9, "") for text in paragraphs],
    ]  # fmt: skip


def estimate_pdf(
    estimate: dict[str, Any], lines: list[dict[str, Any]], use_font: Callable[[Any], str]
) -> bytes:
    """The estimate as PDF bytes. `use_font(pdf)` registers a font and returns its family (or
    "Helvetica", the built-in Latin-1 font, whose text is then transliterated)."""
    import warnings

    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    footer = f"Good Faith Estimate {str(estimate['estimate_id'])[:8]}, {estimate['patient_name']}"

    class EstimatePdf(FPDF):
        def footer(self) -> None:
            # Pages of a long estimate that come apart still say whose and which they are.
            self.set_y(-12)
            self.set_font(family, "", 8)
            self.cell(0, 5, clean(f"{footer}: page {self.page_no()} of {{nb}}"), align="C")

    pdf = EstimatePdf(format="Letter")
    pdf.set_title(TITLE)
    pdf.set_auto_page_break(auto=True, margin=15)

    def draw(text_lines: list[Line]) -> None:
        for text, size, style in text_lines:
            if not text:
                pdf.ln(size)
                continue
            pdf.set_font(family, style, size)
            pdf.multi_cell(
                0, size * 0.5, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            if size <= 9:
                pdf.ln(1.5)

    with warnings.catch_warnings():
        # fpdf2 warns about glyphs a font lacks; the PDF is still written.
        warnings.simplefilter("ignore")
        family = use_font(pdf)
        clean = str if family != "Helvetica" else pdf_text
        pdf.add_page()
        draw(heading_lines(estimate, lines))
        pdf.ln(2)
        pdf.set_font(family, "", 9)
        with pdf.table(col_widths=COLUMN_WIDTHS, text_align=COLUMN_ALIGN, line_height=5) as table:
            heading = table.row()
            for title in LINE_HEADINGS:
                heading.cell(title)
            for values in estimate_rows(lines):
                row = table.row()
                for cell in values:
                    row.cell(clean(cell))
        pdf.ln(3)
        draw(closing_lines(estimate))
        return bytes(pdf.output())
