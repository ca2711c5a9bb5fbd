-- name: list
-- Every tag with how many notes carry it (kept by the note_tags trigger), most used first.
select name,
       coalesce(category, '') as category,
       usage_count
  from tags
 order by usage_count desc, name
