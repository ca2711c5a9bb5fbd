-- Writes only in one's own name (docs/security.md, "Writes"). The policies of 0040 and 0042
-- decide what a role may READ: a clinician sees their own rows and the rows about their
-- patients. For writes that was too wide: a clinician could insert a note signed in a
-- colleague's name, book a phantom appointment in a colleague's calendar (and, by rolling such
-- inserts back, read the colleague's schedule off the exclusion constraint), or put notes,
-- charges and measures into a colleague's patient's chart given its id.
--
-- When a therapist is acted for (a clinician login, or the owner and billing staff with
-- sanctuary.therapist set), every row written must be in that therapist's name -- therapist,
-- author, signer -- and about that therapist's own patient, appointment, note or charge. The
-- policies are RESTRICTIVE, so they narrow the permissive ones of 0040 rather than widen them,
-- and PostgreSQL checks them before any constraint, so a refused row never reaches the
-- exclusion constraint or a unique index. With no therapist acted for (the owner setting up or
-- loading the practice), nothing changes.

-- Whose a patient, appointment, note or charge is: its therapist, read with the caller's own
-- row-level security (null when the caller cannot see it, which fails every check below).
create or replace function sanctuary_patient_therapist(patient uuid) returns uuid
language sql stable set search_path = pg_catalog, public, pg_temp as $$
    select p.therapist_id from patients p where p.id = patient
$$;

create or replace function sanctuary_appointment_therapist(appointment uuid) returns uuid
language sql stable set search_path = pg_catalog, public, pg_temp as $$
    select a.therapist_id from appointments a where a.id = appointment
$$;

create or replace function sanctuary_note_author(note uuid) returns uuid
language sql stable set search_path = pg_catalog, public, pg_temp as $$
    select n.therapist_id from session_notes n where n.id = note
$$;

create or replace function sanctuary_charge_therapist(charge uuid) returns uuid
language sql stable set search_path = pg_catalog, public, pg_temp as $$
    select f.therapist_id from financial_records f where f.id = charge
$$;

-- Each policy reads: no therapist is acted for, or the row is in the acted-for therapist's
-- name and what it points at is theirs. `(select sanctuary_scope())` is a scalar subquery, so
-- it runs once per statement, not once per row.

create policy patients_own_inserts on patients as restrictive for insert
    with check ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()));
create policy patients_own_updates on patients as restrictive for update
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()));

create policy appointments_own_inserts on appointments as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id));
create policy appointments_own_updates on appointments as restrictive for update
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id));

create policy session_notes_own_inserts on session_notes as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and (signed_by is null or signed_by = therapist_id)
                    and sanctuary_patient_therapist(patient_id) = therapist_id
                    and (appointment_id is null
                         or sanctuary_appointment_therapist(appointment_id) = therapist_id)));
create policy session_notes_own_updates on session_notes as restrictive for update
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and (signed_by is null or signed_by = therapist_id)
                    and sanctuary_patient_therapist(patient_id) = therapist_id
                    and (appointment_id is null
                         or sanctuary_appointment_therapist(appointment_id) = therapist_id)));

create policy note_addenda_own_inserts on note_addenda as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_note_author(note_id) = therapist_id));

create policy note_tags_own_inserts on note_tags as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or sanctuary_note_author(note_id) = (select sanctuary_scope()));
create policy note_tags_own_deletes on note_tags as restrictive for delete
    using ((select sanctuary_scope()) is null
           or sanctuary_note_author(note_id) = (select sanctuary_scope()));

create policy mood_entries_own_inserts on mood_entries as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id));
create policy mood_entries_own_updates on mood_entries as restrictive for update
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id));

create policy progress_entries_own_inserts on progress_entries as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id));
create policy progress_entries_own_updates on progress_entries as restrictive for update
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id));

create policy measure_administrations_own_inserts on measure_administrations as restrictive
    for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id));

create policy financial_records_own_inserts on financial_records as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id
                    and (appointment_id is null
                         or sanctuary_appointment_therapist(appointment_id) = therapist_id)));
create policy financial_records_own_updates on financial_records as restrictive for update
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id
                    and (appointment_id is null
                         or sanctuary_appointment_therapist(appointment_id) = therapist_id)));

create policy payments_own_inserts on payments as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or sanctuary_charge_therapist(financial_record_id) = (select sanctuary_scope()));
create policy payments_own_updates on payments as restrictive for update
    using ((select sanctuary_scope()) is null
           or sanctuary_charge_therapist(financial_record_id) = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null
                or sanctuary_charge_therapist(financial_record_id) = (select sanctuary_scope()));

create policy refunds_own_inserts on refunds as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or sanctuary_charge_therapist(financial_record_id) = (select sanctuary_scope()));

-- Billing staff write charges and payments, never appointments or measures, whatever grant
-- slips in (0040 already refuses them notes, mood and progress).
do $$
begin
    if to_regrole('sanctuary_billing') is null then
        return;
    end if;
    create policy appointments_not_billing_writes on appointments as restrictive
        for insert to sanctuary_billing with check (false);
    create policy measure_administrations_not_billing_writes on measure_administrations
        as restrictive for insert to sanctuary_billing with check (false);
end;
$$;
