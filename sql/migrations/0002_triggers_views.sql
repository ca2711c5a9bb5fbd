-- Triggers that keep derived columns in step, the three dashboard views, and the
-- reference data (session types, progress areas) every practice starts with.

create function set_updated_at() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
    new.updated_at := now();
    return new;
end;
$$;

create trigger therapists_updated_at before update on therapists
    for each row execute function set_updated_at();
create trigger patients_updated_at before update on patients
    for each row execute function set_updated_at();
create trigger appointments_updated_at before update on appointments
    for each row execute function set_updated_at();
create trigger session_notes_updated_at before update on session_notes
    for each row execute function set_updated_at();
create trigger financial_records_updated_at before update on financial_records
    for each row execute function set_updated_at();
create trigger session_types_updated_at before update on session_types
    for each row execute function set_updated_at();

create function set_appointment_end() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
    new.ends_at := new.starts_at + make_interval(mins => new.duration_minutes);
    return new;
end;
$$;

create trigger appointments_end before insert or update of starts_at, duration_minutes, ends_at
    on appointments for each row execute function set_appointment_end();

-- Recounts rather than increments, so an edit of status or patient can never drift the count.
create function refresh_patient_session_count() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update patients p
           set session_count = (select count(*) from appointments a
                                 where a.patient_id = p.id and a.status = 'completed')
         where p.id = old.patient_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.patient_id <> old.patient_id
                                          or new.status is distinct from old.status) then
        update patients p
           set session_count = (select count(*) from appointments a
                                 where a.patient_id = p.id and a.status = 'completed')
         where p.id = new.patient_id;
    end if;
    return null;
end;
$$;

create trigger appointments_session_count
    after insert or delete or update of status, patient_id on appointments
    for each row execute function refresh_patient_session_count();

create function refresh_tag_usage_count() returns trigger
language plpgsql set search_path = pg_catalog, public as $$
begin
    if tg_op = 'INSERT' then
        update tags set usage_count = usage_count + 1 where id = new.tag_id;
    elsif tg_op = 'DELETE' then
        update tags set usage_count = greatest(usage_count - 1, 0) where id = old.tag_id;
    end if;
    return null;
end;
$$;

create trigger note_tags_usage_count after insert or delete on note_tags
    for each row execute function refresh_tag_usage_count();

-- Balance and derived status of every charge. "overdue" depends on the calendar day, so it is
-- computed at read time from current_date (the transaction's TimeZone is the practice's).
create view financial_record_balances as
select fr.id,
       fr.patient_id,
       fr.therapist_id,
       fr.appointment_id,
       fr.record_type,
       fr.description,
       fr.cpt_code,
       fr.icd10_codes,
       fr.service_date,
       fr.due_date,
       fr.amount,
       fr.coverage_percent,
       fr.insurance_amount,
       fr.patient_responsibility,
       coalesce(paid.total, 0)::numeric(10, 2) as amount_paid,
       (fr.amount - coalesce(paid.total, 0))::numeric(10, 2) as balance,
       case
           when fr.status in ('cancelled', 'refunded') then fr.status
           when fr.amount - coalesce(paid.total, 0) <= 0 then 'paid'
           when fr.due_date < current_date then 'overdue'
           else 'pending'
       end::payment_status_enum as status,
       case when fr.status not in ('cancelled', 'refunded')
             and fr.amount - coalesce(paid.total, 0) > 0
             and fr.due_date < current_date
            then current_date - fr.due_date else 0 end as days_overdue,
       paid.last_paid_at
  from financial_records fr
  left join lateral (
        select sum(p.amount) as total, max(p.paid_at) as last_paid_at
          from payments p
         where p.financial_record_id = fr.id
       ) paid on true;

create view upcoming_appointments as
select a.id as appointment_id,
       a.therapist_id,
       concat_ws(' ', nullif(t.title, ''), t.first_name, t.last_name) as therapist_name,
       a.patient_id,
       p.full_name as patient_name,
       a.starts_at,
       a.ends_at,
       a.duration_minutes,
       st.name as session_type,
       a.appointment_type,
       coalesce(a.video_link, a.location) as location,
       a.fee,
       a.series_id
  from appointments a
  join patients p on p.id = a.patient_id
  join therapists t on t.id = a.therapist_id
  left join session_types st on st.id = a.session_type_id
 where a.status = 'scheduled'
   and a.starts_at >= now();

create view financial_summary as
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
       coalesce(sum(b.amount_paid), 0)::numeric(12, 2) as total_paid,
       coalesce(sum(b.balance) filter (where b.status in ('pending', 'overdue')), 0)
           ::numeric(12, 2) as balance,
       coalesce(sum(b.balance) filter (where b.status = 'overdue'), 0)
           ::numeric(12, 2) as overdue_balance,
       max(b.last_paid_at) as last_payment_at
  from patients p
  left join financial_record_balances b on b.patient_id = p.id
 group by p.id;

create view active_patients_with_appointments as
select p.id as patient_id,
       p.full_name as patient_name,
       p.therapist_id,
       p.email,
       p.phone,
       p.session_count,
       nxt.starts_at as next_appointment_at,
       lst.starts_at as last_appointment_at,
       (select count(*) from appointments a
         where a.patient_id = p.id and a.status = 'scheduled' and a.starts_at >= now())
           as upcoming_count
  from patients p
  left join lateral (
        select a.starts_at from appointments a
         where a.patient_id = p.id and a.status = 'scheduled' and a.starts_at >= now()
         order by a.starts_at limit 1
       ) nxt on true
  left join lateral (
        select a.starts_at from appointments a
         where a.patient_id = p.id and a.status = 'completed'
         order by a.starts_at desc limit 1
       ) lst on true
 where p.status = 'Active';

comment on view financial_record_balances is
    'Each charge with amount paid, balance, and status derived from balance and due date.';
comment on view upcoming_appointments is
    'Scheduled appointments from now on, with patient, therapist and session type names.';
comment on view financial_summary is
    'Per patient: billed, insurance share, patient share, paid, open and overdue balance.';
comment on view active_patients_with_appointments is
    'Active patients with their next and last appointment and session count.';

insert into session_types (name, category, default_duration_minutes, default_fee, description)
values ('Intake', 'Individual', 60, 200.00, 'Initial diagnostic evaluation (90791)'),
       ('Individual Therapy', 'Individual', 50, 150.00, 'Individual psychotherapy'),
       ('Individual Therapy (extended)', 'Individual', 55, 180.00,
        'Individual psychotherapy, 53 minutes or more'),
       ('Couples Therapy', 'Couples', 50, 175.00, 'Conjoint psychotherapy with the patient'),
       ('Family Therapy', 'Family', 50, 175.00, 'Family psychotherapy with the patient'),
       ('Family Therapy (without patient)', 'Family', 50, 165.00,
        'Family psychotherapy without the patient present'),
       ('Crisis Session', 'Individual', 60, 200.00, 'Psychotherapy for crisis (90839)');

insert into progress_areas (name, description)
values ('Anxiety Management', 'Recognising and reducing anxiety'),
       ('Depression Symptoms', 'Low mood, anhedonia, energy'),
       ('Coping Skills', 'Use of learned coping strategies'),
       ('Communication', 'Expressing needs and listening'),
       ('Self-Esteem', 'Self-worth and self-talk'),
       ('Relationships', 'Quality of close relationships'),
       ('Sleep', 'Sleep quality and routine'),
       ('Emotional Regulation', 'Naming and modulating emotions'),
       ('Work/School Functioning', 'Attendance and performance'),
       ('Social Engagement', 'Contact with others and activities');
