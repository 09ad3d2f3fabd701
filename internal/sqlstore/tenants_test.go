package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/catalog"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/tenant"
)

// mustTenant stores a tenant with slug and returns it.
func mustTenant(t *testing.T, s *sqlstore.Store, slug string) tenant.Tenant {
	t.Helper()
	keys, err := tenant.NewKeys(slug)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	tn := tenant.Tenant{ID: "id-" + slug, Slug: slug, Name: "Tenant " + slug, Email: slug + "@example.com",
		APIKeyPublic: keys.Public, APIKeySecretHash: keys.SecretHash, CommissionBps: 1000, Active: true,
		TimeZone: "America/Chicago", HoldMinutes: 30, CreatedAt: now, UpdatedAt: now}
	err = s.CreateTenant(context.Background(), tenant.New{Tenant: tn, AdminUserID: "u-" + slug,
		AdminEmail: "admin@" + slug + ".example", AdminPasswordHash: "x", SiteConfigID: "cfg-" + slug,
		SiteConfig: []byte(`{"pages":{}}`)})
	if err != nil {
		t.Fatalf("create tenant %s: %v", slug, err)
	}
	return tn
}

func TestTenants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a := mustTenant(t, s, "alpha")

		got, err := s.TenantByPublicKey(ctx, a.APIKeyPublic)
		if err != nil {
			t.Fatalf("by key: %v", err)
		}
		if got.ID != a.ID || got.CommissionBps != 1000 || !got.Active || got.TimeZone != "America/Chicago" {
			t.Errorf("round trip: got %+v", got)
		}
		if !got.CreatedAt.Equal(a.CreatedAt) {
			t.Errorf("created at: got %v, want %v", got.CreatedAt, a.CreatedAt)
		}
		if _, err := s.TenantByPublicKey(ctx, "pk_live_alpha_0000000000000000"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("unknown key: got %v, want NOT_FOUND", err)
		}

		t.Run("ErrSlugTaken", func(t *testing.T) {
			keys, _ := tenant.NewKeys("alpha")
			dup := a
			dup.ID, dup.APIKeyPublic, dup.APIKeySecretHash = "other", keys.Public, keys.SecretHash
			err := s.CreateTenant(ctx, tenant.New{Tenant: dup})
			if !apperr.Is(err, apperr.CodeConflict) {
				t.Fatalf("got %v, want CONFLICT", err)
			}
		})

		t.Run("UpdateAndDomain", func(t *testing.T) {
			off, domain := false, "alpha-photos.example.com"
			u, err := s.UpdateTenant(ctx, a.ID, tenant.Update{Active: &off, CustomDomain: &domain})
			if err != nil {
				t.Fatal(err)
			}
			if u.Active {
				t.Error("still active")
			}
			byDomain, err := s.TenantByDomain(ctx, "ALPHA-photos.example.com")
			if err != nil || byDomain.ID != a.ID {
				t.Fatalf("by domain: %v %v", byDomain.ID, err)
			}
			b := mustTenant(t, s, "bravo")
			if _, err := s.UpdateTenant(ctx, b.ID, tenant.Update{CustomDomain: &domain}); !apperr.Is(err, apperr.CodeConflict) {
				t.Errorf("domain clash: got %v, want CONFLICT", err)
			}
		})
	})
}

func TestCatalogTenantIsolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a := mustTenant(t, s, "alpha")
		b := mustTenant(t, s, "bravo")

		pa, err := s.CreatePackage(ctx, catalog.Package{TenantID: a.ID, Slug: "full-day", Name: "Full day", BasePriceCents: 300000, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		// The same slug is free for another tenant.
		pb, err := s.CreatePackage(ctx, catalog.Package{TenantID: b.ID, Slug: "full-day", Name: "B full day", BasePriceCents: 100, Active: true})
		if err != nil {
			t.Fatalf("same slug other tenant: %v", err)
		}
		if _, err := s.CreatePackage(ctx, catalog.Package{TenantID: a.ID, Slug: "full-day", Name: "dup"}); !apperr.Is(err, apperr.CodeConflict) {
			t.Errorf("dup slug: got %v, want CONFLICT", err)
		}
		addOn, err := s.CreateAddOn(ctx, catalog.AddOn{TenantID: a.ID, PackageID: pa.ID, Slug: "album", Name: "Album", PriceCents: 50000, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		hidden, err := s.CreatePackage(ctx, catalog.Package{TenantID: a.ID, Slug: "secret", Name: "Secret", Active: false, SortOrder: -1})
		if err != nil {
			t.Fatal(err)
		}

		list, err := s.ListPackages(ctx, a.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != pa.ID || len(list[0].AddOns) != 1 || list[0].AddOns[0].ID != addOn.ID {
			t.Fatalf("active list of A: %+v", list)
		}
		all, _ := s.ListPackages(ctx, a.ID, false)
		if len(all) != 2 || all[0].ID != hidden.ID {
			t.Errorf("full list of A should hold 2 in sort order, got %+v", all)
		}

		// Every read and write of A's rows through B's tenant id is NOT_FOUND.
		checks := map[string]error{}
		_, checks["PackageByID"] = s.PackageByID(ctx, b.ID, pa.ID, false)
		_, checks["UpdatePackage"] = s.UpdatePackage(ctx, b.ID, pa.ID, catalog.PackageInput{})
		checks["DeletePackage"] = s.DeletePackage(ctx, b.ID, pa.ID)
		_, checks["CreateAddOn"] = s.CreateAddOn(ctx, catalog.AddOn{TenantID: b.ID, PackageID: pa.ID, Slug: "x", Name: "x"})
		_, checks["UpdateAddOn"] = s.UpdateAddOn(ctx, b.ID, pa.ID, addOn.ID, catalog.AddOnInput{})
		checks["DeleteAddOn"] = s.DeleteAddOn(ctx, b.ID, pa.ID, addOn.ID)
		for name, err := range checks {
			if !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("%s across tenants: got %v, want NOT_FOUND", name, err)
			}
		}
		bySlug, err := s.PackageBySlug(ctx, b.ID, "full-day", true)
		if err != nil || bySlug.ID != pb.ID {
			t.Errorf("B's slug lookup returned %v, %v; want B's own package", bySlug.ID, err)
		}
		if pkg, _ := s.PackageByID(ctx, a.ID, pa.ID, false); len(pkg.AddOns) != 1 {
			t.Errorf("A's add-on was touched by B's calls")
		}
	})
}

func TestMigrateIsIdempotentAndRefusesNewerStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		applied, err := s.Migrate(ctx)
		if err != nil || len(applied) != 0 {
			t.Fatalf("second migrate applied %v, err %v", applied, err)
		}
		if err := s.CheckSchema(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.ExecForTest(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future.sql', $1)`, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		if err := s.CheckSchema(ctx); err == nil {
			t.Fatal("a store with an unknown newer migration was accepted")
		}
	})
}
