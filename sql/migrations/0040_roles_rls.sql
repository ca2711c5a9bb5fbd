-- Roles and row-level security (SPEC.md section 5; docs/security.md explains the model).
--
-- Who sees what is decided by sanctuary_scope(): the therapist whose rows the current role may
-- see, or null for the whole practice.
--   * a clinician login role (therapists.db_role = current_user) sees its own therapist's rows,
--     whatever it sets; any other member of sanctuary_clinician sees nothing;
--   * the schema owner (the CLI's everyday connection) and billing staff see the therapist named
--     by the transaction-local setting sanctuary.therapist (email or id, set by the CLI from
--     --therapist / SANCTUARY_THERAPIST with set_config(..., true)), or the whole practice when
--     it is empty; an unknown therapist sees nothing.
-- Every table with patient data has FORCE ROW LEVEL SECURITY, so the owner is subject too.

-- Group roles are cluster-wide: several databases of one cluster share them, so create them
-- once and tolerate a concurrent migration of another database creating them first. An owner
-- without CREATEROLE still migrates: the roles are then absent and only the owner connects.
do $$
declare
    r text;
begin
    foreach r in array array['sanctuary_clinician', 'sanctuary_billing'] loop
        if to_regrole(r) is null then
            begin
                execute format('create role %I nologin', r);
            exception
                when duplicate_object or unique_violation then
                    null;
                when insufficient_privilege then
                    raise notice 'cannot create role % (no CREATEROLE); skipped', r;
            end;
        end if;
    end loop;
    if to_regrole('sanctuary_clinician') is not null and to_regrole('sanctuary_billing') is not null
    then
        -- Login roles are members of the groups; they need to reach this database.
        execute format('grant connect on database %I to sanctuary_clinician, sanctuary_billing',
                       current_database());
    end if;
exception when insufficient_privilege then
    raise notice 'granting CONNECT needs the database owner; skipped';
end;
$$;

alter table therapists add column db_role name unique;

comment on column therapists.db_role is
    'Login role of this clinician (therapists add --login); row-level security keys on it.';

-- The therapist whose rows the current role may see; null = the whole practice.
create function sanctuary_scope() returns uuid
language plpgsql stable set search_path = pg_catalog, public as $$
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

comment on function sanctuary_scope() is
    'Therapist whose rows the current role may see (null = whole practice): the clinician login '
    'role''s own therapist, else the transaction setting sanctuary.therapist (email or id).';

-- Policies call sanctuary_scope() in a scalar subquery, so it runs once per statement.

alter table patients enable row level security, force row level security;
create policy patients_scope on patients
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()));

-- A row of a therapist-keyed table is visible to its therapist and to the patient's therapist.
alter table appointments enable row level security, force row level security;
create policy appointments_scope on appointments
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or exists (select 1 from patients p where p.id = appointments.patient_id));

alter table financial_records enable row level security, force row level security;
create policy financial_records_scope on financial_records
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or exists (select 1 from patients p where p.id = financial_records.patient_id));

-- Private psychotherapy notes: their author only (SPEC.md section 3).
alter table session_notes enable row level security, force row level security;
create policy session_notes_scope on session_notes
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or (not is_private
               and exists (select 1 from patients p where p.id = session_notes.patient_id)));

-- Patient-keyed tables: visible when the patient is (the patients policy decides).
alter table mood_entries enable row level security, force row level security;
create policy mood_entries_scope on mood_entries
    using ((select sanctuary_scope()) is null
           or exists (select 1 from patients p where p.id = mood_entries.patient_id));

alter table progress_entries enable row level security, force row level security;
create policy progress_entries_scope on progress_entries
    using ((select sanctuary_scope()) is null
           or exists (select 1 from patients p where p.id = progress_entries.patient_id));

alter table payments enable row level security, force row level security;
create policy payments_scope on payments
    using ((select sanctuary_scope()) is null
           or exists (select 1 from financial_records f where f.id = payments.financial_record_id));

alter table note_tags enable row level security, force row level security;
create policy note_tags_scope on note_tags
    using ((select sanctuary_scope()) is null
           or exists (select 1 from session_notes n where n.id = note_tags.note_id));

-- Views run with the querying role's rights, so they never bypass the policies above.
do $$
declare
    v record;
begin
    for v in select c.relname
               from pg_class c
              where c.relkind = 'v' and c.relnamespace = current_schema()::regnamespace
    loop
        execute format('alter view %I set (security_invoker = true)', v.relname);
    end loop;
end;
$$;

-- Billing staff never see clinical content, even if a grant slips in by mistake. Nothing is
-- deleted by an application role except a note's tags. Skipped when the roles are absent.
do $$
begin
    if to_regrole('sanctuary_clinician') is null or to_regrole('sanctuary_billing') is null then
        return;
    end if;
    create policy session_notes_not_billing on session_notes as restrictive
        to sanctuary_billing using (false);
    create policy mood_entries_not_billing on mood_entries as restrictive
        to sanctuary_billing using (false);
    create policy progress_entries_not_billing on progress_entries as restrictive
        to sanctuary_billing using (false);
    create policy note_tags_not_billing on note_tags as restrictive
        to sanctuary_billing using (false);

    grant select on therapists, session_types, progress_areas, tags
        to sanctuary_clinician, sanctuary_billing;
    grant select, insert, update on patients, appointments, session_notes, mood_entries,
        progress_entries, financial_records, payments, tags to sanctuary_clinician;
    grant select, insert, delete on note_tags to sanctuary_clinician;
    grant select on upcoming_appointments, financial_record_balances, financial_summary,
        active_patients_with_appointments to sanctuary_clinician, sanctuary_billing;

    grant select, update on patients to sanctuary_billing;
    grant select on appointments to sanctuary_billing;
    grant select, insert, update on financial_records, payments to sanctuary_billing;
end;
$$;
