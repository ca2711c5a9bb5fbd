-- `patients import` (practice/patient_import.py): the checked rows of a file are loaded in one
-- statement, so the audit chain advances once (migration 0125) instead of once per row.

-- name: prepare
-- The caseload lock (patients.lock_caseload), and whether this login may make the temporary
-- table COPY loads into (the owner may; clinician logins have CONNECT only).
select pg_advisory_xact_lock(hashtext('sanctuary patients'), hashtext(%(therapist_id)s::text)),
       has_database_privilege(current_database(), 'TEMP') as can_stage

-- name: create_staging
-- Dropped at the end of the transaction; the columns are the checked values of each row.
create temporary table patient_import_rows (
    line integer not null,
    first_name text, last_name text, preferred_name text, pronouns text, date_of_birth date,
    email text, phone text, address text, emergency_contact_name text,
    emergency_contact_phone text, emergency_contact_relationship text,
    insurance_provider text, insurance_member_id text, insurance_group_number text,
    coverage_percent numeric, fee_exempt boolean, diagnosis_codes text[], status text,
    intake_date date
) on commit drop

-- name: copy_staging
copy patient_import_rows (line, first_name, last_name, preferred_name, pronouns, date_of_birth,
                          email, phone, address, emergency_contact_name,
                          emergency_contact_phone, emergency_contact_relationship,
                          insurance_provider, insurance_member_id, insurance_group_number,
                          coverage_percent, fee_exempt, diagnosis_codes, status, intake_date)
from stdin

-- name: insert_staged
-- Every staged row as a patient of the clinician, with patients.insert's defaults, in file order.
insert into patients (therapist_id, first_name, last_name, preferred_name, pronouns,
                      date_of_birth, email, phone, address, emergency_contact_name,
                      emergency_contact_phone, emergency_contact_relationship,
                      insurance_provider, insurance_member_id, insurance_group_number,
                      coverage_percent, fee_exempt, diagnosis_codes, status, intake_date)
select %(therapist_id)s, r.first_name, r.last_name, r.preferred_name, r.pronouns,
       r.date_of_birth, r.email, r.phone, r.address, r.emergency_contact_name,
       r.emergency_contact_phone, r.emergency_contact_relationship,
       r.insurance_provider, r.insurance_member_id, r.insurance_group_number,
       coalesce(r.coverage_percent, 0), coalesce(r.fee_exempt, false),
       coalesce(r.diagnosis_codes, '{}'), coalesce(r.status::patient_status_enum, 'Active'),
       coalesce(r.intake_date, current_date)
  from patient_import_rows r
 order by r.line

-- name: insert_given
-- The same insert for a login that may not make a temporary table: the rows as one JSON array.
insert into patients (therapist_id, first_name, last_name, preferred_name, pronouns,
                      date_of_birth, email, phone, address, emergency_contact_name,
                      emergency_contact_phone, emergency_contact_relationship,
                      insurance_provider, insurance_member_id, insurance_group_number,
                      coverage_percent, fee_exempt, diagnosis_codes, status, intake_date)
select %(therapist_id)s, r.first_name, r.last_name, r.preferred_name, r.pronouns,
       r.date_of_birth, r.email, r.phone, r.address, r.emergency_contact_name,
       r.emergency_contact_phone, r.emergency_contact_relationship,
       r.insurance_provider, r.insurance_member_id, r.insurance_group_number,
       coalesce(r.coverage_percent, 0), coalesce(r.fee_exempt, false),
       coalesce(r.diagnosis_codes, '{}'), coalesce(r.status::patient_status_enum, 'Active'),
       coalesce(r.intake_date, current_date)
  from jsonb_to_recordset(%(rows)s::jsonb) as r (
           line integer, first_name text, last_name text, preferred_name text, pronouns text,
           date_of_birth date, email text, phone text, address text,
           emergency_contact_name text, emergency_contact_phone text,
           emergency_contact_relationship text, insurance_provider text,
           insurance_member_id text, insurance_group_number text, coverage_percent numeric,
           fee_exempt boolean, diagnosis_codes text[], status text, intake_date date)
 order by r.line
