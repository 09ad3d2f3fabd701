package dashboard_test

import (
	"strings"
	"testing"

	"mais/internal/tenant"
)

// TestOverviewSiteLink: the overview's "Your site" link is the /t/{slug}
// address while the business has no verified domain (a domain added but
// not verified serves nothing), and its domain once one is verified.
func TestOverviewSiteLink(t *testing.T) {
	t.Parallel()
	eachKind(t, func(t *testing.T, kind string) {
		f, b := loggedInAlpha(t, kind, nil)
		ctx := t.Context()
		link := func() string {
			t.Helper()
			p := b.get("/admin")
			i := strings.Index(p.body, "data-site-link>")
			if i < 0 {
				t.Fatalf("no site link on the overview:\n%s", snippet(p.body))
			}
			return p.body[i+len("data-site-link>") : i+strings.Index(p.body[i:], "</a>")]
		}
		if got, want := link(), "http://mais.test/t/alpha"; got != want {
			t.Errorf("without a domain: %q, want %q", got, want)
		}
		if _, err := f.app.Domains.Add(ctx, f.alpha.Tenant.ID, "photos-alpha.com"); err != nil {
			t.Fatal(err)
		}
		if got, want := link(), "http://mais.test/t/alpha"; got != want {
			t.Errorf("with an unverified domain: %q, want %q", got, want)
		}
		// A domain the platform admin sets counts as verified.
		domain := "alpha-studio.com"
		if _, err := f.app.Tenants.Update(ctx, f.alpha.Tenant.ID, tenant.Update{CustomDomain: &domain}); err != nil {
			t.Fatal(err)
		}
		if got, want := link(), "http://alpha-studio.com/"; got != want {
			t.Errorf("with a verified domain: %q, want %q", got, want)
		}
	})
}
