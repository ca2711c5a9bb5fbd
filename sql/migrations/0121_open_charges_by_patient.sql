-- The open charges of a patient by due date. `billing overdue` and `billing aging` with
-- --all-therapists, for a clinician whose rows are scoped (a clinician login, or billing staff
-- naming one), mean "my charges or my patients' charges": the first half is
-- financial_records_open_due_idx, the second this index over the ids of the clinician's
-- patients, so both are index conditions instead of a read of every open charge of the
-- practice that row-level security mostly drops (bench/RESULTS.md, "Bounded for the practice
-- and for deep histories"). The predicate is 0060's, word for word, as the queries repeat it.

-- The therapist and the id ride along, so the colleagues' charges of the clinician's patients
-- (nearly always none: the clinician's own are found through the other index) are told apart
-- by an index-only scan, without visiting a charge.
create index financial_records_open_patient_idx on financial_records (patient_id, due_date)
    include (therapist_id, id)
    where amount_paid < amount and status not in ('cancelled', 'refunded');

comment on index financial_records_open_patient_idx is
    'Charges with a balance (not cancelled or refunded), per patient by due date.';
