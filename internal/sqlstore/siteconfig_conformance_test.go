package sqlstore_test

import (
	"context"
	"encoding/json"
	"testing"

	"mais/internal/audit"
	"mais/internal/catalog"
	"mais/internal/siteconfig/siteconfigtest"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// TestSiteConfigStoreConformance holds both stores to siteconfig.Tx's contract.
func TestSiteConfigStoreConformance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		a, b := mustTenant(t, s, "alpha"), mustTenant(t, s, "bravo")
		agent := mustAgent(t, s, a.ID, "ag1")
		siteconfigtest.Run(t, s, siteconfigtest.Fixture{Tenant: a.ID, OtherTenant: b.ID,
			PublishedID: "cfg-alpha", OtherPublishedID: "cfg-bravo", AgentID: agent.ID})
	})
}

// TestCatalogAuditSnapshotsCamelCase: add-on snapshots were written with
// Go field names (PriceCents); every snapshot is camelCase now.
func TestCatalogAuditSnapshotsCamelCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := audit.WithActor(context.Background(), userActor)
		a := mustTenant(t, s, "alpha")
		p, err := s.CreatePackage(ctx, catalog.Package{TenantID: a.ID, Slug: "full", Name: "Full", BasePriceCents: 100, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateAddOn(ctx, catalog.AddOn{TenantID: a.ID, PackageID: p.ID, Slug: "extra", Name: "Extra", PriceCents: 5}); err != nil {
			t.Fatal(err)
		}
		for _, action := range []string{audit.ActionPackageCreate, audit.ActionAddOnCreate} {
			rows := auditRows(t, s, a.ID, action)
			if len(rows) != 1 {
				t.Fatalf("%s rows = %d", action, len(rows))
			}
			var m map[string]any
			if err := json.Unmarshal(rows[0].After, &m); err != nil {
				t.Fatal(err)
			}
			for k := range m {
				if k[0] < 'a' || k[0] > 'z' {
					t.Errorf("%s snapshot member %q is not camelCase: %s", action, k, rows[0].After)
				}
			}
			if _, ok := m["sortOrder"]; !ok {
				t.Errorf("%s snapshot lacks sortOrder: %s", action, rows[0].After)
			}
		}
	})
}
