package apptest

import (
	"context"
	"testing"

	"mais/internal/app"
	"mais/internal/catalog"
	"mais/internal/tenant"
)

// Password is the admin password of every tenant NewTenant makes.
const Password = "correct-horse"

// Tenant is a tenant made through the real use case (tenant.Service.Create:
// admin user, keys, default site), with one active package "classic"
// (100.01 in cents: 10001) carrying one active add-on "album" (2000 cents).
// Its time zone is America/Chicago and its commission 12.5 %.
type Tenant struct {
	tenant.Created
	Package catalog.Package // "classic", as created (without its add-on)
	AddOn   catalog.AddOn   // "album", on Package
}

// NewTenant makes the tenant slug on a: name "Studio {slug}", admin
// "owner@{slug}.example" with Password. It is the one tenant fixture of the
// HTTP-level tests (api, dashboard, e2e, cmd/mais).
func NewTenant(tb testing.TB, a *app.App, slug string) Tenant {
	tb.Helper()
	ctx := context.Background()
	c, err := a.Tenants.Create(ctx, tenant.CreateInput{Slug: slug, Name: "Studio " + slug,
		Email: "owner@" + slug + ".example", Password: Password, CommissionPercent: 12.5, TimeZone: "America/Chicago"})
	if err != nil {
		tb.Fatalf("apptest: create tenant %s: %v", slug, err)
	}
	p, err := a.Store.CreatePackage(ctx, catalog.Package{TenantID: c.Tenant.ID, Slug: "classic", Name: slug + " classic",
		BasePriceCents: 10001, Active: true})
	if err != nil {
		tb.Fatalf("apptest: create package of %s: %v", slug, err)
	}
	ao, err := a.Store.CreateAddOn(ctx, catalog.AddOn{TenantID: c.Tenant.ID, PackageID: p.ID, Slug: "album", Name: "Album",
		PriceCents: 2000, Active: true})
	if err != nil {
		tb.Fatalf("apptest: create add-on of %s: %v", slug, err)
	}
	return Tenant{Created: c, Package: p, AddOn: ao}
}
