package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"mais/internal/apperr"
	"mais/internal/catalog"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

// DemoSlug is the slug of the demo tenant.
const DemoSlug = "demo"

// DemoInfo is what a person needs to try the demo tenant.
type DemoInfo struct {
	PublicKey     string
	SecretKey     string
	AdminEmail    string
	AdminPassword string
}

// demoStore is what seeding needs besides tenant.Service.
type demoStore interface {
	ListTenants(ctx context.Context) ([]tenant.Tenant, error)
	TenantBySlug(ctx context.Context, slug string) (tenant.Tenant, error)
	CreatePackage(ctx context.Context, p catalog.Package) (catalog.Package, error)
	CreateAddOn(ctx context.Context, a catalog.AddOn) (catalog.AddOn, error)
}

// SeedDemo creates the demo tenant on an empty store (mais serve, embedded
// store). It returns nil when the store already has tenants, so a restart
// never re-seeds.
func (a *App) SeedDemo(ctx context.Context) (*DemoInfo, error) {
	existing, err := a.Store.ListTenants(ctx)
	if err != nil {
		return nil, fmt.Errorf("seed demo: list tenants: %w", err)
	}
	if len(existing) > 0 {
		return nil, nil
	}
	return seedDemo(ctx, a.Tenants, a.Store, &demoPictures{Media: a.Media, Sites: a.SiteConfig, Packages: a.Store})
}

// SeedDemo creates the demo tenant (slug DemoSlug) on any store, whatever
// other tenants it holds (mais seed --demo). It returns nil, and changes
// nothing, when a tenant with that slug exists: running it twice is safe,
// also at the same time (the loser of the slug race finds it taken).
func (t *Tools) SeedDemo(ctx context.Context) (*DemoInfo, error) {
	_, err := t.Store.TenantBySlug(ctx, DemoSlug)
	switch {
	case err == nil:
		return nil, nil
	case !apperr.Is(err, apperr.CodeNotFound):
		return nil, fmt.Errorf("seed demo: look up %q: %w", DemoSlug, err)
	}
	lib, err := openMedia(t.Config, t.Store, nil)
	if err != nil {
		return nil, err
	}
	info, err := seedDemo(ctx, t.Tenants, t.Store, &demoPictures{Media: lib, Sites: &siteconfig.Service{Store: t.Store}, Packages: t.Store})
	if apperr.Is(err, apperr.CodeConflict) {
		if _, again := t.Store.TenantBySlug(ctx, DemoSlug); again == nil {
			return nil, nil
		}
	}
	return info, err
}

// demoProfile is the demo business's profile: 555-01xx numbers and
// .example names are reserved for fiction.
var demoProfile = func() tenant.ProfilePatch {
	email, phone, address := "hello@willowandpine.example", "+1 (312) 555-0148", "1840 W Hubbard St, Studio 3\nChicago, IL 60622"
	instagram, website := "willowandpine.photo", "https://willowandpine.example"
	return tenant.ProfilePatch{Email: &email, Phone: &phone, Address: &address, InstagramHandle: &instagram, Website: &website}
}()

// seedDemo creates the demo tenant with three packages and their add-ons,
// descriptions in Markdown, and a filled business profile.
// pics, when set, adds the demo pictures.
func seedDemo(ctx context.Context, tenants *tenant.Service, store demoStore, pics *demoPictures) (*DemoInfo, error) {
	pw := make([]byte, 9)
	rand.Read(pw)
	password := hex.EncodeToString(pw)
	created, err := tenants.Create(ctx, tenant.CreateInput{
		Slug: DemoSlug, Name: "Willow & Pine Photography", Email: "admin@demo.mais.local",
		Password: password, CommissionPercent: 10, TimeZone: "America/Chicago",
	})
	if err != nil {
		return nil, fmt.Errorf("create demo tenant: %w", err)
	}
	tid := created.Tenant.ID
	// A full contact page: the demo shows what a business's profile gives
	// its site (the numbers and addresses are fictional).
	if _, err := tenants.UpdateProfile(ctx, tid, demoProfile); err != nil {
		return nil, fmt.Errorf("demo profile: %w", err)
	}
	type addOn struct {
		slug, name, desc string
		cents            int64
	}
	offers := []struct {
		slug, name, desc string
		cents            int64
		addOns           []addOn
	}{
		{"elopement", "Elopement", "Two hours for an intimate ceremony, anywhere within 50 miles of Chicago.\n\n" +
			"- **150+ edited images** in a private online gallery\n- Help choosing the spot and the light\n- Sneak peeks within 48 hours", 150000,
			[]addOn{{"extra-hour", "Extra hour", "One more hour of coverage, *booked now or on the day*.", 35000}}},
		{"classic-wedding", "Classic Wedding", "**Eight hours**, from getting ready to the first dance.\n\n" +
			"- A second photographer for the ceremony and portraits\n- **600+ edited images** in a private online gallery\n" +
			"- A planning call and a shot list a month before\n\nMost of our couples choose this one.", 420000,
			[]addOn{{"engagement-session", "Engagement session", "A one-hour session at a place you love. *Perfect for save-the-dates.*", 60000},
				{"heirloom-album", "Heirloom album", "A **30-page linen album**, designed with you.", 90000}}},
		{"full-weekend", "Full Weekend", "Rehearsal dinner, wedding day and farewell brunch: **up to 14 hours** over the weekend with two photographers.\n\n" +
			"- Everything in the Classic Wedding\n- Candid coverage of the rehearsal dinner and the brunch\n" +
			"- A preview gallery of 60 favourites the week after", 780000,
			[]addOn{{"heirloom-album", "Heirloom album", "A **30-page linen album**, designed with you.", 90000},
				{"drone", "Drone coverage", "Aerial photos and a short aerial film of the venue, *where flying is allowed*.", 45000}}},
	}
	ids := map[string]string{}
	for i, o := range offers {
		p, err := store.CreatePackage(ctx, catalog.Package{TenantID: tid, Slug: o.slug, Name: o.name,
			Description: o.desc, BasePriceCents: o.cents, Active: true, SortOrder: i})
		if err != nil {
			return nil, fmt.Errorf("create demo package %s: %w", o.slug, err)
		}
		ids[o.slug] = p.ID
		for j, ad := range o.addOns {
			if _, err := store.CreateAddOn(ctx, catalog.AddOn{TenantID: tid, PackageID: p.ID, Slug: ad.slug,
				Name: ad.name, Description: ad.desc, PriceCents: ad.cents, Active: true, SortOrder: j}); err != nil {
				return nil, fmt.Errorf("create demo add-on %s: %w", ad.slug, err)
			}
		}
	}
	if pics != nil {
		if err := pics.seed(ctx, tid, ids); err != nil {
			return nil, fmt.Errorf("seed demo pictures: %w", err)
		}
	}
	return &DemoInfo{PublicKey: created.Keys.Public, SecretKey: created.Keys.Secret,
		AdminEmail: created.AdminEmail, AdminPassword: password}, nil
}
