-- Merging a duplicate patient record: docs/SPEC.md section 7, and for the why of it
-- docs/guide.md, "Duplicates and merging".
--
-- `patients merge KEEP OTHER` moves every row that references OTHER onto KEEP in one
-- transaction, through sanctuary_merge_patients() below, and discharges OTHER: status
-- Inactive (not Completed: the duplicate's treatment did not end, it goes on under KEEP),
-- with merged_into naming KEEP. The rows moved are found from the foreign keys to patients,
-- so a table added later is moved too.
--
-- Signed records move with the person. A signed note, the appointment under it (0073) and a
-- risk resolution (0075) are locked; their lock triggers now let exactly one change through:
-- patient_id from OTHER to KEEP, nothing else of the row, and only while a merge of OTHER
-- into KEEP recorded in patient_merges by the same transaction is under way. What the note
-- says, who wrote and signed it and when, stays as it was; it is re-filed under the record
-- of the same person. Each moved row gets its own audit entry (the row-change triggers), the
-- merge is in KEEP's trail (the patient_merges row) and in OTHER's (its status, discharge
-- and merged_into change).

alter table patients
    add column merged_into uuid references patients (id),
    add constraint patients_not_merged_into_itself check (merged_into <> id);

comment on column patients.merged_into is
    'The patient record this duplicate was merged into (patients merge); set with status '
    'Inactive, every row of this record having moved there.';

create table patient_merges (
    id uuid primary key default gen_random_uuid(),
    patient_id uuid not null references patients (id),
    merged_patient_id uuid not null references patients (id),
    therapist_id uuid not null references therapists (id),
    moved jsonb not null default '{}' check (jsonb_typeof(moved) = 'object'),
    merged_at timestamptz not null default now(),
    merged_xact xid8 not null default pg_current_xact_id(),
    check (patient_id <> merged_patient_id)
);

create index patient_merges_patient_idx on patient_merges (patient_id);
create index patient_merges_merged_idx on patient_merges (merged_patient_id);

comment on table patient_merges is
    'A duplicate patient record (merged_patient_id) merged into the one kept (patient_id).';
comment on column patient_merges.moved is 'Rows moved per table: {"appointments": 3, ...}.';
comment on column patient_merges.merged_xact is
    'The transaction that merged; only it may re-file locked rows (sanctuary_merge_moves).';

create or replace function patient_merges_permanent() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    raise exception 'A merge is permanent; % is not allowed', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger patient_merges_no_change before update or delete on patient_merges
    for each row execute function patient_merges_permanent();
create trigger patient_merges_no_truncate before truncate on patient_merges
    for each statement execute function patient_merges_permanent();
create trigger patient_merges_audit after insert or update or delete on patient_merges
    for each row execute function audit_row_change();

alter table patient_merges enable row level security, force row level security;
create policy patient_merges_scope on patient_merges
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or exists (select 1 from patients p where p.id = patient_merges.patient_id));

-- True while the current transaction merges from_patient into to_patient: the one change a
-- lock trigger lets through. Reads past the caller's scope (the merge itself emptied it).
create or replace function sanctuary_merge_moves(from_patient uuid, to_patient uuid)
returns boolean
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    found boolean;
begin
    perform set_config('sanctuary.therapist', '', true);
    select exists (select 1
                     from patient_merges m
                    where m.merged_patient_id = from_patient
                      and m.patient_id = to_patient
                      and m.merged_xact = pg_current_xact_id())
      into found;
    perform set_config('sanctuary.therapist', saved, true);
    return found;
end;
$$;

comment on function sanctuary_merge_moves(uuid, uuid) is
    'True while this transaction merges the first patient into the second (patient_merges).';

-- 0022's lock, with the merge's one exception.
create or replace function session_notes_refuse_signed_change() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    if old.signed_at is not null then
        if tg_op = 'UPDATE' and new.patient_id is distinct from old.patient_id then
            if to_jsonb(new) - array['patient_id', 'updated_at', 'search_vector']
                   = to_jsonb(old) - array['patient_id', 'updated_at', 'search_vector']
               and sanctuary_merge_moves(old.patient_id, new.patient_id) then
                return new;
            end if;
        end if;
        raise exception 'Note % is signed and cannot be changed; add an addendum instead',
            left(old.id::text, 8)
            using errcode = 'integrity_constraint_violation',
                  hint = 'sanctuary notes amend NOTE';
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    return new;
end;
$$;

-- 0073's rule, with the merge's one exception.
create or replace function appointments_keep_signed_session() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    signed uuid;
begin
    if new.starts_at is not distinct from old.starts_at
       and new.duration_minutes is not distinct from old.duration_minutes
       and new.patient_id is not distinct from old.patient_id
       and new.therapist_id is not distinct from old.therapist_id then
        return new;
    end if;
    if new.starts_at is not distinct from old.starts_at
       and new.duration_minutes is not distinct from old.duration_minutes
       and new.therapist_id is not distinct from old.therapist_id
       and sanctuary_merge_moves(old.patient_id, new.patient_id) then
        return new;
    end if;
    -- Every note counts, private ones too, whoever may read them.
    perform set_config('sanctuary.therapist', '', true);
    select n.id into signed from session_notes n
     where n.appointment_id = old.id and n.signed_at is not null
     limit 1;
    perform set_config('sanctuary.therapist', saved, true);
    if signed is not null then
        raise exception 'This appointment has a signed note; its time, patient and clinician '
                        'cannot change (book a new appointment instead)'
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end;
$$;

-- 0075's permanence, with the merge's one exception.
create or replace function risk_resolutions_permanent() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    if tg_op = 'UPDATE' then
        if to_jsonb(new) - 'patient_id' = to_jsonb(old) - 'patient_id'
           and sanctuary_merge_moves(old.patient_id, new.patient_id) then
            return new;
        end if;
    end if;
    raise exception 'A risk resolution is permanent; a new concern raises the flag again'
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- The merge. A clinician login merges only its own patients, whatever `acting` says; the owner
-- acting for a clinician (sanctuary.therapist) likewise; the owner with no setting merges for
-- `acting`, the clinician the CLI chose. Rows are moved with the scope emptied, so rows the
-- acting clinician cannot see (a colleague's private note about OTHER) move too; audit entries
-- still name the acting clinician (sanctuary.acting_for). Returns the rows moved per table.
create or replace function sanctuary_merge_patients(keep uuid, other uuid, acting uuid)
returns jsonb
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    saved_for text := coalesce(current_setting('sanctuary.acting_for', true), '');
    kept record;
    merged record;
    fk_tables text[];
    fk_names text[];
    fk_columns text[];
    n bigint;
    moved jsonb := '{}';
begin
    select coalesce(
               (select t.id from therapists t where t.db_role = session_user),
               (select t.id from therapists t
                 where saved <> '' and lower(btrim(saved)) in (t.id::text, lower(t.email))),
               case when saved = '' then acting end)
      into acting;
    if to_regrole('sanctuary_clinician') is not null
       and pg_has_role(session_user, 'sanctuary_clinician', 'USAGE')
       and not exists (select 1 from therapists t where t.db_role = session_user) then
        acting := null;
    end if;
    if acting is null then
        raise exception 'Merging needs the clinician both patients belong to'
            using errcode = 'insufficient_privilege';
    end if;
    if keep = other then
        raise exception 'A patient cannot be merged into itself'
            using errcode = 'invalid_parameter_value';
    end if;
    perform set_config('sanctuary.therapist', '', true);
    perform set_config('sanctuary.acting_for', acting::text, true);
    -- Both rows locked, in id order, so two merges of the same pair wait for each other.
    perform 1 from patients p where p.id in (keep, other) order by p.id for update;
    select p.id, p.therapist_id, p.merged_into into kept from patients p where p.id = keep;
    select p.id, p.therapist_id, p.merged_into into merged from patients p where p.id = other;
    if kept.id is null or merged.id is null then
        raise exception 'No such patient to merge' using errcode = 'no_data_found';
    end if;
    if kept.therapist_id <> acting or merged.therapist_id <> acting then
        raise exception 'Both patients must be your own to merge them'
            using errcode = 'insufficient_privilege';
    end if;
    if merged.merged_into is not null then
        raise exception 'That record was already merged into another one'
            using errcode = 'invalid_parameter_value';
    end if;
    if kept.merged_into is not null then
        raise exception 'The record to keep was itself merged into another one; keep that one'
            using errcode = 'invalid_parameter_value';
    end if;
    -- Every single-column foreign key to patients but the merge's own.
    select coalesce(array_agg(c.conrelid::regclass::text order by cl.relname, a.attname), '{}'),
           coalesce(array_agg(cl.relname::text order by cl.relname, a.attname), '{}'),
           coalesce(array_agg(a.attname::text order by cl.relname, a.attname), '{}')
      into fk_tables, fk_names, fk_columns
      from pg_constraint c
      join pg_class cl on cl.oid = c.conrelid
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f'
       and c.confrelid = 'patients'::regclass
       and cardinality(c.conkey) = 1
       and c.conrelid <> 'patient_merges'::regclass
       and not (c.conrelid = 'patients'::regclass and a.attname = 'merged_into');
    -- Counted first, so the merge row says what moved; the lock on OTHER keeps new rows from
    -- referencing it meanwhile.
    for i in 1 .. cardinality(fk_tables) loop
        execute format('select count(*) from %s where %I = $1', fk_tables[i], fk_columns[i])
           into n using other;
        if n > 0 then
            moved := moved || jsonb_build_object(
                fk_names[i], coalesce((moved ->> fk_names[i])::bigint, 0) + n);
        end if;
    end loop;
    insert into patient_merges (patient_id, merged_patient_id, therapist_id, moved)
    values (keep, other, acting, moved);
    for i in 1 .. cardinality(fk_tables) loop
        begin
            execute format('update %s set %I = $1 where %I = $2', fk_tables[i], fk_columns[i],
                           fk_columns[i])
              using keep, other;
        exception when unique_violation then
            raise exception 'Both records have a row of % that a patient has only once; '
                            'resolve it before merging', fk_names[i]
                using errcode = 'unique_violation';
        end;
    end loop;
    update patients
       set status = 'Inactive',
           discharged_at = coalesce(discharged_at, now()),
           merged_into = keep
     where id = other;
    perform set_config('sanctuary.therapist', saved, true);
    perform set_config('sanctuary.acting_for', saved_for, true);
    return moved;
end;
$$;

comment on function sanctuary_merge_patients(uuid, uuid, uuid) is
    'Moves every row referencing patient OTHER onto KEEP and discharges OTHER (merged_into); '
    'both must be the acting clinician''s. Returns rows moved per table.';

-- sanctuary_merge_moves stays executable by everyone: the lock triggers call it as whoever
-- changes a row, and it only says whether this very transaction is merging.
revoke execute on function sanctuary_merge_patients(uuid, uuid, uuid) from public;
do $$
begin
    if to_regrole('sanctuary_clinician') is null or to_regrole('sanctuary_billing') is null then
        return;
    end if;
    create policy patient_merges_not_billing on patient_merges as restrictive
        to sanctuary_billing using (false);
    grant select on patient_merges to sanctuary_clinician;
    grant execute on function sanctuary_merge_patients(uuid, uuid, uuid)
        to sanctuary_clinician;
end;
$$;
