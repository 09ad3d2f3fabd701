-- Whether the storefront may publish the tenant's e-mail (contact page,
-- footer, structured data). A business that signs up itself starts with
-- its login e-mail as its profile e-mail; that address is not published
-- until the business saves it in its profile (tenant.Service.UpdateProfile
-- sets the flag in the same write). A tenant an operator creates is
-- published from the start: the column defaults to TRUE.
ALTER TABLE tenants ADD COLUMN email_public {{BOOL}} NOT NULL DEFAULT {{TRUE}};

-- Existing tenants: until now the storefront published the e-mail only
-- when a tenant.profile entry of the change log carried it. Sign-ups are
-- not recorded apart from operator-made tenants (both are tenant.create by
-- the system), so the log is read here once instead: a tenant whose
-- profile was never saved keeps its e-mail off its site, as it is today.
-- Every profile save records the whole profile, and nothing else changes
-- the e-mail, so "a save exists" is "the current e-mail was saved".
UPDATE tenants SET email_public = {{FALSE}}
    WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.tenant_id = tenants.id AND a.action = 'tenant.profile');
