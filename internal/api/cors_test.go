package api_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/tenant"
)

// TestTenantCORSOrigins: a tenant without an origin list is callable from
// any page ("*"); with one, a listed origin gets itself back in
// Access-Control-Allow-Origin and any other is refused 403 before the
// handler runs, without the header; preflights are answered for any origin.
func TestTenantCORSOrigins(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		h := a.Handler()
		open := apptest.NewTenant(t, a, "open")
		closed := apptest.NewTenant(t, a, "closed")
		list := []string{"https://www.closed.example"}
		if _, err := a.Tenants.Update(context.Background(), closed.Tenant.ID, tenant.Update{CORSOrigins: &list}); err != nil {
			t.Fatal(err)
		}
		call := func(key, origin string) apptest.Reply {
			req := httptest.NewRequest("GET", "/v1/packages", nil)
			req.Header.Set("X-Tenant-Key", key)
			req.Header.Set("Origin", origin)
			return apptest.Serve(t, h, req)
		}
		r := call(open.Keys.Public, "https://anyone.example")
		apptest.Expect(t, "open tenant", r, 200, "")
		if r.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("open tenant ACAO %q", r.Header.Get("Access-Control-Allow-Origin"))
		}
		r = call(closed.Keys.Public, "https://www.closed.example")
		apptest.Expect(t, "listed origin", r, 200, "")
		if r.Header.Get("Access-Control-Allow-Origin") != "https://www.closed.example" || r.Header.Get("Vary") == "" {
			t.Errorf("listed origin: ACAO %q, Vary %q", r.Header.Get("Access-Control-Allow-Origin"), r.Header.Get("Vary"))
		}
		r = call(closed.Keys.Public, "https://evil.example")
		apptest.Expect(t, "other origin", r, 403, "FORBIDDEN")
		if r.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("refused origin still got ACAO %q", r.Header.Get("Access-Control-Allow-Origin"))
		}
		r = call("pk_live_nobody_0123456789abcdef", "https://evil.example")
		if r.Status != 401 && r.Status != 404 || r.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("unknown key: %d, ACAO %q (the browser must be able to read the error)", r.Status, r.Header.Get("Access-Control-Allow-Origin"))
		}

		pre := httptest.NewRequest("OPTIONS", "/v1/packages", nil)
		pre.Header.Set("Origin", "https://evil.example")
		pre.Header.Set("Access-Control-Request-Method", "GET")
		pre.Header.Set("Access-Control-Request-Headers", "x-tenant-key")
		if r := apptest.Serve(t, h, pre); r.Status != 204 || r.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("preflight: %d %q", r.Status, r.Header.Get("Access-Control-Allow-Origin"))
		}
		if r := apptest.Do(t, h, "GET", "/v1/packages", map[string]string{"X-Tenant-Key": closed.Keys.Public}, ""); r.Status != 200 {
			t.Errorf("server-to-server call (no Origin) = %d", r.Status)
		}
	})
}
