-- name: has_user_tables
-- Whether the current schema holds any table (restore refuses to overwrite one without --force).
select exists (
    select 1 from pg_catalog.pg_tables where schemaname = current_schema()
) as present

-- name: current_role_attributes
-- Whether the connected role is a superuser or can bypass row-level security.
select rolname, rolsuper, rolbypassrls
  from pg_catalog.pg_roles
 where rolname = current_user
