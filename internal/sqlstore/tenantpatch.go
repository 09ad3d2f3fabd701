package sqlstore

import (
	"context"
	"fmt"

	"mais/internal/audit"
	"mais/internal/tenant"
)

// tenantPatch is one audited change to columns of a tenant's own row (its
// profile, its settings).
type tenantPatch struct {
	// op names the change in errors: "tenant profile".
	op string
	// action is the audit action written with the change.
	action string
	// set lists the columns written, "a = $1, b = $2", numbered from $1;
	// args are their values. updated_at and the id are appended.
	set  string
	args []any
	// apply is the tenant as it is after the change; snapshot is the part
	// of a tenant the audit records as before; after is what it records
	// as after (the input as given).
	apply    func(tenant.Tenant) tenant.Tenant
	snapshot func(tenant.Tenant) any
	after    any
}

// patchTenant locks tenant id's row, writes p and audits it, before and
// after, in one transaction. It answers the tenant as changed; NOT_FOUND
// for an unknown id, other errors wrapped with p.op.
func (s *Store) patchTenant(ctx context.Context, id string, p tenantPatch) (tenant.Tenant, error) {
	var out tenant.Tenant
	err := s.inTx(ctx, func(tx *Tx) error {
		before, err := s.tenantWhere(ctx, tx, p.op, `id = $1`+s.forUpdate(), id)
		if err != nil {
			return err
		}
		t := p.apply(before)
		t.UpdatedAt = s.utcNow()
		n := len(p.args)
		q := fmt.Sprintf(`UPDATE tenants SET %s, updated_at = $%d WHERE id = $%d`, p.set, n+1, n+2)
		if _, err = tx.ExecContext(ctx, q, append(p.args[:n:n], t.UpdatedAt, id)...); err != nil {
			return fmt.Errorf("update %s: %w", p.op, translate(err))
		}
		out = t
		return writeAudit(ctx, tx, audit.Entry{
			TenantID: id, At: t.UpdatedAt, Actor: audit.ActorFrom(ctx), Action: p.action,
			Entity: audit.EntityTenant, EntityID: id, Before: mustJSON(p.snapshot(before)), After: mustJSON(p.after),
		})
	})
	if err != nil {
		return out, fmt.Errorf("store: %s: %w", p.op, err)
	}
	return out, nil
}
