-- The audit chain walked from an entry already verified, not from the first (docs/security.md,
-- "Audit log": `sanctuary today` keeps where its last check ended in the data dir and walks only
-- what came after; bench/RESULTS.md, "Bounded for the practice and for deep histories").
--
-- 0074's audit_verify() recomputes every hash since the practice began: about 8.5 us an entry
-- here, so a log that grows by a few hundred thousand read entries a year adds seconds a year
-- to the first screen of the day. audit_verify_since(seq, hash) first checks that entry `seq`
-- is still there with that hash and that its content still gives it (start_ok), then walks the
-- entries after it as audit_verify() does, the chain head included. audit_verify() becomes the
-- walk from before the first entry, so both are the same code.

create function audit_verify_since(from_seq bigint, from_hash text)
returns table (entries bigint, last_seq bigint, last_hash text, broken_seq bigint, problem text,
               start_ok boolean)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    expected_prev text := from_hash;
    expected_seq bigint := from_seq + 1;
    n bigint := 0;
    r record;
    h record;
begin
    perform set_config('sanctuary.therapist', '', true);
    start_ok := true;
    if from_seq > 0 then
        select * into r from audit_log l where l.seq = from_seq;
        start_ok := found and r.hash = from_hash
                    and r.hash = audit_entry_hash(r.seq, r.occurred_at, r.actor, r.therapist_id,
                                                  r.action, r.table_name, r.row_id, r.patient_id,
                                                  r.changed_columns, r.prev_hash);
        if not start_ok then
            broken_seq := from_seq;
            problem := format('entry %s is no longer the one verified earlier', from_seq);
        end if;
    end if;
    if start_ok then
        for r in select * from audit_log l where l.seq > from_seq order by l.seq loop
            if r.seq <> expected_seq then
                broken_seq := expected_seq;
                problem := case when r.seq > expected_seq
                                then format('entry %s is missing (removed)', expected_seq)
                                else format('entry %s is duplicated', r.seq) end;
                exit;
            end if;
            if r.prev_hash <> expected_prev then
                broken_seq := r.seq;
                problem := format('entry %s does not link to entry %s (one of them was '
                                  'replaced)', r.seq, r.seq - 1);
                exit;
            end if;
            if r.hash <> audit_entry_hash(r.seq, r.occurred_at, r.actor, r.therapist_id,
                                          r.action, r.table_name, r.row_id, r.patient_id,
                                          r.changed_columns, r.prev_hash) then
                broken_seq := r.seq;
                problem := format('entry %s was altered (its hash does not match its content)',
                                  r.seq);
                exit;
            end if;
            n := n + 1;
            expected_prev := r.hash;
            expected_seq := r.seq + 1;
        end loop;
    end if;
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

create or replace function audit_verify()
returns table (entries bigint, last_seq bigint, last_hash text, broken_seq bigint, problem text)
language sql security definer set search_path = pg_catalog, public, pg_temp as $$
    select v.entries, v.last_seq, v.last_hash, v.broken_seq, v.problem
      from audit_verify_since(0, repeat('0', 64)) v
$$;

comment on function audit_verify_since(bigint, text) is
    'Walks the audit chain after entry from_seq, which must still hold from_hash (start_ok); '
    'returns the entries walked, the last hash, and the first broken link.';

revoke execute on function audit_verify_since(bigint, text) from public;
do $$
begin
    if to_regrole('sanctuary_clinician') is not null and to_regrole('sanctuary_billing') is not null
    then
        grant execute on function audit_verify_since(bigint, text)
            to sanctuary_clinician, sanctuary_billing;
    end if;
end;
$$;
