-- The signed-note check runs as the schema owner, so billing staff (who may not read notes under
-- row-level security) are held to the rule instead of always being refused; it reveals only
-- whether a signed progress note exists. financial_summary counts refunded money out of
-- total_paid and shows it in its own column.

alter function require_signed_note_before_billing() security definer;

create or replace view financial_summary as
select p.id as patient_id,
       p.full_name as patient_name,
       p.therapist_id,
       p.insurance_provider,
       p.coverage_percent,
       count(b.id) as record_count,
       coalesce(sum(b.amount) filter (where b.status not in ('cancelled', 'refunded')), 0)
           ::numeric(12, 2) as total_billed,
       coalesce(sum(b.insurance_amount) filter (where b.status not in ('cancelled', 'refunded')), 0)
           ::numeric(12, 2) as insurance_total,
       coalesce(sum(b.patient_responsibility)
                filter (where b.status not in ('cancelled', 'refunded')), 0)
           ::numeric(12, 2) as patient_responsibility_total,
       coalesce(sum(b.amount_paid) filter (where b.status <> 'refunded'), 0)::numeric(12, 2)
           as total_paid,
       coalesce(sum(b.balance) filter (where b.status in ('pending', 'overdue')), 0)
           ::numeric(12, 2) as balance,
       coalesce(sum(b.balance) filter (where b.status = 'overdue'), 0)
           ::numeric(12, 2) as overdue_balance,
       max(b.last_paid_at) as last_payment_at,
       coalesce(sum(b.amount_paid) filter (where b.status = 'refunded'), 0)::numeric(12, 2)
           as total_refunded
  from patients p
  left join financial_record_balances b on b.patient_id = p.id
 group by p.id;

comment on view financial_summary is
    'Per patient: billed, insurance share, patient share, paid (net of refunds), open and '
    'overdue balance, refunded.';
