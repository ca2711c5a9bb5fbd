-- GENERATED FILE, DO NOT EDIT: the schema as sql/migrations/ leave it, for reading and for
-- review diffs. A change to the schema is a new migration; then regenerate this file with
--     python tests/schema_snapshot.py --write
-- It is `pg_dump --schema-only --no-owner` (the embedded PostgreSQL 18) of a freshly
-- migrated database, normalised; tests/test_schema_snapshot.py fails when it is out of date.
-- Not for loading: `sanctuary db migrate` builds the schema.

-- Name: btree_gist; Type: EXTENSION; Schema: -

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

-- Name: EXTENSION btree_gist; Type: COMMENT; Schema: -

COMMENT ON EXTENSION btree_gist IS 'support for indexing common datatypes in GiST';

-- Name: pg_trgm; Type: EXTENSION; Schema: -

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';

-- Name: appointment_status_enum; Type: TYPE; Schema: public

CREATE TYPE public.appointment_status_enum AS ENUM (
    'scheduled',
    'completed',
    'cancelled',
    'no-show'
);

-- Name: appointment_type_enum; Type: TYPE; Schema: public

CREATE TYPE public.appointment_type_enum AS ENUM (
    'Virtual',
    'In-Person'
);

-- Name: financial_record_type_enum; Type: TYPE; Schema: public

CREATE TYPE public.financial_record_type_enum AS ENUM (
    'session',
    'consultation',
    'assessment',
    'cancellation-fee',
    'late-fee'
);

-- Name: patient_status_enum; Type: TYPE; Schema: public

CREATE TYPE public.patient_status_enum AS ENUM (
    'Active',
    'Inactive',
    'Completed'
);

-- Name: payment_status_enum; Type: TYPE; Schema: public

CREATE TYPE public.payment_status_enum AS ENUM (
    'paid',
    'pending',
    'overdue',
    'cancelled',
    'refunded'
);

-- Name: session_type_enum; Type: TYPE; Schema: public

CREATE TYPE public.session_type_enum AS ENUM (
    'Individual',
    'Couples',
    'Family'
);

-- Name: appointments_keep_signed_session(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.appointments_keep_signed_session() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: FUNCTION appointments_keep_signed_session(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.appointments_keep_signed_session() IS 'The appointment of a signed note keeps its time, length, patient and clinician.';

-- Name: audit_chain_head_follows_log(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.audit_chain_head_follows_log() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: audit_entry_hash(bigint, timestamp with time zone, name, uuid, text, text, text, uuid, text[], text); Type: FUNCTION; Schema: public

CREATE FUNCTION public.audit_entry_hash(seq bigint, occurred_at timestamp with time zone, actor name, therapist_id uuid, action text, table_name text, row_id text, patient_id uuid, changed_columns text[], prev_hash text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select encode(sha256(convert_to(jsonb_build_array(
               seq,
               to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               actor::text, therapist_id, action, table_name, row_id, patient_id,
               changed_columns, prev_hash)::text, 'UTF8')), 'hex')
$$;

-- Name: audit_head(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.audit_head() RETURNS TABLE(last_seq bigint, last_hash text, read_at timestamp with time zone)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select h.last_seq, h.last_hash, now() from audit_chain_head h where h.singleton
$$;

-- Name: FUNCTION audit_head(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.audit_head() IS 'The audit chain head now: last seq and hash, and the time.';

-- Name: audit_log_advance_head_once(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.audit_log_advance_head_once() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: audit_log_chain(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.audit_log_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
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
$_$;

-- Name: audit_log_refuse_change(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.audit_log_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    raise exception 'The audit log is append-only; % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

-- Name: audit_patients_inserted(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.audit_patients_inserted() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    acting uuid := sanctuary_actor_therapist();
begin
    insert into audit_log (therapist_id, action, table_name, row_id, patient_id, changed_columns)
    select acting, 'INSERT', 'patients', n.id::text, n.id, '{}' from inserted n;
    return null;
end;
$$;

-- Name: FUNCTION audit_patients_inserted(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.audit_patients_inserted() IS 'AFTER INSERT statement trigger: one audit_log entry per inserted patient, in one INSERT.';

-- Name: audit_row_change(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.audit_row_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    r jsonb;
    changed text[] := '{}';
    pid uuid;
begin
    r := to_jsonb(case when tg_op = 'DELETE' then old else new end);
    if tg_op = 'UPDATE' then
        select coalesce(array_agg(n.key order by n.key), '{}') into changed
          from jsonb_each(r) n
         where n.key not in ('updated_at', 'amount_paid', 'last_paid_at', 'search_vector')
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

-- Name: FUNCTION audit_row_change(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.audit_row_change() IS 'AFTER trigger: appends an audit_log entry naming the row and changed columns, not values.';

-- Name: audit_verify(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.audit_verify() RETURNS TABLE(entries bigint, last_seq bigint, last_hash text, broken_seq bigint, problem text)
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select v.entries, v.last_seq, v.last_hash, v.broken_seq, v.problem
      from audit_verify_since(0, repeat('0', 64)) v
$$;

-- Name: FUNCTION audit_verify(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.audit_verify() IS 'Walks the audit chain; returns the entry count, last hash, and the first broken link.';

-- Name: audit_verify_anchor(bigint, text); Type: FUNCTION; Schema: public

CREATE FUNCTION public.audit_verify_anchor(anchor_seq bigint, anchor_hash text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: FUNCTION audit_verify_anchor(anchor_seq bigint, anchor_hash text); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.audit_verify_anchor(anchor_seq bigint, anchor_hash text) IS 'Null when the anchored entry (seq, hash) is still in the log unchanged, else the problem.';

-- Name: audit_verify_since(bigint, text); Type: FUNCTION; Schema: public

CREATE FUNCTION public.audit_verify_since(from_seq bigint, from_hash text) RETURNS TABLE(entries bigint, last_seq bigint, last_hash text, broken_seq bigint, problem text, start_ok boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: FUNCTION audit_verify_since(from_seq bigint, from_hash text); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.audit_verify_since(from_seq bigint, from_hash text) IS 'Walks the audit chain after entry from_seq, which must still hold from_hash (start_ok); returns the entries walked, the last hash, and the first broken link.';

-- Name: check_charge_paid_total(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.check_charge_paid_total() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    total numeric;
    latest timestamptz;
begin
    if tg_op = 'INSERT' then
        if new.amount_paid <> 0 or new.last_paid_at is not null then
            raise exception 'A new charge has nothing paid on it; record a payment instead'
                using errcode = 'check_violation';
        end if;
        return new;
    end if;
    if new.amount_paid is distinct from old.amount_paid
       or new.last_paid_at is distinct from old.last_paid_at then
        perform set_config('sanctuary.therapist', '', true);
        select coalesce(sum(p.amount), 0), max(p.paid_at) into total, latest
          from payments p
         where p.financial_record_id = new.id;
        perform set_config('sanctuary.therapist', saved, true);
        if new.amount_paid <> total or new.last_paid_at is distinct from latest then
            raise exception 'The amount paid on a charge is the sum of its payments; '
                            'record a payment instead of changing it'
                using errcode = 'check_violation';
        end if;
    end if;
    return new;
end;
$$;

-- Name: FUNCTION check_charge_paid_total(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.check_charge_paid_total() IS 'BEFORE trigger on financial_records: amount_paid and last_paid_at only ever match payments.';

-- Name: check_payment_fits_balance(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.check_payment_fits_balance() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    charge record;
    paid numeric;
    returned numeric;
    adjusted numeric;
    written numeric;
begin
    select fr.amount, fr.status into charge
      from financial_records fr
     where fr.id = new.financial_record_id
       for update;
    if charge.status in ('cancelled', 'refunded') then
        raise exception 'This charge is %; it takes no payments', charge.status
            using errcode = 'check_violation';
    end if;
    select coalesce(sum(p.amount), 0) into paid
      from payments p
     where p.financial_record_id = new.financial_record_id;
    select coalesce(sum(r.amount), 0), coalesce(sum(r.amount) filter (where r.adjusts_charge), 0)
      into returned, adjusted
      from refunds r
     where r.financial_record_id = new.financial_record_id;
    select coalesce(sum(a.amount), 0) into written
      from charge_adjustments a
     where a.financial_record_id = new.financial_record_id and a.writes_off;
    if paid - returned + new.amount > charge.amount - adjusted - written then
        raise exception 'Payment of % exceeds the balance of % on this charge',
            new.amount, charge.amount - adjusted - written - paid + returned
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

-- Name: FUNCTION check_payment_fits_balance(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.check_payment_fits_balance() IS 'Locks the charge (SELECT ... FOR UPDATE) and refuses a payment beyond what is still owed (amount less adjusting refunds, less payments net of refunds).';

-- Name: check_refund_fits_payments(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.check_refund_fits_payments() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    paid numeric;
    refunded numeric;
begin
    perform set_config('sanctuary.therapist', '', true);
    select fr.amount_paid into paid from financial_records fr
     where fr.id = new.financial_record_id for update;
    select coalesce(sum(r.amount), 0) into refunded from refunds r
     where r.financial_record_id = new.financial_record_id;
    perform set_config('sanctuary.therapist', saved, true);
    if paid is null then
        raise exception 'Charge % of this refund was not found', new.financial_record_id
            using errcode = 'foreign_key_violation';
    end if;
    if refunded + new.amount > paid then
        raise exception 'A refund of % is more than the % paid and not yet refunded',
            new.amount, paid - refunded
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

-- Name: check_write_off_fits_charge(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.check_write_off_fits_charge() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    caller uuid;
    visible boolean := false;
    charge record;
    returned numeric;
    adjusted numeric;
    written numeric;
begin
    if not new.writes_off then
        return new;
    end if;
    select t.id into caller from therapists t where t.db_role = session_user;
    if caller is not null then
        perform set_config('sanctuary.therapist', caller::text, true);
    end if;
    if caller is not null
       or to_regrole('sanctuary_clinician') is null
       or not pg_has_role(session_user, 'sanctuary_clinician', 'USAGE') then
        visible := exists (select 1 from financial_records f
                            where f.id = new.financial_record_id);
    end if;
    if not visible then
        perform set_config('sanctuary.therapist', saved, true);
        raise exception 'No such charge for this caller to adjust'
            using errcode = 'foreign_key_violation';
    end if;
    perform set_config('sanctuary.therapist', '', true);
    select f.amount, f.amount_paid, f.status into charge
      from financial_records f where f.id = new.financial_record_id for update;
    select coalesce(sum(r.amount), 0), coalesce(sum(r.amount) filter (where r.adjusts_charge), 0)
      into returned, adjusted
      from refunds r where r.financial_record_id = new.financial_record_id;
    select coalesce(sum(a.amount), 0) + new.amount into written
      from charge_adjustments a
     where a.financial_record_id = new.financial_record_id and a.writes_off;
    perform set_config('sanctuary.therapist', saved, true);
    if charge.amount is null then
        raise exception 'No such charge for this caller to adjust'
            using errcode = 'foreign_key_violation';
    end if;
    if written < 0 then
        raise exception 'Write-offs on a charge cannot add up to less than nothing'
            using errcode = 'check_violation';
    end if;
    if charge.amount - adjusted - written < charge.amount_paid - returned then
        raise exception 'A write-off of % is more than the % still owed on this charge',
            new.amount, charge.amount - adjusted - written + new.amount - charge.amount_paid
                         + returned
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

-- Name: FUNCTION check_write_off_fits_charge(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.check_write_off_fits_charge() IS 'Refuses a write-off beyond what the charge still owes, for a charge the caller may see; one error naming nothing otherwise.';

-- Name: claim_events_permanent(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.claim_events_permanent() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if tg_op = 'UPDATE' and to_jsonb(new) - 'patient_id' = to_jsonb(old) - 'patient_id'
       and sanctuary_merge_moves(old.patient_id, new.patient_id) then
        return new;
    end if;
    raise exception 'A claim''s history is permanent; % is not allowed', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- Name: claim_history_permanent(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.claim_history_permanent() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    raise exception '% rows are permanent; % is not allowed', tg_table_name, tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- Name: claim_lines_check(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.claim_lines_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    claim record;
    charge record;
    taken text;
begin
    if tg_op <> 'INSERT' then
        raise exception 'A claim''s lines cannot change; resubmit the claim instead'
            using errcode = 'integrity_constraint_violation';
    end if;
    select c.patient_id, c.therapist_id, c.responsibility, c.frequency, c.batch_id
      into claim from claims c where c.id = new.claim_id;
    if claim.batch_id is not null then
        raise exception 'This claim was sent; its lines cannot change'
            using errcode = 'integrity_constraint_violation';
    end if;
    select f.patient_id, f.therapist_id, f.status into charge
      from financial_records f where f.id = new.financial_record_id for update;
    if charge.patient_id is distinct from claim.patient_id
       or charge.therapist_id is distinct from claim.therapist_id then
        raise exception 'A claim line bills a charge of the claim''s own patient and clinician'
            using errcode = 'check_violation';
    end if;
    if claim.frequency <> '8' and charge.status in ('cancelled', 'refunded') then
        raise exception 'A % charge is not billed to an insurer', charge.status
            using errcode = 'check_violation';
    end if;
    if claim.frequency <> '8' then
        select c.control_number into taken
          from claim_lines l join claims c on c.id = l.claim_id
         where l.financial_record_id = new.financial_record_id
           and c.responsibility = claim.responsibility
           and c.frequency <> '8'
           and c.status not in ('replaced', 'void')
         limit 1;
        if taken is not null then
            raise exception 'This charge is already on claim %', taken
                using errcode = 'unique_violation';
        end if;
    end if;
    return new;
end;
$$;

-- Name: claims_batch_is_theirs(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.claims_batch_is_theirs() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    found boolean;
    filed_under uuid;
begin
    if new.batch_id is null
       or (tg_op = 'UPDATE' and new.batch_id is not distinct from old.batch_id) then
        return new;
    end if;
    select true, b.therapist_id into found, filed_under
      from claim_batches b where b.id = new.batch_id;
    if found is null or filed_under <> new.therapist_id then
        raise exception 'A claim file filed under a clinician holds only that clinician''s claims'
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

-- Name: FUNCTION claims_batch_is_theirs(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.claims_batch_is_theirs() IS 'Refuses a claim into a batch filed under another clinician (or one the caller cannot see).';

-- Name: claims_keep_content(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.claims_keep_content() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    kept constant text[] := array['status', 'payer_claim_number', 'batch_id',
        'transaction_set_number', 'submitted_at', 'updated_at', 'patient_id'];
begin
    if tg_op = 'DELETE' then
        raise exception 'Claims are permanent; void one (claims void) instead'
            using errcode = 'integrity_constraint_violation';
    end if;
    if to_jsonb(new) - kept <> to_jsonb(old) - kept then
        raise exception 'A claim''s content cannot change; resubmit it (claims resubmit)'
            using errcode = 'integrity_constraint_violation';
    end if;
    if new.patient_id <> old.patient_id
       and not sanctuary_merge_moves(old.patient_id, new.patient_id) then
        raise exception 'A claim stays with its patient'
            using errcode = 'integrity_constraint_violation';
    end if;
    if old.batch_id is not null
       and (new.batch_id is distinct from old.batch_id
            or new.transaction_set_number is distinct from old.transaction_set_number
            or new.submitted_at is distinct from old.submitted_at) then
        raise exception 'A claim is exported once; resubmit it to send it again'
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end;
$$;

-- Name: claims_total_is_lines(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.claims_total_is_lines() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    the_claim uuid := (to_jsonb(new)
                       ->> case when tg_table_name = 'claims' then 'id' else 'claim_id' end)::uuid;
    total numeric;
    lines numeric;
begin
    select c.total_charge into total from claims c where c.id = the_claim;
    select sum(l.charge) into lines from claim_lines l where l.claim_id = the_claim;
    if lines is null or lines <> total then
        raise exception 'A claim''s total (%) is the sum of its lines (%)', total,
            coalesce(lines, 0)
            using errcode = 'check_violation';
    end if;
    return null;
end;
$$;

-- Name: estimate_lines_permanent(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.estimate_lines_permanent() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if tg_op = 'UPDATE' then
        if to_jsonb(new) - 'patient_id' = to_jsonb(old) - 'patient_id'
           and sanctuary_merge_moves(old.patient_id, new.patient_id) then
            return new;
        end if;
    end if;
    raise exception 'A Good Faith Estimate is permanent once issued (% refused); issue a new '
                    'estimate to correct it', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- Name: estimates_permanent(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.estimates_permanent() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if tg_op = 'UPDATE' then
        if to_jsonb(new) - 'patient_id' = to_jsonb(old) - 'patient_id'
           and sanctuary_merge_moves(old.patient_id, new.patient_id) then
            return new;
        end if;
    end if;
    raise exception 'A Good Faith Estimate is permanent once issued (% refused); issue a new '
                    'estimate to correct it', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- Name: financial_records_refuse_rewrite(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.financial_records_refuse_rewrite() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    refunded numeric;
begin
    if tg_op = 'DELETE' then
        raise exception 'Charges are permanent; cancel one (status cancelled) instead'
            using errcode = 'integrity_constraint_violation';
    end if;
    if new.amount <> old.amount and old.amount_paid > 0 then
        raise exception 'This charge has payments; its amount cannot change (refund it and '
                        'charge again)'
            using errcode = 'integrity_constraint_violation';
    end if;
    if new.status is distinct from old.status then
        if old.status = 'refunded' then
            raise exception 'A refunded charge stays refunded'
                using errcode = 'integrity_constraint_violation';
        end if;
        if new.status = 'refunded' then
            perform set_config('sanctuary.therapist', '', true);
            select coalesce(sum(r.amount), 0) into refunded from refunds r
             where r.financial_record_id = new.id;
            perform set_config('sanctuary.therapist', saved, true);
            if new.amount_paid = 0 or refunded < new.amount_paid then
                raise exception 'A charge is refunded only when what was paid on it was '
                                'refunded; record the refund (billing refund) first'
                    using errcode = 'integrity_constraint_violation';
            end if;
        elsif new.status = 'paid' and new.amount_paid < new.amount then
            raise exception 'A charge is paid only when its payments cover it; record a payment'
                using errcode = 'integrity_constraint_violation';
        elsif new.status = 'cancelled' and new.amount_paid > 0 then
            raise exception 'This charge has payments; refund them before cancelling it'
                using errcode = 'integrity_constraint_violation';
        elsif old.status = 'paid' then
            raise exception 'A paid charge changes only by a refund'
                using errcode = 'integrity_constraint_violation';
        end if;
    end if;
    return new;
end;
$$;

-- Name: FUNCTION financial_records_refuse_rewrite(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.financial_records_refuse_rewrite() IS 'A charge keeps its amount once paid against; paid and refunded follow the payment and refund rows; charges are never deleted.';

-- Name: ledger_refuse_truncate(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.ledger_refuse_truncate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    raise exception '% is a ledger and cannot be truncated', tg_table_name
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- Name: mood_entries_follow_note(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.mood_entries_follow_note() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    note record;
begin
    if tg_op = 'UPDATE' and new.rating is not distinct from old.rating
       and new.session_note_id is not distinct from old.session_note_id
       and new.recorded_at is not distinct from old.recorded_at then
        return new;
    end if;
    if tg_op in ('UPDATE', 'DELETE') and old.session_note_id is not null then
        select n.signed_at into note from session_notes n where n.id = old.session_note_id;
        if found and note.signed_at is not null then
            raise exception 'This mood rating belongs to signed note %; add an addendum instead',
                left(old.session_note_id::text, 8)
                using errcode = 'integrity_constraint_violation',
                      hint = 'sanctuary notes amend NOTE';
        end if;
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    if new.session_note_id is not null then
        select n.patient_id, n.mood_rating into note
          from session_notes n where n.id = new.session_note_id;
        if not found or note.patient_id <> new.patient_id
           or note.mood_rating is distinct from new.rating then
            raise exception 'A mood entry linked to a note must carry that note''s rating for '
                            'its patient'
                using errcode = 'integrity_constraint_violation';
        end if;
    end if;
    return new;
end;
$$;

-- Name: note_addenda_append_only(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.note_addenda_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    raise exception 'Addenda are permanent; add another addendum instead'
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- Name: note_plan_objectives_check(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.note_plan_objectives_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: patient_merges_permanent(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.patient_merges_permanent() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    raise exception 'A merge is permanent; % is not allowed', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- Name: patients_clean_names(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.patients_clean_names() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public'
    AS $$
begin
    if tg_op = 'INSERT' or new.first_name is distinct from old.first_name then
        new.first_name := sanctuary_clean_name(new.first_name, 'first name');
    end if;
    if tg_op = 'INSERT' or new.last_name is distinct from old.last_name then
        new.last_name := sanctuary_clean_name(new.last_name, 'last name');
    end if;
    if tg_op = 'INSERT' or new.preferred_name is distinct from old.preferred_name then
        new.preferred_name := sanctuary_clean_name(new.preferred_name, 'preferred name');
    end if;
    if tg_op = 'INSERT'
       or new.emergency_contact_name is distinct from old.emergency_contact_name then
        new.emergency_contact_name :=
            sanctuary_clean_name(new.emergency_contact_name, 'emergency contact name');
    end if;
    return new;
end;
$$;

-- Name: patients_note_readmission(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.patients_note_readmission() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if old.discharged_at is not null and new.discharged_at is null then
        new.readmitted_at := now();
    end if;
    return new;
end;
$$;

-- Name: patients_record_reminder_consent(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.patients_record_reminder_consent() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if tg_op = 'UPDATE' and new.reminders is not distinct from old.reminders then
        if (new.reminders_consent_at, new.reminders_consent_by, new.reminders_consent_role)
           is distinct from
           (old.reminders_consent_at, old.reminders_consent_by, old.reminders_consent_role) then
            raise exception 'When and by whom reminders were agreed to is recorded by the '
                            'database; change the reminders choice instead'
                using errcode = 'integrity_constraint_violation';
        end if;
    elsif tg_op = 'INSERT' and new.reminders = 'none' then
        new.reminders_consent_at := null;
        new.reminders_consent_by := null;
        new.reminders_consent_role := null;
    else
        new.reminders_consent_at := now();
        new.reminders_consent_by := sanctuary_actor_therapist();
        new.reminders_consent_role := session_user;
    end if;
    if new.reminders = 'email' and nullif(btrim(coalesce(new.email, '')), '') is null then
        raise exception 'Email reminders need the patient''s email address (give --email too)'
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

-- Name: payments_refuse_rewrite(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.payments_refuse_rewrite() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if tg_op = 'DELETE' then
        raise exception 'Payments are permanent; record a refund instead of removing one'
            using errcode = 'integrity_constraint_violation';
    end if;
    if new.amount <> old.amount or new.financial_record_id <> old.financial_record_id
       or new.paid_at <> old.paid_at then
        raise exception 'A payment''s amount, charge and date cannot be changed; record a '
                        'refund and a new payment instead'
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end;
$$;

-- Name: FUNCTION payments_refuse_rewrite(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.payments_refuse_rewrite() IS 'A payment keeps its amount, charge and date, and is never deleted (docs/security.md).';

-- Name: plan_objectives_follow_plan(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.plan_objectives_follow_plan() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: plan_objectives_refuse_change(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.plan_objectives_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: practice_refuse_delete(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.practice_refuse_delete() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    raise exception 'The practice row cannot be removed; change its fields instead'
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- Name: progress_entries_objective_check(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.progress_entries_objective_check() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if new.plan_objective_id is not null
       and not sanctuary_objective_of(new.plan_objective_id, new.patient_id) then
        raise exception 'That objective is not on a signed treatment plan of this patient'
            using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end;
$$;

-- Name: refresh_charge_paid_total(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.refresh_charge_paid_total() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    charge uuid;
begin
    perform set_config('sanctuary.therapist', '', true);
    foreach charge in array array_remove(array[
            case when tg_op <> 'INSERT' then old.financial_record_id end,
            case when tg_op <> 'DELETE' then new.financial_record_id end], null) loop
        perform 1 from financial_records where id = charge for update;
        if not found then
            raise exception 'Charge % of this payment was not found', charge
                using errcode = 'foreign_key_violation';
        end if;
        update financial_records fr
           set amount_paid = coalesce(paid.total, 0),
               last_paid_at = paid.last_paid_at
          from (select sum(p.amount) as total, max(p.paid_at) as last_paid_at
                  from payments p
                 where p.financial_record_id = charge) paid
         where fr.id = charge;
    end loop;
    perform set_config('sanctuary.therapist', saved, true);
    return null;
end;
$$;

-- Name: FUNCTION refresh_charge_paid_total(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.refresh_charge_paid_total() IS 'AFTER trigger on payments: recomputes amount_paid and last_paid_at of the charge(s) touched.';

-- Name: refresh_patient_session_count(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.refresh_patient_session_count() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update patients p
           set session_count = (select count(*) from appointments a
                                 where a.patient_id = p.id and a.status = 'completed')
         where p.id = old.patient_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.patient_id <> old.patient_id
                                          or new.status is distinct from old.status) then
        update patients p
           set session_count = (select count(*) from appointments a
                                 where a.patient_id = p.id and a.status = 'completed')
         where p.id = new.patient_id;
    end if;
    return null;
end;
$$;

-- Name: refresh_tag_usage_count(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.refresh_tag_usage_count() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if tg_op = 'INSERT' then
        update tags set usage_count = usage_count + 1 where id = new.tag_id;
    elsif tg_op = 'DELETE' then
        update tags set usage_count = greatest(usage_count - 1, 0) where id = old.tag_id;
    end if;
    return null;
end;
$$;

-- Name: refunds_refuse_rewrite(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.refunds_refuse_rewrite() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    raise exception 'Refunds are permanent; % is not allowed', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- Name: reminders_keep_states(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.reminders_keep_states() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    due record;
begin
    if tg_op = 'DELETE' then
        raise exception 'Reminders are the record of what was sent; they cannot be removed'
            using errcode = 'integrity_constraint_violation';
    end if;
    if tg_op = 'UPDATE' then
        if new.id <> old.id or new.appointment_id <> old.appointment_id
           or new.starts_at <> old.starts_at or new.channel <> old.channel
           or new.therapist_id <> old.therapist_id or new.created_at <> old.created_at then
            raise exception 'A reminder''s appointment, time, channel and clinician cannot change'
                using errcode = 'integrity_constraint_violation';
        end if;
        if new.patient_id <> old.patient_id
           and not sanctuary_merge_moves(old.patient_id, new.patient_id) then
            raise exception 'A reminder''s patient changes only when the record is merged'
                using errcode = 'integrity_constraint_violation';
        end if;
        if new.status = old.status and new.status <> 'queued' then
            if to_jsonb(new) - array['patient_id', 'updated_at']
               <> to_jsonb(old) - array['patient_id', 'updated_at'] then
                raise exception 'A % reminder changes only by moving to its next state',
                    old.status
                    using errcode = 'integrity_constraint_violation';
            end if;
            return new;
        end if;
        if not ((old.status = 'queued' and new.status in ('queued', 'sending', 'dropped', 'failed'))
                or (old.status = 'sending'
                    and new.status in ('sent', 'refused', 'failed', 'unknown'))
                or (old.status in ('failed', 'dropped') and new.status = 'queued')
                or (old.status = 'refused' and new.status = 'queued'
                    and (old.retryable or new.recipient <> old.recipient))) then
            raise exception 'A reminder cannot go from % to %', old.status, new.status
                using errcode = 'integrity_constraint_violation';
        end if;
    elsif new.status <> 'queued' then
        raise exception 'A reminder starts queued (claimed by a run), not %', new.status
            using errcode = 'integrity_constraint_violation';
    end if;
    if new.status = 'queued'
       and (tg_op = 'INSERT' or old.status <> 'queued' or new.claimed_by <> old.claimed_by
            or new.recipient <> old.recipient) then
        select a.status, a.starts_at, a.patient_id, a.therapist_id, p.reminders,
               btrim(p.email) as email
          into due
          from appointments a
          join patients p on p.id = a.patient_id
         where a.id = new.appointment_id;
        if not found or due.status <> 'scheduled' or due.starts_at <> new.starts_at
           or due.patient_id <> new.patient_id or due.therapist_id <> new.therapist_id
           or due.reminders <> new.channel or due.email is distinct from new.recipient then
            raise exception 'A reminder is claimed only for an appointment scheduled at the '
                            'time it announces, for a patient who agreed to it at that address'
                using errcode = 'integrity_constraint_violation';
        end if;
    end if;
    return new;
end;
$$;

-- Name: reminders_refuse_truncate(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.reminders_refuse_truncate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    raise exception 'Reminders are the record of what was sent; they cannot be truncated'
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- Name: require_signed_note_before_billing(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.require_signed_note_before_billing() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if new.record_type = 'session'
       and new.appointment_id is not null
       and (select require_signed_note from billing_settings where id)
       and not exists (select 1
                         from session_notes n
                        where n.appointment_id = new.appointment_id
                          and not n.is_private
                          and n.signed_at is not null) then
        raise exception 'This session has no signed note yet; sign the note before billing it'
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

-- Name: risk_resolutions_permanent(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.risk_resolutions_permanent() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: sanctuary_acting_therapist(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_acting_therapist() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    given text := btrim(coalesce(nullif(current_setting('sanctuary.acting_for', true), ''),
                                 current_setting('sanctuary.therapist', true), ''));
    ref text := lower(given);
    found uuid;
    active bigint;
begin
    if ref <> '' then
        select t.id into found from therapists t where t.id::text = ref or lower(t.email) = ref;
        if found is null then
            raise exception 'No therapist with email or id %', quote_literal(given)
                using errcode = 'SN001';
        end if;
        return found;
    end if;
    select t.id into found from therapists t where t.db_role = current_user;
    if found is not null then
        return found;
    end if;
    select d.id into found
      from practice pr
      join therapists d on d.id = pr.default_therapist_id and d.is_active;
    if found is not null then
        return found;
    end if;
    select count(*), min(t.id::text)::uuid into active, found from therapists t where t.is_active;
    if active = 0 then
        raise exception 'No therapist yet: add one with `sanctuary therapists add` (or load the '
                        'demo with `sanctuary db init --demo`)'
            using errcode = 'SN001';
    end if;
    if active > 1 then
        raise exception 'Several therapists and no default clinician: choose one with '
                        '--therapist EMAIL or SANCTUARY_THERAPIST, or set the practice''s with '
                        '`sanctuary therapists default REF`'
            using errcode = 'SN001';
    end if;
    return found;
end;
$$;

-- Name: FUNCTION sanctuary_acting_therapist(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.sanctuary_acting_therapist() IS 'The therapist the command acts for (practice/clinician.py rules); SN001 errors say how to choose one.';

-- Name: sanctuary_actor_therapist(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_actor_therapist() RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    with chosen as (
        select lower(btrim(coalesce(current_setting('sanctuary.therapist', true), ''))) as ref,
               lower(btrim(coalesce(current_setting('sanctuary.acting_for', true), '')))
                   as acting_for
    )
    select coalesce(
        (select t.id from therapists t where t.db_role = session_user),
        (select t.id from therapists t, chosen c where c.ref in (t.id::text, lower(t.email))),
        (select t.id
           from therapists t, chosen c
          where c.ref = '' and c.acting_for in (t.id::text, lower(t.email))),
        (select t.id
           from practice p
           join therapists t on t.id = p.default_therapist_id and t.is_active
          cross join chosen c
          where p.id and c.ref = '' and c.acting_for = ''),
        (select min(t.id::text)::uuid
           from therapists t, chosen c
          where t.is_active and c.ref = '' and c.acting_for = ''
         having count(*) = 1))
$$;

-- Name: sanctuary_appointment_therapist(uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_appointment_therapist(appointment uuid) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select a.therapist_id from appointments a where a.id = appointment
$$;

-- Name: sanctuary_audited_row_patient(text, uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_audited_row_patient(table_name text, row_id uuid) RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
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
$_$;

-- Name: sanctuary_charge_note_state(uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_charge_note_state(charge uuid) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    caller uuid;
    appointment uuid;
    visible boolean;
    state text;
begin
    select t.id into caller from therapists t where t.db_role = session_user;
    if caller is not null then
        perform set_config('sanctuary.therapist', caller::text, true);
    elsif to_regrole('sanctuary_clinician') is not null
          and pg_has_role(session_user, 'sanctuary_clinician', 'USAGE') then
        return null;
    end if;
    select f.appointment_id, true into appointment, visible
      from financial_records f where f.id = charge;
    perform set_config('sanctuary.therapist', '', true);
    if visible then
        select case when bool_or(n.signed_at is not null) then 'signed' else 'unsigned' end
          into state
          from session_notes n
         where n.appointment_id = appointment and not n.is_private;
        state := coalesce(state, 'none');
    end if;
    perform set_config('sanctuary.therapist', saved, true);
    return state;
end;
$$;

-- Name: FUNCTION sanctuary_charge_note_state(charge uuid); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.sanctuary_charge_note_state(charge uuid) IS 'signed, unsigned or none: the state of a visible charge''s session note (claims create).';

-- Name: sanctuary_charge_therapist(uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_charge_therapist(charge uuid) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select f.therapist_id from financial_records f where f.id = charge
$$;

-- Name: sanctuary_claim_therapist(uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_claim_therapist(claim uuid) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select c.therapist_id from claims c where c.id = claim
$$;

-- Name: sanctuary_clean_name(text, text); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_clean_name(value text, label text) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog'
    AS $$
begin
    if value is null then
        return null;
    end if;
    if value ~ '[[:cntrl:]]' then
        raise exception 'The % contains a control character (such as a terminal escape)', label
            using errcode = 'check_violation';
    end if;
    if pg_catalog.getdatabaseencoding() = 'UTF8' then
        value := normalize(value, NFC);
    end if;
    value := pg_catalog.btrim(value);
    if pg_catalog.char_length(value) > 200 then
        raise exception 'The % is too long (% characters; at most 200)', label,
            pg_catalog.char_length(value)
            using errcode = 'check_violation';
    end if;
    return value;
end;
$$;

-- Name: FUNCTION sanctuary_clean_name(value text, label text); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.sanctuary_clean_name(value text, label text) IS 'A name trimmed and NFC-normalized; refuses control characters and more than 200 characters.';

-- Name: sanctuary_estimate_therapist(uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_estimate_therapist(estimate uuid) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select e.therapist_id from estimates e where e.id = estimate
$$;

-- Name: sanctuary_merge_moves(uuid, uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_merge_moves(from_patient uuid, to_patient uuid) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: FUNCTION sanctuary_merge_moves(from_patient uuid, to_patient uuid); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.sanctuary_merge_moves(from_patient uuid, to_patient uuid) IS 'True while this transaction merges the first patient into the second (patient_merges).';

-- Name: sanctuary_merge_patients(uuid, uuid, uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_merge_patients(keep uuid, other uuid, acting uuid) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
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
$_$;

-- Name: FUNCTION sanctuary_merge_patients(keep uuid, other uuid, acting uuid); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.sanctuary_merge_patients(keep uuid, other uuid, acting uuid) IS 'Moves every row referencing patient OTHER onto KEEP and discharges OTHER (merged_into); both must be the acting clinician''s. Returns rows moved per table.';

-- Name: sanctuary_name_matches(text); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_name_matches(search text) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET enable_seqscan TO 'off'
    AS $$
declare
    scope uuid := sanctuary_scope_of(session_user);
begin
    return query
        select p.id
          from patients p
         where (p.full_name % search or search <% p.full_name)
           and (scope is null or p.therapist_id = scope);
end;
$$;

-- Name: FUNCTION sanctuary_name_matches(search text); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.sanctuary_name_matches(search text) IS 'Ids of patients named like the text that the session''s login may see (past row-level security, so the trigram index serves it).';

-- Name: sanctuary_note_author(uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_note_author(note uuid) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select n.therapist_id from session_notes n where n.id = note
$$;

-- Name: sanctuary_note_matches(tsquery, uuid, boolean, integer, integer, date, date); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_note_matches(query tsquery, therapist uuid, include_private boolean, top integer, pool integer, since date, until date) RETURNS TABLE(note_id uuid, older_unranked boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
declare
    scope uuid := sanctuary_scope_of(session_user);
    -- The login sees less than the therapist's notes and their patients' (an owner naming a
    -- clinician, or a clinician's own login, sees exactly those). A plain boolean, so the
    -- planner drops the scope tests when it is false rather than turn them into index scans.
    narrowed constant boolean := scope is not null and scope <> therapist;
    patients_of_scope uuid[];
    colleague_notes uuid[];
begin
    if to_regrole('sanctuary_billing') is not null
       and pg_has_role(session_user, 'sanctuary_billing', 'USAGE') then
        return;
    end if;
    if narrowed then
        patients_of_scope := array(select p.id from patients p where p.therapist_id = scope);
    end if;
    -- Colleagues' notes about the therapist's patients, found on their own: inside the search
    -- the planner would rather AND the patients' notes with the text index, visiting every
    -- note of the therapist's that matches; here the author condition is in the index scan.
    colleague_notes := array(
        select n.id
          from session_notes n
         where n.patient_id = any (array(select p.id from patients p
                                          where p.therapist_id = therapist))
           and (n.therapist_id < therapist or n.therapist_id > therapist));
    return query
        with newest as (
            (select n.id, n.search_vector, n.session_date
               from session_notes n
              where n.therapist_id = therapist
                and n.search_vector @@ query
                and (since is null or n.session_date >= since)
                and (until is null or n.session_date <= until)
                and (not n.is_private or include_private)
                and (not narrowed
                     or (not n.is_private and n.patient_id = any (patients_of_scope)))
              order by n.session_date desc, n.id desc
              limit pool + 1)
            union all
            (select n.id, n.search_vector, n.session_date
               from session_notes n
              where n.id = any (colleague_notes)
                and not n.is_private
                and n.search_vector @@ query
                and (since is null or n.session_date >= since)
                and (until is null or n.session_date <= until)
                and (not narrowed
                     or n.therapist_id = scope
                     or n.patient_id = any (patients_of_scope))
              order by n.session_date desc, n.id desc
              limit pool + 1)
            order by session_date desc, id desc
            limit pool + 1
        ),
        counted as (
            select m.id, m.search_vector, m.session_date,
                   row_number() over (order by m.session_date desc, m.id desc) as k,
                   count(*) over () as found
              from newest m
        )
        select c.id, c.found > pool
          from counted c
         where c.k <= pool
         order by ts_rank(c.search_vector, query) desc, c.session_date desc, c.id desc
         limit top;
end;
$$;

-- Name: FUNCTION sanctuary_note_matches(query tsquery, therapist uuid, include_private boolean, top integer, pool integer, since date, until date); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.sanctuary_note_matches(query tsquery, therapist uuid, include_private boolean, top integer, pool integer, since date, until date) IS 'Ids of the best `top` of the newest `pool` notes matching the query (between since and until), by the therapist or about their patients, that the session''s login may see (past row-level security, so the indexes serve it); older_unranked when more matched.';

-- Name: sanctuary_objective_of(uuid, uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_objective_of(objective uuid, patient uuid) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select exists (select 1
                     from plan_objectives o
                     join treatment_plans t on t.id = o.plan_id
                    where o.id = objective
                      and o.patient_id = patient
                      and t.patient_id = patient
                      and t.signed_at is not null)
$$;

-- Name: sanctuary_patient_therapist(uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_patient_therapist(patient uuid) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select p.therapist_id from patients p where p.id = patient
$$;

-- Name: sanctuary_plan_author(uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_plan_author(plan uuid) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select t.therapist_id from treatment_plans t where t.id = plan
$$;

-- Name: sanctuary_plan_interventions_valid(jsonb); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_plan_interventions_valid(interventions jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select jsonb_typeof(interventions) = 'array'
       and jsonb_array_length(interventions) between 1 and 50
       and not exists (
           select 1
             from jsonb_array_elements(interventions) i
            where jsonb_typeof(i) <> 'object'
               or jsonb_typeof(i -> 'modality') is distinct from 'string'
               or jsonb_typeof(i -> 'frequency') is distinct from 'string'
               or btrim(i ->> 'modality') = ''
               or btrim(i ->> 'frequency') = ''
               or length(i ->> 'modality') > 500
               or length(i ->> 'frequency') > 100)
$$;

-- Name: sanctuary_plan_problems_valid(jsonb); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_plan_problems_valid(problems jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
    select jsonb_typeof(problems) = 'array'
       and jsonb_array_length(problems) between 1 and 50
       and not exists (
           select 1
             from jsonb_array_elements(problems) p
            where jsonb_typeof(p) <> 'object'
               or jsonb_typeof(p -> 'description') is distinct from 'string'
               or btrim(p ->> 'description') = ''
               or length(p ->> 'description') > 500
               or jsonb_typeof(p -> 'icd10') is distinct from 'array'
               or jsonb_array_length(p -> 'icd10') not between 1 and 12
               or exists (select 1
                            from jsonb_array_elements(p -> 'icd10') c
                           where jsonb_typeof(c) <> 'string'
                              or (c #>> '{}') !~ '^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$'))
$_$;

-- Name: sanctuary_record_read(text, text, uuid, text); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_record_read(p_table text, p_row_id text, p_patient_id uuid, p_action text DEFAULT 'READ'::text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    clinical constant text[] := array['session_notes', 'note_addenda', 'mood_entries',
        'progress_entries', 'measure_administrations', 'patient_risk_status',
        'risk_resolutions', 'treatment_plans', 'plan_objectives'];
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

-- Name: FUNCTION sanctuary_record_read(p_table text, p_row_id text, p_patient_id uuid, p_action text); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.sanctuary_record_read(p_table text, p_row_id text, p_patient_id uuid, p_action text) IS 'Appends a READ or EXPORT entry for clinical content the caller has just been shown.';

-- Name: sanctuary_scope(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_scope() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    nobody constant uuid := '00000000-0000-0000-0000-000000000000';
    ref text;
    found uuid;
begin
    select t.id into found from therapists t where t.db_role = current_user;
    if found is not null then
        return found;
    end if;
    if to_regrole('sanctuary_clinician') is not null then
        if pg_has_role(current_user, 'sanctuary_clinician', 'USAGE') then
            return nobody;
        end if;
    end if;
    ref := lower(btrim(coalesce(current_setting('sanctuary.therapist', true), '')));
    if ref = '' then
        return null;
    end if;
    select t.id into found from therapists t where t.id::text = ref or lower(t.email) = ref;
    return coalesce(found, nobody);
end;
$$;

-- Name: FUNCTION sanctuary_scope(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.sanctuary_scope() IS 'Therapist whose rows the current role may see (null = whole practice): the clinician login role''s own therapist, else the transaction setting sanctuary.therapist (email or id).';

-- Name: sanctuary_scope_of(name); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_scope_of(who name) RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    nobody constant uuid := '00000000-0000-0000-0000-000000000000';
    ref text;
    found uuid;
begin
    select t.id into found from therapists t where t.db_role = who;
    if found is not null then
        return found;
    end if;
    if to_regrole('sanctuary_clinician') is not null then
        if pg_has_role(who, 'sanctuary_clinician', 'USAGE') then
            return nobody;
        end if;
    end if;
    ref := lower(btrim(coalesce(current_setting('sanctuary.therapist', true), '')));
    if ref = '' then
        return null;
    end if;
    select t.id into found from therapists t where t.id::text = ref or lower(t.email) = ref;
    return coalesce(found, nobody);
end;
$$;

-- Name: FUNCTION sanctuary_scope_of(who name); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.sanctuary_scope_of(who name) IS 'sanctuary_scope() for the given role (the search functions ask it for session_user).';

-- Name: sanctuary_tag_carried(uuid, uuid); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_tag_carried(tag uuid, except_author uuid DEFAULT NULL::uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    carried boolean;
begin
    perform set_config('sanctuary.therapist', '', true);
    select exists (select 1
                     from note_tags nt
                     join session_notes n on n.id = nt.note_id
                    where nt.tag_id = tag
                      and (except_author is null or n.therapist_id <> except_author))
      into carried;
    perform set_config('sanctuary.therapist', saved, true);
    return carried;
end;
$$;

-- Name: sanctuary_tag_ids(text[]); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_tag_ids(names text[]) RETURNS TABLE(id uuid, name text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
begin
    perform set_config('sanctuary.therapist', '', true);
    insert into tags (name)
    select distinct w.name from unnest(names) as w(name)
    on conflict on constraint tags_name_key do nothing;
    return query select t.id, t.name from tags t where t.name = any (names);
    perform set_config('sanctuary.therapist', saved, true);
end;
$$;

-- Name: sanctuary_visible_therapists(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.sanctuary_visible_therapists() RETURNS uuid[]
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    select case when scope.id is null
                then (select coalesce(array_agg(t.id), '{}') from therapists t)
                else array[scope.id] end
      from (select sanctuary_scope() as id) scope
$$;

-- Name: FUNCTION sanctuary_visible_therapists(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.sanctuary_visible_therapists() IS 'Therapists whose patients the current role may see: every therapist when unscoped, else the one sanctuary_scope() names.';

-- Name: session_notes_mood_matches_entry(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.session_notes_mood_matches_entry() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if exists (select 1
                 from mood_entries m
                 join session_notes n on n.id = m.session_note_id
                where m.session_note_id = new.id
                  and m.rating is distinct from n.mood_rating) then
        raise exception 'The mood rating of note % differs from its mood entry; change both '
                        'together (sanctuary notes edit)', left(new.id::text, 8)
            using errcode = 'integrity_constraint_violation';
    end if;
    return null;
end;
$$;

-- Name: session_notes_refuse_future_date(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.session_notes_refuse_future_date() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if new.session_date > (now() at time zone 'Etc/GMT-14')::date then
        raise exception 'A session date cannot be in the future'
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

-- Name: session_notes_refuse_signed_change(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.session_notes_refuse_signed_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: FUNCTION session_notes_refuse_signed_change(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.session_notes_refuse_signed_change() IS 'Refuses UPDATE and DELETE of a signed session note; signing is the last allowed update.';

-- Name: session_notes_refuse_truncate(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.session_notes_refuse_truncate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    if exists (select 1 from session_notes where signed_at is not null) then
        raise exception 'session_notes holds signed notes and cannot be truncated'
            using errcode = 'integrity_constraint_violation';
    end if;
    return null;
end;
$$;

-- Name: set_appointment_end(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.set_appointment_end() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    new.ends_at := new.starts_at + make_interval(mins => new.duration_minutes);
    return new;
end;
$$;

-- Name: set_updated_at(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
    new.updated_at := now();
    return new;
end;
$$;

-- Name: therapists_clean_names(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.therapists_clean_names() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public'
    AS $$
begin
    if tg_op = 'INSERT' or new.first_name is distinct from old.first_name then
        new.first_name := sanctuary_clean_name(new.first_name, 'first name');
    end if;
    if tg_op = 'INSERT' or new.last_name is distinct from old.last_name then
        new.last_name := sanctuary_clean_name(new.last_name, 'last name');
    end if;
    return new;
end;
$$;

-- Name: treatment_plans_number_version(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.treatment_plans_number_version() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
    earlier record;
begin
    if new.previous_id is null then
        new.version := 1;
        return new;
    end if;
    select t.patient_id, t.version, t.signed_at into earlier
      from treatment_plans t where t.id = new.previous_id;
    if not found or earlier.patient_id <> new.patient_id then
        raise exception 'A plan version follows an earlier version of the same patient''s plan'
            using errcode = 'integrity_constraint_violation';
    end if;
    if earlier.signed_at is null then
        raise exception 'Only a signed plan is reviewed; sign the draft first'
            using errcode = 'integrity_constraint_violation';
    end if;
    new.version := earlier.version + 1;
    return new;
end;
$$;

-- Name: treatment_plans_refuse_signed_change(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.treatment_plans_refuse_signed_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: FUNCTION treatment_plans_refuse_signed_change(); Type: COMMENT; Schema: public

COMMENT ON FUNCTION public.treatment_plans_refuse_signed_change() IS 'Refuses UPDATE and DELETE of a signed plan version; signing is the last allowed update.';

-- Name: treatment_plans_refuse_truncate(); Type: FUNCTION; Schema: public

CREATE FUNCTION public.treatment_plans_refuse_truncate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
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

-- Name: acknowledgements; Type: TABLE; Schema: public

CREATE TABLE public.acknowledgements (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    kind text NOT NULL,
    sender_id text NOT NULL,
    interchange_control_number text NOT NULL,
    file_name text NOT NULL,
    therapist_id uuid,
    imported_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT acknowledgements_kind_check CHECK ((kind = ANY (ARRAY['999'::text, '277CA'::text])))
);

ALTER TABLE ONLY public.acknowledgements FORCE ROW LEVEL SECURITY;

-- Name: TABLE acknowledgements; Type: COMMENT; Schema: public

COMMENT ON TABLE public.acknowledgements IS '999 and 277CA files imported, by sender and ISA13: the same file twice changes nothing.';

-- Name: appointments; Type: TABLE; Schema: public

CREATE TABLE public.appointments (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    therapist_id uuid NOT NULL,
    patient_id uuid NOT NULL,
    session_type_id uuid,
    starts_at timestamp with time zone NOT NULL,
    duration_minutes integer NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    appointment_type public.appointment_type_enum DEFAULT 'In-Person'::public.appointment_type_enum NOT NULL,
    location text,
    video_link text,
    status public.appointment_status_enum DEFAULT 'scheduled'::public.appointment_status_enum NOT NULL,
    fee numeric(10,2),
    series_id uuid,
    cancelled_at timestamp with time zone,
    cancellation_reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT appointments_check CHECK ((ends_at > starts_at)),
    CONSTRAINT appointments_duration_minutes_check CHECK (((duration_minutes > 0) AND (duration_minutes <= 480))),
    CONSTRAINT appointments_fee_check CHECK ((fee >= (0)::numeric))
);

ALTER TABLE ONLY public.appointments FORCE ROW LEVEL SECURITY;

-- Name: TABLE appointments; Type: COMMENT; Schema: public

COMMENT ON TABLE public.appointments IS 'One row per occurrence; a therapist cannot hold two non-cancelled overlapping ones.';

-- Name: patients; Type: TABLE; Schema: public

CREATE TABLE public.patients (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    therapist_id uuid NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    full_name text GENERATED ALWAYS AS (((first_name || ' '::text) || last_name)) STORED,
    preferred_name text,
    pronouns text,
    date_of_birth date,
    email text,
    phone text,
    address text,
    emergency_contact_name text,
    emergency_contact_phone text,
    emergency_contact_relationship text,
    status public.patient_status_enum DEFAULT 'Active'::public.patient_status_enum NOT NULL,
    insurance_provider text,
    insurance_member_id text,
    insurance_group_number text,
    coverage_percent numeric(5,2) DEFAULT 0 NOT NULL,
    fee_exempt boolean DEFAULT false NOT NULL,
    diagnosis_codes text[] DEFAULT '{}'::text[] NOT NULL,
    session_count integer DEFAULT 0 NOT NULL,
    intake_date date DEFAULT CURRENT_DATE NOT NULL,
    discharged_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    merged_into uuid,
    administrative_sex text,
    city text,
    state text,
    zip text,
    readmitted_at timestamp with time zone,
    reminders text DEFAULT 'none'::text NOT NULL,
    reminders_consent_at timestamp with time zone,
    reminders_consent_by uuid,
    reminders_consent_role name,
    CONSTRAINT patients_administrative_sex_check CHECK ((administrative_sex = ANY (ARRAY['F'::text, 'M'::text, 'U'::text]))),
    CONSTRAINT patients_city_check CHECK ((btrim(city) <> ''::text)),
    CONSTRAINT patients_coverage_percent_check CHECK (((coverage_percent >= (0)::numeric) AND (coverage_percent <= (100)::numeric))),
    CONSTRAINT patients_date_of_birth_check CHECK ((date_of_birth > '1900-01-01'::date)),
    CONSTRAINT patients_first_name_check CHECK ((btrim(first_name) <> ''::text)),
    CONSTRAINT patients_last_name_check CHECK ((btrim(last_name) <> ''::text)),
    CONSTRAINT patients_not_merged_into_itself CHECK ((merged_into <> id)),
    CONSTRAINT patients_reminders_check CHECK ((reminders = ANY (ARRAY['email'::text, 'none'::text]))),
    CONSTRAINT patients_reminders_consent_recorded CHECK (((reminders = 'none'::text) OR (reminders_consent_at IS NOT NULL))),
    CONSTRAINT patients_session_count_check CHECK ((session_count >= 0)),
    CONSTRAINT patients_state_check CHECK ((state ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT patients_zip_check CHECK ((zip ~ '^[0-9]{5}([0-9]{4})?$'::text))
);

ALTER TABLE ONLY public.patients FORCE ROW LEVEL SECURITY;

-- Name: TABLE patients; Type: COMMENT; Schema: public

COMMENT ON TABLE public.patients IS 'Clients; discharged by status, never hard-deleted by the CLI.';

-- Name: COLUMN patients.merged_into; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.patients.merged_into IS 'The patient record this duplicate was merged into (patients merge); set with status Inactive, every row of this record having moved there.';

-- Name: COLUMN patients.administrative_sex; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.patients.administrative_sex IS 'Sex as the payer holds it (F, M, U) for claims; not gender identity (pronouns).';

-- Name: COLUMN patients.city; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.patients.city IS 'City of the postal address (address holds the street).';

-- Name: COLUMN patients.readmitted_at; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.patients.readmitted_at IS 'When the patient was last re-admitted (discharged_at cleared); a new episode of care.';

-- Name: COLUMN patients.reminders; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.patients.reminders IS 'Appointment reminders the patient agreed to: email, or none (the default).';

-- Name: COLUMN patients.reminders_consent_at; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.patients.reminders_consent_at IS 'When the current reminders choice was recorded (consent given or withdrawn); set by the database.';

-- Name: COLUMN patients.reminders_consent_by; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.patients.reminders_consent_by IS 'The clinician acted for when the reminders choice was recorded; set by the database.';

-- Name: COLUMN patients.reminders_consent_role; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.patients.reminders_consent_role IS 'The login role that recorded the reminders choice; set by the database.';

-- Name: active_patients_with_appointments; Type: VIEW; Schema: public

CREATE VIEW public.active_patients_with_appointments WITH (security_invoker='true') AS
 SELECT p.id AS patient_id,
    p.full_name AS patient_name,
    p.therapist_id,
    p.email,
    p.phone,
    p.session_count,
    nxt.starts_at AS next_appointment_at,
    lst.starts_at AS last_appointment_at,
    ( SELECT count(*) AS count
           FROM public.appointments a
          WHERE ((a.patient_id = p.id) AND (a.status = 'scheduled'::public.appointment_status_enum) AND (a.starts_at >= now()))) AS upcoming_count
   FROM ((public.patients p
     LEFT JOIN LATERAL ( SELECT a.starts_at
           FROM public.appointments a
          WHERE ((a.patient_id = p.id) AND (a.status = 'scheduled'::public.appointment_status_enum) AND (a.starts_at >= now()))
          ORDER BY a.starts_at
         LIMIT 1) nxt ON (true))
     LEFT JOIN LATERAL ( SELECT a.starts_at
           FROM public.appointments a
          WHERE ((a.patient_id = p.id) AND (a.status = 'completed'::public.appointment_status_enum))
          ORDER BY a.starts_at DESC
         LIMIT 1) lst ON (true))
  WHERE (p.status = 'Active'::public.patient_status_enum);

-- Name: VIEW active_patients_with_appointments; Type: COMMENT; Schema: public

COMMENT ON VIEW public.active_patients_with_appointments IS 'Active patients with their next and last appointment and session count.';

-- Name: audit_chain_head; Type: TABLE; Schema: public

CREATE TABLE public.audit_chain_head (
    singleton boolean DEFAULT true NOT NULL,
    last_seq bigint NOT NULL,
    last_hash text NOT NULL,
    CONSTRAINT audit_chain_head_singleton_check CHECK (singleton)
);

-- Name: TABLE audit_chain_head; Type: COMMENT; Schema: public

COMMENT ON TABLE public.audit_chain_head IS 'Number and hash of the last audit_log entry; lets audit verify see entries cut off the end.';

-- Name: audit_log; Type: TABLE; Schema: public

CREATE TABLE public.audit_log (
    seq bigint NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    actor name NOT NULL,
    therapist_id uuid,
    action text NOT NULL,
    table_name text NOT NULL,
    row_id text,
    patient_id uuid,
    changed_columns text[] DEFAULT '{}'::text[] NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    CONSTRAINT audit_log_action_check CHECK ((action = ANY (ARRAY['INSERT'::text, 'UPDATE'::text, 'DELETE'::text, 'READ'::text, 'EXPORT'::text])))
);

ALTER TABLE ONLY public.audit_log FORCE ROW LEVEL SECURITY;

-- Name: TABLE audit_log; Type: COMMENT; Schema: public

COMMENT ON TABLE public.audit_log IS 'Append-only, hash-chained record of who read or changed which clinical or financial row.';

-- Name: COLUMN audit_log.actor; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.audit_log.actor IS 'The database login role (session_user) that acted.';

-- Name: COLUMN audit_log.therapist_id; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.audit_log.therapist_id IS 'The clinician acted for: the login role''s therapist, else the CLI''s --therapist.';

-- Name: COLUMN audit_log.changed_columns; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.audit_log.changed_columns IS 'Names of the columns an UPDATE changed.';

-- Name: COLUMN audit_log.hash; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.audit_log.hash IS 'sha256 over this entry''s content and prev_hash (audit_entry_hash).';

-- Name: billing_settings; Type: TABLE; Schema: public

CREATE TABLE public.billing_settings (
    id boolean DEFAULT true NOT NULL,
    require_signed_note boolean DEFAULT false NOT NULL,
    default_due_days integer DEFAULT 30 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT billing_settings_default_due_days_check CHECK (((default_due_days >= 0) AND (default_due_days <= 365))),
    CONSTRAINT billing_settings_id_check CHECK (id)
);

-- Name: TABLE billing_settings; Type: COMMENT; Schema: public

COMMENT ON TABLE public.billing_settings IS 'Practice billing settings (one row): require a signed note before a session is billed, default days until a charge is due.';

-- Name: charge_adjustments; Type: TABLE; Schema: public

CREATE TABLE public.charge_adjustments (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    remittance_line_id uuid NOT NULL,
    financial_record_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    group_code text NOT NULL,
    reason_code text NOT NULL,
    amount numeric(10,2) NOT NULL,
    writes_off boolean NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT charge_adjustments_amount_check CHECK ((amount <> (0)::numeric)),
    CONSTRAINT charge_adjustments_check CHECK ((NOT (writes_off AND (group_code = 'PR'::text)))),
    CONSTRAINT charge_adjustments_group_code_check CHECK ((group_code = ANY (ARRAY['CO'::text, 'CR'::text, 'OA'::text, 'PI'::text, 'PR'::text]))),
    CONSTRAINT charge_adjustments_reason_code_check CHECK ((reason_code ~ '^[0-9A-Z]{1,5}$'::text))
);

ALTER TABLE ONLY public.charge_adjustments FORCE ROW LEVEL SECURITY;

-- Name: TABLE charge_adjustments; Type: COMMENT; Schema: public

COMMENT ON TABLE public.charge_adjustments IS 'Every adjustment a payer reported on a charge (835 CAS: group, reason code, amount). writes_off: taken off what the charge asks (CO, CR, OA, PI of a claim not denied); PR is the patient''s share and stays owed.';

-- Name: claim_batches; Type: TABLE; Schema: public

CREATE TABLE public.claim_batches (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    interchange_control_number bigint NOT NULL,
    group_control_number bigint NOT NULL,
    therapist_id uuid,
    file_name text NOT NULL,
    usage text NOT NULL,
    claim_count integer NOT NULL,
    interchange text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT claim_batches_claim_count_check CHECK ((claim_count > 0)),
    CONSTRAINT claim_batches_group_control_number_check CHECK (((group_control_number >= 1) AND (group_control_number <= 999999999))),
    CONSTRAINT claim_batches_interchange_control_number_check CHECK (((interchange_control_number >= 1) AND (interchange_control_number <= 999999999))),
    CONSTRAINT claim_batches_usage_check CHECK ((usage = ANY (ARRAY['P'::text, 'T'::text])))
);

ALTER TABLE ONLY public.claim_batches FORCE ROW LEVEL SECURITY;

-- Name: TABLE claim_batches; Type: COMMENT; Schema: public

COMMENT ON TABLE public.claim_batches IS 'Each 837P file written by claims export, whole (its claims, by batch_id). therapist_id is the clinician it was written for, null for the practice.';

-- Name: claim_control_number_seq; Type: SEQUENCE; Schema: public

CREATE SEQUENCE public.claim_control_number_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    MAXVALUE 99999999
    CACHE 1;

-- Name: claim_events; Type: TABLE; Schema: public

CREATE TABLE public.claim_events (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    claim_id uuid NOT NULL,
    patient_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    kind text NOT NULL,
    status text NOT NULL,
    detail text DEFAULT ''::text NOT NULL,
    source text DEFAULT ''::text NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT claim_events_kind_check CHECK ((kind = ANY (ARRAY['created'::text, 'exported'::text, '999'::text, '277CA'::text, '835'::text, 'resubmitted'::text, 'voided'::text])))
);

ALTER TABLE ONLY public.claim_events FORCE ROW LEVEL SECURITY;

-- Name: TABLE claim_events; Type: COMMENT; Schema: public

COMMENT ON TABLE public.claim_events IS 'A claim''s history: made, sent, acknowledged (999, 277CA), paid or denied (835), resubmitted, voided; detail holds the payer''s reasons.';

-- Name: claim_lines; Type: TABLE; Schema: public

CREATE TABLE public.claim_lines (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    claim_id uuid NOT NULL,
    line_number integer NOT NULL,
    financial_record_id uuid NOT NULL,
    cpt_code text NOT NULL,
    modifiers text[] DEFAULT '{}'::text[] NOT NULL,
    units integer DEFAULT 1 NOT NULL,
    charge numeric(10,2) NOT NULL,
    service_date date NOT NULL,
    place_of_service text NOT NULL,
    pointers smallint[] NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT claim_lines_charge_check CHECK ((charge > (0)::numeric)),
    CONSTRAINT claim_lines_cpt_code_check CHECK ((cpt_code ~ '^[0-9]{4}[0-9A-Z]$'::text)),
    CONSTRAINT claim_lines_line_number_check CHECK (((line_number >= 1) AND (line_number <= 50))),
    CONSTRAINT claim_lines_modifiers_check CHECK ((cardinality(modifiers) <= 4)),
    CONSTRAINT claim_lines_place_of_service_check CHECK ((place_of_service ~ '^[0-9]{2}$'::text)),
    CONSTRAINT claim_lines_pointers_check CHECK (((cardinality(pointers) >= 1) AND (cardinality(pointers) <= 4))),
    CONSTRAINT claim_lines_units_check CHECK ((units > 0))
);

ALTER TABLE ONLY public.claim_lines FORCE ROW LEVEL SECURITY;

-- Name: TABLE claim_lines; Type: COMMENT; Schema: public

COMMENT ON TABLE public.claim_lines IS 'Service lines of a claim (2400), one per charge.';

-- Name: claims; Type: TABLE; Schema: public

CREATE TABLE public.claims (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    control_number text NOT NULL,
    patient_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    payer_id uuid NOT NULL,
    responsibility text DEFAULT 'P'::text NOT NULL,
    frequency text DEFAULT '1'::text NOT NULL,
    replaces_claim_id uuid,
    payer_claim_number text,
    status text DEFAULT 'ready'::text NOT NULL,
    service_from date NOT NULL,
    service_to date NOT NULL,
    total_charge numeric(10,2) NOT NULL,
    diagnoses text[] NOT NULL,
    place_of_service text NOT NULL,
    batch_id uuid,
    transaction_set_number text,
    submitted_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT claims_check CHECK ((service_to >= service_from)),
    CONSTRAINT claims_check1 CHECK (((frequency = '1'::text) OR (replaces_claim_id IS NOT NULL))),
    CONSTRAINT claims_check2 CHECK (((batch_id IS NULL) = (submitted_at IS NULL))),
    CONSTRAINT claims_check3 CHECK (((batch_id IS NULL) = (transaction_set_number IS NULL))),
    CONSTRAINT claims_control_number_check CHECK ((control_number ~ '^[0-9A-Z]{1,20}$'::text)),
    CONSTRAINT claims_diagnoses_check CHECK (((cardinality(diagnoses) >= 1) AND (cardinality(diagnoses) <= 12))),
    CONSTRAINT claims_frequency_check CHECK ((frequency = ANY (ARRAY['1'::text, '7'::text, '8'::text]))),
    CONSTRAINT claims_place_of_service_check CHECK ((place_of_service ~ '^[0-9]{2}$'::text)),
    CONSTRAINT claims_responsibility_check CHECK ((responsibility = ANY (ARRAY['P'::text, 'S'::text]))),
    CONSTRAINT claims_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'ready'::text, 'submitted'::text, 'accepted'::text, 'rejected'::text, 'paid'::text, 'partial'::text, 'denied'::text, 'reversed'::text, 'replaced'::text, 'void'::text]))),
    CONSTRAINT claims_total_charge_check CHECK ((total_charge > (0)::numeric))
);

ALTER TABLE ONLY public.claims FORCE ROW LEVEL SECURITY;

-- Name: TABLE claims; Type: COMMENT; Schema: public

COMMENT ON TABLE public.claims IS 'Insurance claims: one patient''s charges by one rendering clinician to one payer; frequency 1 original, 7 replacement, 8 void (of replaces_claim_id).';

-- Name: COLUMN claims.control_number; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.claims.control_number IS 'Our claim number (CLM01): what the payer''s 835 and 277CA return.';

-- Name: COLUMN claims.payer_claim_number; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.claims.payer_claim_number IS 'The payer''s own number for the claim (835 CLP07, 277CA REF*1K): needed to replace or void.';

-- Name: COLUMN claims.transaction_set_number; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.claims.transaction_set_number IS 'ST02 of the set that carried it (a 999 answers by it).';

-- Name: estimates; Type: TABLE; Schema: public

CREATE TABLE public.estimates (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    issued_on date DEFAULT CURRENT_DATE NOT NULL,
    issued_at timestamp with time zone DEFAULT now() NOT NULL,
    self_pay_reason text NOT NULL,
    patient_name text NOT NULL,
    patient_birth_date date,
    provider_name text NOT NULL,
    practice_name text,
    provider_npi text NOT NULL,
    practice_npi text,
    provider_tax_id text NOT NULL,
    location text NOT NULL,
    location_state text,
    provider_contact text,
    service_description text NOT NULL,
    diagnosis_codes text[] DEFAULT '{}'::text[] NOT NULL,
    sessions integer NOT NULL,
    service_from date NOT NULL,
    service_to date NOT NULL,
    total numeric(10,2) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT estimates_location_check CHECK ((btrim(location) <> ''::text)),
    CONSTRAINT estimates_location_state_check CHECK ((location_state ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT estimates_patient_name_check CHECK ((btrim(patient_name) <> ''::text)),
    CONSTRAINT estimates_period_within_a_year CHECK (((service_to >= service_from) AND (service_to < (service_from + 366)))),
    CONSTRAINT estimates_practice_npi_check CHECK ((practice_npi ~ '^[0-9]{10}$'::text)),
    CONSTRAINT estimates_provider_name_check CHECK ((btrim(provider_name) <> ''::text)),
    CONSTRAINT estimates_provider_npi_check CHECK ((provider_npi ~ '^[0-9]{10}$'::text)),
    CONSTRAINT estimates_provider_tax_id_check CHECK ((btrim(provider_tax_id) <> ''::text)),
    CONSTRAINT estimates_self_pay_reason_check CHECK ((self_pay_reason = ANY (ARRAY['uninsured'::text, 'not-billing-insurance'::text]))),
    CONSTRAINT estimates_service_description_check CHECK ((btrim(service_description) <> ''::text)),
    CONSTRAINT estimates_sessions_check CHECK (((sessions >= 1) AND (sessions <= 52))),
    CONSTRAINT estimates_total_check CHECK ((total > (0)::numeric))
);

ALTER TABLE ONLY public.estimates FORCE ROW LEVEL SECURITY;

-- Name: TABLE estimates; Type: COMMENT; Schema: public

COMMENT ON TABLE public.estimates IS 'Good Faith Estimates issued to uninsured or self-pay patients (45 CFR 149.610), as printed; permanent: a correction is a new estimate.';

-- Name: COLUMN estimates.service_from; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.estimates.service_from IS 'First day of the period of care estimated; charges of this patient and provider from here to service_to count against the estimate (estimate_billing).';

-- Name: financial_records; Type: TABLE; Schema: public

CREATE TABLE public.financial_records (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    appointment_id uuid,
    record_type public.financial_record_type_enum DEFAULT 'session'::public.financial_record_type_enum NOT NULL,
    description text,
    cpt_code text,
    cpt_modifier text,
    icd10_codes text[] DEFAULT '{}'::text[] NOT NULL,
    units integer DEFAULT 1 NOT NULL,
    place_of_service text,
    service_date date NOT NULL,
    due_date date NOT NULL,
    amount numeric(10,2) NOT NULL,
    coverage_percent numeric(5,2) DEFAULT 0 NOT NULL,
    insurance_amount numeric(10,2) GENERATED ALWAYS AS (round(((amount * coverage_percent) / (100)::numeric), 2)) STORED,
    patient_responsibility numeric(10,2) GENERATED ALWAYS AS ((amount - round(((amount * coverage_percent) / (100)::numeric), 2))) STORED,
    status public.payment_status_enum DEFAULT 'pending'::public.payment_status_enum NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    addon_cpt_code text,
    addon_units integer,
    amount_paid numeric(10,2) DEFAULT 0 NOT NULL,
    last_paid_at timestamp with time zone,
    CONSTRAINT financial_records_addon_complete CHECK (((addon_cpt_code IS NULL) = (addon_units IS NULL))),
    CONSTRAINT financial_records_addon_cpt_code_check CHECK ((addon_cpt_code ~ '^[0-9]{4}[0-9A-Z]$'::text)),
    CONSTRAINT financial_records_addon_units_check CHECK ((addon_units > 0)),
    CONSTRAINT financial_records_amount_check CHECK ((amount >= (0)::numeric)),
    CONSTRAINT financial_records_amount_paid_check CHECK ((amount_paid >= (0)::numeric)),
    CONSTRAINT financial_records_check CHECK ((due_date >= service_date)),
    CONSTRAINT financial_records_coverage_percent_check CHECK (((coverage_percent >= (0)::numeric) AND (coverage_percent <= (100)::numeric))),
    CONSTRAINT financial_records_cpt_code_check CHECK ((cpt_code ~ '^[0-9]{4}[0-9A-Z]$'::text)),
    CONSTRAINT financial_records_place_of_service_check CHECK ((place_of_service ~ '^[0-9]{2}$'::text)),
    CONSTRAINT financial_records_units_check CHECK ((units > 0))
);

ALTER TABLE ONLY public.financial_records FORCE ROW LEVEL SECURITY;

-- Name: TABLE financial_records; Type: COMMENT; Schema: public

COMMENT ON TABLE public.financial_records IS 'Charges; coverage split is computed, status paid/pending/overdue derives from payments.';

-- Name: COLUMN financial_records.addon_cpt_code; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.financial_records.addon_cpt_code IS 'Add-on procedure billed with the main code (90840 with 90839); the amount covers both.';

-- Name: COLUMN financial_records.amount_paid; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.financial_records.amount_paid IS 'Sum of the payments on this charge, kept by the payments trigger (never written directly).';

-- Name: COLUMN financial_records.last_paid_at; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.financial_records.last_paid_at IS 'When the latest payment on this charge was made, kept by the payments trigger.';

-- Name: payments; Type: TABLE; Schema: public

CREATE TABLE public.payments (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    financial_record_id uuid NOT NULL,
    amount numeric(10,2) NOT NULL,
    method text DEFAULT 'other'::text NOT NULL,
    reference text,
    paid_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    remittance_id uuid,
    CONSTRAINT payments_amount_check CHECK ((amount > (0)::numeric)),
    CONSTRAINT payments_method_check CHECK ((method = ANY (ARRAY['cash'::text, 'card'::text, 'check'::text, 'insurance'::text, 'transfer'::text, 'other'::text])))
);

ALTER TABLE ONLY public.payments FORCE ROW LEVEL SECURITY;

-- Name: TABLE payments; Type: COMMENT; Schema: public

COMMENT ON TABLE public.payments IS 'Payments against a charge; several may settle one charge.';

-- Name: COLUMN payments.remittance_id; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.payments.remittance_id IS 'The 835 that posted this insurance payment.';

-- Name: refunds; Type: TABLE; Schema: public

CREATE TABLE public.refunds (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    financial_record_id uuid NOT NULL,
    amount numeric(10,2) NOT NULL,
    reason text,
    refunded_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    adjusts_charge boolean DEFAULT false NOT NULL,
    remittance_id uuid,
    CONSTRAINT refunds_amount_check CHECK ((amount > (0)::numeric))
);

ALTER TABLE ONLY public.refunds FORCE ROW LEVEL SECURITY;

-- Name: TABLE refunds; Type: COMMENT; Schema: public

COMMENT ON TABLE public.refunds IS 'Money returned on a charge; the charge''s status becomes refunded.';

-- Name: COLUMN refunds.adjusts_charge; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.refunds.adjusts_charge IS 'A goodwill refund: its amount also comes off what the charge asks, so nothing is owed again; otherwise the money refunded is owed again.';

-- Name: COLUMN refunds.remittance_id; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.refunds.remittance_id IS 'The 835 in which the payer took this money back (a reversal).';

-- Name: remittance_lines; Type: TABLE; Schema: public

CREATE TABLE public.remittance_lines (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    remittance_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    claim_line_id uuid NOT NULL,
    financial_record_id uuid NOT NULL,
    status_code text NOT NULL,
    charge numeric(10,2) NOT NULL,
    paid numeric(10,2) NOT NULL,
    "position" integer NOT NULL
);

ALTER TABLE ONLY public.remittance_lines FORCE ROW LEVEL SECURITY;

-- Name: TABLE remittance_lines; Type: COMMENT; Schema: public

COMMENT ON TABLE public.remittance_lines IS 'How a remittance adjudicated one claim line: charge and paid (negative in a reversal).';

-- Name: financial_record_balances; Type: VIEW; Schema: public

CREATE VIEW public.financial_record_balances WITH (security_invoker='true') AS
 SELECT fr.id,
    fr.patient_id,
    fr.therapist_id,
    fr.appointment_id,
    fr.record_type,
    fr.description,
    fr.cpt_code,
    fr.icd10_codes,
    fr.service_date,
    fr.due_date,
    fr.amount,
    fr.coverage_percent,
    (
        CASE
            WHEN x.adjudicated THEN x.insurer_paid
            ELSE fr.insurance_amount
        END)::numeric(10,2) AS insurance_amount,
    (
        CASE
            WHEN x.adjudicated THEN (((fr.amount - r.adjusted) - w.written_off) - x.insurer_paid)
            ELSE fr.patient_responsibility
        END)::numeric(10,2) AS patient_responsibility,
    ((fr.amount_paid - r.returned))::numeric(10,2) AS amount_paid,
    (
        CASE
            WHEN (fr.status = ANY (ARRAY['cancelled'::public.payment_status_enum, 'refunded'::public.payment_status_enum])) THEN (0)::numeric
            ELSE ((((fr.amount - r.adjusted) - w.written_off) - fr.amount_paid) + r.returned)
        END)::numeric(10,2) AS balance,
        CASE
            WHEN (fr.status = ANY (ARRAY['cancelled'::public.payment_status_enum, 'refunded'::public.payment_status_enum])) THEN fr.status
            WHEN (((((fr.amount - r.adjusted) - w.written_off) - fr.amount_paid) + r.returned) <= (0)::numeric) THEN 'paid'::public.payment_status_enum
            WHEN (fr.due_date < CURRENT_DATE) THEN 'overdue'::public.payment_status_enum
            ELSE 'pending'::public.payment_status_enum
        END AS status,
        CASE
            WHEN ((fr.status <> ALL (ARRAY['cancelled'::public.payment_status_enum, 'refunded'::public.payment_status_enum])) AND (((((fr.amount - r.adjusted) - w.written_off) - fr.amount_paid) + r.returned) > (0)::numeric) AND (fr.due_date < CURRENT_DATE)) THEN (CURRENT_DATE - fr.due_date)
            ELSE 0
        END AS days_overdue,
    fr.last_paid_at,
    (r.returned)::numeric(10,2) AS amount_refunded,
    ((r.adjusted + w.written_off))::numeric(10,2) AS amount_adjusted,
    (
        CASE
            WHEN (fr.status = ANY (ARRAY['cancelled'::public.payment_status_enum, 'refunded'::public.payment_status_enum])) THEN (0)::numeric
            ELSE ((fr.amount - r.adjusted) - w.written_off)
        END)::numeric(10,2) AS amount_owed,
    (w.written_off)::numeric(10,2) AS amount_written_off,
    (x.insurer_paid)::numeric(10,2) AS insurance_paid,
    x.adjudicated
   FROM (((public.financial_records fr
     CROSS JOIN LATERAL ( SELECT COALESCE(sum(y.amount), (0)::numeric) AS returned,
            COALESCE(sum(y.amount) FILTER (WHERE y.adjusts_charge), (0)::numeric) AS adjusted,
            COALESCE(sum(y.amount) FILTER (WHERE (y.remittance_id IS NOT NULL)), (0)::numeric) AS recouped
           FROM public.refunds y
          WHERE (y.financial_record_id = fr.id)) r)
     CROSS JOIN LATERAL ( SELECT COALESCE(sum(a.amount), (0)::numeric) AS written_off
           FROM public.charge_adjustments a
          WHERE ((a.financial_record_id = fr.id) AND a.writes_off)) w)
     CROSS JOIN LATERAL ( SELECT (EXISTS ( SELECT 1
                   FROM public.remittance_lines l
                  WHERE (l.financial_record_id = fr.id))) AS adjudicated,
            (COALESCE(( SELECT sum(p.amount) AS sum
                   FROM public.payments p
                  WHERE ((p.financial_record_id = fr.id) AND (p.method = 'insurance'::text))), (0)::numeric) - r.recouped) AS insurer_paid) x);

-- Name: VIEW financial_record_balances; Type: COMMENT; Schema: public

COMMENT ON VIEW public.financial_record_balances IS 'Each charge with amount paid net of refunds, its adjustments (goodwill refunds and payer write-offs), what it still owes, the insurer''s and patient''s shares (the payer''s once adjudicated), and its status from the balance and due date.';

-- Name: estimate_billing; Type: VIEW; Schema: public

CREATE VIEW public.estimate_billing WITH (security_invoker='true') AS
 SELECT e.id AS estimate_id,
    e.patient_id,
    e.therapist_id,
    e.total AS estimated_total,
    (COALESCE(sum(b.amount_owed), (0)::numeric))::numeric(12,2) AS billed_total,
    ((COALESCE(sum(b.amount_owed), (0)::numeric) - e.total))::numeric(12,2) AS billed_above,
    ((COALESCE(sum(b.amount_owed), (0)::numeric) - e.total) >= (400)::numeric) AS over_estimate
   FROM (public.estimates e
     LEFT JOIN public.financial_record_balances b ON (((b.patient_id = e.patient_id) AND (b.therapist_id = e.therapist_id) AND ((b.service_date >= e.service_from) AND (b.service_date <= e.service_to)) AND (b.status <> ALL (ARRAY['cancelled'::public.payment_status_enum, 'refunded'::public.payment_status_enum])) AND (b.record_type <> ALL (ARRAY['cancellation-fee'::public.financial_record_type_enum, 'late-fee'::public.financial_record_type_enum])) AND (NOT (EXISTS ( SELECT 1
           FROM public.estimates later
          WHERE ((later.patient_id = e.patient_id) AND (later.therapist_id = e.therapist_id) AND ((b.service_date >= later.service_from) AND (b.service_date <= later.service_to)) AND (ROW(later.issued_at, later.id) > ROW(e.issued_at, e.id)))))))))
  GROUP BY e.id, e.patient_id, e.therapist_id, e.total;

-- Name: VIEW estimate_billing; Type: COMMENT; Schema: public

COMMENT ON VIEW public.estimate_billing IS 'Per Good Faith Estimate: the estimated total, what was billed against it, how much above, and whether that is $400 or more (the patient may then dispute the bill).';

-- Name: estimate_lines; Type: TABLE; Schema: public

CREATE TABLE public.estimate_lines (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    estimate_id uuid NOT NULL,
    patient_id uuid NOT NULL,
    line_number integer NOT NULL,
    expected_date date NOT NULL,
    description text NOT NULL,
    cpt_code text NOT NULL,
    addon_cpt_code text,
    addon_units integer,
    icd10_codes text[] DEFAULT '{}'::text[] NOT NULL,
    amount numeric(10,2) NOT NULL,
    CONSTRAINT estimate_lines_addon_cpt_code_check CHECK ((addon_cpt_code ~ '^[0-9]{4}[0-9A-Z]$'::text)),
    CONSTRAINT estimate_lines_addon_units_check CHECK ((addon_units > 0)),
    CONSTRAINT estimate_lines_amount_check CHECK ((amount > (0)::numeric)),
    CONSTRAINT estimate_lines_check CHECK (((addon_cpt_code IS NULL) = (addon_units IS NULL))),
    CONSTRAINT estimate_lines_cpt_code_check CHECK ((cpt_code ~ '^[0-9]{4}[0-9A-Z]$'::text)),
    CONSTRAINT estimate_lines_description_check CHECK ((btrim(description) <> ''::text)),
    CONSTRAINT estimate_lines_line_number_check CHECK (((line_number >= 1) AND (line_number <= 52)))
);

ALTER TABLE ONLY public.estimate_lines FORCE ROW LEVEL SECURITY;

-- Name: TABLE estimate_lines; Type: COMMENT; Schema: public

COMMENT ON TABLE public.estimate_lines IS 'One expected session of a Good Faith Estimate: date, service, CPT and ICD-10 codes, expected charge (covering any add-on code); permanent.';

-- Name: financial_summary; Type: VIEW; Schema: public

CREATE VIEW public.financial_summary AS
SELECT
    NULL::uuid AS patient_id,
    NULL::text AS patient_name,
    NULL::uuid AS therapist_id,
    NULL::text AS insurance_provider,
    NULL::numeric(5,2) AS coverage_percent,
    NULL::bigint AS record_count,
    NULL::numeric(12,2) AS total_billed,
    NULL::numeric(12,2) AS insurance_total,
    NULL::numeric(12,2) AS patient_responsibility_total,
    NULL::numeric(12,2) AS total_paid,
    NULL::numeric(12,2) AS balance,
    NULL::numeric(12,2) AS overdue_balance,
    NULL::timestamp with time zone AS last_payment_at,
    NULL::numeric(12,2) AS total_refunded,
    NULL::numeric(12,2) AS total_adjusted;

-- Name: VIEW financial_summary; Type: COMMENT; Schema: public

COMMENT ON VIEW public.financial_summary IS 'Per patient: billed (after adjustments and write-offs), insurance share, patient share (the payer''s once adjudicated), paid (net of refunds), open and overdue balance, refunded, adjusted.';

-- Name: measure_administrations; Type: TABLE; Schema: public

CREATE TABLE public.measure_administrations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    instrument text NOT NULL,
    answers smallint[] NOT NULL,
    total smallint NOT NULL,
    severity text NOT NULL,
    risk_flag boolean DEFAULT false NOT NULL,
    note text,
    administered_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT measure_administrations_answers_valid CHECK (((array_ndims(answers) = 1) AND
CASE instrument
    WHEN 'phq9'::text THEN ((cardinality(answers) = 9) AND (array_position(answers, NULL::smallint) IS NULL) AND (0 <= ALL (answers)) AND (3 >= ALL (answers)) AND (total = (((((((((0 + answers[1]) + answers[2]) + answers[3]) + answers[4]) + answers[5]) + answers[6]) + answers[7]) + answers[8]) + answers[9])))
    WHEN 'gad7'::text THEN ((cardinality(answers) = 7) AND (array_position(answers, NULL::smallint) IS NULL) AND (0 <= ALL (answers)) AND (3 >= ALL (answers)) AND (total = (((((((0 + answers[1]) + answers[2]) + answers[3]) + answers[4]) + answers[5]) + answers[6]) + answers[7])))
    WHEN 'cssrs'::text THEN ((cardinality(answers) = 6) AND (answers[1] = ANY (ARRAY[0, 1])) AND (answers[2] = ANY (ARRAY[0, 1])) AND (answers[6] = ANY (ARRAY[0, 1, 2])) AND
    CASE
        WHEN (answers[2] = 1) THEN ((answers[3] = ANY (ARRAY[0, 1])) AND (answers[4] = ANY (ARRAY[0, 1])) AND (answers[5] = ANY (ARRAY[0, 1])))
        ELSE ((answers[3] IS NULL) AND (answers[4] IS NULL) AND (answers[5] IS NULL))
    END)
    ELSE NULL::boolean
END)),
    CONSTRAINT measure_administrations_instrument_check CHECK ((instrument = ANY (ARRAY['phq9'::text, 'gad7'::text, 'cssrs'::text]))),
    CONSTRAINT measure_administrations_severity_check CHECK ((severity = ANY (ARRAY['minimal'::text, 'mild'::text, 'moderate'::text, 'moderately severe'::text, 'severe'::text, 'none'::text, 'low'::text, 'high'::text]))),
    CONSTRAINT measure_administrations_total_check CHECK ((total >= 0))
);

ALTER TABLE ONLY public.measure_administrations FORCE ROW LEVEL SECURITY;

-- Name: TABLE measure_administrations; Type: COMMENT; Schema: public

COMMENT ON TABLE public.measure_administrations IS 'PHQ-9, GAD-7 and C-SSRS screener administrations with every item answer, total and band.';

-- Name: COLUMN measure_administrations.answers; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.measure_administrations.answers IS 'Item answers in questionnaire order; C-SSRS 3-5 are null when skipped (question 2 = no).';

-- Name: COLUMN measure_administrations.severity; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.measure_administrations.severity IS 'PHQ-9/GAD-7 severity band, or the C-SSRS risk level (none, low, moderate, high).';

-- Name: mood_entries; Type: TABLE; Schema: public

CREATE TABLE public.mood_entries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    therapist_id uuid,
    session_note_id uuid,
    rating smallint NOT NULL,
    note text,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT mood_entries_rating_check CHECK (((rating >= 1) AND (rating <= 10)))
);

ALTER TABLE ONLY public.mood_entries FORCE ROW LEVEL SECURITY;

-- Name: TABLE mood_entries; Type: COMMENT; Schema: public

COMMENT ON TABLE public.mood_entries IS 'Mood ratings 1-10 between and during sessions.';

-- Name: note_addenda; Type: TABLE; Schema: public

CREATE TABLE public.note_addenda (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    note_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    body text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT note_addenda_body_check CHECK ((btrim(body) <> ''::text))
);

ALTER TABLE ONLY public.note_addenda FORCE ROW LEVEL SECURITY;

-- Name: TABLE note_addenda; Type: COMMENT; Schema: public

COMMENT ON TABLE public.note_addenda IS 'Append-only addenda to session notes: how a signed note is corrected.';

-- Name: note_plan_objectives; Type: TABLE; Schema: public

CREATE TABLE public.note_plan_objectives (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    note_id uuid NOT NULL,
    plan_objective_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.note_plan_objectives FORCE ROW LEVEL SECURITY;

-- Name: TABLE note_plan_objectives; Type: COMMENT; Schema: public

COMMENT ON TABLE public.note_plan_objectives IS 'Which treatment plan objectives a session note worked on.';

-- Name: note_tags; Type: TABLE; Schema: public

CREATE TABLE public.note_tags (
    note_id uuid NOT NULL,
    tag_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.note_tags FORCE ROW LEVEL SECURITY;

-- Name: TABLE note_tags; Type: COMMENT; Schema: public

COMMENT ON TABLE public.note_tags IS 'Which tags a note carries.';

-- Name: patient_merges; Type: TABLE; Schema: public

CREATE TABLE public.patient_merges (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    merged_patient_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    moved jsonb DEFAULT '{}'::jsonb NOT NULL,
    merged_at timestamp with time zone DEFAULT now() NOT NULL,
    merged_xact xid8 DEFAULT pg_current_xact_id() NOT NULL,
    CONSTRAINT patient_merges_check CHECK ((patient_id <> merged_patient_id)),
    CONSTRAINT patient_merges_moved_check CHECK ((jsonb_typeof(moved) = 'object'::text))
);

ALTER TABLE ONLY public.patient_merges FORCE ROW LEVEL SECURITY;

-- Name: TABLE patient_merges; Type: COMMENT; Schema: public

COMMENT ON TABLE public.patient_merges IS 'A duplicate patient record (merged_patient_id) merged into the one kept (patient_id).';

-- Name: COLUMN patient_merges.moved; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.patient_merges.moved IS 'Rows moved per table: {"appointments": 3, ...}.';

-- Name: COLUMN patient_merges.merged_xact; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.patient_merges.merged_xact IS 'The transaction that merged; only it may re-file locked rows (sanctuary_merge_moves).';

-- Name: patient_policies; Type: TABLE; Schema: public

CREATE TABLE public.patient_policies (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    rank text NOT NULL,
    payer_id uuid NOT NULL,
    member_id text,
    group_number text,
    relationship text DEFAULT 'self'::text NOT NULL,
    subscriber_first_name text,
    subscriber_last_name text,
    subscriber_date_of_birth date,
    subscriber_sex text,
    ended_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT patient_policies_group_number_check CHECK ((btrim(group_number) <> ''::text)),
    CONSTRAINT patient_policies_member_id_check CHECK ((btrim(member_id) <> ''::text)),
    CONSTRAINT patient_policies_primary_ids_on_patient CHECK (((rank = 'secondary'::text) OR ((member_id IS NULL) AND (group_number IS NULL)))),
    CONSTRAINT patient_policies_rank_check CHECK ((rank = ANY (ARRAY['primary'::text, 'secondary'::text]))),
    CONSTRAINT patient_policies_relationship_check CHECK ((relationship = ANY (ARRAY['self'::text, 'spouse'::text, 'child'::text, 'other'::text]))),
    CONSTRAINT patient_policies_subscriber_sex_check CHECK ((subscriber_sex = ANY (ARRAY['F'::text, 'M'::text, 'U'::text])))
);

ALTER TABLE ONLY public.patient_policies FORCE ROW LEVEL SECURITY;

-- Name: TABLE patient_policies; Type: COMMENT; Schema: public

COMMENT ON TABLE public.patient_policies IS 'A patient''s insurance policies, primary and secondary (one live each); ended_at set when a policy is removed, so claims made under it keep their history.';

-- Name: COLUMN patient_policies.relationship; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.patient_policies.relationship IS 'The patient''s relationship to the subscriber (the insured): self, spouse, child, other.';

-- Name: risk_resolutions; Type: TABLE; Schema: public

CREATE TABLE public.risk_resolutions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    reason text NOT NULL,
    resolved_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT risk_resolutions_reason_check CHECK (((btrim(reason) <> ''::text) AND (length(reason) <= 2000)))
);

ALTER TABLE ONLY public.risk_resolutions FORCE ROW LEVEL SECURITY;

-- Name: TABLE risk_resolutions; Type: COMMENT; Schema: public

COMMENT ON TABLE public.risk_resolutions IS 'A clinician closing a patient''s risk flag, with the reason; permanent.';

-- Name: session_notes; Type: TABLE; Schema: public

CREATE TABLE public.session_notes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    appointment_id uuid,
    patient_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    template text DEFAULT 'soap'::text NOT NULL,
    content jsonb DEFAULT '{}'::jsonb NOT NULL,
    mood_rating smallint,
    suicidal_ideation text DEFAULT 'none'::text NOT NULL,
    self_harm text DEFAULT 'none'::text NOT NULL,
    homicidal_ideation text DEFAULT 'none'::text NOT NULL,
    protective_factors text[] DEFAULT '{}'::text[] NOT NULL,
    protective_factors_note text,
    risk_level text DEFAULT 'low'::text NOT NULL,
    safety_plan text,
    crisis_indicators text[] DEFAULT '{}'::text[] NOT NULL,
    is_private boolean DEFAULT false NOT NULL,
    signed_at timestamp with time zone,
    signed_by uuid,
    session_date date DEFAULT CURRENT_DATE NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    search_vector tsvector GENERATED ALWAYS AS (jsonb_to_tsvector('english'::regconfig, content, '["string"]'::jsonb)) STORED,
    risk_assessment_complete boolean DEFAULT false NOT NULL,
    contact_kind text,
    contact_minutes smallint,
    CONSTRAINT session_notes_check CHECK (((signed_at IS NULL) = (signed_by IS NULL))),
    CONSTRAINT session_notes_contact_kind_check CHECK ((contact_kind = ANY (ARRAY['phone'::text, 'email'::text, 'message'::text, 'other'::text]))),
    CONSTRAINT session_notes_contact_minutes_check CHECK (((contact_minutes >= 1) AND (contact_minutes <= 600))),
    CONSTRAINT session_notes_contact_shape CHECK ((((template = 'contact'::text) = (contact_kind IS NOT NULL)) AND ((contact_minutes IS NULL) OR (template = 'contact'::text)) AND ((template <> 'contact'::text) OR ((signed_at IS NOT NULL) AND (NOT is_private) AND (appointment_id IS NULL) AND (mood_rating IS NULL) AND (NOT risk_assessment_complete) AND (risk_level = 'low'::text) AND (suicidal_ideation = 'none'::text) AND (self_harm = 'none'::text) AND (homicidal_ideation = 'none'::text) AND (safety_plan IS NULL) AND (protective_factors_note IS NULL) AND (protective_factors = '{}'::text[]) AND (crisis_indicators = '{}'::text[]) AND ((content - 'text'::text) = '{}'::jsonb) AND (jsonb_typeof((content -> 'text'::text)) = 'string'::text) AND (btrim((content ->> 'text'::text)) <> ''::text))))),
    CONSTRAINT session_notes_content_check CHECK ((jsonb_typeof(content) = 'object'::text)),
    CONSTRAINT session_notes_homicidal_ideation_check CHECK ((homicidal_ideation = ANY (ARRAY['none'::text, 'passive'::text, 'active'::text]))),
    CONSTRAINT session_notes_mood_rating_check CHECK (((mood_rating >= 1) AND (mood_rating <= 10))),
    CONSTRAINT session_notes_private_separate CHECK (((NOT is_private) OR ((mood_rating IS NULL) AND (risk_level = 'low'::text) AND (suicidal_ideation = 'none'::text) AND (self_harm = 'none'::text) AND (homicidal_ideation = 'none'::text)))),
    CONSTRAINT session_notes_risk_level_check CHECK ((risk_level = ANY (ARRAY['low'::text, 'moderate'::text, 'high'::text, 'imminent'::text]))),
    CONSTRAINT session_notes_safety_plan_required CHECK (((risk_level = 'low'::text) OR (NULLIF(btrim(safety_plan), ''::text) IS NOT NULL))),
    CONSTRAINT session_notes_self_harm_check CHECK ((self_harm = ANY (ARRAY['none'::text, 'past'::text, 'current'::text]))),
    CONSTRAINT session_notes_suicidal_ideation_check CHECK ((suicidal_ideation = ANY (ARRAY['none'::text, 'passive'::text, 'active without plan'::text, 'active with plan'::text, 'active with intent'::text]))),
    CONSTRAINT session_notes_template_check CHECK ((template = ANY (ARRAY['soap'::text, 'dap'::text, 'birp'::text, 'free'::text, 'contact'::text])))
);

ALTER TABLE ONLY public.session_notes FORCE ROW LEVEL SECURITY;

-- Name: TABLE session_notes; Type: COMMENT; Schema: public

COMMENT ON TABLE public.session_notes IS 'Clinical notes with a structured risk assessment; private ones are psychotherapy notes.';

-- Name: COLUMN session_notes.search_vector; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.session_notes.search_vector IS 'English text-search vector of the string values of content (notes search); derived.';

-- Name: COLUMN session_notes.risk_assessment_complete; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.session_notes.risk_assessment_complete IS 'The structured risk assessment was asked in full (suicidal ideation, self-harm, homicidal ideation each answered), so a clean one can close a risk flag.';

-- Name: COLUMN session_notes.contact_kind; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.session_notes.contact_kind IS 'A contact note''s channel (phone, email, message, other); null for every other note.';

-- Name: COLUMN session_notes.contact_minutes; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.session_notes.contact_minutes IS 'How long a contact took, in minutes, when recorded; contact notes only.';

-- Name: patient_risk_status; Type: VIEW; Schema: public

CREATE VIEW public.patient_risk_status WITH (security_invoker='true') AS
 SELECT p.id AS patient_id,
    p.therapist_id,
    n.risk_level AS last_note_risk_level,
    n.created_at AS last_note_at,
    (EXISTS ( SELECT 1
           FROM public.session_notes s
          WHERE ((s.patient_id = p.id) AND (NOT s.is_private) AND (NULLIF(btrim(s.safety_plan), ''::text) IS NOT NULL)))) AS safety_plan_on_file,
    COALESCE((phq.answers[9] > 0), false) AS phq9_item9_positive,
    (phq.total)::integer AS latest_phq9_total,
    phq.severity AS latest_phq9_severity,
    (gad.total)::integer AS latest_gad7_total,
    gad.severity AS latest_gad7_severity,
    cs.severity AS cssrs_risk,
    GREATEST(phq.administered_at, gad.administered_at, cs.administered_at) AS last_measured_at,
    ((raised.at IS NOT NULL) AND ((cleared.at IS NULL) OR (raised.at > cleared.at))) AS elevated,
    raised.at AS elevated_since,
    raised.reason AS elevated_by,
    cleared.at AS risk_cleared_at
   FROM ((((((public.patients p
     LEFT JOIN LATERAL ( SELECT s.risk_level,
            s.created_at
           FROM public.session_notes s
          WHERE ((s.patient_id = p.id) AND (NOT s.is_private) AND (s.template <> 'contact'::text))
          ORDER BY s.session_date DESC, s.created_at DESC
         LIMIT 1) n ON (true))
     LEFT JOIN LATERAL ( SELECT m.answers,
            m.total,
            m.severity,
            m.administered_at
           FROM public.measure_administrations m
          WHERE ((m.patient_id = p.id) AND (m.instrument = 'phq9'::text))
          ORDER BY m.administered_at DESC
         LIMIT 1) phq ON (true))
     LEFT JOIN LATERAL ( SELECT m.total,
            m.severity,
            m.administered_at
           FROM public.measure_administrations m
          WHERE ((m.patient_id = p.id) AND (m.instrument = 'gad7'::text))
          ORDER BY m.administered_at DESC
         LIMIT 1) gad ON (true))
     LEFT JOIN LATERAL ( SELECT m.severity,
            m.administered_at
           FROM public.measure_administrations m
          WHERE ((m.patient_id = p.id) AND (m.instrument = 'cssrs'::text))
          ORDER BY m.administered_at DESC
         LIMIT 1) cs ON (true))
     LEFT JOIN LATERAL ( SELECT e.at,
            e.reason
           FROM ( SELECT s.created_at AS at,
                    concat_ws(', '::text,
                        CASE
                            WHEN (s.risk_level <> 'low'::text) THEN ('risk '::text || s.risk_level)
                            ELSE NULL::text
                        END,
                        CASE
                            WHEN (s.suicidal_ideation <> 'none'::text) THEN (s.suicidal_ideation || ' suicidal ideation'::text)
                            ELSE NULL::text
                        END,
                        CASE
                            WHEN (s.homicidal_ideation <> 'none'::text) THEN (s.homicidal_ideation || ' homicidal ideation'::text)
                            ELSE NULL::text
                        END,
                        CASE
                            WHEN (s.self_harm = 'current'::text) THEN 'current self-harm'::text
                            ELSE NULL::text
                        END) AS reason
                   FROM public.session_notes s
                  WHERE ((s.patient_id = p.id) AND (NOT s.is_private) AND ((s.risk_level <> 'low'::text) OR (s.suicidal_ideation <> 'none'::text) OR (s.homicidal_ideation <> 'none'::text) OR (s.self_harm = 'current'::text)))
                UNION ALL
                 SELECT m.administered_at,
                        CASE
                            WHEN (m.instrument = 'phq9'::text) THEN ('PHQ-9 item 9 = '::text || m.answers[9])
                            ELSE ('C-SSRS screen '::text || m.severity)
                        END AS "case"
                   FROM public.measure_administrations m
                  WHERE ((m.patient_id = p.id) AND (((m.instrument = 'phq9'::text) AND (m.answers[9] > 0)) OR ((m.instrument = 'cssrs'::text) AND (m.severity <> 'none'::text))))) e
          ORDER BY e.at DESC
         LIMIT 1) raised ON (true))
     LEFT JOIN LATERAL ( SELECT max(c.at) AS at
           FROM ( SELECT s.created_at AS at
                   FROM public.session_notes s
                  WHERE ((s.patient_id = p.id) AND (NOT s.is_private) AND s.risk_assessment_complete AND (s.risk_level = 'low'::text) AND (s.suicidal_ideation = 'none'::text) AND (s.homicidal_ideation = 'none'::text) AND (s.self_harm <> 'current'::text))
                UNION ALL
                 SELECT r.resolved_at
                   FROM public.risk_resolutions r
                  WHERE (r.patient_id = p.id)) c) cleared ON (true));

-- Name: VIEW patient_risk_status; Type: COMMENT; Schema: public

COMMENT ON VIEW public.patient_risk_status IS 'Per patient: latest non-private note risk, safety plan on file, latest PHQ-9/GAD-7 scores and bands, PHQ-9 item 9 flag, C-SSRS risk; elevated from the latest concerning note or screen until a later complete clean assessment or a recorded resolution.';

-- Name: payers; Type: TABLE; Schema: public

CREATE TABLE public.payers (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    payer_id text NOT NULL,
    filing_code text DEFAULT 'CI'::text NOT NULL,
    telehealth_modifier text DEFAULT '95'::text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payers_filing_code_check CHECK ((filing_code = ANY (ARRAY['11'::text, '12'::text, '13'::text, '14'::text, '15'::text, '16'::text, '17'::text, 'AM'::text, 'BL'::text, 'CH'::text, 'CI'::text, 'DS'::text, 'FI'::text, 'HM'::text, 'LM'::text, 'MA'::text, 'MB'::text, 'MC'::text, 'OF'::text, 'TV'::text, 'VA'::text, 'WC'::text, 'ZZ'::text]))),
    CONSTRAINT payers_name_check CHECK (((btrim(name) <> ''::text) AND (lower(btrim(name)) <> 'none'::text))),
    CONSTRAINT payers_payer_id_check CHECK ((payer_id ~ '^[^*:^~]{2,80}$'::text)),
    CONSTRAINT payers_telehealth_modifier_check CHECK ((telehealth_modifier = ANY (ARRAY['95'::text, 'GT'::text])))
);

-- Name: TABLE payers; Type: COMMENT; Schema: public

COMMENT ON TABLE public.payers IS 'Insurers the practice bills: the payer id the clearinghouse routes by, the claim filing indicator, and the telehealth modifier the payer wants (null: place of service alone).';

-- Name: plan_objectives; Type: TABLE; Schema: public

CREATE TABLE public.plan_objectives (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    plan_id uuid NOT NULL,
    patient_id uuid NOT NULL,
    "position" smallint NOT NULL,
    description text NOT NULL,
    target_date date NOT NULL,
    measure text,
    measure_op text,
    measure_value smallint,
    carried_from uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT plan_objectives_check CHECK ((((measure IS NULL) = (measure_op IS NULL)) AND ((measure IS NULL) = (measure_value IS NULL)))),
    CONSTRAINT plan_objectives_check1 CHECK (((measure IS NULL) OR ((measure_value >=
CASE measure_op
    WHEN '<'::text THEN 1
    ELSE 0
END) AND (measure_value <= (
CASE measure
    WHEN 'phq9'::text THEN 27
    ELSE 21
END -
CASE measure_op
    WHEN '<'::text THEN 0
    ELSE 1
END))))),
    CONSTRAINT plan_objectives_description_check CHECK (((btrim(description) <> ''::text) AND (length(description) <= 500))),
    CONSTRAINT plan_objectives_measure_check CHECK ((measure = ANY (ARRAY['phq9'::text, 'gad7'::text]))),
    CONSTRAINT plan_objectives_measure_op_check CHECK ((measure_op = ANY (ARRAY['<'::text, '<='::text]))),
    CONSTRAINT plan_objectives_position_check CHECK ((("position" >= 1) AND ("position" <= 50)))
);

ALTER TABLE ONLY public.plan_objectives FORCE ROW LEVEL SECURITY;

-- Name: TABLE plan_objectives; Type: COMMENT; Schema: public

COMMENT ON TABLE public.plan_objectives IS 'Measurable objectives of a plan version: target date and optional measure target.';

-- Name: COLUMN plan_objectives.carried_from; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.plan_objectives.carried_from IS 'The same objective in the version this one was reviewed from.';

-- Name: practice; Type: TABLE; Schema: public

CREATE TABLE public.practice (
    id boolean DEFAULT true NOT NULL,
    default_therapist_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    name text,
    tax_id text,
    tax_id_type text,
    address text,
    city text,
    state text,
    zip text,
    phone text,
    npi text,
    taxonomy text,
    submitter_id text,
    submitter_name text,
    submitter_contact text,
    receiver_id text,
    receiver_name text,
    CONSTRAINT practice_address_check CHECK ((btrim(address) <> ''::text)),
    CONSTRAINT practice_city_check CHECK ((btrim(city) <> ''::text)),
    CONSTRAINT practice_id_check CHECK (id),
    CONSTRAINT practice_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT practice_npi_check CHECK ((npi ~ '^[0-9]{10}$'::text)),
    CONSTRAINT practice_phone_check CHECK ((phone ~ '^[0-9]{10}$'::text)),
    CONSTRAINT practice_receiver_id_check CHECK ((receiver_id ~ '^[^*:^~]{1,15}$'::text)),
    CONSTRAINT practice_receiver_name_check CHECK ((btrim(receiver_name) <> ''::text)),
    CONSTRAINT practice_state_check CHECK ((state ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT practice_submitter_contact_check CHECK ((btrim(submitter_contact) <> ''::text)),
    CONSTRAINT practice_submitter_id_check CHECK ((submitter_id ~ '^[^*:^~]{1,15}$'::text)),
    CONSTRAINT practice_submitter_name_check CHECK ((btrim(submitter_name) <> ''::text)),
    CONSTRAINT practice_tax_id_check CHECK ((tax_id ~ '^[0-9]{9}$'::text)),
    CONSTRAINT practice_tax_id_type_check CHECK ((tax_id_type = ANY (ARRAY['EIN'::text, 'SSN'::text]))),
    CONSTRAINT practice_taxonomy_check CHECK ((taxonomy ~ '^[0-9]{3}[0-9A-Z]{6}X$'::text)),
    CONSTRAINT practice_zip_check CHECK ((zip ~ '^[0-9]{5}([0-9]{4})?$'::text))
);

-- Name: TABLE practice; Type: COMMENT; Schema: public

COMMENT ON TABLE public.practice IS 'The practice (one row): the default clinician the CLI acts for when none is chosen.';

-- Name: COLUMN practice.default_therapist_id; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.practice.default_therapist_id IS 'Acted for when neither --therapist nor SANCTUARY_THERAPIST names a clinician (therapists default); the first therapist becomes it when a second is added.';

-- Name: COLUMN practice.name; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.practice.name IS 'Billing provider name on claims (2010AA) when npi is set.';

-- Name: COLUMN practice.tax_id; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.practice.tax_id IS 'EIN or SSN of the billing provider, nine digits.';

-- Name: COLUMN practice.zip; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.practice.zip IS 'Claims need the nine-digit ZIP of a street address.';

-- Name: COLUMN practice.npi; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.practice.npi IS 'The practice''s own (type 2) NPI: it is then the billing provider and each clinician the rendering one; without it each clinician bills in their own name.';

-- Name: COLUMN practice.submitter_id; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.practice.submitter_id IS 'Who sends claim files, as the clearinghouse knows the practice (ISA06, GS02, 1000A).';

-- Name: COLUMN practice.receiver_id; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.practice.receiver_id IS 'The clearinghouse''s id (ISA08, GS03, 1000B).';

-- Name: progress_areas; Type: TABLE; Schema: public

CREATE TABLE public.progress_areas (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    description text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT progress_areas_name_check CHECK ((btrim(name) <> ''::text))
);

-- Name: TABLE progress_areas; Type: COMMENT; Schema: public

COMMENT ON TABLE public.progress_areas IS 'Treatment areas progress is rated on.';

-- Name: progress_entries; Type: TABLE; Schema: public

CREATE TABLE public.progress_entries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    therapist_id uuid,
    progress_area_id uuid NOT NULL,
    rating smallint NOT NULL,
    notes text,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    plan_objective_id uuid,
    CONSTRAINT progress_entries_rating_check CHECK (((rating >= 1) AND (rating <= 10)))
);

ALTER TABLE ONLY public.progress_entries FORCE ROW LEVEL SECURITY;

-- Name: TABLE progress_entries; Type: COMMENT; Schema: public

COMMENT ON TABLE public.progress_entries IS 'Ratings 1-10 of progress on a treatment area.';

-- Name: COLUMN progress_entries.plan_objective_id; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.progress_entries.plan_objective_id IS 'The treatment plan objective this rating rates, if any (a signed plan of the patient).';

-- Name: reminders; Type: TABLE; Schema: public

CREATE TABLE public.reminders (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    appointment_id uuid NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    channel text DEFAULT 'email'::text NOT NULL,
    patient_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    recipient text NOT NULL,
    status text DEFAULT 'queued'::text NOT NULL,
    claimed_by uuid NOT NULL,
    claimed_at timestamp with time zone DEFAULT now() NOT NULL,
    sending_at timestamp with time zone,
    sent_at timestamp with time zone,
    message_id text,
    reply_code smallint,
    retryable boolean DEFAULT false NOT NULL,
    reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT reminders_channel_check CHECK ((channel = 'email'::text)),
    CONSTRAINT reminders_handed_over_when CHECK (((status <> ALL (ARRAY['sending'::text, 'sent'::text, 'unknown'::text])) OR (sending_at IS NOT NULL))),
    CONSTRAINT reminders_recipient_check CHECK ((btrim(recipient) <> ''::text)),
    CONSTRAINT reminders_retry_when CHECK (((NOT retryable) OR (status = ANY (ARRAY['refused'::text, 'failed'::text, 'dropped'::text])))),
    CONSTRAINT reminders_sent_when CHECK (((status = 'sent'::text) = (sent_at IS NOT NULL))),
    CONSTRAINT reminders_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'sending'::text, 'sent'::text, 'refused'::text, 'failed'::text, 'dropped'::text, 'unknown'::text])))
);

ALTER TABLE ONLY public.reminders FORCE ROW LEVEL SECURITY;

-- Name: TABLE reminders; Type: COMMENT; Schema: public

COMMENT ON TABLE public.reminders IS 'Appointment reminders: one per appointment, start announced and channel, with its state (queued, sending, sent, refused, failed, dropped, unknown); never removed.';

-- Name: COLUMN reminders.starts_at; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.reminders.starts_at IS 'The start the reminder announces (the key''s time).';

-- Name: COLUMN reminders.recipient; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.reminders.recipient IS 'The address the reminder was (to be) sent to.';

-- Name: COLUMN reminders.claimed_by; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.reminders.claimed_by IS 'The run of `reminders send` that claimed it.';

-- Name: COLUMN reminders.sending_at; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.reminders.sending_at IS 'When it was handed to the mail server.';

-- Name: COLUMN reminders.retryable; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.reminders.retryable IS 'A later run may send it: not sent (failed, dropped) or refused for now (4xx).';

-- Name: COLUMN reminders.reason; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.reminders.reason IS 'Why it was refused, failed, dropped or is unknown.';

-- Name: remittances; Type: TABLE; Schema: public

CREATE TABLE public.remittances (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    payer_identifier text NOT NULL,
    trace_number text NOT NULL,
    payer_name text DEFAULT ''::text NOT NULL,
    payment_date date,
    payment_method text DEFAULT ''::text NOT NULL,
    total_paid numeric(12,2) NOT NULL,
    provider_adjustments numeric(12,2) DEFAULT 0 NOT NULL,
    file_name text NOT NULL,
    therapist_id uuid,
    imported_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.remittances FORCE ROW LEVEL SECURITY;

-- Name: TABLE remittances; Type: COMMENT; Schema: public

COMMENT ON TABLE public.remittances IS 'Each 835 payment posted, by its key: the payer''s id (TRN03) and check/EFT number (TRN02). The same key again is the same file imported again, and posts nothing.';

-- Name: COLUMN remittances.provider_adjustments; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.remittances.provider_adjustments IS 'PLB total (interest, recoveries): in the payment''s total, not on any charge.';

-- Name: schema_migrations; Type: TABLE; Schema: public

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

-- Name: session_types; Type: TABLE; Schema: public

CREATE TABLE public.session_types (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    category public.session_type_enum NOT NULL,
    default_duration_minutes integer NOT NULL,
    default_fee numeric(10,2) NOT NULL,
    description text,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT session_types_default_duration_minutes_check CHECK ((default_duration_minutes > 0)),
    CONSTRAINT session_types_default_fee_check CHECK ((default_fee >= (0)::numeric)),
    CONSTRAINT session_types_name_check CHECK ((btrim(name) <> ''::text))
);

-- Name: TABLE session_types; Type: COMMENT; Schema: public

COMMENT ON TABLE public.session_types IS 'Kinds of session with default length and fee.';

-- Name: shared_session_notes; Type: VIEW; Schema: public

CREATE VIEW public.shared_session_notes WITH (security_invoker='true') AS
 SELECT id,
    appointment_id,
    patient_id,
    therapist_id,
    template,
    content,
    mood_rating,
    suicidal_ideation,
    self_harm,
    homicidal_ideation,
    protective_factors,
    protective_factors_note,
    risk_level,
    safety_plan,
    crisis_indicators,
    is_private,
    signed_at,
    signed_by,
    session_date,
    created_at,
    updated_at
   FROM public.session_notes n
  WHERE (NOT is_private);

-- Name: VIEW shared_session_notes; Type: COMMENT; Schema: public

COMMENT ON VIEW public.shared_session_notes IS 'Session notes other than private psychotherapy notes: what reports and exports may read.';

-- Name: tags; Type: TABLE; Schema: public

CREATE TABLE public.tags (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    category text,
    usage_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tags_name_check CHECK (((name = lower(btrim(name))) AND (name <> ''::text))),
    CONSTRAINT tags_usage_count_check CHECK ((usage_count >= 0))
);

ALTER TABLE ONLY public.tags FORCE ROW LEVEL SECURITY;

-- Name: TABLE tags; Type: COMMENT; Schema: public

COMMENT ON TABLE public.tags IS 'Labels for notes; usage_count is kept by a trigger on note_tags.';

-- Name: tag_usage; Type: VIEW; Schema: public

CREATE VIEW public.tag_usage WITH (security_invoker='true') AS
 SELECT t.id,
    t.name,
    t.category,
    (count(nt.note_id))::integer AS usage_count
   FROM (public.tags t
     LEFT JOIN public.note_tags nt ON ((nt.tag_id = t.id)))
  GROUP BY t.id, t.name, t.category;

-- Name: VIEW tag_usage; Type: COMMENT; Schema: public

COMMENT ON VIEW public.tag_usage IS 'Tags with how many notes the querying role may read carry each (tags.usage_count is the practice-wide count, for the owner only).';

-- Name: therapists; Type: TABLE; Schema: public

CREATE TABLE public.therapists (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    title text DEFAULT ''::text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    email text NOT NULL,
    phone text,
    credentials text DEFAULT ''::text NOT NULL,
    license_number text,
    license_state text,
    license_expiry date,
    npi text,
    tax_id text,
    practice_name text,
    practice_address text,
    specializations text[] DEFAULT '{}'::text[] NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    db_role name,
    taxonomy text,
    CONSTRAINT therapists_email_check CHECK ((email ~ '^[^@\s]+@[^@\s]+$'::text)),
    CONSTRAINT therapists_first_name_check CHECK ((btrim(first_name) <> ''::text)),
    CONSTRAINT therapists_last_name_check CHECK ((btrim(last_name) <> ''::text)),
    CONSTRAINT therapists_license_state_check CHECK ((license_state ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT therapists_npi_check CHECK ((npi ~ '^[0-9]{10}$'::text)),
    CONSTRAINT therapists_taxonomy_check CHECK ((taxonomy ~ '^[0-9]{3}[0-9A-Z]{6}X$'::text))
);

-- Name: TABLE therapists; Type: COMMENT; Schema: public

COMMENT ON TABLE public.therapists IS 'Clinicians of the practice, with license and NPI for billing.';

-- Name: COLUMN therapists.db_role; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.therapists.db_role IS 'Login role of this clinician (therapists add --login); row-level security keys on it.';

-- Name: COLUMN therapists.taxonomy; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.therapists.taxonomy IS 'NUCC provider taxonomy code (e.g. 103T00000X psychologist), sent on claims.';

-- Name: treatment_plans; Type: TABLE; Schema: public

CREATE TABLE public.treatment_plans (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    patient_id uuid NOT NULL,
    therapist_id uuid NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    previous_id uuid,
    problems jsonb NOT NULL,
    goals text[] NOT NULL,
    interventions jsonb NOT NULL,
    review_date date,
    signed_at timestamp with time zone,
    signed_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT treatment_plans_check CHECK (((signed_at IS NULL) = (signed_by IS NULL))),
    CONSTRAINT treatment_plans_check1 CHECK (((signed_at IS NULL) OR (review_date IS NOT NULL))),
    CONSTRAINT treatment_plans_goals_check CHECK ((((cardinality(goals) >= 1) AND (cardinality(goals) <= 50)) AND (array_position(goals, NULL::text) IS NULL) AND (NOT (''::text = ANY (goals))))),
    CONSTRAINT treatment_plans_interventions_check CHECK (public.sanctuary_plan_interventions_valid(interventions)),
    CONSTRAINT treatment_plans_problems_check CHECK (public.sanctuary_plan_problems_valid(problems)),
    CONSTRAINT treatment_plans_version_check CHECK (((version >= 1) AND (version <= 10000)))
);

ALTER TABLE ONLY public.treatment_plans FORCE ROW LEVEL SECURITY;

-- Name: TABLE treatment_plans; Type: COMMENT; Schema: public

COMMENT ON TABLE public.treatment_plans IS 'Treatment plan versions: problems (ICD-10), goals, interventions; locked once signed.';

-- Name: COLUMN treatment_plans.version; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.treatment_plans.version IS 'Numbered by the database: 1, then one more than the version it was reviewed from.';

-- Name: COLUMN treatment_plans.review_date; Type: COMMENT; Schema: public

COMMENT ON COLUMN public.treatment_plans.review_date IS 'When the plan is next reviewed; set at signing (90 days on unless another was asked).';

-- Name: upcoming_appointments; Type: VIEW; Schema: public

CREATE VIEW public.upcoming_appointments WITH (security_invoker='true') AS
 SELECT a.id AS appointment_id,
    a.therapist_id,
    concat_ws(' '::text, NULLIF(t.title, ''::text), t.first_name, t.last_name) AS therapist_name,
    a.patient_id,
    p.full_name AS patient_name,
    a.starts_at,
    a.ends_at,
    a.duration_minutes,
    st.name AS session_type,
    a.appointment_type,
    COALESCE(a.video_link, a.location) AS location,
    a.fee,
    a.series_id
   FROM (((public.appointments a
     JOIN public.patients p ON ((p.id = a.patient_id)))
     JOIN public.therapists t ON ((t.id = a.therapist_id)))
     LEFT JOIN public.session_types st ON ((st.id = a.session_type_id)))
  WHERE ((a.status = 'scheduled'::public.appointment_status_enum) AND (a.starts_at >= now()));

-- Name: VIEW upcoming_appointments; Type: COMMENT; Schema: public

COMMENT ON VIEW public.upcoming_appointments IS 'Scheduled appointments from now on, with patient, therapist and session type names.';

-- Name: x12_group_seq; Type: SEQUENCE; Schema: public

CREATE SEQUENCE public.x12_group_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    MAXVALUE 999999999
    CACHE 1;

-- Name: x12_interchange_seq; Type: SEQUENCE; Schema: public

CREATE SEQUENCE public.x12_interchange_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    MAXVALUE 999999999
    CACHE 1;

-- Name: SEQUENCE x12_interchange_seq; Type: COMMENT; Schema: public

COMMENT ON SEQUENCE public.x12_interchange_seq IS 'ISA13 of each 837P file written: unique, increasing.';

-- Name: x12_transaction_set_seq; Type: SEQUENCE; Schema: public

CREATE SEQUENCE public.x12_transaction_set_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    MAXVALUE 999999999
    CACHE 1;

-- Name: SEQUENCE x12_transaction_set_seq; Type: COMMENT; Schema: public

COMMENT ON SEQUENCE public.x12_transaction_set_seq IS 'ST02: one transaction set per claim.';

-- Name: acknowledgements acknowledgements_kind_sender_id_interchange_control_number_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.acknowledgements
    ADD CONSTRAINT acknowledgements_kind_sender_id_interchange_control_number_key UNIQUE (kind, sender_id, interchange_control_number);

-- Name: acknowledgements acknowledgements_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.acknowledgements
    ADD CONSTRAINT acknowledgements_pkey PRIMARY KEY (id);

-- Name: appointments appointments_no_double_booking; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.appointments
    ADD CONSTRAINT appointments_no_double_booking EXCLUDE USING gist (therapist_id WITH =, tstzrange(starts_at, ends_at, '[)'::text) WITH &&) WHERE ((status <> 'cancelled'::public.appointment_status_enum));

-- Name: appointments appointments_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.appointments
    ADD CONSTRAINT appointments_pkey PRIMARY KEY (id);

-- Name: audit_chain_head audit_chain_head_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.audit_chain_head
    ADD CONSTRAINT audit_chain_head_pkey PRIMARY KEY (singleton);

-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (seq);

-- Name: billing_settings billing_settings_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.billing_settings
    ADD CONSTRAINT billing_settings_pkey PRIMARY KEY (id);

-- Name: charge_adjustments charge_adjustments_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.charge_adjustments
    ADD CONSTRAINT charge_adjustments_pkey PRIMARY KEY (id);

-- Name: claim_batches claim_batches_group_control_number_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claim_batches
    ADD CONSTRAINT claim_batches_group_control_number_key UNIQUE (group_control_number);

-- Name: claim_batches claim_batches_interchange_control_number_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claim_batches
    ADD CONSTRAINT claim_batches_interchange_control_number_key UNIQUE (interchange_control_number);

-- Name: claim_batches claim_batches_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claim_batches
    ADD CONSTRAINT claim_batches_pkey PRIMARY KEY (id);

-- Name: claim_events claim_events_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claim_events
    ADD CONSTRAINT claim_events_pkey PRIMARY KEY (id);

-- Name: claim_lines claim_lines_claim_id_line_number_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claim_lines
    ADD CONSTRAINT claim_lines_claim_id_line_number_key UNIQUE (claim_id, line_number);

-- Name: claim_lines claim_lines_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claim_lines
    ADD CONSTRAINT claim_lines_pkey PRIMARY KEY (id);

-- Name: claims claims_control_number_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_control_number_key UNIQUE (control_number);

-- Name: claims claims_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_pkey PRIMARY KEY (id);

-- Name: estimate_lines estimate_lines_estimate_id_line_number_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.estimate_lines
    ADD CONSTRAINT estimate_lines_estimate_id_line_number_key UNIQUE (estimate_id, line_number);

-- Name: estimate_lines estimate_lines_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.estimate_lines
    ADD CONSTRAINT estimate_lines_pkey PRIMARY KEY (id);

-- Name: estimates estimates_id_patient_id_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.estimates
    ADD CONSTRAINT estimates_id_patient_id_key UNIQUE (id, patient_id);

-- Name: estimates estimates_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.estimates
    ADD CONSTRAINT estimates_pkey PRIMARY KEY (id);

-- Name: financial_records financial_records_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.financial_records
    ADD CONSTRAINT financial_records_pkey PRIMARY KEY (id);

-- Name: measure_administrations measure_administrations_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.measure_administrations
    ADD CONSTRAINT measure_administrations_pkey PRIMARY KEY (id);

-- Name: mood_entries mood_entries_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.mood_entries
    ADD CONSTRAINT mood_entries_pkey PRIMARY KEY (id);

-- Name: note_addenda note_addenda_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.note_addenda
    ADD CONSTRAINT note_addenda_pkey PRIMARY KEY (id);

-- Name: note_plan_objectives note_plan_objectives_note_id_plan_objective_id_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.note_plan_objectives
    ADD CONSTRAINT note_plan_objectives_note_id_plan_objective_id_key UNIQUE (note_id, plan_objective_id);

-- Name: note_plan_objectives note_plan_objectives_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.note_plan_objectives
    ADD CONSTRAINT note_plan_objectives_pkey PRIMARY KEY (id);

-- Name: note_tags note_tags_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.note_tags
    ADD CONSTRAINT note_tags_pkey PRIMARY KEY (note_id, tag_id);

-- Name: patient_merges patient_merges_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.patient_merges
    ADD CONSTRAINT patient_merges_pkey PRIMARY KEY (id);

-- Name: patient_policies patient_policies_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.patient_policies
    ADD CONSTRAINT patient_policies_pkey PRIMARY KEY (id);

-- Name: patients patients_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_pkey PRIMARY KEY (id);

-- Name: payers payers_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.payers
    ADD CONSTRAINT payers_pkey PRIMARY KEY (id);

-- Name: payments payments_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (id);

-- Name: plan_objectives plan_objectives_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.plan_objectives
    ADD CONSTRAINT plan_objectives_pkey PRIMARY KEY (id);

-- Name: plan_objectives plan_objectives_plan_id_position_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.plan_objectives
    ADD CONSTRAINT plan_objectives_plan_id_position_key UNIQUE (plan_id, "position");

-- Name: practice practice_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.practice
    ADD CONSTRAINT practice_pkey PRIMARY KEY (id);

-- Name: progress_areas progress_areas_name_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.progress_areas
    ADD CONSTRAINT progress_areas_name_key UNIQUE (name);

-- Name: progress_areas progress_areas_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.progress_areas
    ADD CONSTRAINT progress_areas_pkey PRIMARY KEY (id);

-- Name: progress_entries progress_entries_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.progress_entries
    ADD CONSTRAINT progress_entries_pkey PRIMARY KEY (id);

-- Name: refunds refunds_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_pkey PRIMARY KEY (id);

-- Name: reminders reminders_once; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.reminders
    ADD CONSTRAINT reminders_once UNIQUE (appointment_id, starts_at, channel);

-- Name: reminders reminders_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.reminders
    ADD CONSTRAINT reminders_pkey PRIMARY KEY (id);

-- Name: remittance_lines remittance_lines_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.remittance_lines
    ADD CONSTRAINT remittance_lines_pkey PRIMARY KEY (id);

-- Name: remittances remittances_payer_identifier_trace_number_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.remittances
    ADD CONSTRAINT remittances_payer_identifier_trace_number_key UNIQUE (payer_identifier, trace_number);

-- Name: remittances remittances_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.remittances
    ADD CONSTRAINT remittances_pkey PRIMARY KEY (id);

-- Name: risk_resolutions risk_resolutions_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.risk_resolutions
    ADD CONSTRAINT risk_resolutions_pkey PRIMARY KEY (id);

-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);

-- Name: session_notes session_notes_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.session_notes
    ADD CONSTRAINT session_notes_pkey PRIMARY KEY (id);

-- Name: session_types session_types_name_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.session_types
    ADD CONSTRAINT session_types_name_key UNIQUE (name);

-- Name: session_types session_types_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.session_types
    ADD CONSTRAINT session_types_pkey PRIMARY KEY (id);

-- Name: tags tags_name_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.tags
    ADD CONSTRAINT tags_name_key UNIQUE (name);

-- Name: tags tags_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.tags
    ADD CONSTRAINT tags_pkey PRIMARY KEY (id);

-- Name: therapists therapists_db_role_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.therapists
    ADD CONSTRAINT therapists_db_role_key UNIQUE (db_role);

-- Name: therapists therapists_email_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.therapists
    ADD CONSTRAINT therapists_email_key UNIQUE (email);

-- Name: therapists therapists_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.therapists
    ADD CONSTRAINT therapists_pkey PRIMARY KEY (id);

-- Name: treatment_plans treatment_plans_pkey; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.treatment_plans
    ADD CONSTRAINT treatment_plans_pkey PRIMARY KEY (id);

-- Name: treatment_plans treatment_plans_previous_id_key; Type: CONSTRAINT; Schema: public

ALTER TABLE ONLY public.treatment_plans
    ADD CONSTRAINT treatment_plans_previous_id_key UNIQUE (previous_id);

-- Name: appointments_patient_starts_idx; Type: INDEX; Schema: public

CREATE INDEX appointments_patient_starts_idx ON public.appointments USING btree (patient_id, starts_at DESC);

-- Name: appointments_scheduled_starts_idx; Type: INDEX; Schema: public

CREATE INDEX appointments_scheduled_starts_idx ON public.appointments USING btree (starts_at) WHERE (status = 'scheduled'::public.appointment_status_enum);

-- Name: appointments_series_idx; Type: INDEX; Schema: public

CREATE INDEX appointments_series_idx ON public.appointments USING btree (series_id) WHERE (series_id IS NOT NULL);

-- Name: appointments_therapist_starts_idx; Type: INDEX; Schema: public

CREATE INDEX appointments_therapist_starts_idx ON public.appointments USING btree (therapist_id, starts_at);

-- Name: audit_log_occurred_idx; Type: INDEX; Schema: public

CREATE INDEX audit_log_occurred_idx ON public.audit_log USING btree (occurred_at);

-- Name: audit_log_patient_idx; Type: INDEX; Schema: public

CREATE INDEX audit_log_patient_idx ON public.audit_log USING btree (patient_id, seq) WHERE (patient_id IS NOT NULL);

-- Name: charge_adjustments_charge_idx; Type: INDEX; Schema: public

CREATE INDEX charge_adjustments_charge_idx ON public.charge_adjustments USING btree (financial_record_id);

-- Name: charge_adjustments_claim_idx; Type: INDEX; Schema: public

CREATE INDEX charge_adjustments_claim_idx ON public.charge_adjustments USING btree (claim_id);

-- Name: claim_events_claim_idx; Type: INDEX; Schema: public

CREATE INDEX claim_events_claim_idx ON public.claim_events USING btree (claim_id, occurred_at);

-- Name: claim_lines_charge_idx; Type: INDEX; Schema: public

CREATE INDEX claim_lines_charge_idx ON public.claim_lines USING btree (financial_record_id);

-- Name: claims_batch_idx; Type: INDEX; Schema: public

CREATE INDEX claims_batch_idx ON public.claims USING btree (batch_id, transaction_set_number) WHERE (batch_id IS NOT NULL);

-- Name: claims_patient_idx; Type: INDEX; Schema: public

CREATE INDEX claims_patient_idx ON public.claims USING btree (patient_id, service_from);

-- Name: claims_therapist_status_idx; Type: INDEX; Schema: public

CREATE INDEX claims_therapist_status_idx ON public.claims USING btree (therapist_id, status);

-- Name: estimates_patient_idx; Type: INDEX; Schema: public

CREATE INDEX estimates_patient_idx ON public.estimates USING btree (patient_id, therapist_id, service_from);

-- Name: financial_records_appointment_idx; Type: INDEX; Schema: public

CREATE INDEX financial_records_appointment_idx ON public.financial_records USING btree (appointment_id) WHERE (appointment_id IS NOT NULL);

-- Name: financial_records_one_session_per_appointment_idx; Type: INDEX; Schema: public

CREATE UNIQUE INDEX financial_records_one_session_per_appointment_idx ON public.financial_records USING btree (appointment_id) WHERE ((appointment_id IS NOT NULL) AND (record_type = 'session'::public.financial_record_type_enum) AND (status <> ALL (ARRAY['cancelled'::public.payment_status_enum, 'refunded'::public.payment_status_enum])));

-- Name: financial_records_open_due_idx; Type: INDEX; Schema: public

CREATE INDEX financial_records_open_due_idx ON public.financial_records USING btree (therapist_id, due_date) WHERE ((amount_paid < amount) AND (status <> ALL (ARRAY['cancelled'::public.payment_status_enum, 'refunded'::public.payment_status_enum])));

-- Name: INDEX financial_records_open_due_idx; Type: COMMENT; Schema: public

COMMENT ON INDEX public.financial_records_open_due_idx IS 'Charges with a balance (not cancelled or refunded), per therapist by due date.';

-- Name: financial_records_open_patient_idx; Type: INDEX; Schema: public

CREATE INDEX financial_records_open_patient_idx ON public.financial_records USING btree (patient_id, due_date) INCLUDE (therapist_id, id) WHERE ((amount_paid < amount) AND (status <> ALL (ARRAY['cancelled'::public.payment_status_enum, 'refunded'::public.payment_status_enum])));

-- Name: INDEX financial_records_open_patient_idx; Type: COMMENT; Schema: public

COMMENT ON INDEX public.financial_records_open_patient_idx IS 'Charges with a balance (not cancelled or refunded), per patient by due date.';

-- Name: financial_records_patient_service_idx; Type: INDEX; Schema: public

CREATE INDEX financial_records_patient_service_idx ON public.financial_records USING btree (patient_id, service_date DESC);

-- Name: financial_records_therapist_service_idx; Type: INDEX; Schema: public

CREATE INDEX financial_records_therapist_service_idx ON public.financial_records USING btree (therapist_id, service_date);

-- Name: measure_administrations_patient_idx; Type: INDEX; Schema: public

CREATE INDEX measure_administrations_patient_idx ON public.measure_administrations USING btree (patient_id, instrument, administered_at DESC);

-- Name: mood_entries_patient_recorded_idx; Type: INDEX; Schema: public

CREATE INDEX mood_entries_patient_recorded_idx ON public.mood_entries USING btree (patient_id, recorded_at DESC);

-- Name: mood_entries_session_note_idx; Type: INDEX; Schema: public

CREATE UNIQUE INDEX mood_entries_session_note_idx ON public.mood_entries USING btree (session_note_id) WHERE (session_note_id IS NOT NULL);

-- Name: note_addenda_note_idx; Type: INDEX; Schema: public

CREATE INDEX note_addenda_note_idx ON public.note_addenda USING btree (note_id, created_at);

-- Name: note_plan_objectives_objective_idx; Type: INDEX; Schema: public

CREATE INDEX note_plan_objectives_objective_idx ON public.note_plan_objectives USING btree (plan_objective_id);

-- Name: note_tags_tag_idx; Type: INDEX; Schema: public

CREATE INDEX note_tags_tag_idx ON public.note_tags USING btree (tag_id);

-- Name: patient_merges_merged_idx; Type: INDEX; Schema: public

CREATE INDEX patient_merges_merged_idx ON public.patient_merges USING btree (merged_patient_id);

-- Name: patient_merges_patient_idx; Type: INDEX; Schema: public

CREATE INDEX patient_merges_patient_idx ON public.patient_merges USING btree (patient_id);

-- Name: patient_policies_one_per_rank_idx; Type: INDEX; Schema: public

CREATE UNIQUE INDEX patient_policies_one_per_rank_idx ON public.patient_policies USING btree (patient_id, rank) WHERE (ended_at IS NULL);

-- Name: patient_policies_payer_idx; Type: INDEX; Schema: public

CREATE INDEX patient_policies_payer_idx ON public.patient_policies USING btree (payer_id);

-- Name: patients_full_name_trgm_idx; Type: INDEX; Schema: public

CREATE INDEX patients_full_name_trgm_idx ON public.patients USING gin (full_name public.gin_trgm_ops);

-- Name: patients_last_first_idx; Type: INDEX; Schema: public

CREATE INDEX patients_last_first_idx ON public.patients USING btree (last_name, first_name);

-- Name: patients_therapist_status_idx; Type: INDEX; Schema: public

CREATE INDEX patients_therapist_status_idx ON public.patients USING btree (therapist_id, status);

-- Name: payers_name_idx; Type: INDEX; Schema: public

CREATE UNIQUE INDEX payers_name_idx ON public.payers USING btree (lower(name));

-- Name: payments_paid_at_idx; Type: INDEX; Schema: public

CREATE INDEX payments_paid_at_idx ON public.payments USING btree (paid_at);

-- Name: payments_record_idx; Type: INDEX; Schema: public

CREATE INDEX payments_record_idx ON public.payments USING btree (financial_record_id);

-- Name: payments_remittance_idx; Type: INDEX; Schema: public

CREATE INDEX payments_remittance_idx ON public.payments USING btree (remittance_id) WHERE (remittance_id IS NOT NULL);

-- Name: plan_objectives_carried_idx; Type: INDEX; Schema: public

CREATE INDEX plan_objectives_carried_idx ON public.plan_objectives USING btree (carried_from) WHERE (carried_from IS NOT NULL);

-- Name: plan_objectives_patient_idx; Type: INDEX; Schema: public

CREATE INDEX plan_objectives_patient_idx ON public.plan_objectives USING btree (patient_id);

-- Name: progress_entries_area_idx; Type: INDEX; Schema: public

CREATE INDEX progress_entries_area_idx ON public.progress_entries USING btree (progress_area_id);

-- Name: progress_entries_objective_idx; Type: INDEX; Schema: public

CREATE INDEX progress_entries_objective_idx ON public.progress_entries USING btree (plan_objective_id) WHERE (plan_objective_id IS NOT NULL);

-- Name: progress_entries_patient_recorded_idx; Type: INDEX; Schema: public

CREATE INDEX progress_entries_patient_recorded_idx ON public.progress_entries USING btree (patient_id, recorded_at DESC);

-- Name: refunds_record_idx; Type: INDEX; Schema: public

CREATE INDEX refunds_record_idx ON public.refunds USING btree (financial_record_id);

-- Name: reminders_handed_over_idx; Type: INDEX; Schema: public

CREATE INDEX reminders_handed_over_idx ON public.reminders USING btree (sending_at) WHERE (status = 'sending'::text);

-- Name: reminders_patient_idx; Type: INDEX; Schema: public

CREATE INDEX reminders_patient_idx ON public.reminders USING btree (patient_id);

-- Name: reminders_starts_at_idx; Type: INDEX; Schema: public

CREATE INDEX reminders_starts_at_idx ON public.reminders USING btree (starts_at);

-- Name: remittance_lines_charge_idx; Type: INDEX; Schema: public

CREATE INDEX remittance_lines_charge_idx ON public.remittance_lines USING btree (financial_record_id);

-- Name: remittance_lines_claim_idx; Type: INDEX; Schema: public

CREATE INDEX remittance_lines_claim_idx ON public.remittance_lines USING btree (claim_id);

-- Name: risk_resolutions_patient_idx; Type: INDEX; Schema: public

CREATE INDEX risk_resolutions_patient_idx ON public.risk_resolutions USING btree (patient_id, resolved_at DESC);

-- Name: session_notes_appointment_idx; Type: INDEX; Schema: public

CREATE UNIQUE INDEX session_notes_appointment_idx ON public.session_notes USING btree (appointment_id) WHERE ((appointment_id IS NOT NULL) AND (NOT is_private));

-- Name: session_notes_patient_author_idx; Type: INDEX; Schema: public

CREATE INDEX session_notes_patient_author_idx ON public.session_notes USING btree (patient_id, therapist_id);

-- Name: INDEX session_notes_patient_author_idx; Type: COMMENT; Schema: public

COMMENT ON INDEX public.session_notes_patient_author_idx IS 'Notes by patient and author: colleagues'' notes about a clinician''s patients (notes search).';

-- Name: session_notes_patient_date_idx; Type: INDEX; Schema: public

CREATE INDEX session_notes_patient_date_idx ON public.session_notes USING btree (patient_id, session_date DESC);

-- Name: session_notes_private_author_idx; Type: INDEX; Schema: public

CREATE INDEX session_notes_private_author_idx ON public.session_notes USING btree (therapist_id, session_date DESC) WHERE is_private;

-- Name: session_notes_search_vector_idx; Type: INDEX; Schema: public

CREATE INDEX session_notes_search_vector_idx ON public.session_notes USING gin (search_vector);

-- Name: INDEX session_notes_search_vector_idx; Type: COMMENT; Schema: public

COMMENT ON INDEX public.session_notes_search_vector_idx IS 'Full-text index over session_notes.search_vector.';

-- Name: session_notes_therapist_date_idx; Type: INDEX; Schema: public

CREATE INDEX session_notes_therapist_date_idx ON public.session_notes USING btree (therapist_id, session_date DESC);

-- Name: session_notes_therapist_unsigned_idx; Type: INDEX; Schema: public

CREATE INDEX session_notes_therapist_unsigned_idx ON public.session_notes USING btree (therapist_id, created_at) WHERE (signed_at IS NULL);

-- Name: treatment_plans_one_draft_idx; Type: INDEX; Schema: public

CREATE UNIQUE INDEX treatment_plans_one_draft_idx ON public.treatment_plans USING btree (patient_id) WHERE (signed_at IS NULL);

-- Name: treatment_plans_patient_idx; Type: INDEX; Schema: public

CREATE INDEX treatment_plans_patient_idx ON public.treatment_plans USING btree (patient_id, signed_at DESC);

-- Name: treatment_plans_therapist_review_idx; Type: INDEX; Schema: public

CREATE INDEX treatment_plans_therapist_review_idx ON public.treatment_plans USING btree (therapist_id, review_date) WHERE (signed_at IS NOT NULL);

-- Name: financial_summary _RETURN; Type: RULE; Schema: public

CREATE OR REPLACE VIEW public.financial_summary WITH (security_invoker='true') AS
 SELECT p.id AS patient_id,
    p.full_name AS patient_name,
    p.therapist_id,
    p.insurance_provider,
    p.coverage_percent,
    count(b.id) AS record_count,
    (COALESCE(sum(b.amount_owed), (0)::numeric))::numeric(12,2) AS total_billed,
    (COALESCE(sum(
        CASE
            WHEN b.adjudicated THEN b.insurance_amount
            ELSE (b.insurance_amount - GREATEST((b.amount_adjusted - b.patient_responsibility), (0)::numeric))
        END) FILTER (WHERE (b.status <> ALL (ARRAY['cancelled'::public.payment_status_enum, 'refunded'::public.payment_status_enum]))), (0)::numeric))::numeric(12,2) AS insurance_total,
    (COALESCE(sum(
        CASE
            WHEN b.adjudicated THEN b.patient_responsibility
            ELSE GREATEST((b.patient_responsibility - b.amount_adjusted), (0)::numeric)
        END) FILTER (WHERE (b.status <> ALL (ARRAY['cancelled'::public.payment_status_enum, 'refunded'::public.payment_status_enum]))), (0)::numeric))::numeric(12,2) AS patient_responsibility_total,
    (COALESCE(sum(b.amount_paid), (0)::numeric))::numeric(12,2) AS total_paid,
    (COALESCE(sum(b.balance) FILTER (WHERE (b.status = ANY (ARRAY['pending'::public.payment_status_enum, 'overdue'::public.payment_status_enum]))), (0)::numeric))::numeric(12,2) AS balance,
    (COALESCE(sum(b.balance) FILTER (WHERE (b.status = 'overdue'::public.payment_status_enum)), (0)::numeric))::numeric(12,2) AS overdue_balance,
    max(b.last_paid_at) AS last_payment_at,
    (COALESCE(sum(b.amount_refunded), (0)::numeric))::numeric(12,2) AS total_refunded,
    (COALESCE(sum(b.amount_adjusted), (0)::numeric))::numeric(12,2) AS total_adjusted
   FROM (public.patients p
     LEFT JOIN public.financial_record_balances b ON ((b.patient_id = p.id)))
  GROUP BY p.id;

-- Name: acknowledgements acknowledgements_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER acknowledgements_audit AFTER INSERT OR DELETE OR UPDATE ON public.acknowledgements FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: acknowledgements acknowledgements_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER acknowledgements_no_truncate BEFORE TRUNCATE ON public.acknowledgements FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_truncate();

-- Name: acknowledgements acknowledgements_permanent; Type: TRIGGER; Schema: public

CREATE TRIGGER acknowledgements_permanent BEFORE DELETE OR UPDATE ON public.acknowledgements FOR EACH ROW EXECUTE FUNCTION public.claim_history_permanent();

-- Name: appointments appointments_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER appointments_audit AFTER INSERT OR DELETE OR UPDATE ON public.appointments FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: appointments appointments_end; Type: TRIGGER; Schema: public

CREATE TRIGGER appointments_end BEFORE INSERT OR UPDATE OF starts_at, duration_minutes, ends_at ON public.appointments FOR EACH ROW EXECUTE FUNCTION public.set_appointment_end();

-- Name: appointments appointments_session_count; Type: TRIGGER; Schema: public

CREATE TRIGGER appointments_session_count AFTER INSERT OR DELETE OR UPDATE OF status, patient_id ON public.appointments FOR EACH ROW EXECUTE FUNCTION public.refresh_patient_session_count();

-- Name: appointments appointments_signed_session; Type: TRIGGER; Schema: public

CREATE TRIGGER appointments_signed_session BEFORE UPDATE ON public.appointments FOR EACH ROW EXECUTE FUNCTION public.appointments_keep_signed_session();

-- Name: appointments appointments_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER appointments_updated_at BEFORE UPDATE ON public.appointments FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: audit_chain_head audit_chain_head_follows_log; Type: TRIGGER; Schema: public

CREATE TRIGGER audit_chain_head_follows_log BEFORE INSERT OR UPDATE ON public.audit_chain_head FOR EACH ROW EXECUTE FUNCTION public.audit_chain_head_follows_log();

-- Name: audit_chain_head audit_chain_head_kept; Type: TRIGGER; Schema: public

CREATE TRIGGER audit_chain_head_kept BEFORE DELETE OR TRUNCATE ON public.audit_chain_head FOR EACH STATEMENT EXECUTE FUNCTION public.audit_log_refuse_change();

-- Name: audit_log audit_log_advance_head; Type: TRIGGER; Schema: public

CREATE TRIGGER audit_log_advance_head AFTER INSERT ON public.audit_log REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION public.audit_log_advance_head_once();

-- Name: audit_log audit_log_append_only; Type: TRIGGER; Schema: public

CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE OR TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION public.audit_log_refuse_change();

-- Name: audit_log audit_log_chain; Type: TRIGGER; Schema: public

CREATE TRIGGER audit_log_chain BEFORE INSERT ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.audit_log_chain();

-- Name: billing_settings billing_settings_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER billing_settings_updated_at BEFORE UPDATE ON public.billing_settings FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: charge_adjustments charge_adjustments_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER charge_adjustments_audit AFTER INSERT OR DELETE OR UPDATE ON public.charge_adjustments FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: charge_adjustments charge_adjustments_fit; Type: TRIGGER; Schema: public

CREATE TRIGGER charge_adjustments_fit BEFORE INSERT ON public.charge_adjustments FOR EACH ROW EXECUTE FUNCTION public.check_write_off_fits_charge();

-- Name: charge_adjustments charge_adjustments_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER charge_adjustments_no_truncate BEFORE TRUNCATE ON public.charge_adjustments FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_truncate();

-- Name: charge_adjustments charge_adjustments_permanent; Type: TRIGGER; Schema: public

CREATE TRIGGER charge_adjustments_permanent BEFORE DELETE OR UPDATE ON public.charge_adjustments FOR EACH ROW EXECUTE FUNCTION public.claim_history_permanent();

-- Name: claim_batches claim_batches_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER claim_batches_audit AFTER INSERT OR DELETE OR UPDATE ON public.claim_batches FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: claim_batches claim_batches_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER claim_batches_no_truncate BEFORE TRUNCATE ON public.claim_batches FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_truncate();

-- Name: claim_batches claim_batches_permanent; Type: TRIGGER; Schema: public

CREATE TRIGGER claim_batches_permanent BEFORE DELETE OR UPDATE ON public.claim_batches FOR EACH ROW EXECUTE FUNCTION public.claim_history_permanent();

-- Name: claim_events claim_events_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER claim_events_audit AFTER INSERT OR DELETE OR UPDATE ON public.claim_events FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: claim_events claim_events_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER claim_events_no_truncate BEFORE TRUNCATE ON public.claim_events FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_truncate();

-- Name: claim_events claim_events_permanent; Type: TRIGGER; Schema: public

CREATE TRIGGER claim_events_permanent BEFORE DELETE OR UPDATE ON public.claim_events FOR EACH ROW EXECUTE FUNCTION public.claim_events_permanent();

-- Name: claim_lines claim_lines_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER claim_lines_audit AFTER INSERT OR DELETE OR UPDATE ON public.claim_lines FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: claim_lines claim_lines_checked; Type: TRIGGER; Schema: public

CREATE TRIGGER claim_lines_checked BEFORE INSERT OR DELETE OR UPDATE ON public.claim_lines FOR EACH ROW EXECUTE FUNCTION public.claim_lines_check();

-- Name: claim_lines claim_lines_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER claim_lines_no_truncate BEFORE TRUNCATE ON public.claim_lines FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_truncate();

-- Name: claim_lines claim_lines_total_checked; Type: TRIGGER; Schema: public

CREATE CONSTRAINT TRIGGER claim_lines_total_checked AFTER INSERT ON public.claim_lines DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.claims_total_is_lines();

-- Name: claims claims_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER claims_audit AFTER INSERT OR DELETE OR UPDATE ON public.claims FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: claims claims_batch_theirs; Type: TRIGGER; Schema: public

CREATE TRIGGER claims_batch_theirs BEFORE INSERT OR UPDATE OF batch_id ON public.claims FOR EACH ROW EXECUTE FUNCTION public.claims_batch_is_theirs();

-- Name: claims claims_content_kept; Type: TRIGGER; Schema: public

CREATE TRIGGER claims_content_kept BEFORE DELETE OR UPDATE ON public.claims FOR EACH ROW EXECUTE FUNCTION public.claims_keep_content();

-- Name: claims claims_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER claims_no_truncate BEFORE TRUNCATE ON public.claims FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_truncate();

-- Name: claims claims_total_checked; Type: TRIGGER; Schema: public

CREATE CONSTRAINT TRIGGER claims_total_checked AFTER INSERT ON public.claims DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.claims_total_is_lines();

-- Name: claims claims_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER claims_updated_at BEFORE UPDATE ON public.claims FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: estimate_lines estimate_lines_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER estimate_lines_audit AFTER INSERT OR DELETE OR UPDATE ON public.estimate_lines FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: estimate_lines estimate_lines_no_change; Type: TRIGGER; Schema: public

CREATE TRIGGER estimate_lines_no_change BEFORE DELETE OR UPDATE ON public.estimate_lines FOR EACH ROW EXECUTE FUNCTION public.estimate_lines_permanent();

-- Name: estimate_lines estimate_lines_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER estimate_lines_no_truncate BEFORE TRUNCATE ON public.estimate_lines FOR EACH STATEMENT EXECUTE FUNCTION public.estimate_lines_permanent();

-- Name: estimates estimates_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER estimates_audit AFTER INSERT OR DELETE OR UPDATE ON public.estimates FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: estimates estimates_no_change; Type: TRIGGER; Schema: public

CREATE TRIGGER estimates_no_change BEFORE DELETE OR UPDATE ON public.estimates FOR EACH ROW EXECUTE FUNCTION public.estimates_permanent();

-- Name: estimates estimates_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER estimates_no_truncate BEFORE TRUNCATE ON public.estimates FOR EACH STATEMENT EXECUTE FUNCTION public.estimates_permanent();

-- Name: financial_records financial_records_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER financial_records_audit AFTER INSERT OR DELETE OR UPDATE ON public.financial_records FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: financial_records financial_records_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER financial_records_no_truncate BEFORE TRUNCATE ON public.financial_records FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_truncate();

-- Name: financial_records financial_records_paid_total; Type: TRIGGER; Schema: public

CREATE TRIGGER financial_records_paid_total BEFORE INSERT OR UPDATE ON public.financial_records FOR EACH ROW EXECUTE FUNCTION public.check_charge_paid_total();

-- Name: financial_records financial_records_permanent; Type: TRIGGER; Schema: public

CREATE TRIGGER financial_records_permanent BEFORE DELETE OR UPDATE ON public.financial_records FOR EACH ROW EXECUTE FUNCTION public.financial_records_refuse_rewrite();

-- Name: financial_records financial_records_signed_note; Type: TRIGGER; Schema: public

CREATE TRIGGER financial_records_signed_note BEFORE INSERT OR UPDATE OF appointment_id ON public.financial_records FOR EACH ROW EXECUTE FUNCTION public.require_signed_note_before_billing();

-- Name: financial_records financial_records_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER financial_records_updated_at BEFORE UPDATE ON public.financial_records FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: measure_administrations measure_administrations_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER measure_administrations_audit AFTER INSERT OR DELETE OR UPDATE ON public.measure_administrations FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: mood_entries mood_entries_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER mood_entries_audit AFTER INSERT OR DELETE OR UPDATE ON public.mood_entries FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: mood_entries mood_entries_note_link; Type: TRIGGER; Schema: public

CREATE TRIGGER mood_entries_note_link BEFORE INSERT OR DELETE OR UPDATE ON public.mood_entries FOR EACH ROW EXECUTE FUNCTION public.mood_entries_follow_note();

-- Name: note_addenda note_addenda_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER note_addenda_audit AFTER INSERT OR DELETE OR UPDATE ON public.note_addenda FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: note_addenda note_addenda_no_change; Type: TRIGGER; Schema: public

CREATE TRIGGER note_addenda_no_change BEFORE DELETE OR UPDATE ON public.note_addenda FOR EACH ROW EXECUTE FUNCTION public.note_addenda_append_only();

-- Name: note_addenda note_addenda_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER note_addenda_no_truncate BEFORE TRUNCATE ON public.note_addenda FOR EACH STATEMENT EXECUTE FUNCTION public.note_addenda_append_only();

-- Name: note_plan_objectives note_plan_objectives_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER note_plan_objectives_audit AFTER INSERT OR DELETE OR UPDATE ON public.note_plan_objectives FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: note_plan_objectives note_plan_objectives_check; Type: TRIGGER; Schema: public

CREATE TRIGGER note_plan_objectives_check BEFORE INSERT OR DELETE OR UPDATE ON public.note_plan_objectives FOR EACH ROW EXECUTE FUNCTION public.note_plan_objectives_check();

-- Name: note_tags note_tags_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER note_tags_audit AFTER INSERT OR DELETE OR UPDATE ON public.note_tags FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: note_tags note_tags_usage_count; Type: TRIGGER; Schema: public

CREATE TRIGGER note_tags_usage_count AFTER INSERT OR DELETE ON public.note_tags FOR EACH ROW EXECUTE FUNCTION public.refresh_tag_usage_count();

-- Name: patient_merges patient_merges_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER patient_merges_audit AFTER INSERT OR DELETE OR UPDATE ON public.patient_merges FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: patient_merges patient_merges_no_change; Type: TRIGGER; Schema: public

CREATE TRIGGER patient_merges_no_change BEFORE DELETE OR UPDATE ON public.patient_merges FOR EACH ROW EXECUTE FUNCTION public.patient_merges_permanent();

-- Name: patient_merges patient_merges_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER patient_merges_no_truncate BEFORE TRUNCATE ON public.patient_merges FOR EACH STATEMENT EXECUTE FUNCTION public.patient_merges_permanent();

-- Name: patient_policies patient_policies_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER patient_policies_audit AFTER INSERT OR DELETE OR UPDATE ON public.patient_policies FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: patient_policies patient_policies_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER patient_policies_updated_at BEFORE UPDATE ON public.patient_policies FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: patients patients_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER patients_audit AFTER DELETE OR UPDATE ON public.patients FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: patients patients_audit_insert; Type: TRIGGER; Schema: public

CREATE TRIGGER patients_audit_insert AFTER INSERT ON public.patients REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION public.audit_patients_inserted();

-- Name: patients patients_clean_names; Type: TRIGGER; Schema: public

CREATE TRIGGER patients_clean_names BEFORE INSERT OR UPDATE OF first_name, last_name, preferred_name, emergency_contact_name ON public.patients FOR EACH ROW EXECUTE FUNCTION public.patients_clean_names();

-- Name: TRIGGER patients_clean_names ON patients; Type: COMMENT; Schema: public

COMMENT ON TRIGGER patients_clean_names ON public.patients IS 'Stores names NFC-normalized and trimmed; refuses control characters and overlong names.';

-- Name: patients patients_readmission; Type: TRIGGER; Schema: public

CREATE TRIGGER patients_readmission BEFORE UPDATE OF discharged_at ON public.patients FOR EACH ROW EXECUTE FUNCTION public.patients_note_readmission();

-- Name: patients patients_reminder_consent; Type: TRIGGER; Schema: public

CREATE TRIGGER patients_reminder_consent BEFORE INSERT OR UPDATE ON public.patients FOR EACH ROW EXECUTE FUNCTION public.patients_record_reminder_consent();

-- Name: patients patients_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER patients_updated_at BEFORE UPDATE ON public.patients FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: payers payers_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER payers_audit AFTER INSERT OR DELETE OR UPDATE ON public.payers FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: payers payers_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER payers_updated_at BEFORE UPDATE ON public.payers FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: payments payments_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER payments_audit AFTER INSERT OR DELETE OR UPDATE ON public.payments FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: payments payments_fit_balance; Type: TRIGGER; Schema: public

CREATE TRIGGER payments_fit_balance BEFORE INSERT ON public.payments FOR EACH ROW EXECUTE FUNCTION public.check_payment_fits_balance();

-- Name: payments payments_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER payments_no_truncate BEFORE TRUNCATE ON public.payments FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_truncate();

-- Name: payments payments_permanent; Type: TRIGGER; Schema: public

CREATE TRIGGER payments_permanent BEFORE DELETE OR UPDATE ON public.payments FOR EACH ROW EXECUTE FUNCTION public.payments_refuse_rewrite();

-- Name: payments payments_refresh_charge_paid_total; Type: TRIGGER; Schema: public

CREATE TRIGGER payments_refresh_charge_paid_total AFTER INSERT OR DELETE OR UPDATE ON public.payments FOR EACH ROW EXECUTE FUNCTION public.refresh_charge_paid_total();

-- Name: plan_objectives plan_objectives_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER plan_objectives_audit AFTER INSERT OR DELETE OR UPDATE ON public.plan_objectives FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: plan_objectives plan_objectives_follow_plan; Type: TRIGGER; Schema: public

CREATE TRIGGER plan_objectives_follow_plan BEFORE INSERT ON public.plan_objectives FOR EACH ROW EXECUTE FUNCTION public.plan_objectives_follow_plan();

-- Name: plan_objectives plan_objectives_signed_lock; Type: TRIGGER; Schema: public

CREATE TRIGGER plan_objectives_signed_lock BEFORE DELETE OR UPDATE ON public.plan_objectives FOR EACH ROW EXECUTE FUNCTION public.plan_objectives_refuse_change();

-- Name: plan_objectives plan_objectives_signed_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER plan_objectives_signed_truncate BEFORE TRUNCATE ON public.plan_objectives FOR EACH STATEMENT EXECUTE FUNCTION public.treatment_plans_refuse_truncate();

-- Name: practice practice_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER practice_audit AFTER INSERT OR DELETE OR UPDATE ON public.practice FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: practice practice_kept; Type: TRIGGER; Schema: public

CREATE TRIGGER practice_kept BEFORE DELETE OR TRUNCATE ON public.practice FOR EACH STATEMENT EXECUTE FUNCTION public.practice_refuse_delete();

-- Name: practice practice_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER practice_updated_at BEFORE UPDATE ON public.practice FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: progress_entries progress_entries_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER progress_entries_audit AFTER INSERT OR DELETE OR UPDATE ON public.progress_entries FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: progress_entries progress_entries_objective; Type: TRIGGER; Schema: public

CREATE TRIGGER progress_entries_objective BEFORE INSERT OR UPDATE OF plan_objective_id ON public.progress_entries FOR EACH ROW EXECUTE FUNCTION public.progress_entries_objective_check();

-- Name: refunds refunds_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER refunds_audit AFTER INSERT OR DELETE OR UPDATE ON public.refunds FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: refunds refunds_fit_payments; Type: TRIGGER; Schema: public

CREATE TRIGGER refunds_fit_payments BEFORE INSERT ON public.refunds FOR EACH ROW EXECUTE FUNCTION public.check_refund_fits_payments();

-- Name: refunds refunds_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER refunds_no_truncate BEFORE TRUNCATE ON public.refunds FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_truncate();

-- Name: refunds refunds_permanent; Type: TRIGGER; Schema: public

CREATE TRIGGER refunds_permanent BEFORE DELETE OR UPDATE ON public.refunds FOR EACH ROW EXECUTE FUNCTION public.refunds_refuse_rewrite();

-- Name: reminders reminders_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER reminders_audit AFTER INSERT OR DELETE OR UPDATE ON public.reminders FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: reminders reminders_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER reminders_no_truncate BEFORE TRUNCATE ON public.reminders FOR EACH STATEMENT EXECUTE FUNCTION public.reminders_refuse_truncate();

-- Name: reminders reminders_states; Type: TRIGGER; Schema: public

CREATE TRIGGER reminders_states BEFORE INSERT OR DELETE OR UPDATE ON public.reminders FOR EACH ROW EXECUTE FUNCTION public.reminders_keep_states();

-- Name: reminders reminders_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER reminders_updated_at BEFORE UPDATE ON public.reminders FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: remittance_lines remittance_lines_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER remittance_lines_audit AFTER INSERT OR DELETE OR UPDATE ON public.remittance_lines FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: remittance_lines remittance_lines_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER remittance_lines_no_truncate BEFORE TRUNCATE ON public.remittance_lines FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_truncate();

-- Name: remittance_lines remittance_lines_permanent; Type: TRIGGER; Schema: public

CREATE TRIGGER remittance_lines_permanent BEFORE DELETE OR UPDATE ON public.remittance_lines FOR EACH ROW EXECUTE FUNCTION public.claim_history_permanent();

-- Name: remittances remittances_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER remittances_audit AFTER INSERT OR DELETE OR UPDATE ON public.remittances FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: remittances remittances_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER remittances_no_truncate BEFORE TRUNCATE ON public.remittances FOR EACH STATEMENT EXECUTE FUNCTION public.ledger_refuse_truncate();

-- Name: remittances remittances_permanent; Type: TRIGGER; Schema: public

CREATE TRIGGER remittances_permanent BEFORE DELETE OR UPDATE ON public.remittances FOR EACH ROW EXECUTE FUNCTION public.claim_history_permanent();

-- Name: risk_resolutions risk_resolutions_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER risk_resolutions_audit AFTER INSERT OR DELETE OR UPDATE ON public.risk_resolutions FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: risk_resolutions risk_resolutions_no_change; Type: TRIGGER; Schema: public

CREATE TRIGGER risk_resolutions_no_change BEFORE DELETE OR UPDATE ON public.risk_resolutions FOR EACH ROW EXECUTE FUNCTION public.risk_resolutions_permanent();

-- Name: risk_resolutions risk_resolutions_no_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER risk_resolutions_no_truncate BEFORE TRUNCATE ON public.risk_resolutions FOR EACH STATEMENT EXECUTE FUNCTION public.risk_resolutions_permanent();

-- Name: session_notes session_notes_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER session_notes_audit AFTER INSERT OR DELETE OR UPDATE ON public.session_notes FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: session_notes session_notes_mood_entry; Type: TRIGGER; Schema: public

CREATE CONSTRAINT TRIGGER session_notes_mood_entry AFTER UPDATE OF mood_rating ON public.session_notes DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((old.mood_rating IS DISTINCT FROM new.mood_rating)) EXECUTE FUNCTION public.session_notes_mood_matches_entry();

-- Name: session_notes session_notes_no_future_date; Type: TRIGGER; Schema: public

CREATE TRIGGER session_notes_no_future_date BEFORE INSERT OR UPDATE OF session_date ON public.session_notes FOR EACH ROW EXECUTE FUNCTION public.session_notes_refuse_future_date();

-- Name: session_notes session_notes_signed_lock; Type: TRIGGER; Schema: public

CREATE TRIGGER session_notes_signed_lock BEFORE DELETE OR UPDATE ON public.session_notes FOR EACH ROW EXECUTE FUNCTION public.session_notes_refuse_signed_change();

-- Name: session_notes session_notes_signed_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER session_notes_signed_truncate BEFORE TRUNCATE ON public.session_notes FOR EACH STATEMENT EXECUTE FUNCTION public.session_notes_refuse_truncate();

-- Name: session_notes session_notes_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER session_notes_updated_at BEFORE UPDATE ON public.session_notes FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: session_types session_types_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER session_types_updated_at BEFORE UPDATE ON public.session_types FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: therapists therapists_clean_names; Type: TRIGGER; Schema: public

CREATE TRIGGER therapists_clean_names BEFORE INSERT OR UPDATE OF first_name, last_name ON public.therapists FOR EACH ROW EXECUTE FUNCTION public.therapists_clean_names();

-- Name: TRIGGER therapists_clean_names ON therapists; Type: COMMENT; Schema: public

COMMENT ON TRIGGER therapists_clean_names ON public.therapists IS 'Stores names NFC-normalized and trimmed; refuses control characters and overlong names.';

-- Name: therapists therapists_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER therapists_updated_at BEFORE UPDATE ON public.therapists FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: treatment_plans treatment_plans_audit; Type: TRIGGER; Schema: public

CREATE TRIGGER treatment_plans_audit AFTER INSERT OR DELETE OR UPDATE ON public.treatment_plans FOR EACH ROW EXECUTE FUNCTION public.audit_row_change();

-- Name: treatment_plans treatment_plans_signed_lock; Type: TRIGGER; Schema: public

CREATE TRIGGER treatment_plans_signed_lock BEFORE DELETE OR UPDATE ON public.treatment_plans FOR EACH ROW EXECUTE FUNCTION public.treatment_plans_refuse_signed_change();

-- Name: treatment_plans treatment_plans_signed_truncate; Type: TRIGGER; Schema: public

CREATE TRIGGER treatment_plans_signed_truncate BEFORE TRUNCATE ON public.treatment_plans FOR EACH STATEMENT EXECUTE FUNCTION public.treatment_plans_refuse_truncate();

-- Name: treatment_plans treatment_plans_updated_at; Type: TRIGGER; Schema: public

CREATE TRIGGER treatment_plans_updated_at BEFORE UPDATE ON public.treatment_plans FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Name: treatment_plans treatment_plans_version; Type: TRIGGER; Schema: public

CREATE TRIGGER treatment_plans_version BEFORE INSERT ON public.treatment_plans FOR EACH ROW EXECUTE FUNCTION public.treatment_plans_number_version();

-- Name: acknowledgements acknowledgements_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.acknowledgements
    ADD CONSTRAINT acknowledgements_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: appointments appointments_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.appointments
    ADD CONSTRAINT appointments_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: appointments appointments_session_type_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.appointments
    ADD CONSTRAINT appointments_session_type_id_fkey FOREIGN KEY (session_type_id) REFERENCES public.session_types(id);

-- Name: appointments appointments_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.appointments
    ADD CONSTRAINT appointments_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: charge_adjustments charge_adjustments_claim_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.charge_adjustments
    ADD CONSTRAINT charge_adjustments_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.claims(id);

-- Name: charge_adjustments charge_adjustments_financial_record_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.charge_adjustments
    ADD CONSTRAINT charge_adjustments_financial_record_id_fkey FOREIGN KEY (financial_record_id) REFERENCES public.financial_records(id);

-- Name: charge_adjustments charge_adjustments_remittance_line_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.charge_adjustments
    ADD CONSTRAINT charge_adjustments_remittance_line_id_fkey FOREIGN KEY (remittance_line_id) REFERENCES public.remittance_lines(id);

-- Name: claim_batches claim_batches_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claim_batches
    ADD CONSTRAINT claim_batches_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: claim_events claim_events_claim_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claim_events
    ADD CONSTRAINT claim_events_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.claims(id);

-- Name: claim_events claim_events_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claim_events
    ADD CONSTRAINT claim_events_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: claim_events claim_events_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claim_events
    ADD CONSTRAINT claim_events_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: claim_lines claim_lines_claim_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claim_lines
    ADD CONSTRAINT claim_lines_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.claims(id);

-- Name: claim_lines claim_lines_financial_record_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claim_lines
    ADD CONSTRAINT claim_lines_financial_record_id_fkey FOREIGN KEY (financial_record_id) REFERENCES public.financial_records(id);

-- Name: claims claims_batch_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES public.claim_batches(id);

-- Name: claims claims_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: claims claims_payer_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_payer_id_fkey FOREIGN KEY (payer_id) REFERENCES public.payers(id);

-- Name: claims claims_replaces_claim_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_replaces_claim_id_fkey FOREIGN KEY (replaces_claim_id) REFERENCES public.claims(id);

-- Name: claims claims_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.claims
    ADD CONSTRAINT claims_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: estimate_lines estimate_lines_estimate_id_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.estimate_lines
    ADD CONSTRAINT estimate_lines_estimate_id_patient_id_fkey FOREIGN KEY (estimate_id, patient_id) REFERENCES public.estimates(id, patient_id) ON UPDATE CASCADE;

-- Name: estimates estimates_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.estimates
    ADD CONSTRAINT estimates_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: estimates estimates_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.estimates
    ADD CONSTRAINT estimates_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: financial_records financial_records_appointment_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.financial_records
    ADD CONSTRAINT financial_records_appointment_id_fkey FOREIGN KEY (appointment_id) REFERENCES public.appointments(id);

-- Name: financial_records financial_records_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.financial_records
    ADD CONSTRAINT financial_records_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: financial_records financial_records_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.financial_records
    ADD CONSTRAINT financial_records_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: measure_administrations measure_administrations_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.measure_administrations
    ADD CONSTRAINT measure_administrations_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: measure_administrations measure_administrations_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.measure_administrations
    ADD CONSTRAINT measure_administrations_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: mood_entries mood_entries_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.mood_entries
    ADD CONSTRAINT mood_entries_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: mood_entries mood_entries_session_note_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.mood_entries
    ADD CONSTRAINT mood_entries_session_note_id_fkey FOREIGN KEY (session_note_id) REFERENCES public.session_notes(id);

-- Name: mood_entries mood_entries_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.mood_entries
    ADD CONSTRAINT mood_entries_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: note_addenda note_addenda_note_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.note_addenda
    ADD CONSTRAINT note_addenda_note_id_fkey FOREIGN KEY (note_id) REFERENCES public.session_notes(id);

-- Name: note_addenda note_addenda_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.note_addenda
    ADD CONSTRAINT note_addenda_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: note_plan_objectives note_plan_objectives_note_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.note_plan_objectives
    ADD CONSTRAINT note_plan_objectives_note_id_fkey FOREIGN KEY (note_id) REFERENCES public.session_notes(id);

-- Name: note_plan_objectives note_plan_objectives_plan_objective_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.note_plan_objectives
    ADD CONSTRAINT note_plan_objectives_plan_objective_id_fkey FOREIGN KEY (plan_objective_id) REFERENCES public.plan_objectives(id);

-- Name: note_tags note_tags_note_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.note_tags
    ADD CONSTRAINT note_tags_note_id_fkey FOREIGN KEY (note_id) REFERENCES public.session_notes(id) ON DELETE CASCADE;

-- Name: note_tags note_tags_tag_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.note_tags
    ADD CONSTRAINT note_tags_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES public.tags(id);

-- Name: patient_merges patient_merges_merged_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.patient_merges
    ADD CONSTRAINT patient_merges_merged_patient_id_fkey FOREIGN KEY (merged_patient_id) REFERENCES public.patients(id);

-- Name: patient_merges patient_merges_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.patient_merges
    ADD CONSTRAINT patient_merges_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: patient_merges patient_merges_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.patient_merges
    ADD CONSTRAINT patient_merges_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: patient_policies patient_policies_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.patient_policies
    ADD CONSTRAINT patient_policies_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: patient_policies patient_policies_payer_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.patient_policies
    ADD CONSTRAINT patient_policies_payer_id_fkey FOREIGN KEY (payer_id) REFERENCES public.payers(id);

-- Name: patients patients_merged_into_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_merged_into_fkey FOREIGN KEY (merged_into) REFERENCES public.patients(id);

-- Name: patients patients_reminders_consent_by_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_reminders_consent_by_fkey FOREIGN KEY (reminders_consent_by) REFERENCES public.therapists(id);

-- Name: patients patients_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: payments payments_financial_record_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_financial_record_id_fkey FOREIGN KEY (financial_record_id) REFERENCES public.financial_records(id);

-- Name: payments payments_remittance_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_remittance_id_fkey FOREIGN KEY (remittance_id) REFERENCES public.remittances(id);

-- Name: plan_objectives plan_objectives_carried_from_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.plan_objectives
    ADD CONSTRAINT plan_objectives_carried_from_fkey FOREIGN KEY (carried_from) REFERENCES public.plan_objectives(id);

-- Name: plan_objectives plan_objectives_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.plan_objectives
    ADD CONSTRAINT plan_objectives_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: plan_objectives plan_objectives_plan_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.plan_objectives
    ADD CONSTRAINT plan_objectives_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES public.treatment_plans(id);

-- Name: practice practice_default_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.practice
    ADD CONSTRAINT practice_default_therapist_id_fkey FOREIGN KEY (default_therapist_id) REFERENCES public.therapists(id);

-- Name: progress_entries progress_entries_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.progress_entries
    ADD CONSTRAINT progress_entries_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: progress_entries progress_entries_plan_objective_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.progress_entries
    ADD CONSTRAINT progress_entries_plan_objective_id_fkey FOREIGN KEY (plan_objective_id) REFERENCES public.plan_objectives(id);

-- Name: progress_entries progress_entries_progress_area_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.progress_entries
    ADD CONSTRAINT progress_entries_progress_area_id_fkey FOREIGN KEY (progress_area_id) REFERENCES public.progress_areas(id);

-- Name: progress_entries progress_entries_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.progress_entries
    ADD CONSTRAINT progress_entries_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: refunds refunds_financial_record_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_financial_record_id_fkey FOREIGN KEY (financial_record_id) REFERENCES public.financial_records(id);

-- Name: refunds refunds_remittance_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.refunds
    ADD CONSTRAINT refunds_remittance_id_fkey FOREIGN KEY (remittance_id) REFERENCES public.remittances(id);

-- Name: reminders reminders_appointment_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.reminders
    ADD CONSTRAINT reminders_appointment_id_fkey FOREIGN KEY (appointment_id) REFERENCES public.appointments(id);

-- Name: reminders reminders_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.reminders
    ADD CONSTRAINT reminders_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: reminders reminders_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.reminders
    ADD CONSTRAINT reminders_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: remittance_lines remittance_lines_claim_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.remittance_lines
    ADD CONSTRAINT remittance_lines_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES public.claims(id);

-- Name: remittance_lines remittance_lines_claim_line_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.remittance_lines
    ADD CONSTRAINT remittance_lines_claim_line_id_fkey FOREIGN KEY (claim_line_id) REFERENCES public.claim_lines(id);

-- Name: remittance_lines remittance_lines_financial_record_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.remittance_lines
    ADD CONSTRAINT remittance_lines_financial_record_id_fkey FOREIGN KEY (financial_record_id) REFERENCES public.financial_records(id);

-- Name: remittance_lines remittance_lines_remittance_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.remittance_lines
    ADD CONSTRAINT remittance_lines_remittance_id_fkey FOREIGN KEY (remittance_id) REFERENCES public.remittances(id);

-- Name: remittances remittances_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.remittances
    ADD CONSTRAINT remittances_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: risk_resolutions risk_resolutions_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.risk_resolutions
    ADD CONSTRAINT risk_resolutions_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: risk_resolutions risk_resolutions_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.risk_resolutions
    ADD CONSTRAINT risk_resolutions_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: session_notes session_notes_appointment_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.session_notes
    ADD CONSTRAINT session_notes_appointment_id_fkey FOREIGN KEY (appointment_id) REFERENCES public.appointments(id);

-- Name: session_notes session_notes_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.session_notes
    ADD CONSTRAINT session_notes_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: session_notes session_notes_signed_by_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.session_notes
    ADD CONSTRAINT session_notes_signed_by_fkey FOREIGN KEY (signed_by) REFERENCES public.therapists(id);

-- Name: session_notes session_notes_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.session_notes
    ADD CONSTRAINT session_notes_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: treatment_plans treatment_plans_patient_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.treatment_plans
    ADD CONSTRAINT treatment_plans_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients(id);

-- Name: treatment_plans treatment_plans_previous_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.treatment_plans
    ADD CONSTRAINT treatment_plans_previous_id_fkey FOREIGN KEY (previous_id) REFERENCES public.treatment_plans(id);

-- Name: treatment_plans treatment_plans_signed_by_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.treatment_plans
    ADD CONSTRAINT treatment_plans_signed_by_fkey FOREIGN KEY (signed_by) REFERENCES public.therapists(id);

-- Name: treatment_plans treatment_plans_therapist_id_fkey; Type: FK CONSTRAINT; Schema: public

ALTER TABLE ONLY public.treatment_plans
    ADD CONSTRAINT treatment_plans_therapist_id_fkey FOREIGN KEY (therapist_id) REFERENCES public.therapists(id);

-- Name: acknowledgements; Type: ROW SECURITY; Schema: public

ALTER TABLE public.acknowledgements ENABLE ROW LEVEL SECURITY;

-- Name: acknowledgements acknowledgements_scope; Type: POLICY; Schema: public

CREATE POLICY acknowledgements_scope ON public.acknowledgements USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: appointments; Type: ROW SECURITY; Schema: public

ALTER TABLE public.appointments ENABLE ROW LEVEL SECURITY;

-- Name: appointments appointments_not_billing_writes; Type: POLICY; Schema: public

CREATE POLICY appointments_not_billing_writes ON public.appointments AS RESTRICTIVE FOR INSERT TO sanctuary_billing WITH CHECK (false);

-- Name: appointments appointments_own_inserts; Type: POLICY; Schema: public

CREATE POLICY appointments_own_inserts ON public.appointments AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: appointments appointments_own_updates; Type: POLICY; Schema: public

CREATE POLICY appointments_own_updates ON public.appointments AS RESTRICTIVE FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: appointments appointments_scope; Type: POLICY; Schema: public

CREATE POLICY appointments_scope ON public.appointments USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = appointments.patient_id)))));

-- Name: audit_log; Type: ROW SECURITY; Schema: public

ALTER TABLE public.audit_log ENABLE ROW LEVEL SECURITY;

-- Name: audit_log audit_log_append; Type: POLICY; Schema: public

CREATE POLICY audit_log_append ON public.audit_log FOR INSERT WITH CHECK (true);

-- Name: audit_log audit_log_read; Type: POLICY; Schema: public

CREATE POLICY audit_log_read ON public.audit_log FOR SELECT USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = audit_log.patient_id)))));

-- Name: charge_adjustments; Type: ROW SECURITY; Schema: public

ALTER TABLE public.charge_adjustments ENABLE ROW LEVEL SECURITY;

-- Name: charge_adjustments charge_adjustments_own_inserts; Type: POLICY; Schema: public

CREATE POLICY charge_adjustments_own_inserts ON public.charge_adjustments AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_charge_therapist(financial_record_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: charge_adjustments charge_adjustments_scope; Type: POLICY; Schema: public

CREATE POLICY charge_adjustments_scope ON public.charge_adjustments USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.financial_records f
  WHERE (f.id = charge_adjustments.financial_record_id)))));

-- Name: claim_batches; Type: ROW SECURITY; Schema: public

ALTER TABLE public.claim_batches ENABLE ROW LEVEL SECURITY;

-- Name: claim_batches claim_batches_scope; Type: POLICY; Schema: public

CREATE POLICY claim_batches_scope ON public.claim_batches USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: claim_events; Type: ROW SECURITY; Schema: public

ALTER TABLE public.claim_events ENABLE ROW LEVEL SECURITY;

-- Name: claim_events claim_events_own_inserts; Type: POLICY; Schema: public

CREATE POLICY claim_events_own_inserts ON public.claim_events AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_claim_therapist(claim_id) = therapist_id))));

-- Name: claim_events claim_events_scope; Type: POLICY; Schema: public

CREATE POLICY claim_events_scope ON public.claim_events USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = claim_events.patient_id)))));

-- Name: claim_lines; Type: ROW SECURITY; Schema: public

ALTER TABLE public.claim_lines ENABLE ROW LEVEL SECURITY;

-- Name: claim_lines claim_lines_own_inserts; Type: POLICY; Schema: public

CREATE POLICY claim_lines_own_inserts ON public.claim_lines AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((public.sanctuary_claim_therapist(claim_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_charge_therapist(financial_record_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))));

-- Name: claim_lines claim_lines_scope; Type: POLICY; Schema: public

CREATE POLICY claim_lines_scope ON public.claim_lines USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.claims c
  WHERE (c.id = claim_lines.claim_id)))));

-- Name: claims; Type: ROW SECURITY; Schema: public

ALTER TABLE public.claims ENABLE ROW LEVEL SECURITY;

-- Name: claims claims_own_inserts; Type: POLICY; Schema: public

CREATE POLICY claims_own_inserts ON public.claims AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: claims claims_own_updates; Type: POLICY; Schema: public

CREATE POLICY claims_own_updates ON public.claims AS RESTRICTIVE FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: claims claims_scope; Type: POLICY; Schema: public

CREATE POLICY claims_scope ON public.claims USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = claims.patient_id)))));

-- Name: estimate_lines; Type: ROW SECURITY; Schema: public

ALTER TABLE public.estimate_lines ENABLE ROW LEVEL SECURITY;

-- Name: estimate_lines estimate_lines_own_inserts; Type: POLICY; Schema: public

CREATE POLICY estimate_lines_own_inserts ON public.estimate_lines AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_estimate_therapist(estimate_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: estimate_lines estimate_lines_scope; Type: POLICY; Schema: public

CREATE POLICY estimate_lines_scope ON public.estimate_lines USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.estimates e
  WHERE (e.id = estimate_lines.estimate_id)))));

-- Name: estimates; Type: ROW SECURITY; Schema: public

ALTER TABLE public.estimates ENABLE ROW LEVEL SECURITY;

-- Name: estimates estimates_own_inserts; Type: POLICY; Schema: public

CREATE POLICY estimates_own_inserts ON public.estimates AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: estimates estimates_scope; Type: POLICY; Schema: public

CREATE POLICY estimates_scope ON public.estimates USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = estimates.patient_id)))));

-- Name: financial_records; Type: ROW SECURITY; Schema: public

ALTER TABLE public.financial_records ENABLE ROW LEVEL SECURITY;

-- Name: financial_records financial_records_own_inserts; Type: POLICY; Schema: public

CREATE POLICY financial_records_own_inserts ON public.financial_records AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id) AND ((appointment_id IS NULL) OR (public.sanctuary_appointment_therapist(appointment_id) = therapist_id)))));

-- Name: financial_records financial_records_own_updates; Type: POLICY; Schema: public

CREATE POLICY financial_records_own_updates ON public.financial_records AS RESTRICTIVE FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id) AND ((appointment_id IS NULL) OR (public.sanctuary_appointment_therapist(appointment_id) = therapist_id)))));

-- Name: financial_records financial_records_scope; Type: POLICY; Schema: public

CREATE POLICY financial_records_scope ON public.financial_records USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = financial_records.patient_id)))));

-- Name: measure_administrations; Type: ROW SECURITY; Schema: public

ALTER TABLE public.measure_administrations ENABLE ROW LEVEL SECURITY;

-- Name: measure_administrations measure_administrations_not_billing; Type: POLICY; Schema: public

CREATE POLICY measure_administrations_not_billing ON public.measure_administrations AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: measure_administrations measure_administrations_not_billing_writes; Type: POLICY; Schema: public

CREATE POLICY measure_administrations_not_billing_writes ON public.measure_administrations AS RESTRICTIVE FOR INSERT TO sanctuary_billing WITH CHECK (false);

-- Name: measure_administrations measure_administrations_own_inserts; Type: POLICY; Schema: public

CREATE POLICY measure_administrations_own_inserts ON public.measure_administrations AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: measure_administrations measure_administrations_scope; Type: POLICY; Schema: public

CREATE POLICY measure_administrations_scope ON public.measure_administrations USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = measure_administrations.patient_id)))));

-- Name: mood_entries; Type: ROW SECURITY; Schema: public

ALTER TABLE public.mood_entries ENABLE ROW LEVEL SECURITY;

-- Name: mood_entries mood_entries_not_billing; Type: POLICY; Schema: public

CREATE POLICY mood_entries_not_billing ON public.mood_entries AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: mood_entries mood_entries_own_inserts; Type: POLICY; Schema: public

CREATE POLICY mood_entries_own_inserts ON public.mood_entries AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: mood_entries mood_entries_own_note_deletes; Type: POLICY; Schema: public

CREATE POLICY mood_entries_own_note_deletes ON public.mood_entries AS RESTRICTIVE FOR DELETE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((session_note_id IS NOT NULL) AND (public.sanctuary_note_author(session_note_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))));

-- Name: mood_entries mood_entries_own_updates; Type: POLICY; Schema: public

CREATE POLICY mood_entries_own_updates ON public.mood_entries AS RESTRICTIVE FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: mood_entries mood_entries_scope; Type: POLICY; Schema: public

CREATE POLICY mood_entries_scope ON public.mood_entries USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = mood_entries.patient_id)))));

-- Name: note_addenda; Type: ROW SECURITY; Schema: public

ALTER TABLE public.note_addenda ENABLE ROW LEVEL SECURITY;

-- Name: note_addenda note_addenda_not_billing; Type: POLICY; Schema: public

CREATE POLICY note_addenda_not_billing ON public.note_addenda AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: note_addenda note_addenda_own_inserts; Type: POLICY; Schema: public

CREATE POLICY note_addenda_own_inserts ON public.note_addenda AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_note_author(note_id) = therapist_id))));

-- Name: note_addenda note_addenda_scope; Type: POLICY; Schema: public

CREATE POLICY note_addenda_scope ON public.note_addenda USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR (EXISTS ( SELECT 1
   FROM public.session_notes n
  WHERE (n.id = note_addenda.note_id)))));

-- Name: note_plan_objectives; Type: ROW SECURITY; Schema: public

ALTER TABLE public.note_plan_objectives ENABLE ROW LEVEL SECURITY;

-- Name: note_plan_objectives note_plan_objectives_not_billing; Type: POLICY; Schema: public

CREATE POLICY note_plan_objectives_not_billing ON public.note_plan_objectives AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: note_plan_objectives note_plan_objectives_own_deletes; Type: POLICY; Schema: public

CREATE POLICY note_plan_objectives_own_deletes ON public.note_plan_objectives AS RESTRICTIVE FOR DELETE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_note_author(note_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: note_plan_objectives note_plan_objectives_own_inserts; Type: POLICY; Schema: public

CREATE POLICY note_plan_objectives_own_inserts ON public.note_plan_objectives AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_note_author(note_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: note_plan_objectives note_plan_objectives_scope; Type: POLICY; Schema: public

CREATE POLICY note_plan_objectives_scope ON public.note_plan_objectives USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.session_notes n
  WHERE (n.id = note_plan_objectives.note_id)))));

-- Name: note_tags; Type: ROW SECURITY; Schema: public

ALTER TABLE public.note_tags ENABLE ROW LEVEL SECURITY;

-- Name: note_tags note_tags_not_billing; Type: POLICY; Schema: public

CREATE POLICY note_tags_not_billing ON public.note_tags AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: note_tags note_tags_own_deletes; Type: POLICY; Schema: public

CREATE POLICY note_tags_own_deletes ON public.note_tags AS RESTRICTIVE FOR DELETE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_note_author(note_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: note_tags note_tags_own_inserts; Type: POLICY; Schema: public

CREATE POLICY note_tags_own_inserts ON public.note_tags AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_note_author(note_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: note_tags note_tags_scope; Type: POLICY; Schema: public

CREATE POLICY note_tags_scope ON public.note_tags USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.session_notes n
  WHERE (n.id = note_tags.note_id)))));

-- Name: patient_merges; Type: ROW SECURITY; Schema: public

ALTER TABLE public.patient_merges ENABLE ROW LEVEL SECURITY;

-- Name: patient_merges patient_merges_not_billing; Type: POLICY; Schema: public

CREATE POLICY patient_merges_not_billing ON public.patient_merges AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: patient_merges patient_merges_scope; Type: POLICY; Schema: public

CREATE POLICY patient_merges_scope ON public.patient_merges USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = patient_merges.patient_id)))));

-- Name: patient_policies; Type: ROW SECURITY; Schema: public

ALTER TABLE public.patient_policies ENABLE ROW LEVEL SECURITY;

-- Name: patient_policies patient_policies_own_inserts; Type: POLICY; Schema: public

CREATE POLICY patient_policies_own_inserts ON public.patient_policies AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_patient_therapist(patient_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: patient_policies patient_policies_own_updates; Type: POLICY; Schema: public

CREATE POLICY patient_policies_own_updates ON public.patient_policies AS RESTRICTIVE FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_patient_therapist(patient_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_patient_therapist(patient_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: patient_policies patient_policies_scope; Type: POLICY; Schema: public

CREATE POLICY patient_policies_scope ON public.patient_policies USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = patient_policies.patient_id)))));

-- Name: patients; Type: ROW SECURITY; Schema: public

ALTER TABLE public.patients ENABLE ROW LEVEL SECURITY;

-- Name: patients patients_own_inserts; Type: POLICY; Schema: public

CREATE POLICY patients_own_inserts ON public.patients AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: patients patients_own_updates; Type: POLICY; Schema: public

CREATE POLICY patients_own_updates ON public.patients AS RESTRICTIVE FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: patients patients_scope; Type: POLICY; Schema: public

CREATE POLICY patients_scope ON public.patients USING ((therapist_id = ANY (( SELECT public.sanctuary_visible_therapists() AS sanctuary_visible_therapists)::uuid[])));

-- Name: patients patients_search; Type: POLICY; Schema: public

CREATE POLICY patients_search ON public.patients FOR SELECT TO sanctuary_search USING (true);

-- Name: payments; Type: ROW SECURITY; Schema: public

ALTER TABLE public.payments ENABLE ROW LEVEL SECURITY;

-- Name: payments payments_own_inserts; Type: POLICY; Schema: public

CREATE POLICY payments_own_inserts ON public.payments AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_charge_therapist(financial_record_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: payments payments_own_updates; Type: POLICY; Schema: public

CREATE POLICY payments_own_updates ON public.payments AS RESTRICTIVE FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_charge_therapist(financial_record_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_charge_therapist(financial_record_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: payments payments_scope; Type: POLICY; Schema: public

CREATE POLICY payments_scope ON public.payments USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.financial_records f
  WHERE (f.id = payments.financial_record_id)))));

-- Name: plan_objectives; Type: ROW SECURITY; Schema: public

ALTER TABLE public.plan_objectives ENABLE ROW LEVEL SECURITY;

-- Name: plan_objectives plan_objectives_not_billing; Type: POLICY; Schema: public

CREATE POLICY plan_objectives_not_billing ON public.plan_objectives AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: plan_objectives plan_objectives_own_deletes; Type: POLICY; Schema: public

CREATE POLICY plan_objectives_own_deletes ON public.plan_objectives AS RESTRICTIVE FOR DELETE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_plan_author(plan_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: plan_objectives plan_objectives_own_inserts; Type: POLICY; Schema: public

CREATE POLICY plan_objectives_own_inserts ON public.plan_objectives AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_plan_author(plan_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: plan_objectives plan_objectives_own_updates; Type: POLICY; Schema: public

CREATE POLICY plan_objectives_own_updates ON public.plan_objectives AS RESTRICTIVE FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_plan_author(plan_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_plan_author(plan_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: plan_objectives plan_objectives_scope; Type: POLICY; Schema: public

CREATE POLICY plan_objectives_scope ON public.plan_objectives USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.treatment_plans t
  WHERE (t.id = plan_objectives.plan_id)))));

-- Name: progress_entries; Type: ROW SECURITY; Schema: public

ALTER TABLE public.progress_entries ENABLE ROW LEVEL SECURITY;

-- Name: progress_entries progress_entries_not_billing; Type: POLICY; Schema: public

CREATE POLICY progress_entries_not_billing ON public.progress_entries AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: progress_entries progress_entries_own_inserts; Type: POLICY; Schema: public

CREATE POLICY progress_entries_own_inserts ON public.progress_entries AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: progress_entries progress_entries_own_updates; Type: POLICY; Schema: public

CREATE POLICY progress_entries_own_updates ON public.progress_entries AS RESTRICTIVE FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: progress_entries progress_entries_scope; Type: POLICY; Schema: public

CREATE POLICY progress_entries_scope ON public.progress_entries USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = progress_entries.patient_id)))));

-- Name: refunds; Type: ROW SECURITY; Schema: public

ALTER TABLE public.refunds ENABLE ROW LEVEL SECURITY;

-- Name: refunds refunds_own_inserts; Type: POLICY; Schema: public

CREATE POLICY refunds_own_inserts ON public.refunds AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_charge_therapist(financial_record_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: refunds refunds_scope; Type: POLICY; Schema: public

CREATE POLICY refunds_scope ON public.refunds USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.financial_records f
  WHERE (f.id = refunds.financial_record_id)))));

-- Name: reminders; Type: ROW SECURITY; Schema: public

ALTER TABLE public.reminders ENABLE ROW LEVEL SECURITY;

-- Name: reminders reminders_not_billing; Type: POLICY; Schema: public

CREATE POLICY reminders_not_billing ON public.reminders AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: reminders reminders_own_inserts; Type: POLICY; Schema: public

CREATE POLICY reminders_own_inserts ON public.reminders AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_appointment_therapist(appointment_id) = therapist_id))));

-- Name: reminders reminders_own_updates; Type: POLICY; Schema: public

CREATE POLICY reminders_own_updates ON public.reminders AS RESTRICTIVE FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_appointment_therapist(appointment_id) = therapist_id))));

-- Name: reminders reminders_scope; Type: POLICY; Schema: public

CREATE POLICY reminders_scope ON public.reminders USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = reminders.patient_id)))));

-- Name: remittance_lines; Type: ROW SECURITY; Schema: public

ALTER TABLE public.remittance_lines ENABLE ROW LEVEL SECURITY;

-- Name: remittance_lines remittance_lines_own_inserts; Type: POLICY; Schema: public

CREATE POLICY remittance_lines_own_inserts ON public.remittance_lines AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (public.sanctuary_charge_therapist(financial_record_id) = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: remittance_lines remittance_lines_scope; Type: POLICY; Schema: public

CREATE POLICY remittance_lines_scope ON public.remittance_lines USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.financial_records f
  WHERE (f.id = remittance_lines.financial_record_id)))));

-- Name: remittances; Type: ROW SECURITY; Schema: public

ALTER TABLE public.remittances ENABLE ROW LEVEL SECURITY;

-- Name: remittances remittances_scope; Type: POLICY; Schema: public

CREATE POLICY remittances_scope ON public.remittances USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: risk_resolutions; Type: ROW SECURITY; Schema: public

ALTER TABLE public.risk_resolutions ENABLE ROW LEVEL SECURITY;

-- Name: risk_resolutions risk_resolutions_not_billing; Type: POLICY; Schema: public

CREATE POLICY risk_resolutions_not_billing ON public.risk_resolutions AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: risk_resolutions risk_resolutions_own_inserts; Type: POLICY; Schema: public

CREATE POLICY risk_resolutions_own_inserts ON public.risk_resolutions AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: risk_resolutions risk_resolutions_scope; Type: POLICY; Schema: public

CREATE POLICY risk_resolutions_scope ON public.risk_resolutions USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = risk_resolutions.patient_id)))));

-- Name: session_notes; Type: ROW SECURITY; Schema: public

ALTER TABLE public.session_notes ENABLE ROW LEVEL SECURITY;

-- Name: session_notes session_notes_not_billing; Type: POLICY; Schema: public

CREATE POLICY session_notes_not_billing ON public.session_notes AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: session_notes session_notes_own_inserts; Type: POLICY; Schema: public

CREATE POLICY session_notes_own_inserts ON public.session_notes AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND ((signed_by IS NULL) OR (signed_by = therapist_id)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id) AND ((appointment_id IS NULL) OR (public.sanctuary_appointment_therapist(appointment_id) = therapist_id)))));

-- Name: session_notes session_notes_own_updates; Type: POLICY; Schema: public

CREATE POLICY session_notes_own_updates ON public.session_notes AS RESTRICTIVE FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND ((signed_by IS NULL) OR (signed_by = therapist_id)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id) AND ((appointment_id IS NULL) OR (public.sanctuary_appointment_therapist(appointment_id) = therapist_id)))));

-- Name: session_notes session_notes_scope; Type: POLICY; Schema: public

CREATE POLICY session_notes_scope ON public.session_notes USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR ((NOT is_private) AND (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = session_notes.patient_id))))));

-- Name: session_notes session_notes_search; Type: POLICY; Schema: public

CREATE POLICY session_notes_search ON public.session_notes FOR SELECT TO sanctuary_search USING (true);

-- Name: tags; Type: ROW SECURITY; Schema: public

ALTER TABLE public.tags ENABLE ROW LEVEL SECURITY;

-- Name: tags tags_created; Type: POLICY; Schema: public

CREATE POLICY tags_created ON public.tags FOR INSERT WITH CHECK (true);

-- Name: tags tags_not_billing; Type: POLICY; Schema: public

CREATE POLICY tags_not_billing ON public.tags AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: tags tags_renamed; Type: POLICY; Schema: public

CREATE POLICY tags_renamed ON public.tags FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (NOT public.sanctuary_tag_carried(id, ( SELECT public.sanctuary_scope() AS sanctuary_scope)))));

-- Name: tags tags_visible; Type: POLICY; Schema: public

CREATE POLICY tags_visible ON public.tags FOR SELECT USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (EXISTS ( SELECT 1
   FROM public.note_tags nt
  WHERE (nt.tag_id = tags.id))) OR (NOT public.sanctuary_tag_carried(id))));

-- Name: treatment_plans; Type: ROW SECURITY; Schema: public

ALTER TABLE public.treatment_plans ENABLE ROW LEVEL SECURITY;

-- Name: treatment_plans treatment_plans_not_billing; Type: POLICY; Schema: public

CREATE POLICY treatment_plans_not_billing ON public.treatment_plans AS RESTRICTIVE TO sanctuary_billing USING (false);

-- Name: treatment_plans treatment_plans_own_deletes; Type: POLICY; Schema: public

CREATE POLICY treatment_plans_own_deletes ON public.treatment_plans AS RESTRICTIVE FOR DELETE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope))));

-- Name: treatment_plans treatment_plans_own_inserts; Type: POLICY; Schema: public

CREATE POLICY treatment_plans_own_inserts ON public.treatment_plans AS RESTRICTIVE FOR INSERT WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND ((signed_by IS NULL) OR (signed_by = therapist_id)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: treatment_plans treatment_plans_own_updates; Type: POLICY; Schema: public

CREATE POLICY treatment_plans_own_updates ON public.treatment_plans AS RESTRICTIVE FOR UPDATE USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)))) WITH CHECK (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR ((therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) AND ((signed_by IS NULL) OR (signed_by = therapist_id)) AND (public.sanctuary_patient_therapist(patient_id) = therapist_id))));

-- Name: treatment_plans treatment_plans_scope; Type: POLICY; Schema: public

CREATE POLICY treatment_plans_scope ON public.treatment_plans USING (((( SELECT public.sanctuary_scope() AS sanctuary_scope) IS NULL) OR (therapist_id = ( SELECT public.sanctuary_scope() AS sanctuary_scope)) OR (EXISTS ( SELECT 1
   FROM public.patients p
  WHERE (p.id = treatment_plans.patient_id)))));

-- Name: FUNCTION audit_head(); Type: ACL; Schema: public

REVOKE ALL ON FUNCTION public.audit_head() FROM PUBLIC;
GRANT ALL ON FUNCTION public.audit_head() TO sanctuary_clinician;
GRANT ALL ON FUNCTION public.audit_head() TO sanctuary_billing;

-- Name: FUNCTION audit_verify(); Type: ACL; Schema: public

REVOKE ALL ON FUNCTION public.audit_verify() FROM PUBLIC;
GRANT ALL ON FUNCTION public.audit_verify() TO sanctuary_clinician;
GRANT ALL ON FUNCTION public.audit_verify() TO sanctuary_billing;

-- Name: FUNCTION audit_verify_anchor(anchor_seq bigint, anchor_hash text); Type: ACL; Schema: public

REVOKE ALL ON FUNCTION public.audit_verify_anchor(anchor_seq bigint, anchor_hash text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.audit_verify_anchor(anchor_seq bigint, anchor_hash text) TO sanctuary_clinician;
GRANT ALL ON FUNCTION public.audit_verify_anchor(anchor_seq bigint, anchor_hash text) TO sanctuary_billing;

-- Name: FUNCTION audit_verify_since(from_seq bigint, from_hash text); Type: ACL; Schema: public

REVOKE ALL ON FUNCTION public.audit_verify_since(from_seq bigint, from_hash text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.audit_verify_since(from_seq bigint, from_hash text) TO sanctuary_clinician;
GRANT ALL ON FUNCTION public.audit_verify_since(from_seq bigint, from_hash text) TO sanctuary_billing;

-- Name: FUNCTION sanctuary_acting_therapist(); Type: ACL; Schema: public

GRANT ALL ON FUNCTION public.sanctuary_acting_therapist() TO sanctuary_clinician;
GRANT ALL ON FUNCTION public.sanctuary_acting_therapist() TO sanctuary_billing;

-- Name: FUNCTION sanctuary_audited_row_patient(table_name text, row_id uuid); Type: ACL; Schema: public

REVOKE ALL ON FUNCTION public.sanctuary_audited_row_patient(table_name text, row_id uuid) FROM PUBLIC;

-- Name: FUNCTION sanctuary_charge_note_state(charge uuid); Type: ACL; Schema: public

REVOKE ALL ON FUNCTION public.sanctuary_charge_note_state(charge uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.sanctuary_charge_note_state(charge uuid) TO sanctuary_clinician;
GRANT ALL ON FUNCTION public.sanctuary_charge_note_state(charge uuid) TO sanctuary_billing;

-- Name: FUNCTION sanctuary_merge_patients(keep uuid, other uuid, acting uuid); Type: ACL; Schema: public

REVOKE ALL ON FUNCTION public.sanctuary_merge_patients(keep uuid, other uuid, acting uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.sanctuary_merge_patients(keep uuid, other uuid, acting uuid) TO sanctuary_clinician;

-- Name: FUNCTION sanctuary_name_matches(search text); Type: ACL; Schema: public

REVOKE ALL ON FUNCTION public.sanctuary_name_matches(search text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.sanctuary_name_matches(search text) TO sanctuary_clinician;
GRANT ALL ON FUNCTION public.sanctuary_name_matches(search text) TO sanctuary_billing;
GRANT ALL ON FUNCTION public.sanctuary_name_matches(search text) TO sanctuary_owner;

-- Name: FUNCTION sanctuary_note_matches(query tsquery, therapist uuid, include_private boolean, top integer, pool integer, since date, until date); Type: ACL; Schema: public

REVOKE ALL ON FUNCTION public.sanctuary_note_matches(query tsquery, therapist uuid, include_private boolean, top integer, pool integer, since date, until date) FROM PUBLIC;
GRANT ALL ON FUNCTION public.sanctuary_note_matches(query tsquery, therapist uuid, include_private boolean, top integer, pool integer, since date, until date) TO sanctuary_clinician;
GRANT ALL ON FUNCTION public.sanctuary_note_matches(query tsquery, therapist uuid, include_private boolean, top integer, pool integer, since date, until date) TO sanctuary_billing;
GRANT ALL ON FUNCTION public.sanctuary_note_matches(query tsquery, therapist uuid, include_private boolean, top integer, pool integer, since date, until date) TO sanctuary_owner;

-- Name: FUNCTION sanctuary_record_read(p_table text, p_row_id text, p_patient_id uuid, p_action text); Type: ACL; Schema: public

REVOKE ALL ON FUNCTION public.sanctuary_record_read(p_table text, p_row_id text, p_patient_id uuid, p_action text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.sanctuary_record_read(p_table text, p_row_id text, p_patient_id uuid, p_action text) TO sanctuary_clinician;
GRANT ALL ON FUNCTION public.sanctuary_record_read(p_table text, p_row_id text, p_patient_id uuid, p_action text) TO sanctuary_billing;

-- Name: FUNCTION sanctuary_tag_carried(tag uuid, except_author uuid); Type: ACL; Schema: public

REVOKE ALL ON FUNCTION public.sanctuary_tag_carried(tag uuid, except_author uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.sanctuary_tag_carried(tag uuid, except_author uuid) TO sanctuary_clinician;

-- Name: FUNCTION sanctuary_tag_ids(names text[]); Type: ACL; Schema: public

REVOKE ALL ON FUNCTION public.sanctuary_tag_ids(names text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.sanctuary_tag_ids(names text[]) TO sanctuary_clinician;

-- Name: TABLE acknowledgements; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.acknowledgements TO sanctuary_clinician;
GRANT SELECT,INSERT ON TABLE public.acknowledgements TO sanctuary_billing;

-- Name: TABLE appointments; Type: ACL; Schema: public

GRANT SELECT,INSERT,UPDATE ON TABLE public.appointments TO sanctuary_clinician;
GRANT SELECT ON TABLE public.appointments TO sanctuary_billing;

-- Name: TABLE patients; Type: ACL; Schema: public

GRANT SELECT,INSERT,UPDATE ON TABLE public.patients TO sanctuary_clinician;
GRANT SELECT ON TABLE public.patients TO sanctuary_billing;
GRANT SELECT ON TABLE public.patients TO sanctuary_search;

-- Name: COLUMN patients.email; Type: ACL; Schema: public

GRANT UPDATE(email) ON TABLE public.patients TO sanctuary_billing;

-- Name: COLUMN patients.phone; Type: ACL; Schema: public

GRANT UPDATE(phone) ON TABLE public.patients TO sanctuary_billing;

-- Name: COLUMN patients.address; Type: ACL; Schema: public

GRANT UPDATE(address) ON TABLE public.patients TO sanctuary_billing;

-- Name: COLUMN patients.insurance_provider; Type: ACL; Schema: public

GRANT UPDATE(insurance_provider) ON TABLE public.patients TO sanctuary_billing;

-- Name: COLUMN patients.insurance_member_id; Type: ACL; Schema: public

GRANT UPDATE(insurance_member_id) ON TABLE public.patients TO sanctuary_billing;

-- Name: COLUMN patients.insurance_group_number; Type: ACL; Schema: public

GRANT UPDATE(insurance_group_number) ON TABLE public.patients TO sanctuary_billing;

-- Name: COLUMN patients.coverage_percent; Type: ACL; Schema: public

GRANT UPDATE(coverage_percent) ON TABLE public.patients TO sanctuary_billing;

-- Name: COLUMN patients.fee_exempt; Type: ACL; Schema: public

GRANT UPDATE(fee_exempt) ON TABLE public.patients TO sanctuary_billing;

-- Name: COLUMN patients.administrative_sex; Type: ACL; Schema: public

GRANT UPDATE(administrative_sex) ON TABLE public.patients TO sanctuary_billing;

-- Name: COLUMN patients.city; Type: ACL; Schema: public

GRANT UPDATE(city) ON TABLE public.patients TO sanctuary_billing;

-- Name: COLUMN patients.state; Type: ACL; Schema: public

GRANT UPDATE(state) ON TABLE public.patients TO sanctuary_billing;

-- Name: COLUMN patients.zip; Type: ACL; Schema: public

GRANT UPDATE(zip) ON TABLE public.patients TO sanctuary_billing;

-- Name: TABLE active_patients_with_appointments; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.active_patients_with_appointments TO sanctuary_clinician;
GRANT SELECT ON TABLE public.active_patients_with_appointments TO sanctuary_billing;

-- Name: TABLE audit_chain_head; Type: ACL; Schema: public

REVOKE ALL ON TABLE public.audit_chain_head FROM sanctuary_owner;
GRANT SELECT,INSERT,REFERENCES,TRIGGER,MAINTAIN,UPDATE ON TABLE public.audit_chain_head TO sanctuary_owner;

-- Name: TABLE audit_log; Type: ACL; Schema: public

REVOKE ALL ON TABLE public.audit_log FROM sanctuary_owner;
GRANT SELECT,INSERT,REFERENCES,TRIGGER,MAINTAIN ON TABLE public.audit_log TO sanctuary_owner;
GRANT SELECT ON TABLE public.audit_log TO sanctuary_clinician;

-- Name: TABLE billing_settings; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.billing_settings TO sanctuary_clinician;
GRANT SELECT,UPDATE ON TABLE public.billing_settings TO sanctuary_billing;

-- Name: TABLE charge_adjustments; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.charge_adjustments TO sanctuary_clinician;
GRANT SELECT,INSERT ON TABLE public.charge_adjustments TO sanctuary_billing;

-- Name: TABLE claim_batches; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.claim_batches TO sanctuary_clinician;
GRANT SELECT,INSERT ON TABLE public.claim_batches TO sanctuary_billing;

-- Name: SEQUENCE claim_control_number_seq; Type: ACL; Schema: public

GRANT USAGE ON SEQUENCE public.claim_control_number_seq TO sanctuary_clinician;
GRANT USAGE ON SEQUENCE public.claim_control_number_seq TO sanctuary_billing;

-- Name: TABLE claim_events; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.claim_events TO sanctuary_clinician;
GRANT SELECT,INSERT ON TABLE public.claim_events TO sanctuary_billing;

-- Name: TABLE claim_lines; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.claim_lines TO sanctuary_clinician;
GRANT SELECT,INSERT ON TABLE public.claim_lines TO sanctuary_billing;

-- Name: TABLE claims; Type: ACL; Schema: public

GRANT SELECT,INSERT,UPDATE ON TABLE public.claims TO sanctuary_clinician;
GRANT SELECT,INSERT,UPDATE ON TABLE public.claims TO sanctuary_billing;

-- Name: TABLE estimates; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.estimates TO sanctuary_clinician;
GRANT SELECT,INSERT ON TABLE public.estimates TO sanctuary_billing;

-- Name: TABLE financial_records; Type: ACL; Schema: public

GRANT SELECT,INSERT,UPDATE ON TABLE public.financial_records TO sanctuary_clinician;
GRANT SELECT,INSERT,UPDATE ON TABLE public.financial_records TO sanctuary_billing;

-- Name: TABLE payments; Type: ACL; Schema: public

GRANT SELECT,INSERT,UPDATE ON TABLE public.payments TO sanctuary_clinician;
GRANT SELECT,INSERT,UPDATE ON TABLE public.payments TO sanctuary_billing;

-- Name: TABLE refunds; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.refunds TO sanctuary_clinician;
GRANT SELECT,INSERT ON TABLE public.refunds TO sanctuary_billing;

-- Name: TABLE remittance_lines; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.remittance_lines TO sanctuary_clinician;
GRANT SELECT,INSERT ON TABLE public.remittance_lines TO sanctuary_billing;

-- Name: TABLE financial_record_balances; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.financial_record_balances TO sanctuary_clinician;
GRANT SELECT ON TABLE public.financial_record_balances TO sanctuary_billing;

-- Name: TABLE estimate_billing; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.estimate_billing TO sanctuary_clinician;
GRANT SELECT ON TABLE public.estimate_billing TO sanctuary_billing;

-- Name: TABLE estimate_lines; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.estimate_lines TO sanctuary_clinician;
GRANT SELECT,INSERT ON TABLE public.estimate_lines TO sanctuary_billing;

-- Name: TABLE financial_summary; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.financial_summary TO sanctuary_clinician;
GRANT SELECT ON TABLE public.financial_summary TO sanctuary_billing;

-- Name: TABLE measure_administrations; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.measure_administrations TO sanctuary_clinician;

-- Name: TABLE mood_entries; Type: ACL; Schema: public

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.mood_entries TO sanctuary_clinician;

-- Name: TABLE note_addenda; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.note_addenda TO sanctuary_clinician;

-- Name: TABLE note_plan_objectives; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.note_plan_objectives TO sanctuary_clinician;

-- Name: TABLE note_tags; Type: ACL; Schema: public

GRANT SELECT,INSERT,DELETE ON TABLE public.note_tags TO sanctuary_clinician;

-- Name: TABLE patient_merges; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.patient_merges TO sanctuary_clinician;

-- Name: TABLE patient_policies; Type: ACL; Schema: public

GRANT SELECT,INSERT,UPDATE ON TABLE public.patient_policies TO sanctuary_clinician;
GRANT SELECT,INSERT,UPDATE ON TABLE public.patient_policies TO sanctuary_billing;

-- Name: TABLE risk_resolutions; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.risk_resolutions TO sanctuary_clinician;

-- Name: TABLE session_notes; Type: ACL; Schema: public

GRANT SELECT,INSERT,UPDATE ON TABLE public.session_notes TO sanctuary_clinician;
GRANT SELECT ON TABLE public.session_notes TO sanctuary_search;

-- Name: TABLE patient_risk_status; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.patient_risk_status TO sanctuary_clinician;

-- Name: TABLE payers; Type: ACL; Schema: public

GRANT SELECT,INSERT,UPDATE ON TABLE public.payers TO sanctuary_clinician;
GRANT SELECT,INSERT,UPDATE ON TABLE public.payers TO sanctuary_billing;

-- Name: TABLE plan_objectives; Type: ACL; Schema: public

GRANT SELECT,INSERT,DELETE ON TABLE public.plan_objectives TO sanctuary_clinician;

-- Name: TABLE practice; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.practice TO sanctuary_clinician;
GRANT SELECT ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.name; Type: ACL; Schema: public

GRANT UPDATE(name) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.tax_id; Type: ACL; Schema: public

GRANT UPDATE(tax_id) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.tax_id_type; Type: ACL; Schema: public

GRANT UPDATE(tax_id_type) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.address; Type: ACL; Schema: public

GRANT UPDATE(address) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.city; Type: ACL; Schema: public

GRANT UPDATE(city) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.state; Type: ACL; Schema: public

GRANT UPDATE(state) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.zip; Type: ACL; Schema: public

GRANT UPDATE(zip) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.phone; Type: ACL; Schema: public

GRANT UPDATE(phone) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.npi; Type: ACL; Schema: public

GRANT UPDATE(npi) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.taxonomy; Type: ACL; Schema: public

GRANT UPDATE(taxonomy) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.submitter_id; Type: ACL; Schema: public

GRANT UPDATE(submitter_id) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.submitter_name; Type: ACL; Schema: public

GRANT UPDATE(submitter_name) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.submitter_contact; Type: ACL; Schema: public

GRANT UPDATE(submitter_contact) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.receiver_id; Type: ACL; Schema: public

GRANT UPDATE(receiver_id) ON TABLE public.practice TO sanctuary_billing;

-- Name: COLUMN practice.receiver_name; Type: ACL; Schema: public

GRANT UPDATE(receiver_name) ON TABLE public.practice TO sanctuary_billing;

-- Name: TABLE progress_areas; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.progress_areas TO sanctuary_clinician;
GRANT SELECT ON TABLE public.progress_areas TO sanctuary_billing;

-- Name: TABLE progress_entries; Type: ACL; Schema: public

GRANT SELECT,INSERT,UPDATE ON TABLE public.progress_entries TO sanctuary_clinician;

-- Name: TABLE reminders; Type: ACL; Schema: public

GRANT SELECT,INSERT,UPDATE ON TABLE public.reminders TO sanctuary_clinician;

-- Name: TABLE remittances; Type: ACL; Schema: public

GRANT SELECT,INSERT ON TABLE public.remittances TO sanctuary_clinician;
GRANT SELECT,INSERT ON TABLE public.remittances TO sanctuary_billing;

-- Name: TABLE schema_migrations; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.schema_migrations TO sanctuary_clinician;
GRANT SELECT ON TABLE public.schema_migrations TO sanctuary_billing;

-- Name: TABLE session_types; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.session_types TO sanctuary_clinician;
GRANT SELECT ON TABLE public.session_types TO sanctuary_billing;

-- Name: TABLE shared_session_notes; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.shared_session_notes TO sanctuary_clinician;

-- Name: COLUMN tags.id; Type: ACL; Schema: public

GRANT SELECT(id) ON TABLE public.tags TO sanctuary_clinician;

-- Name: COLUMN tags.name; Type: ACL; Schema: public

GRANT SELECT(name),UPDATE(name) ON TABLE public.tags TO sanctuary_clinician;

-- Name: COLUMN tags.category; Type: ACL; Schema: public

GRANT SELECT(category),UPDATE(category) ON TABLE public.tags TO sanctuary_clinician;

-- Name: COLUMN tags.created_at; Type: ACL; Schema: public

GRANT SELECT(created_at) ON TABLE public.tags TO sanctuary_clinician;

-- Name: TABLE tag_usage; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.tag_usage TO sanctuary_clinician;

-- Name: TABLE therapists; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.therapists TO sanctuary_clinician;
GRANT SELECT ON TABLE public.therapists TO sanctuary_billing;
GRANT SELECT ON TABLE public.therapists TO sanctuary_search;

-- Name: TABLE treatment_plans; Type: ACL; Schema: public

GRANT SELECT,INSERT,UPDATE ON TABLE public.treatment_plans TO sanctuary_clinician;

-- Name: TABLE upcoming_appointments; Type: ACL; Schema: public

GRANT SELECT ON TABLE public.upcoming_appointments TO sanctuary_clinician;
GRANT SELECT ON TABLE public.upcoming_appointments TO sanctuary_billing;

-- Name: SEQUENCE x12_group_seq; Type: ACL; Schema: public

GRANT USAGE ON SEQUENCE public.x12_group_seq TO sanctuary_clinician;
GRANT USAGE ON SEQUENCE public.x12_group_seq TO sanctuary_billing;

-- Name: SEQUENCE x12_interchange_seq; Type: ACL; Schema: public

GRANT USAGE ON SEQUENCE public.x12_interchange_seq TO sanctuary_clinician;
GRANT USAGE ON SEQUENCE public.x12_interchange_seq TO sanctuary_billing;

-- Name: SEQUENCE x12_transaction_set_seq; Type: ACL; Schema: public

GRANT USAGE ON SEQUENCE public.x12_transaction_set_seq TO sanctuary_clinician;
GRANT USAGE ON SEQUENCE public.x12_transaction_set_seq TO sanctuary_billing;
