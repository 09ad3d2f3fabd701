package httpx_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"mais/internal/httpx"
	"mais/internal/ratelimit"
)

// customDomain is the one tenant custom domain of testMux.
const customDomain = "photos.bella.example"

// Two small rate classes, so a test reaches them in a few requests.
var (
	testPublicRate = httpx.RateClass{Name: "public", PerMinute: 2}
	testAdminRate  = httpx.RateClass{Name: "admin", PerMinute: 2}
)

// testMux registers routes as the app does (API, widget, platform pages,
// fallbacks), each answering its own name, behind the edge. limiter may
// be nil (no per-IP limits).
func testMux(limiter ratelimit.Limiter) http.Handler {
	m := httpx.NewMux(httpx.MuxConfig{Limiter: limiter, TenantSite: func(w http.ResponseWriter, r *http.Request) bool {
		if r.Host != customDomain {
			return false
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "tenant site "+r.URL.Path)
		return true
	}})
	named := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, name) })
	}
	public := httpx.Policy{Shared: true, JSON: true, CORS: true, Rate: testPublicRate}
	admin := httpx.Policy{Shared: true, JSON: true, Rate: testAdminRate}
	m.Handle("GET /v1/packages", public, named("packages"))
	m.Handle("POST /v1/bookings/checkout", public, named("checkout"))
	m.Handle("GET /v1/admin/bookings", admin, named("admin bookings"))
	m.Handle("POST /v1/admin/bookings/{id}/release", admin, named("release"))
	m.Fallback("/v1/", httpx.Policy{Shared: true, JSON: true, Rate: testPublicRate}, nil)
	m.Handle("GET /widget", httpx.Policy{Shared: true, Frameable: true}, named("widget"))
	m.Handle("GET /t/{slug}", httpx.Policy{}, named("platform site"))
	m.Fallback("/", httpx.Policy{JSON: true}, nil)
	return httpx.Edge(httpx.EdgeConfig{}, m)
}

type muxCase struct {
	name, method, host, path string
	header                   map[string]string
	wantStatus               int
	// wantBody is in the body: a route's name, or an error code.
	wantBody string
	// wantHeader: each header's value must hold the string; "" means absent.
	wantHeader map[string]string
}

func serveCase(t *testing.T, h http.Handler, c muxCase, remote string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(c.method, c.path, nil)
	if c.host != "" {
		req.Host = c.host
	}
	if remote != "" {
		req.RemoteAddr = remote
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func checkCase(t *testing.T, c muxCase, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code != c.wantStatus {
		t.Errorf("%s %s (host %q): status %d, want %d; body %q", c.method, c.path, c.host, rec.Code, c.wantStatus, rec.Body)
	}
	if !strings.Contains(rec.Body.String(), c.wantBody) {
		t.Errorf("%s %s (host %q): body %q lacks %q", c.method, c.path, c.host, rec.Body, c.wantBody)
	}
	for k, want := range c.wantHeader {
		got, present := rec.Header()[http.CanonicalHeaderKey(k)]
		switch {
		case want == "" && present:
			t.Errorf("%s %s: header %s = %q, want none", c.method, c.path, k, got)
		case want != "" && !strings.Contains(strings.Join(got, ", "), want):
			t.Errorf("%s %s: header %s = %q, want it to hold %q", c.method, c.path, k, got, want)
		}
	}
}

// TestMuxPolicies: what each declared policy does, and only where it is
// declared — CORS and its preflights, 404/405 fallbacks, sharing with
// custom domains, framing.
func TestMuxPolicies(t *testing.T) {
	h := testMux(nil)
	origin := map[string]string{"Origin": "https://bella.example"}
	preflight := map[string]string{"Origin": "https://bella.example", "Access-Control-Request-Method": "GET"}
	for _, c := range []muxCase{
		// CORS: answered on a CORS route, preflight included; never on an admin route.
		{name: "CORSGet", method: "GET", path: "/v1/packages", header: origin, wantStatus: 200, wantBody: "packages",
			wantHeader: map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "X-Request-Id"}},
		{name: "CORSPreflight", method: "OPTIONS", path: "/v1/packages", header: preflight, wantStatus: 204,
			wantHeader: map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET",
				"Access-Control-Allow-Headers": "X-Tenant-Key", "Access-Control-Max-Age": "600"}},
		{name: "CORSPreflightOfPOSTRoute", method: "OPTIONS", path: "/v1/bookings/checkout",
			header: map[string]string{"Origin": "https://bella.example", "Access-Control-Request-Method": "POST"}, wantStatus: 204,
			wantHeader: map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "POST"}},
		{name: "NoCORSWithoutOrigin", method: "GET", path: "/v1/packages", wantStatus: 200, wantBody: "packages",
			wantHeader: map[string]string{"Access-Control-Allow-Origin": ""}},
		{name: "AdminNoCORS", method: "GET", path: "/v1/admin/bookings", header: origin, wantStatus: 200, wantBody: "admin bookings",
			wantHeader: map[string]string{"Access-Control-Allow-Origin": ""}},
		{name: "AdminPreflightRefused", method: "OPTIONS", path: "/v1/admin/bookings", header: preflight, wantStatus: 405,
			wantBody: "METHOD_NOT_ALLOWED", wantHeader: map[string]string{"Access-Control-Allow-Origin": "",
				"Access-Control-Allow-Methods": "", "Allow": "GET"}},
		{name: "UnknownPathPreflightRefused", method: "OPTIONS", path: "/v1/nope", header: preflight, wantStatus: 404,
			wantBody: "NOT_FOUND", wantHeader: map[string]string{"Access-Control-Allow-Origin": ""}},

		// 405 with Allow, 404 as JSON.
		{name: "WrongMethod", method: "DELETE", path: "/v1/packages", wantStatus: 405, wantBody: "METHOD_NOT_ALLOWED",
			wantHeader: map[string]string{"Allow": "GET", "Content-Type": "application/json"}},
		{name: "WrongMethodWildcard", method: "GET", path: "/v1/admin/bookings/b-1/release", wantStatus: 405,
			wantBody: "METHOD_NOT_ALLOWED", wantHeader: map[string]string{"Allow": "POST"}},
		{name: "UnknownAPIPath", method: "GET", path: "/v1/nope", wantStatus: 404, wantBody: `"error":"NOT_FOUND"`,
			wantHeader: map[string]string{"Content-Type": "application/json", "Allow": ""}},
		{name: "UnknownPath", method: "GET", path: "/nowhere", wantStatus: 404, wantBody: `"error":"NOT_FOUND"`,
			wantHeader: map[string]string{"Content-Type": "application/json"}},

		// Shared routes answer on a custom domain; the others are the tenant's site there.
		{name: "SharedOnCustomDomain", method: "GET", host: customDomain, path: "/v1/packages", wantStatus: 200, wantBody: "packages"},
		{name: "UnknownAPIPathOnCustomDomain", method: "GET", host: customDomain, path: "/v1/nope", wantStatus: 404, wantBody: "NOT_FOUND"},
		{name: "WidgetOnCustomDomain", method: "GET", host: customDomain, path: "/widget", wantStatus: 200, wantBody: "widget"},
		{name: "PlatformPageOnCustomDomain", method: "GET", host: customDomain, path: "/t/alpha", wantStatus: 200,
			wantBody: "tenant site /t/alpha"},
		{name: "FallbackOnCustomDomain", method: "GET", host: customDomain, path: "/about", wantStatus: 200, wantBody: "tenant site /about"},
		{name: "PlatformPageOnPlatformHost", method: "GET", path: "/t/alpha", wantStatus: 200, wantBody: "platform site"},

		// Framing: the widget only.
		{name: "WidgetFrameable", method: "GET", path: "/widget", wantStatus: 200, wantBody: "widget",
			wantHeader: map[string]string{"X-Frame-Options": "", "Content-Security-Policy": "frame-ancestors *"}},
		{name: "PageNotFrameable", method: "GET", path: "/t/alpha", wantStatus: 200,
			wantHeader: map[string]string{"X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'"}},
		{name: "APINotFrameable", method: "GET", path: "/v1/packages", wantStatus: 200,
			wantHeader: map[string]string{"X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'"}},
		{name: "TenantSiteNotFrameable", method: "GET", host: customDomain, path: "/t/alpha", wantStatus: 200,
			wantHeader: map[string]string{"X-Frame-Options": "DENY"}},
	} {
		t.Run(c.name, func(t *testing.T) { checkCase(t, c, serveCase(t, h, c, "")) })
	}
}

// TestMuxRateClasses: a route counts against its own class, shared by
// every route of the class and counted per client address; preflights and
// routes without a class are never counted; the 429 is the JSON envelope
// with Retry-After.
func TestMuxRateClasses(t *testing.T) {
	h := testMux(ratelimit.NewMemory(nil))
	const alice, bob = "198.51.100.7:4000", "203.0.113.9:4000"
	steps := []struct {
		remote string
		c      muxCase
	}{
		{alice, muxCase{method: "GET", path: "/v1/packages", wantStatus: 200, wantBody: "packages"}},
		{alice, muxCase{method: "POST", path: "/v1/bookings/checkout", wantStatus: 200, wantBody: "checkout"}},
		// The third public request of alice, on any public route (or an unknown /v1 path), is refused.
		{alice, muxCase{method: "GET", path: "/v1/packages", wantStatus: 429, wantBody: `"error":"TOO_MANY_REQUESTS"`,
			wantHeader: map[string]string{"Content-Type": "application/json"}}},
		{alice, muxCase{method: "GET", path: "/v1/nope", wantStatus: 429, wantBody: "TOO_MANY_REQUESTS"}},
		// ... but not her preflights, her admin requests, nor the widget.
		{alice, muxCase{method: "OPTIONS", path: "/v1/packages", wantStatus: 204,
			header: map[string]string{"Origin": "https://bella.example", "Access-Control-Request-Method": "GET"}}},
		{alice, muxCase{method: "GET", path: "/v1/admin/bookings", wantStatus: 200, wantBody: "admin bookings"}},
		{alice, muxCase{method: "POST", path: "/v1/admin/bookings/b-1/release", wantStatus: 200, wantBody: "release"}},
		{alice, muxCase{method: "GET", path: "/v1/admin/bookings", wantStatus: 429, wantBody: "TOO_MANY_REQUESTS"}},
		{alice, muxCase{method: "GET", path: "/widget", wantStatus: 200, wantBody: "widget"}},
		{alice, muxCase{method: "GET", path: "/widget", wantStatus: 200, wantBody: "widget"}},
		{alice, muxCase{method: "GET", path: "/widget", wantStatus: 200, wantBody: "widget"}},
		// Bob has counts of his own.
		{bob, muxCase{method: "GET", path: "/v1/packages", wantStatus: 200, wantBody: "packages"}},
		{bob, muxCase{method: "GET", path: "/v1/admin/bookings", wantStatus: 200, wantBody: "admin bookings"}},
	}
	for i, s := range steps {
		rec := serveCase(t, h, s.c, s.remote)
		checkCase(t, s.c, rec)
		if rec.Code == http.StatusTooManyRequests {
			if rec.Header().Get("Retry-After") == "" {
				t.Errorf("step %d: 429 without Retry-After", i)
			}
			var body httpx.ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.RequestID == "" {
				t.Errorf("step %d: 429 body %q is not the envelope with a request id", i, rec.Body)
			}
		}
	}
}
