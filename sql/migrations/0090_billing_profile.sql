-- What an insurance claim needs besides the charges (docs/SPEC.md section 8; docs/claims.md):
-- the practice's billing profile and clearinghouse ids, each clinician's NUCC taxonomy, the
-- payers the practice bills, the patient's demographics as the payer holds them, and the
-- patient's policies (primary and secondary).
--
-- The primary policy's member id and group number are the patient's insurance_member_id and
-- insurance_group_number (patients edit --member-id/--group-number, CSV import and export
-- unchanged): its policy row holds the rest (payer, relationship, subscriber) and does not
-- repeat them. A secondary policy holds its own. insurance_provider stays the insurer's name
-- as the chart, the superbill and the coverage split show it; `--payer` links the payer a
-- claim is sent to (and fills insurance_provider when it is empty).

alter table practice
    add column name text check (btrim(name) <> ''),
    add column tax_id text check (tax_id ~ '^[0-9]{9}$'),
    add column tax_id_type text check (tax_id_type in ('EIN', 'SSN')),
    add column address text check (btrim(address) <> ''),
    add column city text check (btrim(city) <> ''),
    add column state text check (state ~ '^[A-Z]{2}$'),
    add column zip text check (zip ~ '^[0-9]{5}([0-9]{4})?$'),
    add column phone text check (phone ~ '^[0-9]{10}$'),
    add column npi text check (npi ~ '^[0-9]{10}$'),
    add column taxonomy text check (taxonomy ~ '^[0-9]{3}[0-9A-Z]{6}X$'),
    add column submitter_id text check (submitter_id ~ '^[^*:^~]{1,15}$'),
    add column submitter_name text check (btrim(submitter_name) <> ''),
    add column submitter_contact text check (btrim(submitter_contact) <> ''),
    add column receiver_id text check (receiver_id ~ '^[^*:^~]{1,15}$'),
    add column receiver_name text check (btrim(receiver_name) <> '');

comment on column practice.name is 'Billing provider name on claims (2010AA) when npi is set.';
comment on column practice.tax_id is 'EIN or SSN of the billing provider, nine digits.';
comment on column practice.zip is 'Claims need the nine-digit ZIP of a street address.';
comment on column practice.npi is
    'The practice''s own (type 2) NPI: it is then the billing provider and each clinician the '
    'rendering one; without it each clinician bills in their own name.';
comment on column practice.submitter_id is
    'Who sends claim files, as the clearinghouse knows the practice (ISA06, GS02, 1000A).';
comment on column practice.receiver_id is 'The clearinghouse''s id (ISA08, GS03, 1000B).';

create trigger practice_audit after insert or update or delete on practice
    for each row execute function audit_row_change();

alter table therapists
    add column taxonomy text check (taxonomy ~ '^[0-9]{3}[0-9A-Z]{6}X$');

comment on column therapists.taxonomy is
    'NUCC provider taxonomy code (e.g. 103T00000X psychologist), sent on claims.';

create table payers (
    id uuid primary key default gen_random_uuid(),
    name text not null check (btrim(name) <> '' and lower(btrim(name)) <> 'none'),
    payer_id text not null check (payer_id ~ '^[^*:^~]{2,80}$'),
    filing_code text not null default 'CI' check (filing_code in (
        '11', '12', '13', '14', '15', '16', '17', 'AM', 'BL', 'CH', 'CI', 'DS', 'FI', 'HM',
        'LM', 'MA', 'MB', 'MC', 'OF', 'TV', 'VA', 'WC', 'ZZ')),
    telehealth_modifier text default '95' check (telehealth_modifier in ('95', 'GT')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create unique index payers_name_idx on payers (lower(name));

create trigger payers_updated_at before update on payers
    for each row execute function set_updated_at();
create trigger payers_audit after insert or update or delete on payers
    for each row execute function audit_row_change();

comment on table payers is
    'Insurers the practice bills: the payer id the clearinghouse routes by, the claim filing '
    'indicator, and the telehealth modifier the payer wants (null: place of service alone).';

alter table patients
    add column administrative_sex text check (administrative_sex in ('F', 'M', 'U')),
    add column city text check (btrim(city) <> ''),
    add column state text check (state ~ '^[A-Z]{2}$'),
    add column zip text check (zip ~ '^[0-9]{5}([0-9]{4})?$');

comment on column patients.administrative_sex is
    'Sex as the payer holds it (F, M, U) for claims; not gender identity (pronouns).';
comment on column patients.city is 'City of the postal address (address holds the street).';

create table patient_policies (
    id uuid primary key default gen_random_uuid(),
    patient_id uuid not null references patients (id),
    rank text not null check (rank in ('primary', 'secondary')),
    payer_id uuid not null references payers (id),
    member_id text check (btrim(member_id) <> ''),
    group_number text check (btrim(group_number) <> ''),
    relationship text not null default 'self'
        check (relationship in ('self', 'spouse', 'child', 'other')),
    subscriber_first_name text,
    subscriber_last_name text,
    subscriber_date_of_birth date,
    subscriber_sex text check (subscriber_sex in ('F', 'M', 'U')),
    ended_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    -- The primary's ids are the patient's insurance_member_id / insurance_group_number.
    constraint patient_policies_primary_ids_on_patient
        check (rank = 'secondary' or (member_id is null and group_number is null))
);

create unique index patient_policies_one_per_rank_idx on patient_policies (patient_id, rank)
    where ended_at is null;
create index patient_policies_payer_idx on patient_policies (payer_id);

create trigger patient_policies_updated_at before update on patient_policies
    for each row execute function set_updated_at();
create trigger patient_policies_audit after insert or update or delete on patient_policies
    for each row execute function audit_row_change();

comment on table patient_policies is
    'A patient''s insurance policies, primary and secondary (one live each); ended_at set when '
    'a policy is removed, so claims made under it keep their history.';
comment on column patient_policies.relationship is
    'The patient''s relationship to the subscriber (the insured): self, spouse, child, other.';

-- Visible and writable like the patient's own rows (0040, 0070).
alter table patient_policies enable row level security, force row level security;
create policy patient_policies_scope on patient_policies
    using ((select sanctuary_scope()) is null
           or exists (select 1 from patients p where p.id = patient_policies.patient_id));
create policy patient_policies_own_inserts on patient_policies as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or sanctuary_patient_therapist(patient_id) = (select sanctuary_scope()));
create policy patient_policies_own_updates on patient_policies as restrictive for update
    using ((select sanctuary_scope()) is null
           or sanctuary_patient_therapist(patient_id) = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null
                or sanctuary_patient_therapist(patient_id) = (select sanctuary_scope()));

-- Clinicians and billing staff keep payers and policies up to date; billing staff also keep
-- the practice's billing profile (never its default clinician) and the patient's claim
-- demographics, as 0045 lets them keep contact and insurance details.
do $$
begin
    if to_regrole('sanctuary_clinician') is null or to_regrole('sanctuary_billing') is null then
        return;
    end if;
    grant select, insert, update on payers, patient_policies
        to sanctuary_clinician, sanctuary_billing;
    grant update (name, tax_id, tax_id_type, address, city, state, zip, phone, npi, taxonomy,
                  submitter_id, submitter_name, submitter_contact, receiver_id, receiver_name)
        on practice to sanctuary_billing;
    grant update (administrative_sex, city, state, zip) on patients to sanctuary_billing;
end;
$$;
