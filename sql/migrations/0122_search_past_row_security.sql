-- Name and note searches that use their indexes under row-level security (docs/security.md,
-- "Searches through the search role"; bench/RESULTS.md, "Bounded for the practice and for deep
-- histories").
--
-- pg_trgm's `%` / `<%` and text search's `@@` are not leakproof, so under a policy the planner
-- evaluates them only after the policy, on every row the policy leaves: a practice-wide name
-- search read every patient, and a note search every note of the clinician's history. Here the
-- match itself runs in a SECURITY DEFINER function owned by a NOLOGIN role, sanctuary_search,
-- whose own policy is `true` (no security qual: the planner uses the trigram and text indexes).
-- The function applies the visibility rule of the caller's login itself and returns ids only;
-- the command then reads the rows by those ids through the ordinary policies, so a wrong id
-- could tell that a match exists but never show its content.
--
-- Without CREATEROLE (or without the right to act as the role) the functions stay ordinary
-- SECURITY INVOKER ones: correct, under the caller's policies, and as slow as before.

-- The scope of a role, as sanctuary_scope() (0040) decides it for current_user. The search
-- functions ask it for session_user: inside them current_user is sanctuary_search, and the
-- login (which any SET ROLE can always RESET back to) never sees less than the role it is.
create or replace function sanctuary_scope_of(who name) returns uuid
language plpgsql stable set search_path = pg_catalog, public, pg_temp as $$
declare
    nobody constant uuid := '00000000-0000-0000-0000-000000000000';
    ref text;
    found uuid;
begin
    select t.id into found from therapists t where t.db_role = who;
    if found is not null then
        return found;
    end if;
    if to_regrole('sanctuary_clinician') is not null then
        if pg_has_role(who, 'sanctuary_clinician', 'USAGE') then
            return nobody;
        end if;
    end if;
    ref := lower(btrim(coalesce(current_setting('sanctuary.therapist', true), '')));
    if ref = '' then
        return null;
    end if;
    select t.id into found from therapists t where t.id::text = ref or lower(t.email) = ref;
    return coalesce(found, nobody);
end;
$$;

-- Patients whose name is close to `search` (the operators of patients.search) that the
-- session's login may see: the patients policy (0061), every therapist's when unscoped. The
-- planner costs the trigram operators like an equality, so it would rather test every patient
-- of a small practice than read the index (100 ms for 2,500 patients): no sequential scan here.
create or replace function sanctuary_name_matches(search text) returns setof uuid
language plpgsql stable security definer
set search_path = pg_catalog, public, pg_temp set enable_seqscan = off as $$
declare
    scope uuid := sanctuary_scope_of(session_user);
begin
    return query
        select p.id
          from patients p
         where (p.full_name % search or search <% p.full_name)
           and (scope is null or p.therapist_id = scope);
end;
$$;

-- The best `top` notes matching `query` (rank, then newest), by `therapist` or about their
-- patients, private ones only theirs and only with `include_private` (what notes.search asks
-- for), among those the session's login may see: the session_notes policy (0040: unscoped, or
-- by the scope's therapist, or not private and about one of its patients), none for billing.
create or replace function sanctuary_note_matches(query tsquery, therapist uuid,
                                                  include_private boolean, top integer)
returns setof uuid
language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    scope uuid := sanctuary_scope_of(session_user);
begin
    if to_regrole('sanctuary_billing') is not null
       and pg_has_role(session_user, 'sanctuary_billing', 'USAGE') then
        return;
    end if;
    return query
        select n.id
          from session_notes n
         where n.search_vector @@ query
           and (n.therapist_id = therapist
                or n.patient_id = any (array(select p.id
                                               from patients p
                                              where p.therapist_id = therapist)))
           and (not n.is_private or (n.therapist_id = therapist and include_private))
           and (scope is null
                or n.therapist_id = scope
                or (not n.is_private
                    and n.patient_id = any (array(select p.id
                                                    from patients p
                                                   where p.therapist_id = scope))))
         order by ts_rank(n.search_vector, query) desc, n.session_date desc
         limit top;
end;
$$;

comment on function sanctuary_scope_of(name) is
    'sanctuary_scope() for the given role (the search functions ask it for session_user).';
comment on function sanctuary_name_matches(text) is
    'Ids of patients named like the text that the session''s login may see (past row-level '
    'security, so the trigram index serves it).';
comment on function sanctuary_note_matches(tsquery, uuid, boolean, integer) is
    'Ids of the best notes matching the query, by the therapist or about their patients, that '
    'the session''s login may see (past row-level security, so the text index serves it).';

-- The search role: NOLOGIN, never granted to anyone (a member would read every patient and
-- note: docs/security.md). Created once per cluster, like 0040's groups.
do $$
begin
    if to_regrole('sanctuary_search') is null then
        begin
            create role sanctuary_search nologin noinherit;
        exception
            when duplicate_object or unique_violation then
                null;
            when insufficient_privilege then
                raise notice 'cannot create role sanctuary_search (no CREATEROLE); searches stay '
                             'under the caller''s policies';
        end;
    end if;
end;
$$;

do $$
declare
    me name := current_user;
    fns constant text := 'sanctuary_name_matches(text), '
                         'sanctuary_note_matches(tsquery, uuid, boolean, integer)';
begin
    execute format('revoke execute on function %s from public', fns);
    execute format('grant execute on function %s to %I', fns, me);
    if to_regrole('sanctuary_clinician') is not null and to_regrole('sanctuary_billing') is not null
    then
        execute format('grant execute on function %s to sanctuary_clinician, sanctuary_billing',
                       fns);
    end if;
    begin
        if to_regrole('sanctuary_search') is null then
            raise insufficient_privilege;
        end if;
        grant select on patients, session_notes, therapists to sanctuary_search;
        create policy patients_search on patients for select to sanctuary_search using (true);
        create policy session_notes_search on session_notes for select to sanctuary_search
            using (true);
        -- Handing the functions to the role takes a membership and CREATE on the schema, both
        -- given back before commit: no committed state lets the owner act as the role or
        -- inherit its open policies (on PostgreSQL 16+ the role's creator keeps the ADMIN
        -- membership CREATE ROLE gives it, which has neither INHERIT nor SET).
        execute format('grant sanctuary_search to %I', me);
        execute format('grant create on schema %I to sanctuary_search', current_schema());
        alter function sanctuary_name_matches(text) owner to sanctuary_search;
        alter function sanctuary_note_matches(tsquery, uuid, boolean, integer)
            owner to sanctuary_search;
        -- The new owner's ACL replaced the old owner's entry: the migrating role's comes back.
        execute format('grant execute on function %s to %I', fns, me);
        execute format('revoke create on schema %I from sanctuary_search', current_schema());
        execute format('revoke sanctuary_search from %I', me);
    exception
        when insufficient_privilege then
            raise notice 'cannot hand the searches to sanctuary_search; they stay under the '
                         'caller''s policies';
            alter function sanctuary_name_matches(text) security invoker;
            alter function sanctuary_note_matches(tsquery, uuid, boolean, integer)
                security invoker;
    end;
end;
$$;
