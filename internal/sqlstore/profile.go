package sqlstore

import (
	"context"

	"mais/internal/audit"
	"mais/internal/tenant"
)

// UpdateTenantProfile stores a tenant's business profile (already
// validated), EmailPublic with it, and audits it as tenant.profile, before
// and after, in one transaction.
func (s *Store) UpdateTenantProfile(ctx context.Context, id string, p tenant.Profile) (tenant.Tenant, error) {
	return s.patchTenant(ctx, id, tenantPatch{
		op: "tenant profile", action: audit.ActionTenantProfile,
		set:      `name = $1, email = $2, phone = $3, address = $4, instagram_handle = $5, website = $6, email_public = $7`,
		args:     []any{p.BusinessName, p.Email, p.Phone, p.Address, p.InstagramHandle, p.Website, p.EmailPublic},
		apply:    func(t tenant.Tenant) tenant.Tenant { return t.WithProfile(p) },
		snapshot: func(t tenant.Tenant) any { return t.Profile() },
		after:    p,
	})
}
