-- name: party
-- Who a claim is about and for: the patient (claim demographics), the rendering clinician,
-- and the patient's live policy of one rank with its payer (nulls when there is none).
select p.id as patient_id,
       p.full_name,
       p.first_name,
       p.last_name,
       p.date_of_birth,
       p.administrative_sex,
       p.address,
       p.city,
       p.state,
       p.zip,
       p.insurance_member_id,
       p.insurance_group_number,
       p.diagnosis_codes,
       t.id as therapist_id,
       t.first_name as therapist_first_name,
       t.last_name as therapist_last_name,
       t.npi as therapist_npi,
       t.taxonomy as therapist_taxonomy,
       pp.id as policy_id,
       pp.member_id,
       pp.group_number,
       pp.relationship,
       pp.subscriber_first_name,
       pp.subscriber_last_name,
       pp.subscriber_date_of_birth,
       pp.subscriber_sex,
       py.id as payer_uuid,
       py.name as payer_name,
       py.payer_id as payer_code,
       py.filing_code as payer_filing_code,
       py.telehealth_modifier as payer_modifier
  from patients p
  join therapists t on t.id = %(therapist_id)s
  left join patient_policies pp
         on pp.patient_id = p.id and pp.rank = %(rank)s and pp.ended_at is null
  left join payers py on py.id = pp.payer_id
 where p.id = %(patient_id)s

-- name: claimable_charges
-- A patient's insurance charges in a date range that no live claim of this payer rank holds:
-- services with a CPT code (not missed-appointment fees), neither cancelled nor refunded,
-- still owing, nothing paid by an insurer yet; with the state of their session note. Only
-- the acting clinician's when the connection acts for one (the scope writes are held to).
select fr.id,
       fr.therapist_id,
       fr.service_date,
       fr.cpt_code,
       fr.cpt_modifier,
       fr.addon_cpt_code,
       fr.units,
       fr.icd10_codes,
       fr.place_of_service,
       fr.amount,
       a.appointment_type::text as appointment_type,
       sanctuary_charge_note_state(fr.id) as note_state
  from financial_records fr
  join financial_record_balances b on b.id = fr.id
  left join appointments a on a.id = fr.appointment_id
 where fr.patient_id = %(patient_id)s
   and fr.status not in ('cancelled', 'refunded')
   and fr.record_type not in ('cancellation-fee', 'late-fee')
   and fr.cpt_code is not null
   and b.balance > 0
   and b.insurance_paid = 0
   and (%(first_day)s::date is null or fr.service_date >= %(first_day)s::date)
   and (%(last_day)s::date is null or fr.service_date <= %(last_day)s::date)
   and ((select sanctuary_scope()) is null or fr.therapist_id = (select sanctuary_scope()))
   and not exists (select 1
                     from claim_lines l
                     join claims c on c.id = l.claim_id
                    where l.financial_record_id = fr.id
                      and c.responsibility = 'P'
                      and c.frequency <> '8'
                      and c.status not in ('replaced', 'void'))
 order by fr.therapist_id, fr.service_date, fr.created_at

-- name: secondary_charges
-- A patient's charges the primary payer has adjudicated (its claim paid, partial or denied,
-- not forwarded to the secondary by the payer itself), still owing, in a date range, on no
-- live secondary claim.
select fr.id,
       fr.therapist_id,
       fr.service_date,
       fr.cpt_code,
       fr.cpt_modifier,
       fr.addon_cpt_code,
       fr.units,
       fr.icd10_codes,
       fr.place_of_service,
       fr.amount,
       a.appointment_type::text as appointment_type,
       sanctuary_charge_note_state(fr.id) as note_state
  from financial_records fr
  join financial_record_balances b on b.id = fr.id
  join claim_lines l on l.financial_record_id = fr.id
  join claims c on c.id = l.claim_id
  left join appointments a on a.id = fr.appointment_id
 where fr.patient_id = %(patient_id)s
   and fr.status not in ('cancelled', 'refunded')
   and b.balance > 0
   and c.responsibility = 'P'
   and c.frequency <> '8'
   and c.status in ('paid', 'partial', 'denied')
   and not exists (select 1 from remittance_lines r
                    where r.claim_id = c.id and r.status_code in ('19', '20', '21', '23'))
   and (%(first_day)s::date is null or fr.service_date >= %(first_day)s::date)
   and (%(last_day)s::date is null or fr.service_date <= %(last_day)s::date)
   and ((select sanctuary_scope()) is null or fr.therapist_id = (select sanctuary_scope()))
   and not exists (select 1
                     from claim_lines l2
                     join claims c2 on c2.id = l2.claim_id
                    where l2.financial_record_id = fr.id
                      and c2.responsibility = 'S'
                      and c2.frequency <> '8'
                      and c2.status not in ('replaced', 'void'))
 order by fr.therapist_id, fr.service_date, fr.created_at

-- name: prior_adjudication
-- How a primary claim's payer adjudicated each of its charges: what it paid (net of
-- reversals), when, and its adjustments by group and reason (net), for a secondary claim.
select l.financial_record_id,
       sum(l.paid) as paid,
       max(coalesce(r.payment_date, r.imported_at::date)) as adjudicated_on,
       coalesce((select jsonb_agg(jsonb_build_object('group', g.group_code,
                                                     'reason', g.reason_code,
                                                     'amount', g.amount::text)
                                  order by g.group_code, g.reason_code)
                   from (select a.group_code, a.reason_code, sum(a.amount) as amount
                           from charge_adjustments a
                          where a.claim_id = %(claim_id)s
                            and a.financial_record_id = l.financial_record_id
                          group by a.group_code, a.reason_code
                         having sum(a.amount) <> 0) g), '[]') as adjustments
  from remittance_lines l
  join remittances r on r.id = l.remittance_id
 where l.claim_id = %(claim_id)s
 group by l.financial_record_id

-- name: next_control_number
-- A new claim control number (CLM01): SC and eight digits.
select 'SC' || lpad(nextval('claim_control_number_seq')::text, 8, '0') as control_number

-- name: insert_claim
-- A new claim (its lines follow in the same transaction; the total is checked at commit).
insert into claims (control_number, patient_id, therapist_id, payer_id, responsibility,
                    frequency, replaces_claim_id, payer_claim_number, status, service_from,
                    service_to, total_charge, diagnoses, place_of_service)
values (%(control_number)s, %(patient_id)s, %(therapist_id)s, %(payer_id)s,
        %(responsibility)s, %(frequency)s, %(replaces_claim_id)s, %(payer_claim_number)s,
        'ready', %(service_from)s, %(service_to)s, %(total_charge)s, %(diagnoses)s,
        %(place_of_service)s)
returning id as claim_id, control_number

-- name: insert_line
-- One service line of a claim, billing one charge.
insert into claim_lines (claim_id, line_number, financial_record_id, cpt_code, modifiers,
                         units, charge, service_date, place_of_service, pointers)
values (%(claim_id)s, %(line_number)s, %(financial_record_id)s, %(cpt_code)s, %(modifiers)s,
        %(units)s, %(charge)s, %(service_date)s, %(place_of_service)s, %(pointers)s)

-- name: insert_event
-- One entry of a claim's history, in the claim's own clinician's and patient's name.
insert into claim_events (claim_id, patient_id, therapist_id, kind, status, detail, source)
select c.id, c.patient_id, c.therapist_id, %(kind)s, %(status)s, coalesce(%(detail)s, ''),
       coalesce(%(source)s, '')
  from claims c
 where c.id = %(claim_id)s

-- name: set_status
-- A claim's new status (and the payer's claim number when one was given).
update claims
   set status = %(status)s,
       payer_claim_number = coalesce(%(payer_claim_number)s, payer_claim_number)
 where id = %(claim_id)s

-- name: list
-- Claims of one clinician (or all), optionally of one status, newest service first, with what
-- the payer paid, wrote off and left to the patient.
select c.id as claim_id,
       c.control_number,
       p.full_name as patient_name,
       py.name as payer_name,
       c.service_from,
       c.service_to,
       c.total_charge,
       c.status,
       coalesce(paid.amount, 0)::numeric(10, 2) as paid_amount,
       coalesce(adj.written_off, 0)::numeric(10, 2) as adjustment_amount,
       coalesce(adj.patient, 0)::numeric(10, 2) as patient_responsibility,
       c.responsibility,
       c.frequency,
       c.payer_claim_number,
       c.created_at
  from claims c
  join patients p on p.id = c.patient_id
  join payers py on py.id = c.payer_id
  left join lateral (select sum(l.paid) as amount
                       from remittance_lines l where l.claim_id = c.id) paid on true
  left join lateral (select sum(a.amount) filter (where a.writes_off) as written_off,
                            sum(a.amount) filter (where a.group_code = 'PR') as patient
                       from charge_adjustments a where a.claim_id = c.id) adj on true
 where (%(therapist_id)s::uuid is null or c.therapist_id = %(therapist_id)s::uuid)
   and (%(status)s::text is null or c.status = %(status)s::text)
   and (%(claim_ids)s::uuid[] is null or c.id = any(%(claim_ids)s::uuid[]))
 order by c.service_to desc, c.created_at desc, c.control_number desc

-- name: find
-- Claims whose control number is the reference or whose id starts with it.
select c.id, c.control_number, c.status
  from claims c
 where upper(c.control_number) = upper(%(ref)s) or c.id::text like %(id_prefix)s
 order by c.control_number
 limit 10

-- name: claim
-- One claim with its patient, clinician and payer, for show, void and resubmit.
select c.*,
       c.id as claim_id,
       p.full_name as patient_name,
       concat_ws(' ', nullif(t.title, ''), t.first_name, t.last_name) as therapist_name,
       py.name as payer_name,
       py.payer_id as payer_code,
       b.interchange_control_number,
       b.file_name
  from claims c
  join patients p on p.id = c.patient_id
  join therapists t on t.id = c.therapist_id
  join payers py on py.id = c.payer_id
  left join claim_batches b on b.id = c.batch_id
 where c.id = %(claim_id)s

-- name: lines
-- A claim's lines in order, with what remittances paid and adjusted on each.
select l.line_number,
       l.financial_record_id,
       l.cpt_code,
       l.modifiers,
       l.units,
       l.charge,
       l.service_date,
       l.place_of_service,
       l.pointers,
       coalesce((select sum(r.paid) from remittance_lines r where r.claim_line_id = l.id), 0)
           ::numeric(10, 2) as paid,
       coalesce((select string_agg(a.group_code || '-' || a.reason_code || ' ' || a.amount,
                                   ', ' order by a.created_at)
                   from charge_adjustments a
                   join remittance_lines r on r.id = a.remittance_line_id
                  where r.claim_line_id = l.id), '') as adjustments
  from claim_lines l
 where l.claim_id = %(claim_id)s
 order by l.line_number

-- name: history
-- A claim's history, oldest first: made, sent, acknowledged, paid, with the payer's reasons.
select e.occurred_at, e.kind, e.status, e.source, e.detail
  from claim_events e
 where e.claim_id = %(claim_id)s
 order by e.occurred_at, e.id

-- name: primary_claims_of
-- The primary claims that adjudicated some charges (paid, partial or denied), oldest first.
select distinct c.id as claim_id, c.payer_id, c.created_at
  from claim_lines l
  join claims c on c.id = l.claim_id
 where l.financial_record_id = any(%(charge_ids)s::uuid[])
   and c.responsibility = 'P'
   and c.frequency <> '8'
   and c.status in ('paid', 'partial', 'denied')
 order by c.created_at

-- name: charges_by_ids
-- Charges to put on a claim again (claims resubmit / void), with the state of their note.
select fr.id,
       fr.therapist_id,
       fr.service_date,
       fr.cpt_code,
       fr.cpt_modifier,
       fr.addon_cpt_code,
       fr.units,
       fr.icd10_codes,
       fr.place_of_service,
       fr.amount,
       a.appointment_type::text as appointment_type,
       sanctuary_charge_note_state(fr.id) as note_state
  from financial_records fr
  left join appointments a on a.id = fr.appointment_id
 where fr.id = any(%(charge_ids)s::uuid[])
 order by fr.service_date, fr.created_at

-- name: lock_patient
-- Serializes making claims for one patient, so two `claims create` cannot take one charge.
select pg_advisory_xact_lock(hashtext('sanctuary claims'), hashtext(%(patient_id)s::text))

-- name: lock_claim
-- One claim, locked for the rest of the transaction (void, resubmit, posting).
select id, status, frequency, batch_id
  from claims
 where id = %(claim_id)s
   for update

-- name: ready
-- Ready claims of one clinician (or all), oldest first: what `claims export` sends.
select c.id
  from claims c
 where c.status = 'ready'
   and (%(therapist_id)s::uuid is null or c.therapist_id = %(therapist_id)s::uuid)
 order by c.created_at, c.control_number

-- name: lock_for_export
-- The claims to export, locked, with what their 837P needs; only those still ready.
select c.id as claim_id,
       c.control_number,
       c.patient_id,
       c.therapist_id,
       c.payer_id,
       c.responsibility,
       c.frequency,
       c.payer_claim_number,
       c.diagnoses
  from claims c
 where c.id = any(%(claim_ids)s::uuid[])
   and c.status = 'ready'
 order by c.created_at, c.control_number
   for update

-- name: lock_numbers
-- Serializes drawing interchange, group and transaction set numbers, so one file's sets are
-- consecutive.
select pg_advisory_xact_lock(hashtext('sanctuary x12 control numbers'))

-- name: next_numbers
-- A new interchange (ISA13) and group (GS06) number.
select nextval('x12_interchange_seq') as interchange, nextval('x12_group_seq') as grp

-- name: next_sets
-- n new transaction set numbers (ST02), in order; under lock_numbers they are consecutive.
select nextval('x12_transaction_set_seq') as number
  from generate_series(1, %(sets)s)
 order by 1

-- name: insert_batch
-- An 837P file written: its numbers and the interchange itself, for writing it again.
insert into claim_batches (interchange_control_number, group_control_number, therapist_id,
                           file_name, usage, claim_count, interchange)
values (%(interchange)s, %(grp)s, %(therapist_id)s, %(file_name)s, %(usage)s, %(claim_count)s,
        %(interchange_text)s)
returning id

-- name: mark_submitted
-- A claim went out in a file: submitted, with the set that carried it.
update claims
   set status = 'submitted',
       batch_id = %(batch_id)s,
       transaction_set_number = %(transaction_set_number)s,
       submitted_at = now()
 where id = %(claim_id)s

-- name: batch
-- An 837P file written earlier, by its interchange number, with the charges it billed.
select b.id,
       b.interchange_control_number,
       b.file_name,
       b.claim_count,
       b.interchange,
       b.created_at,
       (select coalesce(jsonb_agg(jsonb_build_object('financial_record_id', l.financial_record_id,
                                                     'patient_id', c.patient_id)), '[]')
          from claims c join claim_lines l on l.claim_id = c.id
         where c.batch_id = b.id) as charges
  from claim_batches b
 where b.interchange_control_number = %(interchange)s

-- name: claim_ids_by_number
-- Claims by their control numbers.
select id, control_number from claims where control_number = any(%(numbers)s::text[])

-- name: insert_acknowledgement
-- A 999 or 277CA file imported, by sender and ISA13; no row when it was imported before.
insert into acknowledgements (kind, sender_id, interchange_control_number, file_name,
                              therapist_id)
values (%(kind)s, %(sender_id)s, %(interchange)s, %(file_name)s, %(therapist_id)s)
on conflict (kind, sender_id, interchange_control_number) do nothing
returning id

-- name: claim_by_set
-- The claim a 999 answers: the group (GS06) and transaction set (ST02) it went out in.
select c.id, c.control_number, c.status, c.batch_id
  from claims c
  join claim_batches b on b.id = c.batch_id
 where b.group_control_number = %(group)s::bigint
   and ltrim(c.transaction_set_number, '0') = ltrim(%(set)s, '0')

-- name: sets_of_group
-- The transaction sets of one group we sent (a 999 rejecting the group names none).
select c.transaction_set_number
  from claims c
  join claim_batches b on b.id = c.batch_id
 where b.group_control_number = %(group)s::bigint
 order by c.transaction_set_number

-- name: claims_by_number
-- Our claims by control number (what a 277CA and an 835 name), with what posting needs.
select c.id, c.control_number, c.status, c.batch_id, c.total_charge, c.responsibility
  from claims c
 where c.control_number = any(%(numbers)s::text[])
