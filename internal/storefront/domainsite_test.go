package storefront_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/tenant"
)

// TestCustomDomainServedNames: a host serves the site the served-names rule
// of docs/API.md §14 gives it (domains.Covering). A verified apex serves
// itself, and its www. name redirects to it; a verified www. name serves
// itself, but its apex, which nobody proved, is not a site (the old code
// redirected it to the www. name).
func TestCustomDomainServedNames(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		for slug, domain := range map[string]string{"wren": "wren-photos.com", "birch": "www.birch-photos.com"} {
			tn := apptest.NewTenant(t, a, slug)
			// A domain the platform admin sets is verified at once.
			if _, err := a.Tenants.Update(ctx, tn.Tenant.ID, tenant.Update{CustomDomain: &domain}); err != nil {
				t.Fatalf("set %s: %v", domain, err)
			}
		}
		for _, c := range []struct {
			host, path string
			status     int
			location   string
		}{
			{"wren-photos.com", "/", http.StatusOK, ""},
			{"www.wren-photos.com", "/about?x=1", http.StatusMovedPermanently, "http://wren-photos.com/about?x=1"},
			{"www.birch-photos.com", "/", http.StatusOK, ""},
			{"birch-photos.com", "/", http.StatusNotFound, ""},
			{"birch-photos.com", "/about", http.StatusNotFound, ""},
		} {
			r := httptest.NewRequest(http.MethodGet, c.path, nil)
			r.Host = c.host
			w := apptest.Serve(t, a.Handler(), r)
			if w.Status != c.status || w.Header.Get("Location") != c.location {
				t.Errorf("GET %s%s = %d %q; want %d %q", c.host, c.path, w.Status, w.Header.Get("Location"), c.status, c.location)
			}
		}
	})
}
