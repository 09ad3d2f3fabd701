package api_test

import (
	"net/http/httptest"
	"testing"

	"mais/internal/app/apptest"
)

// BenchmarkListPackages measures GET /v1/packages through the whole handler
// stack (request id, recovery, logging, routing, tenant resolution, cache)
// on the embedded store with a warm cache.
func BenchmarkListPackages(b *testing.B) {
	a := apptest.New(b, "sqlite", apptest.Env{"MAIS_RATE_LIMITS": "off"})
	f := newFixture(b, a)
	h := a.Handler()
	req := httptest.NewRequest("GET", "/v1/packages", nil)
	req.Header.Set("X-Tenant-Key", f.a.Keys.Public)
	warm := httptest.NewRecorder()
	h.ServeHTTP(warm, req)
	if warm.Code != 200 {
		b.Fatalf("warm-up: %d %s", warm.Code, warm.Body)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkHealth measures GET /health through the whole handler stack: the
// cost of the web edge itself.
func BenchmarkHealth(b *testing.B) {
	a := apptest.New(b, "sqlite", apptest.Env{"MAIS_RATE_LIMITS": "off"})
	h := a.Handler()
	req := httptest.NewRequest("GET", "/health", nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
