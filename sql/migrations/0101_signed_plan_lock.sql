-- A signed treatment plan is locked as a signed note is (0022): the database refuses any change
-- to it or to its objectives, from the CLI, psql or anything else. Signing is the last update a
-- version takes; a change after that is a new version (`plans review`). As for notes (0083),
-- one change gets through: a merge of two patient records moving the version, unchanged
-- otherwise, onto the record kept.

create or replace function treatment_plans_refuse_signed_change() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    if old.signed_at is not null then
        if tg_op = 'UPDATE' and new.patient_id is distinct from old.patient_id
           and to_jsonb(new) - array['patient_id', 'updated_at']
               = to_jsonb(old) - array['patient_id', 'updated_at']
           and sanctuary_merge_moves(old.patient_id, new.patient_id) then
            return new;
        end if;
        raise exception 'Treatment plan % (version %) is signed and cannot be changed; review '
                        'it for a new version', left(old.id::text, 8), old.version
            using errcode = 'integrity_constraint_violation',
                  hint = 'sanctuary plans review PLAN';
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    if new.version <> old.version or new.previous_id is distinct from old.previous_id then
        raise exception 'A plan version keeps its number and the version it follows'
            using errcode = 'integrity_constraint_violation';
    end if;
    -- The product checks the review date in the practice's zone; the database, which does not
    -- know that zone, refuses one not after the signing day anywhere (UTC-12 is the latest).
    if new.signed_at is not null
       and new.review_date <= (new.signed_at at time zone 'Etc/GMT+12')::date then
        raise exception 'The review date % is not after signing', new.review_date
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

create trigger treatment_plans_signed_lock before update or delete on treatment_plans
    for each row execute function treatment_plans_refuse_signed_change();

-- An objective is never rewritten (a draft's objectives are replaced whole), and one of a
-- signed version is never removed; a merge moves it with its plan.
create or replace function plan_objectives_refuse_change() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    if tg_op = 'UPDATE' then
        if to_jsonb(new) - 'patient_id' = to_jsonb(old) - 'patient_id'
           and sanctuary_merge_moves(old.patient_id, new.patient_id) then
            return new;
        end if;
        raise exception 'A plan objective is not changed: review the plan for a new version'
            using errcode = 'integrity_constraint_violation';
    end if;
    if exists (select 1 from treatment_plans t
                where t.id = old.plan_id and t.signed_at is not null) then
        raise exception 'The plan is signed; its objectives cannot be removed'
            using errcode = 'integrity_constraint_violation';
    end if;
    return old;
end;
$$;

create trigger plan_objectives_signed_lock before update or delete on plan_objectives
    for each row execute function plan_objectives_refuse_change();

-- TRUNCATE skips row triggers, so each table gets its own guard.
-- Every plan counts, whichever clinician the truncating role is scoped to.
create or replace function treatment_plans_refuse_truncate() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    signed boolean;
begin
    perform set_config('sanctuary.therapist', '', true);
    select exists (select 1 from treatment_plans where signed_at is not null) into signed;
    perform set_config('sanctuary.therapist', saved, true);
    if signed then
        raise exception '% holds signed treatment plans and cannot be truncated', tg_table_name
            using errcode = 'integrity_constraint_violation';
    end if;
    return null;
end;
$$;

create trigger treatment_plans_signed_truncate before truncate on treatment_plans
    for each statement execute function treatment_plans_refuse_truncate();
create trigger plan_objectives_signed_truncate before truncate on plan_objectives
    for each statement execute function treatment_plans_refuse_truncate();

comment on function treatment_plans_refuse_signed_change() is
    'Refuses UPDATE and DELETE of a signed plan version; signing is the last allowed update.';
