-- Mood ratings given in notes before 0080 get their mood entry, so `mood list` and `mood
-- trend` show a patient's whole history, not only what was rated after the upgrade
-- (docs/clinical-notes.md, "Mood and progress"). Nothing in any note changes, signed ones
-- included: each entry only repeats its note's rating, and the link makes it the same record.
--
-- The entry is dated when the session was: its appointment's start, else noon of the session
-- day in the practice zone (the migration's TimeZone; noon stays on that day wherever the
-- zone is). Private notes carry no mood (0025), so none is copied from them.

-- Every clinician's notes, whoever the migration runs for.
select set_config('sanctuary.therapist', '', true);

insert into mood_entries (patient_id, therapist_id, session_note_id, rating, recorded_at)
select n.patient_id,
       n.therapist_id,
       n.id,
       n.mood_rating,
       coalesce(a.starts_at, (n.session_date + time '12:00')::timestamptz)
  from session_notes n
  left join appointments a on a.id = n.appointment_id
 where n.mood_rating is not null
   and not n.is_private
   and not exists (select 1 from mood_entries m where m.session_note_id = n.id);
