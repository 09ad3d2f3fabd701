package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"mais/internal/catalog"
	"mais/internal/tenant"
)

// DemoInfo is what a person needs to try the demo tenant.
type DemoInfo struct {
	PublicKey     string
	SecretKey     string
	AdminEmail    string
	AdminPassword string
}

// SeedDemo creates the demo tenant on an empty store. It returns nil when
// the store already has tenants, so a restart never re-seeds.
func (a *App) SeedDemo(ctx context.Context) (*DemoInfo, error) {
	existing, err := a.Store.ListTenants(ctx)
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 {
		return nil, nil
	}
	pw := make([]byte, 9)
	rand.Read(pw)
	password := hex.EncodeToString(pw)
	created, err := a.Tenants.Create(ctx, tenant.CreateInput{
		Slug: "demo", Name: "Willow & Pine Photography", Email: "admin@demo.mais.local",
		Password: password, CommissionPercent: 10, TimeZone: "America/Chicago",
	})
	if err != nil {
		return nil, fmt.Errorf("create demo tenant: %w", err)
	}
	tid := created.Tenant.ID
	type addOn struct {
		slug, name, desc string
		cents            int64
	}
	offers := []struct {
		slug, name, desc string
		cents            int64
		addOns           []addOn
	}{
		{"elopement", "Elopement", "Two hours of coverage for an intimate ceremony, anywhere within 50 miles. 150+ edited images in an online gallery.", 150000,
			[]addOn{{"extra-hour", "Extra hour", "One more hour of coverage.", 35000}}},
		{"classic-wedding", "Classic Wedding", "Eight hours from getting ready to the first dance, a second shooter for the ceremony, and 600+ edited images.", 420000,
			[]addOn{{"engagement-session", "Engagement session", "A one-hour session at a location you choose.", 60000},
				{"heirloom-album", "Heirloom album", "A 30-page linen album, designed with you.", 90000}}},
		{"full-weekend", "Full Weekend", "Rehearsal dinner, wedding day and farewell brunch: up to 14 hours over the weekend with two photographers.", 780000,
			[]addOn{{"heirloom-album", "Heirloom album", "A 30-page linen album, designed with you.", 90000},
				{"drone", "Drone coverage", "Aerial photos and a short aerial film of the venue.", 45000}}},
	}
	for i, o := range offers {
		p, err := a.Store.CreatePackage(ctx, catalog.Package{TenantID: tid, Slug: o.slug, Name: o.name,
			Description: o.desc, BasePriceCents: o.cents, Active: true, SortOrder: i})
		if err != nil {
			return nil, err
		}
		for j, ad := range o.addOns {
			if _, err := a.Store.CreateAddOn(ctx, catalog.AddOn{TenantID: tid, PackageID: p.ID, Slug: ad.slug,
				Name: ad.name, Description: ad.desc, PriceCents: ad.cents, Active: true, SortOrder: j}); err != nil {
				return nil, err
			}
		}
	}
	return &DemoInfo{PublicKey: created.Keys.Public, SecretKey: created.Keys.Secret,
		AdminEmail: created.AdminEmail, AdminPassword: password}, nil
}
