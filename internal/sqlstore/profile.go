package sqlstore

import (
	"context"
	"fmt"

	"mais/internal/audit"
	"mais/internal/tenant"
)

// UpdateTenantProfile stores a tenant's business profile (already
// validated) and audits it as tenant.profile, before and after, in one
// transaction.
func (s *Store) UpdateTenantProfile(ctx context.Context, id string, p tenant.Profile) (tenant.Tenant, error) {
	var out tenant.Tenant
	err := s.inTx(ctx, func(tx *Tx) error {
		before, err := s.tenantWhere(ctx, tx, "tenant profile", `id = $1`+s.forUpdate(), id)
		if err != nil {
			return err
		}
		t := before.WithProfile(p)
		t.UpdatedAt = s.utcNow()
		_, err = tx.ExecContext(ctx, `UPDATE tenants SET name = $1, email = $2, phone = $3, address = $4,
			instagram_handle = $5, website = $6, updated_at = $7 WHERE id = $8`,
			p.BusinessName, p.Email, p.Phone, p.Address, p.InstagramHandle, p.Website, t.UpdatedAt, id)
		if err != nil {
			return fmt.Errorf("update tenant profile: %w", translate(err))
		}
		out = t
		return writeAudit(ctx, tx, audit.Entry{
			TenantID: id, At: t.UpdatedAt, Actor: audit.ActorFrom(ctx), Action: audit.ActionTenantProfile,
			Entity: audit.EntityTenant, EntityID: id, Before: mustJSON(before.Profile()), After: mustJSON(p),
		})
	})
	if err != nil {
		return out, fmt.Errorf("store: tenant profile: %w", err)
	}
	return out, nil
}
