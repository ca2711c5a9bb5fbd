-- Full-text search over the text of every note section (`notes search`). The query must use
-- the same expression: jsonb_to_tsvector('english'::regconfig, content, '["string"]').

create index session_notes_content_fts_idx on session_notes
    using gin (jsonb_to_tsvector('english'::regconfig, content, '["string"]'::jsonb));

comment on index session_notes_content_fts_idx is
    'Full-text index over the string values of session_notes.content, for notes search.';
