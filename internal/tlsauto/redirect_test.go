package tlsauto_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/caddyserver/certmagic"

	"mais/internal/tlsauto"
)

// TestHTTPToHTTPS: with MAIS_TLS=auto a request on the HTTP port for a
// tenant's domain is sent to the same host, path and query over HTTPS
// with 308 (the HTTPS port named unless it is 443); ACME challenges,
// /health and the platform's own hosts are answered on HTTP. No
// certificate is involved, so no CA is started.
func TestHTTPToHTTPS(t *testing.T) {
	custom := func(_ context.Context, host string) (bool, error) { return host == "www.alpha-photos.com", nil }
	for _, tc := range []struct {
		port int
		want string
	}{{443, "https://www.alpha-photos.com"}, {8443, "https://www.alpha-photos.com:8443"}} {
		m, err := tlsauto.New(tlsauto.Config{CA: "https://ca.invalid/directory", HTTPPort: 80, HTTPSPort: tc.port,
			Storage: &certmagic.FileStorage{Path: t.TempDir()}, Allowed: func(context.Context, string) error { return nil },
			Custom: custom})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(m.Stop)
		h := m.HTTPHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "app") }))
		do := func(method, host, target string) *httptest.ResponseRecorder {
			r := httptest.NewRequest(method, target, strings.NewReader("x=1"))
			r.Host = host
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			return w
		}
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			w := do(method, "WWW.Alpha-Photos.com:8080", "/services/classic?a=1&b=two")
			if got := w.Header().Get("Location"); w.Code != http.StatusPermanentRedirect || got != tc.want+"/services/classic?a=1&b=two" {
				t.Errorf("port %d %s: %d %q; want 308 to %s/services/classic?a=1&b=two", tc.port, method, w.Code, got, tc.want)
			}
		}
		if w := do(http.MethodGet, "www.alpha-photos.com", "/"); w.Header().Get("Location") != tc.want+"/" {
			t.Errorf("port %d root: %d %q", tc.port, w.Code, w.Header().Get("Location"))
		}
		for _, c := range []struct{ host, path string }{
			{"www.alpha-photos.com", "/.well-known/acme-challenge/some-token"},
			{"www.alpha-photos.com", "/health"},
			{"www.alpha-photos.com", "/health/ready"},
			{"mais.test", "/admin/login"},
			{"127.0.0.1:8080", "/"},
		} {
			if w := do(http.MethodGet, c.host, c.path); w.Code == http.StatusPermanentRedirect {
				t.Errorf("port %d %s%s was redirected to %q", tc.port, c.host, c.path, w.Header().Get("Location"))
			}
		}
	}
}
