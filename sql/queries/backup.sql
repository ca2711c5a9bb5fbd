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
