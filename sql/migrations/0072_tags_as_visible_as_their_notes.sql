-- Tags are as visible as the notes that carry them (docs/security.md, "Tags"). Until now every
-- clinician read every tag with its practice-wide usage count, so the count of a tag that only a
-- colleague's private notes carry told what those notes were about; any clinician could rename
-- a tag (changing what colleagues' signed notes show) or reset its count; billing staff could
-- read them all.
--
-- Now a tag is visible when a note the caller may read carries it, or when no note carries it
-- (a label nobody used yet); counts come from the tag_usage view over the notes the caller may
-- read; a tag that a colleague's notes carry cannot be renamed; billing staff see no tags.

alter table tags enable row level security, force row level security;

-- Whether any note carries the tag, or any note not written by `author` (seen past row-level
-- security, returning only yes or no).
create or replace function sanctuary_tag_carried(tag uuid, except_author uuid default null)
returns boolean
language plpgsql stable security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
    carried boolean;
begin
    perform set_config('sanctuary.therapist', '', true);
    select exists (select 1
                     from note_tags nt
                     join session_notes n on n.id = nt.note_id
                    where nt.tag_id = tag
                      and (except_author is null or n.therapist_id <> except_author))
      into carried;
    perform set_config('sanctuary.therapist', saved, true);
    return carried;
end;
$$;

create policy tags_visible on tags for select
    using ((select sanctuary_scope()) is null
           or exists (select 1 from note_tags nt where nt.tag_id = tags.id)
           or not sanctuary_tag_carried(tags.id));
create policy tags_created on tags for insert with check (true);
create policy tags_renamed on tags for update
    using ((select sanctuary_scope()) is null
           or not sanctuary_tag_carried(tags.id, (select sanctuary_scope())));

-- Usage per tag over the notes the caller may read (row-level security applies to note_tags).
create view tag_usage with (security_invoker = true) as
select t.id,
       t.name,
       t.category,
       count(nt.note_id)::integer as usage_count
  from tags t
  left join note_tags nt on nt.tag_id = t.id
 group by t.id, t.name, t.category;

comment on view tag_usage is
    'Tags with how many notes the querying role may read carry each (tags.usage_count is the '
    'practice-wide count, for the owner only).';

-- The ids of the named tags, creating those that do not exist yet. Runs past row-level
-- security: a name that a colleague already used is the same tag, and using it on one's own
-- note makes it visible to oneself and tells nothing about the colleague's notes.
create or replace function sanctuary_tag_ids(names text[])
returns table (id uuid, name text)
language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    saved text := coalesce(current_setting('sanctuary.therapist', true), '');
begin
    perform set_config('sanctuary.therapist', '', true);
    insert into tags (name)
    select distinct w.name from unnest(names) as w(name)
    on conflict on constraint tags_name_key do nothing;
    return query select t.id, t.name from tags t where t.name = any (names);
    perform set_config('sanctuary.therapist', saved, true);
end;
$$;

-- The note_tags trigger keeps tags.usage_count, which clinicians may no longer write.
alter function refresh_tag_usage_count() security definer;
alter function refresh_tag_usage_count() set search_path = pg_catalog, public, pg_temp;

revoke execute on function sanctuary_tag_ids(text[]), sanctuary_tag_carried(uuid, uuid)
    from public;

do $$
begin
    if to_regrole('sanctuary_clinician') is null or to_regrole('sanctuary_billing') is null then
        return;
    end if;
    revoke select, insert, update on tags from sanctuary_clinician, sanctuary_billing;
    grant select (id, name, category, created_at), update (name, category) on tags
        to sanctuary_clinician;
    grant select on tag_usage to sanctuary_clinician;
    grant execute on function sanctuary_tag_ids(text[]), sanctuary_tag_carried(uuid, uuid)
        to sanctuary_clinician;
    create policy tags_not_billing on tags as restrictive to sanctuary_billing using (false);
end;
$$;
