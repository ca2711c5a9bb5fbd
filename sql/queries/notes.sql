-- name: list
-- Notes the clinician may read, newest first: progress notes of their patients or by them, and
-- their own private notes only when include_private is true. patient_id null = every patient.
-- "Of their patients" is written as patient_id = any (array of their patients' ids), not as a
-- condition on the joined patient, so that it and "by them" are both index conditions on
-- session_notes (session_notes_patient_date_idx, session_notes_therapist_date_idx) and the
-- planner never has to read every patient to find the clinician's. Tags and addenda are
-- counted for the rows kept, after the limit.
select l.note_id,
       l.session_date,
       l.patient_name,
       l.template,
       l.mood_rating,
       l.risk_level,
       coalesce(t.tags, '{}') as tags,
       l.status,
       l.signed_at,
       l.is_private,
       (select count(*) from note_addenda a where a.note_id = l.note_id) as addenda,
       l.appointment_id,
       l.patient_id,
       l.therapist_id
  from (select n.id as note_id,
               n.session_date,
               n.created_at,
               p.full_name as patient_name,
               n.template,
               n.mood_rating,
               case when n.template <> 'contact' then n.risk_level end as risk_level,
               case when n.signed_at is null then 'unsigned' else 'signed' end as status,
               n.signed_at,
               n.is_private,
               n.appointment_id,
               n.patient_id,
               n.therapist_id
          from session_notes n
          join patients p on p.id = n.patient_id
         where (n.therapist_id = %(therapist_id)s
                or n.patient_id = any (array(select id
                                               from patients
                                              where therapist_id = %(therapist_id)s)))
           and (not n.is_private or (n.therapist_id = %(therapist_id)s and %(include_private)s))
           and (%(patient_id)s::uuid is null or n.patient_id = %(patient_id)s::uuid)
         order by n.session_date desc, n.created_at desc
         limit %(limit)s) l
  left join lateral (
        select array_agg(tg.name order by tg.name) as tags
          from note_tags nt
          join tags tg on tg.id = nt.tag_id
         where nt.note_id = l.note_id
       ) t on true
 order by l.session_date desc, l.created_at desc

-- name: search
-- The best 50 of the newest `pool` notes whose section text matches a web-style search (the
-- rank, then newest), between `since` and `until` when given; same visibility as list
-- (written the same way, for the same indexes). `@@` is not run inside an index scan under
-- row-level security, so the matching ids come from sanctuary_note_matches (migrations 0122 and
-- 0126: the indexes past the policy, for the caller's login only, newest first) and those notes
-- are read by id through the policy, with every condition checked again here: the work grows
-- with the pool, not with the whole history. older_unranked: more notes matched than the pool.
with matches as materialized (
    select m.note_id, m.older_unranked
      from sanctuary_note_matches(websearch_to_tsquery('english', %(text)s), %(therapist_id)s,
                                  %(include_private)s, 50, %(pool)s, %(since)s, %(until)s) m
)
select n.id as note_id,
       n.session_date,
       p.full_name as patient_name,
       n.template,
       case when n.signed_at is null then 'unsigned' else 'signed' end as status,
       n.is_private,
       n.patient_id,
       ts_headline('english', array_to_string(array(
           select value from jsonb_each_text(n.content)), ' ... '), q.query,
           'MaxWords=18, MinWords=6, StartSel=«, StopSel=»') as excerpt,
       ts_rank(n.search_vector, q.query) as rank,
       coalesce((select bool_or(older_unranked) from matches), false) as older_unranked
  from session_notes n
  join patients p on p.id = n.patient_id
 cross join (select websearch_to_tsquery('english', %(text)s) as query) q
 where n.id = any (array(select note_id from matches))
   and n.search_vector @@ q.query
   and (n.therapist_id = %(therapist_id)s
        or n.patient_id = any (array(select id from patients where therapist_id = %(therapist_id)s)))
   and (not n.is_private or (n.therapist_id = %(therapist_id)s and %(include_private)s))
   and (%(since)s::date is null or n.session_date >= %(since)s::date)
   and (%(until)s::date is null or n.session_date <= %(until)s::date)
 order by rank desc, n.session_date desc, n.id desc
 limit 50

-- name: get
-- One note with names of patient, author and signer, if the clinician may read it.
select n.*,
       p.full_name as patient_name,
       concat_ws(' ', nullif(au.title, ''), au.first_name, au.last_name) as author_name,
       concat_ws(' ', nullif(sg.title, ''), sg.first_name, sg.last_name) as signer_name,
       coalesce(t.tags, '{}') as tags
  from session_notes n
  join patients p on p.id = n.patient_id
  join therapists au on au.id = n.therapist_id
  left join therapists sg on sg.id = n.signed_by
  left join lateral (
        select array_agg(tg.name order by tg.name) as tags
          from note_tags nt
          join tags tg on tg.id = nt.tag_id
         where nt.note_id = n.id
       ) t on true
 where n.id = %(note_id)s
   and (n.therapist_id = %(therapist_id)s or p.therapist_id = %(therapist_id)s)
   and (not n.is_private or n.therapist_id = %(therapist_id)s)

-- name: matching_ids
-- Note ids starting with a prefix that the clinician may read (private only their own).
select n.id
  from session_notes n
  join patients p on p.id = n.patient_id
 where n.id::text like %(pattern)s
   and (n.therapist_id = %(therapist_id)s or p.therapist_id = %(therapist_id)s)
   and (not n.is_private or n.therapist_id = %(therapist_id)s)
 order by n.id
 limit 10

-- name: addenda
-- Addenda of a note, oldest first, with their author.
select a.id as addendum_id,
       a.created_at,
       concat_ws(' ', nullif(t.title, ''), t.first_name, t.last_name) as author_name,
       a.body
  from note_addenda a
  join therapists t on t.id = a.therapist_id
 where a.note_id = %(note_id)s
 order by a.created_at, a.id

-- name: appointments_matching
-- Appointments whose id starts with a prefix, with the session date in the practice zone and
-- the patient's name.
select a.id, a.patient_id, a.therapist_id, a.starts_at, a.status,
       a.starts_at::date as session_date,
       p.full_name as patient_name
  from appointments a
  join patients p on p.id = a.patient_id
 where a.id::text like %(pattern)s
 order by a.id
 limit 10

-- name: appointment_note
-- The progress note already written for an appointment, if any.
select id
  from session_notes
 where appointment_id = %(appointment_id)s
   and not is_private

-- name: insert
-- Write a note; returns its id.
insert into session_notes (appointment_id, patient_id, therapist_id, template, content,
                           mood_rating, suicidal_ideation, self_harm, homicidal_ideation,
                           protective_factors, protective_factors_note, risk_level,
                           safety_plan, crisis_indicators, is_private,
                           risk_assessment_complete, session_date)
values (%(appointment_id)s, %(patient_id)s, %(therapist_id)s, %(template)s, %(content)s,
        %(mood_rating)s, %(suicidal_ideation)s, %(self_harm)s, %(homicidal_ideation)s,
        %(protective_factors)s, %(protective_factors_note)s, %(risk_level)s,
        %(safety_plan)s, %(crisis_indicators)s, %(is_private)s,
        %(risk_assessment_complete)s, coalesce(%(session_date)s::date, current_date))
returning id, patient_id, session_date

-- name: tag_ids
-- The ids of the given tag names, creating the missing ones (past row-level security: a name a
-- colleague used is the same tag; migration 0072).
select id, name from sanctuary_tag_ids(%(names)s::text[])

-- name: tag_note
-- Put a tag on a note (the usage count follows by trigger).
insert into note_tags (note_id, tag_id)
values (%(note_id)s, %(tag_id)s)
on conflict do nothing

-- name: sign
-- Sign an unsigned note of the clinician; returns nothing when it was signed already.
update session_notes
   set signed_at = now(),
       signed_by = %(therapist_id)s
 where id = %(note_id)s
   and therapist_id = %(therapist_id)s
   and signed_at is null
returning id, signed_at

-- name: add_addendum
-- Append a dated addendum to a note.
insert into note_addenda (note_id, therapist_id, body)
values (%(note_id)s, %(therapist_id)s, %(body)s)
returning id, created_at

-- name: update
-- Rewrite an unsigned note from its edited draft (the signed-note trigger refuses a signed one).
update session_notes
   set template = %(template)s,
       content = %(content)s,
       mood_rating = %(mood_rating)s,
       suicidal_ideation = %(suicidal_ideation)s,
       self_harm = %(self_harm)s,
       homicidal_ideation = %(homicidal_ideation)s,
       protective_factors = %(protective_factors)s,
       protective_factors_note = %(protective_factors_note)s,
       risk_level = %(risk_level)s,
       safety_plan = %(safety_plan)s,
       crisis_indicators = %(crisis_indicators)s,
       is_private = %(is_private)s,
       risk_assessment_complete = %(risk_assessment_complete)s,
       session_date = %(session_date)s::date
 where id = %(note_id)s
returning id, patient_id, session_date

-- name: untag
-- Take every tag off an unsigned note, before its edited tags are put back.
delete from note_tags
 where note_id = %(note_id)s

-- name: insert_contact
-- Write a contact note, signed as it is written (migration 0080 holds it to that shape).
insert into session_notes (patient_id, therapist_id, template, content, contact_kind,
                           contact_minutes, signed_at, signed_by)
values (%(patient_id)s, %(therapist_id)s, 'contact', %(content)s, %(kind)s, %(minutes)s,
        now(), %(therapist_id)s)
returning id as note_id, patient_id, session_date, contact_kind, contact_minutes, signed_at

-- name: chart_notes
-- The last few notes in a patient's chart, contact notes included, without their text (the
-- chart shows that they exist; `notes show` shows what they say). Private notes stay out.
select n.id as note_id,
       n.session_date,
       case when n.template = 'contact'
            then concat_ws(', ', 'contact by ' || n.contact_kind,
                           n.contact_minutes || ' min')
            else upper(n.template) end as kind,
       case when n.signed_at is null then 'unsigned' else 'signed' end as status
  from session_notes n
 where n.patient_id = %(patient_id)s
   and not n.is_private
 order by n.session_date desc, n.created_at desc
 limit %(limit)s
