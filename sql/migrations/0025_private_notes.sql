-- Private psychotherapy notes are kept apart from progress notes: they are seen only by their
-- author and never feed exports, listings or reports. Reports and exports read notes through
-- shared_session_notes, which holds progress notes only.

create view shared_session_notes with (security_invoker = true) as
select n.*
  from session_notes n
 where not n.is_private;

create index session_notes_private_author_idx on session_notes (therapist_id, session_date desc)
    where is_private;

-- A private note is a psychotherapy note about a session, not a second progress note: it may
-- point at an appointment, but it never carries the structured risk assessment or mood that
-- the progress note records (those must stay visible to the care team and reports).
alter table session_notes add constraint session_notes_private_separate check (
    not is_private
    or (mood_rating is null and risk_level = 'low' and suicidal_ideation = 'none'
        and self_harm = 'none' and homicidal_ideation = 'none')
);

comment on view shared_session_notes is
    'Session notes other than private psychotherapy notes: what reports and exports may read.';
