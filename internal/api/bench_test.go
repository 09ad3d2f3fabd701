package api_test

import (
	"net/http/httptest"
	"testing"

	"mais/internal/app/apptest"
)

// BenchmarkReads measures the read routes maisload compares with a bare
// server, through the whole handler stack (request id, recovery, logging,
// routing, tenant resolution, cache) on the embedded store with a warm
// cache. allocs/op is the figure to watch: it does not depend on how busy
// the machine is.
func BenchmarkReads(b *testing.B) {
	a := apptest.New(b, "sqlite", apptest.Env{"MAIS_RATE_LIMITS": "off"})
	f := newFixture(b, a)
	h := a.Handler()
	key := f.a.Keys.Public
	for _, rt := range []struct{ name, path, key string }{
		{"Health", "/health", ""},
		{"ListPackages", "/v1/packages", key},
		{"Availability", "/v1/availability?date=2027-06-12", key},
	} {
		b.Run(rt.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", rt.path, nil)
			if rt.key != "" {
				req.Header.Set("X-Tenant-Key", rt.key)
			}
			warm := httptest.NewRecorder()
			h.ServeHTTP(warm, req)
			if warm.Code != 200 {
				b.Fatalf("warm-up: %d %s", warm.Code, warm.Body)
			}
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}
