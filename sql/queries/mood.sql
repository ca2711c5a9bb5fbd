-- name: add
-- Record a mood rating for a patient now.
insert into mood_entries (patient_id, therapist_id, rating, note)
values (%(patient_id)s, %(therapist_id)s, %(rating)s, %(note)s)
returning id as mood_entry_id, patient_id, recorded_at, rating, coalesce(note, '') as note

-- name: list
-- A patient's mood entries, newest first; one that came with a note says which note.
select id as mood_entry_id,
       recorded_at,
       rating,
       coalesce(note,
                case when session_note_id is not null
                     then 'session note ' || left(session_note_id::text, 8) end,
                '') as note,
       session_note_id
  from mood_entries
 where patient_id = %(patient_id)s
 order by recorded_at desc
 limit %(limit)s

-- name: recent
-- The last N mood entries of a patient, oldest first, with the practice-zone day.
select recorded_at, recorded_at::date as day, rating
  from (select recorded_at, rating
          from mood_entries
         where patient_id = %(patient_id)s
         order by recorded_at desc
         limit %(limit)s) last_n
 order by recorded_at

-- name: follow_note
-- Write a note's mood entry from the note itself: its rating, patient and author, dated at the
-- session (the appointment's start; else now for a session today, noon of an earlier day). An
-- existing entry takes a new rating, and a new time only when the session moved to another
-- day. Returns the entry when it was written or changed; nothing when the note has no mood or
-- the entry already agrees.
insert into mood_entries (patient_id, therapist_id, session_note_id, rating, recorded_at)
select n.patient_id,
       n.therapist_id,
       n.id,
       n.mood_rating,
       coalesce(a.starts_at,
                case when n.session_date = current_date then now()
                     else (n.session_date + time '12:00')::timestamptz end)
  from session_notes n
  left join appointments a on a.id = n.appointment_id
 where n.id = %(note_id)s
   and n.mood_rating is not null
on conflict (session_note_id) where session_note_id is not null
do update set rating = excluded.rating,
              recorded_at = case when mood_entries.recorded_at::date = excluded.recorded_at::date
                                 then mood_entries.recorded_at
                                 else excluded.recorded_at end
        where mood_entries.rating <> excluded.rating
           or mood_entries.recorded_at::date <> excluded.recorded_at::date
returning id as mood_entry_id

-- name: drop_note_entry
-- Remove the mood entry of a note that no longer has a mood rating.
delete from mood_entries m
 where m.session_note_id = %(note_id)s
   and not exists (select 1
                     from session_notes n
                    where n.id = m.session_note_id
                      and n.mood_rating is not null)

-- name: note_entry
-- The mood entry of a note, if it has one.
select id as mood_entry_id
  from mood_entries
 where session_note_id = %(note_id)s
