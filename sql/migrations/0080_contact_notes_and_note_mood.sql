-- Contact notes, and one mood record per rating (docs/clinical-notes.md, "Contact notes" and
-- "Mood and progress"; docs/SPEC.md section 7).
--
-- A contact note records a phone call, an email or a message: a short text, how it was made
-- and how long it took. It has no template sections and no risk assessment, so it can neither
-- raise nor close a risk flag (0075), and it is signed as it is written.
--
-- A note's mood rating is also a row of mood_entries, linked by session_note_id, so `mood list`
-- and `mood trend` show every rating however it was entered. The note is the source: the entry
-- follows it (written in the same transaction by the product), the database refuses an entry
-- that disagrees with its note, and a signed note's entry is as locked as the note.

alter table session_notes drop constraint session_notes_template_check;
alter table session_notes add constraint session_notes_template_check
    check (template in ('soap', 'dap', 'birp', 'free', 'contact'));

alter table session_notes
    add column contact_kind text
        constraint session_notes_contact_kind_check
        check (contact_kind in ('phone', 'email', 'message', 'other')),
    add column contact_minutes smallint
        constraint session_notes_contact_minutes_check
        check (contact_minutes between 1 and 600);

comment on column session_notes.contact_kind is
    'A contact note''s channel (phone, email, message, other); null for every other note.';
comment on column session_notes.contact_minutes is
    'How long a contact took, in minutes, when recorded; contact notes only.';

-- A contact note is its text alone, signed when written, outside any appointment, never
-- private, with no mood and the risk columns at their defaults; only it has a contact kind.
alter table session_notes add constraint session_notes_contact_shape check (
    (template = 'contact') = (contact_kind is not null)
    and (contact_minutes is null or template = 'contact')
    and (template <> 'contact'
         or (signed_at is not null and not is_private and appointment_id is null
             and mood_rating is null and not risk_assessment_complete
             and risk_level = 'low' and suicidal_ideation = 'none' and self_harm = 'none'
             and homicidal_ideation = 'none' and safety_plan is null
             and protective_factors_note is null and protective_factors = '{}'
             and crisis_indicators = '{}'
             and content - 'text' = '{}'::jsonb
             and jsonb_typeof(content -> 'text') = 'string'
             and btrim(content ->> 'text') <> ''))
);

-- No session is documented before it happened. The product refuses a day after today in the
-- practice zone; the database, which does not know that zone, refuses a day that has not begun
-- anywhere yet (UTC+14 is the earliest zone), so psql cannot date a note ahead either.
create or replace function session_notes_refuse_future_date() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    if new.session_date > (now() at time zone 'Etc/GMT-14')::date then
        raise exception 'A session date cannot be in the future'
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

create trigger session_notes_no_future_date before insert or update of session_date
    on session_notes
    for each row execute function session_notes_refuse_future_date();

-- One mood entry per note at most.
create unique index mood_entries_session_note_idx on mood_entries (session_note_id)
    where session_note_id is not null;

-- An entry linked to a note carries that note's rating, for its patient; once the note is
-- signed, its entry keeps its rating, time and link (moving it with its patient, as a merge of
-- two patient records does, changes neither what was rated nor when).
create or replace function mood_entries_follow_note() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
    note record;
begin
    if tg_op = 'UPDATE' and new.rating is not distinct from old.rating
       and new.session_note_id is not distinct from old.session_note_id
       and new.recorded_at is not distinct from old.recorded_at then
        return new;
    end if;
    if tg_op in ('UPDATE', 'DELETE') and old.session_note_id is not null then
        select n.signed_at into note from session_notes n where n.id = old.session_note_id;
        if found and note.signed_at is not null then
            raise exception 'This mood rating belongs to signed note %; add an addendum instead',
                left(old.session_note_id::text, 8)
                using errcode = 'integrity_constraint_violation',
                      hint = 'sanctuary notes amend NOTE';
        end if;
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    if new.session_note_id is not null then
        select n.patient_id, n.mood_rating into note
          from session_notes n where n.id = new.session_note_id;
        if not found or note.patient_id <> new.patient_id
           or note.mood_rating is distinct from new.rating then
            raise exception 'A mood entry linked to a note must carry that note''s rating for '
                            'its patient'
                using errcode = 'integrity_constraint_violation';
        end if;
    end if;
    return new;
end;
$$;

create trigger mood_entries_note_link before insert or update or delete on mood_entries
    for each row execute function mood_entries_follow_note();

-- The other direction, checked at commit (the product changes the note, then its entry): a
-- note whose mood changed still agrees with its entry, or has none. The note is read again, so
-- several changes in one transaction are judged by the last.
create or replace function session_notes_mood_matches_entry() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    if exists (select 1
                 from mood_entries m
                 join session_notes n on n.id = m.session_note_id
                where m.session_note_id = new.id
                  and m.rating is distinct from n.mood_rating) then
        raise exception 'The mood rating of note % differs from its mood entry; change both '
                        'together (sanctuary notes edit)', left(new.id::text, 8)
            using errcode = 'integrity_constraint_violation';
    end if;
    return null;
end;
$$;

create constraint trigger session_notes_mood_entry after update of mood_rating on session_notes
    deferrable initially deferred
    for each row when (old.mood_rating is distinct from new.mood_rating)
    execute function session_notes_mood_matches_entry();

-- Removing a note's mood removes its entry: the only mood entries anyone acting for a
-- clinician may delete are those of the clinician's own notes (signed ones stay, above).
create policy mood_entries_own_note_deletes on mood_entries as restrictive for delete
    using ((select sanctuary_scope()) is null
           or (session_note_id is not null
               and sanctuary_note_author(session_note_id) = (select sanctuary_scope())));

-- The latest note's risk level is the latest assessed one: a contact note assesses nothing.
create or replace view patient_risk_status with (security_invoker = true) as
select p.id as patient_id,
       p.therapist_id,
       n.risk_level as last_note_risk_level,
       n.created_at as last_note_at,
       exists (
           select 1
             from session_notes s
            where s.patient_id = p.id
              and not s.is_private
              and nullif(btrim(s.safety_plan), '') is not null
       ) as safety_plan_on_file,
       coalesce(phq.answers[9] > 0, false) as phq9_item9_positive,
       phq.total::integer as latest_phq9_total,
       phq.severity as latest_phq9_severity,
       gad.total::integer as latest_gad7_total,
       gad.severity as latest_gad7_severity,
       cs.severity as cssrs_risk,
       greatest(phq.administered_at, gad.administered_at, cs.administered_at)
           as last_measured_at,
       (raised.at is not null and (cleared.at is null or raised.at > cleared.at)) as elevated,
       raised.at as elevated_since,
       raised.reason as elevated_by,
       cleared.at as risk_cleared_at
  from patients p
  left join lateral (
        select s.risk_level, s.created_at
          from session_notes s
         where s.patient_id = p.id
           and not s.is_private
           and s.template <> 'contact'
         order by s.session_date desc, s.created_at desc
         limit 1
       ) n on true
  left join lateral (
        select m.answers, m.total, m.severity, m.administered_at
          from measure_administrations m
         where m.patient_id = p.id and m.instrument = 'phq9'
         order by m.administered_at desc
         limit 1
       ) phq on true
  left join lateral (
        select m.total, m.severity, m.administered_at
          from measure_administrations m
         where m.patient_id = p.id and m.instrument = 'gad7'
         order by m.administered_at desc
         limit 1
       ) gad on true
  left join lateral (
        select m.severity, m.administered_at
          from measure_administrations m
         where m.patient_id = p.id and m.instrument = 'cssrs'
         order by m.administered_at desc
         limit 1
       ) cs on true
  left join lateral (
        select e.at, e.reason
          from (select s.created_at as at,
                       concat_ws(', ',
                           case when s.risk_level <> 'low' then 'risk ' || s.risk_level end,
                           case when s.suicidal_ideation <> 'none'
                                then s.suicidal_ideation || ' suicidal ideation' end,
                           case when s.homicidal_ideation <> 'none'
                                then s.homicidal_ideation || ' homicidal ideation' end,
                           case when s.self_harm = 'current' then 'current self-harm' end)
                           as reason
                  from session_notes s
                 where s.patient_id = p.id
                   and not s.is_private
                   and (s.risk_level <> 'low' or s.suicidal_ideation <> 'none'
                        or s.homicidal_ideation <> 'none' or s.self_harm = 'current')
                union all
                select m.administered_at,
                       case when m.instrument = 'phq9' then 'PHQ-9 item 9 = ' || m.answers[9]
                            else 'C-SSRS screen ' || m.severity end
                  from measure_administrations m
                 where m.patient_id = p.id
                   and ((m.instrument = 'phq9' and m.answers[9] > 0)
                        or (m.instrument = 'cssrs' and m.severity <> 'none'))) e
         order by e.at desc
         limit 1
       ) raised on true
  left join lateral (
        select max(c.at) as at
          from (select s.created_at as at
                  from session_notes s
                 where s.patient_id = p.id
                   and not s.is_private
                   and s.risk_assessment_complete
                   and s.risk_level = 'low' and s.suicidal_ideation = 'none'
                   and s.homicidal_ideation = 'none' and s.self_harm <> 'current'
                union all
                select r.resolved_at from risk_resolutions r where r.patient_id = p.id) c
       ) cleared on true;

do $$
begin
    if to_regrole('sanctuary_clinician') is null then
        return;
    end if;
    grant delete on mood_entries to sanctuary_clinician;
end;
$$;
