-- The clinician a command acts for, answered by the database (sanctuary_cli/store/database.py
-- `ACTING`): a listing's query names `(select sanctuary_acting_therapist())` instead of an id the
-- client looked up first, which saved a round trip per command (bench/RESULTS.md, "Round
-- trips"). The rules are practice/clinician.py's, in the same order, with its messages:
--   1. --therapist / SANCTUARY_THERAPIST (sanctuary.acting_for, or sanctuary.therapist), by id
--      or email: that therapist, or "No therapist with email or id ...";
--   2. a clinician login: its own therapist;
--   3. the practice's default clinician (migration 0082), when active;
--   4. the only active therapist; none: "No therapist yet ..."; several: "Several therapists".
-- The errors use SQLSTATE SN001, which store/pg_errors.py shows as the one-line message, exit 1.

create or replace function sanctuary_acting_therapist() returns uuid
language plpgsql stable set search_path = pg_catalog, public, pg_temp as $$
declare
    given text := btrim(coalesce(nullif(current_setting('sanctuary.acting_for', true), ''),
                                 current_setting('sanctuary.therapist', true), ''));
    ref text := lower(given);
    found uuid;
    active bigint;
begin
    if ref <> '' then
        select t.id into found from therapists t where t.id::text = ref or lower(t.email) = ref;
        if found is null then
            raise exception 'No therapist with email or id %', quote_literal(given)
                using errcode = 'SN001';
        end if;
        return found;
    end if;
    select t.id into found from therapists t where t.db_role = current_user;
    if found is not null then
        return found;
    end if;
    select d.id into found
      from practice pr
      join therapists d on d.id = pr.default_therapist_id and d.is_active;
    if found is not null then
        return found;
    end if;
    select count(*), min(t.id::text)::uuid into active, found from therapists t where t.is_active;
    if active = 0 then
        raise exception 'No therapist yet: add one with `sanctuary therapists add` (or load the '
                        'demo with `sanctuary db init --demo`)'
            using errcode = 'SN001';
    end if;
    if active > 1 then
        raise exception 'Several therapists and no default clinician: choose one with '
                        '--therapist EMAIL or SANCTUARY_THERAPIST, or set the practice''s with '
                        '`sanctuary therapists default REF`'
            using errcode = 'SN001';
    end if;
    return found;
end;
$$;

comment on function sanctuary_acting_therapist() is
    'The therapist the command acts for (practice/clinician.py rules); SN001 errors say how '
    'to choose one.';

do $$
begin
    if to_regrole('sanctuary_clinician') is not null and to_regrole('sanctuary_billing') is not null
    then
        grant execute on function sanctuary_acting_therapist()
            to sanctuary_clinician, sanctuary_billing;
    end if;
end;
$$;
