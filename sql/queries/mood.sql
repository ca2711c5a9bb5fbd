-- name: add
-- Record a mood rating for a patient now.
insert into mood_entries (patient_id, therapist_id, rating, note)
values (%(patient_id)s, %(therapist_id)s, %(rating)s, %(note)s)
returning id as mood_entry_id, recorded_at, rating, note

-- name: list
-- A patient's mood entries, newest first.
select id as mood_entry_id,
       recorded_at,
       rating,
       coalesce(note, '') as note
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
