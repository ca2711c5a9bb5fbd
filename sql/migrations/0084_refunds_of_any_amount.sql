-- Refunds of any amount up to what was paid (docs/billing.md, "Refunds"). Money returned is
-- no longer paid, so by default it is owed again and the charge can be paid again (a payment
-- recorded on the wrong charge, a patient reimbursed once the insurer paid). A goodwill refund
-- also adjusts the charge: its amount comes off what the charge asks, so the balance stays as
-- it was. A charge refunded as a whole (status refunded, 0071) owes nothing more.
--
--   owed    = amount - adjusting refunds                (0 for a cancelled or refunded charge)
--   paid    = payments - refunds                        (what the practice keeps)
--   balance = owed - paid                               (never below zero)
--
-- Payments and refunds stay permanent rows (0071); the views below derive every total from
-- them, so the charge row, `billing summary`, `billing overdue` and the reports agree.

alter table refunds add column adjusts_charge boolean not null default false;

comment on column refunds.adjusts_charge is
    'A goodwill refund: its amount also comes off what the charge asks, so nothing is owed '
    'again; otherwise the money refunded is owed again.';

-- With refunds, the payments of a charge may add up to more than its amount (paid, refunded,
-- paid again), so the gross total is no longer bounded by the amount. What is bounded is the
-- net, and the payments trigger below holds it.
alter table financial_records drop constraint financial_records_paid_within_amount;

-- A payment fits what is still owed: the amount less adjusting refunds, less what was paid and
-- not refunded. The charge row is locked first, so two payments (or a payment and a refund) at
-- once queue up. It runs with the caller's rights, as before: whoever may pay a charge sees
-- all of its payments and refunds.
create or replace function check_payment_fits_balance() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
    charge record;
    paid numeric;
    returned numeric;
    adjusted numeric;
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
    if paid - returned + new.amount > charge.amount - adjusted then
        raise exception 'Payment of % exceeds the balance of % on this charge',
            new.amount, charge.amount - adjusted - paid + returned
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

comment on function check_payment_fits_balance() is
    'Locks the charge (SELECT ... FOR UPDATE) and refuses a payment beyond what is still owed '
    '(amount less adjusting refunds, less payments net of refunds).';

-- Same columns and meaning as 0060 for a charge without refunds; amount_paid is now net of
-- refunds, and a cancelled or refunded charge has no balance. New columns at the end.
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
       (fr.amount_paid - r.returned)::numeric(10, 2) as amount_paid,
       case
           when fr.status in ('cancelled', 'refunded') then 0
           else fr.amount - r.adjusted - fr.amount_paid + r.returned
       end::numeric(10, 2) as balance,
       case
           when fr.status in ('cancelled', 'refunded') then fr.status
           when fr.amount - r.adjusted - fr.amount_paid + r.returned <= 0 then 'paid'
           when fr.due_date < current_date then 'overdue'
           else 'pending'
       end::payment_status_enum as status,
       case when fr.status not in ('cancelled', 'refunded')
             and fr.amount - r.adjusted - fr.amount_paid + r.returned > 0
             and fr.due_date < current_date
            then current_date - fr.due_date else 0 end as days_overdue,
       fr.last_paid_at,
       r.returned::numeric(10, 2) as amount_refunded,
       r.adjusted::numeric(10, 2) as amount_adjusted,
       case
           when fr.status in ('cancelled', 'refunded') then 0
           else fr.amount - r.adjusted
       end::numeric(10, 2) as amount_owed
  from financial_records fr
 cross join lateral (
        select coalesce(sum(x.amount), 0) as returned,
               coalesce(sum(x.amount) filter (where x.adjusts_charge), 0) as adjusted
          from refunds x
         where x.financial_record_id = fr.id
       ) r;

comment on view financial_record_balances is
    'Each charge with amount paid net of refunds, refunds and adjustments, what it still owes, '
    'and its status derived from the balance and due date.';

-- Billed is what the live charges ask after adjustments, so billed - paid = balance for every
-- patient; an adjustment comes off the patient's share first, then the insurer's (a goodwill
-- refund is the patient's). total_refunded now sums the refund rows themselves.
create or replace view financial_summary with (security_invoker = true) as
select p.id as patient_id,
       p.full_name as patient_name,
       p.therapist_id,
       p.insurance_provider,
       p.coverage_percent,
       count(b.id) as record_count,
       coalesce(sum(b.amount_owed), 0)::numeric(12, 2) as total_billed,
       coalesce(sum(b.insurance_amount - greatest(b.amount_adjusted - b.patient_responsibility, 0))
                filter (where b.status not in ('cancelled', 'refunded')), 0)
           ::numeric(12, 2) as insurance_total,
       coalesce(sum(greatest(b.patient_responsibility - b.amount_adjusted, 0))
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
    'Per patient: billed (after adjustments), insurance share, patient share, paid (net of '
    'refunds), open and overdue balance, refunded, adjusted.';
