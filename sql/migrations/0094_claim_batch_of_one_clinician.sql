-- A claim file filed under a clinician holds only that clinician's claims (docs/security.md;
-- docs/claims.md, "The daily routine").
--
-- claim_batches keeps the whole 837P, and a clinician's login reads the batches filed under its
-- therapist (0091's claim_batches_scope). A file exported for the practice, or by the owner for
-- several clinicians, names other clinicians' patients (names, birth dates, member ids,
-- diagnoses), so it is filed under none (therapist_id null: the owner and billing staff see it,
-- no clinician's login does). claims export files it so; here the database refuses a claim
-- into a batch of another clinician, or into one the caller cannot see. Batches are permanent
-- (0091), so their therapist never changes after the fact either.
create or replace function claims_batch_is_theirs() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
declare
    found boolean;
    filed_under uuid;
begin
    if new.batch_id is null
       or (tg_op = 'UPDATE' and new.batch_id is not distinct from old.batch_id) then
        return new;
    end if;
    select true, b.therapist_id into found, filed_under
      from claim_batches b where b.id = new.batch_id;
    if found is null or filed_under <> new.therapist_id then
        raise exception 'A claim file filed under a clinician holds only that clinician''s claims'
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

create trigger claims_batch_theirs before insert or update of batch_id on claims
    for each row execute function claims_batch_is_theirs();

comment on function claims_batch_is_theirs() is
    'Refuses a claim into a batch filed under another clinician (or one the caller cannot see).';
