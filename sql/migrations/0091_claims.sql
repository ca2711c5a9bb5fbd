-- Insurance claims (docs/SPEC.md section 8; docs/claims.md says what each status means). A
-- claim holds one patient's charges seen by one rendering clinician, sent to one payer; its
-- lines are charges. Claims files (837P interchanges) are kept whole in claim_batches, so a
-- file lost after its claims were marked submitted can be written again, byte for byte
-- (`claims export --batch N`).
--
-- The database keeps: one live claim per charge and payer rank; a claim's content fixed once
-- made (its status, the payer's claim number and its file are what change); lines only while
-- the claim has not been sent; the total equal to the sum of the lines; history rows that
-- are never rewritten. Row-level security is the charges' (0040, 0070): a claim is visible
-- with its clinician or patient, and written only in the acting clinician's name.

create sequence claim_control_number_seq maxvalue 99999999 no cycle;
create sequence x12_interchange_seq maxvalue 999999999 no cycle;
create sequence x12_group_seq maxvalue 999999999 no cycle;
create sequence x12_transaction_set_seq maxvalue 999999999 no cycle;

comment on sequence x12_interchange_seq is 'ISA13 of each 837P file written: unique, increasing.';
comment on sequence x12_transaction_set_seq is 'ST02: one transaction set per claim.';

create table claim_batches (
    id uuid primary key default gen_random_uuid(),
    interchange_control_number bigint not null unique
        check (interchange_control_number between 1 and 999999999),
    group_control_number bigint not null unique
        check (group_control_number between 1 and 999999999),
    therapist_id uuid references therapists (id),
    file_name text not null,
    usage text not null check (usage in ('P', 'T')),
    claim_count integer not null check (claim_count > 0),
    interchange text not null,
    created_at timestamptz not null default now()
);

comment on table claim_batches is
    'Each 837P file written by claims export, whole (its claims, by batch_id). therapist_id is '
    'the clinician it was written for, null for the practice.';

create table claims (
    id uuid primary key default gen_random_uuid(),
    control_number text not null unique check (control_number ~ '^[0-9A-Z]{1,20}$'),
    patient_id uuid not null references patients (id),
    therapist_id uuid not null references therapists (id),
    payer_id uuid not null references payers (id),
    responsibility text not null default 'P' check (responsibility in ('P', 'S')),
    frequency text not null default '1' check (frequency in ('1', '7', '8')),
    replaces_claim_id uuid references claims (id),
    payer_claim_number text,
    status text not null default 'ready' check (status in (
        'draft', 'ready', 'submitted', 'accepted', 'rejected', 'paid', 'partial', 'denied',
        'reversed', 'replaced', 'void')),
    service_from date not null,
    service_to date not null,
    total_charge numeric(10, 2) not null check (total_charge > 0),
    diagnoses text[] not null check (cardinality(diagnoses) between 1 and 12),
    place_of_service text not null check (place_of_service ~ '^[0-9]{2}$'),
    batch_id uuid references claim_batches (id),
    transaction_set_number text,
    submitted_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (service_to >= service_from),
    check (frequency = '1' or replaces_claim_id is not null),
    check ((batch_id is null) = (submitted_at is null)),
    check ((batch_id is null) = (transaction_set_number is null))
);

create index claims_patient_idx on claims (patient_id, service_from);
create index claims_therapist_status_idx on claims (therapist_id, status);
create index claims_batch_idx on claims (batch_id, transaction_set_number)
    where batch_id is not null;

comment on table claims is
    'Insurance claims: one patient''s charges by one rendering clinician to one payer; '
    'frequency 1 original, 7 replacement, 8 void (of replaces_claim_id).';
comment on column claims.control_number is
    'Our claim number (CLM01): what the payer''s 835 and 277CA return.';
comment on column claims.payer_claim_number is
    'The payer''s own number for the claim (835 CLP07, 277CA REF*1K): needed to replace or void.';
comment on column claims.transaction_set_number is 'ST02 of the set that carried it (a 999 answers by it).';

create table claim_lines (
    id uuid primary key default gen_random_uuid(),
    claim_id uuid not null references claims (id),
    line_number integer not null check (line_number between 1 and 50),
    financial_record_id uuid not null references financial_records (id),
    cpt_code text not null check (cpt_code ~ '^[0-9]{4}[0-9A-Z]$'),
    modifiers text[] not null default '{}' check (cardinality(modifiers) <= 4),
    units integer not null default 1 check (units > 0),
    charge numeric(10, 2) not null check (charge > 0),
    service_date date not null,
    place_of_service text not null check (place_of_service ~ '^[0-9]{2}$'),
    pointers smallint[] not null check (cardinality(pointers) between 1 and 4),
    created_at timestamptz not null default now(),
    unique (claim_id, line_number)
);

create index claim_lines_charge_idx on claim_lines (financial_record_id);

comment on table claim_lines is 'Service lines of a claim (2400), one per charge.';

create table claim_events (
    id uuid primary key default gen_random_uuid(),
    claim_id uuid not null references claims (id),
    patient_id uuid not null references patients (id),
    therapist_id uuid not null references therapists (id),
    kind text not null check (kind in (
        'created', 'exported', '999', '277CA', '835', 'resubmitted', 'voided')),
    status text not null,
    detail text not null default '',
    source text not null default '',
    occurred_at timestamptz not null default now()
);

create index claim_events_claim_idx on claim_events (claim_id, occurred_at);

comment on table claim_events is
    'A claim''s history: made, sent, acknowledged (999, 277CA), paid or denied (835), '
    'resubmitted, voided; detail holds the payer''s reasons.';

create trigger claims_updated_at before update on claims
    for each row execute function set_updated_at();

-- A claim's content is fixed once made: what it bills, for whom, to whom. Its status and the
-- payer's number change as the payer answers; its file is set once, when it is exported. A
-- merge re-files it under the record kept (0083). Claims and lines are never deleted.
create or replace function claims_keep_content() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
    kept constant text[] := array['status', 'payer_claim_number', 'batch_id',
        'transaction_set_number', 'submitted_at', 'updated_at', 'patient_id'];
begin
    if tg_op = 'DELETE' then
        raise exception 'Claims are permanent; void one (claims void) instead'
            using errcode = 'integrity_constraint_violation';
    end if;
    if to_jsonb(new) - kept <> to_jsonb(old) - kept then
        raise exception 'A claim''s content cannot change; resubmit it (claims resubmit)'
            using errcode = 'integrity_constraint_violation';
    end if;
    if new.patient_id <> old.patient_id
       and not sanctuary_merge_moves(old.patient_id, new.patient_id) then
        raise exception 'A claim stays with its patient'
            using errcode = 'integrity_constraint_violation';
    end if;
    if old.batch_id is not null
       and (new.batch_id is distinct from old.batch_id
            or new.transaction_set_number is distinct from old.transaction_set_number
            or new.submitted_at is distinct from old.submitted_at) then
        raise exception 'A claim is exported once; resubmit it to send it again'
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end;
$$;

create trigger claims_content_kept before update or delete on claims
    for each row execute function claims_keep_content();

-- Lines join a claim before it is sent, for the claim's own patient and clinician, and a
-- charge is on one live claim per payer rank (a void, frequency 8, holds none live).
create or replace function claim_lines_check() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
    claim record;
    charge record;
    taken text;
begin
    if tg_op <> 'INSERT' then
        raise exception 'A claim''s lines cannot change; resubmit the claim instead'
            using errcode = 'integrity_constraint_violation';
    end if;
    select c.patient_id, c.therapist_id, c.responsibility, c.frequency, c.batch_id
      into claim from claims c where c.id = new.claim_id;
    if claim.batch_id is not null then
        raise exception 'This claim was sent; its lines cannot change'
            using errcode = 'integrity_constraint_violation';
    end if;
    select f.patient_id, f.therapist_id, f.status into charge
      from financial_records f where f.id = new.financial_record_id for update;
    if charge.patient_id is distinct from claim.patient_id
       or charge.therapist_id is distinct from claim.therapist_id then
        raise exception 'A claim line bills a charge of the claim''s own patient and clinician'
            using errcode = 'check_violation';
    end if;
    if claim.frequency <> '8' and charge.status in ('cancelled', 'refunded') then
        raise exception 'A % charge is not billed to an insurer', charge.status
            using errcode = 'check_violation';
    end if;
    if claim.frequency <> '8' then
        select c.control_number into taken
          from claim_lines l join claims c on c.id = l.claim_id
         where l.financial_record_id = new.financial_record_id
           and c.responsibility = claim.responsibility
           and c.frequency <> '8'
           and c.status not in ('replaced', 'void')
         limit 1;
        if taken is not null then
            raise exception 'This charge is already on claim %', taken
                using errcode = 'unique_violation';
        end if;
    end if;
    return new;
end;
$$;

create trigger claim_lines_checked before insert or update or delete on claim_lines
    for each row execute function claim_lines_check();

-- At commit: a claim has lines, and its total is their sum.
create or replace function claims_total_is_lines() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
    the_claim uuid := (to_jsonb(new)
                       ->> case when tg_table_name = 'claims' then 'id' else 'claim_id' end)::uuid;
    total numeric;
    lines numeric;
begin
    select c.total_charge into total from claims c where c.id = the_claim;
    select sum(l.charge) into lines from claim_lines l where l.claim_id = the_claim;
    if lines is null or lines <> total then
        raise exception 'A claim''s total (%) is the sum of its lines (%)', total,
            coalesce(lines, 0)
            using errcode = 'check_violation';
    end if;
    return null;
end;
$$;

create constraint trigger claims_total_checked after insert on claims
    deferrable initially deferred for each row execute function claims_total_is_lines();
create constraint trigger claim_lines_total_checked after insert on claim_lines
    deferrable initially deferred for each row execute function claims_total_is_lines();

create or replace function claim_history_permanent() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    raise exception '% rows are permanent; % is not allowed', tg_table_name, tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- A merge (0083) re-files a claim's history under the record kept; nothing else changes it.
create or replace function claim_events_permanent() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    if tg_op = 'UPDATE' and to_jsonb(new) - 'patient_id' = to_jsonb(old) - 'patient_id'
       and sanctuary_merge_moves(old.patient_id, new.patient_id) then
        return new;
    end if;
    raise exception 'A claim''s history is permanent; % is not allowed', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger claim_events_permanent before update or delete on claim_events
    for each row execute function claim_events_permanent();
create trigger claim_batches_permanent before update or delete on claim_batches
    for each row execute function claim_history_permanent();
create trigger claims_no_truncate before truncate on claims
    for each statement execute function ledger_refuse_truncate();
create trigger claim_lines_no_truncate before truncate on claim_lines
    for each statement execute function ledger_refuse_truncate();
create trigger claim_events_no_truncate before truncate on claim_events
    for each statement execute function ledger_refuse_truncate();
create trigger claim_batches_no_truncate before truncate on claim_batches
    for each statement execute function ledger_refuse_truncate();

create trigger claims_audit after insert or update or delete on claims
    for each row execute function audit_row_change();
create trigger claim_lines_audit after insert or update or delete on claim_lines
    for each row execute function audit_row_change();
create trigger claim_events_audit after insert or update or delete on claim_events
    for each row execute function audit_row_change();
create trigger claim_batches_audit after insert or update or delete on claim_batches
    for each row execute function audit_row_change();

-- Whose a claim is, read with the caller's own row-level security (as in 0070).
create or replace function sanctuary_claim_therapist(claim uuid) returns uuid
language sql stable set search_path = pg_catalog, public, pg_temp as $$
    select c.therapist_id from claims c where c.id = claim
$$;

-- Whether the session note of a charge's appointment is signed: 'signed', 'unsigned' or
-- 'none' (no appointment, or no note), for a charge the caller may see; null otherwise.
-- Billing staff cannot read notes (0040), so this runs as the owner and says only that, as
-- 0031's signed-note check does. The charge is looked up in the caller's own scope first
-- (a clinician login is held to its own therapist whatever setting it made).
create or replace function sanctuary_charge_note_state(charge uuid) returns text
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    caller uuid;
    appointment uuid;
    visible boolean;
    state text;
begin
    select t.id into caller from therapists t where t.db_role = session_user;
    if caller is not null then
        perform set_config('sanctuary.therapist', caller::text, true);
    elsif to_regrole('sanctuary_clinician') is not null
          and pg_has_role(session_user, 'sanctuary_clinician', 'USAGE') then
        return null;
    end if;
    select f.appointment_id, true into appointment, visible
      from financial_records f where f.id = charge;
    perform set_config('sanctuary.therapist', '', true);
    if visible then
        select case when bool_or(n.signed_at is not null) then 'signed' else 'unsigned' end
          into state
          from session_notes n
         where n.appointment_id = appointment and not n.is_private;
        state := coalesce(state, 'none');
    end if;
    perform set_config('sanctuary.therapist', saved, true);
    return state;
end;
$$;

comment on function sanctuary_charge_note_state(uuid) is
    'signed, unsigned or none: the state of a visible charge''s session note (claims create).';

alter table claims enable row level security, force row level security;
create policy claims_scope on claims
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or exists (select 1 from patients p where p.id = claims.patient_id));
create policy claims_own_inserts on claims as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id));
create policy claims_own_updates on claims as restrictive for update
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id));

alter table claim_lines enable row level security, force row level security;
create policy claim_lines_scope on claim_lines
    using ((select sanctuary_scope()) is null
           or exists (select 1 from claims c where c.id = claim_lines.claim_id));
create policy claim_lines_own_inserts on claim_lines as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (sanctuary_claim_therapist(claim_id) = (select sanctuary_scope())
                    and sanctuary_charge_therapist(financial_record_id)
                        = (select sanctuary_scope())));

alter table claim_events enable row level security, force row level security;
create policy claim_events_scope on claim_events
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or exists (select 1 from patients p where p.id = claim_events.patient_id));
create policy claim_events_own_inserts on claim_events as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_claim_therapist(claim_id) = therapist_id));

alter table claim_batches enable row level security, force row level security;
create policy claim_batches_scope on claim_batches
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()));

-- Clinicians bill their own sessions; billing staff make, send and post claims for the
-- practice (or, with --therapist, for one clinician), as they make charges and payments.
do $$
begin
    if to_regrole('sanctuary_clinician') is null or to_regrole('sanctuary_billing') is null then
        return;
    end if;
    grant select, insert, update on claims to sanctuary_clinician, sanctuary_billing;
    grant select, insert on claim_lines, claim_events, claim_batches
        to sanctuary_clinician, sanctuary_billing;
    grant usage on sequence claim_control_number_seq, x12_interchange_seq, x12_group_seq,
        x12_transaction_set_seq to sanctuary_clinician, sanctuary_billing;
    grant execute on function sanctuary_charge_note_state(uuid)
        to sanctuary_clinician, sanctuary_billing;
end;
$$;
revoke execute on function sanctuary_charge_note_state(uuid) from public;
