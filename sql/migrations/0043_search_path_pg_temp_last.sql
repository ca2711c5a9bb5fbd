-- A function whose search_path does not name pg_temp searches the caller's temporary schema
-- FIRST for tables: a clinician could create a temporary table named "therapists" mapping their
-- login role to a colleague, and sanctuary_scope() would read it. Naming pg_temp last closes
-- that, for every function of the schema that sets a search_path (those of the other migrations
-- too, including the SECURITY DEFINER ones), as the PostgreSQL manual advises.

do $$
declare
    f record;
begin
    for f in
        select p.oid::regprocedure as signature, c.setting
          from pg_proc p
         cross join lateral unnest(p.proconfig) as c(setting)
         where p.pronamespace = current_schema()::regnamespace
           and c.setting like 'search_path=%'
           and c.setting !~ 'pg_temp'
    loop
        execute format('alter function %s set search_path = %s, pg_temp', f.signature,
                       substr(f.setting, length('search_path=') + 1));
    end loop;
end;
$$;
