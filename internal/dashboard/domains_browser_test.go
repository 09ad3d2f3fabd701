package dashboard_test

import (
	"net"
	"testing"

	"github.com/chromedp/chromedp"

	"mais/internal/app/apptest"
)

// TestDomainsBrowser drives the custom-domain page in Chromium against a
// real DNS server: a business adds its domain, is shown the TXT record
// with copy buttons, presses Verify before creating it (not found), with
// a wrong value (wrong value), then with the right one (verified), and
// opens its site on the domain over HTTPS: with MAIS_TLS=auto the
// certificate is obtained from Pebble on demand, at the first handshake.
// Screenshots at phone and desktop widths before and after verification,
// and of the site over HTTPS, go to test-artifacts/screenshots/.
func TestDomainsBrowser(t *testing.T) {
	t.Parallel()
	s := newTLSStack(t)
	a := apptest.New(t, "sqlite", s.env(nil))
	alpha, _ := createTenant(t, a, "alpha")
	s.start(t, a)
	dns, base := s.dns, s.base
	dns.SetA("www.willow-photos.com", net.IPv4(127, 0, 0, 1))
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

	// A browser that resolves the domain to this machine and trusts
	// Pebble's intermediate opens the site there over HTTPS.
	site := s.site(t, e, "www.willow-photos.com")
	site.do(chromedp.Navigate(site.base + "/"))
	site.waitFor(`location.protocol === "https:" && location.hostname === "www.willow-photos.com" && document.body.innerText.includes("Studio alpha")`)
	site.shot("domains-05-site-over-https")
}
