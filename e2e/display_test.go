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
	s.publish(t, cfg, "groups and a promotion")

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

// TestWidgetLayout: the site document's widget section reorders the
// booking step (details, then date, then extras here) and hides prices
// and the notes field in the widget, while the site's own package page
// keeps the default layout.
func TestWidgetLayout(t *testing.T) {
	browsertest.Chromium(t)
	s := startShop(t)
	shots := browsertest.ScreenshotDir(t)
	browser := newBrowser(t, s)

	cfg := siteconfig.Default(s.tenant.Name)
	cfg.Widget = siteconfig.WidgetLayout{Blocks: []string{siteconfig.WidgetDetails, siteconfig.WidgetCalendar, siteconfig.WidgetAddOns},
		HidePrices: true, HideNotes: true}
	s.publish(t, cfg, "widget layout")

	tab, cancel := chromedp.NewContext(browser)
	defer cancel()
	legends := func() string {
		got, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll("[data-booking-form] legend")].map(e => e.textContent.replace(/\s+/g, " ").trim())`))
		must(t, err)
		return strings.Join(got, " | ")
	}
	must(t, chromedp.Do(tab, setViewport(desktop), chromedp.Navigate(s.base+"/widget?tenant=willow&package=classic-wedding"),
		chromedp.WaitVisible(chromedp.CSS("[data-booking-form]"))))
	if got := legends(); got != "1 Your details | 2 Choose your date | 3 Add extras (optional)" {
		t.Errorf("widget steps: %s", got)
	}
	hidden, err := chromedp.Run(tab, chromedp.Evaluate[bool](`!document.querySelector("#f-notes") && !document.querySelector(".addon-price") && !document.querySelector(".package-price")`))
	must(t, err)
	if !hidden {
		t.Error("the widget shows the notes field or add-on prices its layout hides")
	}
	shoot(t, tab, shots, "widget-reordered-layout")

	must(t, chromedp.Do(tab, chromedp.Navigate(s.base+"/t/willow/services/classic-wedding"), chromedp.WaitVisible(chromedp.CSS("[data-booking-form]"))))
	if got := legends(); got != "1 Add extras (optional) | 2 Choose your date | 3 Your details" {
		t.Errorf("site package page steps: %s", got)
	}
}

// publish makes cfg the shop's live site document, as a draft published
// at once.
func (s *shop) publish(t *testing.T, cfg siteconfig.Config, note string) {
	t.Helper()
	ctx := context.Background()
	v, err := s.a.SiteConfig.CreateDraft(ctx, s.tenant.ID, siteconfig.Canonical(cfg), note)
	must(t, err)
	_, err = s.a.SiteConfig.Publish(ctx, s.tenant.ID, v.ID)
	must(t, err)
}
