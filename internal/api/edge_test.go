package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"mais/internal/app/apptest"
	"mais/internal/tenant"
)

// serveAs sends a request for host from peer with extra headers.
func serveAs(t *testing.T, h http.Handler, peer, host, path string, header map[string]string) apptest.Reply {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr, req.Host = peer, host
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return apptest.Serve(t, h, req)
}

// TestHSTSWithHTTPSBase: with an https PUBLIC_BASE_URL every response —
// API, errors, redirects, dashboard, storefront, custom domains — carries
// Strict-Transport-Security; with an http base none does.
func TestHSTSWithHTTPSBase(t *testing.T) {
	t.Parallel()
	paths := []string{"/health", "/v1/packages", "/v1/no-such-route", "/v1/admin/me", "/admin/login", "/admin/bookings",
		"/t/alpha", "/t/no-such-tenant", "/widget?tenant=alpha"}
	for base, want := range map[string]bool{"https://mais.example": true, "http://mais.test": false} {
		t.Run(base, func(t *testing.T) {
			a := apptest.New(t, "sqlite", apptest.Env{"PUBLIC_BASE_URL": base})
			newFixture(t, a)
			for _, path := range paths {
				rec := serveAs(t, a.Handler(), "192.0.2.70:1", "localhost", path, nil)
				got := rec.Header.Get("Strict-Transport-Security")
				if want && !strings.HasPrefix(got, "max-age=") {
					t.Errorf("%s (%d): Strict-Transport-Security %q, want max-age=…", path, rec.Status, got)
				}
				if !want && got != "" {
					t.Errorf("%s over an http base: Strict-Transport-Security %q", path, got)
				}
			}
		})
	}
}

// TestForwardedHeadersOnlyFromTrustedProxies: a client that sends
// X-Forwarded-Proto or X-Forwarded-Host itself gets robots.txt, the sitemap
// and redirects with the real scheme and host; the same headers from a
// proxy in MAIS_TRUSTED_PROXIES are believed.
func TestForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", apptest.Env{"MAIS_TRUSTED_PROXIES": "10.0.0.0/8"})
	f := newFixture(t, a)
	domain := "studio-alpha.com"
	if _, err := a.Tenants.Update(context.Background(), f.a.Tenant.ID, tenant.Update{CustomDomain: &domain}); err != nil {
		t.Fatal(err)
	}
	// send asks for path on site (the host the visitor typed) the way each
	// case's peer does.
	type sender func(path, site string) apptest.Reply
	check := func(t *testing.T, send sender, want string) {
		t.Helper()
		robots := send("/robots.txt", domain)
		if body := string(robots.Body); robots.Status != 200 || !strings.Contains(body, "Sitemap: "+want+"/sitemap.xml") {
			t.Errorf("robots.txt: %d %q, want its sitemap under %s", robots.Status, body, want)
		}
		sitemap := send("/sitemap.xml", domain)
		body := string(sitemap.Body)
		if sitemap.Status != 200 || !strings.Contains(body, "<loc>"+want+"/</loc>") || strings.Contains(body, "evil.example") {
			t.Errorf("sitemap: %d %q, want every URL under %s", sitemap.Status, body, want)
		}
		redirect := send("/about", "www."+domain)
		if got := redirect.Header.Get("Location"); redirect.Status != http.StatusMovedPermanently || got != want+"/about" {
			t.Errorf("www redirect: %d %q, want %s/about", redirect.Status, got, want)
		}
	}
	t.Run("SpoofedByClient", func(t *testing.T) {
		check(t, func(path, site string) apptest.Reply {
			return serveAs(t, a.Handler(), "203.0.113.80:1", site, path,
				map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"})
		}, "http://"+domain)
	})
	t.Run("FromTrustedProxy", func(t *testing.T) {
		check(t, func(path, site string) apptest.Reply {
			return serveAs(t, a.Handler(), "10.0.0.5:1", "10.0.0.9:8080", path,
				map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": site})
		}, "https://"+domain)
	})
	t.Run("ClientPrependsToTrustedProxy", func(t *testing.T) {
		// A proxy that appends: only the last value, the proxy's own, counts.
		check(t, func(path, site string) apptest.Reply {
			return serveAs(t, a.Handler(), "10.0.0.5:1", "10.0.0.9:8080", path,
				map[string]string{"X-Forwarded-Proto": "http, https", "X-Forwarded-Host": "evil.example, " + site})
		}, "https://"+domain)
	})
}
