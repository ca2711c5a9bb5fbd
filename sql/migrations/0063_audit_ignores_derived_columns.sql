-- An update is audited for what a person changed, not for columns the database keeps by itself:
-- updated_at, a charge's paid total (0060: the payment that changed it has its own entry) and
-- a note's search vector (0062: derived from the content, which is listed). An update that
-- changed only those writes no entry.

create or replace function audit_row_change() returns trigger
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

