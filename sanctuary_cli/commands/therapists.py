"""`sanctuary therapists`: the clinicians of the practice, their licenses and NPI."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from sanctuary_cli.context import app_context, current_therapist
from sanctuary_cli.groups import GROUP_HELP
from sanctuary_cli.options import CsvOption, FormatOption, JsonOption, output_format

app = typer.Typer(
    help=GROUP_HELP["therapists"],
    no_args_is_help=True,
)

LICENSE_WARNING_DAYS = 60
LIST_COLUMNS = [
    "therapist_id",
    "name",
    "email",
    "credentials",
    "license_number",
    "license_state",
    "license_expiry",
    "license_alert",
    "npi",
    "specializations",
    "is_active",
]
SHOW_FIELDS = [
    "therapist_id",
    "name",
    "email",
    "phone",
    "credentials",
    "license_number",
    "license_state",
    "license_expiry",
    "license_alert",
    "npi",
    "tax_id",
    "practice_name",
    "practice_address",
    "specializations",
    "is_active",
    "active_patients",
]

TitleOpt = Annotated[str | None, typer.Option("--title", help='e.g. "Dr."')]
FirstOpt = Annotated[str | None, typer.Option("--first", help="First name.")]
LastOpt = Annotated[str | None, typer.Option("--last", help="Last name.")]
EmailOpt = Annotated[str | None, typer.Option("--email", help="Email (also the login name).")]
PhoneOpt = Annotated[str | None, typer.Option("--phone", help="Phone number.")]
CredOpt = Annotated[str | None, typer.Option("--credentials", help='e.g. "PhD, LMHC".')]
LicNumOpt = Annotated[str | None, typer.Option("--license-number", help="License number.")]
LicStateOpt = Annotated[str | None, typer.Option("--license-state", help="Two-letter state.")]
LicExpOpt = Annotated[str | None, typer.Option("--license-expiry", help="Expiry date, YYYY-MM-DD.")]
NpiOpt = Annotated[str | None, typer.Option("--npi", help="10-digit National Provider Id.")]
TaxOpt = Annotated[str | None, typer.Option("--tax-id", help="Tax id for superbills.")]
PracticeOpt = Annotated[str | None, typer.Option("--practice-name", help="Practice name.")]
AddressOpt = Annotated[str | None, typer.Option("--practice-address", help="Practice address.")]
LoginOpt = Annotated[
    bool,
    typer.Option("--login", help="Also create their database login role (password shown once)."),
]
SpecOpt = Annotated[
    list[str] | None,
    typer.Option("--specialization", help="A specialization (repeat for several)."),
]


@app.command("list")
def therapists_list(
    ctx: typer.Context,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """List therapists, flagging licenses that expire within 60 days.

    Example: sanctuary therapists list --csv
    """
    from sanctuary_cli.output import render

    app_ctx = app_context(ctx)
    rows = [with_license_alert(row) for row in app_ctx.db().all("therapists.list")]
    warn_licenses(rows)
    render(rows, LIST_COLUMNS, output_format(fmt, csv, json), title="Therapists")


@app.command("show")
def therapists_show(
    ctx: typer.Context,
    ref: Annotated[
        str | None, typer.Argument(help="Id, id prefix, email or name (default: you).")
    ] = None,
    fmt: FormatOption = "table",
    csv: CsvOption = False,
    json: JsonOption = False,
) -> None:
    """Show one therapist's details and license state.

    Example: sanctuary therapists show sarah.johnson@sanctuary.example
    """
    from sanctuary_cli.output import render

    app_ctx = app_context(ctx)
    therapist_id = resolve_therapist(ctx, ref)
    row = with_license_alert(app_ctx.db().one("therapists.show", therapist_id=therapist_id))
    warn_licenses([row])
    chosen = output_format(fmt, csv, json)
    if chosen == "table":
        fields = [{"field": key, "value": row.get(key)} for key in SHOW_FIELDS]
        render(fields, ["field", "value"], "table", title=row["name"])
    else:
        render([row], SHOW_FIELDS, chosen)


@app.command("add")
def therapists_add(
    ctx: typer.Context,
    first: FirstOpt = None,
    last: LastOpt = None,
    email: EmailOpt = None,
    title: TitleOpt = None,
    phone: PhoneOpt = None,
    credentials: CredOpt = None,
    license_number: LicNumOpt = None,
    license_state: LicStateOpt = None,
    license_expiry: LicExpOpt = None,
    npi: NpiOpt = None,
    tax_id: TaxOpt = None,
    practice_name: PracticeOpt = None,
    practice_address: AddressOpt = None,
    specialization: SpecOpt = None,
    login: LoginOpt = False,
) -> None:
    """Add a therapist (first name, last name and email are required).

    Example: sanctuary therapists add --first Sam --last Lee --email sam@clinic.example
    """
    from sanctuary_cli.errors import UserError

    values = therapist_values(locals())
    missing = [flag for flag, key in REQUIRED.items() if not values[key]]
    if missing:
        raise UserError(f"Give {', '.join(missing)} to add a therapist")
    row = app_context(ctx).db().one("therapists.insert", **values)
    print(
        f"Added therapist {values['first_name']} {values['last_name']} (id {row['therapist_id']})"
    )
    warn_licenses([with_license_alert(values)])
    if login:
        from sanctuary_cli.security import add_login

        print(add_login(app_context(ctx).db(), row["therapist_id"]))


@app.command("edit")
def therapists_edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Id, id prefix, email or name.")],
    first: FirstOpt = None,
    last: LastOpt = None,
    email: EmailOpt = None,
    title: TitleOpt = None,
    phone: PhoneOpt = None,
    credentials: CredOpt = None,
    license_number: LicNumOpt = None,
    license_state: LicStateOpt = None,
    license_expiry: LicExpOpt = None,
    npi: NpiOpt = None,
    tax_id: TaxOpt = None,
    practice_name: PracticeOpt = None,
    practice_address: AddressOpt = None,
    specialization: SpecOpt = None,
    active: Annotated[
        bool | None, typer.Option("--active/--inactive", help="Whether they still practise.")
    ] = None,
    login: LoginOpt = False,
) -> None:
    """Change a therapist's details; only the options given change.

    Example: sanctuary therapists edit sarah --license-expiry 2028-06-30
    """
    from sanctuary_cli.errors import UserError

    therapist_id = resolve_therapist(ctx, ref)
    values = therapist_values(locals())
    values["is_active"] = active
    if login:
        from sanctuary_cli.security import add_login

        print(add_login(app_context(ctx).db(), therapist_id))
        if all(value is None for value in values.values()):
            return
    if all(value is None for value in values.values()):
        raise UserError("Nothing to change: give at least one option (see --help)")
    app_context(ctx).db().one("therapists.update", therapist_id=therapist_id, **values)
    print(f"Updated therapist {str(therapist_id)[:8]}")


REQUIRED = {"--first": "first_name", "--last": "last_name", "--email": "email"}


def therapist_values(given: dict[str, Any]) -> dict[str, Any]:
    """Query parameters from command options: trimmed, NFC names, dates and states checked."""
    import unicodedata

    from sanctuary_cli.errors import UserError

    def text(key: str) -> str | None:
        value = given.get(key)
        return unicodedata.normalize("NFC", value.strip()) or None if value else None

    expiry = text("license_expiry")
    try:
        expiry_date = date.fromisoformat(expiry) if expiry else None
    except ValueError:
        raise UserError(f"--license-expiry must be a date YYYY-MM-DD, not {expiry!r}") from None
    state = text("license_state")
    specs = [s.strip() for s in given.get("specialization") or [] if s.strip()]
    return {
        "title": text("title"),
        "first_name": text("first"),
        "last_name": text("last"),
        "email": text("email").lower() if text("email") else None,
        "phone": text("phone"),
        "credentials": text("credentials"),
        "license_number": text("license_number"),
        "license_state": state.upper() if state else None,
        "license_expiry": expiry_date,
        "npi": text("npi"),
        "tax_id": text("tax_id"),
        "practice_name": text("practice_name"),
        "practice_address": text("practice_address"),
        "specializations": specs or None,
    }


def resolve_therapist(ctx: typer.Context, ref: str | None) -> Any:
    """The id of the therapist `ref` names (id, prefix, email, name), or the current one."""
    from sanctuary_cli.errors import UserError
    from sanctuary_cli.refs import ambiguous_message, id_prefix_pattern, name_patterns

    if ref is None:
        return current_therapist(ctx)["id"]
    words = [pattern[1:-1] for pattern in name_patterns(ref)]
    rows = (
        app_context(ctx)
        .db()
        .all(
            "therapists.find",
            id_prefix=id_prefix_pattern(ref.strip()),
            ref=ref.strip(),
            name_pattern="%" + "%".join(words) + "%" if words else "-",
        )
    )
    if not rows:
        raise UserError(f"No therapist matches {ref!r}")
    if len(rows) > 1:
        raise UserError(ambiguous_message("therapists", ref, [str(r["id"])[:8] for r in rows]))
    return rows[0]["id"]


def license_alert(days_left: int | None) -> str | None:
    """A warning when the license has expired or expires within 60 days, else None."""
    if days_left is None:
        return None
    if days_left < 0:
        return f"expired {-days_left} day(s) ago"
    if days_left <= LICENSE_WARNING_DAYS:
        return f"expires in {days_left} day(s)"
    return None


def with_license_alert(row: dict[str, Any]) -> dict[str, Any]:
    """The row with license_alert; days are counted by the database in the practice zone."""
    days_left = row.get("license_days_left")
    if days_left is None and row.get("license_expiry") is not None:
        days_left = (row["license_expiry"] - date.today()).days
    return {**row, "license_alert": license_alert(days_left)}


def warn_licenses(rows: list[dict[str, Any]]) -> None:
    import sys

    for row in rows:
        if row.get("license_alert"):
            name = row.get("name") or f"{row.get('first_name')} {row.get('last_name')}"
            sys.stderr.write(f"Warning: the license of {name} {row['license_alert']}\n")
