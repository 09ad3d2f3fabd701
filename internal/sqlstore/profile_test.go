package sqlstore_test

import (
	"context"
	"testing"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/tenant"
)

// TestTenantProfile: a profile round-trips through every tenant read,
// changes only its own tenant, and is audited before and after.
func TestTenantProfile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a, b := mustTenant(t, s, "alpha"), mustTenant(t, s, "bravo")
		if got := a.Profile(); got.Phone != "" || got.BusinessName != "Tenant alpha" {
			t.Fatalf("new tenant's profile %+v", got)
		}
		p := tenant.Profile{BusinessName: "Alpha & Co", Email: "hi@alpha.example", Phone: "+1 555 0100",
			Address: "1 Main St\nHudson, NY", InstagramHandle: "alpha.co", Website: "https://alpha.example"}
		if _, err := s.UpdateTenantProfile(ctx, a.ID, p); err != nil {
			t.Fatal(err)
		}
		got, err := s.TenantBySlug(ctx, "alpha")
		if err != nil {
			t.Fatal(err)
		}
		if got.Profile() != p {
			t.Fatalf("read back %+v, want %+v", got.Profile(), p)
		}
		if other, _ := s.TenantByID(ctx, b.ID); other.Profile() != b.Profile() {
			t.Fatalf("bravo changed: %+v", other.Profile())
		}
		entries, err := s.ListAudit(ctx, a.ID, audit.Filter{Action: audit.ActionTenantProfile})
		if err != nil || len(entries) != 1 || entries[0].EntityID != a.ID {
			t.Fatalf("audit %+v %v", entries, err)
		}
		if _, err := s.UpdateTenantProfile(ctx, "no-such-tenant", p); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("unknown tenant: %v, want NOT_FOUND", err)
		}
	})
}
