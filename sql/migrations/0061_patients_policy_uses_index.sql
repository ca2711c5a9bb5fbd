-- The patients policy said `scope is null or therapist_id = scope`. No index can serve that OR,
-- so every statement that reached patients through the policy without a key of its own (the
-- overdue list, notes search, the policies of the tables that defer to patients) read all the
-- patients of the practice. The same rule written as one `= any(...)` comparison lets
-- patients_therapist_status_idx find the visible patients (bench/RESULTS.md).

-- Therapists whose patients the current role may see: all of them when sanctuary_scope() is
-- null (the whole practice), else the one it names (the nobody id matches no patient).
create or replace function sanctuary_visible_therapists() returns uuid[]
language sql stable set search_path = pg_catalog, public, pg_temp as $$
    select case when scope.id is null
                then (select coalesce(array_agg(t.id), '{}') from therapists t)
                else array[scope.id] end
      from (select sanctuary_scope() as id) scope
$$;

comment on function sanctuary_visible_therapists() is
    'Therapists whose patients the current role may see: every therapist when unscoped, else '
    'the one sanctuary_scope() names.';

-- The cast makes the scalar subquery an array expression (a bare `any (select ...)` would
-- compare with each row of the subquery); the subquery runs once per statement.
alter policy patients_scope on patients
    using (therapist_id = any ((select sanctuary_visible_therapists())::uuid[]));
