package storefront_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mais/internal/browsertest"
	"mais/internal/siteconfig"
)

// browse serves e's storefront over HTTP as localhost (a known platform
// host) and returns a Chromium tab and the site's base URL.
func browse(t *testing.T, e *env) (context.Context, string) {
	t.Helper()
	browsertest.Chromium(t)
	srv := httptest.NewServer(e.srv)
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	ctx := browsertest.New(t, 90*time.Second, chromedp.Flag("disable-dev-shm-usage", true))
	return ctx, "http://localhost:" + u.Port() + "/t/willow"
}

// TestPhoneLayoutInBrowser: at 360 and 390 px, the six pages of a site
// with a gallery sit on one line of the header (no "Contact" alone on a
// second line); every FAQ card draws its open/closed sign inside itself,
// not the browser's marker outside the summary, over the card's edge.
func TestPhoneLayoutInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newEnv(t)
	cfg := siteconfig.Default(e.tenant.Name)
	cfg.Pages.Gallery.Enabled = true
	e.sites.set(e.tenant.ID, cfg)
	ctx, site := browse(t, e)

	for _, width := range []int64{360, 390} {
		err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
			chromedp.Navigate(site+"/faq"), chromedp.WaitVisible(chromedp.CSS(".faq-list")))
		if err != nil {
			t.Fatal(err)
		}
		tops, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](
			`[...document.querySelectorAll(".site-nav a")].map(a => Math.round(a.getBoundingClientRect().top))`))
		if err != nil {
			t.Fatal(err)
		}
		if len(tops) != 6 {
			t.Fatalf("%d nav links, want 6", len(tops))
		}
		for i, top := range tops {
			if top != tops[0] {
				t.Errorf("at %d px, nav link %d is on another line (top %v, first %v)", width, i+1, top, tops[0])
			}
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
		if err != nil || wide > width {
			t.Errorf("at %d px the page is %d px wide (%v)", width, wide, err)
		}
	}

	bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".faq-list summary")].filter(s => {
		const cs = getComputedStyle(s), sign = getComputedStyle(s, "::after").content;
		const outside = cs.display === "list-item" && cs.listStylePosition === "outside" && cs.listStyleType !== "none";
		return outside || sign === "none" || sign === "";
	}).map(s => s.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("FAQ summaries with the marker outside the card or no sign: %q", bad)
	}
}
