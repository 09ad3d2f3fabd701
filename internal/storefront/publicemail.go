package storefront

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"mais/internal/audit"
	"mais/internal/tenant"
)

// AuditLog reads a tenant's change log (audit.Store); the storefront asks
// it whether the business saved its profile e-mail itself.
type AuditLog interface {
	ListAudit(ctx context.Context, tenantID string, f audit.Filter) ([]audit.Entry, error)
}

// publicEmail is the profile e-mail the site may publish: the current one
// when the business saved it in its profile (a tenant.profile entry of
// its change log has it as the result), or "". A new tenant's profile
// starts with its sign-up e-mail, which is its dashboard login and where
// its booking e-mails go; that address is not published until the
// business saves it as its contact e-mail. Without an AuditLog nothing
// is published. The log is searched, not just its newest entry, since
// two saves may carry the same time.
func (h *Handler) publicEmail(ctx context.Context, t tenant.Tenant) (string, error) {
	if t.Email == "" || h.cfg.Audit == nil {
		return "", nil
	}
	list, err := h.cfg.Audit.ListAudit(ctx, t.ID, audit.Filter{Action: audit.ActionTenantProfile, Limit: 500})
	if err != nil {
		return "", fmt.Errorf("public e-mail of %s: %w", t.ID, err)
	}
	for _, e := range list {
		var saved tenant.Profile
		if json.Unmarshal(e.After, &saved) == nil && strings.EqualFold(saved.Email, t.Email) {
			return t.Email, nil
		}
	}
	return "", nil
}

// profile is the tenant's profile as its site shows it: the e-mail only
// when publicEmail allows it.
func (d *siteData) profile(t tenant.Tenant) tenant.Profile {
	p := t.Profile()
	p.Email = d.publicEmail
	return p
}
