package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"mais/internal/httpx"
)

func TestStrictTransport(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	for base, want := range map[string]string{
		"https://mais.example": "max-age=31536000", "HTTPS://MAIS.EXAMPLE": "max-age=31536000",
		"http://localhost:8080": "", "": "",
	} {
		rec := httptest.NewRecorder()
		edgeFor(httpx.EdgeConfig{PublicBaseURL: base}, "/x", httpx.Policy{}, ok).ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
		if got := rec.Header().Get("Strict-Transport-Security"); got != want {
			t.Errorf("base %q: Strict-Transport-Security %q, want %q", base, got, want)
		}
	}
}

func TestTrustForwarded(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	tests := []struct {
		name, peer           string
		proto, host          []string
		wantProto, wantHost  string
		wantForwardedHostHdr bool
	}{
		{"UntrustedPeer", "203.0.113.1:1", []string{"https"}, []string{"evil.example"}, "", "site.example", false},
		{"TrustedPeer", "10.1.1.1:1", []string{"HTTPS"}, []string{"shop.example"}, "https", "shop.example", true},
		{"TrustedAppendingProxy", "10.1.1.1:1", []string{"http, https"}, []string{"evil.example, shop.example"}, "https", "shop.example", true},
		{"TrustedSeveralLines", "10.1.1.1:1", []string{"http", "https"}, []string{"evil.example", "shop.example:8443"}, "https", "shop.example:8443", true},
		{"TrustedGarbageHost", "10.1.1.1:1", nil, []string{"bad host/../x"}, "", "site.example", true},
		{"TrustedNoHeaders", "10.1.1.1:1", nil, nil, "", "site.example", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotProto, gotHost string
			var sawHostHdr bool
			h := edgeFor(httpx.EdgeConfig{TrustedProxies: proxies}, "/robots.txt", httpx.Policy{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotProto, gotHost = r.Header.Get("X-Forwarded-Proto"), r.Host
				sawHostHdr = r.Header.Get("X-Forwarded-Host") != ""
			}))
			req := httptest.NewRequest("GET", "http://site.example/robots.txt", nil)
			req.RemoteAddr = tt.peer
			req.Header.Set("Forwarded", "proto=https;host=evil.example")
			for _, v := range tt.proto {
				req.Header.Add("X-Forwarded-Proto", v)
			}
			for _, v := range tt.host {
				req.Header.Add("X-Forwarded-Host", v)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			if gotProto != tt.wantProto || gotHost != tt.wantHost || sawHostHdr != tt.wantForwardedHostHdr {
				t.Errorf("proto %q host %q (X-Forwarded-Host kept: %v), want %q %q (%v)",
					gotProto, gotHost, sawHostHdr, tt.wantProto, tt.wantHost, tt.wantForwardedHostHdr)
			}
		})
	}
}

// edgeFor is the Edge in front of a Mux with h as its one route (every
// method) under p, and the JSON fallback for everything else.
func edgeFor(cfg httpx.EdgeConfig, path string, p httpx.Policy, h http.Handler) http.Handler {
	m := httpx.NewMux(httpx.MuxConfig{})
	m.Handle(path, p, h)
	m.Fallback("/", httpx.Policy{JSON: true}, nil)
	return httpx.Edge(cfg, m)
}
