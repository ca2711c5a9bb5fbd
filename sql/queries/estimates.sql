-- name: patient
-- What a Good Faith Estimate needs of the patient: name, date of birth, coverage, diagnoses.
select id,
       therapist_id,
       full_name,
       date_of_birth,
       nullif(btrim(insurance_provider), '') as insurance_provider,
       coverage_percent,
       diagnosis_codes
  from patients
 where id = %(patient_id)s

-- name: provider
-- The provider block of a Good Faith Estimate: the clinician's name and NPI; the practice's
-- name, tax id (formatted as an EIN or SSN), NPI, address and state from its billing profile
-- where set (migration 0090), else the clinician's own.
select concat_ws(', ', concat_ws(' ', nullif(t.title, ''), t.first_name, t.last_name),
                 nullif(t.credentials, '')) as provider_name,
       coalesce(pr.name, nullif(btrim(t.practice_name), '')) as practice_name,
       t.npi,
       pr.npi as practice_npi,
       case when pr.tax_id is null then nullif(btrim(t.tax_id), '')
            when pr.tax_id_type = 'SSN'
            then concat_ws('-', left(pr.tax_id, 3), substr(pr.tax_id, 4, 2), right(pr.tax_id, 4))
            else concat_ws('-', left(pr.tax_id, 2), substr(pr.tax_id, 3))
       end as tax_id,
       case when pr.address is null then nullif(btrim(t.practice_address), '')
            else concat_ws(', ', pr.address, pr.city,
                           nullif(concat_ws(' ', pr.state,
                                            case when length(pr.zip) = 9
                                                 then left(pr.zip, 5) || '-' || right(pr.zip, 4)
                                                 else pr.zip end), ''))
       end as location,
       coalesce(pr.state, t.license_state) as location_state,
       nullif(concat_ws(', ', nullif(t.phone, ''), nullif(t.email, '')), '') as contact
  from therapists t
 cross join practice pr
 where t.id = %(therapist_id)s
   and pr.id

-- name: usual_session_types
-- The session types of a patient's appointments (not cancelled), most used first, with the
-- length and fee an estimate takes from the usual one.
select st.name,
       st.category::text as category,
       st.default_duration_minutes,
       st.default_fee,
       count(*) as sessions
  from appointments a
  join session_types st on st.id = a.session_type_id
 where a.patient_id = %(patient_id)s
   and a.status <> 'cancelled'
 group by st.id, st.name, st.category, st.default_duration_minutes, st.default_fee
 order by count(*) desc, max(a.starts_at) desc
 limit 5

-- name: insert_estimate
-- Issue an estimate (issued_on is today in the practice zone: the transaction's TimeZone).
insert into estimates (patient_id, therapist_id, self_pay_reason, patient_name,
                       patient_birth_date, provider_name, practice_name, provider_npi,
                       practice_npi, provider_tax_id, location, location_state,
                       provider_contact, service_description, diagnosis_codes, sessions,
                       service_from, service_to, total)
values (%(patient_id)s, %(therapist_id)s, %(self_pay_reason)s, %(patient_name)s,
        %(patient_birth_date)s, %(provider_name)s, %(practice_name)s, %(provider_npi)s,
        %(practice_npi)s, %(provider_tax_id)s, %(location)s, %(location_state)s,
        %(provider_contact)s, %(service_description)s, %(diagnosis_codes)s, %(sessions)s,
        %(service_from)s, %(service_to)s, %(total)s)
returning id

-- name: insert_line
-- One expected session of an estimate.
insert into estimate_lines (estimate_id, patient_id, line_number, expected_date, description,
                            cpt_code, addon_cpt_code, addon_units, icd10_codes, amount)
values (%(estimate_id)s, %(patient_id)s, %(line_number)s, %(expected_date)s, %(description)s,
        %(cpt_code)s, %(addon_cpt_code)s, %(addon_units)s, %(icd10_codes)s, %(amount)s)

-- name: estimate
-- One estimate as issued, everything its PDF prints.
select e.id as estimate_id,
       e.patient_id,
       e.issued_on,
       e.self_pay_reason,
       e.patient_name,
       e.patient_birth_date,
       e.provider_name,
       e.practice_name,
       e.provider_npi,
       e.practice_npi,
       e.provider_tax_id,
       e.location,
       e.location_state,
       e.provider_contact,
       e.service_description,
       e.diagnosis_codes,
       e.sessions,
       e.service_from,
       e.service_to,
       e.total
  from estimates e
 where e.id = %(estimate_id)s

-- name: lines
-- The lines of one estimate, in order.
select line_number,
       expected_date,
       description,
       cpt_code,
       addon_cpt_code,
       addon_units,
       icd10_codes,
       amount
  from estimate_lines
 where estimate_id = %(estimate_id)s
 order by line_number

-- name: list
-- Estimates, newest first, with what was billed against each (estimate_billing): one, one
-- patient's or all, one clinician's or the practice's.
select e.id as estimate_id,
       e.patient_id,
       p.full_name as patient_name,
       e.issued_on,
       e.sessions,
       l.cpt_code,
       l.amount as fee,
       e.service_from,
       e.service_to,
       e.total as estimated_total,
       eb.billed_total,
       greatest(eb.billed_above, 0)::numeric(12, 2) as billed_above,
       eb.over_estimate,
       e.self_pay_reason
  from estimates e
  join patients p on p.id = e.patient_id
  join estimate_billing eb on eb.estimate_id = e.id
  left join estimate_lines l on l.estimate_id = e.id and l.line_number = 1
 where (%(estimate_id)s::uuid is null or e.id = %(estimate_id)s::uuid)
   and (%(patient_id)s::uuid is null or e.patient_id = %(patient_id)s::uuid)
   and (%(therapist_id)s::uuid is null or e.therapist_id = %(therapist_id)s::uuid)
 order by e.issued_at desc, e.id
