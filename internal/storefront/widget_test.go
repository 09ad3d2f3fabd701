package storefront_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"mais/internal/siteconfig"
	"mais/internal/storefront"
	"mais/internal/tenant"
)

func TestEmbedSnippet(t *testing.T) {
	t.Parallel()
	got := storefront.EmbedSnippet("https://app.example.com/", tenant.Tenant{Slug: "willow", Name: `Willow & "Pine"`})
	for _, want := range []string{
		`<iframe src="https://app.example.com/widget?tenant=willow"`,
		`title="Book with Willow &amp; &#34;Pine&#34;"`,
		`data-mais-widget`,
		`<script src="https://app.example.com/widget/embed.js" async></script>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("snippet lacks %s:\n%s", want, got)
		}
	}
}

// TestWidgetThemeIsTheTenants: every widget page links a stylesheet that
// answers on the platform's host with the tenant's colours (the widget is
// not on the tenant's site, so /theme.css is nobody's there).
func TestWidgetThemeIsTheTenants(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cfg := siteconfig.Default(e.tenant.Name)
	cfg.Branding.PrimaryColor, cfg.Branding.BackgroundColor = "#2a6f4e", "#fdf6ec"
	e.sites.set(e.tenant.ID, cfg)
	e.cache.InvalidateTenant(context.Background(), e.tenant.ID)

	link := regexp.MustCompile(`<link rel="stylesheet" href="([^"]*theme\.css[^"]*)">`)
	for _, page := range []string{
		"/widget?tenant=willow",
		"/widget?key=" + e.keys.Public,
		"/widget?tenant=willow&package=classic",
	} {
		t.Run(page, func(t *testing.T) {
			w := e.get(t, page)
			if w.Code != http.StatusOK {
				t.Fatalf("%s: %d", page, w.Code)
			}
			m := link.FindStringSubmatch(w.Body.String())
			if m == nil {
				t.Fatalf("%s links no theme stylesheet", page)
			}
			href := html.UnescapeString(m[1])
			css := e.get(t, href)
			if css.Code != http.StatusOK || !strings.HasPrefix(css.Header().Get("Content-Type"), "text/css") {
				t.Fatalf("GET %s: %d %s", href, css.Code, css.Header().Get("Content-Type"))
			}
			for _, want := range []string{"--primary:#2a6f4e;", "--bg:#fdf6ec;"} {
				if !strings.Contains(css.Body.String(), want) {
					t.Errorf("%s lacks %s: %s", href, want, css.Body.String())
				}
			}
			if cc := css.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
				t.Errorf("%s: Cache-Control %q, want the hashed URL cached for good", href, cc)
			}
		})
	}
	if w := e.get(t, "/widget/theme.css?tenant=nobody"); w.Code != http.StatusNotFound {
		t.Errorf("theme of an unknown tenant: %d, want 404", w.Code)
	}
}
