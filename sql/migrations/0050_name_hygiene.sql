-- Names are stored NFC-normalized and trimmed (SPEC.md section 4), whoever writes them: the CLI,
-- an import, or psql. A name with control characters (terminal escape sequences and the like)
-- or longer than 200 characters is refused with a message that says which rule it broke.

create function sanctuary_clean_name(value text, label text) returns text
language plpgsql stable set search_path = pg_catalog as $$
begin
    if value is null then
        return null;
    end if;
    if value ~ '[[:cntrl:]]' then
        raise exception 'The % contains a control character (such as a terminal escape)', label
            using errcode = 'check_violation';
    end if;
    if pg_catalog.getdatabaseencoding() = 'UTF8' then
        value := normalize(value, NFC);
    end if;
    value := pg_catalog.btrim(value);
    if pg_catalog.char_length(value) > 200 then
        raise exception 'The % is too long (% characters; at most 200)', label,
            pg_catalog.char_length(value)
            using errcode = 'check_violation';
    end if;
    return value;
end;
$$;

comment on function sanctuary_clean_name(text, text) is
    'A name trimmed and NFC-normalized; refuses control characters and more than 200 characters.';

create function patients_clean_names() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
    if tg_op = 'INSERT' or new.first_name is distinct from old.first_name then
        new.first_name := sanctuary_clean_name(new.first_name, 'first name');
    end if;
    if tg_op = 'INSERT' or new.last_name is distinct from old.last_name then
        new.last_name := sanctuary_clean_name(new.last_name, 'last name');
    end if;
    if tg_op = 'INSERT' or new.preferred_name is distinct from old.preferred_name then
        new.preferred_name := sanctuary_clean_name(new.preferred_name, 'preferred name');
    end if;
    if tg_op = 'INSERT'
       or new.emergency_contact_name is distinct from old.emergency_contact_name then
        new.emergency_contact_name :=
            sanctuary_clean_name(new.emergency_contact_name, 'emergency contact name');
    end if;
    return new;
end;
$$;

create trigger patients_clean_names
    before insert or update of first_name, last_name, preferred_name, emergency_contact_name
    on patients
    for each row execute function patients_clean_names();

comment on trigger patients_clean_names on patients is
    'Stores names NFC-normalized and trimmed; refuses control characters and overlong names.';

create function therapists_clean_names() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
    if tg_op = 'INSERT' or new.first_name is distinct from old.first_name then
        new.first_name := sanctuary_clean_name(new.first_name, 'first name');
    end if;
    if tg_op = 'INSERT' or new.last_name is distinct from old.last_name then
        new.last_name := sanctuary_clean_name(new.last_name, 'last name');
    end if;
    return new;
end;
$$;

create trigger therapists_clean_names
    before insert or update of first_name, last_name
    on therapists
    for each row execute function therapists_clean_names();

comment on trigger therapists_clean_names on therapists is
    'Stores names NFC-normalized and trimmed; refuses control characters and overlong names.';
