-- The audit chain advances once per statement, and a patients insert is audited in one statement
-- (bench/RESULTS.md, "Bulk import"). Measured on `patients import`: 0074's AFTER ROW trigger
-- updated the single head row once per entry, so one transaction left thousands of versions of
-- that row behind, and every next entry's `select ... for update` of the head and every next
-- update walked all of them: 5,000 patients took 5.6 s of database time, 10,000 took 21 s
-- (audit_log_chain and audit_log_advance_head grew per call with the rows before them).
--
-- Now:
--   * the head moves at the end of each INSERT into audit_log, once, onto the statement's last
--     entry (a statement trigger with a transition table). Within a statement the entries are
--     numbered from sanctuary.audit_pending as 0074 already does for multi-row inserts;
--   * the head may move several steps, but only forward and only along entries that exist,
--     are numbered without a gap from the old head and each link to the one before, the first
--     to the old head: the same rule as 0074's one step, applied to every step. What the head
--     can point at is unchanged: the end of an intact chain;
--   * inserted patients are audited by one statement trigger: one INSERT ... SELECT of an
--     entry per row (the same entry audit_row_change() writes: action, table, row id, patient,
--     no changed columns), the acting clinician looked up once. Updates and deletes keep the
--     row trigger, which names the changed columns.
-- Every row still gets its entry, and `audit verify` walks the same chain.

create or replace function audit_log_advance_head_once() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    last record;
begin
    select a.seq, a.hash into last from appended a order by a.seq desc limit 1;
    if found then
        update audit_chain_head set last_seq = last.seq, last_hash = last.hash where singleton;
    end if;
    return null;
end;
$$;

drop trigger audit_log_advance_head on audit_log;
drop function audit_log_advance_head();
create trigger audit_log_advance_head after insert on audit_log
    referencing new table as appended
    for each statement execute function audit_log_advance_head_once();

create or replace function audit_chain_head_follows_log() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    steps bigint;
    links boolean;
    lands boolean;
begin
    if tg_op = 'INSERT' then
        raise exception 'The audit chain has one head, made by migration 0041'
            using errcode = 'insufficient_privilege';
    end if;
    perform set_config('sanctuary.therapist', '', true);
    -- The entries between the old head and the new one: all there, each linked to the one
    -- before (the first to the old head), the last the one the new head names.
    select count(*),
           coalesce(bool_and(s.prev_hash = coalesce(s.before, old.last_hash)), false),
           coalesce(bool_or(s.seq = new.last_seq and s.hash = new.last_hash), false)
      into steps, links, lands
      from (select l.seq, l.hash, l.prev_hash, lag(l.hash) over (order by l.seq) as before
              from audit_log l
             where l.seq > old.last_seq and l.seq <= new.last_seq) s;
    perform set_config('sanctuary.therapist', saved, true);
    if new.last_seq <= old.last_seq or steps <> new.last_seq - old.last_seq or not links
       or not lands or not new.singleton then
        raise exception 'The audit chain head moves only onto the entries just appended'
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end;
$$;

create or replace function audit_patients_inserted() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    acting uuid := sanctuary_actor_therapist();
begin
    insert into audit_log (therapist_id, action, table_name, row_id, patient_id, changed_columns)
    select acting, 'INSERT', 'patients', n.id::text, n.id, '{}' from inserted n;
    return null;
end;
$$;

comment on function audit_patients_inserted() is
    'AFTER INSERT statement trigger: one audit_log entry per inserted patient, in one INSERT.';

drop trigger patients_audit on patients;
create trigger patients_audit after update or delete on patients
    for each row execute function audit_row_change();
create trigger patients_audit_insert after insert on patients
    referencing new table as inserted
    for each statement execute function audit_patients_inserted();
