-- Notes search ranks the newest matches, not every match of a whole career (docs/clinical-notes.md,
-- "Searching notes"; bench/RESULTS.md, "Bounded for the practice and for deep histories").
--
-- 0122's sanctuary_note_matches ranked every note that matched, so a word found in one note in
-- eight cost as many heap visits as the clinician had such notes: ten times the history, ten
-- times the work. Here the matches are taken newest first, at most `pool` of them, and only
-- those are ranked; `since` and `until` reach an earlier period. Each half is one index walk:
--
--   * the clinician's own notes: session_notes_therapist_date_idx newest first, the text tested
--     on each note until `pool` have matched (for a rare word the planner takes the text index
--     instead, and the matches are few);
--   * colleagues' notes about the clinician's patients: found first through the index below,
--     whose condition on the author skips the clinician's own notes inside the index (a `<>`
--     is not an index condition; "before or after the clinician's id" is), so the cost is one
--     probe per patient however long their history; the text is tested on those alone.
--
-- The visibility rules are 0122's, unchanged: the caller's login through sanctuary_scope_of,
-- none for billing staff, private notes only their author's and only when asked for.

create index session_notes_patient_author_idx on session_notes (patient_id, therapist_id);

comment on index session_notes_patient_author_idx is
    'Notes by patient and author: colleagues'' notes about a clinician''s patients (notes search).';

create function sanctuary_note_matches(query tsquery, therapist uuid, include_private boolean,
                                       top integer, pool integer, since date, until date)
returns table (note_id uuid, older_unranked boolean)
language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp
-- A plan for the values at hand every call: a generic plan cannot drop the scope tests or
-- choose between the date walk and the text index by the word (from the sixth call in a
-- session PL/pgSQL would otherwise use one: ten times the buffers at depth 10).
set plan_cache_mode = force_custom_plan as $$
declare
    scope uuid := sanctuary_scope_of(session_user);
    -- The login sees less than the therapist's notes and their patients' (an owner naming a
    -- clinician, or a clinician's own login, sees exactly those). A plain boolean, so the
    -- planner drops the scope tests when it is false rather than turn them into index scans.
    narrowed constant boolean := scope is not null and scope <> therapist;
    patients_of_scope uuid[];
    colleague_notes uuid[];
begin
    if to_regrole('sanctuary_billing') is not null
       and pg_has_role(session_user, 'sanctuary_billing', 'USAGE') then
        return;
    end if;
    if narrowed then
        patients_of_scope := array(select p.id from patients p where p.therapist_id = scope);
    end if;
    -- Colleagues' notes about the therapist's patients, found on their own: inside the search
    -- the planner would rather AND the patients' notes with the text index, visiting every
    -- note of the therapist's that matches; here the author condition is in the index scan.
    colleague_notes := array(
        select n.id
          from session_notes n
         where n.patient_id = any (array(select p.id from patients p
                                          where p.therapist_id = therapist))
           and (n.therapist_id < therapist or n.therapist_id > therapist));
    return query
        with newest as (
            (select n.id, n.search_vector, n.session_date
               from session_notes n
              where n.therapist_id = therapist
                and n.search_vector @@ query
                and (since is null or n.session_date >= since)
                and (until is null or n.session_date <= until)
                and (not n.is_private or include_private)
                and (not narrowed
                     or (not n.is_private and n.patient_id = any (patients_of_scope)))
              order by n.session_date desc, n.id desc
              limit pool + 1)
            union all
            (select n.id, n.search_vector, n.session_date
               from session_notes n
              where n.id = any (colleague_notes)
                and not n.is_private
                and n.search_vector @@ query
                and (since is null or n.session_date >= since)
                and (until is null or n.session_date <= until)
                and (not narrowed
                     or n.therapist_id = scope
                     or n.patient_id = any (patients_of_scope))
              order by n.session_date desc, n.id desc
              limit pool + 1)
            order by session_date desc, id desc
            limit pool + 1
        ),
        counted as (
            select m.id, m.search_vector, m.session_date,
                   row_number() over (order by m.session_date desc, m.id desc) as k,
                   count(*) over () as found
              from newest m
        )
        select c.id, c.found > pool
          from counted c
         where c.k <= pool
         order by ts_rank(c.search_vector, query) desc, c.session_date desc, c.id desc
         limit top;
end;
$$;

comment on function sanctuary_note_matches(tsquery, uuid, boolean, integer, integer, date, date) is
    'Ids of the best `top` of the newest `pool` notes matching the query (between since and '
    'until), by the therapist or about their patients, that the session''s login may see (past '
    'row-level security, so the indexes serve it); older_unranked when more matched.';

-- The same grants and hand-over as 0122 (the old function goes with them): owned by the
-- search role when 0122 could hand its functions over, an ordinary SECURITY INVOKER one when not,
-- or when this role may not act as the search role now (PostgreSQL 16+: a database restored by
-- a superuser, whose role it then is). The old function then stays, owned by the search role and
-- no longer called: it returns ids only, as before.
do $$
declare
    me name := current_user;
    old constant regprocedure := 'sanctuary_note_matches(tsquery, uuid, boolean, integer)';
    fn constant text := 'sanctuary_note_matches(tsquery, uuid, boolean, integer, integer, date, date)';
    handed boolean;
begin
    execute format('revoke execute on function %s from public', fn);
    execute format('grant execute on function %s to %I', fn, me);
    if to_regrole('sanctuary_clinician') is not null and to_regrole('sanctuary_billing') is not null
    then
        execute format('grant execute on function %s to sanctuary_clinician, sanctuary_billing',
                       fn);
    end if;
    select p.proowner = coalesce(to_regrole('sanctuary_search'), 0) into handed
      from pg_proc p where p.oid = old;
    if not handed then
        drop function sanctuary_note_matches(tsquery, uuid, boolean, integer);
        execute format('alter function %s security invoker', fn);
        return;
    end if;
    begin
        -- As 0122: a membership and CREATE on the schema, both given back before commit.
        execute format('grant sanctuary_search to %I', me);
        execute format('grant create on schema %I to sanctuary_search', current_schema());
        drop function sanctuary_note_matches(tsquery, uuid, boolean, integer);
        execute format('alter function %s owner to sanctuary_search', fn);
        execute format('grant execute on function %s to %I', fn, me);
        execute format('revoke create on schema %I from sanctuary_search', current_schema());
        execute format('revoke sanctuary_search from %I', me);
    exception
        when insufficient_privilege then
            raise notice 'cannot hand notes search to sanctuary_search; it runs under the '
                         'caller''s policies';
            execute format('alter function %s security invoker', fn);
    end;
end;
$$;
