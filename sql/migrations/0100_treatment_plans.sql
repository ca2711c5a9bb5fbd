-- Treatment plans (docs/SPEC.md section 9; docs/clinical-notes.md, "Treatment plans").
--
-- A plan is a chain of versions. Each version names the problems (with ICD-10-CM codes), the
-- goals, the interventions (modality and frequency) and, as rows of plan_objectives, the
-- measurable objectives, each with a target date and optionally a measure target such as
-- phq9<10. The first version is written by `plans add`; `plans review` writes the next one
-- from the current one (previous_id), and the earlier versions are kept. A version is a draft
-- until it is signed; signing gives it its review date (the one asked for, else 90 days on) and
-- locks it (0101). The current plan of a patient is their most recently signed version.

-- Whether a problem list has the shape the product writes: a non-empty array of objects with
-- a description and one or more ICD-10-CM codes (the pattern of rules/parsers.py parse_icd10).
create or replace function sanctuary_plan_problems_valid(problems jsonb) returns boolean
language sql immutable set search_path = pg_catalog, public, pg_temp as $$
    select jsonb_typeof(problems) = 'array'
       and jsonb_array_length(problems) between 1 and 50
       and not exists (
           select 1
             from jsonb_array_elements(problems) p
            where jsonb_typeof(p) <> 'object'
               or jsonb_typeof(p -> 'description') is distinct from 'string'
               or btrim(p ->> 'description') = ''
               or length(p ->> 'description') > 500
               or jsonb_typeof(p -> 'icd10') is distinct from 'array'
               or jsonb_array_length(p -> 'icd10') not between 1 and 12
               or exists (select 1
                            from jsonb_array_elements(p -> 'icd10') c
                           where jsonb_typeof(c) <> 'string'
                              or (c #>> '{}') !~ '^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$'))
$$;

-- Interventions: a non-empty array of objects, each a modality and a frequency.
create or replace function sanctuary_plan_interventions_valid(interventions jsonb)
returns boolean
language sql immutable set search_path = pg_catalog, public, pg_temp as $$
    select jsonb_typeof(interventions) = 'array'
       and jsonb_array_length(interventions) between 1 and 50
       and not exists (
           select 1
             from jsonb_array_elements(interventions) i
            where jsonb_typeof(i) <> 'object'
               or jsonb_typeof(i -> 'modality') is distinct from 'string'
               or jsonb_typeof(i -> 'frequency') is distinct from 'string'
               or btrim(i ->> 'modality') = ''
               or btrim(i ->> 'frequency') = ''
               or length(i ->> 'modality') > 500
               or length(i ->> 'frequency') > 100)
$$;

create table treatment_plans (
    id uuid primary key default gen_random_uuid(),
    patient_id uuid not null references patients (id),
    therapist_id uuid not null references therapists (id),
    version integer not null default 1 check (version between 1 and 10000),
    -- The version this one was reviewed from; one review per version, so versions never fork.
    previous_id uuid unique references treatment_plans (id),
    problems jsonb not null check (sanctuary_plan_problems_valid(problems)),
    goals text[] not null check (cardinality(goals) between 1 and 50
                                 and array_position(goals, null) is null
                                 and not '' = any (goals)),
    interventions jsonb not null check (sanctuary_plan_interventions_valid(interventions)),
    -- A draft's review date is the one asked for, or null: 90 days after signing.
    review_date date,
    signed_at timestamptz,
    signed_by uuid references therapists (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((signed_at is null) = (signed_by is null)),
    check (signed_at is null or review_date is not null)
);

-- One draft per patient at a time: a second `plans add` or `plans review` races cannot both win.
create unique index treatment_plans_one_draft_idx on treatment_plans (patient_id)
    where signed_at is null;
create index treatment_plans_patient_idx on treatment_plans (patient_id, signed_at desc);
create index treatment_plans_therapist_review_idx on treatment_plans (therapist_id, review_date)
    where signed_at is not null;

create trigger treatment_plans_updated_at before update on treatment_plans
    for each row execute function set_updated_at();

create table plan_objectives (
    id uuid primary key default gen_random_uuid(),
    plan_id uuid not null references treatment_plans (id),
    -- The plan's patient, copied by the trigger below: audit entries and the read audit name
    -- the patient of every row, and a merge of two patient records moves it with the plan.
    patient_id uuid not null references patients (id),
    position smallint not null check (position between 1 and 50),
    description text not null check (btrim(description) <> '' and length(description) <= 500),
    target_date date not null,
    -- A measure target is a ceiling (lower is better on both scales): phq9<10, gad7<=7.
    measure text check (measure in ('phq9', 'gad7')),
    measure_op text check (measure_op in ('<', '<=')),
    measure_value smallint,
    -- The objective of the previous version this one continues: its evidence counts here too.
    carried_from uuid references plan_objectives (id),
    created_at timestamptz not null default now(),
    unique (plan_id, position),
    check ((measure is null) = (measure_op is null)
           and (measure is null) = (measure_value is null)),
    -- Neither always nor never met (rules/outcomes.py parse_measure_target).
    check (measure is null
           or measure_value between (case measure_op when '<' then 1 else 0 end)
                                and (case measure when 'phq9' then 27 else 21 end)
                                    - (case measure_op when '<' then 0 else 1 end))
);

create index plan_objectives_patient_idx on plan_objectives (patient_id);
create index plan_objectives_carried_idx on plan_objectives (carried_from)
    where carried_from is not null;

-- A new version follows a signed version of the same patient and takes the next number; the
-- first one is version 1. Read with the caller's own row-level security: a plan the caller
-- cannot see cannot be reviewed.
create or replace function treatment_plans_number_version() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
    earlier record;
begin
    if new.previous_id is null then
        new.version := 1;
        return new;
    end if;
    select t.patient_id, t.version, t.signed_at into earlier
      from treatment_plans t where t.id = new.previous_id;
    if not found or earlier.patient_id <> new.patient_id then
        raise exception 'A plan version follows an earlier version of the same patient''s plan'
            using errcode = 'integrity_constraint_violation';
    end if;
    if earlier.signed_at is null then
        raise exception 'Only a signed plan is reviewed; sign the draft first'
            using errcode = 'integrity_constraint_violation';
    end if;
    new.version := earlier.version + 1;
    return new;
end;
$$;

create trigger treatment_plans_version before insert on treatment_plans
    for each row execute function treatment_plans_number_version();

-- An objective belongs to a draft when it is written (a signed plan is complete), takes its
-- plan's patient, and continues at most an objective of the version before.
create or replace function plan_objectives_follow_plan() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
    plan record;
begin
    select t.patient_id, t.previous_id, t.signed_at into plan
      from treatment_plans t where t.id = new.plan_id;
    if not found then
        raise exception 'No such treatment plan for this objective'
            using errcode = 'foreign_key_violation';
    end if;
    if plan.signed_at is not null then
        raise exception 'The plan is signed; its objectives cannot change (review it instead)'
            using errcode = 'integrity_constraint_violation';
    end if;
    new.patient_id := plan.patient_id;
    if new.carried_from is not null
       and not exists (select 1 from plan_objectives o
                        where o.id = new.carried_from and o.plan_id = plan.previous_id) then
        raise exception 'An objective continues one of the version it was reviewed from'
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end;
$$;

create trigger plan_objectives_follow_plan before insert on plan_objectives
    for each row execute function plan_objectives_follow_plan();

comment on table treatment_plans is
    'Treatment plan versions: problems (ICD-10), goals, interventions; locked once signed.';
comment on column treatment_plans.version is
    'Numbered by the database: 1, then one more than the version it was reviewed from.';
comment on column treatment_plans.review_date is
    'When the plan is next reviewed; set at signing (90 days on unless another was asked).';
comment on table plan_objectives is
    'Measurable objectives of a plan version: target date and optional measure target.';
comment on column plan_objectives.carried_from is
    'The same objective in the version this one was reviewed from.';
