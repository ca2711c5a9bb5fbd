-- name: current_role_attributes
-- Whether the connected role is a superuser or can bypass row-level security.
select rolname, rolsuper, rolbypassrls
  from pg_catalog.pg_roles
 where rolname = current_user
