-- One row per patient summarising risk: the latest non-private note's risk level, the latest
-- PHQ-9 / GAD-7 / C-SSRS results, and whether the patient needs follow-up. `report risk` and
-- `patients show` read it; its column names are a contract. Private (psychotherapy) notes never
-- feed it. security_invoker makes row-level security apply as the querying role.

create view patient_risk_status with (security_invoker = true) as
select p.id as patient_id,
       p.therapist_id,
       n.risk_level as last_note_risk_level,
       n.created_at as last_note_at,
       exists (
           select 1
             from session_notes s
            where s.patient_id = p.id
              and not s.is_private
              and nullif(btrim(s.safety_plan), '') is not null
       ) as safety_plan_on_file,
       coalesce(phq.answers[9] > 0, false) as phq9_item9_positive,
       phq.total::integer as latest_phq9_total,
       phq.severity as latest_phq9_severity,
       gad.total::integer as latest_gad7_total,
       gad.severity as latest_gad7_severity,
       cs.severity as cssrs_risk,
       greatest(phq.administered_at, gad.administered_at, cs.administered_at)
           as last_measured_at,
       (coalesce(n.risk_level in ('moderate', 'high', 'imminent'), false)
        or coalesce(phq.answers[9] > 0, false)
        or coalesce(cs.severity in ('low', 'moderate', 'high'), false)) as elevated
  from patients p
  left join lateral (
        select s.risk_level, s.created_at
          from session_notes s
         where s.patient_id = p.id
           and not s.is_private
         order by s.session_date desc, s.created_at desc
         limit 1
       ) n on true
  left join lateral (
        select m.answers, m.total, m.severity, m.administered_at
          from measure_administrations m
         where m.patient_id = p.id and m.instrument = 'phq9'
         order by m.administered_at desc
         limit 1
       ) phq on true
  left join lateral (
        select m.total, m.severity, m.administered_at
          from measure_administrations m
         where m.patient_id = p.id and m.instrument = 'gad7'
         order by m.administered_at desc
         limit 1
       ) gad on true
  left join lateral (
        select m.severity, m.administered_at
          from measure_administrations m
         where m.patient_id = p.id and m.instrument = 'cssrs'
         order by m.administered_at desc
         limit 1
       ) cs on true;

comment on view patient_risk_status is
    'Per patient: latest non-private note risk, safety plan on file, latest PHQ-9/GAD-7 '
    'scores and bands, PHQ-9 item 9 flag, C-SSRS risk; elevated = note risk moderate or '
    'above, PHQ-9 item 9 > 0, or a positive C-SSRS screen.';
