-- A patient's consent to appointment reminders (docs/SPEC.md section 10; docs/reminders.md,
-- "Consent"): `patients edit REF --reminders email|none`, none unless the patient said yes.
--
-- The choice is one column per patient, with when it was last recorded and by whom: the
-- clinician acted for (sanctuary_actor_therapist, as the audit trail names them) and the
-- login role. The database writes those three itself whenever the choice changes, so no
-- client can backdate a consent or put it in someone else's name; the change is also an
-- UPDATE entry of the audit log (patients_audit names the columns that changed).

alter table patients
    add column reminders text not null default 'none'
        constraint patients_reminders_check check (reminders in ('email', 'none')),
    add column reminders_consent_at timestamptz,
    add column reminders_consent_by uuid references therapists (id),
    add column reminders_consent_role name,
    add constraint patients_reminders_consent_recorded
        check (reminders = 'none' or reminders_consent_at is not null);

comment on column patients.reminders is
    'Appointment reminders the patient agreed to: email, or none (the default).';
comment on column patients.reminders_consent_at is
    'When the current reminders choice was recorded (consent given or withdrawn); set by the '
    'database.';
comment on column patients.reminders_consent_by is
    'The clinician acted for when the reminders choice was recorded; set by the database.';
comment on column patients.reminders_consent_role is
    'The login role that recorded the reminders choice; set by the database.';

create or replace function patients_record_reminder_consent() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
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

create trigger patients_reminder_consent before insert or update on patients
    for each row execute function patients_record_reminder_consent();
