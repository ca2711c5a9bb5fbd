-- name: list
-- Patients of one therapist (or all when null), optionally of one status, with next appointment.
select p.id as patient_id,
       p.full_name,
       p.preferred_name,
       p.status,
       p.phone,
       p.email,
       p.insurance_provider,
       p.coverage_percent,
       p.fee_exempt,
       p.session_count,
       nxt.starts_at as next_appointment_at
  from patients p
  left join lateral (
        select a.starts_at
          from appointments a
         where a.patient_id = p.id
           and a.status = 'scheduled'
           and a.starts_at >= now()
         order by a.starts_at
         limit 1
       ) nxt on true
 where (%(therapist_id)s::uuid is null or p.therapist_id = %(therapist_id)s::uuid)
   and (%(status)s::patient_status_enum is null or p.status = %(status)s::patient_status_enum)
 order by p.last_name, p.first_name, p.id

-- name: search
-- Typo-tolerant ranked name search: trigram similarity of the whole name or of its words
-- (both operators are served by patients_full_name_trgm_idx). One clinician's: their patients
-- by patients_therapist_status_idx, the names tested on those alone. therapist_id null (the
-- practice, or all a login may see): under row-level security the planner will not run the
-- operators inside an index scan, so the matching ids come from sanctuary_name_matches
-- (migration 0122: the index, past the policy, for the caller's login only) and the rows are
-- read by id through the policy, the operators checked again. Only one branch runs.
select p.id as patient_id,
       p.full_name,
       p.status,
       p.date_of_birth,
       round(greatest(similarity(p.full_name, %(text)s),
                      word_similarity(%(text)s, p.full_name))::numeric, 2)::float as score
  from (select id, full_name, status, date_of_birth
          from patients
         where %(therapist_id)s::uuid is null
           and id = any (array(select sanctuary_name_matches(%(text)s)))
           and (full_name %% %(text)s or %(text)s <%% full_name)
        union all
        select id, full_name, status, date_of_birth
          from patients
         where therapist_id = %(therapist_id)s::uuid
           and (full_name %% %(text)s or %(text)s <%% full_name)) p
 order by score desc, p.full_name
 limit %(limit)s

-- name: insert
-- A new patient; names arrive NFC-normalized.
insert into patients (therapist_id, first_name, last_name, preferred_name, pronouns,
                      date_of_birth, email, phone, address, emergency_contact_name,
                      emergency_contact_phone, emergency_contact_relationship,
                      insurance_provider, insurance_member_id, insurance_group_number,
                      coverage_percent, fee_exempt, diagnosis_codes, status, intake_date)
values (%(therapist_id)s, %(first_name)s, %(last_name)s, %(preferred_name)s, %(pronouns)s,
        %(date_of_birth)s, %(email)s, %(phone)s, %(address)s, %(emergency_contact_name)s,
        %(emergency_contact_phone)s, %(emergency_contact_relationship)s,
        %(insurance_provider)s, %(insurance_member_id)s, %(insurance_group_number)s,
        coalesce(%(coverage_percent)s, 0), coalesce(%(fee_exempt)s, false),
        coalesce(%(diagnosis_codes)s::text[], '{}'),
        coalesce(%(status)s::patient_status_enum, 'Active'),
        coalesce(%(intake_date)s, current_date))
returning id as patient_id, full_name, preferred_name, status, date_of_birth, email, phone,
          insurance_provider, coverage_percent, fee_exempt, intake_date, discharged_at

-- name: update
-- Change the given fields of one patient (null means leave as it is).
update patients
   set first_name = coalesce(%(first_name)s, first_name),
       last_name = coalesce(%(last_name)s, last_name),
       preferred_name = coalesce(%(preferred_name)s, preferred_name),
       pronouns = coalesce(%(pronouns)s, pronouns),
       date_of_birth = coalesce(%(date_of_birth)s, date_of_birth),
       email = coalesce(%(email)s, email),
       phone = coalesce(%(phone)s, phone),
       address = coalesce(%(address)s, address),
       emergency_contact_name = coalesce(%(emergency_contact_name)s, emergency_contact_name),
       emergency_contact_phone = coalesce(%(emergency_contact_phone)s, emergency_contact_phone),
       emergency_contact_relationship =
           coalesce(%(emergency_contact_relationship)s, emergency_contact_relationship),
       insurance_provider = coalesce(%(insurance_provider)s, insurance_provider),
       insurance_member_id = coalesce(%(insurance_member_id)s, insurance_member_id),
       insurance_group_number = coalesce(%(insurance_group_number)s, insurance_group_number),
       coverage_percent = coalesce(%(coverage_percent)s, coverage_percent),
       fee_exempt = coalesce(%(fee_exempt)s, fee_exempt),
       diagnosis_codes = coalesce(%(diagnosis_codes)s::text[], diagnosis_codes),
       status = coalesce(%(status)s::patient_status_enum, status),
       reminders = coalesce(%(reminders)s, reminders),
       discharged_at = case
           when %(status)s::patient_status_enum = 'Active' then null
           else discharged_at
       end
 where id = %(patient_id)s
returning id as patient_id, full_name, preferred_name, status, date_of_birth, email, phone,
          insurance_provider, coverage_percent, fee_exempt, intake_date, discharged_at

-- name: discharge
-- End treatment: status Completed or Inactive, with the moment; the record is kept.
update patients
   set status = %(status)s::patient_status_enum,
       discharged_at = now()
 where id = %(patient_id)s
returning id as patient_id, full_name, preferred_name, status, date_of_birth, email, phone,
          insurance_provider, coverage_percent, fee_exempt, intake_date, discharged_at,
          (select count(*)
             from appointments a
            where a.patient_id = patients.id
              and a.status = 'scheduled'
              and a.starts_at >= now()) as scheduled_ahead

-- name: lock_caseload
-- Serializes adding patients to one clinician's caseload, so the duplicate check and the
-- insert after it cannot interleave with another add or import (transaction-level lock).
select pg_advisory_xact_lock(hashtext('sanctuary patients'), hashtext(%(therapist_id)s::text))

-- name: duplicate_candidates
-- The clinician's patients (not merged away) born on one of the days or with one of the
-- emails given; names are compared by the caller, accents and case folded.
select id, full_name, first_name, last_name, date_of_birth, email, status
  from patients
 where therapist_id = %(therapist_id)s
   and merged_into is null
   and (date_of_birth = any(%(dates_of_birth)s::date[])
        or lower(btrim(email)) = any(%(emails)s::text[]))
 order by full_name, id

-- name: insurance_of
-- A patient's insurer (to check a new coverage against) and the record it was merged into.
select insurance_provider, merged_into from patients where id = %(patient_id)s

-- name: merge
-- Move everything of one patient onto another and discharge it (migration 0083).
select sanctuary_merge_patients(%(keep)s, %(other)s, %(acting)s) as moved

-- name: export
-- Every patient of one therapist (or all) with the columns `patients import` reads.
select p.id as patient_id,
       p.first_name,
       p.last_name,
       p.preferred_name,
       p.pronouns,
       p.date_of_birth,
       p.email,
       p.phone,
       p.address,
       p.emergency_contact_name,
       p.emergency_contact_phone,
       p.emergency_contact_relationship,
       p.insurance_provider,
       p.insurance_member_id,
       p.insurance_group_number,
       p.coverage_percent,
       p.fee_exempt,
       array_to_string(p.diagnosis_codes, ';') as diagnosis_codes,
       p.status,
       p.intake_date,
       p.session_count
  from patients p
 where (%(therapist_id)s::uuid is null or p.therapist_id = %(therapist_id)s::uuid)
 order by p.last_name, p.first_name, p.id

-- name: chart_patient
-- The chart's header: demographics, contact, insurance, status and clinician.
select p.*,
       concat_ws(' ', nullif(t.title, ''), t.first_name, t.last_name) as therapist_name
  from patients p
  join therapists t on t.id = p.therapist_id
 where p.id = %(patient_id)s

-- name: chart_next_appointment
-- The patient's next scheduled appointment.
select a.id as appointment_id,
       a.starts_at,
       a.duration_minutes,
       st.name as session_type,
       a.appointment_type,
       coalesce(a.video_link, a.location) as location
  from appointments a
  left join session_types st on st.id = a.session_type_id
 where a.patient_id = %(patient_id)s
   and a.status = 'scheduled'
   and a.starts_at >= now()
 order by a.starts_at
 limit 1

-- name: chart_recent_sessions
-- The last few appointments that have happened (or were missed), with their note's state.
select a.id as appointment_id,
       a.starts_at,
       a.status,
       st.name as session_type,
       case
           when n.id is null then 'none'
           when n.signed_at is null then 'unsigned'
           else 'signed'
       end as note
  from appointments a
  left join session_types st on st.id = a.session_type_id
  left join lateral (
        select sn.id, sn.signed_at
          from session_notes sn
         where sn.appointment_id = a.id
           and not sn.is_private
         limit 1
       ) n on true
 where a.patient_id = %(patient_id)s
   and a.starts_at < now()
   and a.status in ('completed', 'no-show', 'cancelled')
 order by a.starts_at desc
 limit %(limit)s

-- name: chart_balance
-- Billed, paid, open and overdue amounts of one patient.
select total_billed, total_paid, balance, overdue_balance, last_payment_at
  from financial_summary
 where patient_id = %(patient_id)s
