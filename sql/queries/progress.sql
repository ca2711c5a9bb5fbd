-- name: add
-- Record a progress rating on a treatment area, and on a plan objective when one is named.
insert into progress_entries (patient_id, therapist_id, progress_area_id, rating, notes,
                              plan_objective_id)
values (%(patient_id)s, %(therapist_id)s, %(area_id)s, %(rating)s, %(notes)s,
        %(plan_objective_id)s)
returning id as progress_entry_id, patient_id, recorded_at, rating, coalesce(notes, '') as notes

-- name: list
-- A patient's progress ratings, newest first, with the change since the previous rating of the
-- same area.
select e.id as progress_entry_id,
       e.recorded_at,
       a.name as area,
       e.rating,
       e.rating - lag(e.rating) over (partition by e.progress_area_id order by e.recorded_at)
           as change,
       coalesce(e.notes, '') as notes
  from progress_entries e
  join progress_areas a on a.id = e.progress_area_id
 where e.patient_id = %(patient_id)s
 order by e.recorded_at desc, a.name

-- name: areas
-- Treatment areas with how many ratings each has.
select a.name as area,
       coalesce(a.description, '') as description,
       count(e.id) as entries
  from progress_areas a
  left join progress_entries e on e.progress_area_id = a.id
 group by a.id
 order by a.name

-- name: area_matching
-- Areas whose name equals or contains the text (case-insensitive), exact matches first.
select id, name
  from progress_areas
 where name ilike %(pattern)s
 order by lower(name) = lower(%(name)s) desc, name
 limit 10
