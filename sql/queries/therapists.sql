-- name: resolve_current
-- The chosen therapist by id or email, or every active one when none is chosen.
select id, title, first_name, last_name, email,
       concat_ws(' ', nullif(title, ''), first_name, last_name) as display_name
  from therapists
 where case
           when %(ref)s::text is null then is_active
           else id::text = lower(%(ref)s) or lower(email) = lower(%(ref)s)
       end
 order by last_name, first_name
 limit 2
