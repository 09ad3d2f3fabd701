package storetest

import (
	"context"
	"testing"
	"time"

	"mais/internal/sqlstore"
	"mais/internal/tenant"
)

// NewTenant stores the tenant slug straight in s, for tests below the
// application (domain services, the store, the storefront on its own):
// id "t-{slug}", name "Studio {slug}", e-mail "owner@{slug}.example", fresh
// keys, 12.5 % commission, 30-minute holds, America/Chicago, active, created
// at now. edit, when given, changes the row before it is stored (a name, a
// time zone, a default site). Tests over the whole App use
// apptest.NewTenant, which goes through the real use case instead.
func NewTenant(tb testing.TB, s *sqlstore.Store, slug string, now time.Time, edit ...func(*tenant.New)) (tenant.Tenant, tenant.Keys) {
	tb.Helper()
	keys, err := tenant.NewKeys(slug)
	if err != nil {
		tb.Fatalf("storetest: keys of %s: %v", slug, err)
	}
	n := tenant.New{Tenant: tenant.Tenant{ID: "t-" + slug, Slug: slug, Name: "Studio " + slug, Email: "owner@" + slug + ".example",
		APIKeyPublic: keys.Public, APIKeySecretHash: keys.SecretHash, CommissionBps: 1250, Active: true,
		TimeZone: "America/Chicago", HoldMinutes: 30, CreatedAt: now, UpdatedAt: now}}
	for _, e := range edit {
		e(&n)
	}
	if err := s.CreateTenant(context.Background(), n); err != nil {
		tb.Fatalf("storetest: create tenant %s: %v", slug, err)
	}
	return n.Tenant, keys
}
