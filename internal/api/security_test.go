package api_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"mais/internal/api"
	"mais/internal/app/apptest"
)

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	f := newAdminFixture(t, a)
	key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
	cases := map[string]apptest.Reply{
		"health":       apptest.Do(t, f.h, "GET", "/health", nil, ""),
		"public":       apptest.Do(t, f.h, "GET", "/v1/packages", key, ""),
		"public error": apptest.Do(t, f.h, "GET", "/v1/packages", nil, ""),
		"admin":        f.as(f.alpha, "GET", "/v1/admin/packages", ""),
		"admin error":  apptest.Do(t, f.h, "GET", "/v1/admin/packages", nil, ""),
		"unknown":      apptest.Do(t, f.h, "GET", "/v1/nothing-here", nil, ""),
		"openapi":      apptest.Do(t, f.h, "GET", "/v1/openapi.json", nil, ""),
	}
	for name, r := range cases {
		h := r.Header
		for header, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "strict-origin-when-cross-origin",
			"X-Frame-Options":        "DENY",
		} {
			if got := h.Get(header); got != want {
				t.Errorf("%s: %s = %q, want %q", name, header, got, want)
			}
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", name, csp)
		}
		if h.Get("X-Request-Id") == "" {
			t.Errorf("%s: no X-Request-Id", name)
		}
	}
}

func TestCORS(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	f := newAdminFixture(t, a)
	origin := map[string]string{"Origin": "https://couple-site.example"}

	pre := apptest.Do(t, f.h, "OPTIONS", "/v1/bookings/checkout", map[string]string{"Origin": "https://couple-site.example",
		"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,x-tenant-key"}, "")
	apptest.Expect(t, "widget preflight", pre, 204, "")
	if pre.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(pre.Header.Get("Access-Control-Allow-Headers"), "X-Tenant-Key") ||
		!strings.Contains(pre.Header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight headers: %v", pre.Header)
	}
	if pre.Header.Get("Access-Control-Allow-Credentials") != "" {
		t.Error("credentials must not be allowed")
	}
	get := apptest.Do(t, f.h, "GET", "/v1/packages", map[string]string{"Origin": "https://couple-site.example", "X-Tenant-Key": f.a.Keys.Public}, "")
	if get.Status != 200 || get.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("public GET: %d %v", get.Status, get.Header)
	}

	adminPre := apptest.Do(t, f.h, "OPTIONS", "/v1/admin/packages", map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}, "")
	if adminPre.Header.Get("Access-Control-Allow-Origin") != "" || adminPre.Status == 204 {
		t.Errorf("admin preflight must get no CORS: %d %v", adminPre.Status, adminPre.Header)
	}
	admin := apptest.Do(t, f.h, "GET", "/v1/admin/packages", map[string]string{"Origin": "https://evil.example", "Authorization": "Bearer " + f.alpha}, "")
	if admin.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("admin GET carries CORS headers: %v", admin.Header)
	}
	login := apptest.Do(t, f.h, "POST", "/v1/admin/login", origin, `{"email":"x@y.z","password":"p"}`)
	if login.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("login carries CORS headers")
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	// The edge refuses a body declared larger than any route takes (a 10 MB
	// photo and its multipart framing) before a handler runs.
	req := httptest.NewRequest("POST", "/v1/admin/login", strings.NewReader("{}"))
	req.ContentLength = 12 << 20
	apptest.Expect(t, "declared 12 MiB", apptest.Serve(t, a.Handler(), req), 413, "PAYLOAD_TOO_LARGE")
	// Below the edge's cap a JSON route still takes only its own small body.
	big := `{"email":"` + strings.Repeat("a", 9<<20) + `"}`
	req = httptest.NewRequest("POST", "/v1/admin/login", strings.NewReader(big))
	apptest.Expect(t, "a 9 MiB login", apptest.Serve(t, a.Handler(), req), 413, "PAYLOAD_TOO_LARGE")
}

func TestPerIPRateLimit(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", apptest.Env{"MAIS_TRUSTED_PROXIES": "10.0.0.0/8"})
	h := a.Handler()
	get := func(peer string, header map[string]string) apptest.Reply {
		return doFrom(t, h, peer, "GET", "/v1/packages", header, "")
	}
	origin := map[string]string{"Origin": "https://site.example"}
	for i := range api.PublicRequestsPerMinute {
		if r := get("192.0.2.50:1", origin); r.Status == 429 {
			t.Fatalf("request %d refused", i+1)
		}
	}
	r := get("192.0.2.50:1", origin)
	apptest.Expect(t, "one over the public limit", r, 429, "TOO_MANY_REQUESTS")
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
		t.Errorf("Retry-After = %q", r.Header.Get("Retry-After"))
	}
	if r.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("a 429 to the widget must carry CORS headers so it can read Retry-After")
	}
	// A forged X-Forwarded-For from an untrusted peer changes nothing.
	apptest.Expect(t, "forged XFF", get("192.0.2.50:1", map[string]string{"X-Forwarded-For": "203.0.113.1"}), 429, "TOO_MANY_REQUESTS")
	// Another address has its own count; the health route has none.
	if r := get("192.0.2.51:1", nil); r.Status == 429 {
		t.Error("another address was refused")
	}
	if r := doFrom(t, h, "192.0.2.50:1", "GET", "/health", nil, ""); r.Status != http.StatusOK {
		t.Errorf("health: %d", r.Status)
	}

	// Behind a trusted proxy, each forwarded client counts on its own.
	for i := range api.PublicRequestsPerMinute {
		if r := get("10.1.2.3:1", map[string]string{"X-Forwarded-For": "203.0.113.7"}); r.Status == 429 {
			t.Fatalf("proxied request %d refused", i+1)
		}
	}
	apptest.Expect(t, "proxied client over the limit", get("10.1.2.3:1", map[string]string{"X-Forwarded-For": "203.0.113.7"}), 429, "TOO_MANY_REQUESTS")
	if r := get("10.1.2.3:1", map[string]string{"X-Forwarded-For": "203.0.113.8"}); r.Status == 429 {
		t.Error("another client behind the same proxy was refused")
	}
}

func TestRateLimitsCanBeTurnedOff(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", apptest.Env{"MAIS_RATE_LIMITS": "off"})
	for i := range api.PublicRequestsPerMinute + 5 {
		if r := doFrom(t, a.Handler(), "192.0.2.60:1", "GET", "/v1/packages", nil, ""); r.Status == 429 {
			t.Fatalf("request %d refused with limits off", i+1)
		}
	}
}
