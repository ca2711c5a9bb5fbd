"""Each command group's help text, readable without importing the group.

The root `--help` lists the groups from here (importing the twelve command modules to read
their help cost about 24 ms), and each group's Typer app takes its help from here too, so
the text lives in one place.
"""

GROUP_HELP = {
    "today": (
        "The first screen of the day: agenda, to-dos and alerts.\n\n"
        "Today's agenda, notes unsigned after 24 hours, patients needing risk follow-up, "
        "overdue balances, treatment plans due for review, and alerts (licence expiry, audit "
        "chain, age of the last backup), for you or, with --all-therapists, the practice. "
        "--json is one object with a list per section.\n\n"
        "Example: sanctuary today --json | jq '.alerts'"
    ),
    "db": (
        "Set up and look after the database.\n\n"
        "Example: sanctuary db init --demo   (creates the embedded database with a demo practice)"
    ),
    "appointments": (
        "Book, move and list appointments.\n\n"
        "Example: sanctuary appointments upcoming --days 14 --csv"
    ),
    "therapists": (
        "List, add, show and edit therapists.\n\n"
        "Example: sanctuary therapists add --first Sam --last Lee --email sam@clinic.example"
    ),
    "patients": (
        "List, add, find, chart and discharge patients.\n\n"
        'Example: sanctuary patients search "amelia chn"'
    ),
    "billing": (
        "Charge sessions, record payments, follow up overdue balances, write superbills.\n\n"
        "Example: sanctuary billing overdue --csv > overdue.csv"
    ),
    "claims": (
        "Insurance claims: make them from signed sessions, send them as 837P files, import the "
        "payers' 999, 277CA and 835 answers.\n\n"
        "Example: sanctuary claims create Amelia && sanctuary claims export -o today.837"
    ),
    "payers": (
        "The insurers the practice bills, with their payer ids.\n\n"
        "Example: sanctuary payers add Aetna --payer-id 60054"
    ),
    "practice": (
        "The practice's billing profile and clearinghouse ids, for claims.\n\n"
        "Example: sanctuary practice edit --tax-id 12-3456789 --tax-id-type ein"
    ),
    "report": (
        "Practice reports for the screen, a file or a cron job. With --output the file is "
        "written atomically and nothing goes to stdout.\n\n"
        "Example: sanctuary report daily --format markdown --output today.md"
    ),
    "notes": (
        "Write, sign, amend and search session notes.\n\n"
        "Example: sanctuary notes add Amelia --template soap --from-file session.md"
    ),
    "tags": ("List note tags with how often each is used.\n\nExample: sanctuary tags list --csv"),
    "mood": ("Record and follow a patient's mood (1-10).\n\nExample: sanctuary mood trend Amelia"),
    "progress": (
        "Rate progress on treatment areas.\n\n"
        'Example: sanctuary progress add Amelia "Anxiety Management" 6'
    ),
    "measures": (
        "Administer and follow PHQ-9, GAD-7 and the C-SSRS screener.\n\n"
        "Example: sanctuary measures add Amelia phq9 --answers 1,1,0,2,1,0,1,0,0"
    ),
    "plans": (
        "Write, sign and review treatment plans; follow each objective's evidence.\n\n"
        "Example: sanctuary plans add Amelia --from-file amelia-plan.md"
    ),
    "audit": (
        "Read and verify the append-only audit log.\n\n"
        "Example: sanctuary audit list --patient Amelia --since 2026-01-01"
    ),
    "reminders": (
        "Email appointment reminders to the patients who agreed to them, each at most once.\n\n"
        "Example: sanctuary reminders send --for tomorrow"
    ),
    "calendar": (
        "Publish the schedule to a CalDAV calendar (initials only).\n\n"
        "Example: sanctuary calendar sync --days 60"
    ),
}
