-- name: profile
-- The practice's billing profile and clearinghouse ids (one row).
select name, tax_id, tax_id_type, address, city, state, zip, phone, npi, taxonomy,
       submitter_id, submitter_name, submitter_contact, receiver_id, receiver_name, updated_at
  from practice
 where id

-- name: update_profile
-- Change the given fields of the billing profile (null keeps a value).
update practice
   set name = coalesce(%(name)s, name),
       tax_id = coalesce(%(tax_id)s, tax_id),
       tax_id_type = coalesce(%(tax_id_type)s, tax_id_type),
       address = coalesce(%(address)s, address),
       city = coalesce(%(city)s, city),
       state = coalesce(%(state)s, state),
       zip = coalesce(%(zip)s, zip),
       phone = coalesce(%(phone)s, phone),
       npi = coalesce(%(npi)s, npi),
       taxonomy = coalesce(%(taxonomy)s, taxonomy),
       submitter_id = coalesce(%(submitter_id)s, submitter_id),
       submitter_name = coalesce(%(submitter_name)s, submitter_name),
       submitter_contact = coalesce(%(submitter_contact)s, submitter_contact),
       receiver_id = coalesce(%(receiver_id)s, receiver_id),
       receiver_name = coalesce(%(receiver_name)s, receiver_name)
 where id
returning id
