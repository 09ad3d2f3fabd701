package e2e_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mais/internal/app/apptest"
	"mais/internal/browsertest"
)

// TestDemoScreenshots opens every page of the demo storefront, as `mais
// serve` seeds it, at phone and desktop widths, and the dashboard's
// overview and photo library, writing full-page screenshots to
// test-artifacts/screenshots/demo-*.png for a person to look at. It also
// fails on what a person would see at once: a picture that did not load
// or a page wider than the phone.
func TestDemoScreenshots(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end browser test skipped in -short mode")
	}
	browsertest.Chromium(t)
	port := freePort(t)
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	a := apptest.New(t, "sqlite", apptest.Env{"PORT": strconv.Itoa(port), "PUBLIC_BASE_URL": base,
		"MAIS_KNOWN_DOMAINS": "localhost,127.0.0.1", "MAIS_RATE_LIMITS": "off"})
	info, err := a.SeedDemo(context.Background())
	if err != nil || info == nil {
		t.Fatalf("seed demo: %+v %v", info, err)
	}
	if _, err := a.Start(context.Background(), "127.0.0.1:"+strconv.Itoa(port)); err != nil {
		t.Fatal(err)
	}
	shots := browsertest.ScreenshotDir(t)
	ctx := browsertest.New(t, 4*time.Minute, chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 800))

	site := base + "/t/demo"
	pages := []struct{ name, path, ready string }{
		{"home", "", ".hero-title"},
		{"services", "/services", ".cards"},
		{"package", "/services/classic-wedding", "[data-booking-form]"},
		{"gallery", "/gallery", ".gallery-grid"},
		{"about", "/about", "h1"},
		{"faq", "/faq", ".faq-list"},
		{"contact", "/contact", ".contact-card"},
	}
	for _, p := range pages {
		must(t, chromedp.Do(ctx, setViewport(desktop), chromedp.Navigate(site+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready))))
		checkPage(t, ctx, p.name)
		shoot(t, ctx, shots, "demo-"+p.name)
	}

	// The checkout page a couple reaches from the booking form.
	must(t, chromedp.Do(ctx, chromedp.Navigate(site+"/services/elopement"), chromedp.WaitVisible(chromedp.CSS("[data-booking-form]"))))
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const d = document.querySelector("input[name=date]:not([disabled])");
		if (!d) return false; d.click(); return true })()`))
	must(t, err)
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Sam & Alex Rivera"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "sam@example.com"),
		chromedp.Click(chromedp.CSS(`[data-booking-form] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".checkout, .continue, .result")),
	))
	shoot(t, ctx, shots, "demo-checkout")

	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/admin/login"),
		chromedp.SendKeys(chromedp.ID("f-email"), info.AdminEmail),
		chromedp.SendKeys(chromedp.ID("f-password"), info.AdminPassword),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".stats"))))
	shoot(t, ctx, shots, "demo-dashboard-overview")
	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/admin/media"), chromedp.WaitVisible(chromedp.CSS(".media-grid"))))
	checkPage(t, ctx, "media library")
	shoot(t, ctx, shots, "demo-dashboard-media")
}

// checkPage fails when an image on the page did not load, or when the
// page is wider than a 390 px phone.
func checkPage(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	const loaded = `(async () => { for (const i of document.images) { i.loading = "eager"; if (!i.complete) await i.decode().catch(() => {}); }
		return [...document.images].filter(i => !i.naturalWidth).map(i => i.currentSrc || i.src) })()`
	broken, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](loaded, chromedp.EvalAwaitPromise))
	must(t, err)
	if len(broken) > 0 {
		t.Errorf("%s: pictures not loaded: %v", name, broken)
	}
	must(t, chromedp.Do(ctx, setViewport(phone), chromedp.Sleep(150*time.Millisecond)))
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	must(t, err)
	if wide > int(phone.width) {
		t.Errorf("%s: %d px wide on a %d px phone", name, wide, phone.width)
	}
	must(t, chromedp.Do(ctx, setViewport(desktop)))
}
