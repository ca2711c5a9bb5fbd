-- Billing rules the database keeps for every client (CLI, psql, a future API): crisis add-on
-- codes, the practice's billing settings (a signed note before a session is billed), refunds,
-- one session charge per appointment, and payments that can never overpay a charge.

-- 90839 crisis psychotherapy is billed with 90840 add-on units for each further 30 minutes.
alter table financial_records
    add column addon_cpt_code text check (addon_cpt_code ~ '^[0-9]{4}[0-9A-Z]$'),
    add column addon_units integer check (addon_units > 0),
    add constraint financial_records_addon_complete
        check ((addon_cpt_code is null) = (addon_units is null));

comment on column financial_records.addon_cpt_code is
    'Add-on procedure billed with the main code (90840 with 90839); the amount covers both.';

-- One row: the practice's billing settings.
create table billing_settings (
    id boolean primary key default true check (id),
    require_signed_note boolean not null default false,
    default_due_days integer not null default 30 check (default_due_days between 0 and 365),
    updated_at timestamptz not null default now()
);

insert into billing_settings (id) values (true);

create trigger billing_settings_updated_at before update on billing_settings
    for each row execute function set_updated_at();

comment on table billing_settings is
    'Practice billing settings (one row): require a signed note before a session is billed, '
    'default days until a charge is due.';

-- A refund returns what was paid on a charge; the charge is then marked refunded.
create table refunds (
    id uuid primary key default gen_random_uuid(),
    financial_record_id uuid not null references financial_records (id),
    amount numeric(10, 2) not null check (amount > 0),
    reason text,
    refunded_at timestamptz not null default now(),
    created_at timestamptz not null default now()
);

create index refunds_record_idx on refunds (financial_record_id);

comment on table refunds is 'Money returned on a charge; the charge''s status becomes refunded.';

-- An appointment is billed once as a session (fees such as late-fee are separate records).
create unique index financial_records_one_session_per_appointment_idx
    on financial_records (appointment_id)
    where appointment_id is not null
      and record_type = 'session'
      and status not in ('cancelled', 'refunded');

-- Collections by day (report weekly/monthly).
create index payments_paid_at_idx on payments (paid_at);

-- With require_signed_note set, a session charge for an appointment needs a signed,
-- non-private note on that appointment.
create function require_signed_note_before_billing() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
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

create trigger financial_records_signed_note before insert or update of appointment_id
    on financial_records for each row execute function require_signed_note_before_billing();

-- Payments lock their charge row first, so two concurrent payments are serialized and
-- together can never exceed the amount; a cancelled or refunded charge takes no payment.
create function check_payment_fits_balance() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
declare
    charge record;
    already numeric;
begin
    select fr.amount, fr.status into charge
      from financial_records fr
     where fr.id = new.financial_record_id
       for update;
    if charge.status in ('cancelled', 'refunded') then
        raise exception 'This charge is %; it takes no payments', charge.status
            using errcode = 'check_violation';
    end if;
    select coalesce(sum(p.amount), 0) into already
      from payments p
     where p.financial_record_id = new.financial_record_id;
    if already + new.amount > charge.amount then
        raise exception 'Payment of % exceeds the balance of % on this charge',
            new.amount, charge.amount - already
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

create trigger payments_fit_balance before insert on payments
    for each row execute function check_payment_fits_balance();

comment on function check_payment_fits_balance() is
    'Locks the charge (SELECT ... FOR UPDATE) and refuses a payment beyond its balance.';
