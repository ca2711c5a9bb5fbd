-- Reminders (docs/reminders.md) and the calendar sync. The states of a reminder, and what
-- the database allows between them, are migration 0111's. 1919250285 is the first key of the
-- advisory locks that say a run is alive (hold_run); the second is a hash of the run's id.

-- name: day
-- The appointments of one day still to come, with what a reminder needs and the reminder
-- already recorded for the same start, if any. The practice's name and phone come from the
-- practice row when it has them (its billing profile, migration 0090; read through to_jsonb,
-- so that this query does not depend on that migration), else from the clinician's own.
select a.id as appointment_id,
       a.starts_at,
       a.therapist_id,
       p.id as patient_id,
       p.full_name as patient_name,
       coalesce(nullif(btrim(p.preferred_name), ''), p.first_name) as first_name,
       nullif(btrim(p.email), '') as email,
       p.reminders,
       coalesce(nullif(btrim(to_jsonb(pr) ->> 'name'), ''),
                nullif(btrim(t.practice_name), '')) as practice_name,
       coalesce(nullif(btrim(to_jsonb(pr) ->> 'phone'), ''),
                nullif(btrim(t.phone), '')) as practice_phone,
       r.status as reminder_status,
       r.reason as reminder_reason,
       (r.id is null
        or r.retryable
        or (r.status = 'refused' and r.recipient is distinct from btrim(p.email))
        or (r.status = 'queued'
            and (r.claimed_at < now() - make_interval(mins => %(lease_minutes)s::int)
                 or pg_try_advisory_xact_lock(1919250285, hashtext(r.claimed_by::text)))))
       as claimable
  from appointments a
  join patients p on p.id = a.patient_id
  join therapists t on t.id = a.therapist_id
  left join practice pr on pr.id
  left join reminders r
         on r.appointment_id = a.id and r.starts_at = a.starts_at and r.channel = 'email'
 where a.status = 'scheduled'
   and a.starts_at >= %(from_at)s
   and a.starts_at < %(to_at)s
   and a.starts_at > now()
   and (%(therapist_id)s::uuid is null or a.therapist_id = %(therapist_id)s::uuid)
 order by a.starts_at, a.id

-- name: claim
-- Claims the reminders of these appointments for one run, in one statement: a new row for a
-- start with none, or takes over one a run may send again (not sent, refused for now or at an
-- address since changed, or queued by a run that stopped: its claim is old, or its run's lock,
-- see hold_run, is free). The appointments and patients are
-- locked first, so none is cancelled, moved or loses consent until the claim is committed.
-- Two runs at once wait on the unique key: each reminder is claimed by one of them.
with due as (
    select a.id, a.starts_at, a.patient_id, a.therapist_id, btrim(p.email) as email
      from appointments a
      join patients p on p.id = a.patient_id
     where a.id = any(%(appointment_ids)s::uuid[])
       and a.status = 'scheduled'
       and a.starts_at > now()
       and p.reminders = 'email'
       and nullif(btrim(p.email), '') is not null
     order by a.id
       for share of a, p
),
fresh as (
    insert into reminders (appointment_id, starts_at, channel, patient_id, therapist_id,
                           recipient, claimed_by)
    select d.id, d.starts_at, 'email', d.patient_id, d.therapist_id, d.email, %(run)s
      from due d
     order by d.id
        on conflict (appointment_id, starts_at, channel) do nothing
    returning id, appointment_id
),
again as (
    update reminders r
       set status = 'queued', claimed_by = %(run)s, claimed_at = now(), recipient = d.email,
           retryable = false, reason = null, reply_code = null, sending_at = null
      from due d
     where r.appointment_id = d.id
       and r.starts_at = d.starts_at
       and r.channel = 'email'
       and (r.retryable
            or (r.status = 'refused' and r.recipient <> d.email)
            or (r.status = 'queued'
                and r.claimed_by <> %(run)s
                and (r.claimed_at < now() - make_interval(mins => %(lease_minutes)s::int)
                     or pg_try_advisory_xact_lock(1919250285, hashtext(r.claimed_by::text)))))
    returning r.id, r.appointment_id
)
select c.id as reminder_id,
       c.appointment_id,
       d.starts_at,
       d.email as recipient
  from (select * from fresh union all select * from again) c
  join due d on d.id = c.appointment_id
 order by d.starts_at, d.id

-- name: start_sending
-- Hands one claimed reminder over: 'sending' when its appointment is still scheduled at the
-- start it announces and the patient still agrees at that address, else 'dropped'. Only the
-- run that claimed it moves it; no row back means another run took it over.
update reminders r
   set status = case when s.due then 'sending' else 'dropped' end,
       sending_at = case when s.due then now() end,
       retryable = not s.due,
       message_id = %(message_id)s,
       reason = case when s.due then null
                     else 'the appointment was cancelled or moved, or consent withdrawn, '
                          'before it was sent' end
  from (select exists (
               select 1
                 from reminders x
                 join appointments a on a.id = x.appointment_id
                 join patients p on p.id = a.patient_id
                where x.id = %(reminder_id)s
                  and a.status = 'scheduled'
                  and a.starts_at = x.starts_at
                  and p.reminders = x.channel
                  and btrim(p.email) = x.recipient) as due) s
 where r.id = %(reminder_id)s
   and r.claimed_by = %(run)s
   and r.status = 'queued'
returning r.status

-- name: record
-- What the mail server said about one reminder this run handed over.
update reminders
   set status = %(status)s::text,
       sent_at = case when %(status)s::text = 'sent' then now() end,
       reply_code = %(code)s,
       retryable = %(retryable)s,
       reason = nullif(%(reason)s::text, '')
 where id = %(reminder_id)s
   and claimed_by = %(run)s
   and status = 'sending'

-- name: release
-- The reminders this run claimed and did not hand over (it stopped, or the server could not
-- be reached): not sent, so the next run may send them.
update reminders
   set status = 'failed', retryable = true, reason = %(reason)s
 where claimed_by = %(run)s
   and status = 'queued'

-- name: hold_run
-- Held by a run of `reminders send` until its connection closes (it ends, or is killed), so
-- that a later run knows at once whether the run that claimed a reminder is still alive: it
-- is when this lock cannot be taken. Behind a transaction-mode pooler the lock may look held
-- or free wrongly; the claim and the states keep a reminder from going out twice either way,
-- and the lease (claimed_at, sending_at) still ends a claim.
select pg_advisory_lock(1919250285, hashtext(%(run)s::text))

-- name: expire_sending
-- Reminders handed over by a run that never heard the server's answer (it stopped or lost
-- its connection): 'unknown', so they are not sent again. Its run is gone when its lock
-- (hold_run) is free, or when the hand-over is so old that no run is still waiting for it.
update reminders
   set status = 'unknown',
       reason = 'the run sending it stopped before the mail server answered'
 where status = 'sending'
   and (sending_at < now() - make_interval(mins => %(lease_minutes)s::int)
        or pg_try_advisory_xact_lock(1919250285, hashtext(claimed_by::text)))
   and (%(therapist_id)s::uuid is null or therapist_id = %(therapist_id)s::uuid)

-- name: list
-- The reminders of the appointments starting in a range: whom, which start, what happened.
select r.id as reminder_id,
       r.appointment_id,
       r.starts_at,
       p.full_name as patient_name,
       r.channel,
       r.status,
       r.sent_at,
       coalesce(r.reason, '') as reason
  from reminders r
  join patients p on p.id = r.patient_id
 where r.starts_at >= %(from_at)s
   and (%(to_at)s::timestamptz is null or r.starts_at < %(to_at)s::timestamptz)
   and (%(therapist_id)s::uuid is null or r.therapist_id = %(therapist_id)s::uuid)
 order by r.starts_at, p.full_name, r.appointment_id

-- name: calendar
-- The appointments `calendar sync` publishes: scheduled ones in the window, and ones already
-- held there (so today's finished sessions stay on the calendar). No session type: a third
-- party hosts the calendar, so titles carry initials and the kind of visit only.
select a.id as appointment_id,
       a.starts_at,
       a.ends_at,
       a.status,
       a.appointment_type,
       a.location,
       a.video_link,
       a.updated_at,
       p.first_name,
       p.last_name
  from appointments a
  join patients p on p.id = a.patient_id
 where a.status in ('scheduled', 'completed')
   and a.starts_at >= %(from_at)s
   and a.starts_at < %(to_at)s
   and (%(therapist_id)s::uuid is null or a.therapist_id = %(therapist_id)s::uuid)
 order by a.starts_at, a.id
