package api_test

import (
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

// TestChecklist: a new business's checklist starts with nothing done and
// ticks each step from the tenant's real state as it is done — profile,
// first package, Stripe able to charge, a site version of its own
// published, a custom domain — and another tenant's progress never ticks
// its steps.
func TestChecklist(t *testing.T) {
	t.Parallel()
	apptest.Each(t, signupOpen, func(t *testing.T, a *app.App) {
		ctx := t.Context()
		h := a.Handler()
		r := signupFrom(t, a, "198.51.100.20", signupBody("Juniper Films", "hello@juniper.example"))
		apptest.Expect(t, "sign up", r, 201, "")
		var sess struct{ Token, TenantID string }
		r.JSON(t, &sess)
		auth := apptest.Bearer(sess.Token)
		other := apptest.NewTenant(t, a, "other") // a package, a connected account below: not juniper's
		if _, err := a.Onboarding.ConnectStripe(ctx, other.Tenant); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Onboarding.CompleteMockOnboarding(ctx, other.Tenant.ID); err != nil {
			t.Fatal(err)
		}

		done := func() map[string]bool {
			t.Helper()
			tn, err := a.Tenants.ByID(ctx, sess.TenantID)
			if err != nil {
				t.Fatal(err)
			}
			c, err := a.Onboarding.Checklist(ctx, tn)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]bool{}
			for _, s := range c.Steps {
				if s.Done {
					out[s.Key] = true
				}
			}
			if len(out) != c.Done || len(c.Steps) != 5 {
				t.Errorf("checklist %+v", c)
			}
			return out
		}
		want := map[string]bool{}
		check := func(step string) {
			t.Helper()
			if step != "" {
				want[step] = true
			}
			if got := done(); len(got) != len(want) || !containsAll(got, want) {
				t.Errorf("after %q: done %v, want %v", step, got, want)
			}
		}
		check("")

		apptest.Expect(t, "profile", apptest.Do(t, h, "PATCH", "/v1/admin/profile", auth, `{"phone":"+1 555 0100"}`), 200, "")
		check("profile")
		apptest.Expect(t, "package", apptest.Do(t, h, "POST", "/v1/admin/packages", auth,
			`{"slug":"elopement","name":"Elopement","description":"Two hours","basePriceCents":150000}`), 201, "")
		check("package")
		apptest.Expect(t, "connect", apptest.Do(t, h, "POST", "/v1/admin/stripe/connect", auth, ""), 200, "")
		check("")
		if _, err := a.Onboarding.CompleteMockOnboarding(ctx, sess.TenantID); err != nil {
			t.Fatal(err)
		}
		check("stripe")
		v, err := a.SiteConfig.CreateDraft(ctx, sess.TenantID, siteconfig.Canonical(siteconfig.Default("Juniper Films")), "mine")
		if err != nil {
			t.Fatal(err)
		}
		check("")
		if _, err := a.SiteConfig.Publish(ctx, sess.TenantID, v.ID); err != nil {
			t.Fatal(err)
		}
		check("publish")
		d := "photos.juniper-films.com"
		if _, err := a.Tenants.Update(ctx, sess.TenantID, tenant.Update{CustomDomain: &d}); err != nil {
			t.Fatal(err)
		}
		check("domain")
		if strings.Contains(string(apptest.Do(t, h, "GET", "/v1/admin/stripe/status", auth, "").Body), `"chargesEnabled":false`) {
			t.Error("stripe status disagrees with the checklist")
		}
	})
}

func containsAll(got, want map[string]bool) bool {
	for k := range want {
		if !got[k] {
			return false
		}
	}
	return true
}
