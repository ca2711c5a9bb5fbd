-- 0092's write-off check, asking first whether the caller may see the charge at all
-- (docs/security.md; docs/claims.md, "What an 835 does to a charge").
--
-- The check runs as the owner with the therapist setting emptied, and a BEFORE ROW trigger runs
-- before row-level security checks the new row: a clinician's login inserting a write-off on a
-- colleague's charge was told that charge's balance ("more than the 100.00 still owed"), a made-up
-- id "not found" (so whether a charge exists), and the colleague's charge was locked. Now the
-- charge is looked up in the caller's own scope first, as sanctuary_charge_note_state (0091)
-- does (a clinician login is held to its own therapist whatever setting it made, a clinician
-- role that is no therapist's sees none); a charge not visible there, or none, gets one error
-- that names nothing; only then is the scope widened and the charge locked.
create or replace function check_write_off_fits_charge() returns trigger
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
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

comment on function check_write_off_fits_charge() is
    'Refuses a write-off beyond what the charge still owes, for a charge the caller may see; '
    'one error naming nothing otherwise.';
