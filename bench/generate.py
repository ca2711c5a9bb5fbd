"""Build a synthetic practice group for the benchmarks, server-side, in one transaction.

    python bench/generate.py                       # scale 1 into the embedded server
    python bench/generate.py --scale 0.05          # a twentieth of that
    python bench/generate.py --database-url URL    # into the (migrated or empty) database URL
    python bench/generate.py --scale 0.1 --depth 10 --database sanctuary_bench_d10

Scale sets the size of the practice (therapists, patients); depth the length of each
clinician's history: depth 10 gives the same 500 patients per therapist ten times as many
appointments, notes, charges, mood and progress entries, over ten times as many years (about
7.7 years at depth 1, 77 at depth 10), so a query's growth with a deep history can be measured
apart from its growth with the practice. Charges older than the depth-1 history are all paid
(an old practice has settled its distant past), so the open and overdue charges, like the
upcoming appointments, are about the same at every depth.

Scale 1 is 50 therapists, 25,000 patients, 1,000,000 appointments, 2,000,000 mood entries,
1,000,000 financial records and 300,000 session notes (plus payments, progress entries, tags).
Without a URL the generator (re)creates the database `sanctuary_bench` on the embedded server of
SANCTUARY_DATA_DIR, owned by the non-superuser owner role; with a URL it loads into that database,
which must hold no practice data yet. Either way it runs the migrations first.

Every row is made by INSERT ... SELECT over generate_series on the server, so nothing crosses
the wire but the statements. Ids are md5-derived UUIDs of a row number, so a table can point at
another without a lookup, and a run is repeatable (the dates follow today).

Triggers: the load runs as the owner role (as a migration would on a managed server) inside
ONE transaction that first disables the tables' user triggers (ALTER TABLE ... DISABLE TRIGGER,
which the owner may do; foreign keys, checks and the exclusion constraint stay enforced because
they are not user triggers) and lifts FORCE ROW LEVEL SECURITY, then re-enables both before it
commits, so no other session ever sees them off. What the disabled triggers would have
maintained (appointment end times, patient session counts, tag usage counts, the paid total
of each charge) is written in bulk instead. Audit triggers, if present, record nothing for
synthetic rows: they are not anyone's reading or change of clinical data. No superuser and no
session_replication_role (which would also switch off the foreign-key checks) is needed.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

BENCH_DATABASE = "sanctuary_bench"
BENCH_TIMEZONE = "America/New_York"
LOADED_TABLES = (
    "therapists",
    "patients",
    "appointments",
    "session_notes",
    "mood_entries",
    "progress_entries",
    "financial_records",
    "payments",
    "tags",
    "note_tags",
)
SLOTS_PER_DAY = 10  # hourly sessions 08:00-17:00 local time, weekdays


@dataclass(frozen=True)
class Sizes:
    therapists: int
    patients: int
    appointments: int
    mood_entries: int
    financial_records: int
    session_notes: int
    progress_entries: int

    @classmethod
    def at(cls, scale: float, depth: float = 1.0) -> Sizes:
        def n(base: int, least: int) -> int:
            return max(least, round(base * scale))

        def deep(base: int, least: int) -> int:
            return round(n(base, least) * depth)

        therapists = n(50, 2)
        return cls(
            therapists=therapists,
            patients=max(n(25_000, 20), therapists),
            appointments=deep(1_000_000, 200),
            mood_entries=deep(2_000_000, 100),
            financial_records=deep(1_000_000, 100),
            session_notes=deep(300_000, 30),
            progress_entries=deep(100_000, 20),
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = the default size")
    parser.add_argument(
        "--depth", type=float, default=1.0, help="history length per clinician (1 = 7.7 years)"
    )
    parser.add_argument(
        "--database",
        default=BENCH_DATABASE,
        help=f"database to (re)create on the embedded server (default {BENCH_DATABASE})",
    )
    parser.add_argument("--database-url", help="load into this database instead")
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("SANCTUARY_DATA_DIR"),
        help="embedded server's data dir (default: SANCTUARY_DATA_DIR or the platform one)",
    )
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.depth < 1:
        parser.error("--scale must be positive and --depth at least 1")
    sizes = Sizes.at(args.scale, args.depth)
    started = time.monotonic()
    url = args.database_url or create_embedded_database(args.data_dir, args.database)
    run_migrations(url)
    timings = load(
        url, sizes, args.depth, progress=lambda msg: print(msg, file=sys.stderr, flush=True)
    )
    total = time.monotonic() - started
    print(
        f"loaded scale {args.scale:g} depth {args.depth:g} in {total:.1f} s into {masked(url)}",
        file=sys.stderr,
    )
    for step, seconds in timings.items():
        print(f"  {step:<22} {seconds:7.1f} s", file=sys.stderr)
    print(url)
    return 0


def create_embedded_database(data_dir: str | None, database: str = BENCH_DATABASE) -> str:
    """(Re)create the database (sanctuary_bench) on the embedded server, owned by the owner."""
    from sanctuary_cli.store import embedded
    from sanctuary_cli.store.config import load_settings

    settings = load_settings(data_dir=data_dir) if data_dir else load_settings()
    server = embedded.ensure_server(settings.data_dir)
    embedded.bootstrap(server)
    with psycopg.connect(server.conninfo(embedded.SUPERUSER, "postgres"), autocommit=True) as conn:
        name = sql.Identifier(database)
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(name))
        conn.execute(
            sql.SQL("create database {} owner {} encoding 'UTF8' template template0").format(
                name, sql.Identifier(embedded.OWNER_ROLE)
            )
        )
    return server.conninfo(embedded.OWNER_ROLE, database)


def run_migrations(url: str) -> None:
    from sanctuary_cli.store.config import load_settings
    from sanctuary_cli.store.db import connect
    from sanctuary_cli.store.migrate import migrate

    db = connect(load_settings(database_url=url, timezone=BENCH_TIMEZONE), check_schema=False)
    try:
        migrate(db)
    finally:
        db.close()


def masked(url: str) -> str:
    from sanctuary_cli.store.config import mask_url

    return mask_url(url)


def load(url: str, sizes: Sizes, depth: float = 1.0, progress=lambda msg: None) -> dict[str, float]:
    """Fill the tables in one transaction; returns seconds per step."""
    timings: dict[str, float] = {}
    with psycopg.connect(url, autocommit=False, prepare_threshold=None) as conn:
        conn.execute("select set_config('TimeZone', %s, true)", (BENCH_TIMEZONE,))
        conn.execute("set local synchronous_commit = off")
        # The paid-totals step groups every payment by charge: at the default 4 MB its hash
        # table spilled to disk from scale 1 on, which made it grow faster than the data.
        conn.execute("set local work_mem = '256MB'")
        n = conn.execute("select count(*) from therapists").fetchone()[0]
        if n:
            raise SystemExit("this database already holds practice data; give an empty one")
        switched = suspend_triggers(conn)
        params = parameters(sizes, depth)
        for step, statement in STEPS:
            progress(f"{step}...")
            t0 = time.monotonic()
            conn.execute(bind(statement, params))
            timings[step] = time.monotonic() - t0
        restore_triggers(conn, switched)
        conn.commit()
    t0 = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        for table in LOADED_TABLES:
            conn.execute(sql.SQL("vacuum (analyze) {}").format(sql.Identifier(table)))
    timings["vacuum analyze"] = time.monotonic() - t0
    return timings


def bind(statement: str, params: dict[str, int]) -> str:
    """The statement with its %(name)s numbers written in (so a literal % needs no escaping)."""
    return re.sub(r"%\((\w+)\)s", lambda m: str(int(params[m[1]])), statement)


def parameters(s: Sizes, depth: float = 1.0) -> dict[str, object]:
    per_therapist = math.ceil(s.appointments / s.therapists)
    days = math.ceil(per_therapist / SLOTS_PER_DAY)
    weeks = math.ceil(days / 5)
    # The future is as long at every depth: depth lengthens the past only.
    future_weeks = max(2, math.ceil(weeks / depth * 0.03))
    return {
        "therapists": s.therapists,
        "patients": s.patients,
        "patients_per_therapist": s.patients // s.therapists,
        "appointments": s.appointments,
        "per_therapist": per_therapist,
        "slots": SLOTS_PER_DAY,
        "past_weeks": weeks - future_weeks,
        "mood_entries": s.mood_entries,
        "financial_records": s.financial_records,
        "session_notes": s.session_notes,
        "progress_entries": s.progress_entries,
        # Day spreads of the rows not tied to a slot, and the age past which every charge is
        # paid: the depth-1 history, so open charges do not grow with depth.
        "mood_days": round(730 * depth),
        "progress_days": round(365 * depth),
        "charge_days": round(1000 * depth),
        "settled_days": math.ceil(weeks / depth) * 7 if depth > 1 else 1_000_000,
    }


def suspend_triggers(conn: psycopg.Connection) -> list[tuple[str, str | None, bool]]:
    """Disable the enabled user triggers and forced RLS of the loaded tables (this transaction)."""
    rows = conn.execute(
        """
        select c.relname, t.tgname, c.relforcerowsecurity
          from pg_class c
          left join pg_trigger t
            on t.tgrelid = c.oid and not t.tgisinternal and t.tgenabled <> 'D'
         where c.relnamespace = current_schema()::regnamespace
           and c.relname = any(%s)
        """,
        (list(LOADED_TABLES),),
    ).fetchall()
    for table, trigger, _ in rows:
        if trigger:
            conn.execute(
                sql.SQL("alter table {} disable trigger {}").format(
                    sql.Identifier(table), sql.Identifier(trigger)
                )
            )
    for table in {table for table, _, forced in rows if forced}:
        conn.execute(
            sql.SQL("alter table {} no force row level security").format(sql.Identifier(table))
        )
    return rows


def restore_triggers(conn: psycopg.Connection, switched) -> None:
    for table, trigger, _ in switched:
        if trigger:
            conn.execute(
                sql.SQL("alter table {} enable trigger {}").format(
                    sql.Identifier(table), sql.Identifier(trigger)
                )
            )
    for table in {table for table, _, forced in switched if forced}:
        conn.execute(
            sql.SQL("alter table {} force row level security").format(sql.Identifier(table))
        )


# A uniform draw in [0, 1000) from a row number and a salt: repeatable, independent per salt.
def _draw(expr: str, salt: int) -> str:
    return f"(abs(hashint8extended(({expr})::bigint, {salt})) % 1000)::int"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Amelia Benjamin Chloe Daniel Emma Felix Grace Henry Isla Jack Kai Lena Mateo Nora Omar "
    "Priya Quinn Rosa Samuel Tara Umar Vera Wyatt Ximena Yusuf Zoe Aaliyah Bruno Carmen Diego "
    "Elif Farah Gabriel Hana Ivan Jonas Keiko Liam Maya Nikhil Olivia Pablo Rahul Sofia Theo "
    "Uma Viktor Wen Yara Zainab Aiden Bianca Caleb Dara Ezra Freya Gideon Harper Imani Jude"
)
LAST_NAMES = _words(
    "Chen Carter Davis Garcia Nguyen Patel Kim Okafor Schmidt Rossi Silva Novak Haddad Kowalski "
    "Johansson Murphy Tanaka Moreau Singh Ali Cohen Brown Lopez Wilson Anderson Thomas Moore "
    "Martin Jackson White Harris Clark Lewis Walker Young Allen King Wright Scott Green Baker "
    "Adams Nelson Hill Ramirez Campbell Mitchell Roberts Turner Phillips Evans Torres Parker "
    "Collins Edwards Stewart Morris Rogers Reed Cook Morgan Bell Cooper Richardson Cox Howard"
)
PHRASES = (
    "reports improved sleep since starting the evening routine",
    "discussed work stress and boundaries with manager",
    "panic symptoms less frequent, used breathing exercise twice",
    "grief around father's death resurfaced near anniversary",
    "practised cognitive restructuring of catastrophic thoughts",
    "insomnia persists, reviewed sleep hygiene and stimulus control",
    "conflict with partner over chores, rehearsed assertive requests",
    "low mood and anhedonia, activity scheduling assigned",
    "social anxiety at team meetings, planned graded exposure",
    "rumination about exam results, introduced worry time",
    "parenting stress, explored support options and respite",
    "alcohol use reduced to weekends, motivation interview",
    "self-criticism after setback, compassion-focused exercise",
    "trauma memories intrusive, grounding skills reinforced",
    "returned to gym, energy and appetite improving",
)


def _pick(words: tuple[str, ...] | list[str], draw: str) -> str:
    array = "array[" + ", ".join("'" + w.replace("'", "''") + "'" for w in words) + "]"
    return f"({array})[1 + ({draw}) % {len(words)}]"


T_ID = "md5('t' || {n})::uuid"
# The therapist of patient (i mod patients), for rows spread over all patients by a counter i.
T_OF_I = T_ID.format(n="least((i % %(patients)s) / %(patients_per_therapist)s, %(therapists)s - 1)")
P_ID = "md5('p' || {n})::uuid"
A_ID = "md5('a' || {n})::uuid"

THERAPISTS = f"""
insert into therapists (id, title, first_name, last_name, email, phone, credentials,
                        license_number, license_state, license_expiry, npi, tax_id,
                        practice_name, practice_address, specializations)
select {T_ID.format(n="t")},
       'Dr.',
       {_pick(FIRST_NAMES, _draw("t", 1))},
       {_pick(LAST_NAMES, _draw("t", 2))} || '-' || t,
       'therapist' || t || '@bench.example',
       '+1-555-01' || lpad((t % 100)::text, 2, '0'),
       (array['PhD', 'PsyD', 'LCSW', 'LMFT', 'LPC'])[1 + t % 5],
       'PSY-' || lpad(t::text, 6, '0'),
       (array['NY', 'NJ', 'CT', 'MA', 'PA'])[1 + t % 5],
       current_date + 365 + t,
       lpad((1000000000 + t)::text, 10, '0'),
       '12-' || lpad(t::text, 7, '0'),
       'Bench Group Practice',
       '1 Main St, Springfield',
       array['CBT', 'Anxiety', 'Depression']
  from generate_series(0, %(therapists)s - 1) t
"""

PATIENTS = f"""
insert into patients (id, therapist_id, first_name, last_name, preferred_name, date_of_birth,
                      email, phone, emergency_contact_name, emergency_contact_phone,
                      emergency_contact_relationship, status, insurance_provider,
                      insurance_member_id, coverage_percent, fee_exempt, diagnosis_codes,
                      intake_date, discharged_at)
select {P_ID.format(n="p")},
       {T_ID.format(n="least(p / %(patients_per_therapist)s, %(therapists)s - 1)")},
       {_pick(FIRST_NAMES, _draw("p", 3))},
       {_pick(LAST_NAMES, _draw("p", 4))},
       case when {_draw("p", 5)} < 50 then 'Sam' end,
       date '1950-01-01' + ({_draw("p", 6)} * 19 + p % 19)::int,
       'patient' || p || '@example.org',
       '+1-555-2' || lpad((p % 1000000)::text, 6, '0'),
       {_pick(FIRST_NAMES, _draw("p", 7))} || ' ' || {_pick(LAST_NAMES, _draw("p", 4))},
       '+1-555-3' || lpad((p % 1000000)::text, 6, '0'),
       (array['spouse', 'parent', 'sibling', 'friend'])[1 + p % 4],
       (case when {_draw("p", 8)} < 800 then 'Active'
             when {_draw("p", 8)} < 920 then 'Inactive'
             else 'Completed' end)::patient_status_enum,
       case when {_draw("p", 9)} < 150 then null
            else (array['Aetna', 'Cigna', 'UnitedHealthcare', 'BlueCross', 'Medicare'])
                 [1 + p % 5] end,
       case when {_draw("p", 9)} < 150 then null else 'M' || lpad(p::text, 9, '0') end,
       case when {_draw("p", 9)} < 150 then 0
            else (array[50, 60, 70, 80, 90])[1 + {_draw("p", 10)} % 5] end,
       {_draw("p", 11)} < 30,
       array[(array['F41.1', 'F32.1', 'F43.10', 'F33.0', 'F40.10'])[1 + p % 5]],
       current_date - 60 - {_draw("p", 12)} * 3,
       case when {_draw("p", 8)} >= 920 then now() - interval '30 days' end
  from generate_series(0, %(patients)s - 1) p
"""

# Appointment n = k * therapists + t is therapist t's k-th hourly slot; slots fill weekdays
# 08:00-17:00 practice time from `past_weeks` weeks ago, so about 3% lie in the future. Each
# weekly slot belongs to one patient for 26 weeks, then to the next of the therapist's patients.
_APPT_START = (
    "((date_trunc('week', current_date)::date - 7 * %(past_weeks)s"
    " + (k / %(slots)s / 5) * 7 + (k / %(slots)s) % 5)"
    " + make_interval(hours => 8 + k % %(slots)s))::timestamp at time zone 'America/New_York'"
)
_APPT_PATIENT = (
    "t * %(patients_per_therapist)s"
    " + ((k % (5 * %(slots)s)) + 5 * %(slots)s * (k / (5 * %(slots)s) / 26))"
    " % %(patients_per_therapist)s"
)
_APPT_N = "(k * %(therapists)s + t)"
_DURATION = f"(case when {_draw(_APPT_N, 21)} < 80 then 60 else 50 end)"

APPOINTMENTS = f"""
insert into appointments (id, therapist_id, patient_id, session_type_id, starts_at,
                          duration_minutes, ends_at, appointment_type, location, video_link,
                          status, fee, cancelled_at, cancellation_reason)
select {A_ID.format(n=_APPT_N)},
       {T_ID.format(n="t")},
       {P_ID.format(n=_APPT_PATIENT)},
       case when {_draw(_APPT_N, 21)} < 80 then st.intake else st.individual end,
       s.starts_at,
       {_DURATION},
       s.starts_at + make_interval(mins => {_DURATION}),
       (case when {_draw(_APPT_N, 22)} < 400 then 'Virtual' else 'In-Person' end)
           ::appointment_type_enum,
       case when {_draw(_APPT_N, 22)} >= 400 then 'Room ' || (1 + t % 12) end,
       case when {_draw(_APPT_N, 22)} < 400
            then 'https://video.bench.example/' || md5('v' || {_APPT_N}) end,
       s.status::appointment_status_enum,
       case when {_draw(_APPT_N, 21)} < 80 then 200.00 else 150.00 end,
       case when s.status = 'cancelled' then s.starts_at - interval '2 days' end,
       case when s.status = 'cancelled' then 'Patient request' end
  from generate_series(0, %(per_therapist)s - 1) k
 cross join generate_series(0, %(therapists)s - 1) t
 cross join (select (select id from session_types where name = 'Intake') as intake,
                    (select id from session_types where name = 'Individual Therapy')
                        as individual) st
 cross join lateral (
       select {_APPT_START} as starts_at,
              case when {_APPT_START} >= now()
                   then case when {_draw(_APPT_N, 23)} < 50 then 'cancelled' else 'scheduled' end
                   when {_draw(_APPT_N, 23)} < 70 then 'cancelled'
                   when {_draw(_APPT_N, 23)} < 115 then 'no-show'
                   when {_draw(_APPT_N, 23)} < 125 then 'scheduled'
                   else 'completed' end as status
       ) s
 where {_APPT_N} < %(appointments)s
"""

SESSION_COUNTS = """
update patients p
   set session_count = c.n
  from (select patient_id, count(*) as n
          from appointments
         where status = 'completed'
         group by patient_id) c
 where c.patient_id = p.id
"""

# About 5% are private psychotherapy notes, which carry no mood or risk assessment of their own.
_PRIVATE = f"({_draw('hashtext(a.id::text)', 36)} < 50)"
_RISK = f"(case when {_PRIVATE} then 0 else {_draw('hashtext(a.id::text)', 31)} end)"
SESSION_NOTES = f"""
insert into session_notes (appointment_id, patient_id, therapist_id, template, content,
                           mood_rating, suicidal_ideation, self_harm, protective_factors,
                           risk_level, safety_plan, is_private, signed_at, signed_by,
                           session_date, created_at)
select a.id, a.patient_id, a.therapist_id,
       (array['soap', 'dap', 'birp'])[1 + {_draw("hashtext(a.id::text)", 32)} % 3],
       jsonb_build_object(
           'subjective', {_pick(PHRASES, _draw("hashtext(a.id::text)", 33))},
           'objective', 'Alert, oriented, engaged; affect congruent.',
           'assessment', {_pick(PHRASES, _draw("hashtext(a.id::text)", 34))},
           'plan', 'Continue weekly sessions; homework reviewed.'),
       case when not {_PRIVATE} then 1 + {_draw("hashtext(a.id::text)", 35)} % 10 end,
       case when {_RISK} < 940 then 'none'
            when {_RISK} < 985 then 'passive'
            else 'active without plan' end,
       case when {_RISK} < 970 then 'none' else 'past' end,
       array['family support', 'future orientation'],
       case when {_RISK} < 940 then 'low' when {_RISK} < 985 then 'moderate' else 'high' end,
       case when {_RISK} >= 940
            then 'Crisis line and sister''s number on card; means restricted.' end,
       {_PRIVATE},
       case when a.starts_at < now() - interval '3 days'
             and {_draw("hashtext(a.id::text)", 37)} < 950
            then a.ends_at + interval '1 day' end,
       case when a.starts_at < now() - interval '3 days'
             and {_draw("hashtext(a.id::text)", 37)} < 950
            then a.therapist_id end,
       (a.starts_at at time zone 'America/New_York')::date,
       a.ends_at
  from appointments a
 where a.status = 'completed'
   and {_draw("hashtext(a.id::text)", 30)} < 400
 limit %(session_notes)s
"""

TAGS = """
insert into tags (name, category)
values ('anxiety', 'symptom'), ('depression', 'symptom'), ('sleep', 'symptom'),
       ('panic', 'symptom'), ('grief', 'theme'), ('trauma', 'theme'), ('work', 'theme'),
       ('relationships', 'theme'), ('parenting', 'theme'), ('substance use', 'risk'),
       ('self-harm', 'risk'), ('cbt', 'modality'), ('dbt', 'modality'), ('exposure', 'modality'),
       ('homework', 'process'), ('progress', 'process'), ('crisis', 'risk'),
       ('family', 'theme'), ('school', 'theme'), ('medication', 'process')
on conflict (name) do nothing
"""

NOTE_TAGS = f"""
insert into note_tags (note_id, tag_id, created_at)
select n.id, t.id, n.created_at
  from session_notes n
 cross join lateral (
       select id from tags
        order by abs(hashint8extended(hashtext(n.id::text || name)::bigint, 41))
        limit 1 + {_draw("hashtext(n.id::text)", 40)} % 2
       ) t
"""

TAG_COUNTS = """
update tags g
   set usage_count = (select count(*) from note_tags nt where nt.tag_id = g.id)
"""

# A day in [0, days): the draw's thousandths of the spread (with depth, a longer spread).
_SPREAD = "((abs(hashint8extended(({d})::bigint, {salt})) % 1000000) * %({days})s / 1000000)::int"
MOOD_ENTRIES = f"""
insert into mood_entries (patient_id, therapist_id, rating, note, recorded_at, created_at)
select {P_ID.format(n="i % %(patients)s")},
       {T_OF_I},
       1 + ({_draw("i", 51)} * 7 / 1000 + i % 4) % 10,
       case when {_draw("i", 52)} < 100 then {_pick(PHRASES, _draw("i", 53))} end,
       now() - make_interval(days => {_SPREAD.format(d="i", salt=54, days="mood_days")},
                             mins => i % 1440),
       now() - make_interval(days => {_SPREAD.format(d="i", salt=54, days="mood_days")},
                             mins => i % 1440)
  from generate_series(0, %(mood_entries)s - 1) i
"""

PROGRESS_ENTRIES = f"""
insert into progress_entries (patient_id, therapist_id, progress_area_id, rating, notes,
                              recorded_at)
select {P_ID.format(n="i % %(patients)s")},
       {T_OF_I},
       areas.ids[1 + i % array_length(areas.ids, 1)],
       1 + {_draw("i", 61)} % 10,
       case when {_draw("i", 62)} < 200 then 'Steady improvement' end,
       now() - make_interval(days => {_SPREAD.format(d="i", salt=63, days="progress_days")})
  from generate_series(0, %(progress_entries)s - 1) i
 cross join (select array_agg(id order by name) as ids from progress_areas) areas
"""

# One charge per past appointment that is billed (sessions, no-shows, a third of the late
# cancellations), then stand-alone assessments and consultations up to the wanted count.
_FIN_STATUS = (
    f"(case when {_draw('hashtext(a.id::text)', 71)} < 10 then 'cancelled'"
    f" when {_draw('hashtext(a.id::text)', 71)} < 15 then 'refunded'"
    " else 'pending' end)::payment_status_enum"
)
FINANCIAL_LINKED = f"""
insert into financial_records (patient_id, therapist_id, appointment_id, record_type, description,
                               cpt_code, icd10_codes, place_of_service, service_date, due_date,
                               amount, coverage_percent, status, created_at)
select a.patient_id, a.therapist_id, a.id,
       case a.status when 'completed' then 'session'
                     when 'no-show' then 'late-fee'
                     when 'cancelled' then 'cancellation-fee'
                     else 'session' end::financial_record_type_enum,
       case a.status when 'no-show' then 'Missed appointment'
                     when 'cancelled' then 'Late cancellation'
                     else 'Psychotherapy session' end,
       case when a.status in ('completed', 'scheduled')
            then case when a.duration_minutes >= 53 then '90837' else '90834' end end,
       p.diagnosis_codes,
       case when a.appointment_type = 'Virtual' then '10' else '11' end,
       s.service_date,
       s.service_date + 30,
       case when a.status in ('completed', 'scheduled') then a.fee else 75.00 end,
       case when a.status in ('completed', 'scheduled') then p.coverage_percent else 0 end,
       {_FIN_STATUS},
       a.ends_at
  from appointments a
  join patients p on p.id = a.patient_id
 cross join lateral (select (a.starts_at at time zone 'America/New_York')::date
                                as service_date) s
 where a.starts_at < now()
   and (a.status <> 'cancelled' or {_draw("hashtext(a.id::text)", 70)} < 330)
 limit %(financial_records)s
"""

_CHARGE_AGE = _SPREAD.format(d="i", salt=72, days="charge_days")
FINANCIAL_UNLINKED = f"""
insert into financial_records (patient_id, therapist_id, record_type, description, cpt_code,
                               service_date, due_date, amount, coverage_percent, created_at)
select {P_ID.format(n="i % %(patients)s")},
       {T_OF_I},
       case when i % 2 = 0 then 'assessment' else 'consultation' end::financial_record_type_enum,
       case when i % 2 = 0 then 'Psychological assessment' else 'Case consultation' end,
       case when i % 2 = 0 then '96130' end,
       current_date - {_CHARGE_AGE},
       current_date - {_CHARGE_AGE} + 30,
       case when i % 2 = 0 then 250.00 else 120.00 end,
       0,
       now() - make_interval(days => {_CHARGE_AGE})
  from generate_series(0, %(financial_records)s - (select count(*) from financial_records) - 1) i
"""

# Old charges are nearly all paid; recent ones often not yet. A few are partly paid, and those
# left unpaid past their due date are the overdue balances.
_PAY = _draw("hashtext(f.id::text)", 81)
_AGE = "(current_date - f.service_date)"
PAYMENTS = f"""
insert into payments (financial_record_id, amount, method, reference, paid_at, created_at)
select f.id, x.amount, x.method, 'BENCH-' || left(f.id::text, 8), x.paid_at, x.paid_at
  from financial_records f
 cross join lateral (
       select case when {_AGE} > %(settled_days)s then 'full'
                   when {_AGE} > 90 then case when {_PAY} < 970 then 'full'
                                              when {_PAY} < 985 then 'part' end
                   when {_AGE} > 30 then case when {_PAY} < 850 then 'full'
                                              when {_PAY} < 900 then 'part' end
                   else case when {_PAY} < 500 then 'full' end end as plan,
              (array['card', 'insurance', 'check', 'transfer', 'cash'])[1 + {_PAY} % 5]
                  as method
       ) k
 cross join lateral (
       select f.patient_responsibility as amount, k.method,
              least(f.service_date + make_interval(days => {_PAY} % 28, hours => 12),
                    now() - interval '1 hour') as paid_at
        where k.plan = 'full' and f.patient_responsibility > 0
       union all
       select f.insurance_amount, 'insurance',
              least(f.service_date + make_interval(days => 20 + {_PAY} % 10, hours => 12),
                    now() - interval '1 hour')
        where k.plan = 'full' and f.insurance_amount > 0
       union all
       select round(f.patient_responsibility * 0.4, 2), k.method,
              least(f.service_date + make_interval(days => {_PAY} % 28, hours => 12),
                    now() - interval '1 hour')
        where k.plan = 'part' and f.patient_responsibility > 0
       ) x
 where f.status = 'pending'
"""

# What the payments trigger keeps on each charge (migration 0060).
PAID_TOTALS = """
update financial_records f
   set amount_paid = t.total,
       last_paid_at = t.last_paid_at
  from (select financial_record_id, sum(amount) as total, max(paid_at) as last_paid_at
          from payments
         group by financial_record_id) t
 where t.financial_record_id = f.id
"""

STEPS = (
    ("therapists", THERAPISTS),
    ("patients", PATIENTS),
    ("appointments", APPOINTMENTS),
    ("session counts", SESSION_COUNTS),
    ("session notes", SESSION_NOTES),
    ("tags", TAGS),
    ("note tags", NOTE_TAGS),
    ("tag usage counts", TAG_COUNTS),
    ("mood entries", MOOD_ENTRIES),
    ("progress entries", PROGRESS_ENTRIES),
    ("financial records", FINANCIAL_LINKED),
    ("financial records+", FINANCIAL_UNLINKED),
    ("payments", PAYMENTS),
    ("paid totals", PAID_TOTALS),
)


if __name__ == "__main__":
    raise SystemExit(main())
