-- name: insert_remittance
-- An 835 payment posted, by its key (payer id, trace number); no row when it was posted before.
insert into remittances (payer_identifier, trace_number, payer_name, payment_date,
                         payment_method, total_paid, provider_adjustments, file_name,
                         therapist_id)
values (%(payer_identifier)s, %(trace_number)s, %(payer_name)s, %(payment_date)s,
        %(payment_method)s, %(total_paid)s, %(provider_adjustments)s, %(file_name)s,
        %(therapist_id)s)
on conflict (payer_identifier, trace_number) do nothing
returning id

-- name: charge_balances
-- What the charges a remittance pays still owe, and whether they take payments at all.
select b.id, b.balance, b.status::text as status, b.service_date
  from financial_record_balances b
 where b.id = any(%(charge_ids)s::uuid[])

-- name: insert_line
-- How the remittance adjudicated one claim line.
insert into remittance_lines (remittance_id, claim_id, claim_line_id, financial_record_id,
                              status_code, charge, paid, position)
values (%(remittance_id)s, %(claim_id)s, %(claim_line_id)s, %(financial_record_id)s,
        %(status_code)s, %(charge)s, %(paid)s, %(position)s)
returning id

-- name: insert_adjustment
-- One CAS amount on a charge; writes_off takes it off what the charge asks.
insert into charge_adjustments (remittance_line_id, financial_record_id, claim_id, group_code,
                                reason_code, amount, writes_off)
values (%(remittance_line_id)s, %(financial_record_id)s, %(claim_id)s, %(group_code)s,
        %(reason_code)s, %(amount)s, %(writes_off)s)

-- name: insert_payment
-- The insurer's payment on a charge, dated the day the payer paid (BPR16) when it says.
insert into payments (financial_record_id, amount, method, reference, paid_at, remittance_id)
values (%(charge_id)s, %(amount)s, 'insurance', %(reference)s,
        coalesce(%(paid_on)s::date::timestamptz, now()), %(remittance_id)s)

-- name: insert_refund
-- Money the payer took back on a charge (a reversal): owed again, as any refund.
insert into refunds (financial_record_id, amount, reason, adjusts_charge, remittance_id)
values (%(charge_id)s, %(amount)s, %(reason)s, false, %(remittance_id)s)

-- name: claim_lines
-- The lines of the claims a remittance names, to match its service lines with.
select l.id, l.claim_id, l.line_number, l.financial_record_id, l.cpt_code, l.charge,
       l.service_date
  from claim_lines l
 where l.claim_id = any(%(claim_ids)s::uuid[])
 order by l.claim_id, l.line_number
