-- The audit chain gets a witness (docs/security.md, "Audit log"). 0041 kept the chain's head in
-- audit_chain_head, but the owner could UPDATE the head freely, a missing head made verify say
-- "intact" (and every later audited write fail on a null seq), and entries deleted from the
-- end together with a matching head went unnoticed.
--
-- Now the head moves only one step at a time, to the entry just appended, by the chain's own
-- trigger; it cannot be inserted, deleted or truncated; a missing head is tampering; and
-- `sanctuary audit anchor` copies the head (seq, hash, time) outside the database, where
-- audit_verify_anchor() can later check that the anchored entry is still there, unchanged.
-- What no trigger can stop -- a superuser, or the owner altering its own triggers -- the anchor
-- outside the database still shows.

-- Appending: number and hash the entry (BEFORE), then move the head onto it (AFTER). Within one
-- multi-row INSERT the AFTER triggers run only at the end of the statement, so the entries
-- numbered but not yet applied to the head are remembered in a transaction-local setting;
-- a forged value there only makes the appender's own insert fail (the head check below).
create or replace function audit_log_chain() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    head record;
    pending text := coalesce(current_setting('sanctuary.audit_pending', true), '');
    prev_seq bigint;
    prev_hash text;
begin
    select h.last_seq, h.last_hash into head from audit_chain_head h where h.singleton for update;
    if not found then
        raise exception 'The audit chain head is missing: the audit log was tampered with; '
                        'nothing can be recorded until it is restored (sanctuary audit verify)'
            using errcode = 'integrity_constraint_violation';
    end if;
    prev_seq := head.last_seq;
    prev_hash := head.last_hash;
    if pending ~ '^[0-9]+:[0-9a-f]{64}$' and split_part(pending, ':', 1)::bigint > prev_seq then
        prev_seq := split_part(pending, ':', 1)::bigint;
        prev_hash := split_part(pending, ':', 2);
    end if;
    new.seq := prev_seq + 1;
    new.occurred_at := clock_timestamp();
    new.actor := session_user;
    new.changed_columns := coalesce(new.changed_columns, '{}');
    new.prev_hash := prev_hash;
    new.hash := audit_entry_hash(new.seq, new.occurred_at, new.actor, new.therapist_id,
                                 new.action, new.table_name, new.row_id, new.patient_id,
                                 new.changed_columns, new.prev_hash);
    perform set_config('sanctuary.audit_pending', new.seq || ':' || new.hash, true);
    return new;
end;
$$;

create or replace function audit_log_advance_head() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
begin
    update audit_chain_head set last_seq = new.seq, last_hash = new.hash where singleton;
    return null;
end;
$$;

create trigger audit_log_advance_head after insert on audit_log
    for each row execute function audit_log_advance_head();

-- The head follows the log: one step, onto an entry that exists and links to the old head.
create or replace function audit_chain_head_follows_log() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    linked boolean;
begin
    if tg_op = 'INSERT' then
        raise exception 'The audit chain has one head, made by migration 0041'
            using errcode = 'insufficient_privilege';
    end if;
    perform set_config('sanctuary.therapist', '', true);
    select exists (select 1 from audit_log l
                    where l.seq = new.last_seq and l.hash = new.last_hash
                      and l.prev_hash = old.last_hash)
      into linked;
    perform set_config('sanctuary.therapist', saved, true);
    if new.last_seq <> old.last_seq + 1 or not linked or not new.singleton then
        raise exception 'The audit chain head moves only onto the entry just appended'
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end;
$$;

create trigger audit_chain_head_follows_log before insert or update on audit_chain_head
    for each row execute function audit_chain_head_follows_log();

-- The head as it is now, for `audit anchor` and the daily report (numbers only).
create or replace function audit_head()
returns table (last_seq bigint, last_hash text, read_at timestamptz)
language sql stable security definer set search_path = pg_catalog, public, pg_temp as $$
    select h.last_seq, h.last_hash, now() from audit_chain_head h where h.singleton
$$;

-- Whether an anchored head (seq, hash) is still in the log: null when it is, else what is wrong.
create or replace function audit_verify_anchor(anchor_seq bigint, anchor_hash text)
returns text
language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    found_hash text;
    last bigint;
begin
    if anchor_seq = 0 then
        return null;  -- anchored before the first entry: nothing to compare
    end if;
    perform set_config('sanctuary.therapist', '', true);
    select l.hash into found_hash from audit_log l where l.seq = anchor_seq;
    select coalesce(max(l.seq), 0) into last from audit_log l;
    perform set_config('sanctuary.therapist', saved, true);
    if found_hash is null then
        return format('entry %s, anchored earlier, is missing (the log ends at entry %s): '
                      'entries were removed', anchor_seq, last);
    end if;
    if found_hash <> anchor_hash then
        return format('entry %s does not match its anchor: entries up to it were altered or '
                      're-hashed', anchor_seq);
    end if;
    return null;
end;
$$;

-- 0041's verify, with a missing head reported as tampering instead of "intact".
create or replace function audit_verify()
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
        if not found then
            broken_seq := expected_seq;
            problem := format('the chain head is missing (deleted) after entry %s: the log was '
                              'tampered with', expected_seq - 1);
        elsif h.last_seq <> expected_seq - 1 or h.last_hash <> expected_prev then
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

-- The patient a row of an audited table is about, or null when the row does not exist or the
-- current scope cannot see it (row-level security applies: callers set the scope first).
create or replace function sanctuary_audited_row_patient(table_name text, row_id uuid)
returns uuid
language plpgsql stable set search_path = pg_catalog, public, pg_temp as $$
declare
    patient uuid;
begin
    case table_name
        when 'patients', 'patient_risk_status' then
            select p.id into patient from patients p where p.id = row_id;
        when 'note_addenda' then
            select n.patient_id into patient
              from note_addenda a join session_notes n on n.id = a.note_id where a.id = row_id;
        when 'payments' then
            select f.patient_id into patient
              from payments x join financial_records f on f.id = x.financial_record_id
             where x.id = row_id;
        when 'refunds' then
            select f.patient_id into patient
              from refunds x join financial_records f on f.id = x.financial_record_id
             where x.id = row_id;
        else
            execute format('select patient_id from %I where id = $1', table_name)
               into patient using row_id;
    end case;
    return patient;
end;
$$;

-- 0041's read audit, now refusing what the caller could not have been shown: an unknown kind
-- of row, a row or patient outside the caller's own scope (a clinician login is held to their
-- own therapist whatever setting it made), billing staff "reading" clinical rows, and
-- oversized values.
create or replace function sanctuary_record_read(
    p_table text, p_row_id text, p_patient_id uuid, p_action text default 'READ'
) returns bigint
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    clinical constant text[] := array['session_notes', 'note_addenda', 'mood_entries',
        'progress_entries', 'measure_administrations', 'patient_risk_status',
        'risk_resolutions'];
    financial constant text[] := array['patients', 'appointments', 'financial_records',
        'payments', 'refunds'];
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    caller uuid;
    row_uuid uuid;
    row_patient uuid;
    entry bigint;
begin
    if p_action is null or p_action not in ('READ', 'EXPORT') then
        raise exception 'Not an auditable read: %', left(coalesce(p_action, 'null'), 20)
            using errcode = 'invalid_parameter_value';
    end if;
    if p_table is null or not (p_table = any (clinical) or p_table = any (financial)) then
        raise exception 'Not an audited kind of record: %', left(coalesce(p_table, 'null'), 40)
            using errcode = 'invalid_parameter_value';
    end if;
    if p_row_id is not null then
        if length(p_row_id) > 36 then
            raise exception 'Not a row id (too long)' using errcode = 'invalid_parameter_value';
        end if;
        begin
            row_uuid := p_row_id::uuid;
        exception when invalid_text_representation then
            raise exception 'Not a row id: %', p_row_id using errcode = 'invalid_parameter_value';
        end;
    end if;
    if to_regrole('sanctuary_billing') is not null
       and pg_has_role(session_user, 'sanctuary_billing', 'USAGE')
       and p_table = any (clinical) then
        raise exception 'Billing staff are never shown clinical content'
            using errcode = 'insufficient_privilege';
    end if;
    -- Check visibility in the caller's scope: a clinician login's own therapist.
    select t.id into caller from therapists t where t.db_role = session_user;
    if caller is not null then
        perform set_config('sanctuary.therapist', caller::text, true);
    elsif to_regrole('sanctuary_clinician') is not null
          and pg_has_role(session_user, 'sanctuary_clinician', 'USAGE') then
        raise exception 'This login is not a clinician''s own; it sees no records'
            using errcode = 'insufficient_privilege';
    end if;
    if row_uuid is not null then
        row_patient := sanctuary_audited_row_patient(p_table, row_uuid);
        if row_patient is null
           or (p_patient_id is not null and row_patient <> p_patient_id) then
            perform set_config('sanctuary.therapist', saved, true);
            raise exception 'No such % row for this caller to have read', p_table
                using errcode = 'insufficient_privilege';
        end if;
    end if;
    if p_patient_id is not null
       and not exists (select 1 from patients p where p.id = p_patient_id) then
        perform set_config('sanctuary.therapist', saved, true);
        raise exception 'No such patient for this caller to have read'
            using errcode = 'insufficient_privilege';
    end if;
    perform set_config('sanctuary.therapist', saved, true);
    insert into audit_log (therapist_id, action, table_name, row_id, patient_id)
    values (sanctuary_actor_therapist(), p_action, p_table, p_row_id,
            coalesce(p_patient_id, row_patient))
    returning seq into entry;
    return entry;
end;
$$;

revoke execute on function audit_head(), audit_verify_anchor(bigint, text),
    sanctuary_audited_row_patient(text, uuid) from public;
do $$
begin
    if to_regrole('sanctuary_clinician') is not null and to_regrole('sanctuary_billing') is not null
    then
        grant execute on function audit_head(), audit_verify_anchor(bigint, text)
            to sanctuary_clinician, sanctuary_billing;
    end if;
end;
$$;

comment on function audit_verify_anchor(bigint, text) is
    'Null when the anchored entry (seq, hash) is still in the log unchanged, else the problem.';
comment on function audit_head() is 'The audit chain head now: last seq and hash, and the time.';
