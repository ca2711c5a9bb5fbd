-- A signed plan or note stays complete even while it is being signed (docs/clinical-notes.md,
-- "Treatment plans"). The triggers of 0100-0102 read the plan (or note) without a lock, and the
-- foreign key takes only FOR KEY SHARE, which does not wait for the signing UPDATE: an
-- objective added (or a note's link added or removed) while another session was signing, and
-- committed after it, ended up on the signed version. Each now first takes FOR SHARE on the
-- row, which waits for a signing in flight; the read that follows is a new statement, so under
-- READ COMMITTED it sees the signature once that has committed.

create or replace function plan_objectives_follow_plan() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
    plan record;
begin
    perform 1 from treatment_plans t where t.id = new.plan_id for share;
    select t.patient_id, t.previous_id, t.signed_at into plan
      from treatment_plans t where t.id = new.plan_id;
    if not found then
        raise exception 'No such treatment plan for this objective'
            using errcode = 'foreign_key_violation';
    end if;
    if plan.signed_at is not null then
        raise exception 'The plan is signed; its objectives cannot change (review it instead)'
            using errcode = 'integrity_constraint_violation';
    end if;
    new.patient_id := plan.patient_id;
    if new.carried_from is not null
       and not exists (select 1 from plan_objectives o
                        where o.id = new.carried_from and o.plan_id = plan.previous_id) then
        raise exception 'An objective continues one of the version it was reviewed from'
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end;
$$;

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
    perform 1 from treatment_plans t where t.id = old.plan_id for share;
    if exists (select 1 from treatment_plans t
                where t.id = old.plan_id and t.signed_at is not null) then
        raise exception 'The plan is signed; its objectives cannot be removed'
            using errcode = 'integrity_constraint_violation';
    end if;
    return old;
end;
$$;

create or replace function note_plan_objectives_check() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
    note record;
begin
    if tg_op = 'UPDATE' then
        raise exception 'A note''s link to an objective is not changed'
            using errcode = 'integrity_constraint_violation';
    end if;
    perform 1 from session_notes n
     where n.id = case when tg_op = 'DELETE' then old.note_id else new.note_id end
       for share;
    select n.patient_id, n.is_private, n.signed_at into note
      from session_notes n where n.id = case when tg_op = 'DELETE' then old.note_id
                                             else new.note_id end;
    if tg_op = 'DELETE' then
        if note.signed_at is not null then
            raise exception 'The note is signed; the objectives it worked on stay'
                using errcode = 'integrity_constraint_violation';
        end if;
        return old;
    end if;
    if not found or note.is_private then
        raise exception 'Only a progress note of this patient is linked to plan objectives'
            using errcode = 'integrity_constraint_violation';
    end if;
    if note.signed_at is not null then
        raise exception 'The note is signed; the objectives it worked on cannot change'
            using errcode = 'integrity_constraint_violation';
    end if;
    if not sanctuary_objective_of(new.plan_objective_id, note.patient_id) then
        raise exception 'That objective is not on a signed treatment plan of the note''s patient'
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end;
$$;
