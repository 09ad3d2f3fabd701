package dashboard_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"mais/internal/app/apptest"
	"mais/internal/browsertest"
	"mais/internal/domains/dnstest"
)

// TestDomainsBrowser drives the custom-domain page in Chromium against a
// real DNS server: a business adds its domain, is shown the TXT record
// with copy buttons, presses Verify before creating it (not found), with
// a wrong value (wrong value), then with the right one (verified).
// Screenshots at phone and desktop widths before and after verification
// go to test-artifacts/screenshots/.
func TestDomainsBrowser(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("end-to-end browser test skipped in -short mode")
	}
	browsertest.Chromium(t)
	dns := dnstest.Start(t)
	port := freePort(t)
	base := "http://127.0.0.1:" + port
	a := apptest.New(t, "sqlite", apptest.Env{"PUBLIC_BASE_URL": base, "MAIS_DNS_RESOLVER": dns.Addr})
	alpha, _ := createTenant(t, a, "alpha")
	if _, err := a.Start(t.Context(), "127.0.0.1:"+port); err != nil {
		t.Fatal(err)
	}
	e := newE2E(t, base)
	e.do(chromedp.Navigate(base + "/admin/login"))
	e.do(chromedp.SendKeys(chromedp.ID("f-email"), alpha.AdminEmail),
		chromedp.SendKeys(chromedp.ID("f-password"), password),
		chromedp.Click(chromedp.CSS("button[type=submit]")))
	e.waitText("h1", "Overview")

	e.do(chromedp.Navigate(base + "/admin/domains"))
	e.waitText("h1", "Your domain")
	e.waitText(".card h2", "Use your own address")
	e.shot("domains-01-empty")

	e.do(chromedp.SendKeys(chromedp.ID("f-domain"), "https://www.Willow-Photos.com/"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/domains"] button[type=submit]`)))
	e.waitText(".flash-ok", "Domain added")
	e.waitText(".domain-card h2", "www.willow-photos.com")
	e.waitText(".domain-card .badge", "Waiting for DNS record")
	name, err := chromedp.Run(e.ctx, chromedp.Text(`[id="txt-name-www.willow-photos.com"]`))
	if err != nil || name != "_mais-verify.www.willow-photos.com" {
		t.Fatalf("TXT name on the page = %q, %v", name, err)
	}
	value, err := chromedp.Run(e.ctx, chromedp.Text(`[id="txt-value-www.willow-photos.com"]`))
	if err != nil || len(value) != len("mais-verify=")+32 {
		t.Fatalf("TXT value on the page = %q, %v", value, err)
	}
	e.waitFor(`document.querySelectorAll(".dns-record [data-copy-target]").length === 2`)
	e.shot("domains-02-record")

	verify := func() {
		t.Helper()
		e.do(chromedp.Click(chromedp.CSS(`form[action$="/verify"] button[type=submit]`)))
	}
	verify()
	e.waitText(".flash-error", "No TXT record at _mais-verify.www.willow-photos.com yet")
	e.shot("domains-03-not-found")

	dns.SetTXT(name, "mais-verify=copied-from-somewhere-else")
	verify()
	e.waitText(".flash-error", "does not hold the value")
	e.waitText(".domain-card .badge", "Waiting for DNS record")

	dns.SetTXT(name, value)
	verify()
	e.waitText(".flash-ok", "www.willow-photos.com is verified")
	e.waitText(".domain-card .badge", "Verified")
	e.waitFor(`document.querySelector(".dns-record") === null && document.querySelector('form[action$="/verify"]') === null`)
	e.shot("domains-04-verified")
}
