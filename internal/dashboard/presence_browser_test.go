package dashboard_test

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"mais/internal/app/apptest"
	"mais/internal/media/mediatest"
)

// TestNewBusinessPresenceBrowser walks a new business in Chromium from
// sign-up to its own site on its own domain (issue 15): it signs up
// (MAIS_SIGNUP=open), fills its business profile, uploads three photos at
// once to its library, puts them in its gallery page and shows that page,
// publishes, adds its domain and verifies it with the TXT record served by
// a real DNS server, sees three steps of its checklist ticked, then opens
// the site on the domain over HTTPS (MAIS_TLS=auto, the certificate from
// Pebble at the first handshake) and finds its name, its gallery's photos
// (each served 200) and its profile's phone and e-mail there. Screenshots
// of the sqlite run, at phone and desktop widths, go to
// test-artifacts/screenshots/dashboard-presence-*.
func TestNewBusinessPresenceBrowser(t *testing.T) {
	t.Parallel()
	eachKind(t, func(t *testing.T, kind string) {
		t.Parallel()
		walkNewBusiness(t, kind)
	})
}

// walkNewBusiness is TestNewBusinessPresenceBrowser on one store kind.
func walkNewBusiness(t *testing.T, kind string) {
	const (
		name    = "Juniper & Finch Weddings"
		login   = "owner@juniperfinch.example"
		contact = "studio@juniperfinch.example"
		phone   = "+1 (312) 555-0148"
		domain  = "www.juniperfinch.com"
	)
	s := newTLSStack(t)
	a := apptest.New(t, kind, s.env(apptest.Env{"MAIS_SIGNUP": "open"}))
	s.start(t, a)
	s.dns.SetA(domain, net.IPv4(127, 0, 0, 1))
	e := newE2E(t, s.base)
	shot := func(e *e2e, step string) {
		if kind == "sqlite" {
			e.shot("presence-" + step)
		}
	}

	// Sign up: the overview's checklist starts with nothing done.
	e.do(chromedp.Navigate(s.base+"/signup"),
		chromedp.SendKeys(chromedp.ID("f-businessName"), name),
		chromedp.SendKeys(chromedp.ID("f-email"), login),
		chromedp.SendKeys(chromedp.ID("f-password"), "golden-hour-2027"),
		chromedp.Click(chromedp.CSS("button[type=submit]")))
	e.waitText("h1", "Overview")
	e.waitText(".checklist", "0 of 5 done")

	// The profile starts from the sign-up; couples are to write elsewhere.
	e.do(chromedp.Navigate(s.base + "/admin/profile"))
	e.waitFor(`document.getElementById("f-businessName")?.value === "` + name + `" && document.getElementById("f-email").value === "` + login + `"`)
	e.do(chromedp.Clear(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), contact),
		chromedp.SendKeys(chromedp.ID("f-phone"), phone),
		chromedp.SendKeys(chromedp.ID("f-address"), "1840 W Hubbard St\nChicago, IL 60622"),
		// A signed-up business's e-mail is off its site until it says so.
		chromedp.Click(chromedp.ID("f-emailPublic")),
		chromedp.Click(chromedp.CSS(`form[action="/admin/profile"] button[type=submit]`)))
	e.waitText(".flash-ok", "profile is saved")
	shot(e, "01-profile")

	// Three photos chosen at once go to the library.
	dir := t.TempDir()
	files := map[string][]byte{"first-dance.jpg": mediatest.JPEGWithGPS(t, 1200, 800),
		"toast.png": mediatest.PNG(t, 900, 600, false), "venue.png": samplePhoto(t)}
	var paths []string
	for file, data := range files {
		paths = append(paths, filepath.Join(dir, file))
		if err := os.WriteFile(paths[len(paths)-1], data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	e.do(chromedp.Navigate(s.base+"/admin/media"), chromedp.SetUploadFiles(chromedp.ID("f-file"), paths))
	e.waitFor(`document.querySelectorAll(".media-grid .media-tile img").length === 3 && [...document.querySelectorAll(".media-grid img")].every(i => i.naturalWidth > 0)`)
	shot(e, "02-library")

	// They go into the gallery page, which is shown from now on (a new
	// site hides it), and the draft is published.
	e.do(chromedp.Navigate(s.base + "/admin/site/pages/gallery"))
	e.waitFor(`document.documentElement.classList.contains("js") && document.querySelector("[data-pick-images]") !== null`)
	e.do(chromedp.Click(chromedp.CSS("[data-pick-images]")))
	e.waitFor(`document.querySelectorAll("dialog.picker[open] .picker-item").length === 3`)
	e.do(chromedp.Click(chromedp.CSS(`.picker-item[aria-label^="first-dance"]`)),
		chromedp.Click(chromedp.CSS(`.picker-item[aria-label^="toast"]`)),
		chromedp.Click(chromedp.CSS(`.picker-item[aria-label^="venue"]`)),
		chromedp.Click(chromedp.CSS(".picker-foot .btn-primary")))
	e.waitFor(`document.querySelectorAll(".gallery-item").length === 3`)
	e.do(chromedp.Click(chromedp.CSS(`input[type=checkbox][name="pages.gallery.enabled"]`)))
	e.waitFor(`document.querySelector('input[type=checkbox][name="pages.gallery.enabled"]').checked`)
	e.do(chromedp.Click(chromedp.ID("save-draft")))
	e.waitText(".flash-ok", "Draft saved")
	e.waitFor(`document.querySelectorAll(".gallery-item").length === 3 && document.querySelector('input[type=checkbox][name="pages.gallery.enabled"]').checked`)
	shot(e, "03-gallery-editor")
	e.do(chromedp.Click(chromedp.ID("publish-draft")))
	e.waitText(".flash-ok", "Published")

	// The domain, verified by its TXT record.
	e.do(chromedp.Navigate(s.base+"/admin/domains"),
		chromedp.SendKeys(chromedp.ID("f-domain"), domain),
		chromedp.Click(chromedp.CSS(`form[action="/admin/domains"] button[type=submit]`)))
	e.waitText(".flash-ok", "Domain added")
	record, err := chromedp.Run(e.ctx, chromedp.Text(`[id="txt-name-`+domain+`"]`))
	if err != nil {
		t.Fatal(err)
	}
	value, err := chromedp.Run(e.ctx, chromedp.Text(`[id="txt-value-`+domain+`"]`))
	if err != nil {
		t.Fatal(err)
	}
	s.dns.SetTXT(record, value)
	e.do(chromedp.Click(chromedp.CSS(`form[action$="/verify"] button[type=submit]`)))
	e.waitText(".flash-ok", domain+" is verified")
	e.waitText(".domain-card .badge", "Verified")
	shot(e, "04-domain-verified")

	// The checklist ticks what was done: profile, site, domain.
	e.do(chromedp.Navigate(s.base + "/admin"))
	e.waitText(".checklist", "3 of 5 done")
	e.waitFor(`["/admin/profile", "/admin/site", "/admin/domains"].every(u => document.querySelector('.checklist-step.is-done a[href="' + u + '"]'))`)
	shot(e, "05-checklist")

	// The site on its domain over HTTPS: its name on the home page.
	site := s.site(t, e, domain)
	site.do(chromedp.Navigate(site.base + "/"))
	site.waitFor(`location.protocol === "https:" && location.hostname === "` + domain + `" && document.body.innerText.includes("` + name + `")`)
	site.waitFor(`document.querySelector('a[href="/gallery"]') !== null`)
	shot(site, "06-site-home")

	// Its gallery shows the three photos, each loaded and served 200.
	site.do(chromedp.Navigate(site.base + "/gallery"))
	site.waitFor(`document.querySelectorAll(".gallery-grid img").length === 3 && [...document.querySelectorAll(".gallery-grid img")].every(i => i.complete && i.naturalWidth > 0)`)
	alts, err := chromedp.Run(site.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".gallery-grid img")].map(i => i.alt)`))
	if err != nil || strings.Join(alts, "|") != "First dance|Toast|Venue" {
		t.Errorf("gallery on the domain: alts %q, %v", alts, err)
	}
	srcs, err := chromedp.Run(site.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".gallery-grid img")].map(i => i.src)`))
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range srcs {
		r := apptest.Fetch(t, http.MethodGet, src, nil, "")
		if !strings.HasPrefix(src, s.base+"/media/") || r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "image/") {
			t.Errorf("gallery photo %s: %d %s, want a library photo served 200", src, r.Status, r.Header.Get("Content-Type"))
		}
	}
	shot(site, "07-site-gallery")

	// Its contact page shows the profile's e-mail and phone.
	site.do(chromedp.Navigate(site.base + "/contact"))
	site.waitFor(`document.querySelector('.contact-card a[href="mailto:` + contact + `"]') !== null && document.querySelector('.contact-card a[href="tel:+13125550148"]')?.innerText === "` + phone + `"`)
	shot(site, "08-site-contact")
}
