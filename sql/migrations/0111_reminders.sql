-- Appointment reminders, each sent at most once (docs/SPEC.md section 10; docs/reminders.md,
-- "Sent once").
--
-- A reminder is one row, unique by what it announces: the appointment, the start it announces
-- and the channel. A moved appointment therefore needs a new reminder (its start changed) and
-- a cancelled one gets none. A row goes through these states, and only these:
--
--   queued   claimed by one run of `reminders send` (claimed_by), not yet handed to the server;
--            a run that stopped leaves it, and another run takes it over once the claim is old
--   sending  being handed to the mail server: only the run that claimed it moves it here, and
--            only while the appointment is still scheduled at that start for a consenting
--            patient at that address
--   sent     the server accepted it
--   refused  the server said no (reply_code); tried again only when that was temporary (4xx)
--            or the patient's address changed since
--   failed   not sent (no connection, or the run stopped first); tried again by the next run
--   dropped  not sent: the appointment was cancelled or moved, or consent withdrawn, between
--            the claim and the sending; claimed again if it becomes due again
--   unknown  the connection or the run broke while it was being handed over: it may have
--            arrived, so it is never sent again automatically
--
-- Nothing is ever removed: the rows are the record of what went to whom. A trigger refuses
-- any other change, whoever makes it, so that no client can send a reminder twice by moving a
-- sent (or maybe sent) row back; the unique key makes two runs at once claim each reminder once.

create table reminders (
    id uuid primary key default gen_random_uuid(),
    appointment_id uuid not null references appointments (id),
    starts_at timestamptz not null,
    channel text not null default 'email' constraint reminders_channel_check
        check (channel in ('email')),
    patient_id uuid not null references patients (id),
    therapist_id uuid not null references therapists (id),
    recipient text not null constraint reminders_recipient_check check (btrim(recipient) <> ''),
    status text not null default 'queued' constraint reminders_status_check
        check (status in ('queued', 'sending', 'sent', 'refused', 'failed', 'dropped', 'unknown')),
    claimed_by uuid not null,
    claimed_at timestamptz not null default now(),
    sending_at timestamptz,
    sent_at timestamptz,
    message_id text,
    reply_code smallint,
    retryable boolean not null default false,
    reason text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint reminders_once unique (appointment_id, starts_at, channel),
    constraint reminders_sent_when check ((status = 'sent') = (sent_at is not null)),
    constraint reminders_handed_over_when
        check (status not in ('sending', 'sent', 'unknown') or sending_at is not null),
    constraint reminders_retry_when
        check (not retryable or status in ('refused', 'failed', 'dropped'))
);

create index reminders_starts_at_idx on reminders (starts_at);
create index reminders_patient_idx on reminders (patient_id);
create index reminders_handed_over_idx on reminders (sending_at) where status = 'sending';

comment on table reminders is
    'Appointment reminders: one per appointment, start announced and channel, with its state '
    '(queued, sending, sent, refused, failed, dropped, unknown); never removed.';
comment on column reminders.starts_at is 'The start the reminder announces (the key''s time).';
comment on column reminders.recipient is 'The address the reminder was (to be) sent to.';
comment on column reminders.claimed_by is 'The run of `reminders send` that claimed it.';
comment on column reminders.sending_at is 'When it was handed to the mail server.';
comment on column reminders.retryable is
    'A later run may send it: not sent (failed, dropped) or refused for now (4xx).';
comment on column reminders.reason is 'Why it was refused, failed, dropped or is unknown.';

create trigger reminders_updated_at before update on reminders
    for each row execute function set_updated_at();

-- The states above, for every client. A claim (a row becoming queued for a run) is allowed
-- only for an appointment scheduled at the start announced, of a patient who consented to the
-- channel at the recipient address; the claim locks both rows first (sql/queries/reminders.sql),
-- so this check and the claim see the same appointment.
create or replace function reminders_keep_states() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
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

create trigger reminders_states before insert or update or delete on reminders
    for each row execute function reminders_keep_states();

create or replace function reminders_refuse_truncate() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    raise exception 'Reminders are the record of what was sent; they cannot be truncated'
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger reminders_no_truncate before truncate on reminders
    for each statement execute function reminders_refuse_truncate();

create trigger reminders_audit after insert or update or delete on reminders
    for each row execute function audit_row_change();

-- Who sees and writes which reminders: as for appointments (0040, 0070).
alter table reminders enable row level security, force row level security;
create policy reminders_scope on reminders
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or exists (select 1 from patients p where p.id = reminders.patient_id));
create policy reminders_own_inserts on reminders as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_appointment_therapist(appointment_id) = therapist_id));
create policy reminders_own_updates on reminders as restrictive for update
    using ((select sanctuary_scope()) is null or therapist_id = (select sanctuary_scope()))
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_appointment_therapist(appointment_id) = therapist_id));

-- Billing staff neither send reminders nor read whom they went to.
do $$
begin
    if to_regrole('sanctuary_clinician') is null or to_regrole('sanctuary_billing') is null then
        return;
    end if;
    create policy reminders_not_billing on reminders as restrictive
        to sanctuary_billing using (false);
    grant select, insert, update on reminders to sanctuary_clinician;
end;
$$;
