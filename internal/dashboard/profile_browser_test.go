package dashboard_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestProfileBrowser: in Chromium, a business fills its profile on the
// dashboard and its site's contact page, footer and structured data show
// it, with links a phone can use. Screenshots of both pages at phone and
// desktop widths go to test-artifacts/screenshots/.
func TestProfileBrowser(t *testing.T) {
	t.Parallel()
	a, base := browserApp(t, nil)
	alpha, _ := createTenant(t, a, "alpha")
	serve(t, a, base)
	e := newE2E(t, base)
	e.login(alpha.AdminEmail)

	e.do(chromedp.Navigate(base+"/admin/profile"),
		chromedp.SendKeys(chromedp.ID("f-phone"), "+1 (312) 555-0148"),
		chromedp.SendKeys(chromedp.ID("f-address"), "1840 W Hubbard St\nChicago, IL 60622"),
		chromedp.SendKeys(chromedp.ID("f-instagramHandle"), "@alpha.studio"),
		chromedp.SendKeys(chromedp.ID("f-website"), "alpha.example"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/profile"] button[type=submit]`)))
	e.waitFor(`document.querySelector(".flash-ok")?.innerText.includes("profile is saved")`)
	e.shot("profile-saved")

	e.do(chromedp.Navigate(base + "/t/alpha/contact"))
	e.waitText(".contact-card", "@alpha.studio")
	e.shot("profile-contact-page")
	got, err := chromedp.Run(e.ctx, chromedp.Evaluate[string](`[
		document.querySelector('.contact-card a[href^="tel:"]')?.getAttribute("href"),
		document.querySelector('.contact-card a[href^="https://www.instagram.com/"]')?.getAttribute("href"),
		document.querySelector('.contact-card a[href="https://alpha.example"]')?.innerText,
		document.querySelector(".footer-address")?.textContent.replace(/\s+/g, " "),
		JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent).telephone,
	].join("|")`))
	if err != nil {
		t.Fatal(err)
	}
	want := "tel:+13125550148|https://www.instagram.com/alpha.studio/|alpha.example|1840 W Hubbard St, Chicago, IL 60622|+1 (312) 555-0148"
	if strings.TrimSpace(got) != want {
		t.Errorf("contact page in the browser:\n got %s\nwant %s", got, want)
	}
}
