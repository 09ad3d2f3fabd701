package dashboard_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"mais/internal/catalog"
	"mais/internal/siteconfig"
)

// TestDisplayRulesBrowser drives the display-rules and widget-layout
// editors in Chromium: a package moves up with the keyboard and another
// by dragging its handle, one is hidden and one featured; saving writes a
// draft whose services page (the preview frame) shows the new order while
// the public site keeps the published one until the admin publishes. The
// widget's details block moves first and prices go off, and the widget
// preview shows it. Screenshots: dashboard-20-display-rules,
// dashboard-21-widget-layout (phone and desktop).
func TestDisplayRulesBrowser(t *testing.T) {
	t.Parallel()
	a, base := browserApp(t, nil)
	alpha, classic := createTenant(t, a, "alpha")
	ctx := context.Background()
	tid := alpha.Tenant.ID
	if _, err := a.Catalog.UpdatePackage(ctx, tid, classic.ID, catalog.PackageInput{Name: ptr("Full-day wedding"),
		Description: ptr("Getting ready to the last dance, with a second photographer."), BasePriceCents: ptr(int64(320000))}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ slug, name, text string }{
		{"elopement", "Elopement", "Two hours for the two of you, anywhere within 50 miles."},
		{"half-day", "Half-day wedding", "Ceremony, portraits and the first hour of the party."},
	} {
		price := int64(90000)
		if p.slug == "half-day" {
			price = 190000
		}
		if _, err := a.Catalog.CreatePackage(ctx, tid, catalog.PackageInput{Slug: ptr(p.slug), Name: ptr(p.name),
			Description: ptr(p.text), BasePriceCents: ptr(price), Active: ptr(true)}); err != nil {
			t.Fatal(err)
		}
	}
	// Published: classic, half-day, elopement, in two groups, with an offer.
	cfg := siteconfig.Default(alpha.Tenant.Name)
	cfg.Display = siteconfig.DisplayRules{
		Groups: []siteconfig.TierGroup{{Name: "Weddings", Order: 1}, {Name: "Elopements", Order: 2}},
		Packages: []siteconfig.PackageRule{
			{PackageSlug: "classic", Order: 1, Group: "Weddings", Featured: true},
			{PackageSlug: "half-day", Order: 2, Group: "Weddings",
				Promotion: siteconfig.Promotion{PriceCents: 160000, Label: "Winter offer", From: "2030-01-01", Until: "2030-02-28"}},
			{PackageSlug: "elopement", Order: 3, Group: "Elopements", Description: "Just the two of you, and the mountains."},
		}}
	v, err := a.SiteConfig.CreateDraft(ctx, tid, siteconfig.Canonical(cfg), "groups")
	if err == nil {
		_, err = a.SiteConfig.Publish(ctx, tid, v.ID)
	}
	if err != nil {
		t.Fatal(err)
	}
	serve(t, a, base)

	e := newE2E(t, base)
	e.login(alpha.AdminEmail)

	const order = `Array.from(document.querySelectorAll('input[name="display.order"]')).map(i => i.value).join(",")`
	e.do(chromedp.Navigate(base + "/admin/site/display"))
	e.waitFor(order + ` === "classic,half-day,elopement"`)

	// Keyboard: "Move Half-day wedding up" with Enter; the focus stays on
	// the moved item and the move is announced.
	e.do(chromedp.Focus(chromedp.CSS(`button[aria-label="Move Half-day wedding up"]`)), chromedp.KeyEvent(kb.Enter))
	e.waitFor(order + ` === "half-day,classic,elopement"`)
	e.waitFor(`document.activeElement.closest("[data-sort-item]")?.dataset.name === "Half-day wedding"`)
	e.waitText("[data-sort-status]", "Half-day wedding moved to position 1 of 3")

	// Pointer: drag Elopement's handle onto the first row.
	e.do(chromedp.DragAndDrop(chromedp.CSS(`li[data-name="Elopement"] [data-drag-handle]`),
		chromedp.CSS(`li[data-name="Half-day wedding"] [data-drag-handle]`)))
	e.waitFor(order + ` === "elopement,half-day,classic"`)
	e.waitFor(`document.querySelector('li[data-name="Elopement"] [data-sort-pos]').textContent === "1"`)

	// Groups: Elopements before Weddings.
	e.do(chromedp.Click(chromedp.CSS(`button[aria-label="Move group Elopements up"]`)))
	e.waitFor(`document.querySelector('input[name="display.group.name"]').value === "Elopements"`)

	// Toggles: hide the full-day wedding, feature the elopement.
	e.do(chromedp.Click(chromedp.ID("f-display-pkg-classic-visible")), chromedp.Click(chromedp.ID("f-display-pkg-elopement-featured")))
	// The live preview follows before anything is saved.
	e.waitFor(previewOrder("Elopement", "Half-day wedding") + ` && !` + previewHas("Full-day wedding"))
	if list, _ := a.SiteConfig.Versions(ctx, tid, 10, 0); list[0].Status != siteconfig.StatusPublished {
		t.Fatal("the live preview saved a draft")
	}
	e.shot("20-display-rules")

	e.do(chromedp.Click(chromedp.ID("save-draft")))
	e.waitFor(`document.querySelector(".flash-ok")?.innerText.includes("Draft saved")`)
	e.waitFor(order + ` === "elopement,half-day,classic"`)
	e.waitFor(previewOrder("Elopement", "Half-day wedding") + ` && !` + previewHas("Full-day wedding"))
	list, _ := a.SiteConfig.Versions(ctx, tid, 10, 0)
	if list[0].Status != siteconfig.StatusDraft {
		t.Fatalf("no draft after saving: %+v", list[0])
	}
	if got := e.publicPage("/t/alpha/services"); !strings.Contains(got, "Full-day wedding") || strings.Index(got, "Half-day wedding") > strings.Index(got, "Elopement") {
		t.Fatalf("the public services page changed before publishing:\n%s", got)
	}
	e.do(chromedp.Click(chromedp.CSS(`.publish-form button`)))
	e.waitFor(`document.querySelector(".flash-ok")?.innerText.includes("Published")`)
	if got := e.publicPage("/t/alpha/services"); strings.Contains(got, "Full-day wedding") || strings.Index(got, "Half-day wedding") < strings.Index(got, "Elopement") {
		t.Fatalf("the public services page after publishing:\n%s", got)
	}

	// The offer published earlier is in the audit log as a price change.
	e.do(chromedp.Navigate(base + "/admin/audit?entity=package"))
	e.waitText(".audit-summary", "Half-day wedding: $1,900.00 → $1,600.00 from")
	e.shot("23-audit-price-change")

	// A mistyped offer comes back open, with the reason at the field.
	e.do(chromedp.Navigate(base+"/admin/site/display"), chromedp.Click(chromedp.CSS(`li[data-name="Elopement"] summary`)),
		chromedp.SendKeys(chromedp.ID("f-display-pkg-elopement-promoPrice"), "a lot"),
		chromedp.SendKeys(chromedp.ID("f-display-pkg-elopement-promoLabel"), "Summer offer"),
		chromedp.Click(chromedp.ID("save-draft")))
	e.waitText("#f-display-pkg-elopement-promoPrice-error", "must be an amount")
	e.waitFor(`document.querySelector('li[data-name="Elopement"] details').open`)
	e.shot("22-display-rules-error")

	// Widget layout: the couple's details first, prices off.
	e.do(chromedp.Navigate(base + "/admin/site/widget"))
	e.waitFor(previewHas("Choose your date"))
	e.do(chromedp.Click(chromedp.CSS(`button[aria-label="Move Couple's details up"]`)))
	e.do(chromedp.Click(chromedp.CSS(`button[aria-label="Move Couple's details up"]`)))
	e.do(chromedp.Click(chromedp.ID("f-widget-showPrices")))
	e.waitFor(previewOrder("Your details", "Choose your date") + ` && !` + previewHas("$1,900.00"))
	e.shot("21-widget-layout")
	e.do(chromedp.Click(chromedp.ID("save-draft")))
	e.waitFor(`document.querySelector(".flash-ok")?.innerText.includes("Draft saved")`)
	e.waitFor(previewOrder("Your details", "Choose your date"))
	if got := e.publicPage("/widget?tenant=alpha&package=elopement"); strings.Index(got, "Your details") < strings.Index(got, "Choose your date") {
		t.Fatalf("the public widget changed before publishing:\n%s", got)
	}
}

// previewOrder is true once the preview frame shows text a before text b.
func previewOrder(a, b string) string {
	return `(() => { const t = document.getElementById("preview")?.contentDocument?.body?.innerText || "";` +
		` const i = t.indexOf(` + strconv.Quote(a) + `), j = t.indexOf(` + strconv.Quote(b) + `); return i >= 0 && j >= 0 && i < j; })()`
}

// publicPage is the text of a page of the site, read in a second tab.
func (e *e2e) publicPage(path string) string {
	e.t.Helper()
	tab, cancel := chromedp.NewContext(e.ctx)
	defer cancel()
	if err := chromedp.Do(tab, chromedp.Navigate(e.base+path)); err != nil {
		e.t.Fatal(err)
	}
	text, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		e.t.Fatal(err)
	}
	return text
}
