package api_test

import (
	"context"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/siteconfig"
)

// TestSeasonalPromotion: inside its window a promotion is the price shown
// by the public API and charged at checkout (its label on the line item),
// with the rule's custom description (as escaped text); the published
// version holding it is in the audit log; outside the window the catalog
// price is back; a malformed promotion is 400 naming its fields.
func TestSeasonalPromotion(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		ctx := context.Background()
		key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
		rules := siteconfig.DisplayRules{
			Groups: []siteconfig.TierGroup{{Name: "Full-day", Order: 1}},
			Packages: []siteconfig.PackageRule{{PackageSlug: "classic", Group: "Full-day", Description: "Eight hours, <b>sunset</b> included",
				Promotion: siteconfig.Promotion{PriceCents: 8000, Label: "Spring offer", From: dayAhead(a, -1), Until: dayAhead(a, 1)}}},
		}
		publishDisplay(t, a, f.a.Created, rules)

		r := apptest.Do(t, h, "GET", "/v1/packages/classic", key, "")
		if r.Status != 200 || !strings.Contains(string(r.Body), `"basePriceCents":8000`) ||
			!strings.Contains(string(r.Body), `Eight hours, \u0026lt;b\u0026gt;sunset\u0026lt;/b\u0026gt; included`) {
			t.Errorf("package during the promotion: %s", r.Body)
		}
		r = apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, checkoutBody("classic", dayAhead(a, 90), "Ana", "ana@example.com"))
		var co struct{ BookingID string }
		r.JSON(t, &co)
		b, err := a.Booking.Booking(ctx, f.a.Tenant.ID, co.BookingID)
		if err != nil {
			t.Fatalf("checkout %d %s: %v", r.Status, r.Body, err)
		}
		if b.TotalCents != 8000 || len(b.LineItems) != 1 || b.LineItems[0].AmountCents != 8000 || !strings.HasSuffix(b.LineItems[0].Name, "(Spring offer)") {
			t.Errorf("charged: total %d, items %+v", b.TotalCents, b.LineItems)
		}
		r = apptest.Do(t, h, "GET", "/v1/admin/audit?action=config.publish", apptest.Bearer(f.a.Keys.Secret), "")
		if !strings.Contains(string(r.Body), `"Spring offer"`) || !strings.Contains(string(r.Body), `"priceCents":8000`) {
			t.Errorf("the promotion is not in the audit log: %s", r.Body)
		}

		rules.Packages[0].Promotion.From, rules.Packages[0].Promotion.Until = dayAhead(a, 2), dayAhead(a, 30)
		publishDisplay(t, a, f.a.Created, rules)
		r = apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, checkoutBody("classic", dayAhead(a, 91), "Bo", "bo@example.com"))
		r.JSON(t, &co)
		if b, err := a.Booking.Booking(ctx, f.a.Tenant.ID, co.BookingID); err != nil || b.TotalCents != 10001 || strings.Contains(b.LineItems[0].Name, "Spring") {
			t.Errorf("before the window: %+v %v", b, err)
		}

		cfg := siteconfig.Default(f.a.Tenant.Name)
		cfg.Display = siteconfig.DisplayRules{Packages: []siteconfig.PackageRule{{PackageSlug: "classic", Group: "Nowhere",
			Promotion: siteconfig.Promotion{PriceCents: -1, From: dayAhead(a, 5), Until: dayAhead(a, 1)}}}}
		body := `{"config":` + string(siteconfig.Canonical(cfg)) + `}`
		r = apptest.Do(t, h, "POST", "/v1/admin/config/versions", apptest.Bearer(f.a.Keys.Secret), body)
		apptest.Expect(t, "bad promotion", r, 400, "VALIDATION_ERROR")
		for _, field := range []string{"display.packages.0.group", "display.packages.0.promotion.priceCents", "display.packages.0.promotion.label", "display.packages.0.promotion.until"} {
			if !strings.Contains(string(r.Body), `"`+field+`"`) {
				t.Errorf("fields lack %s: %s", field, r.Body)
			}
		}
	})
}
