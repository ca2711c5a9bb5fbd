-- name: list
-- Every payer, by name, with how many live policies name it.
select py.id,
       py.name,
       py.payer_id,
       py.filing_code,
       coalesce(py.telehealth_modifier, 'none') as telehealth_modifier,
       (select count(*) from patient_policies pp
         where pp.payer_id = py.id and pp.ended_at is null) as policies
  from payers py
 order by lower(py.name), py.id

-- name: find
-- Payers whose name is the reference, whose id starts with it, or whose name contains it.
select id, name, payer_id, filing_code, telehealth_modifier,
       lower(name) = lower(%(ref)s) as exact
  from payers
 where lower(name) = lower(%(ref)s)
    or id::text like %(id_prefix)s
    or name ilike %(name_pattern)s
 order by lower(name) = lower(%(ref)s) desc, lower(name), id
 limit 10

-- name: insert
-- A new payer (a name already used is refused by payers_name_idx).
insert into payers (name, payer_id, filing_code, telehealth_modifier)
values (%(name)s, %(payer_id)s, coalesce(%(filing_code)s, 'CI'),
        case when %(no_modifier)s then null else coalesce(%(telehealth_modifier)s, '95') end)
returning id, name, payer_id, filing_code,
          coalesce(telehealth_modifier, 'none') as telehealth_modifier

-- name: update
-- Change the given fields of one payer (null keeps a value; no_modifier clears the modifier).
update payers
   set name = coalesce(%(name)s, name),
       payer_id = coalesce(%(payer_id)s, payer_id),
       filing_code = coalesce(%(filing_code)s, filing_code),
       telehealth_modifier = case when %(no_modifier)s then null
                                  else coalesce(%(telehealth_modifier)s, telehealth_modifier) end
 where id = %(id)s
returning id, name, payer_id, filing_code,
          coalesce(telehealth_modifier, 'none') as telehealth_modifier

-- name: name_taken
-- Another payer already has this name (names are unique without regard to case).
select id
  from payers
 where lower(name) = lower(%(name)s)
   and id is distinct from %(id)s::uuid
