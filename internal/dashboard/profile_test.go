package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The Business profile page saves the profile through tenant.Service, the
// storefront shows it at once, and a refusal comes back with its field
// marked and what was typed kept.
func TestProfilePage(t *testing.T) {
	f, br := loggedInAlpha(t, "sqlite", nil)
	page := br.get("/admin/profile")
	wantStatus(t, "profile page", page, http.StatusOK)
	if !strings.Contains(page.body, `name="businessName"`) || !strings.Contains(page.body, `aria-current="page">Business profile`) {
		t.Fatalf("profile page:\n%s", snippet(page.body))
	}
	form := url.Values{"businessName": {"Alpha Studio"}, "email": {"hello@alpha.example"}, "phone": {"+1 555 010 2030"},
		"address": {"1 Orchard Lane\r\nHudson, NY"}, "instagramHandle": {"@alpha.studio"}, "website": {"alpha.example"}}
	wantStatus(t, "save", br.submit("/admin/profile", "/admin/profile", form), http.StatusSeeOther)
	p, err := f.app.Tenants.Profile(context.Background(), f.alpha.Tenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.BusinessName != "Alpha Studio" || p.Phone != "+1 555 010 2030" || p.Address != "1 Orchard Lane\nHudson, NY" ||
		p.InstagramHandle != "alpha.studio" || p.Website != "https://alpha.example" {
		t.Errorf("saved profile: %+v", p)
	}
	contact := br.get("/t/" + f.alpha.Tenant.Slug + "/contact")
	if !strings.Contains(contact.body, "@alpha.studio") || !strings.Contains(contact.body, "1 Orchard Lane<br>Hudson, NY") {
		t.Errorf("the storefront does not show the saved profile:\n%s", snippet(contact.body))
	}

	form.Set("website", "javascript:alert(1)")
	refused := br.submit("/admin/profile", "/admin/profile", form)
	wantStatus(t, "bad website", refused, http.StatusBadRequest)
	if !strings.Contains(refused.body, "website-error") || !strings.Contains(refused.body, `value="javascript:alert(1)"`) {
		t.Errorf("the refused field is not marked or the typed value is lost:\n%s", snippet(refused.body))
	}
	if p, _ := f.app.Tenants.Profile(context.Background(), f.alpha.Tenant.ID); p.Website != "https://alpha.example" {
		t.Errorf("a refused form changed the website to %q", p.Website)
	}
}
