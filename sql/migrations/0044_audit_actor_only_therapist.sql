-- Audit entries name the clinician acted for the way the CLI chooses one: the login role's
-- therapist, else --therapist / SANCTUARY_THERAPIST (sanctuary.therapist), else the only
-- active therapist of a one-clinician practice. Null only when the practice as a whole acted.

create or replace function sanctuary_actor_therapist() returns uuid
language sql stable set search_path = pg_catalog, public, pg_temp as $$
    select coalesce(
        (select t.id from therapists t where t.db_role = session_user),
        (select t.id
           from therapists t
          where lower(btrim(coalesce(current_setting('sanctuary.therapist', true), '')))
                in (t.id::text, lower(t.email))),
        (select min(t.id::text)::uuid
           from therapists t
          where t.is_active
            and btrim(coalesce(current_setting('sanctuary.therapist', true), '')) = ''
         having count(*) = 1))
$$;
