package storefront_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"mais/internal/storefront"
)

// TestFrontDoor: "/" on a platform host is a page that leads to the
// dashboard, the demo storefront when there is one, and sign-up when it is
// open; a JSON client still gets the JSON 404; on a custom domain "/" stays
// the tenant's site.
func TestFrontDoor(t *testing.T) {
	t.Run("DemoAndSignup", func(t *testing.T) {
		e := newEnv(t, func(c *storefront.Config) { c.DemoSlug, c.Signup = "willow", true })
		w := e.get(t, "/")
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			t.Fatalf("front door: %d %s", w.Code, w.Header().Get("Content-Type"))
		}
		body := w.Body.String()
		for _, want := range []string{`href="/admin"`, `href="/t/willow"`, `href="/signup"`} {
			if !strings.Contains(body, want) {
				t.Errorf("front door lacks %s", want)
			}
		}
		j := e.do(t, "GET", "mais.test", "/", nil, "Accept", "application/json")
		var e404 struct{ Error string }
		if j.Code != http.StatusNotFound || json.Unmarshal(j.Body.Bytes(), &e404) != nil || e404.Error != "NOT_FOUND" {
			t.Errorf("JSON client: %d %s", j.Code, j.Body)
		}
	})
	t.Run("NoDemoSignupClosed", func(t *testing.T) {
		e := newEnv(t, func(c *storefront.Config) { c.DemoSlug = "demo" }) // no such tenant
		body := e.get(t, "/").Body.String()
		if !strings.Contains(body, `href="/admin"`) || strings.Contains(body, `href="/t/demo"`) || strings.Contains(body, "/signup") {
			t.Errorf("front door without demo or sign-up:\n%s", body)
		}
	})
	t.Run("CustomDomainIsTheSite", func(t *testing.T) {
		e := newEnv(t, func(c *storefront.Config) { c.DemoSlug = "willow" })
		if _, err := e.store.UpdateTenant(context.Background(), e.tenant.ID, tenantDomain("shop.willow.example")); err != nil {
			t.Fatal(err)
		}
		w := e.do(t, "GET", "shop.willow.example", "/", nil)
		if body := w.Body.String(); w.Code != http.StatusOK || strings.Contains(body, "frontdoor") || !strings.Contains(body, "Willow &amp; Pine") {
			t.Errorf("a custom domain's / is not the tenant's site: %d\n%s", w.Code, body)
		}
	})
}
