-- Evidence under a plan's objectives (docs/SPEC.md section 9): a progress rating may rate an
-- objective (`progress add --objective`), and a note may name the objectives it worked on
-- (`notes add --plan-objective`). Either points at an objective of a signed version of the
-- same patient's plan; a signed note's links are as fixed as the note.

alter table progress_entries
    add column plan_objective_id uuid references plan_objectives (id);

create index progress_entries_objective_idx on progress_entries (plan_objective_id)
    where plan_objective_id is not null;

comment on column progress_entries.plan_objective_id is
    'The treatment plan objective this rating rates, if any (a signed plan of the patient).';

-- Whether `objective` is on a signed plan version of `patient`, as the caller sees it.
create or replace function sanctuary_objective_of(objective uuid, patient uuid)
returns boolean
language sql stable set search_path = pg_catalog, public, pg_temp as $$
    select exists (select 1
                     from plan_objectives o
                     join treatment_plans t on t.id = o.plan_id
                    where o.id = objective
                      and o.patient_id = patient
                      and t.patient_id = patient
                      and t.signed_at is not null)
$$;

create or replace function progress_entries_objective_check() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    if new.plan_objective_id is not null
       and not sanctuary_objective_of(new.plan_objective_id, new.patient_id) then
        raise exception 'That objective is not on a signed treatment plan of this patient'
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end;
$$;

create trigger progress_entries_objective before insert or update of plan_objective_id
    on progress_entries
    for each row execute function progress_entries_objective_check();

create table note_plan_objectives (
    id uuid primary key default gen_random_uuid(),
    note_id uuid not null references session_notes (id),
    plan_objective_id uuid not null references plan_objectives (id),
    created_at timestamptz not null default now(),
    unique (note_id, plan_objective_id)
);

create index note_plan_objectives_objective_idx on note_plan_objectives (plan_objective_id);

-- A link joins a progress note (not a private psychotherapy note, which is not part of the
-- record) to an objective of a signed plan of the note's patient, while the note is unsigned;
-- it is never rewritten, and a signed note's links stay.
create or replace function note_plan_objectives_check() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
    note record;
begin
    if tg_op = 'UPDATE' then
        raise exception 'A note''s link to an objective is not changed'
            using errcode = 'integrity_constraint_violation';
    end if;
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

create trigger note_plan_objectives_check before insert or update or delete
    on note_plan_objectives
    for each row execute function note_plan_objectives_check();

comment on table note_plan_objectives is
    'Which treatment plan objectives a session note worked on.';
