-- name: list
-- Every tag the caller may see with how many of the notes they may read carry it (migration
-- 0072's tag_usage view), most used first.
select name,
       coalesce(category, '') as category,
       usage_count
  from tag_usage
 order by usage_count desc, name
