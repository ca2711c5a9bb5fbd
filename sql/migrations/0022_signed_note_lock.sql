-- A signed note is a legal record: the database refuses any change to it, from the CLI, psql
-- or anything else. Signing (setting signed_at/signed_by on an unsigned note) is the last
-- update a note takes; corrections after that are addenda (note_addenda).

create function session_notes_refuse_signed_change() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
    if old.signed_at is not null then
        raise exception 'Note % is signed and cannot be changed; add an addendum instead',
            left(old.id::text, 8)
            using errcode = 'integrity_constraint_violation',
                  hint = 'sanctuary notes amend NOTE';
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    return new;
end;
$$;

create trigger session_notes_signed_lock before update or delete on session_notes
    for each row execute function session_notes_refuse_signed_change();

-- TRUNCATE skips row triggers, so it gets its own guard.
create function session_notes_refuse_truncate() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
    if exists (select 1 from session_notes where signed_at is not null) then
        raise exception 'session_notes holds signed notes and cannot be truncated'
            using errcode = 'integrity_constraint_violation';
    end if;
    return null;
end;
$$;

create trigger session_notes_signed_truncate before truncate on session_notes
    for each statement execute function session_notes_refuse_truncate();

-- Removing a tag from a signed note would change the record too.
create function note_tags_refuse_signed_delete() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
    if exists (select 1 from session_notes n where n.id = old.note_id and n.signed_at is not null)
    then
        raise exception 'Note % is signed; its tags cannot be removed', left(old.note_id::text, 8)
            using errcode = 'integrity_constraint_violation';
    end if;
    return old;
end;
$$;

create trigger note_tags_signed_lock before delete on note_tags
    for each row execute function note_tags_refuse_signed_delete();

comment on function session_notes_refuse_signed_change() is
    'Refuses UPDATE and DELETE of a signed session note; signing is the last allowed update.';
