-- The risk flag stays up until it is resolved (docs/clinical-notes.md, "Risk follow-up").
-- patient_risk_status used to follow only the latest note: passive suicidal ideation one day
-- and a phone-call note saying "risk low" the next took the patient off `report risk`.
--
-- Now a patient is elevated from the latest event that raised concern -- a note with overall
-- risk moderate or above, any suicidal or homicidal ideation, or current self-harm; a PHQ-9
-- with item 9 above 0; a positive C-SSRS screen -- until something later closes it: a note
-- whose structured assessment was completed in full (each of suicidal ideation, self-harm and
-- homicidal ideation asked and answered) and found no ideation, no current self-harm and
-- overall risk low; or the clinician resolving it with a reason (`patients resolve-risk`). A
-- note that only states "risk low" closes nothing. Self-harm in the past is history, recorded
-- in the note, and neither raises nor blocks closing. Events are ordered by when they were
-- recorded.

alter table session_notes
    add column risk_assessment_complete boolean not null default false;

comment on column session_notes.risk_assessment_complete is
    'The structured risk assessment was asked in full (suicidal ideation, self-harm, homicidal '
    'ideation each answered), so a clean one can close a risk flag.';

create table risk_resolutions (
    id uuid primary key default gen_random_uuid(),
    patient_id uuid not null references patients (id),
    therapist_id uuid not null references therapists (id),
    reason text not null check (btrim(reason) <> '' and length(reason) <= 2000),
    resolved_at timestamptz not null default now(),
    created_at timestamptz not null default now()
);

create index risk_resolutions_patient_idx on risk_resolutions (patient_id, resolved_at desc);

comment on table risk_resolutions is
    'A clinician closing a patient''s risk flag, with the reason; permanent.';

create or replace function risk_resolutions_permanent() returns trigger
language plpgsql set search_path = pg_catalog, public, pg_temp as $$
begin
    raise exception 'A risk resolution is permanent; a new concern raises the flag again'
        using errcode = 'integrity_constraint_violation';
end;
$$;

create trigger risk_resolutions_no_change before update or delete on risk_resolutions
    for each row execute function risk_resolutions_permanent();
create trigger risk_resolutions_no_truncate before truncate on risk_resolutions
    for each statement execute function risk_resolutions_permanent();
create trigger risk_resolutions_audit after insert or update or delete on risk_resolutions
    for each row execute function audit_row_change();

alter table risk_resolutions enable row level security, force row level security;
create policy risk_resolutions_scope on risk_resolutions
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or exists (select 1 from patients p where p.id = risk_resolutions.patient_id));
create policy risk_resolutions_own_inserts on risk_resolutions as restrictive for insert
    with check ((select sanctuary_scope()) is null
                or (therapist_id = (select sanctuary_scope())
                    and sanctuary_patient_therapist(patient_id) = therapist_id));

-- Column names before `elevated` are 0021's contract; the reason and times are new, at the end.
create or replace view patient_risk_status with (security_invoker = true) as
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
       (raised.at is not null and (cleared.at is null or raised.at > cleared.at)) as elevated,
       raised.at as elevated_since,
       raised.reason as elevated_by,
       cleared.at as risk_cleared_at
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
       ) cs on true
  -- The latest event that raised concern, and what it was.
  left join lateral (
        select e.at, e.reason
          from (select s.created_at as at,
                       concat_ws(', ',
                           case when s.risk_level <> 'low' then 'risk ' || s.risk_level end,
                           case when s.suicidal_ideation <> 'none'
                                then s.suicidal_ideation || ' suicidal ideation' end,
                           case when s.homicidal_ideation <> 'none'
                                then s.homicidal_ideation || ' homicidal ideation' end,
                           case when s.self_harm = 'current' then 'current self-harm' end)
                           as reason
                  from session_notes s
                 where s.patient_id = p.id
                   and not s.is_private
                   and (s.risk_level <> 'low' or s.suicidal_ideation <> 'none'
                        or s.homicidal_ideation <> 'none' or s.self_harm = 'current')
                union all
                select m.administered_at,
                       case when m.instrument = 'phq9' then 'PHQ-9 item 9 = ' || m.answers[9]
                            else 'C-SSRS screen ' || m.severity end
                  from measure_administrations m
                 where m.patient_id = p.id
                   and ((m.instrument = 'phq9' and m.answers[9] > 0)
                        or (m.instrument = 'cssrs' and m.severity <> 'none'))) e
         order by e.at desc
         limit 1
       ) raised on true
  -- The latest event that closed it: a clean, complete assessment or a recorded resolution.
  left join lateral (
        select max(c.at) as at
          from (select s.created_at as at
                  from session_notes s
                 where s.patient_id = p.id
                   and not s.is_private
                   and s.risk_assessment_complete
                   and s.risk_level = 'low' and s.suicidal_ideation = 'none'
                   and s.homicidal_ideation = 'none' and s.self_harm <> 'current'
                union all
                select r.resolved_at from risk_resolutions r where r.patient_id = p.id) c
       ) cleared on true;

comment on view patient_risk_status is
    'Per patient: latest non-private note risk, safety plan on file, latest PHQ-9/GAD-7 '
    'scores and bands, PHQ-9 item 9 flag, C-SSRS risk; elevated from the latest concerning '
    'note or screen until a later complete clean assessment or a recorded resolution.';

do $$
begin
    if to_regrole('sanctuary_clinician') is null or to_regrole('sanctuary_billing') is null then
        return;
    end if;
    create policy risk_resolutions_not_billing on risk_resolutions as restrictive
        to sanctuary_billing using (false);
    grant select, insert on risk_resolutions to sanctuary_clinician;
end;
$$;
