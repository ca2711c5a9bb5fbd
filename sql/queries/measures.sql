-- name: add
-- Store one administration with every item answer.
insert into measure_administrations (patient_id, therapist_id, instrument, answers, total,
                                     severity, risk_flag)
values (%(patient_id)s, %(therapist_id)s, %(instrument)s, %(answers)s::smallint[], %(total)s,
        %(severity)s, %(risk_flag)s)
returning id, administered_at

-- name: list
-- A patient's administrations, newest first, with the change in total since the previous
-- administration of the same instrument. instrument null = all.
select m.id as measure_id,
       m.administered_at,
       m.instrument,
       m.total,
       m.severity,
       m.total - lag(m.total) over (partition by m.instrument order by m.administered_at)
           as change,
       m.risk_flag,
       m.answers
  from measure_administrations m
 where m.patient_id = %(patient_id)s
   and (%(instrument)s::text is null or m.instrument = %(instrument)s::text)
 order by m.administered_at desc

-- name: previous_total
-- Total of the administration before the given one, same patient and instrument.
select total
  from measure_administrations
 where patient_id = %(patient_id)s
   and instrument = %(instrument)s
   and id <> %(id)s
   and administered_at <= %(administered_at)s
 order by administered_at desc
 limit 1

-- name: risk_status
-- The patient_risk_status row of one patient.
select *
  from patient_risk_status
 where patient_id = %(patient_id)s

-- name: resolve_risk
-- The clinician closes a patient's risk flag, with the reason (migration 0075).
insert into risk_resolutions (patient_id, therapist_id, reason)
values (%(patient_id)s, %(therapist_id)s, %(reason)s)
returning id as resolution_id, patient_id, resolved_at

-- name: outcome_scores
-- PHQ-9 and GAD-7 totals of one patient or a caseload (the patient's clinician, or the
-- practice), oldest first per patient, with what the episode of care starts from: the intake
-- day and the latest re-admission (migration 0104).
select p.id as patient_id,
       p.full_name as patient_name,
       p.intake_date,
       p.readmitted_at,
       m.id as measure_id,
       m.instrument,
       m.administered_at,
       m.total
  from patients p
  join measure_administrations m on m.patient_id = p.id
 where m.instrument in ('phq9', 'gad7')
   and (%(instrument)s::text is null or m.instrument = %(instrument)s::text)
   and (%(patient_id)s::uuid is null or p.id = %(patient_id)s::uuid)
   and (%(therapist_id)s::uuid is null or p.therapist_id = %(therapist_id)s::uuid)
   and p.merged_into is null
 order by p.full_name, p.id, m.administered_at, m.id
