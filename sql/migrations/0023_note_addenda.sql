-- Dated corrections and additions to a note, appended by a clinician; never edited or removed.

create table note_addenda (
    id uuid primary key default gen_random_uuid(),
    note_id uuid not null references session_notes (id),
    therapist_id uuid not null references therapists (id),
    body text not null check (btrim(body) <> ''),
    created_at timestamptz not null default now()
);

create index note_addenda_note_idx on note_addenda (note_id, created_at);

create function note_addenda_append_only() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
    raise exception 'Addenda are permanent; add another addendum instead'
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger note_addenda_no_change before update or delete on note_addenda
    for each row execute function note_addenda_append_only();

create trigger note_addenda_no_truncate before truncate on note_addenda
    for each statement execute function note_addenda_append_only();

comment on table note_addenda is
    'Append-only addenda to session notes: how a signed note is corrected.';
