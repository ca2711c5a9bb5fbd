-- A clinician's notes by session date: `notes list` and `notes search` find "notes I wrote"
-- through it and "notes about my patients" through session_notes_patient_date_idx, instead of
-- reading every patient of the practice to find the clinician's (bench/RESULTS.md).

create index session_notes_therapist_date_idx on session_notes (therapist_id, session_date desc);
