-- A signed note is locked (0022), and so is what it says about its session: the appointment
-- under a signed note keeps its time, length, patient and clinician. Moving it would make the
-- signed record describe a session that did not happen then (docs/security.md, "Notes").
-- Its status may still change (a session marked completed after the note was signed).

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

create trigger appointments_signed_session before update on appointments
    for each row execute function appointments_keep_signed_session();

comment on function appointments_keep_signed_session() is
    'The appointment of a signed note keeps its time, length, patient and clinician.';
