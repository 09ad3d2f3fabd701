package storefront_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

func TestSitePages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"/t/willow", 200, "Your day, thoughtfully taken care of"},
		{"/t/willow/", 200, "Your day, thoughtfully taken care of"},
		{"/t/willow/about", 200, "About Willow &amp; Pine"},
		{"/t/willow/services", 200, "Classic Wedding"},
		{"/t/willow/faq", 200, "How do I reserve my date?"},
		{"/t/willow/contact", 200, "Get in touch"},
		{"/t/willow/gallery", 404, "Page not found"},
		{"/t/willow/testimonials", 404, "Page not found"},
		{"/t/willow/nope", 404, "Page not found"},
		{"/t/nobody", 404, "Page not found"},
		{"/t/nobody/about", 404, "Page not found"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			w := e.get(t, tc.path)
			if got, want := w.Code, tc.status; got != want {
				t.Fatalf("status = %d, want %d", got, want)
			}
			body := w.Body.String()
			if !strings.Contains(body, tc.want) {
				t.Errorf("body lacks %q", tc.want)
			}
			if got := w.Header().Get("Content-Type"); !strings.HasPrefix(got, "text/html") {
				t.Errorf("Content-Type = %q", got)
			}
			if !strings.Contains(body, `<html lang="en">`) {
				t.Error("no lang attribute")
			}
			// The structured data is a data block, which no browser runs and
			// CSP does not govern; any other inline script would be refused.
			scripts := regexp.MustCompile(`<script type="application/ld\+json">[^<]*</script>`).ReplaceAllString(body, "")
			if regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]`).MatchString(scripts) || strings.Contains(scripts, "<script>") {
				t.Error("inline script found")
			}
			if strings.Contains(body, " style=") || strings.Contains(body, "<style") {
				t.Error("inline style found")
			}
			if strings.Contains(body, "/assets/missing/") {
				t.Error("a template names an asset that is not embedded")
			}
		})
	}
}

func TestNavigationShowsEnabledPagesOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	nav := func() string {
		body := e.get(t, "/t/willow/about").Body.String()
		start, end := strings.Index(body, `<nav class="site-nav"`), strings.Index(body, "</nav>")
		if start < 0 || end < start {
			t.Fatal("no navigation")
		}
		return body[start:end]
	}
	got := nav()
	for _, want := range []string{`href="/t/willow"`, `href="/t/willow/about" aria-current="page"`, `href="/t/willow/services"`,
		`href="/t/willow/faq"`, `href="/t/willow/contact"`} {
		if !strings.Contains(got, want) {
			t.Errorf("nav lacks %s", want)
		}
	}
	if strings.Contains(got, "gallery") || strings.Contains(got, "testimonials") {
		t.Errorf("nav shows a disabled page: %s", got)
	}

	cfg := siteconfig.Default(e.tenant.Name)
	cfg.Pages.Gallery.Enabled = true
	cfg.Pages.FAQ.Enabled = false
	e.sites.set(e.tenant.ID, cfg)
	e.cache.InvalidateTenant(context.Background(), e.tenant.ID)
	got = nav()
	if !strings.Contains(got, `href="/t/willow/gallery"`) || strings.Contains(got, "/faq") {
		t.Errorf("nav after publish = %s", got)
	}
}

func TestSectionsRenderFromConfiguration(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cfg := siteconfig.Default(e.tenant.Name)
	cfg.Pages.Home.Sections = []siteconfig.Section{
		siteconfig.HeroSection{Headline: "Hello <there>", CTAText: "Book now", BackgroundImageURL: "https://img.example/hero.jpg"},
		siteconfig.GallerySection{Headline: "Work", Images: []siteconfig.Image{{URL: "https://img.example/1.jpg", Alt: "Vows at sunset"}}, InstagramHandle: "willowpine"},
		siteconfig.TestimonialsSection{Headline: "Kind words", Items: []siteconfig.Testimonial{{Quote: "Wonderful", AuthorName: "Ada", Rating: 4}}},
		siteconfig.FAQSection{Headline: "FAQ", Items: []siteconfig.FAQItem{{Question: "Travel?", Answer: "Yes."}}},
		siteconfig.ContactSection{Headline: "Say hi", Email: "hi@willow.example", Phone: "+1 555 0100"},
		siteconfig.CTASection{Headline: "Ready?", CTAText: "See packages"},
		siteconfig.TextSection{Headline: "Story", Content: "One.\n\nTwo.", ImageURL: "https://img.example/t.jpg", ImagePosition: "left"},
	}
	e.sites.set(e.tenant.ID, cfg)
	body := e.get(t, "/t/willow").Body.String()
	for _, want := range []string{
		`<h1 class="hero-title">Hello &lt;there&gt;</h1>`,
		`<img class="hero-bg" src="https://img.example/hero.jpg" alt=""`,
		`alt="Vows at sunset"`,
		`https://www.instagram.com/willowpine/`,
		`aria-label="4 out of 5 stars">★★★★<`,
		`<summary>Travel?</summary>`,
		`href="mailto:hi@willow.example"`,
		`<h2 class="cta-title">Ready?</h2>`,
		`<p>One.</p>`, `<p>Two.</p>`, `image-left`,
		`href="/t/willow/services">Book now</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("home lacks %s", want)
		}
	}
	if got := strings.Count(body, "<h1"); got != 1 {
		t.Errorf("home has %d h1, want 1", got)
	}
}

func TestCustomDomain(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := e.store.UpdateTenant(context.Background(), e.tenant.ID, tenantDomain("shop.example.test")); err != nil {
		t.Fatal(err)
	}
	w := e.do(t, http.MethodGet, "Shop.Example.Test:8443", "/", nil)
	if w.Code != 200 {
		t.Fatalf("custom domain home = %d", w.Code)
	}
	body := w.Body.String()
	if !strings.Contains(body, `href="/services"`) || strings.Contains(body, "/t/willow") {
		t.Error("custom domain links must not carry /t/{slug}")
	}
	if w := e.do(t, http.MethodGet, "shop.example.test", "/services/classic", nil); w.Code != 200 {
		t.Errorf("package page on custom domain = %d", w.Code)
	}
	if w := e.do(t, http.MethodGet, "www.shop.example.test", "/about?x=1", nil); w.Code != http.StatusMovedPermanently ||
		w.Header().Get("Location") != "http://shop.example.test/about?x=1" {
		t.Errorf("www redirect = %d %q", w.Code, w.Header().Get("Location"))
	}
	if w := e.do(t, http.MethodGet, "unknown.example", "/", nil); w.Code != 404 || !strings.Contains(w.Body.String(), "Page not found") {
		t.Errorf("unknown host = %d", w.Code)
	}
	if w := e.do(t, http.MethodGet, "shop.example.test", "/v1/ping", nil); w.Body.String() != "api" {
		t.Errorf("/v1 on a custom domain did not reach the API: %q", w.Body.String())
	}
	if w := e.do(t, http.MethodGet, "mais.test", "/", nil); !strings.Contains(w.Body.String(), `class="frontdoor"`) {
		t.Errorf("platform host root is not the front door: %d", w.Code)
	}
}

func TestPageCacheIsInvalidatedOnPublish(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if body := e.get(t, "/t/willow").Body.String(); !strings.Contains(body, "Your day, thoughtfully") {
		t.Fatal("first render wrong")
	}
	cfg := siteconfig.Default(e.tenant.Name)
	cfg.Pages.Home.Sections[0] = siteconfig.HeroSection{Headline: "Brand new headline", CTAText: "Go"}
	e.sites.set(e.tenant.ID, cfg)
	if body := e.get(t, "/t/willow").Body.String(); !strings.Contains(body, "Your day, thoughtfully") {
		t.Fatal("a cached page should be served until invalidation or expiry")
	}
	e.cache.InvalidateTenant(context.Background(), e.tenant.ID)
	if body := e.get(t, "/t/willow").Body.String(); !strings.Contains(body, "Brand new headline") {
		t.Fatal("invalidation did not re-render the page")
	}
}

func TestConditionalAndCompressedPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.get(t, "/t/willow")
	etag := w.Header().Get("ETag")
	if etag == "" || w.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("ETag %q, Cache-Control %q", etag, w.Header().Get("Cache-Control"))
	}
	if w := e.do(t, http.MethodGet, "mais.test", "/t/willow", nil, "If-None-Match", etag); w.Code != http.StatusNotModified {
		t.Errorf("revalidation = %d, want 304", w.Code)
	}
	gz := e.do(t, http.MethodGet, "mais.test", "/t/willow", nil, "Accept-Encoding", "gzip, br")
	if gz.Header().Get("Content-Encoding") != "gzip" || gz.Body.Len() >= w.Body.Len() {
		t.Errorf("gzip: encoding %q, %d bytes vs %d", gz.Header().Get("Content-Encoding"), gz.Body.Len(), w.Body.Len())
	}
}

func TestFramingHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range []struct {
		path     string
		ancestor string
		xfo      string
	}{
		{"/t/willow", "frame-ancestors 'self'", "SAMEORIGIN"},
		{"/t/willow/services/classic", "frame-ancestors 'self'", "SAMEORIGIN"},
		{"/widget?tenant=willow", "frame-ancestors *", ""},
		{"/widget?tenant=willow&package=classic", "frame-ancestors *", ""},
		{"/widget?key=" + e.keys.Public, "frame-ancestors *", ""},
	} {
		w := e.get(t, tc.path)
		if w.Code != 200 {
			t.Errorf("%s = %d", tc.path, w.Code)
		}
		csp := w.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, tc.ancestor) || !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s CSP = %q", tc.path, csp)
		}
		if got := w.Header().Get("X-Frame-Options"); got != tc.xfo {
			t.Errorf("%s X-Frame-Options = %q, want %q", tc.path, got, tc.xfo)
		}
	}
}

func TestWidget(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := e.get(t, "/widget?tenant=willow").Body.String()
	if !strings.Contains(body, `href="/widget?tenant=willow&amp;package=classic"`) {
		t.Error("widget list does not link to the widget's package page")
	}
	body = e.get(t, "/widget?key="+e.keys.Public+"&package=classic").Body.String()
	if !strings.Contains(body, `action="/widget?key=`+e.keys.Public+`&amp;package=classic"`) {
		t.Error("widget form does not post back to the widget")
	}
	for _, bad := range []string{"/widget?tenant=nobody", "/widget?key=pk_live_nobody_0123456789abcdef", "/widget"} {
		if w := e.get(t, bad); w.Code != 404 || !strings.Contains(w.Header().Get("Content-Security-Policy"), "frame-ancestors *") {
			t.Errorf("%s = %d, CSP %q", bad, w.Code, w.Header().Get("Content-Security-Policy"))
		}
	}
}

func TestRobotsAndSitemap(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	robots := e.get(t, "/t/willow/robots.txt").Body.String()
	if !strings.Contains(robots, "Sitemap: http://mais.test/t/willow/sitemap.xml") || !strings.Contains(robots, "Disallow: /t/willow/booking/") {
		t.Errorf("robots.txt = %q", robots)
	}
	sm := e.get(t, "/t/willow/sitemap.xml")
	body := sm.Body.String()
	for _, want := range []string{"<loc>http://mais.test/t/willow</loc>", "<loc>http://mais.test/t/willow/about</loc>",
		"<loc>http://mais.test/t/willow/services/classic</loc>"} {
		if !strings.Contains(body, want) {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if strings.Contains(body, "gallery") {
		t.Error("sitemap lists a disabled page")
	}

	e.store.UpdateTenant(context.Background(), e.tenant.ID, tenantDomain("shop.example.test"))
	body = e.do(t, http.MethodGet, "shop.example.test", "/sitemap.xml", nil, "X-Forwarded-Proto", "https").Body.String()
	if !strings.Contains(body, "<loc>https://shop.example.test/</loc>") || !strings.Contains(body, "<loc>https://shop.example.test/services</loc>") {
		t.Errorf("custom-domain sitemap = %s", body)
	}
}

func TestAssetsAndTheme(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := e.get(t, "/t/willow").Body.String()
	css := regexp.MustCompile(`href="(/assets/[0-9a-f]+/site\.css)"`).FindStringSubmatch(body)
	if css == nil {
		t.Fatal("no hashed stylesheet link")
	}
	w := e.get(t, css[1])
	if w.Code != 200 || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("asset: %d %q %q", w.Code, w.Header().Get("Cache-Control"), w.Header().Get("Content-Type"))
	}
	if w := e.get(t, "/assets/0000000000/site.css"); w.Code != 200 || w.Header().Get("Cache-Control") != "no-cache" {
		t.Errorf("stale hash: %d %q", w.Code, w.Header().Get("Cache-Control"))
	}
	if w := e.get(t, "/assets/0000000000/nope.css"); w.Code != 404 {
		t.Errorf("unknown asset = %d", w.Code)
	}
	theme := regexp.MustCompile(`href="(/t/willow/theme\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(body)
	if theme == nil {
		t.Fatal("no theme link")
	}
	w = e.get(t, theme[1])
	if !strings.Contains(w.Body.String(), "--primary:#7b3f4e;") || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("theme: %q %q", w.Body.String(), w.Header().Get("Cache-Control"))
	}
}

func tenantDomain(d string) (u tenant.Update) {
	u.CustomDomain = &d
	return u
}
