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
-- One charge with its balance and derived status, for display after a change.
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
       b.status::text as status
  from financial_record_balances b
  join financial_records fr on fr.id = b.id
  join patients p on p.id = b.patient_id
 where b.id = %(charge_id)s

-- name: lock_charge
-- Lock a charge row for the rest of the transaction so concurrent payments queue up. A row
-- locked after waiting is read again as committed, so amount_paid includes the payment of the
-- transaction waited for.
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
-- Record the money returned on a charge.
insert into refunds (financial_record_id, amount, reason)
values (%(charge_id)s, %(amount)s, %(reason)s)
returning id

-- name: mark_refunded
-- A person refunded the charge: its status stays refunded whatever the balance.
update financial_records
   set status = 'refunded'
 where id = %(charge_id)s

-- name: overdue
-- Charges with a balance past their due date, most days overdue first. Reads the open charges
-- through financial_records_open_due_idx (its predicate is repeated here word for word), so
-- the work grows with the open charges, not with the billing history.
select fr.id as charge_id,
       p.full_name as patient_name,
       fr.service_date,
       fr.due_date,
       current_date - fr.due_date as days_overdue,
       fr.record_type::text as record_type,
       fr.cpt_code,
       fr.amount,
       fr.amount_paid,
       (fr.amount - fr.amount_paid)::numeric(10, 2) as balance
  from financial_records fr
  join patients p on p.id = fr.patient_id
 where fr.amount_paid < fr.amount and fr.status not in ('cancelled', 'refunded')
   and fr.due_date < current_date
   and (%(therapist_id)s::uuid is null or fr.therapist_id = %(therapist_id)s::uuid)
 order by days_overdue desc, p.full_name, fr.service_date

-- name: summary
-- Per patient totals from the financial_summary view.
select patient_id,
       patient_name,
       insurance_provider,
       coverage_percent,
       record_count,
       total_billed,
       insurance_total,
       patient_responsibility_total,
       total_paid,
       balance,
       overdue_balance,
       total_refunded,
       last_payment_at
  from financial_summary
 where record_count > 0
   and (%(therapist_id)s::uuid is null or therapist_id = %(therapist_id)s::uuid)
 order by patient_name

-- name: open_balances
-- Open balances per patient and days past due, for the aging buckets (open charges only,
-- through financial_records_open_due_idx).
select fr.patient_id,
       p.full_name as patient_name,
       greatest(current_date - fr.due_date, 0) as days_overdue,
       sum(fr.amount - fr.amount_paid) as balance
  from financial_records fr
  join patients p on p.id = fr.patient_id
 where fr.amount_paid < fr.amount and fr.status not in ('cancelled', 'refunded')
   and (%(therapist_id)s::uuid is null or fr.therapist_id = %(therapist_id)s::uuid)
 group by fr.patient_id, p.full_name, greatest(current_date - fr.due_date, 0)
 order by p.full_name, fr.patient_id

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
-- Billable lines of a patient in a date range, with payments and balance.
select b.service_date,
       fr.cpt_code,
       fr.cpt_modifier,
       fr.units,
       fr.addon_cpt_code,
       fr.addon_units,
       b.icd10_codes,
       fr.place_of_service,
       b.description,
       b.amount,
       b.amount_paid,
       b.balance
  from financial_record_balances b
  join financial_records fr on fr.id = b.id
 where b.patient_id = %(patient_id)s
   and b.therapist_id = %(therapist_id)s
   and b.service_date between %(date_from)s and %(date_to)s
   and b.status not in ('cancelled', 'refunded')
 order by b.service_date, fr.created_at

-- name: patient_coverage
-- The insurance coverage a new charge copies from the patient.
select coverage_percent
  from patients
 where id = %(patient_id)s
