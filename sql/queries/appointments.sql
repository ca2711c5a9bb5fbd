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

-- name: list
-- Appointments in [from, to) of one therapist (or all), optionally one patient or status.
select a.id as appointment_id,
       a.starts_at,
       a.ends_at,
       a.duration_minutes,
       p.full_name as patient_name,
       st.name as session_type,
       a.appointment_type,
       coalesce(a.video_link, a.location) as location,
       a.status,
       a.fee,
       a.series_id
  from appointments a
  join patients p on p.id = a.patient_id
  left join session_types st on st.id = a.session_type_id
 where a.starts_at >= %(from_at)s
   and a.starts_at < %(to_at)s
   and (%(therapist_id)s::uuid is null or a.therapist_id = %(therapist_id)s::uuid)
   and (%(patient_id)s::uuid is null or a.patient_id = %(patient_id)s::uuid)
   and (%(status)s::appointment_status_enum is null
        or a.status = %(status)s::appointment_status_enum)
 order by a.starts_at, p.full_name

-- name: session_types
-- Active session types whose name contains the text (all when null), shortest name first.
select id, name, category, default_duration_minutes, default_fee
  from session_types
 where is_active
   and (%(name)s::text is null or name ilike '%%' || %(name)s || '%%')
 order by (lower(name) = lower(coalesce(%(name)s, ''))) desc, length(name), name

-- name: insert
-- Book one appointment; the exclusion constraint refuses a clash.
insert into appointments (therapist_id, patient_id, session_type_id, starts_at,
                          duration_minutes, appointment_type, location, video_link, fee,
                          series_id)
values (%(therapist_id)s, %(patient_id)s, %(session_type_id)s, %(starts_at)s,
        %(duration_minutes)s, %(appointment_type)s, %(location)s, %(video_link)s, %(fee)s,
        %(series_id)s)
returning id as appointment_id, starts_at, ends_at, duration_minutes, status::text as status,
          appointment_type::text as appointment_type, fee, series_id

-- name: get
-- One appointment with the patient's name and fee exemption.
select a.*,
       p.full_name as patient_name,
       p.fee_exempt,
       st.name as session_type
  from appointments a
  join patients p on p.id = a.patient_id
  left join session_types st on st.id = a.session_type_id
 where a.id = %(appointment_id)s

-- name: scheduled_for_patient
-- A patient's scheduled appointments, soonest first (resolving an appointment by name).
select a.id, a.starts_at
  from appointments a
 where a.patient_id = %(patient_id)s
   and a.status = 'scheduled'
 order by a.starts_at
 limit 10

-- name: reschedule
-- Move a scheduled appointment (the exclusion constraint refuses a clash).
update appointments
   set starts_at = %(starts_at)s,
       duration_minutes = coalesce(%(duration_minutes)s, duration_minutes)
 where id = %(appointment_id)s
   and status = 'scheduled'
returning id as appointment_id, starts_at, ends_at, duration_minutes, status::text as status,
          appointment_type::text as appointment_type, fee, series_id

-- name: series_to_move
-- The occurrences of a series that move with one of them: that one, and the later ones still
-- scheduled and not yet started, soonest first, locked until the move is done.
select a.id as appointment_id,
       a.therapist_id,
       a.starts_at,
       a.duration_minutes
  from appointments a
 where a.series_id = %(series_id)s
   and a.status = 'scheduled'
   and (a.id = %(appointment_id)s or (a.starts_at > %(starts_at)s and a.starts_at > now()))
 order by a.starts_at
   for update

-- name: cancel_series
-- Cancel the occurrences of a series still scheduled and not yet started, from a moment on.
update appointments
   set status = 'cancelled',
       cancelled_at = now(),
       cancellation_reason = %(reason)s
 where series_id = %(series_id)s
   and status = 'scheduled'
   and starts_at > now()
   and starts_at >= %(from_at)s
returning id as appointment_id, status::text as status, starts_at

-- name: set_status
-- Close a scheduled appointment as completed, cancelled or no-show.
update appointments
   set status = %(status)s::appointment_status_enum,
       cancelled_at = case when %(status)s = 'cancelled' then now() end,
       cancellation_reason = case when %(status)s = 'cancelled' then %(reason)s end
 where id = %(appointment_id)s
   and status = 'scheduled'
returning id as appointment_id, status, starts_at

-- name: clash
-- The therapist's non-cancelled appointment overlapping [starts_at, ends_at), other than one.
select a.id as appointment_id,
       a.starts_at,
       p.full_name as patient_name
  from appointments a
  join patients p on p.id = a.patient_id
 where a.therapist_id = %(therapist_id)s
   and a.status <> 'cancelled'
   and tstzrange(a.starts_at, a.ends_at, '[)')
       && tstzrange(%(starts_at)s, %(starts_at)s + make_interval(mins => %(duration_minutes)s), '[)')
   and a.id is distinct from %(exclude_id)s::uuid
 order by a.starts_at
 limit 1

-- name: insert_fee
-- A late-cancellation or no-show fee for an appointment, not covered by insurance, due in
-- 30 days; at most one fee of a type per appointment.
insert into financial_records (patient_id, therapist_id, appointment_id, record_type,
                               description, service_date, due_date, amount, coverage_percent)
select a.patient_id, a.therapist_id, a.id, %(record_type)s::financial_record_type_enum,
       %(description)s, (a.starts_at at time zone current_setting('TimeZone'))::date,
       (a.starts_at at time zone current_setting('TimeZone'))::date + 30, %(amount)s, 0
  from appointments a
 where a.id = %(appointment_id)s
   and not exists (
        select 1
          from financial_records f
         where f.appointment_id = a.id
           and f.record_type = %(record_type)s::financial_record_type_enum
       )
returning id as financial_record_id, record_type, amount, due_date

-- name: calendar
-- Appointments from a moment on (scheduled, completed, no-show and cancelled) for .ics export.
select a.id as appointment_id,
       a.starts_at,
       a.ends_at,
       a.status,
       a.appointment_type,
       a.location,
       a.video_link,
       a.updated_at,
       a.created_at,
       p.id as patient_id,
       p.first_name,
       p.last_name,
       p.full_name as patient_name,
       st.name as session_type
  from appointments a
  join patients p on p.id = a.patient_id
  left join session_types st on st.id = a.session_type_id
 where a.starts_at >= %(from_at)s
   and (%(to_at)s::timestamptz is null or a.starts_at < %(to_at)s::timestamptz)
   and (%(therapist_id)s::uuid is null or a.therapist_id = %(therapist_id)s::uuid)
 order by a.starts_at
