package httpx_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"mais/internal/httpx"
)

// TestKeepTenant: a surface keeps its request's tenant in the edge's own
// context; each request sees only its own, and outside the edge nothing
// is kept (the caller then carries the tenant itself).
func TestKeepTenant(t *testing.T) {
	if httpx.KeepTenant(context.Background(), "t1", "alpha") {
		t.Fatal("KeepTenant outside the edge reported true")
	}
	if v := httpx.TenantValue(context.Background()); v != nil {
		t.Fatalf("TenantValue outside the edge = %v", v)
	}
	m := httpx.NewMux(httpx.MuxConfig{})
	m.Handle("GET /t/{slug}", httpx.Policy{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v := httpx.TenantValue(r.Context()); v != nil {
			t.Errorf("a new request starts with tenant %v", v)
		}
		slug := r.PathValue("slug")
		if !httpx.KeepTenant(r.Context(), "id-"+slug, slug) {
			t.Error("KeepTenant inside the edge reported false")
		}
		got, _ := httpx.TenantValue(r.Context()).(string)
		w.Write([]byte(got))
	}))
	h := httpx.Edge(httpx.EdgeConfig{}, m)
	for _, slug := range []string{"alpha", "bravo"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/t/"+slug, nil))
		if rec.Body.String() != slug {
			t.Errorf("request for %s saw tenant %q", slug, rec.Body.String())
		}
	}
}
