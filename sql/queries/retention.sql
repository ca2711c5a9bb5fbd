-- name: past_retention
-- Patients whose records are past retention on a day: the later of N years after the last
-- service and M years past majority (minors), with nothing scheduled ahead.
with last_service as (
    select p.id,
           p.full_name,
           p.status,
           p.therapist_id,
           p.date_of_birth,
           greatest(
               p.intake_date,
               (select max((a.starts_at at time zone current_setting('TimeZone'))::date)
                  from appointments a
                 where a.patient_id = p.id
                   and a.status in ('completed', 'no-show')),
               (select max(n.session_date) from session_notes n where n.patient_id = p.id),
               (select max(f.service_date) from financial_records f where f.patient_id = p.id)
           ) as last_service_date
      from patients p
     where (%(therapist_id)s::uuid is null or p.therapist_id = %(therapist_id)s::uuid)
),
due as (
    select ls.*,
           (ls.last_service_date + make_interval(years => %(years)s))::date as after_service,
           (ls.date_of_birth
            + make_interval(years => %(majority_age)s + %(years_past_majority)s))::date
               as after_majority
      from last_service ls
)
select d.id as patient_id,
       d.full_name as patient_name,
       d.status,
       d.last_service_date,
       greatest(d.after_service, d.after_majority) as retain_until,
       case when d.after_majority > d.after_service
            then 'minor: ' || %(years_past_majority)s || ' years past majority'
            else %(years)s || ' years after last service'
       end as basis,
       (select count(*) from session_notes n where n.patient_id = d.id) as note_count,
       (select count(*) from financial_records f where f.patient_id = d.id)
           as financial_record_count
  from due d
 where greatest(d.after_service, d.after_majority) < %(as_of)s::date
   and not exists (
        select 1
          from appointments a
         where a.patient_id = d.id
           and a.status = 'scheduled'
           and a.starts_at >= now()
       )
 order by retain_until, patient_name
