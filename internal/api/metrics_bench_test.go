package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"mais/internal/app/apptest"
)

// BenchmarkListPackagesMetrics is BenchmarkListPackages with the metrics
// route observer on (the default) and off (MAIS_METRICS=off): the
// difference is what request counting and the latency histogram cost a
// cached public read. Compare with
//
//	go test ./internal/api/ -run '^$' -bench 'ListPackagesMetrics' -benchmem -count 10 | tee m.txt
//	benchstat -col /metrics m.txt
func BenchmarkListPackagesMetrics(b *testing.B) {
	for _, mode := range []string{"on", "off"} {
		b.Run("metrics="+mode, func(b *testing.B) {
			a := apptest.New(b, "sqlite", apptest.Env{"MAIS_RATE_LIMITS": "off", "MAIS_METRICS": mode})
			f := newFixture(b, a)
			h := a.Handler()
			newReq := func() *http.Request {
				req := httptest.NewRequest("GET", "/v1/packages", nil)
				req.Header.Set("X-Tenant-Key", f.a.Keys.Public)
				return req
			}
			warm := httptest.NewRecorder()
			h.ServeHTTP(warm, newReq())
			if warm.Code != 200 {
				b.Fatalf("warm-up: %d %s", warm.Code, warm.Body)
			}
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				req := newReq() // one per goroutine: the edge may edit headers
				for pb.Next() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != 200 {
						b.Errorf("status %d", rec.Code)
						return
					}
				}
			})
		})
	}
}
