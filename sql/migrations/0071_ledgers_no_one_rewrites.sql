-- Ledgers no one rewrites (docs/security.md, "Ledgers"). Money already recorded is corrected by
-- a new row, never by editing an old one: a payment keeps its amount, charge and date; a
-- charge keeps its amount once anything was paid on it; refunds are permanent; `paid` and
-- `refunded` describe the rows behind them and cannot be set otherwise; no balance is ever
-- negative. These are triggers, so they hold for every role (the owner included) and every
-- client; the product's own operations (billing pay / refund) already write rows this way.

create or replace function ledger_refuse_truncate() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    raise exception '% is a ledger and cannot be truncated', tg_table_name
        using errcode = 'integrity_constraint_violation';
end;
$$;

-- A payment is permanent: what, where and when it was paid. Its method and reference (a check
-- number written down wrong) may still be corrected.
create or replace function payments_refuse_rewrite() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
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

create trigger payments_permanent before update or delete on payments
    for each row execute function payments_refuse_rewrite();
create trigger payments_no_truncate before truncate on payments
    for each statement execute function ledger_refuse_truncate();

create or replace function refunds_refuse_rewrite() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    raise exception 'Refunds are permanent; % is not allowed', tg_op
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger refunds_permanent before update or delete on refunds
    for each row execute function refunds_refuse_rewrite();
create trigger refunds_no_truncate before truncate on refunds
    for each statement execute function ledger_refuse_truncate();

-- A refund returns money that was paid, no more than what is left of it. The charge row is
-- locked first, so two refunds at once cannot together return more than was paid.
create or replace function check_refund_fits_payments() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
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

create trigger refunds_fit_payments before insert on refunds
    for each row execute function check_refund_fits_payments();

-- The charge side. Its paid total is kept by 0060; here its amount and status follow the
-- payments and refunds behind them. Runs as the owner with the therapist setting emptied, so
-- every refund of the charge counts whatever scope the caller set.
create or replace function financial_records_refuse_rewrite() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
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

create trigger financial_records_permanent before update or delete on financial_records
    for each row execute function financial_records_refuse_rewrite();
create trigger financial_records_no_truncate before truncate on financial_records
    for each statement execute function ledger_refuse_truncate();

-- No balance below zero, whoever writes.
alter table financial_records
    add constraint financial_records_paid_within_amount check (amount_paid <= amount);

comment on function payments_refuse_rewrite() is
    'A payment keeps its amount, charge and date, and is never deleted (docs/security.md).';
comment on function financial_records_refuse_rewrite() is
    'A charge keeps its amount once paid against; paid and refunded follow the payment and '
    'refund rows; charges are never deleted.';
