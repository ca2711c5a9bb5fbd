-- name: user_tables
-- Every table of the application's schemas (what a backup must carry), in a stable order.
select n.nspname as schema_name,
       c.relname as table_name
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p')
   and n.nspname not in ('pg_catalog', 'information_schema')
   and left(n.nspname, 3) <> 'pg_'
   and not exists (
       select 1
         from pg_catalog.pg_depend d
        where d.objid = c.oid
          and d.deptype = 'e'
   )
 order by n.nspname, c.relname

-- name: table_digest
-- Row count and an order-independent digest of one table's content ({table} is composed in).
select count(*) as row_count,
       md5(coalesce(string_agg(row_hash, '' order by row_hash), '')) as digest
  from (select md5(t::text) as row_hash from {table} as t) as rows

-- name: role_can_read_everything
-- Whether the connected role is a superuser, reads past row-level security, can create databases.
select rolsuper as superuser,
       rolsuper or rolbypassrls as bypasses_rls,
       rolsuper or rolcreatedb as can_create_db
  from pg_catalog.pg_roles
 where rolname = current_user

-- name: hand_searches_back
-- After a restore by a role that is not a superuser (pg_restore --no-owner: the restoring role
-- owns every object), the search functions go back to the search role as migration 0122 handed
-- them over (docs/security.md, "Searches through the search role"), with the same membership
-- and CREATE given and taken back; when that is not allowed, they become SECURITY INVOKER, as
-- 0122 leaves them without CREATEROLE. Nothing happens for a database that never had them
-- handed over (no policy for the role) or whose functions the role already owns.
do $$
declare
    me name := current_user;
    fns regprocedure[];
    fn regprocedure;
begin
    if to_regrole('sanctuary_search') is null
       or not exists (select 1 from pg_policy where polname = 'session_notes_search') then
        return;
    end if;
    fns := array(select p.oid::regprocedure
                   from pg_proc p
                  where p.proname in ('sanctuary_name_matches', 'sanctuary_note_matches')
                    and p.pronamespace = current_schema()::regnamespace
                    and p.proowner <> 'sanctuary_search'::regrole);
    if cardinality(fns) = 0 then
        return;
    end if;
    begin
        execute format('grant sanctuary_search to %I', me);
        execute format('grant create on schema %I to sanctuary_search', current_schema());
        foreach fn in array fns loop
            execute format('alter function %s owner to sanctuary_search', fn);
            execute format('grant execute on function %s to %I', fn, me);
        end loop;
        execute format('revoke create on schema %I from sanctuary_search', current_schema());
        execute format('revoke sanctuary_search from %I', me);
    exception
        when insufficient_privilege then
            foreach fn in array fns loop
                execute format('alter function %s security invoker', fn);
            end loop;
    end;
end;
$$
