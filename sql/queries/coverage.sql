-- name: update_demographics
-- The patient's claim demographics: sex as the payer holds it, city, state, ZIP (null keeps).
update patients
   set administrative_sex = coalesce(%(administrative_sex)s, administrative_sex),
       city = coalesce(%(city)s, city),
       state = coalesce(%(state)s, state),
       zip = coalesce(%(zip)s, zip)
 where id = %(id)s

-- name: update_policy
-- Change the live policy of one rank (null keeps a value); no row when there is none.
update patient_policies
   set payer_id = coalesce(%(payer_id)s, payer_id),
       member_id = coalesce(%(member_id)s, member_id),
       group_number = coalesce(%(group_number)s, group_number),
       relationship = coalesce(%(relationship)s, relationship),
       subscriber_first_name = coalesce(%(subscriber_first_name)s, subscriber_first_name),
       subscriber_last_name = coalesce(%(subscriber_last_name)s, subscriber_last_name),
       subscriber_date_of_birth =
           coalesce(%(subscriber_date_of_birth)s::date, subscriber_date_of_birth),
       subscriber_sex = coalesce(%(subscriber_sex)s, subscriber_sex)
 where patient_id = %(patient_id)s and rank = %(rank)s and ended_at is null
returning id

-- name: insert_policy
-- A new live policy of one rank (the patient is the subscriber unless told otherwise).
insert into patient_policies (patient_id, rank, payer_id, member_id, group_number,
                              relationship, subscriber_first_name, subscriber_last_name,
                              subscriber_date_of_birth, subscriber_sex)
values (%(patient_id)s, %(rank)s, %(payer_id)s, %(member_id)s, %(group_number)s,
        coalesce(%(relationship)s, 'self'), %(subscriber_first_name)s, %(subscriber_last_name)s,
        %(subscriber_date_of_birth)s, %(subscriber_sex)s)
returning id

-- name: end_policy
-- End the live policy of one rank; the row stays for the claims made under it.
update patient_policies
   set ended_at = now()
 where patient_id = %(patient_id)s and rank = %(rank)s and ended_at is null
