-- What payers answer (docs/SPEC.md section 8; docs/claims.md, "What an 835 does to a charge"):
-- remittances (835) posted onto the charges, and acknowledgements (999, 277CA) recorded so a
-- file imported twice changes nothing.
--
-- An 835 pays each claim line: the insurer's money is a payment (method insurance, as 0071
-- keeps payments: permanent), money the payer takes back (a reversal) a refund; every CAS
-- amount is kept in charge_adjustments. The contractual write-offs (CO, and OA, PI and CR:
-- what neither the payer nor the patient pays) come off what the charge asks, as a goodwill
-- refund does since 0084; PR amounts are the patient's share and stay owed, so after a
-- remittance the balance of a charge is what the patient owes. A denied claim writes nothing
-- off: the charge stays owed until it is resubmitted, billed to the patient or adjusted.
--
--   owed    = amount - adjusting refunds - write-offs      (0 for a cancelled or refunded charge)
--   balance = owed - (payments - refunds)
--
-- The coverage split (coverage_percent, 0001) stays the estimate until a payer adjudicates a
-- charge; then the insurer's share is what it paid, and the patient's share the rest.

create table remittances (
    id uuid primary key default gen_random_uuid(),
    payer_identifier text not null,
    trace_number text not null,
    payer_name text not null default '',
    payment_date date,
    payment_method text not null default '',
    total_paid numeric(12, 2) not null,
    provider_adjustments numeric(12, 2) not null default 0,
    file_name text not null,
    therapist_id uuid references therapists (id),
    imported_at timestamptz not null default now(),
    unique (payer_identifier, trace_number)
);

comment on table remittances is
    'Each 835 payment posted, by its key: the payer''s id (TRN03) and check/EFT number (TRN02). '
    'The same key again is the same file imported again, and posts nothing.';
comment on column remittances.provider_adjustments is
    'PLB total (interest, recoveries): in the payment''s total, not on any charge.';

create table remittance_lines (
    id uuid primary key default gen_random_uuid(),
    remittance_id uuid not null references remittances (id),
    claim_id uuid not null references claims (id),
    claim_line_id uuid not null references claim_lines (id),
    financial_record_id uuid not null references financial_records (id),
    status_code text not null,
    charge numeric(10, 2) not null,
    paid numeric(10, 2) not null,
    position integer not null
);

create index remittance_lines_charge_idx on remittance_lines (financial_record_id);
create index remittance_lines_claim_idx on remittance_lines (claim_id);

comment on table remittance_lines is
    'How a remittance adjudicated one claim line: charge and paid (negative in a reversal).';

create table charge_adjustments (
    id uuid primary key default gen_random_uuid(),
    remittance_line_id uuid not null references remittance_lines (id),
    financial_record_id uuid not null references financial_records (id),
    claim_id uuid not null references claims (id),
    group_code text not null check (group_code in ('CO', 'CR', 'OA', 'PI', 'PR')),
    reason_code text not null check (reason_code ~ '^[0-9A-Z]{1,5}$'),
    amount numeric(10, 2) not null check (amount <> 0),
    writes_off boolean not null,
    created_at timestamptz not null default now(),
    check (not (writes_off and group_code = 'PR'))
);

create index charge_adjustments_charge_idx on charge_adjustments (financial_record_id);
create index charge_adjustments_claim_idx on charge_adjustments (claim_id);

comment on table charge_adjustments is
    'Every adjustment a payer reported on a charge (835 CAS: group, reason code, amount). '
    'writes_off: taken off what the charge asks (CO, CR, OA, PI of a claim not denied); PR is '
    'the patient''s share and stays owed.';

create table acknowledgements (
    id uuid primary key default gen_random_uuid(),
    kind text not null check (kind in ('999', '277CA')),
    sender_id text not null,
    interchange_control_number text not null,
    file_name text not null,
    therapist_id uuid references therapists (id),
    imported_at timestamptz not null default now(),
    unique (kind, sender_id, interchange_control_number)
);

comment on table acknowledgements is
    '999 and 277CA files imported, by sender and ISA13: the same file twice changes nothing.';

alter table payments add column remittance_id uuid references remittances (id);
alter table refunds add column remittance_id uuid references remittances (id);

comment on column payments.remittance_id is 'The 835 that posted this insurance payment.';
comment on column refunds.remittance_id is
    'The 835 in which the payer took this money back (a reversal).';

create index payments_remittance_idx on payments (remittance_id) where remittance_id is not null;

-- Write-offs come off what the charge still asks, never below what was paid on it. The charge
-- row is locked first, so a payment and a posting at once queue up. Runs as the owner with
-- the therapist setting emptied, so every row of the charge counts whatever scope was set.
create or replace function check_write_off_fits_charge() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    charge record;
    returned numeric;
    adjusted numeric;
    written numeric;
begin
    if not new.writes_off then
        return new;
    end if;
    perform set_config('sanctuary.therapist', '', true);
    select f.amount, f.amount_paid, f.status into charge
      from financial_records f where f.id = new.financial_record_id for update;
    select coalesce(sum(r.amount), 0), coalesce(sum(r.amount) filter (where r.adjusts_charge), 0)
      into returned, adjusted
      from refunds r where r.financial_record_id = new.financial_record_id;
    select coalesce(sum(a.amount), 0) + new.amount into written
      from charge_adjustments a
     where a.financial_record_id = new.financial_record_id and a.writes_off;
    perform set_config('sanctuary.therapist', saved, true);
    if charge.amount is null then
        raise exception 'Charge % of this adjustment was not found', new.financial_record_id
            using errcode = 'foreign_key_violation';
    end if;
    if written < 0 then
        raise exception 'Write-offs on a charge cannot add up to less than nothing'
            using errcode = 'check_violation';
    end if;
    if charge.amount - adjusted - written < charge.amount_paid - returned then
        raise exception 'A write-off of % is more than the % still owed on this charge',
            new.amount, charge.amount - adjusted - written + new.amount - charge.amount_paid
                         + returned
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

create trigger charge_adjustments_fit before insert on charge_adjustments
    for each row execute function check_write_off_fits_charge();

-- 0084's check, with write-offs off what is owed.
create or replace function check_payment_fits_balance() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
    charge record;
    paid numeric;
    returned numeric;
    adjusted numeric;
    written numeric;
begin
    select fr.amount, fr.status into charge
      from financial_records fr
     where fr.id = new.financial_record_id
       for update;
    if charge.status in ('cancelled', 'refunded') then
        raise exception 'This charge is %; it takes no payments', charge.status
            using errcode = 'check_violation';
    end if;
    select coalesce(sum(p.amount), 0) into paid
      from payments p
     where p.financial_record_id = new.financial_record_id;
    select coalesce(sum(r.amount), 0), coalesce(sum(r.amount) filter (where r.adjusts_charge), 0)
      into returned, adjusted
      from refunds r
     where r.financial_record_id = new.financial_record_id;
    select coalesce(sum(a.amount), 0) into written
      from charge_adjustments a
     where a.financial_record_id = new.financial_record_id and a.writes_off;
    if paid - returned + new.amount > charge.amount - adjusted - written then
        raise exception 'Payment of % exceeds the balance of % on this charge',
            new.amount, charge.amount - adjusted - written - paid + returned
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

create trigger remittances_permanent before update or delete on remittances
    for each row execute function claim_history_permanent();
create trigger remittance_lines_permanent before update or delete on remittance_lines
    for each row execute function claim_history_permanent();
create trigger charge_adjustments_permanent before update or delete on charge_adjustments
    for each row execute function claim_history_permanent();
create trigger acknowledgements_permanent before update or delete on acknowledgements
    for each row execute function claim_history_permanent();
create trigger remittances_no_truncate before truncate on remittances
    for each statement execute function ledger_refuse_truncate();
create trigger remittance_lines_no_truncate before truncate on remittance_lines
    for each statement execute function ledger_refuse_truncate();
create trigger charge_adjustments_no_truncate before truncate on charge_adjustments
    for each statement execute function ledger_refuse_truncate();
create trigger acknowledgements_no_truncate before truncate on acknowledgements
    for each statement execute function ledger_refuse_truncate();

create trigger remittances_audit after insert or update or delete on remittances
    for each row execute function audit_row_change();
create trigger remittance_lines_audit after insert or update or delete on remittance_lines
    for each row execute function audit_row_change();
create trigger charge_adjustments_audit after insert or update or delete on charge_adjustments
    for each row execute function audit_row_change();
create trigger acknowledgements_audit after insert or update or delete on acknowledgements
    for each row execute function audit_row_change();

alter table remittances enable row level security, force row level security;
create policy remittances_scope on remittances
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()));

alter table acknowledgements enable row level security, force row level security;
create policy acknowledgements_scope on acknowledgements
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()));

alter table remittance_lines enable row level security, force row level security;
create policy remittance_lines_scope on remittance_lines
    using ((select sanctuary_scope()) is null
           or exists (select 1 from financial_records f
                       where f.id = remittance_lines.financial_record_id));
create policy remittance_lines_own_inserts on remittance_lines as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or sanctuary_charge_therapist(financial_record_id) = (select sanctuary_scope()));

alter table charge_adjustments enable row level security, force row level security;
create policy charge_adjustments_scope on charge_adjustments
    using ((select sanctuary_scope()) is null
           or exists (select 1 from financial_records f
                       where f.id = charge_adjustments.financial_record_id));
create policy charge_adjustments_own_inserts on charge_adjustments as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or sanctuary_charge_therapist(financial_record_id) = (select sanctuary_scope()));

-- 0084's columns and meaning, with write-offs among the adjustments; for a charge a payer has
-- adjudicated, the insurer's share is what it paid and the patient's the rest. New columns at
-- the end.
create or replace view financial_record_balances with (security_invoker = true) as
select fr.id,
       fr.patient_id,
       fr.therapist_id,
       fr.appointment_id,
       fr.record_type,
       fr.description,
       fr.cpt_code,
       fr.icd10_codes,
       fr.service_date,
       fr.due_date,
       fr.amount,
       fr.coverage_percent,
       case when x.adjudicated then x.insurer_paid else fr.insurance_amount end
           ::numeric(10, 2) as insurance_amount,
       case when x.adjudicated then fr.amount - r.adjusted - w.written_off - x.insurer_paid
            else fr.patient_responsibility end::numeric(10, 2) as patient_responsibility,
       (fr.amount_paid - r.returned)::numeric(10, 2) as amount_paid,
       case
           when fr.status in ('cancelled', 'refunded') then 0
           else fr.amount - r.adjusted - w.written_off - fr.amount_paid + r.returned
       end::numeric(10, 2) as balance,
       case
           when fr.status in ('cancelled', 'refunded') then fr.status
           when fr.amount - r.adjusted - w.written_off - fr.amount_paid + r.returned <= 0
               then 'paid'
           when fr.due_date < current_date then 'overdue'
           else 'pending'
       end::payment_status_enum as status,
       case when fr.status not in ('cancelled', 'refunded')
             and fr.amount - r.adjusted - w.written_off - fr.amount_paid + r.returned > 0
             and fr.due_date < current_date
            then current_date - fr.due_date else 0 end as days_overdue,
       fr.last_paid_at,
       r.returned::numeric(10, 2) as amount_refunded,
       (r.adjusted + w.written_off)::numeric(10, 2) as amount_adjusted,
       case
           when fr.status in ('cancelled', 'refunded') then 0
           else fr.amount - r.adjusted - w.written_off
       end::numeric(10, 2) as amount_owed,
       w.written_off::numeric(10, 2) as amount_written_off,
       x.insurer_paid::numeric(10, 2) as insurance_paid,
       x.adjudicated
  from financial_records fr
 cross join lateral (
        select coalesce(sum(y.amount), 0) as returned,
               coalesce(sum(y.amount) filter (where y.adjusts_charge), 0) as adjusted,
               coalesce(sum(y.amount) filter (where y.remittance_id is not null), 0) as recouped
          from refunds y
         where y.financial_record_id = fr.id
       ) r
 cross join lateral (
        select coalesce(sum(a.amount), 0) as written_off
          from charge_adjustments a
         where a.financial_record_id = fr.id and a.writes_off
       ) w
 cross join lateral (
        select exists (select 1 from remittance_lines l where l.financial_record_id = fr.id)
                   as adjudicated,
               coalesce((select sum(p.amount) from payments p
                          where p.financial_record_id = fr.id and p.method = 'insurance'), 0)
                   - r.recouped as insurer_paid
       ) x;

comment on view financial_record_balances is
    'Each charge with amount paid net of refunds, its adjustments (goodwill refunds and payer '
    'write-offs), what it still owes, the insurer''s and patient''s shares (the payer''s once '
    'adjudicated), and its status from the balance and due date.';

-- 0084's totals; the shares of an adjudicated charge are the payer's, of any other the
-- coverage estimate as before.
create or replace view financial_summary with (security_invoker = true) as
select p.id as patient_id,
       p.full_name as patient_name,
       p.therapist_id,
       p.insurance_provider,
       p.coverage_percent,
       count(b.id) as record_count,
       coalesce(sum(b.amount_owed), 0)::numeric(12, 2) as total_billed,
       coalesce(sum(case when b.adjudicated then b.insurance_amount
                         else b.insurance_amount
                              - greatest(b.amount_adjusted - b.patient_responsibility, 0) end)
                filter (where b.status not in ('cancelled', 'refunded')), 0)
           ::numeric(12, 2) as insurance_total,
       coalesce(sum(case when b.adjudicated then b.patient_responsibility
                         else greatest(b.patient_responsibility - b.amount_adjusted, 0) end)
                filter (where b.status not in ('cancelled', 'refunded')), 0)
           ::numeric(12, 2) as patient_responsibility_total,
       coalesce(sum(b.amount_paid), 0)::numeric(12, 2) as total_paid,
       coalesce(sum(b.balance) filter (where b.status in ('pending', 'overdue')), 0)
           ::numeric(12, 2) as balance,
       coalesce(sum(b.balance) filter (where b.status = 'overdue'), 0)
           ::numeric(12, 2) as overdue_balance,
       max(b.last_paid_at) as last_payment_at,
       coalesce(sum(b.amount_refunded), 0)::numeric(12, 2) as total_refunded,
       coalesce(sum(b.amount_adjusted), 0)::numeric(12, 2) as total_adjusted
  from patients p
  left join financial_record_balances b on b.patient_id = p.id
 group by p.id;

comment on view financial_summary is
    'Per patient: billed (after adjustments and write-offs), insurance share, patient share '
    '(the payer''s once adjudicated), paid (net of refunds), open and overdue balance, '
    'refunded, adjusted.';

do $$
begin
    if to_regrole('sanctuary_clinician') is null or to_regrole('sanctuary_billing') is null then
        return;
    end if;
    grant select, insert on remittances, remittance_lines, charge_adjustments, acknowledgements
        to sanctuary_clinician, sanctuary_billing;
end;
$$;
