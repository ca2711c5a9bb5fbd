-- The episode of care an outcome is measured over (docs/clinical-notes.md, "Outcomes"): from
-- the patient's intake, or from their latest re-admission. A re-admission is a patient set back
-- to Active after a discharge, which clears discharged_at (`patients edit --status Active`);
-- the moment it happens is kept here, since the patient row keeps no trace of it otherwise.

alter table patients add column readmitted_at timestamptz;

comment on column patients.readmitted_at is
    'When the patient was last re-admitted (discharged_at cleared); a new episode of care.';

create or replace function patients_note_readmission() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    if old.discharged_at is not null and new.discharged_at is null then
        new.readmitted_at := now();
    end if;
    return new;
end;
$$;

create trigger patients_readmission before update of discharged_at on patients
    for each row execute function patients_note_readmission();

-- Earlier re-admissions, from the audit log (0041), which names the columns an update changed
-- but not their values. For a patient with no discharge date now, the last change of
-- discharged_at cleared it: that was the re-admission. For a patient discharged now, a
-- re-admission before the last discharge cannot be told apart from a second discharge, so it
-- is left unknown and their episode starts at intake.
update patients p
   set readmitted_at = r.at
  from (select l.row_id, max(l.occurred_at) as at
          from audit_log l
         where l.table_name = 'patients'
           and l.action = 'UPDATE'
           and 'discharged_at' = any (l.changed_columns)
         group by l.row_id) r
 where r.row_id = p.id::text
   and p.discharged_at is null
   and p.readmitted_at is null;
