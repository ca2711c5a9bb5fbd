-- The practice schema: enums, the eleven tables of the source design, payments,
-- constraints and indexes. Runs as the (non-superuser) database owner: pg_trgm and
-- btree_gist are trusted extensions, and gen_random_uuid() is core PostgreSQL.

create extension if not exists pg_trgm;
create extension if not exists btree_gist;

create type session_type_enum as enum ('Individual', 'Couples', 'Family');
create type patient_status_enum as enum ('Active', 'Inactive', 'Completed');
create type appointment_type_enum as enum ('Virtual', 'In-Person');
create type appointment_status_enum as enum ('scheduled', 'completed', 'cancelled', 'no-show');
create type financial_record_type_enum as enum
    ('session', 'consultation', 'assessment', 'cancellation-fee', 'late-fee');
create type payment_status_enum as enum ('paid', 'pending', 'overdue', 'cancelled', 'refunded');

create table therapists (
    id uuid primary key default gen_random_uuid(),
    title text not null default '',
    first_name text not null check (btrim(first_name) <> ''),
    last_name text not null check (btrim(last_name) <> ''),
    email text not null unique check (email ~ '^[^@\s]+@[^@\s]+$'),
    phone text,
    credentials text not null default '',
    license_number text,
    license_state text check (license_state ~ '^[A-Z]{2}$'),
    license_expiry date,
    npi text check (npi ~ '^[0-9]{10}$'),
    tax_id text,
    practice_name text,
    practice_address text,
    specializations text[] not null default '{}',
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table session_types (
    id uuid primary key default gen_random_uuid(),
    name text not null unique check (btrim(name) <> ''),
    category session_type_enum not null,
    default_duration_minutes integer not null check (default_duration_minutes > 0),
    default_fee numeric(10, 2) not null check (default_fee >= 0),
    description text,
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table patients (
    id uuid primary key default gen_random_uuid(),
    therapist_id uuid not null references therapists (id),
    first_name text not null check (btrim(first_name) <> ''),
    last_name text not null check (btrim(last_name) <> ''),
    full_name text generated always as (first_name || ' ' || last_name) stored,
    preferred_name text,
    pronouns text,
    date_of_birth date check (date_of_birth > date '1900-01-01'),
    email text,
    phone text,
    address text,
    emergency_contact_name text,
    emergency_contact_phone text,
    emergency_contact_relationship text,
    status patient_status_enum not null default 'Active',
    insurance_provider text,
    insurance_member_id text,
    insurance_group_number text,
    coverage_percent numeric(5, 2) not null default 0
        check (coverage_percent between 0 and 100),
    fee_exempt boolean not null default false,
    diagnosis_codes text[] not null default '{}',
    session_count integer not null default 0 check (session_count >= 0),
    intake_date date not null default current_date,
    discharged_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table appointments (
    id uuid primary key default gen_random_uuid(),
    therapist_id uuid not null references therapists (id),
    patient_id uuid not null references patients (id),
    session_type_id uuid references session_types (id),
    starts_at timestamptz not null,
    duration_minutes integer not null check (duration_minutes > 0 and duration_minutes <= 480),
    -- Kept in step with starts_at + duration by a trigger: timestamptz + interval is only
    -- STABLE, so it cannot be a generated column, and the exclusion constraint needs a column.
    ends_at timestamptz not null,
    appointment_type appointment_type_enum not null default 'In-Person',
    location text,
    video_link text,
    status appointment_status_enum not null default 'scheduled',
    fee numeric(10, 2) check (fee >= 0),
    series_id uuid,
    cancelled_at timestamptz,
    cancellation_reason text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (ends_at > starts_at),
    constraint appointments_no_double_booking exclude using gist (
        therapist_id with =,
        tstzrange(starts_at, ends_at, '[)') with &&
    ) where (status <> 'cancelled')
);

create table session_notes (
    id uuid primary key default gen_random_uuid(),
    appointment_id uuid references appointments (id),
    patient_id uuid not null references patients (id),
    therapist_id uuid not null references therapists (id),
    template text not null default 'soap' check (template in ('soap', 'dap', 'birp', 'free')),
    content jsonb not null default '{}' check (jsonb_typeof(content) = 'object'),
    mood_rating smallint check (mood_rating between 1 and 10),
    suicidal_ideation text not null default 'none' check (suicidal_ideation in
        ('none', 'passive', 'active without plan', 'active with plan', 'active with intent')),
    self_harm text not null default 'none' check (self_harm in ('none', 'past', 'current')),
    homicidal_ideation text not null default 'none'
        check (homicidal_ideation in ('none', 'passive', 'active')),
    protective_factors text[] not null default '{}',
    protective_factors_note text,
    risk_level text not null default 'low'
        check (risk_level in ('low', 'moderate', 'high', 'imminent')),
    safety_plan text,
    crisis_indicators text[] not null default '{}',
    is_private boolean not null default false,
    signed_at timestamptz,
    signed_by uuid references therapists (id),
    session_date date not null default current_date,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    -- A risk of moderate or above must come with a safety plan.
    constraint session_notes_safety_plan_required check (
        risk_level = 'low' or nullif(btrim(safety_plan), '') is not null
    ),
    check ((signed_at is null) = (signed_by is null))
);

create table mood_entries (
    id uuid primary key default gen_random_uuid(),
    patient_id uuid not null references patients (id),
    therapist_id uuid references therapists (id),
    session_note_id uuid references session_notes (id),
    rating smallint not null check (rating between 1 and 10),
    note text,
    recorded_at timestamptz not null default now(),
    created_at timestamptz not null default now()
);

create table progress_areas (
    id uuid primary key default gen_random_uuid(),
    name text not null unique check (btrim(name) <> ''),
    description text,
    created_at timestamptz not null default now()
);

create table progress_entries (
    id uuid primary key default gen_random_uuid(),
    patient_id uuid not null references patients (id),
    therapist_id uuid references therapists (id),
    progress_area_id uuid not null references progress_areas (id),
    rating smallint not null check (rating between 1 and 10),
    notes text,
    recorded_at timestamptz not null default now(),
    created_at timestamptz not null default now()
);

create table financial_records (
    id uuid primary key default gen_random_uuid(),
    patient_id uuid not null references patients (id),
    therapist_id uuid not null references therapists (id),
    appointment_id uuid references appointments (id),
    record_type financial_record_type_enum not null default 'session',
    description text,
    cpt_code text check (cpt_code ~ '^[0-9]{4}[0-9A-Z]$'),
    cpt_modifier text,
    icd10_codes text[] not null default '{}',
    units integer not null default 1 check (units > 0),
    place_of_service text check (place_of_service ~ '^[0-9]{2}$'),
    service_date date not null,
    due_date date not null,
    amount numeric(10, 2) not null check (amount >= 0),
    -- Coverage is copied from the patient when the charge is made, so later changes to the
    -- patient's plan do not rewrite past bills.
    coverage_percent numeric(5, 2) not null default 0 check (coverage_percent between 0 and 100),
    insurance_amount numeric(10, 2)
        generated always as (round(amount * coverage_percent / 100, 2)) stored,
    patient_responsibility numeric(10, 2)
        generated always as (amount - round(amount * coverage_percent / 100, 2)) stored,
    -- Only the states a person sets; paid/pending/overdue are derived from the balance
    -- (see the financial_record_balances view).
    status payment_status_enum not null default 'pending',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (due_date >= service_date)
);

create table payments (
    id uuid primary key default gen_random_uuid(),
    financial_record_id uuid not null references financial_records (id),
    amount numeric(10, 2) not null check (amount > 0),
    method text not null default 'other'
        check (method in ('cash', 'card', 'check', 'insurance', 'transfer', 'other')),
    reference text,
    paid_at timestamptz not null default now(),
    created_at timestamptz not null default now()
);

create table tags (
    id uuid primary key default gen_random_uuid(),
    name text not null unique check (name = lower(btrim(name)) and name <> ''),
    category text,
    usage_count integer not null default 0 check (usage_count >= 0),
    created_at timestamptz not null default now()
);

create table note_tags (
    note_id uuid not null references session_notes (id) on delete cascade,
    tag_id uuid not null references tags (id),
    created_at timestamptz not null default now(),
    primary key (note_id, tag_id)
);

-- Indexes, each for a query the commands run.
create index patients_full_name_trgm_idx on patients using gin (full_name gin_trgm_ops);
create index patients_therapist_status_idx on patients (therapist_id, status);
create index patients_last_first_idx on patients (last_name, first_name);
create index appointments_therapist_starts_idx on appointments (therapist_id, starts_at);
create index appointments_patient_starts_idx on appointments (patient_id, starts_at desc);
create index appointments_scheduled_starts_idx on appointments (starts_at)
    where status = 'scheduled';
create index appointments_series_idx on appointments (series_id) where series_id is not null;
create index session_notes_patient_date_idx on session_notes (patient_id, session_date desc);
create index session_notes_therapist_unsigned_idx on session_notes (therapist_id, created_at)
    where signed_at is null;
create unique index session_notes_appointment_idx on session_notes (appointment_id)
    where appointment_id is not null and not is_private;
create index mood_entries_patient_recorded_idx on mood_entries (patient_id, recorded_at desc);
create index progress_entries_patient_recorded_idx
    on progress_entries (patient_id, recorded_at desc);
create index progress_entries_area_idx on progress_entries (progress_area_id);
create index financial_records_patient_service_idx
    on financial_records (patient_id, service_date desc);
create index financial_records_open_due_idx on financial_records (due_date)
    where status not in ('cancelled', 'refunded');
create index financial_records_therapist_service_idx
    on financial_records (therapist_id, service_date);
create index financial_records_appointment_idx on financial_records (appointment_id)
    where appointment_id is not null;
create index payments_record_idx on payments (financial_record_id);
create index note_tags_tag_idx on note_tags (tag_id);

comment on table therapists is 'Clinicians of the practice, with license and NPI for billing.';
comment on table patients is 'Clients; discharged by status, never hard-deleted by the CLI.';
comment on table appointments is
    'One row per occurrence; a therapist cannot hold two non-cancelled overlapping ones.';
comment on table session_notes is
    'Clinical notes with a structured risk assessment; private ones are psychotherapy notes.';
comment on table mood_entries is 'Mood ratings 1-10 between and during sessions.';
comment on table progress_entries is 'Ratings 1-10 of progress on a treatment area.';
comment on table financial_records is
    'Charges; coverage split is computed, status paid/pending/overdue derives from payments.';
comment on table payments is 'Payments against a charge; several may settle one charge.';
comment on table session_types is 'Kinds of session with default length and fee.';
comment on table progress_areas is 'Treatment areas progress is rated on.';
comment on table tags is 'Labels for notes; usage_count is kept by a trigger on note_tags.';
comment on table note_tags is 'Which tags a note carries.';
