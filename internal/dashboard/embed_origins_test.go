package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestEmbedOrigins: the widget page sets the origins allowed to call the
// public API from a browser; a bad one comes back at the field, and an
// empty list allows any origin again.
func TestEmbedOrigins(t *testing.T) {
	t.Parallel()
	f, b := loggedInAlpha(t, "sqlite", nil)
	a := f.app

	p := b.post("/admin/embed/origins", url.Values{"corsOrigins": {"https://www.alpha.example\nhttps://www.alpha.example/book"}})
	wantStatus(t, "bad origin", p, http.StatusBadRequest)
	if !strings.Contains(p.body, `id="f-corsOrigins-error"`) || !strings.Contains(p.body, "https://www.alpha.example/book") {
		t.Errorf("bad origin not shown at the field:\n%s", snippet(p.body))
	}
	p = b.post("/admin/embed/origins", url.Values{"corsOrigins": {"https://www.alpha.example\r\n\r\nhttp://localhost:8080"}})
	wantStatus(t, "save", p, http.StatusSeeOther)
	tn, err := a.Tenants.ByID(t.Context(), f.alpha.Tenant.ID)
	if err != nil || strings.Join(tn.CORSOrigins, " ") != "https://www.alpha.example http://localhost:8080" {
		t.Fatalf("stored origins %v %v", tn.CORSOrigins, err)
	}
	if page := b.get("/admin/embed"); !strings.Contains(page.body, "https://www.alpha.example\nhttp://localhost:8080</textarea>") {
		t.Errorf("embed page does not show the saved origins")
	}
	wantStatus(t, "clear", b.post("/admin/embed/origins", url.Values{"corsOrigins": {""}}), http.StatusSeeOther)
	if tn, _ := a.Tenants.ByID(t.Context(), f.alpha.Tenant.ID); len(tn.CORSOrigins) != 0 {
		t.Errorf("origins after clearing: %v", tn.CORSOrigins)
	}
}
