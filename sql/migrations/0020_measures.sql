-- Outcome measures (PHQ-9, GAD-7, C-SSRS screener): every item answer is kept, with the
-- total, severity band and risk flag computed by sanctuary_cli/clinical.py at administration.

create table measure_administrations (
    id uuid primary key default gen_random_uuid(),
    patient_id uuid not null references patients (id),
    therapist_id uuid not null references therapists (id),
    instrument text not null check (instrument in ('phq9', 'gad7', 'cssrs')),
    -- PHQ-9: 9 answers 0-3; GAD-7: 7 answers 0-3. C-SSRS screener: 6 answers, 1 = yes and
    -- 0 = no for questions 1-5 (3-5 null when question 2 is no, per the skip logic), and
    -- question 6 as 0 = no, 1 = yes more than 3 months ago, 2 = yes within 3 months.
    answers smallint[] not null,
    total smallint not null check (total >= 0),
    severity text not null check (severity in (
        'minimal', 'mild', 'moderate', 'moderately severe', 'severe',
        'none', 'low', 'high')),
    -- PHQ-9 item 9 above 0, or any positive C-SSRS screen: flag for risk follow-up.
    risk_flag boolean not null default false,
    note text,
    administered_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    constraint measure_administrations_answers_valid check (
        array_ndims(answers) = 1 and case instrument
            when 'phq9' then cardinality(answers) = 9
                and array_position(answers, null) is null
                and 0 <= all(answers) and 3 >= all(answers)
                and total = 0 + answers[1] + answers[2] + answers[3] + answers[4] + answers[5]
                    + answers[6] + answers[7] + answers[8] + answers[9]
            when 'gad7' then cardinality(answers) = 7
                and array_position(answers, null) is null
                and 0 <= all(answers) and 3 >= all(answers)
                and total = 0 + answers[1] + answers[2] + answers[3] + answers[4] + answers[5]
                    + answers[6] + answers[7]
            when 'cssrs' then cardinality(answers) = 6
                and answers[1] in (0, 1) and answers[2] in (0, 1) and answers[6] in (0, 1, 2)
                and case when answers[2] = 1
                         then answers[3] in (0, 1) and answers[4] in (0, 1)
                              and answers[5] in (0, 1)
                         else answers[3] is null and answers[4] is null and answers[5] is null
                    end
        end
    )
);

create index measure_administrations_patient_idx
    on measure_administrations (patient_id, instrument, administered_at desc);

comment on table measure_administrations is
    'PHQ-9, GAD-7 and C-SSRS screener administrations with every item answer, total and band.';
comment on column measure_administrations.answers is
    'Item answers in questionnaire order; C-SSRS 3-5 are null when skipped (question 2 = no).';
comment on column measure_administrations.severity is
    'PHQ-9/GAD-7 severity band, or the C-SSRS risk level (none, low, moderate, high).';
