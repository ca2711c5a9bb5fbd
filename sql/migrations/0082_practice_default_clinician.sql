-- The practice itself (docs/SPEC.md section 7): one row, like billing_settings. It holds the
-- default clinician, whom the CLI acts for when neither --therapist nor SANCTUARY_THERAPIST
-- names one, so adding a colleague never breaks a cron job
-- (docs/guide.md, "Several clinicians"). The practice's billing profile is to join it later.
--
-- Row-level security is unchanged: the owner with no therapist setting still sees the whole
-- practice, and a clinician login still acts for itself whatever the default is. The default
-- is the CLI's choice of whom to act for, and the audit trail names it (below).

create table practice (
    id boolean primary key default true check (id),
    default_therapist_id uuid references therapists (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

insert into practice (id) values (true);

create trigger practice_updated_at before update on practice
    for each row execute function set_updated_at();

-- The row is the practice: without it no default could be kept.
create or replace function practice_refuse_delete() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    raise exception 'The practice row cannot be removed; change its fields instead'
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger practice_kept before delete or truncate on practice
    for each statement execute function practice_refuse_delete();

comment on table practice is
    'The practice (one row): the default clinician the CLI acts for when none is chosen.';
comment on column practice.default_therapist_id is
    'Acted for when neither --therapist nor SANCTUARY_THERAPIST names a clinician '
    '(therapists default); the first therapist becomes it when a second is added.';

-- Audit entries name the clinician acted for the way the CLI chooses one (0044): the login
-- role's therapist, else sanctuary.therapist, else sanctuary.acting_for (set by the CLI when a
-- listing reads the whole practice with --all-therapists: the therapist setting is emptied for
-- that, but the person is still acting for their clinician), else the practice default, else
-- the only active therapist. Null only when none of these names one.
create or replace function sanctuary_actor_therapist() returns uuid
language sql stable set search_path = pg_catalog, public, pg_temp as $$
    with chosen as (
        select lower(btrim(coalesce(current_setting('sanctuary.therapist', true), ''))) as ref,
               lower(btrim(coalesce(current_setting('sanctuary.acting_for', true), '')))
                   as acting_for
    )
    select coalesce(
        (select t.id from therapists t where t.db_role = session_user),
        (select t.id from therapists t, chosen c where c.ref in (t.id::text, lower(t.email))),
        (select t.id
           from therapists t, chosen c
          where c.ref = '' and c.acting_for in (t.id::text, lower(t.email))),
        (select t.id
           from practice p
           join therapists t on t.id = p.default_therapist_id and t.is_active
          cross join chosen c
          where p.id and c.ref = '' and c.acting_for = ''),
        (select min(t.id::text)::uuid
           from therapists t, chosen c
          where t.is_active and c.ref = '' and c.acting_for = ''
         having count(*) = 1))
$$;

do $$
begin
    if to_regrole('sanctuary_clinician') is null or to_regrole('sanctuary_billing') is null then
        return;
    end if;
    grant select on practice to sanctuary_clinician, sanctuary_billing;
end;
$$;
