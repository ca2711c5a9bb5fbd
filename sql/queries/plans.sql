-- name: matching_ids
-- Plan versions whose id starts with the reference (a full id matches only itself).
select t.id, t.patient_id, t.therapist_id, t.version, t.signed_at
  from treatment_plans t
 where t.id::text like %(pattern)s
 order by t.id
 limit 10

-- name: latest_of_patient
-- The version a patient reference means: their draft when they have one, else their current
-- (most recently signed) version.
select t.id, t.patient_id, t.therapist_id, t.version, t.signed_at
  from treatment_plans t
 where t.patient_id = %(patient_id)s
 order by t.signed_at is null desc, t.signed_at desc
 limit 1

-- name: versions
-- Plan versions (one by plan_id, or every one of a patient) with patient and clinician, and
-- whether each is the patient's draft, their current plan or an earlier version: the draft
-- first, then the signed ones, newest first.
select t.id as plan_id,
       t.patient_id,
       p.full_name as patient_name,
       t.therapist_id,
       concat_ws(' ', nullif(th.title, ''), th.first_name, th.last_name) as therapist_name,
       t.version,
       t.previous_id,
       t.problems,
       t.goals,
       t.interventions,
       t.review_date,
       t.signed_at,
       t.created_at,
       case
           when t.signed_at is null then 'draft'
           when t.id = (select c.id
                          from treatment_plans c
                         where c.patient_id = t.patient_id and c.signed_at is not null
                         order by c.signed_at desc
                         limit 1) then 'current'
           else 'superseded'
       end as status
  from treatment_plans t
  join patients p on p.id = t.patient_id
  join therapists th on th.id = t.therapist_id
 where (%(plan_id)s::uuid is null or t.id = %(plan_id)s::uuid)
   and (%(patient_id)s::uuid is null or t.patient_id = %(patient_id)s::uuid)
 order by t.signed_at is null desc, t.signed_at desc, t.version desc

-- name: objectives
-- The objectives of plan versions, in their order.
select o.id as objective_id,
       o.plan_id,
       o.patient_id,
       o.position,
       o.description,
       o.target_date,
       o.measure,
       o.measure_op,
       o.measure_value,
       o.carried_from
  from plan_objectives o
 where o.plan_id = any(%(plan_ids)s::uuid[])
 order by o.plan_id, o.position

-- name: current_objectives
-- The objectives of a patient's current (most recently signed) plan, for `progress add
-- --objective` and `notes add --plan-objective`.
select o.id as objective_id, o.position, o.description, t.version
  from plan_objectives o
  join treatment_plans t on t.id = o.plan_id
 where t.id = (select c.id
                 from treatment_plans c
                where c.patient_id = %(patient_id)s and c.signed_at is not null
                order by c.signed_at desc
                limit 1)
 order by o.position

-- name: signed_objectives_matching
-- Objectives of a patient's signed plan versions whose id starts with the reference.
select o.id as objective_id, o.position, o.description, t.version
  from plan_objectives o
  join treatment_plans t on t.id = o.plan_id
 where o.patient_id = %(patient_id)s
   and t.signed_at is not null
   and o.id::text like %(pattern)s
 order by o.id
 limit 10

-- name: insert
-- A new draft version by the clinician (version numbered by the database from previous_id).
insert into treatment_plans (patient_id, therapist_id, previous_id, problems, goals,
                             interventions, review_date)
values (%(patient_id)s, %(therapist_id)s, %(previous_id)s, %(problems)s, %(goals)s,
        %(interventions)s, %(review_date)s)
returning id as plan_id, version, created_at

-- name: insert_objective
-- One objective of a draft (its patient is copied from the plan by the database).
insert into plan_objectives (plan_id, patient_id, position, description, target_date, measure,
                             measure_op, measure_value, carried_from)
select %(plan_id)s, t.patient_id, %(position)s, %(description)s, %(target_date)s, %(measure)s,
       %(measure_op)s, %(measure_value)s, %(carried_from)s
  from treatment_plans t
 where t.id = %(plan_id)s

-- name: rewrite_draft
-- New content for an unsigned version of the clinician (the database refuses a signed one).
update treatment_plans
   set problems = %(problems)s,
       goals = %(goals)s,
       interventions = %(interventions)s,
       review_date = %(review_date)s
 where id = %(plan_id)s
   and therapist_id = %(therapist_id)s
   and signed_at is null
returning id as plan_id, version, created_at

-- name: drop_draft_objectives
-- The objectives of a draft about to be rewritten.
delete from plan_objectives
 where plan_id = %(plan_id)s

-- name: sign
-- Sign an unsigned version of the clinician, with its review date; nothing when it was signed
-- meanwhile.
update treatment_plans
   set signed_at = now(),
       signed_by = %(therapist_id)s,
       review_date = %(review_date)s
 where id = %(plan_id)s
   and therapist_id = %(therapist_id)s
   and signed_at is null
returning id as plan_id, patient_id, version, signed_at, review_date

-- name: list
-- Each patient's current plan and draft (the patient's clinician, or the practice), the review
-- due first; with due, only the current plans of Active patients whose review date has come
-- (rules/plans.py review_due: due on the review date itself), as `sanctuary today` shows them.
select t.id as plan_id,
       t.patient_id,
       p.full_name as patient_name,
       concat_ws(' ', nullif(th.title, ''), th.first_name, th.last_name) as therapist_name,
       t.version,
       case when t.signed_at is null then 'draft' else 'current' end as status,
       t.signed_at,
       t.review_date,
       case when t.signed_at is not null then t.review_date <= %(day)s::date end as review_due
  from treatment_plans t
  join patients p on p.id = t.patient_id
  join therapists th on th.id = p.therapist_id
 where (t.signed_at is null
        or t.id = (select c.id
                     from treatment_plans c
                    where c.patient_id = t.patient_id and c.signed_at is not null
                    order by c.signed_at desc
                    limit 1))
   and (%(therapist_id)s::uuid is null or p.therapist_id = %(therapist_id)s::uuid)
   and (not %(due)s
        or (t.signed_at is not null and t.review_date <= %(day)s::date and p.status = 'Active'))
 order by (t.signed_at is not null and t.review_date <= %(day)s::date) desc, t.review_date,
          p.full_name, t.version

-- name: due_for_review
-- For `sanctuary today`: Active patients whose current plan's review date has come, soonest
-- due first.
select p.full_name as patient_name,
       concat_ws(' ', nullif(th.title, ''), th.first_name, th.last_name) as therapist_name,
       t.id as plan_id,
       t.review_date as review_due,
       p.id as patient_id
  from patients p
  join therapists th on th.id = p.therapist_id
  join lateral (select c.id, c.review_date
                  from treatment_plans c
                 where c.patient_id = p.id and c.signed_at is not null
                 order by c.signed_at desc
                 limit 1) t on true
 where p.status = 'Active'
   and t.review_date <= %(day)s::date
   and (%(therapist_id)s::uuid is null or p.therapist_id = %(therapist_id)s::uuid)
 order by t.review_date, p.full_name

-- name: progress_evidence
-- Progress ratings of the given objectives, each with the ratings of the objectives it
-- continues (carried_from, back through earlier versions), oldest first.
with recursive lineage (objective_id, ancestor_id) as (
    select o.id, o.id from plan_objectives o where o.id = any(%(objective_ids)s::uuid[])
    union all
    select l.objective_id, o.carried_from
      from lineage l
      join plan_objectives o on o.id = l.ancestor_id
     where o.carried_from is not null
)
select l.objective_id,
       e.id as progress_entry_id,
       e.patient_id,
       e.recorded_at,
       e.rating,
       a.name as area,
       coalesce(e.notes, '') as notes
  from lineage l
  join progress_entries e on e.plan_objective_id = l.ancestor_id
  join progress_areas a on a.id = e.progress_area_id
 order by e.recorded_at, e.id

-- name: note_evidence
-- Notes that worked on the given objectives (or on the objectives they continue), oldest
-- first.
with recursive lineage (objective_id, ancestor_id) as (
    select o.id, o.id from plan_objectives o where o.id = any(%(objective_ids)s::uuid[])
    union all
    select l.objective_id, o.carried_from
      from lineage l
      join plan_objectives o on o.id = l.ancestor_id
     where o.carried_from is not null
)
select l.objective_id,
       n.id as note_id,
       n.patient_id,
       n.session_date,
       n.signed_at
  from lineage l
  join note_plan_objectives np on np.plan_objective_id = l.ancestor_id
  join session_notes n on n.id = np.note_id
 order by n.session_date, n.created_at, n.id

-- name: latest_scores
-- A patient's latest PHQ-9 and GAD-7 totals, for the measure targets of objectives.
select distinct on (m.instrument)
       m.id as measure_id, m.patient_id, m.instrument, m.total, m.administered_at
  from measure_administrations m
 where m.patient_id = %(patient_id)s
   and m.instrument in ('phq9', 'gad7')
 order by m.instrument, m.administered_at desc

-- name: link_note
-- A note worked on an objective (notes add --plan-objective).
insert into note_plan_objectives (note_id, plan_objective_id)
values (%(note_id)s, %(objective_id)s)
on conflict do nothing
