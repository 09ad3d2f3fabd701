package httpx_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"mais/internal/httpx"
)

func TestSecurityHeadersByKind(t *testing.T) {
	page := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><p>hi")
	}
	tests := []struct {
		name, path   string
		handler      http.HandlerFunc
		wantCSP      []string
		forbidCSP    []string
		wantFrameOpt string
	}{
		{"Page", "/t/alpha", page,
			[]string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"},
			[]string{"script-src 'self' 'unsafe-inline'", "'unsafe-eval'", "frame-ancestors *"}, "DENY"},
		{"Widget", "/widget", page, []string{"frame-ancestors *", "script-src 'self';"}, []string{"frame-ancestors 'none'"}, ""},
		{"WidgetAsset", "/widget/app.js", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/javascript")
			io.WriteString(w, "1")
		}, []string{"frame-ancestors *"}, nil, ""},
		{"JSON", "/v1/packages", func(w http.ResponseWriter, r *http.Request) { httpx.WriteJSON(w, 200, map[string]int{}) },
			[]string{"default-src 'none'", "frame-ancestors 'none'"}, nil, "DENY"},
		{"HandlerCSPKept", "/checkout/mock/x", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", "default-src 'self'; form-action 'self'")
			page(w, r)
		}, []string{"default-src 'self'; form-action 'self'"}, []string{"frame-ancestors"}, "DENY"},
		{"HandlerFramingKept", "/t/alpha", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'self'")
			w.Header().Set("X-Frame-Options", "SAMEORIGIN")
			page(w, r)
		}, []string{"frame-ancestors 'self'"}, []string{"frame-ancestors 'none'"}, "SAMEORIGIN"},
		{"ImplicitWriteHeader", "/x", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("plain")) },
			[]string{"default-src 'none'"}, nil, "DENY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			frameable := tt.path == "/widget" || strings.HasPrefix(tt.path, "/widget/")
			edgeFor(httpx.EdgeConfig{}, tt.path, httpx.Policy{Frameable: frameable}, tt.handler).ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
			h := rec.Header()
			csp := h.Get("Content-Security-Policy")
			for _, want := range tt.wantCSP {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			for _, bad := range tt.forbidCSP {
				if strings.Contains(csp, bad) {
					t.Errorf("CSP %q has %q", csp, bad)
				}
			}
			if got := h.Get("X-Frame-Options"); got != tt.wantFrameOpt {
				t.Errorf("X-Frame-Options = %q, want %q", got, tt.wantFrameOpt)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
				t.Errorf("missing nosniff or Referrer-Policy: %v", h)
			}
		})
	}
}

func TestLimitBody(t *testing.T) {
	var readErr error
	h := edgeFor(httpx.EdgeConfig{MaxBody: 10}, "/x", httpx.Policy{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, readErr = io.ReadAll(r.Body)
	}))

	req := httptest.NewRequest("POST", "/x", strings.NewReader("0123456789"))
	h.ServeHTTP(httptest.NewRecorder(), req)
	if readErr != nil {
		t.Errorf("a body at the limit: %v", readErr)
	}

	req = httptest.NewRequest("POST", "/x", strings.NewReader("0123456789A"))
	req.ContentLength = -1 // chunked: only reading finds out
	h.ServeHTTP(httptest.NewRecorder(), req)
	var tooBig *http.MaxBytesError
	if !errors.As(readErr, &tooBig) {
		t.Errorf("a chunked body past the limit read without error: %v", readErr)
	}

	readErr = nil
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/x", strings.NewReader("0123456789A")))
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "PAYLOAD_TOO_LARGE") {
		t.Errorf("declared length past the limit: %d %s", rec.Code, rec.Body)
	}
}
