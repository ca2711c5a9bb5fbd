-- name: upcoming
-- Scheduled appointments in the next %(days)s days, for one therapist or (null) for all.
select appointment_id,
       starts_at,
       ends_at,
       duration_minutes,
       patient_id,
       patient_name,
       therapist_name,
       session_type,
       appointment_type,
       location
  from upcoming_appointments
 where starts_at < now() + make_interval(days => %(days)s)
   and (%(therapist_id)s::uuid is null or therapist_id = %(therapist_id)s::uuid)
 order by starts_at, therapist_name
