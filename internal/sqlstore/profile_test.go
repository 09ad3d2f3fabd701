package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

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

// TestTenantEmailPublic: the flag is stored as a tenant is created (false
// for a sign-up, true for an operator's tenant), is read back by every
// tenant read, and a profile save stores it in the same write.
func TestTenantEmailPublic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		signed, _ := storetest.NewTenant(t, s, "signed", now)
		_, opKeys := storetest.NewTenant(t, s, "operator", now, func(n *tenant.New) { n.Tenant.EmailPublic = true })
		want := map[string]bool{"signed": false, "operator": true}
		reads := func(when string) {
			t.Helper()
			list, err := s.ListTenants(ctx)
			if err != nil || len(list) != 2 {
				t.Fatalf("%s: list %d tenants, %v", when, len(list), err)
			}
			for _, got := range list {
				if got.EmailPublic != want[got.Slug] {
					t.Errorf("%s: list: %s EmailPublic %v, want %v", when, got.Slug, got.EmailPublic, want[got.Slug])
				}
			}
			byID, err1 := s.TenantByID(ctx, signed.ID)
			byKey, err2 := s.TenantByPublicKey(ctx, opKeys.Public)
			if err1 != nil || err2 != nil || byID.EmailPublic != want["signed"] || byKey.EmailPublic != want["operator"] {
				t.Errorf("%s: by id %v %v, by key %v %v", when, byID.EmailPublic, err1, byKey.EmailPublic, err2)
			}
		}
		reads("created")

		p := signed.Profile()
		p.EmailPublic = true
		got, err := s.UpdateTenantProfile(ctx, signed.ID, p)
		if err != nil || !got.EmailPublic {
			t.Fatalf("profile save answered EmailPublic %v, %v", got.EmailPublic, err)
		}
		want["signed"] = true
		reads("after the profile save")
		entries, err := s.ListAudit(ctx, signed.ID, audit.Filter{Action: audit.ActionTenantProfile})
		if err != nil || len(entries) != 1 || !strings.Contains(string(entries[0].After), `"emailPublic":true`) ||
			!strings.Contains(string(entries[0].Before), `"emailPublic":false`) {
			t.Fatalf("audit %+v %v", entries, err)
		}
		p.EmailPublic = false
		if _, err := s.UpdateTenantProfile(ctx, signed.ID, p); err != nil {
			t.Fatal(err)
		}
		want["signed"] = false
		reads("after a save that makes it private")
	})
}

// TestMigrationEmailPublic: migration 019 leaves the e-mail public only for
// tenants whose profile was saved (a tenant.profile entry in the change
// log), as the storefront decided before the column existed. Its UPDATE is
// replayed on rows made after the whole schema is in place.
func TestMigrationEmailPublic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		never, _ := storetest.NewTenant(t, s, "never", now)
		saved, _ := storetest.NewTenant(t, s, "saved", now)
		if _, err := s.UpdateTenantProfile(ctx, saved.ID, saved.Profile()); err != nil {
			t.Fatal(err)
		}
		// As the ALTER TABLE leaves every existing tenant: the default.
		if err := s.ExecForTest(ctx, `UPDATE tenants SET email_public = TRUE`); err != nil {
			t.Fatal(err)
		}
		sql, err := s.MigrationSQLForTest("019_public_email.sql")
		if err != nil {
			t.Fatal(err)
		}
		i := strings.Index(sql, "UPDATE tenants")
		if i < 0 {
			t.Fatalf("019 has no UPDATE tenants:\n%s", sql)
		}
		if err := s.ExecForTest(ctx, sql[i:]); err != nil {
			t.Fatal(err)
		}
		for tn, want := range map[string]bool{never.ID: false, saved.ID: true} {
			if got, err := s.TenantByID(ctx, tn); err != nil || got.EmailPublic != want {
				t.Errorf("%s: EmailPublic %v, %v; want %v", tn, got.EmailPublic, err, want)
			}
		}
	})
}
