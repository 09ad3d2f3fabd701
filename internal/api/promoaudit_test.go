package api_test

import (
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/siteconfig"
)

// TestPromotionPriceChangeAudit: publishing a promotion writes a
// package.price_change row for the package (old price, promotional price,
// window) on both stores, visible to the tenant's admin only.
func TestPromotionPriceChangeAudit(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		publishDisplay(t, a, f.a.Created, siteconfig.DisplayRules{Packages: []siteconfig.PackageRule{{PackageSlug: "classic",
			Promotion: siteconfig.Promotion{PriceCents: 8000, Label: "Spring offer", From: "2030-03-01", Until: "2030-04-30"}}}})

		r := apptest.Do(t, h, "GET", "/v1/admin/audit?action=package.price_change", apptest.Bearer(f.a.Keys.Secret), "")
		apptest.Expect(t, "audit", r, 200, "")
		var rows []struct {
			Action, Entity, EntityID string
			Before, After            struct {
				PackageSlug    string
				BasePriceCents int
				Promotion      *siteconfig.Promotion
			}
		}
		r.JSON(t, &rows)
		if len(rows) != 1 {
			t.Fatalf("price rows: %s", r.Body)
		}
		e := rows[0]
		if e.Entity != "package" || e.EntityID == "" || e.Before.BasePriceCents != 10001 || e.Before.Promotion != nil ||
			e.After.Promotion == nil || *e.After.Promotion != (siteconfig.Promotion{PriceCents: 8000, Label: "Spring offer", From: "2030-03-01", Until: "2030-04-30"}) {
			t.Errorf("row: %s", r.Body)
		}
		r = apptest.Do(t, h, "GET", "/v1/admin/audit?action=package.price_change", apptest.Bearer(f.b.Keys.Secret), "")
		if strings.Contains(string(r.Body), "Spring offer") {
			t.Errorf("bravo sees alpha's price change: %s", r.Body)
		}
	})
}
