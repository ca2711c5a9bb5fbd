-- name: daily
-- The day's agenda (practice time zone), with each session's documentation state.
select a.id as appointment_id,
       a.starts_at,
       a.ends_at,
       a.duration_minutes,
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
       end as note_status,
       coalesce(bal.balance, 0)::numeric(12, 2) as patient_balance
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
  left join lateral (
        select sum(b.balance) as balance
          from financial_record_balances b
         where b.patient_id = a.patient_id
           and b.status in ('pending', 'overdue')
       ) bal on true
 where a.starts_at >= %(day)s::date::timestamptz
   and a.starts_at < (%(day)s::date + 1)::timestamptz
   and (%(therapist_id)s::uuid is null or a.therapist_id = %(therapist_id)s::uuid)
 order by a.starts_at, p.full_name

-- name: revenue
-- Per day of a period: sessions held, missed and cancelled, amounts billed and collected.
select d.day::date as day,
       (select count(*) from appointments a
         where a.status = 'completed'
           and a.starts_at >= d.day and a.starts_at < d.day + interval '1 day'
           and (%(therapist_id)s::uuid is null or a.therapist_id = %(therapist_id)s::uuid))
           as sessions_completed,
       (select count(*) from appointments a
         where a.status = 'no-show'
           and a.starts_at >= d.day and a.starts_at < d.day + interval '1 day'
           and (%(therapist_id)s::uuid is null or a.therapist_id = %(therapist_id)s::uuid))
           as no_shows,
       (select count(*) from appointments a
         where a.status = 'cancelled'
           and a.starts_at >= d.day and a.starts_at < d.day + interval '1 day'
           and (%(therapist_id)s::uuid is null or a.therapist_id = %(therapist_id)s::uuid))
           as cancellations,
       (select coalesce(sum(fr.amount), 0) from financial_records fr
         where fr.service_date = d.day::date
           and fr.status not in ('cancelled', 'refunded')
           and (%(therapist_id)s::uuid is null or fr.therapist_id = %(therapist_id)s::uuid))
           ::numeric(12, 2) as billed,
       (select coalesce(sum(fr.insurance_amount), 0) from financial_records fr
         where fr.service_date = d.day::date
           and fr.status not in ('cancelled', 'refunded')
           and (%(therapist_id)s::uuid is null or fr.therapist_id = %(therapist_id)s::uuid))
           ::numeric(12, 2) as insurance_billed,
       (select coalesce(sum(pay.amount), 0) from payments pay
          join financial_records fr on fr.id = pay.financial_record_id
         where pay.paid_at >= d.day and pay.paid_at < d.day + interval '1 day'
           and (%(therapist_id)s::uuid is null or fr.therapist_id = %(therapist_id)s::uuid))
           ::numeric(12, 2) as collected,
       (select coalesce(sum(r.amount), 0) from refunds r
          join financial_records fr on fr.id = r.financial_record_id
         where r.refunded_at >= d.day and r.refunded_at < d.day + interval '1 day'
           and (%(therapist_id)s::uuid is null or fr.therapist_id = %(therapist_id)s::uuid))
           ::numeric(12, 2) as refunded
  from generate_series(%(date_from)s::date::timestamptz, %(date_to)s::date::timestamptz,
                       interval '1 day') as d(day)
 order by d.day

-- name: caseload
-- Patients of the caseload with their activity in the last %(days)s days and status changes.
select p.id as patient_id,
       p.full_name as patient_name,
       p.status::text as status,
       case
           when p.discharged_at >= now() - make_interval(days => %(days)s) then 'discharged'
           when p.intake_date >= current_date - %(days)s then 'new'
           else ''
       end as change,
       p.intake_date,
       p.discharged_at,
       p.session_count,
       (select count(*) from appointments a
         where a.patient_id = p.id and a.status = 'completed'
           and a.starts_at >= now() - make_interval(days => %(days)s)) as sessions_in_period,
       (select max(a.starts_at) from appointments a
         where a.patient_id = p.id and a.status = 'completed') as last_session_at,
       (select min(a.starts_at) from appointments a
         where a.patient_id = p.id and a.status = 'scheduled' and a.starts_at >= now())
           as next_appointment_at
  from patients p
 where (%(therapist_id)s::uuid is null or p.therapist_id = %(therapist_id)s::uuid)
   and (p.status = 'Active'
        or p.discharged_at >= now() - make_interval(days => %(days)s)
        or p.intake_date >= current_date - %(days)s)
 order by p.status, p.full_name

-- name: documentation
-- Notes left unsigned more than 24 hours after the session, and completed sessions of the
-- last %(days)s days with no note; private notes are never listed.
select late.*,
       case when hours_since_session >= 72 then 'over 72h' else 'over 24h' end as lateness
  from (select n.id as note_id,
               a.id as appointment_id,
               p.full_name as patient_name,
               n.session_date,
               coalesce(a.ends_at, n.created_at) as session_ended_at,
               floor(extract(epoch from now() - coalesce(a.ends_at, n.created_at)) / 3600)::integer
                   as hours_since_session,
               'unsigned' as issue
          from session_notes n
          join patients p on p.id = n.patient_id
          left join appointments a on a.id = n.appointment_id
         where n.signed_at is null
           and not n.is_private
           and (%(therapist_id)s::uuid is null or n.therapist_id = %(therapist_id)s::uuid)
        union all
        select null,
               a.id,
               p.full_name,
               a.starts_at::date,
               a.ends_at,
               floor(extract(epoch from now() - a.ends_at) / 3600)::integer,
               'missing note'
          from appointments a
          join patients p on p.id = a.patient_id
         where a.status = 'completed'
           and a.ends_at >= now() - make_interval(days => %(days)s)
           and (%(therapist_id)s::uuid is null or a.therapist_id = %(therapist_id)s::uuid)
           and not exists (select 1 from session_notes n
                            where n.appointment_id = a.id and not n.is_private)) late
 where hours_since_session >= 24
 order by hours_since_session desc, patient_name

-- name: plans_missing
-- For `report documentation`: Active patients with no signed treatment plan more than
-- %(plan_due_days)s days into their episode of care (from intake, or the latest re-admission),
-- and those whose current plan's review date has passed; in the columns of documentation.
select c.patient_name,
       null::date as session_date,
       null::timestamptz as session_ended_at,
       null::integer as hours_since_session,
       (current_date - c.due)::text || ' days' as lateness,
       c.issue,
       null::uuid as note_id,
       null::uuid as appointment_id
  from (select p.full_name as patient_name,
               case
                   when t.id is not null then 'plan review overdue'
                   when exists (select 1 from treatment_plans d where d.patient_id = p.id)
                       then 'plan not signed'
                   else 'no treatment plan'
               end as issue,
               case
                   when t.id is not null then t.review_date
                   else greatest(p.intake_date, p.readmitted_at::date) + %(plan_due_days)s
               end as due
          from patients p
          left join lateral (select s.id, s.review_date
                               from treatment_plans s
                              where s.patient_id = p.id and s.signed_at is not null
                              order by s.signed_at desc
                              limit 1) t on true
         where p.status = 'Active'
           and p.merged_into is null
           and (%(therapist_id)s::uuid is null or p.therapist_id = %(therapist_id)s::uuid)) c
 where c.due < current_date
 order by c.due, c.patient_name

-- name: risk
-- Patients flagged as elevated risk in the patient_risk_status view, most severe first.
select r.patient_id,
       p.full_name as patient_name,
       r.last_note_risk_level,
       r.last_note_at,
       r.safety_plan_on_file,
       r.phq9_item9_positive,
       r.latest_phq9_total,
       r.latest_phq9_severity,
       r.latest_gad7_total,
       r.latest_gad7_severity,
       r.cssrs_risk,
       r.last_measured_at,
       (select min(a.starts_at) from appointments a
         where a.patient_id = p.id and a.status = 'scheduled' and a.starts_at >= now())
           as next_appointment_at,
       r.elevated_since,
       r.elevated_by
  from patient_risk_status r
  join patients p on p.id = r.patient_id
 where r.elevated
   and p.status = 'Active'
   and (%(therapist_id)s::uuid is null or r.therapist_id = %(therapist_id)s::uuid)
 order by array_position(array['imminent', 'high', 'moderate', 'low'], r.last_note_risk_level),
          array_position(array['high', 'moderate', 'low'], r.cssrs_risk),
          r.phq9_item9_positive desc,
          p.full_name
