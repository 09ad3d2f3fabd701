package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/tenant"
)

// TestMigrationVerifiesExistingCustomDomains: migration 017 carries the
// custom domains platform admins set before it into tenant_domains as
// verified, so every existing site keeps answering on its domain.
func TestMigrationVerifiesExistingCustomDomains(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
		a, _ := storetest.NewTenant(t, s, "legacy", at, func(n *tenant.New) { n.Tenant.CustomDomain = "photos.legacy.example" })
		storetest.NewTenant(t, s, "plain", at)
		// The state before 017: the column set, no tenant_domains rows.
		if err := s.ExecForTest(ctx, `DELETE FROM tenant_domains`); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TenantByDomain(ctx, "photos.legacy.example"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("before the step: %v", err)
		}
		step, err := s.MigrationStatementForTest(17, "INSERT INTO tenant_domains")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ExecForTest(ctx, step); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		got, err := s.TenantByDomain(ctx, "photos.legacy.example")
		if err != nil || got.ID != a.ID {
			t.Fatalf("after the step: %q, %v", got.ID, err)
		}
		list, err := s.TenantDomains(ctx, a.ID)
		if err != nil || len(list) != 1 || !list[0].Verified || list[0].VerifiedAt == nil || list[0].Token != "" {
			t.Fatalf("legacy's domains: %+v, %v", list, err)
		}
	})
}
