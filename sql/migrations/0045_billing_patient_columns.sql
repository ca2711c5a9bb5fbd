-- Billing staff keep contact and insurance details up to date, nothing else of a patient: not
-- the name, diagnosis codes, status or the clinician the patient belongs to.

do $$
begin
    if to_regrole('sanctuary_billing') is null then
        return;
    end if;
    revoke update on patients from sanctuary_billing;
    grant update (email, phone, address, insurance_provider, insurance_member_id,
                  insurance_group_number, coverage_percent, fee_exempt)
        on patients to sanctuary_billing;
end;
$$;
