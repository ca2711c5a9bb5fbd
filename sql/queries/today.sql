-- name: agenda
-- One day's appointments (practice time zone) with whose they are and the documentation
-- state of each; the note status is worked out as in report.daily.
select a.id as appointment_id,
       a.starts_at,
       a.ends_at,
       p.full_name as patient_name,
       concat_ws(' ', nullif(t.title, ''), t.first_name, t.last_name) as therapist_name,
       st.name as session_type,
       a.appointment_type::text as appointment_type,
       coalesce(a.video_link, a.location) as location,
       a.status::text as status,
       case
           when n.signed_at is not null then 'signed'
           when n.id is not null then 'unsigned'
           when a.status = 'completed' then 'missing'
           else ''
       end as note_status
  from appointments a
  join patients p on p.id = a.patient_id
  join therapists t on t.id = a.therapist_id
  left join session_types st on st.id = a.session_type_id
  left join lateral (
        select s.id, s.signed_at
          from session_notes s
         where s.appointment_id = a.id
           and not s.is_private
         order by s.created_at desc
         limit 1
       ) n on true
 where a.starts_at >= %(day)s::date::timestamptz
   and a.starts_at < (%(day)s::date + 1)::timestamptz
   and (%(therapist_id)s::uuid is null or a.therapist_id = %(therapist_id)s::uuid)
 order by a.starts_at, p.full_name

-- name: unsigned_notes
-- Notes still unsigned more than 24 hours after their session, oldest first; private notes
-- are left out, as in report.documentation.
select n.id as note_id,
       n.appointment_id,
       p.full_name as patient_name,
       concat_ws(' ', nullif(t.title, ''), t.first_name, t.last_name) as therapist_name,
       n.session_date,
       coalesce(a.ends_at, n.created_at) as session_ended_at,
       floor(extract(epoch from now() - coalesce(a.ends_at, n.created_at)) / 3600)::integer
           as hours_since_session
  from session_notes n
  join patients p on p.id = n.patient_id
  join therapists t on t.id = n.therapist_id
  left join appointments a on a.id = n.appointment_id
 where n.signed_at is null
   and not n.is_private
   and coalesce(a.ends_at, n.created_at) <= now() - interval '24 hours'
   and (%(therapist_id)s::uuid is null or n.therapist_id = %(therapist_id)s::uuid)
 order by session_ended_at, p.full_name

-- name: licences
-- Active clinicians (one, or the practice) with the days left on their licence.
select id as therapist_id,
       concat_ws(' ', nullif(title, ''), first_name, last_name) as therapist_name,
       license_expiry,
       license_expiry - current_date as license_days_left
  from therapists
 where is_active
   and (%(therapist_id)s::uuid is null or id = %(therapist_id)s::uuid)
 order by last_name, first_name, id
