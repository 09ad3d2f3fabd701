package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"mais/internal/booking"
	"mais/internal/browsertest"
	"mais/internal/siteconfig"
)

// TestGroupedServicesWithPromotion: the services page lists packages under
// the published tier groups in group order, and a package in its seasonal
// promotion shows the label, the promotion price and the regular price
// struck through; the booking form totals the promotion price.
func TestGroupedServicesWithPromotion(t *testing.T) {
	browsertest.Chromium(t)
	s := startShop(t)
	shots := browsertest.ScreenshotDir(t)
	browser := newBrowser(t, s)
	ctx := context.Background()

	today := booking.Today(s.a.Now(), s.tenant.Location())
	cfg := siteconfig.Default(s.tenant.Name)
	cfg.Display = siteconfig.DisplayRules{
		Groups: []siteconfig.TierGroup{{Name: "Full-day", Order: 1}, {Name: "Elopements", Order: 2}},
		Packages: []siteconfig.PackageRule{
			{PackageSlug: "elopement", Group: "Elopements"},
			{PackageSlug: "classic-wedding", Group: "Full-day", Featured: true,
				Description: "Eight hours, a second shooter, and 600 edited images. Booked this spring at a lower price.",
				Promotion:   siteconfig.Promotion{PriceCents: 360000, Label: "Spring offer", From: today, Until: today}},
			{PackageSlug: "full-weekend", Group: "Full-day"},
		},
	}
	v, err := s.a.SiteConfig.CreateDraft(ctx, s.tenant.ID, siteconfig.Canonical(cfg), "groups and a promotion")
	must(t, err)
	_, err = s.a.SiteConfig.Publish(ctx, s.tenant.ID, v.ID)
	must(t, err)

	tab, cancel := chromedp.NewContext(browser)
	defer cancel()
	must(t, chromedp.Do(tab, setViewport(desktop), chromedp.Navigate(s.base+"/t/willow/services"), chromedp.WaitVisible(chromedp.CSS(".group-title"))))
	titles, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".group-title, .card-title")].map(e => e.textContent.trim())`))
	must(t, err)
	if got := strings.Join(titles, " | "); got != "Full-day | Classic Wedding | Full Weekend | Elopements | Elopement" {
		t.Errorf("services page order: %s", got)
	}
	waitText(t, tab, ".badge-promo", "SPRING OFFER") // the badge style is upper case
	waitText(t, tab, ".card-featured .card-price", "$3,600")
	waitText(t, tab, ".card-featured .card-price .was", "$4,200")
	shoot(t, tab, shots, "services-grouped-promotion")

	must(t, chromedp.Do(tab, chromedp.Navigate(s.base+"/t/willow/services/classic-wedding"), chromedp.WaitVisible(chromedp.CSS("[data-booking-form]"))))
	waitText(t, tab, "#total", "$3,600")
}
