-- Row-level security, privileges and audit triggers for the tables the clinical (0020-0029) and
-- billing (0030-0039) migrations added, on the model of 0040 and 0041.

alter table measure_administrations enable row level security, force row level security;
create policy measure_administrations_scope on measure_administrations
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or exists (select 1 from patients p where p.id = measure_administrations.patient_id));

alter table note_addenda enable row level security, force row level security;
create policy note_addenda_scope on note_addenda
    using ((select sanctuary_scope()) is null
           or therapist_id = (select sanctuary_scope())
           or exists (select 1 from session_notes n where n.id = note_addenda.note_id));

alter table refunds enable row level security, force row level security;
create policy refunds_scope on refunds
    using ((select sanctuary_scope()) is null
           or exists (select 1 from financial_records f where f.id = refunds.financial_record_id));

create trigger measure_administrations_audit
    after insert or update or delete on measure_administrations
    for each row execute function audit_row_change();
create trigger note_addenda_audit after insert or update or delete on note_addenda
    for each row execute function audit_row_change();
create trigger refunds_audit after insert or update or delete on refunds
    for each row execute function audit_row_change();

do $$
begin
    if to_regrole('sanctuary_clinician') is null or to_regrole('sanctuary_billing') is null then
        return;
    end if;
    create policy measure_administrations_not_billing on measure_administrations as restrictive
        to sanctuary_billing using (false);
    create policy note_addenda_not_billing on note_addenda as restrictive
        to sanctuary_billing using (false);

    -- Every command checks the schema is current first.
    grant select on schema_migrations, billing_settings to sanctuary_clinician, sanctuary_billing;
    grant select, insert on measure_administrations, note_addenda to sanctuary_clinician;
    grant select, insert on refunds to sanctuary_clinician, sanctuary_billing;
    grant select on patient_risk_status, shared_session_notes to sanctuary_clinician;
    grant update on billing_settings to sanctuary_billing;
end;
$$;
