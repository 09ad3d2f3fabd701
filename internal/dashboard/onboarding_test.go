package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/app/apptest"
	"mais/internal/tenant"
)

// TestSignupPages: the /signup form creates the business and logs it in
// (overview with the checklist, nothing ticked); a taken e-mail shows the
// form again (409) with the field marked and what was typed kept; bad
// fields are 400 with each marked; a logged-in admin is sent to /admin;
// closed sign-up is 404. The Payments page and the simulated onboarding
// act on the session's tenant only.
func TestSignupPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", apptest.Env{"MAIS_SIGNUP": "open"})
	h := f.app.Handler()

	b := newBrowser(t, h)
	wantStatus(t, "form", b.get("/signup"), http.StatusOK)
	if page := b.get("/signup"); !strings.Contains(page.body, `name="timeZone"`) {
		t.Error("the sign-up form does not carry the browser's time zone")
	}
	// The browser's zone (admin.js fills the hidden field) is the tenant's.
	form := url.Values{"businessName": {"Golden Hour Films"}, "email": {"hi@goldenhour.example"}, "password": {"long-enough-pw"},
		"timeZone": {"Europe/Lisbon"}}
	p := b.submit("/signup", "/signup", form)
	wantStatus(t, "sign up", p, http.StatusSeeOther)
	if tn, err := f.app.Store.TenantBySlug(context.Background(), "golden-hour-films"); err != nil || tn.TimeZone != "Europe/Lisbon" {
		t.Errorf("signed-up tenant's zone: %q %v", tn.TimeZone, err)
	}
	// A zone the server does not know is dropped, not refused: nobody saw the field.
	odd := newBrowser(t, h).submit("/signup", "/signup", url.Values{"businessName": {"Odd Zone"}, "email": {"odd@zone.example"},
		"password": {"long-enough-pw"}, "timeZone": {"Mars/Olympus_Mons"}})
	wantStatus(t, "odd zone", odd, http.StatusSeeOther)
	if tn, err := f.app.Store.TenantBySlug(context.Background(), "odd-zone"); err != nil || tn.TimeZone != tenant.DefaultTimeZone {
		t.Errorf("odd zone: %q %v", tn.TimeZone, err)
	}
	over := b.follow(p)
	wantStatus(t, "overview", over, http.StatusOK)
	for _, want := range []string{"Golden Hour Films", "Get ready to take bookings", "0 of 5 done", `href="/admin/packages/new"`, `href="/admin/stripe"`} {
		if !strings.Contains(over.body, want) {
			t.Errorf("overview after sign-up lacks %q", want)
		}
	}
	if p := b.get("/signup"); p.status != http.StatusSeeOther || p.header.Get("Location") != "/admin" {
		t.Errorf("signed-in /signup: %d %s", p.status, p.header.Get("Location"))
	}

	anon := newBrowser(t, h)
	taken := anon.submit("/signup", "/signup", url.Values{"businessName": {"Other"}, "email": {f.alpha.AdminEmail}, "password": {"long-enough-pw"}})
	wantStatus(t, "taken e-mail", taken, http.StatusConflict)
	if !strings.Contains(taken.body, `id="f-email"`) || !strings.Contains(taken.body, "already has an account") || !strings.Contains(taken.body, `value="Other"`) {
		t.Errorf("taken e-mail form: %s", snippet(taken.body))
	}
	bad := anon.submit("/signup", "/signup", url.Values{"businessName": {""}, "email": {"nope"}, "password": {"short"}})
	wantStatus(t, "bad fields", bad, http.StatusBadRequest)
	if n := strings.Count(bad.body, `aria-invalid="true"`); n != 3 {
		t.Errorf("%d fields marked, want 3", n)
	}

	// Payments: alpha connects (mock), finishes the simulation; bravo's
	// page still says not connected.
	ab := newBrowser(t, h)
	ab.login(f.alpha.AdminEmail, password)
	wantStatus(t, "payments", ab.get("/admin/stripe"), http.StatusOK)
	p = ab.submit("/admin/stripe", "/admin/stripe/connect", nil)
	wantStatus(t, "connect", p, http.StatusSeeOther)
	if loc := p.header.Get("Location"); !strings.Contains(loc, "/admin/stripe/mock-onboarding?account=acct_mock") {
		t.Fatalf("connect went to %q", loc)
	}
	wantStatus(t, "simulation", ab.follow(p), http.StatusOK)
	p = ab.submit("/admin/stripe/mock-onboarding", "/admin/stripe/mock-onboarding", nil)
	wantStatus(t, "finish", p, http.StatusSeeOther)
	if ready := ab.follow(p); !strings.Contains(ready.body, "Ready to take payments") {
		t.Errorf("after the simulation: %s", snippet(ready.body))
	}
	bb := newBrowser(t, h)
	bb.login(f.bravo.AdminEmail, password)
	if page := bb.get("/admin/stripe"); !strings.Contains(page.body, "Not connected") {
		t.Errorf("bravo's payments page: %s", snippet(page.body))
	}
	if p := bb.get("/admin/stripe/mock-onboarding"); p.status != http.StatusSeeOther {
		t.Errorf("bravo's simulation without an account: %d", p.status)
	}
	if p := bb.get("/admin/stripe/refresh"); p.status != http.StatusSeeOther || p.header.Get("Location") != "/admin/stripe" {
		t.Errorf("refresh without an account: %d %s", p.status, p.header.Get("Location"))
	}

	if login := newBrowser(t, h).get("/admin/login"); !strings.Contains(login.body, `href="/signup"`) {
		t.Error("the login page does not offer sign-up while it is open")
	}
	closed := newFixture(t, "sqlite", nil)
	cb := newBrowser(t, closed.app.Handler())
	wantStatus(t, "closed", cb.get("/signup"), http.StatusNotFound)
	if login := cb.get("/admin/login"); strings.Contains(login.body, `href="/signup"`) {
		t.Error("the login page offers sign-up while it is closed")
	}
}
