-- What has been paid on a charge is kept on the charge itself, so that open and overdue charges
-- can be found through an index of open charges instead of summing the payments of every charge
-- a therapist ever billed (`billing overdue` grew with billing history; bench/RESULTS.md).
--
-- financial_records.amount_paid and last_paid_at always equal the sum and the latest paid_at of
-- the charge's payments: a trigger on payments recomputes them, and a trigger on the charge
-- refuses any other value, whoever writes (CLI, psql, billing staff).

alter table financial_records
    add column amount_paid numeric(10, 2) not null default 0 check (amount_paid >= 0),
    add column last_paid_at timestamptz;

comment on column financial_records.amount_paid is
    'Sum of the payments on this charge, kept by the payments trigger (never written directly).';
comment on column financial_records.last_paid_at is
    'When the latest payment on this charge was made, kept by the payments trigger.';

-- Backfill without touching updated_at or the audit log: the totals are derived from rows
-- that are already there and already audited; nothing about any charge changed. The whole
-- migration is one transaction holding ALTER TABLE's exclusive lock, so no other session sees
-- the triggers off. The empty therapist setting makes every charge and payment visible.
select set_config('sanctuary.therapist', '', true);

alter table financial_records disable trigger financial_records_updated_at;
alter table financial_records disable trigger financial_records_audit;

update financial_records fr
   set amount_paid = paid.total,
       last_paid_at = paid.last_paid_at
  from (select financial_record_id, sum(amount) as total, max(paid_at) as last_paid_at
          from payments
         group by financial_record_id) paid
 where paid.financial_record_id = fr.id;

alter table financial_records enable trigger financial_records_updated_at;
alter table financial_records enable trigger financial_records_audit;

-- Runs as the owner with the therapist setting emptied for the call (and put back after; a
-- function's SET clause cannot name a custom setting without a superuser), so it reaches the
-- charge whatever the caller's scope, and billing staff and clinicians need no UPDATE right on
-- the totals. It writes only the true totals of the charge the caller's payment row names. The
-- charge row is locked first, so a payment edited in psql while a CLI payment holds the lock
-- waits, then sums with a fresh snapshot. The audit log records the payment, not this refresh
-- (0063).
create or replace function refresh_charge_paid_total() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    charge uuid;
begin
    perform set_config('sanctuary.therapist', '', true);
    foreach charge in array array_remove(array[
            case when tg_op <> 'INSERT' then old.financial_record_id end,
            case when tg_op <> 'DELETE' then new.financial_record_id end], null) loop
        perform 1 from financial_records where id = charge for update;
        if not found then
            raise exception 'Charge % of this payment was not found', charge
                using errcode = 'foreign_key_violation';
        end if;
        update financial_records fr
           set amount_paid = coalesce(paid.total, 0),
               last_paid_at = paid.last_paid_at
          from (select sum(p.amount) as total, max(p.paid_at) as last_paid_at
                  from payments p
                 where p.financial_record_id = charge) paid
         where fr.id = charge;
    end loop;
    perform set_config('sanctuary.therapist', saved, true);
    return null;
end;
$$;

comment on function refresh_charge_paid_total() is
    'AFTER trigger on payments: recomputes amount_paid and last_paid_at of the charge(s) touched.';

create trigger payments_refresh_charge_paid_total after insert or update or delete on payments
    for each row execute function refresh_charge_paid_total();

-- The therapist setting is emptied for the sum (and put back), so every payment of the charge
-- counts whatever scope the caller set: a clinician cannot hide payments from the check by
-- naming nobody and then zero a paid charge.
create or replace function check_charge_paid_total() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    total numeric;
    latest timestamptz;
begin
    if tg_op = 'INSERT' then
        if new.amount_paid <> 0 or new.last_paid_at is not null then
            raise exception 'A new charge has nothing paid on it; record a payment instead'
                using errcode = 'check_violation';
        end if;
        return new;
    end if;
    if new.amount_paid is distinct from old.amount_paid
       or new.last_paid_at is distinct from old.last_paid_at then
        perform set_config('sanctuary.therapist', '', true);
        select coalesce(sum(p.amount), 0), max(p.paid_at) into total, latest
          from payments p
         where p.financial_record_id = new.id;
        perform set_config('sanctuary.therapist', saved, true);
        if new.amount_paid <> total or new.last_paid_at is distinct from latest then
            raise exception 'The amount paid on a charge is the sum of its payments; '
                            'record a payment instead of changing it'
                using errcode = 'check_violation';
        end if;
    end if;
    return new;
end;
$$;

comment on function check_charge_paid_total() is
    'BEFORE trigger on financial_records: amount_paid and last_paid_at only ever match payments.';

create trigger financial_records_paid_total before insert or update on financial_records
    for each row execute function check_charge_paid_total();

-- The open charges of a therapist by due date: what `billing overdue` and the aging report read.
-- Queries must repeat this predicate word for word for the planner to use the index. It
-- replaces 0001's index of the same name, which held every charge not cancelled or refunded
-- (nearly all of them, paid ones included).
drop index financial_records_open_due_idx;

create index financial_records_open_due_idx on financial_records (therapist_id, due_date)
    where amount_paid < amount and status not in ('cancelled', 'refunded');

comment on index financial_records_open_due_idx is
    'Charges with a balance (not cancelled or refunded), per therapist by due date.';

-- Same columns and meaning as before; the totals now come from the charge row.
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
       fr.insurance_amount,
       fr.patient_responsibility,
       fr.amount_paid,
       (fr.amount - fr.amount_paid)::numeric(10, 2) as balance,
       case
           when fr.status in ('cancelled', 'refunded') then fr.status
           when fr.amount - fr.amount_paid <= 0 then 'paid'
           when fr.due_date < current_date then 'overdue'
           else 'pending'
       end::payment_status_enum as status,
       case when fr.status not in ('cancelled', 'refunded')
             and fr.amount - fr.amount_paid > 0
             and fr.due_date < current_date
            then current_date - fr.due_date else 0 end as days_overdue,
       fr.last_paid_at
  from financial_records fr;
