-- The text-search vector of each note is stored with the note instead of being computed from
-- its sections at every search. Row-level security (forced on every role) keeps the planner
-- from using the full-text index under the policy (`@@` is not leakproof), so `notes search`
-- reads a clinician's notes one by one; parsing each note's sections again was nearly all of
-- its time (bench/RESULTS.md). Signed notes keep their content: the vector is derived from it.

alter table session_notes
    add column search_vector tsvector
        generated always as (jsonb_to_tsvector('english'::regconfig, content, '["string"]'::jsonb))
        stored;

comment on column session_notes.search_vector is
    'English text-search vector of the string values of content (notes search); derived.';

-- The same index, now over the stored column (roles that bypass row-level security, such as
-- an administrator in psql, still search the whole practice through it).
drop index session_notes_content_fts_idx;

create index session_notes_search_vector_idx on session_notes using gin (search_vector);

comment on index session_notes_search_vector_idx is
    'Full-text index over session_notes.search_vector.';
