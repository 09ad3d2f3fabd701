package storefront_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkHomePage measures the handler time of a tenant's home page,
// served from the page cache and rendered from scratch (published
// configuration read from the store, template executed, gzip computed).
func BenchmarkHomePage(b *testing.B) {
	e := newEnv(b)
	req := httptest.NewRequest(http.MethodGet, "/t/willow", nil)
	req.Host = "mais.test"
	req.Header.Set("Accept-Encoding", "gzip")
	serve := func() {
		w := httptest.NewRecorder()
		e.srv.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
	b.Run("cached", func(b *testing.B) {
		serve()
		b.ReportAllocs()
		for b.Loop() {
			serve()
		}
	})
	b.Run("render", func(b *testing.B) {
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			e.cache.InvalidateTenant(ctx, e.tenant.ID)
			serve()
		}
	})
}
