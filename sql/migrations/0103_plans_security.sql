-- Row-level security, privileges and audit for treatment plans (docs/security.md), as for
-- session notes: a plan is read by its author and by the patient's clinician (the model of
-- 0040's session_notes policy), written only in one's own name about one's own patient (the
-- restrictive policies of 0070), never seen by billing staff; every change is in the audit
-- log, and reads of plan content are recorded by the product (sanctuary_record_read).

-- Who wrote a plan version, read with the caller's own row-level security (as 0070's
-- sanctuary_note_author): null when the caller cannot see it, which fails every check below.
create or replace function sanctuary_plan_author(plan uuid) returns uuid
language sql stable set search_path = pg_catalog, public, pg_temp as $$
    select t.therapist_id from treatment_plans t where t.id = plan
$$;

alter table treatment_plans enable row level security, force row level security;
create policy treatment_plans_scope on treatment_plans
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or exists (select 1 from patients p where p.id = treatment_plans.patient_id));

alter table plan_objectives enable row level security, force row level security;
create policy plan_objectives_scope on plan_objectives
    using ((select sanctuary_scope()) is null
           or exists (select 1 from treatment_plans t where t.id = plan_objectives.plan_id));

alter table note_plan_objectives enable row level security, force row level security;
create policy note_plan_objectives_scope on note_plan_objectives
    using ((select sanctuary_scope()) is null
           or exists (select 1 from session_notes n where n.id = note_plan_objectives.note_id));

create policy treatment_plans_own_inserts on treatment_plans as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and (signed_by is null or signed_by = therapist_id)
                    and sanctuary_patient_therapist(patient_id) = therapist_id));
create policy treatment_plans_own_updates on treatment_plans as restrictive for update
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and (signed_by is null or signed_by = therapist_id)
                    and sanctuary_patient_therapist(patient_id) = therapist_id));
create policy treatment_plans_own_deletes on treatment_plans as restrictive for delete
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()));

create policy plan_objectives_own_inserts on plan_objectives as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or sanctuary_plan_author(plan_id) = (select sanctuary_scope()));
create policy plan_objectives_own_updates on plan_objectives as restrictive for update
    using ((select sanctuary_scope()) is null
           or sanctuary_plan_author(plan_id) = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null
                or sanctuary_plan_author(plan_id) = (select sanctuary_scope()));
create policy plan_objectives_own_deletes on plan_objectives as restrictive for delete
    using ((select sanctuary_scope()) is null
           or sanctuary_plan_author(plan_id) = (select sanctuary_scope()));

create policy note_plan_objectives_own_inserts on note_plan_objectives as restrictive
    for insert
    with check ((select sanctuary_scope()) is null
                or sanctuary_note_author(note_id) = (select sanctuary_scope()));
create policy note_plan_objectives_own_deletes on note_plan_objectives as restrictive
    for delete
    using ((select sanctuary_scope()) is null
           or sanctuary_note_author(note_id) = (select sanctuary_scope()));

create trigger treatment_plans_audit after insert or update or delete on treatment_plans
    for each row execute function audit_row_change();
create trigger plan_objectives_audit after insert or update or delete on plan_objectives
    for each row execute function audit_row_change();
create trigger note_plan_objectives_audit after insert or update or delete
    on note_plan_objectives
    for each row execute function audit_row_change();

do $$
begin
    if to_regrole('sanctuary_clinician') is null or to_regrole('sanctuary_billing') is null then
        return;
    end if;
    create policy treatment_plans_not_billing on treatment_plans as restrictive
        to sanctuary_billing using (false);
    create policy plan_objectives_not_billing on plan_objectives as restrictive
        to sanctuary_billing using (false);
    create policy note_plan_objectives_not_billing on note_plan_objectives as restrictive
        to sanctuary_billing using (false);

    grant select, insert, update on treatment_plans to sanctuary_clinician;
    -- A draft's objectives are replaced whole when the draft is rewritten.
    grant select, insert, delete on plan_objectives to sanctuary_clinician;
    grant select, insert on note_plan_objectives to sanctuary_clinician;
end;
$$;

-- 0074's read audit, unchanged but for the kinds of row it accepts: treatment plan versions
-- and their objectives are clinical content too (billing staff are never shown them).
create or replace function sanctuary_record_read(
    p_table text, p_row_id text, p_patient_id uuid, p_action text default 'READ'
) returns bigint
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
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
