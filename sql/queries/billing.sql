-- name: appointment_for_charge
-- An appointment with what a session charge needs: length, kind, fee, patient coverage.
select a.id,
       a.patient_id,
       a.therapist_id,
       a.starts_at::date as service_date,
       a.duration_minutes,
       a.appointment_type::text as appointment_type,
       a.status::text as status,
       a.starts_at > now() as in_future,
       a.fee,
       st.name as session_type,
       st.category::text as category,
       st.default_fee,
       p.coverage_percent,
       p.diagnosis_codes
  from appointments a
  join patients p on p.id = a.patient_id
  left join session_types st on st.id = a.session_type_id
 where a.id = %(appointment_id)s

-- name: appointment_ids_matching
-- Appointments whose id starts with the given LIKE pattern (at most two, to detect ambiguity).
select id
  from appointments
 where id::text like %(pattern)s
 order by id
 limit 2

-- name: session_charge_for_appointment
-- The live session charge already made for an appointment, if any.
select id
  from financial_records
 where appointment_id = %(appointment_id)s
   and record_type = 'session'
   and status not in ('cancelled', 'refunded')

-- name: settings
-- The practice's billing settings (one row).
select require_signed_note,
       default_due_days
  from billing_settings
 where id

-- name: update_settings
-- Change the billing settings; a null parameter keeps the current value.
update billing_settings
   set require_signed_note = coalesce(%(require_signed_note)s, require_signed_note),
       default_due_days = coalesce(%(default_due_days)s, default_due_days)
 where id
returning require_signed_note, default_due_days

-- name: insert_charge
-- Record a charge; the coverage split is computed by generated columns.
insert into financial_records (patient_id, therapist_id, appointment_id, record_type,
                               description, cpt_code, cpt_modifier, addon_cpt_code,
                               addon_units, icd10_codes, place_of_service, service_date,
                               due_date, amount, coverage_percent)
values (%(patient_id)s, %(therapist_id)s, %(appointment_id)s, %(record_type)s,
        %(description)s, %(cpt_code)s, %(cpt_modifier)s, %(addon_cpt_code)s,
        %(addon_units)s, %(icd10_codes)s, %(place_of_service)s, %(service_date)s,
        coalesce(%(due_date)s::date,
                 %(service_date)s::date + (select default_due_days from billing_settings where id)),
        %(amount)s, %(coverage_percent)s)
returning id

-- name: charge
-- One charge with its totals (paid net of refunds, refunded, adjusted) and derived status,
-- for display after a change.
select b.id as charge_id,
       p.full_name as patient_name,
       b.record_type::text as record_type,
       b.service_date,
       b.due_date,
       fr.cpt_code,
       fr.cpt_modifier,
       fr.addon_cpt_code,
       fr.addon_units,
       b.icd10_codes,
       b.amount,
       b.coverage_percent,
       b.insurance_amount,
       b.patient_responsibility,
       b.amount_paid,
       b.balance,
       b.status::text as status,
       b.amount_refunded,
       b.amount_adjusted,
       b.amount_owed,
       fr.amount_paid as payments_total
  from financial_record_balances b
  join financial_records fr on fr.id = b.id
  join patients p on p.id = b.patient_id
 where b.id = %(charge_id)s

-- name: lock_charge
-- Lock a charge row for the rest of the transaction so concurrent payments and refunds queue
-- up. Its totals are read by the next statement (`charge`), whose snapshot then includes the
-- payment or refund of the transaction waited for.
select id,
       amount,
       amount_paid,
       status::text as status
  from financial_records
 where id = %(charge_id)s
   for update

-- name: insert_payment
-- Record a payment against a charge (the payments_fit_balance trigger re-checks the balance).
insert into payments (financial_record_id, amount, method, reference)
values (%(charge_id)s, %(amount)s, %(method)s, %(reference)s)
returning id

-- name: insert_refund
-- Record money returned on a charge; adjusts_charge also takes it off what the charge asks
-- (the refunds_fit_payments trigger refuses more than was paid and not yet refunded).
insert into refunds (financial_record_id, amount, reason, adjusts_charge)
values (%(charge_id)s, %(amount)s, %(reason)s, %(adjusts_charge)s)
returning id

-- name: mark_refunded
-- The charge is refunded as a whole: nothing more is owed on it, and it takes no payments.
update financial_records
   set status = 'refunded'
 where id = %(charge_id)s

-- name: overdue
-- Charges with a balance past their due date, most days overdue first. The open charges are
-- read through financial_records_open_due_idx (its predicate is repeated here word for word),
-- so the work grows with the open charges, not with the billing history; a charge paid in
-- full that a refund made owing again is not in that index, and comes from its refund rows.
-- therapist_id null (--all-therapists) is every charge row-level security shows: every
-- therapist's when unscoped; for a scoped clinician, theirs (first branch: the visible
-- therapists) or their patients' by a colleague (second branch, only when scoped: an index-only
-- scan of financial_records_open_patient_idx), so both are index conditions and none of the
-- practice's other open charges is read.
with open_charges as (
    select fr.id
      from financial_records fr
     where fr.amount_paid < fr.amount and fr.status not in ('cancelled', 'refunded')
       and fr.due_date < current_date
       and fr.therapist_id = any (case when %(therapist_id)s::uuid is null
                                       then (select sanctuary_visible_therapists())
                                       else array[%(therapist_id)s::uuid] end)
    union
    select fr.id
      from financial_records fr
     where fr.amount_paid < fr.amount and fr.status not in ('cancelled', 'refunded')
       and fr.due_date < current_date
       and %(therapist_id)s::uuid is null
       and fr.patient_id = any (array(select p.id
                                        from patients p
                                       where (select sanctuary_scope()) is not null))
       and fr.therapist_id <> all ((select sanctuary_visible_therapists())::uuid[])
    union
    select r.financial_record_id
      from refunds r
     where not r.adjusts_charge
)
select b.id as charge_id,
       p.full_name as patient_name,
       b.service_date,
       b.due_date,
       b.days_overdue,
       b.record_type::text as record_type,
       b.cpt_code,
       b.amount,
       b.amount_paid,
       b.balance,
       b.amount_refunded,
       b.amount_adjusted
  from open_charges o
  join financial_record_balances b on b.id = o.id
  join patients p on p.id = b.patient_id
 where b.status = 'overdue'
   and (%(therapist_id)s::uuid is null or b.therapist_id = %(therapist_id)s::uuid)
 order by b.days_overdue desc, p.full_name, b.service_date

-- name: summary
-- Per patient totals from the financial_summary view; then, for a patient given Good Faith
-- Estimates, the most billed above any one of them (never below 0; null without estimates)
-- and whether that is $400 or more (estimate_billing; docs/billing.md, "Good Faith Estimates").
select s.patient_id,
       s.patient_name,
       s.insurance_provider,
       s.coverage_percent,
       s.record_count,
       s.total_billed,
       s.insurance_total,
       s.patient_responsibility_total,
       s.total_paid,
       s.balance,
       s.overdue_balance,
       s.total_refunded,
       s.last_payment_at,
       s.total_adjusted,
       coalesce(o.over_estimate, false) as over_estimate,
       case when o.billed_above is not null
            then greatest(o.billed_above, 0) end::numeric(12, 2) as over_estimate_by
  from financial_summary s
  left join lateral (
        select bool_or(eb.over_estimate) as over_estimate,
               max(eb.billed_above) as billed_above
          from estimate_billing eb
         where eb.patient_id = s.patient_id
       ) o on true
 where s.record_count > 0
   and (%(therapist_id)s::uuid is null or s.therapist_id = %(therapist_id)s::uuid)
 order by s.patient_name

-- name: open_balances
-- Open balances per patient and days past due (0: not yet due), for the aging buckets. The
-- open charges come as in `overdue`: through financial_records_open_due_idx (and, for a scoped
-- clinician with --all-therapists, financial_records_open_patient_idx over their patients),
-- and the paid ones a refund made owing again from their refund rows.
with open_charges as (
    select fr.id
      from financial_records fr
     where fr.amount_paid < fr.amount and fr.status not in ('cancelled', 'refunded')
       and fr.therapist_id = any (case when %(therapist_id)s::uuid is null
                                       then (select sanctuary_visible_therapists())
                                       else array[%(therapist_id)s::uuid] end)
    union
    select fr.id
      from financial_records fr
     where fr.amount_paid < fr.amount and fr.status not in ('cancelled', 'refunded')
       and %(therapist_id)s::uuid is null
       and fr.patient_id = any (array(select p.id
                                        from patients p
                                       where (select sanctuary_scope()) is not null))
       and fr.therapist_id <> all ((select sanctuary_visible_therapists())::uuid[])
    union
    select r.financial_record_id
      from refunds r
     where not r.adjusts_charge
)
select b.patient_id,
       p.full_name as patient_name,
       greatest(current_date - b.due_date, 0) as days_overdue,
       sum(b.balance) as balance
  from open_charges o
  join financial_record_balances b on b.id = o.id
  join patients p on p.id = b.patient_id
 where b.status in ('pending', 'overdue')
   and (%(therapist_id)s::uuid is null or b.therapist_id = %(therapist_id)s::uuid)
 group by b.patient_id, p.full_name, greatest(current_date - b.due_date, 0)
 order by p.full_name, b.patient_id

-- name: superbill_provider
-- The provider block of a superbill.
select concat_ws(' ', nullif(title, ''), first_name, last_name) as provider_name,
       credentials,
       npi,
       license_number,
       license_state,
       tax_id,
       practice_name,
       practice_address,
       phone,
       email
  from therapists
 where id = %(therapist_id)s

-- name: superbill_patient
-- The patient block of a superbill.
select full_name,
       date_of_birth,
       address,
       phone,
       insurance_provider,
       insurance_member_id,
       insurance_group_number,
       diagnosis_codes
  from patients
 where id = %(patient_id)s

-- name: superbill_lines
-- Reimbursable lines of a patient in a date range: services with a CPT code, never the
-- missed-appointment fees (insurers do not reimburse them), each with its fee after any
-- adjustment, payments net of refunds, and balance.
select b.service_date,
       fr.cpt_code,
       fr.cpt_modifier,
       fr.units,
       fr.addon_cpt_code,
       fr.addon_units,
       b.icd10_codes,
       fr.place_of_service,
       b.description,
       b.amount_owed as amount,
       b.amount_paid,
       b.balance
  from financial_record_balances b
  join financial_records fr on fr.id = b.id
 where b.patient_id = %(patient_id)s
   and b.therapist_id = %(therapist_id)s
   and b.service_date between %(date_from)s and %(date_to)s
   and b.status not in ('cancelled', 'refunded')
   and b.record_type not in ('cancellation-fee', 'late-fee')
   and fr.cpt_code is not null
 order by b.service_date, fr.created_at

-- name: patient_coverage
-- What a charge without an appointment copies from the patient: coverage and diagnoses.
select coverage_percent,
       diagnosis_codes
  from patients
 where id = %(patient_id)s

-- name: usual_session_types
-- The session types of a patient's appointments (not cancelled), most used first, for the CPT
-- code of a session charged without an appointment.
select st.name,
       st.category::text as category,
       count(*) as sessions
  from appointments a
  join session_types st on st.id = a.session_type_id
 where a.patient_id = %(patient_id)s
   and a.status <> 'cancelled'
 group by st.name, st.category
 order by count(*) desc, max(a.starts_at) desc
 limit 5
