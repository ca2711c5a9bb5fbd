-- Good Faith Estimates for uninsured and self-pay patients (docs/SPEC.md section 8;
-- docs/billing.md, "Good Faith Estimates"). `billing estimate` issues one: a row here and one
-- line per expected session, written in the same transaction as the PDF handed to the patient.
--
-- An issued estimate is a document the patient holds, so it is permanent: what it said is kept
-- as it was printed (the provider's name, NPI, tax id and location, the patient's name and date
-- of birth, each line's date, codes and charge), and a correction is a new estimate. The one
-- change let through is a patient merge re-filing it under the record kept (0083).
--
-- The provider is the clinician who furnishes the sessions, with their own NPI; the practice's
-- billing profile (0090), where set, gives the practice name, its tax id, its NPI and the
-- office's address and state, else the clinician's own fields do.

create table estimates (
    id uuid primary key default gen_random_uuid(),
    patient_id uuid not null references patients (id),
    therapist_id uuid not null references therapists (id),
    issued_on date not null default current_date,
    issued_at timestamptz not null default now(),
    -- uninsured: no insurer or no coverage; not-billing-insurance: covered, but the patient
    -- chooses not to have a claim submitted (billing estimate --self-pay).
    self_pay_reason text not null check (self_pay_reason in ('uninsured', 'not-billing-insurance')),
    patient_name text not null check (btrim(patient_name) <> ''),
    patient_birth_date date,
    provider_name text not null check (btrim(provider_name) <> ''),
    practice_name text,
    provider_npi text not null check (provider_npi ~ '^[0-9]{10}$'),
    practice_npi text check (practice_npi ~ '^[0-9]{10}$'),
    provider_tax_id text not null check (btrim(provider_tax_id) <> ''),
    location text not null check (btrim(location) <> ''),
    location_state text check (location_state ~ '^[A-Z]{2}$'),
    provider_contact text,
    service_description text not null check (btrim(service_description) <> ''),
    diagnosis_codes text[] not null default '{}',
    sessions integer not null check (sessions between 1 and 52),
    -- The period of care the estimate covers: the weeks of its sessions, first day to last.
    service_from date not null,
    service_to date not null,
    total numeric(10, 2) not null check (total > 0),
    created_at timestamptz not null default now(),
    -- A recurring service is estimated for at most 12 months at a time.
    constraint estimates_period_within_a_year
        check (service_to >= service_from and service_to < service_from + 366),
    unique (id, patient_id)
);

create index estimates_patient_idx on estimates (patient_id, therapist_id, service_from);

comment on table estimates is
    'Good Faith Estimates issued to uninsured or self-pay patients (45 CFR 149.610), as printed; '
    'permanent: a correction is a new estimate.';
comment on column estimates.service_from is
    'First day of the period of care estimated; charges of this patient and provider from here '
    'to service_to count against the estimate (estimate_billing).';

-- A line names its estimate's patient too, so its audit entries are in the patient's trail;
-- the patient follows the estimate's (a merge re-files the estimate, the lines follow).
create table estimate_lines (
    id uuid primary key default gen_random_uuid(),
    estimate_id uuid not null,
    patient_id uuid not null,
    line_number integer not null check (line_number between 1 and 52),
    expected_date date not null,
    description text not null check (btrim(description) <> ''),
    cpt_code text not null check (cpt_code ~ '^[0-9]{4}[0-9A-Z]$'),
    addon_cpt_code text check (addon_cpt_code ~ '^[0-9]{4}[0-9A-Z]$'),
    addon_units integer check (addon_units > 0),
    icd10_codes text[] not null default '{}',
    amount numeric(10, 2) not null check (amount > 0),
    unique (estimate_id, line_number),
    check ((addon_cpt_code is null) = (addon_units is null)),
    foreign key (estimate_id, patient_id) references estimates (id, patient_id)
        on update cascade
);

comment on table estimate_lines is
    'One expected session of a Good Faith Estimate: date, service, CPT and ICD-10 codes, '
    'expected charge (covering any add-on code); permanent.';

create or replace function estimates_permanent() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    if tg_op = 'UPDATE' then
        if to_jsonb(new) - 'patient_id' = to_jsonb(old) - 'patient_id'
           and sanctuary_merge_moves(old.patient_id, new.patient_id) then
            return new;
        end if;
    end if;
    raise exception 'A Good Faith Estimate is permanent once issued (% refused); issue a new '
                    'estimate to correct it', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

create or replace function estimate_lines_permanent() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    if tg_op = 'UPDATE' then
        if to_jsonb(new) - 'patient_id' = to_jsonb(old) - 'patient_id'
           and sanctuary_merge_moves(old.patient_id, new.patient_id) then
            return new;
        end if;
    end if;
    raise exception 'A Good Faith Estimate is permanent once issued (% refused); issue a new '
                    'estimate to correct it', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger estimates_no_change before update or delete on estimates
    for each row execute function estimates_permanent();
create trigger estimates_no_truncate before truncate on estimates
    for each statement execute function estimates_permanent();
create trigger estimates_audit after insert or update or delete on estimates
    for each row execute function audit_row_change();
create trigger estimate_lines_no_change before update or delete on estimate_lines
    for each row execute function estimate_lines_permanent();
create trigger estimate_lines_no_truncate before truncate on estimate_lines
    for each statement execute function estimate_lines_permanent();
create trigger estimate_lines_audit after insert or update or delete on estimate_lines
    for each row execute function audit_row_change();

-- Whose an estimate is, read with the caller's own row-level security (as in 0070).
create or replace function sanctuary_estimate_therapist(estimate uuid) returns uuid
language sql stable set search_path = pg_catalog, public, pg_temp as $$
    select e.therapist_id from estimates e where e.id = estimate
$$;

-- Read like charges (0040): the clinician's own and their patients' rows; written like charges
-- (0070): only in the acted-for clinician's name, about their own patient.
alter table estimates enable row level security, force row level security;
create policy estimates_scope on estimates
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or exists (select 1 from patients p where p.id = estimates.patient_id));
create policy estimates_own_inserts on estimates as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id));

alter table estimate_lines enable row level security, force row level security;
create policy estimate_lines_scope on estimate_lines
    using ((select sanctuary_scope()) is null
           or exists (select 1 from estimates e where e.id = estimate_lines.estimate_id));
create policy estimate_lines_own_inserts on estimate_lines as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or sanctuary_estimate_therapist(estimate_id) = (select sanctuary_scope()));

-- What was billed against each estimate (docs/billing.md, "Good Faith Estimates"): the live
-- service charges (not cancelled or refunded, not a no-show or late-cancellation fee) of the
-- same patient and provider whose service date falls in the estimate's period, each at what it
-- asks after adjustments. A charge in the period of several estimates counts against the one
-- issued last only, since a new estimate corrects the earlier ones. The patient may dispute a
-- bill $400 or more above the estimate (45 CFR 149.620), hence over_estimate.
create or replace view estimate_billing with (security_invoker = true) as
select e.id as estimate_id,
       e.patient_id,
       e.therapist_id,
       e.total as estimated_total,
       coalesce(sum(b.amount_owed), 0)::numeric(12, 2) as billed_total,
       (coalesce(sum(b.amount_owed), 0) - e.total)::numeric(12, 2) as billed_above,
       coalesce(sum(b.amount_owed), 0) - e.total >= 400 as over_estimate
  from estimates e
  left join financial_record_balances b
    on b.patient_id = e.patient_id
   and b.therapist_id = e.therapist_id
   and b.service_date between e.service_from and e.service_to
   and b.status not in ('cancelled', 'refunded')
   and b.record_type not in ('cancellation-fee', 'late-fee')
   and not exists (select 1
                     from estimates later
                    where later.patient_id = e.patient_id
                      and later.therapist_id = e.therapist_id
                      and b.service_date between later.service_from and later.service_to
                      and (later.issued_at, later.id) > (e.issued_at, e.id))
-- Grouped by the columns a caller filters on, so `where patient_id = ...` reaches the tables.
 group by e.id, e.patient_id, e.therapist_id, e.total;

comment on view estimate_billing is
    'Per Good Faith Estimate: the estimated total, what was billed against it, how much above, '
    'and whether that is $400 or more (the patient may then dispute the bill).';

do $$
begin
    if to_regrole('sanctuary_clinician') is null or to_regrole('sanctuary_billing') is null then
        return;
    end if;
    grant select, insert on estimates, estimate_lines to sanctuary_clinician, sanctuary_billing;
    grant select on estimate_billing to sanctuary_clinician, sanctuary_billing;
end;
$$;
