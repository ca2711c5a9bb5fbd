-- Append-only, hash-chained audit log (SPEC.md section 5). Triggers record every change to
-- clinical and financial rows; the CLI records reads of clinical content through
-- sanctuary_record_read(). An entry says who, when, which table and row, which patient, and
-- which columns changed -- never the values themselves.
--
-- Entries are numbered 1, 2, 3... under a row lock on audit_chain_head, and each one's hash
-- covers its content and the previous entry's hash. audit_verify() walks the chain and reports
-- the first entry removed, altered, or missing at the end. Application roles cannot insert,
-- update, delete or truncate the log; the owner cannot update, delete or truncate it either.

create table audit_log (
    seq bigint primary key,
    occurred_at timestamptz not null,
    actor name not null,
    therapist_id uuid,
    action text not null check (action in ('INSERT', 'UPDATE', 'DELETE', 'READ', 'EXPORT')),
    table_name text not null,
    row_id text,
    patient_id uuid,
    changed_columns text[] not null default '{}',
    prev_hash text not null,
    hash text not null
);

create index audit_log_patient_idx on audit_log (patient_id, seq) where patient_id is not null;
create index audit_log_occurred_idx on audit_log (occurred_at);

comment on table audit_log is
    'Append-only, hash-chained record of who read or changed which clinical or financial row.';
comment on column audit_log.actor is 'The database login role (session_user) that acted.';
comment on column audit_log.therapist_id is
    'The clinician acted for: the login role''s therapist, else the CLI''s --therapist.';
comment on column audit_log.changed_columns is 'Names of the columns an UPDATE changed.';
comment on column audit_log.hash is
    'sha256 over this entry''s content and prev_hash (audit_entry_hash).';

-- The end of the chain: the last entry's number and hash. Its row lock serializes appends.
create table audit_chain_head (
    singleton boolean primary key default true check (singleton),
    last_seq bigint not null,
    last_hash text not null
);

insert into audit_chain_head (singleton, last_seq, last_hash) values (true, 0, repeat('0', 64));

comment on table audit_chain_head is
    'Number and hash of the last audit_log entry; lets audit verify see entries cut off the end.';

-- Canonical, unambiguous text of an entry (a JSON array; the time in UTC) and its hash.
create function audit_entry_hash(
    seq bigint, occurred_at timestamptz, actor name, therapist_id uuid, action text,
    table_name text, row_id text, patient_id uuid, changed_columns text[], prev_hash text
) returns text
language sql stable set search_path = pg_catalog as $$
    select encode(sha256(convert_to(jsonb_build_array(
               seq,
               to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               actor::text, therapist_id, action, table_name, row_id, patient_id,
               changed_columns, prev_hash)::text, 'UTF8')), 'hex')
$$;

-- The clinician an action is taken for (null when the whole practice is acted for).
create function sanctuary_actor_therapist() returns uuid
language sql stable set search_path = pg_catalog, public as $$
    select coalesce(
        (select t.id from therapists t where t.db_role = session_user),
        (select t.id
           from therapists t
          where lower(btrim(coalesce(current_setting('sanctuary.therapist', true), '')))
                in (t.id::text, lower(t.email))))
$$;

-- Every insert is numbered and chained here, whoever inserts; who and when are not taken from
-- the inserter.
create function audit_log_chain() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    head record;
begin
    select h.last_seq, h.last_hash into head from audit_chain_head h where h.singleton for update;
    new.seq := head.last_seq + 1;
    new.occurred_at := clock_timestamp();
    new.actor := session_user;
    new.changed_columns := coalesce(new.changed_columns, '{}');
    new.prev_hash := head.last_hash;
    new.hash := audit_entry_hash(new.seq, new.occurred_at, new.actor, new.therapist_id,
                                 new.action, new.table_name, new.row_id, new.patient_id,
                                 new.changed_columns, new.prev_hash);
    update audit_chain_head set last_seq = new.seq, last_hash = new.hash where singleton;
    return new;
end;
$$;

create trigger audit_log_chain before insert on audit_log
    for each row execute function audit_log_chain();

create function audit_log_refuse_change() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
    raise exception 'The audit log is append-only; % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

-- Statement triggers: they refuse even a statement that row-level security leaves no row for.
create trigger audit_log_append_only before update or delete or truncate on audit_log
    for each statement execute function audit_log_refuse_change();
create trigger audit_chain_head_kept before delete or truncate on audit_chain_head
    for each statement execute function audit_log_refuse_change();

revoke all on audit_log, audit_chain_head from public;
revoke update, delete, truncate on audit_log from current_user;
revoke delete, truncate on audit_chain_head from current_user;

-- Row-level security: a clinician reads the entries about their own patients or their own
-- actions; the owner likewise when the CLI acts for one clinician.
alter table audit_log enable row level security, force row level security;
create policy audit_log_read on audit_log for select
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or exists (select 1 from patients p where p.id = audit_log.patient_id));
create policy audit_log_append on audit_log for insert with check (true);


-- Row changes: table, row id, patient, changed column names.
create function audit_row_change() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    r jsonb;
    changed text[] := '{}';
    pid uuid;
begin
    r := to_jsonb(case when tg_op = 'DELETE' then old else new end);
    if tg_op = 'UPDATE' then
        select coalesce(array_agg(n.key order by n.key), '{}') into changed
          from jsonb_each(r) n
         where n.key <> 'updated_at'
           and n.value is distinct from to_jsonb(old) -> n.key;
        if cardinality(changed) = 0 then
            return null;
        end if;
    end if;
    pid := case when tg_table_name = 'patients' then r ->> 'id' else r ->> 'patient_id' end;
    if pid is null and r ? 'financial_record_id' then
        select f.patient_id into pid
          from financial_records f
         where f.id = (r ->> 'financial_record_id')::uuid;
    elsif pid is null and r ? 'note_id' then
        select n.patient_id into pid from session_notes n where n.id = (r ->> 'note_id')::uuid;
    end if;
    insert into audit_log (therapist_id, action, table_name, row_id, patient_id, changed_columns)
    values (sanctuary_actor_therapist(), tg_op, tg_table_name,
            coalesce(r ->> 'id', concat_ws(':', r ->> 'note_id', r ->> 'tag_id')), pid, changed);
    return null;
end;
$$;

comment on function audit_row_change() is
    'AFTER trigger: appends an audit_log entry naming the row and changed columns, not values.';

create trigger patients_audit after insert or update or delete on patients
    for each row execute function audit_row_change();
create trigger appointments_audit after insert or update or delete on appointments
    for each row execute function audit_row_change();
create trigger session_notes_audit after insert or update or delete on session_notes
    for each row execute function audit_row_change();
create trigger mood_entries_audit after insert or update or delete on mood_entries
    for each row execute function audit_row_change();
create trigger progress_entries_audit after insert or update or delete on progress_entries
    for each row execute function audit_row_change();
create trigger note_tags_audit after insert or update or delete on note_tags
    for each row execute function audit_row_change();
create trigger financial_records_audit after insert or update or delete on financial_records
    for each row execute function audit_row_change();
create trigger payments_audit after insert or update or delete on payments
    for each row execute function audit_row_change();

-- Reads of clinical content and exports, recorded by the CLI.
create function sanctuary_record_read(
    p_table text, p_row_id text, p_patient_id uuid, p_action text default 'READ'
) returns bigint
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    entry bigint;
begin
    if p_action not in ('READ', 'EXPORT') or p_table !~ '^[a-z_]{1,63}$' then
        raise exception 'Not an auditable read: % of %', p_action, p_table
            using errcode = 'invalid_parameter_value';
    end if;
    insert into audit_log (therapist_id, action, table_name, row_id, patient_id)
    values (sanctuary_actor_therapist(), p_action, p_table, p_row_id, p_patient_id)
    returning seq into entry;
    return entry;
end;
$$;

comment on function sanctuary_record_read(text, text, uuid, text) is
    'Appends a READ or EXPORT entry for clinical content the caller has just been shown.';

-- The first broken link of the chain, or none (broken_seq null). Reads every entry whatever
-- the caller may see, and returns numbers only, never the content of an entry.
create function audit_verify()
returns table (entries bigint, last_seq bigint, last_hash text, broken_seq bigint, problem text)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    expected_prev text := repeat('0', 64);
    expected_seq bigint := 1;
    n bigint := 0;
    r record;
    h record;
begin
    perform set_config('sanctuary.therapist', '', true);
    for r in select * from audit_log order by seq loop
        if r.seq <> expected_seq then
            broken_seq := expected_seq;
            problem := case when r.seq > expected_seq
                            then format('entry %s is missing (removed)', expected_seq)
                            else format('entry %s is duplicated', r.seq) end;
            exit;
        end if;
        if r.prev_hash <> expected_prev then
            broken_seq := r.seq;
            problem := format('entry %s does not link to entry %s (one of them was replaced)',
                              r.seq, r.seq - 1);
            exit;
        end if;
        if r.hash <> audit_entry_hash(r.seq, r.occurred_at, r.actor, r.therapist_id, r.action,
                                      r.table_name, r.row_id, r.patient_id, r.changed_columns,
                                      r.prev_hash) then
            broken_seq := r.seq;
            problem := format('entry %s was altered (its hash does not match its content)',
                              r.seq);
            exit;
        end if;
        n := n + 1;
        expected_prev := r.hash;
        expected_seq := r.seq + 1;
    end loop;
    if broken_seq is null then
        select * into h from audit_chain_head where singleton;
        if h.last_seq <> expected_seq - 1 or h.last_hash <> expected_prev then
            broken_seq := expected_seq;
            problem := format('the log ends at entry %s but %s were written (entries removed '
                              'from the end)', expected_seq - 1, h.last_seq);
        end if;
    end if;
    perform set_config('sanctuary.therapist', saved, true);
    entries := n;
    last_seq := expected_seq - 1;
    last_hash := expected_prev;
    return next;
end;
$$;

comment on function audit_verify() is
    'Walks the audit chain; returns the entry count, last hash, and the first broken link.';

revoke execute on function sanctuary_record_read(text, text, uuid, text), audit_verify()
    from public;
do $$
begin
    if to_regrole('sanctuary_clinician') is not null and to_regrole('sanctuary_billing') is not null
    then
        grant select on audit_log to sanctuary_clinician;
        grant execute on function sanctuary_record_read(text, text, uuid, text), audit_verify()
            to sanctuary_clinician, sanctuary_billing;
    end if;
end;
$$;
