package api_test

import (
	"fmt"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
)

// TestSignupAnswer: the sign-up answer carries the login's fields plus the
// new business's slug and the absolute URLs of its storefront and
// dashboard, on both stores.
func TestSignupAnswer(t *testing.T) {
	t.Parallel()
	apptest.Each(t, signupOpen, func(t *testing.T, a *app.App) {
		r := signupFrom(t, a, "198.51.100.20", signupBody("Bröllop Foto", "hej@brollop.example"))
		apptest.Expect(t, "sign up", r, 201, "")
		var got struct{ Token, Role, TenantID, ExpiresAt, Slug, StorefrontURL, DashboardURL string }
		r.JSON(t, &got)
		base := a.Config.PublicBaseURL
		if got.Token == "" || got.Role != "TENANT_ADMIN" || got.TenantID == "" || got.ExpiresAt == "" {
			t.Errorf("the session fields are gone: %s", r.Body)
		}
		if got.Slug != "brollop-foto" || got.StorefrontURL != base+"/t/brollop-foto" || got.DashboardURL != base+"/admin" {
			t.Errorf("slug and URLs: %s (base %s)", r.Body, base)
		}
		if tn, err := a.Store.TenantByID(t.Context(), got.TenantID); err != nil || tn.Slug != got.Slug {
			t.Errorf("the answer's slug %q is not the tenant's (%+v, %v)", got.Slug, tn.Slug, err)
		}
	})
}

// TestSignupLimitCountsValidAttempts: sign-ups refused by the field checks
// (bad e-mail, short password, no name) do not count against the per-IP
// limit, so ten typos leave all ten sign-ups; a taken e-mail does count,
// since its 409 says an account exists (see onboarding.MaxSignupsPerIP).
func TestSignupLimitCountsValidAttempts(t *testing.T) {
	t.Parallel()
	apptest.Each(t, signupOpen, func(t *testing.T, a *app.App) {
		ip := "198.51.100.30"
		for i := range 12 {
			for _, body := range []string{
				`{"businessName":"A","email":"not-an-address","password":"long-enough-pw"}`,
				`{"businessName":"A","email":"a@b.example","password":"short"}`,
				`{"businessName":" ","email":"a@b.example","password":"long-enough-pw"}`,
			} {
				apptest.Expect(t, fmt.Sprint("bad ", i, " ", body), signupFrom(t, a, ip, body), 400, "VALIDATION_ERROR")
			}
		}
		apptest.Expect(t, "first real sign-up", signupFrom(t, a, ip, signupBody("Studio 1", "s1@count.example")), 201, "")
		for i := 2; i <= 5; i++ { // taken: counted
			apptest.Expect(t, fmt.Sprint("taken ", i), signupFrom(t, a, ip, signupBody("Studio X", "s1@count.example")), 409, "CONFLICT")
		}
		for i := 6; i <= 10; i++ {
			apptest.Expect(t, fmt.Sprint("sign-up ", i), signupFrom(t, a, ip, signupBody(fmt.Sprint("Studio ", i), fmt.Sprintf("s%d@count.example", i))), 201, "")
		}
		apptest.Expect(t, "11th counted", signupFrom(t, a, ip, signupBody("Studio 11", "s11@count.example")), 429, "TOO_MANY_REQUESTS")
	})
}
