-- name: patients_matching
-- Patients whose id starts with the reference, or whose name contains every word of it.
select id, full_name, status, date_of_birth
  from patients
 where id::text like %(id_prefix)s
    or (full_name ilike all(%(name_patterns)s) or preferred_name ilike all(%(name_patterns)s))
 order by full_name, id
 limit 20

-- name: patients_similar
-- Closest names by trigram similarity, for "did you mean" after a miss.
select full_name, similarity(full_name, %(ref)s) as score
  from patients
 where full_name %% %(ref)s or similarity(full_name, %(ref)s) > 0.15
 order by score desc, full_name
 limit 3
