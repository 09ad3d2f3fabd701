package storefront_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"mais/internal/httpx"
)

// knownHosts parses MAIS_KNOWN_DOMAINS entries for a test mux.
func knownHosts(t testing.TB, entries ...string) httpx.KnownHosts {
	t.Helper()
	k, err := httpx.ParseKnownHosts(entries)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestWildcardKnownDomain: with "*.platform.test" known, every subdomain of
// platform.test is the platform's own host (its /t/{slug} sites answer, a
// tenant's domain lookup is never made), while platform.test itself is not
// covered and can be a tenant's custom domain.
func TestWildcardKnownDomain(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if _, err := e.store.UpdateTenant(context.Background(), e.tenant.ID, tenantDomain("platform.test")); err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"preview-7.platform.test", "A.B.Platform.Test:8080"} {
		if w := e.do(t, http.MethodGet, host, "/t/willow", nil); w.Code != 200 {
			t.Errorf("%s/t/willow = %d, want the platform's storefront route", host, w.Code)
		}
		// A known host's "/" is the platform's front door, never a tenant's site.
		if w := e.do(t, http.MethodGet, host, "/", nil); !strings.Contains(w.Body.String(), `class="frontdoor"`) || strings.Contains(w.Body.String(), e.tenant.Name) {
			t.Errorf("%s/ = %d: a known host must not serve a tenant's domain site", host, w.Code)
		}
	}
	w := e.do(t, http.MethodGet, "platform.test", "/", nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `href="/services"`) {
		t.Errorf("apex platform.test (not covered by the wildcard) = %d, want the tenant's domain site", w.Code)
	}
}
