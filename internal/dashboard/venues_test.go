package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestVenuesPage: a tenant admin adds venues on the dashboard (a bad
// capacity or a name in use comes back at the field), sees them listed,
// and removes one; another tenant's venue cannot be removed.
func TestVenuesPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	b := newBrowser(t, f.app.Handler())
	b.login(f.alpha.AdminEmail, password)

	wantStatus(t, "add", b.post("/admin/venues", url.Values{"name": {"Orchard Barn"}, "address": {"12 Mill Lane"}, "capacity": {"150"}}), http.StatusSeeOther)
	page := b.get("/admin/venues")
	if !strings.Contains(page.body, "<strong>Orchard Barn</strong>") || !strings.Contains(page.body, "150 guests") {
		t.Errorf("venue not listed:\n%s", snippet(page.body))
	}
	p := b.post("/admin/venues", url.Values{"name": {"Lakeside"}, "capacity": {"lots"}})
	wantStatus(t, "bad capacity", p, http.StatusBadRequest)
	if !strings.Contains(p.body, `id="f-capacity-error"`) || !strings.Contains(p.body, `value="Lakeside"`) {
		t.Errorf("bad capacity not at the field:\n%s", snippet(p.body))
	}
	wantStatus(t, "same name", b.post("/admin/venues", url.Values{"name": {"Orchard Barn"}}), http.StatusConflict)

	list, err := f.app.Catalog.Venues(t.Context(), f.alpha.Tenant.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("venues %v %v", list, err)
	}
	other := newBrowser(t, f.app.Handler())
	other.login(f.bravo.AdminEmail, password)
	wantStatus(t, "bravo removes alpha's", other.post("/admin/venues/"+list[0].ID+"/delete", nil), http.StatusNotFound)
	wantStatus(t, "remove", b.post("/admin/venues/"+list[0].ID+"/delete", nil), http.StatusSeeOther)
	if page := b.get("/admin/venues"); !strings.Contains(page.body, "No venues yet.") {
		t.Error("removed venue still listed")
	}
}
