-- name: record_read
-- Append a READ or EXPORT entry for clinical content the user has just been shown.
select sanctuary_record_read(%(table_name)s, %(row_id)s, %(patient_id)s::uuid, %(action)s) as seq

-- name: list
-- Audit entries visible to the connected role, newest first, for one patient and/or since a time.
select a.seq,
       a.occurred_at,
       a.actor,
       nullif(concat_ws(' ', nullif(t.title, ''), t.first_name, t.last_name), '') as therapist_name,
       a.action,
       a.table_name,
       a.row_id,
       a.patient_id,
       p.full_name as patient_name,
       array_to_string(a.changed_columns, ' ') as changed_columns
  from audit_log a
  left join therapists t on t.id = a.therapist_id
  left join patients p on p.id = a.patient_id
 where (%(patient_id)s::uuid is null or a.patient_id = %(patient_id)s::uuid)
   and (%(since)s::timestamptz is null or a.occurred_at >= %(since)s::timestamptz)
 order by a.seq desc
 limit %(limit)s

-- name: head
-- The audit chain's head now (last entry's number and hash, and the time), for anchors.
select last_seq, last_hash, read_at
  from audit_head()

-- name: verify_anchor
-- Null when the anchored entry is still in the log with the anchored hash, else the problem.
select audit_verify_anchor(%(seq)s, %(hash)s) as problem

-- name: verify_since
-- Walk the hash chain after entry `seq`, which must still hold `hash` (start_ok; migration 0127;
-- from seq 0, the whole chain, as audit_verify()): entries walked, last number and hash, and
-- the first broken link if any.
select entries, last_seq, last_hash, broken_seq, problem, start_ok
  from audit_verify_since(%(seq)s, %(hash)s)
