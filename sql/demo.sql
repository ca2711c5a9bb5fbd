-- The demo practice, dated relative to today in the practice time zone (the transaction's
-- TimeZone), so it always looks live. Not a migration: `sanctuary db init --demo` runs it
-- (sanctuary_cli/store/demo.py) on a migrated database, and the tests' demo template is built
-- with it. Fixed ids and ON CONFLICT DO NOTHING make a second run harmless.
-- Counts (docs/SPEC.md section 2): 1 therapist, 3 patients, 3 upcoming appointments,
-- 4 session notes, 15 mood entries, 7 progress entries, 5 financial records, 11 tags;
-- the 10 progress areas come with the schema.

insert into therapists (id, title, first_name, last_name, email, phone, credentials,
                        license_number, license_state, license_expiry, npi, tax_id,
                        practice_name, practice_address, specializations)
values (md5('sanctuary-demo-001')::uuid, 'Dr.', 'Sarah', 'Johnson',
        'sarah.johnson@sanctuary.example', '+1 212 555 0100', 'PhD, Licensed Psychologist',
        'PSY-018734', 'NY', current_date + 400, '1234567893', '12-3456789',
        'Sanctuary Counseling', '120 Hudson St, Suite 4, New York, NY 10013',
        '{anxiety,depression,CBT,trauma-informed care}')
on conflict do nothing;

insert into patients (id, therapist_id, first_name, last_name, preferred_name, pronouns,
                      date_of_birth, email, phone, address, emergency_contact_name,
                      emergency_contact_phone, emergency_contact_relationship,
                      insurance_provider, insurance_member_id, insurance_group_number,
                      coverage_percent, diagnosis_codes, intake_date)
values (md5('sanctuary-demo-101')::uuid, md5('sanctuary-demo-001')::uuid,
        'Amelia', 'Chen', null, 'she/her', '1992-04-12', 'amelia.chen@example.com',
        '+1 917 555 0142', '88 Orchard St, New York, NY 10002', 'Wei Chen', '+1 917 555 0199',
        'brother', 'Aetna', 'W123456789', 'GRP-4410', 80.00, '{F41.1}', current_date - 90),
       (md5('sanctuary-demo-102')::uuid, md5('sanctuary-demo-001')::uuid,
        'Benjamin', 'Carter', 'Ben', 'he/him', '1985-09-03', 'ben.carter@example.com',
        '+1 646 555 0177', '410 W 57th St, New York, NY 10019', 'Lisa Carter',
        '+1 646 555 0188', 'spouse', 'BlueCross BlueShield', 'XJH998877', 'GRP-2201', 70.00,
        '{F32.1}', current_date - 120),
       (md5('sanctuary-demo-103')::uuid, md5('sanctuary-demo-001')::uuid,
        'Chloe', 'Davis', null, 'she/they', '1998-01-22', 'chloe.davis@example.com',
        '+1 347 555 0123', '19 Bedford Ave, Brooklyn, NY 11222', 'Maya Davis',
        '+1 347 555 0111', 'mother', null, null, null, 0.00, '{F43.23}', current_date - 45)
on conflict do nothing;

-- Five past sessions (four documented, one billed long ago) and three upcoming ones.
insert into appointments (id, therapist_id, patient_id, session_type_id, starts_at,
                          duration_minutes, appointment_type, location, video_link, status, fee)
select v.id::uuid, md5('sanctuary-demo-001')::uuid, v.patient_id::uuid, st.id,
       ((current_date + v.day_offset) + v.at)::timestamptz, v.minutes,
       v.kind::appointment_type_enum, v.location, v.video_link,
       v.status::appointment_status_enum, v.fee
  from (values
        (md5('sanctuary-demo-201')::uuid, md5('sanctuary-demo-102')::uuid, -40,
         time '14:00', 50, 'Individual Therapy', 'In-Person', 'Office 4', null, 'completed',
         150.00),
        (md5('sanctuary-demo-202')::uuid, md5('sanctuary-demo-101')::uuid, -14,
         time '10:00', 50, 'Individual Therapy', 'In-Person', 'Office 4', null, 'completed',
         150.00),
        (md5('sanctuary-demo-203')::uuid, md5('sanctuary-demo-102')::uuid, -10,
         time '14:00', 50, 'Individual Therapy', 'Virtual', null,
         'https://video.example/sanctuary/ben', 'completed', 150.00),
        (md5('sanctuary-demo-204')::uuid, md5('sanctuary-demo-101')::uuid, -7,
         time '10:00', 50, 'Individual Therapy', 'In-Person', 'Office 4', null, 'completed',
         150.00),
        (md5('sanctuary-demo-205')::uuid, md5('sanctuary-demo-103')::uuid, -5,
         time '11:00', 60, 'Intake', 'In-Person', 'Office 4', null, 'completed', 200.00),
        (md5('sanctuary-demo-206')::uuid, md5('sanctuary-demo-101')::uuid, 1,
         time '10:00', 50, 'Individual Therapy', 'In-Person', 'Office 4', null, 'scheduled',
         150.00),
        (md5('sanctuary-demo-207')::uuid, md5('sanctuary-demo-102')::uuid, 1,
         time '14:00', 50, 'Individual Therapy', 'Virtual', null,
         'https://video.example/sanctuary/ben', 'scheduled', 150.00),
        (md5('sanctuary-demo-208')::uuid, md5('sanctuary-demo-103')::uuid, 2,
         time '11:00', 50, 'Individual Therapy', 'In-Person', 'Office 4', null, 'scheduled',
         150.00)
       ) as v(id, patient_id, day_offset, at, minutes, session_type, kind, location, video_link,
              status, fee)
  join session_types st on st.name = v.session_type
on conflict do nothing;

insert into tags (id, name, category)
values (md5('sanctuary-demo-301')::uuid, 'anxiety', 'symptom'),
       (md5('sanctuary-demo-302')::uuid, 'depression', 'symptom'),
       (md5('sanctuary-demo-303')::uuid, 'social', 'context'),
       (md5('sanctuary-demo-304')::uuid, 'work', 'context'),
       (md5('sanctuary-demo-305')::uuid, 'family', 'context'),
       (md5('sanctuary-demo-306')::uuid, 'sleep', 'symptom'),
       (md5('sanctuary-demo-307')::uuid, 'relationships', 'context'),
       (md5('sanctuary-demo-308')::uuid, 'self-esteem', 'theme'),
       (md5('sanctuary-demo-309')::uuid, 'coping-skills', 'intervention'),
       (md5('sanctuary-demo-310')::uuid, 'cbt', 'intervention'),
       (md5('sanctuary-demo-311')::uuid, 'intake', 'session')
on conflict do nothing;

insert into session_notes (id, appointment_id, patient_id, therapist_id, template, content,
                           mood_rating, suicidal_ideation, self_harm, protective_factors,
                           risk_level, safety_plan, session_date, signed_at, signed_by)
values (md5('sanctuary-demo-401')::uuid, md5('sanctuary-demo-202')::uuid,
        md5('sanctuary-demo-101')::uuid, md5('sanctuary-demo-001')::uuid, 'soap',
        '{"subjective": "Reports racing thoughts before team meetings; sleeping about 6 hours.",
          "objective": "Alert, engaged, mildly restless; speech normal.",
          "assessment": "Generalised anxiety, work-related triggers; good insight.",
          "plan": "Practise paced breathing daily; thought record before meetings."}',
        5, 'none', 'none', '{supportive family,engaged in treatment}', 'low', null,
        current_date - 14, (current_date - 14 + time '11:30')::timestamptz,
        md5('sanctuary-demo-001')::uuid),
       (md5('sanctuary-demo-402')::uuid, md5('sanctuary-demo-203')::uuid,
        md5('sanctuary-demo-102')::uuid, md5('sanctuary-demo-001')::uuid, 'soap',
        '{"subjective": "Low mood for three weeks, withdrawn from friends; passive thoughts of not waking up, no plan.",
          "objective": "Flat affect, psychomotor slowing, good eye contact.",
          "assessment": "Moderate depressive episode; passive ideation without plan or intent.",
          "plan": "Safety plan reviewed and signed; behavioural activation; weekly sessions."}',
        3, 'passive', 'none', '{spouse,children,future plans}', 'moderate',
        'Warning signs listed; call spouse, then 988; remove medication stockpile.',
        current_date - 10, (current_date - 10 + time '15:30')::timestamptz,
        md5('sanctuary-demo-001')::uuid),
       (md5('sanctuary-demo-403')::uuid, md5('sanctuary-demo-204')::uuid,
        md5('sanctuary-demo-101')::uuid, md5('sanctuary-demo-001')::uuid, 'soap',
        '{"subjective": "Used breathing before two meetings; anxiety lower. Argument with partner.",
          "objective": "Calmer, brighter affect.",
          "assessment": "Improving anxiety; relationship stress emerging.",
          "plan": "Continue CBT; explore communication patterns next session."}',
        7, 'none', 'none', '{supportive family,engaged in treatment}', 'low', null,
        current_date - 7, (current_date - 7 + time '11:15')::timestamptz,
        md5('sanctuary-demo-001')::uuid),
       (md5('sanctuary-demo-404')::uuid, md5('sanctuary-demo-205')::uuid,
        md5('sanctuary-demo-103')::uuid, md5('sanctuary-demo-001')::uuid, 'dap',
        '{"data": "Intake: moved cities four months ago, difficulty making friends, poor sleep.",
          "assessment": "Adjustment disorder with mixed anxiety and depressed mood.",
          "plan": "Weekly individual therapy; sleep hygiene; social activity goals."}',
        4, 'none', 'past', '{good insight,help-seeking}', 'low', null,
        current_date - 5, null, null)
on conflict do nothing;

insert into note_tags (note_id, tag_id)
values (md5('sanctuary-demo-401')::uuid, md5('sanctuary-demo-301')::uuid),
       (md5('sanctuary-demo-401')::uuid, md5('sanctuary-demo-304')::uuid),
       (md5('sanctuary-demo-401')::uuid, md5('sanctuary-demo-306')::uuid),
       (md5('sanctuary-demo-402')::uuid, md5('sanctuary-demo-302')::uuid),
       (md5('sanctuary-demo-402')::uuid, md5('sanctuary-demo-303')::uuid),
       (md5('sanctuary-demo-402')::uuid, md5('sanctuary-demo-305')::uuid),
       (md5('sanctuary-demo-403')::uuid, md5('sanctuary-demo-301')::uuid),
       (md5('sanctuary-demo-403')::uuid, md5('sanctuary-demo-307')::uuid),
       (md5('sanctuary-demo-403')::uuid, md5('sanctuary-demo-309')::uuid),
       (md5('sanctuary-demo-403')::uuid, md5('sanctuary-demo-310')::uuid),
       (md5('sanctuary-demo-404')::uuid, md5('sanctuary-demo-311')::uuid),
       (md5('sanctuary-demo-404')::uuid, md5('sanctuary-demo-303')::uuid),
       (md5('sanctuary-demo-404')::uuid, md5('sanctuary-demo-306')::uuid),
       (md5('sanctuary-demo-404')::uuid, md5('sanctuary-demo-308')::uuid)
on conflict do nothing;

-- Fifteen mood entries, five per patient, roughly every four days.
insert into mood_entries (id, patient_id, therapist_id, rating, note, recorded_at)
select md5('sanctuary-demo-5' || lpad((p.n * 5 + d.k)::text, 2, '0'))::uuid,
       p.id::uuid, md5('sanctuary-demo-001')::uuid, d.ratings[p.n + 1], null,
       ((current_date - 20 + d.k * 4) + time '20:00')::timestamptz
  from (values (md5('sanctuary-demo-101')::uuid, 0),
               (md5('sanctuary-demo-102')::uuid, 1),
               (md5('sanctuary-demo-103')::uuid, 2)) as p(id, n)
 cross join (values (0, array[4, 3, 4]), (1, array[5, 3, 5]), (2, array[5, 2, 4]),
                    (3, array[6, 4, 5]), (4, array[7, 4, 6])) as d(k, ratings)
on conflict do nothing;

insert into progress_entries (id, patient_id, therapist_id, progress_area_id, rating, notes,
                              recorded_at)
select v.id::uuid, v.patient_id::uuid, md5('sanctuary-demo-001')::uuid, pa.id, v.rating,
       v.notes, ((current_date + v.day_offset) + time '12:00')::timestamptz
  from (values
        (md5('sanctuary-demo-601')::uuid, md5('sanctuary-demo-101')::uuid,
         'Anxiety Management', 4, 'Avoids meetings when anxious', -14),
        (md5('sanctuary-demo-602')::uuid, md5('sanctuary-demo-101')::uuid,
         'Anxiety Management', 6, 'Used breathing before two meetings', -7),
        (md5('sanctuary-demo-603')::uuid, md5('sanctuary-demo-101')::uuid,
         'Coping Skills', 6, 'Thought records most days', -7),
        (md5('sanctuary-demo-604')::uuid, md5('sanctuary-demo-102')::uuid,
         'Depression Symptoms', 3, 'Withdrawn, low energy', -10),
        (md5('sanctuary-demo-605')::uuid, md5('sanctuary-demo-102')::uuid,
         'Social Engagement', 2, 'No contact with friends this month', -10),
        (md5('sanctuary-demo-606')::uuid, md5('sanctuary-demo-103')::uuid,
         'Sleep', 3, 'Falls asleep after 2am', -5),
        (md5('sanctuary-demo-607')::uuid, md5('sanctuary-demo-103')::uuid,
         'Social Engagement', 3, 'Joined one climbing session', -5)
       ) as v(id, patient_id, area, rating, notes, day_offset)
  join progress_areas pa on pa.name = v.area
on conflict do nothing;

-- Two paid, two pending, one overdue (due ten days ago, unpaid).
insert into financial_records (id, patient_id, therapist_id, appointment_id, record_type,
                               description, cpt_code, icd10_codes, place_of_service,
                               service_date, due_date, amount, coverage_percent)
select v.id::uuid, a.patient_id, a.therapist_id, a.id, 'session', v.description, v.cpt,
       p.diagnosis_codes,
       case when a.appointment_type = 'Virtual' then '10' else '11' end,
       a.starts_at::date, a.starts_at::date + v.due_in_days, a.fee, p.coverage_percent
  from (values
        (md5('sanctuary-demo-701')::uuid, md5('sanctuary-demo-201')::uuid,
         'Individual psychotherapy, 50 min', '90834', 30),
        (md5('sanctuary-demo-702')::uuid, md5('sanctuary-demo-202')::uuid,
         'Individual psychotherapy, 50 min', '90834', 30),
        (md5('sanctuary-demo-703')::uuid, md5('sanctuary-demo-203')::uuid,
         'Individual psychotherapy, 50 min (telehealth)', '90834', 30),
        (md5('sanctuary-demo-704')::uuid, md5('sanctuary-demo-204')::uuid,
         'Individual psychotherapy, 50 min', '90834', 30),
        (md5('sanctuary-demo-705')::uuid, md5('sanctuary-demo-205')::uuid,
         'Psychiatric diagnostic evaluation', '90791', 30)
       ) as v(id, appointment_id, description, cpt, due_in_days)
  join appointments a on a.id = v.appointment_id::uuid
  join patients p on p.id = a.patient_id
on conflict do nothing;

-- Payments go through a balance check trigger, which fires before ON CONFLICT is looked at,
-- so existing ones are skipped explicitly.
insert into payments (id, financial_record_id, amount, method, reference, paid_at)
select v.id, v.record_id, v.amount, v.method, v.reference, v.paid_at
  from (values
        (md5('sanctuary-demo-801')::uuid, md5('sanctuary-demo-702')::uuid, 120.00, 'insurance',
         'Aetna EOB 55120', (current_date - 6 + time '09:00')::timestamptz),
        (md5('sanctuary-demo-802')::uuid, md5('sanctuary-demo-702')::uuid, 30.00, 'card', null,
         (current_date - 14 + time '10:55')::timestamptz),
        (md5('sanctuary-demo-803')::uuid, md5('sanctuary-demo-703')::uuid, 150.00, 'card', null,
         (current_date - 10 + time '15:00')::timestamptz),
        (md5('sanctuary-demo-804')::uuid, md5('sanctuary-demo-704')::uuid, 30.00, 'card', 'copay',
         (current_date - 7 + time '10:55')::timestamptz)
       ) as v(id, record_id, amount, method, reference, paid_at)
 where not exists (select 1 from payments p where p.id = v.id);
