-- name: resolve_current
-- The chosen therapist by id or email; when none is chosen, the clinician whose login role
-- this connection uses, else the practice's default clinician (when active), else every
-- active one.
select id, title, first_name, last_name, email,
       concat_ws(' ', nullif(title, ''), first_name, last_name) as display_name
  from therapists
 where case
           when %(ref)s::text is not null
               then id::text = lower(%(ref)s) or lower(email) = lower(%(ref)s)
           when exists (select 1 from therapists t where t.db_role = current_user)
               then db_role = current_user
           when exists (select 1
                          from practice pr
                          join therapists d on d.id = pr.default_therapist_id and d.is_active)
               then id = (select pr.default_therapist_id from practice pr)
           else is_active
       end
 order by last_name, first_name
 limit 2

-- name: list
-- Every therapist with license details and the days left until the license expires.
select id as therapist_id,
       concat_ws(' ', nullif(title, ''), first_name, last_name) as name,
       email,
       credentials,
       license_number,
       license_state,
       license_expiry,
       license_expiry - current_date as license_days_left,
       npi,
       specializations,
       is_active,
       id is not distinct from (select pr.default_therapist_id from practice pr) as is_default
  from therapists
 order by last_name, first_name, id

-- name: find
-- Therapists whose id, id prefix or email is the reference, or whose name contains it.
select id
  from therapists
 where id::text like %(id_prefix)s
    or lower(email) = lower(%(ref)s)
    or concat_ws(' ', first_name, last_name) ilike %(name_pattern)s
 order by last_name, first_name, id
 limit 10

-- name: show
-- One therapist in full, with the days left on the license.
select id as therapist_id,
       concat_ws(' ', nullif(title, ''), first_name, last_name) as name,
       title, first_name, last_name, email, phone, credentials,
       license_number, license_state, license_expiry,
       license_expiry - current_date as license_days_left,
       npi, taxonomy, tax_id, practice_name, practice_address, specializations, is_active,
       t.id is not distinct from (select pr.default_therapist_id from practice pr)
           as is_default,
       (select count(*) from patients p where p.therapist_id = t.id and p.status = 'Active')
           as active_patients,
       created_at, updated_at
  from therapists t
 where id = %(therapist_id)s

-- name: insert
-- A new clinician.
insert into therapists (title, first_name, last_name, email, phone, credentials,
                        license_number, license_state, license_expiry, npi, taxonomy, tax_id,
                        practice_name, practice_address, specializations)
values (coalesce(%(title)s, ''), %(first_name)s, %(last_name)s, %(email)s, %(phone)s,
        coalesce(%(credentials)s, ''), %(license_number)s, %(license_state)s,
        %(license_expiry)s, %(npi)s, %(taxonomy)s, %(tax_id)s, %(practice_name)s,
        %(practice_address)s,
        coalesce(%(specializations)s::text[], '{}'))
returning id as therapist_id

-- name: update
-- Change the given fields of one therapist (null means leave as it is).
update therapists
   set title = coalesce(%(title)s, title),
       first_name = coalesce(%(first_name)s, first_name),
       last_name = coalesce(%(last_name)s, last_name),
       email = coalesce(%(email)s, email),
       phone = coalesce(%(phone)s, phone),
       credentials = coalesce(%(credentials)s, credentials),
       license_number = coalesce(%(license_number)s, license_number),
       license_state = coalesce(%(license_state)s, license_state),
       license_expiry = coalesce(%(license_expiry)s, license_expiry),
       npi = coalesce(%(npi)s, npi),
       taxonomy = coalesce(%(taxonomy)s, taxonomy),
       tax_id = coalesce(%(tax_id)s, tax_id),
       practice_name = coalesce(%(practice_name)s, practice_name),
       practice_address = coalesce(%(practice_address)s, practice_address),
       specializations = coalesce(%(specializations)s::text[], specializations),
       is_active = coalesce(%(is_active)s, is_active)
 where id = %(therapist_id)s
returning id as therapist_id

-- name: lock_practice
-- The practice row, locked: two therapists added at once decide the default one after the other.
select default_therapist_id from practice where id for update

-- name: first_becomes_default
-- When the second therapist has just been added and no default is set, the first one (if
-- active) becomes the practice's default clinician; returns it, or no row.
update practice
   set default_therapist_id = (select t.id
                                 from therapists t
                                where t.id <> %(added_id)s and t.is_active)
 where id
   and default_therapist_id is null
   and (select count(*) from therapists) = 2
   and exists (select 1 from therapists t where t.id <> %(added_id)s and t.is_active)
returning default_therapist_id

-- name: set_default
-- Make one therapist the practice's default clinician; returns who it is now.
update practice pr
   set default_therapist_id = t.id
  from therapists t
 where pr.id and t.id = %(therapist_id)s
returning t.id as therapist_id,
          concat_ws(' ', nullif(t.title, ''), t.first_name, t.last_name) as name,
          t.email,
          true as is_default
