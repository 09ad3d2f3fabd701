package dashboard_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/app/apptest"
	"mais/internal/testclock"
)

func TestLoginRequired(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	b := newBrowser(t, f.app.Handler())
	tests := []struct {
		method, path, location string
	}{
		{"GET", "/admin", "/admin/login?next=%2Fadmin"},
		{"GET", "/admin/bookings?from=2026-01-01", "/admin/login?next=%2Fadmin%2Fbookings%3Ffrom%3D2026-01-01"},
		{"GET", "/admin/platform", "/admin/login?next=%2Fadmin%2Fplatform"},
		{"POST", "/admin/blackouts", "/admin/login"},
	}
	for _, tt := range tests {
		var p answer
		if tt.method == "GET" {
			p = b.get(tt.path)
		} else {
			p = b.post(tt.path, url.Values{"date": {"2030-01-01"}})
		}
		wantStatus(t, tt.method+" "+tt.path, p, http.StatusSeeOther)
		if got := p.header.Get("Location"); got != tt.location {
			t.Errorf("%s %s: Location %q, want %q", tt.method, tt.path, got, tt.location)
		}
	}
}

func TestLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	h := f.app.Handler()

	t.Run("WrongPassword", func(t *testing.T) {
		b := newBrowser(t, h)
		p := b.submit("/admin/login", "/admin/login", url.Values{"email": {f.alpha.AdminEmail}, "password": {"wrong-horse"}})
		wantStatus(t, "login", p, http.StatusUnauthorized)
		if b.cookies["mais_admin"] != nil {
			t.Fatal("a session cookie was set for a wrong password")
		}
		if !strings.Contains(p.body, "e-mail or password is not correct") {
			t.Errorf("no explanation on the page:\n%s", snippet(p.body))
		}
	})

	t.Run("FromAnotherSite", func(t *testing.T) {
		// Login CSRF: another site's form logging the browser in to an
		// account of the attacker's choosing.
		b := newBrowser(t, h)
		req := newFormRequest("/admin/login", url.Values{"email": {f.alpha.AdminEmail}, "password": {password}})
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		wantStatus(t, "login from another site", b.do(req), http.StatusForbidden)
		if b.cookies["mais_admin"] != nil {
			t.Fatal("logged in by another site's form")
		}
	})

	t.Run("OKReturnsToNext", func(t *testing.T) {
		b := newBrowser(t, h)
		p := b.submit("/admin/login", "/admin/login", url.Values{"email": {f.alpha.AdminEmail}, "password": {password},
			"next": {"/admin/bookings"}})
		wantStatus(t, "login", p, http.StatusSeeOther)
		if got, want := p.header.Get("Location"), "/admin/bookings"; got != want {
			t.Errorf("Location %q, want %q", got, want)
		}
		c := b.cookies["mais_admin"]
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure {
			t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure on http", c)
		}
		wantStatus(t, "bookings after login", b.get("/admin/bookings"), http.StatusOK)
	})

	t.Run("NextMustStayInTheDashboard", func(t *testing.T) {
		b := newBrowser(t, h)
		p := b.submit("/admin/login", "/admin/login", url.Values{"email": {f.alpha.AdminEmail}, "password": {password},
			"next": {"//evil.example/admin"}})
		if got := p.header.Get("Location"); got != "/admin" {
			t.Errorf("Location %q, want /admin", got)
		}
	})

	t.Run("Logout", func(t *testing.T) {
		b := newBrowser(t, h)
		b.login(f.alpha.AdminEmail, password)
		p := b.submit("/admin", "/admin/logout", nil)
		wantStatus(t, "logout", p, http.StatusSeeOther)
		if b.cookies["mais_admin"] != nil {
			t.Fatal("session cookie kept after logout")
		}
		wantStatus(t, "overview after logout", b.get("/admin"), http.StatusSeeOther)
	})
}

func TestSecureCookieOnHTTPS(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", apptest.Env{"PUBLIC_BASE_URL": "https://mais.test"})
	b := newBrowser(t, f.app.Handler())
	b.login(f.alpha.AdminEmail, password)
	if c := b.cookies["mais_admin"]; c == nil || !c.Secure {
		t.Fatalf("session cookie %+v: want Secure when PUBLIC_BASE_URL is https", c)
	}
}

// TestCrossOriginFormsRefused: a form another site makes a logged-in
// browser post is refused, whichever way the browser says where it comes
// from, on session pages, the login form and logout; the same form from
// the dashboard goes through.
func TestCrossOriginFormsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	b := newBrowser(t, f.app.Handler())
	b.login(f.alpha.AdminEmail, password)
	day := testclock.DaysAhead(f.app.Now(), f.alpha.Tenant.Location(), 120)
	form := url.Values{"date": {day}, "reason": {"Holiday"}}

	for _, hdr := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
		// A sibling subdomain is another site too.
		{"Sec-Fetch-Site": "same-site", "Origin": "http://evil.localhost"},
		// Browsers from before Sec-Fetch-Site still send Origin.
		{"Origin": "https://evil.example"},
		{"Origin": "null"},
	} {
		for _, path := range []string{"/admin/blackouts", "/admin/login", "/admin/logout"} {
			req := newFormRequest(path, form)
			for k, v := range hdr {
				req.Header.Set(k, v)
			}
			wantStatus(t, fmt.Sprintf("%s from %v", path, hdr), b.do(req), http.StatusForbidden)
		}
	}
	wantStatus(t, "still logged in", b.get("/admin/blackouts"), http.StatusOK)
	list, err := f.app.Store.ListBlackouts(t.Context(), f.alpha.Tenant.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 0 {
		t.Fatalf("a refused form changed data: %v", list)
	}

	wantStatus(t, "valid form", b.submit("/admin/blackouts", "/admin/blackouts", form), http.StatusSeeOther)
	list, _ = f.app.Store.ListBlackouts(t.Context(), f.alpha.Tenant.ID, "", "")
	if len(list) != 1 || list[0].Date != day || list[0].Reason != "Holiday" {
		t.Fatalf("blackouts after a valid form: %+v", list)
	}
}

func TestRoles(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	if _, err := f.app.CreatePlatformAdmin(t.Context(), "root@mais.example", password); err != nil {
		t.Fatal(err)
	}
	tenantAdmin := newBrowser(t, f.app.Handler())
	tenantAdmin.login(f.alpha.AdminEmail, password)
	wantStatus(t, "tenant admin on platform page", tenantAdmin.get("/admin/platform"), http.StatusForbidden)
	wantStatus(t, "tenant admin posting a tenant", tenantAdmin.submit("/admin", "/admin/platform/tenants/new",
		url.Values{"slug": {"sneaky"}, "name": {"Sneaky"}, "email": {"s@sneaky.example"}, "password": {password}}), http.StatusForbidden)

	platform := newBrowser(t, f.app.Handler())
	platform.login("root@mais.example", password)
	p := platform.get("/admin")
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/admin/platform" {
		t.Fatalf("platform admin home: %d → %q", p.status, p.header.Get("Location"))
	}
	p = platform.get("/admin/bookings")
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/admin/platform" {
		t.Fatalf("platform admin on a tenant page: %d → %q", p.status, p.header.Get("Location"))
	}
}

func newFormRequest(path string, form url.Values) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

func TestPasswordPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	h := f.app.Handler()

	t.Run("ForgotAnswersAlike", func(t *testing.T) {
		for _, email := range []string{f.alpha.AdminEmail, "nobody@nowhere.example"} {
			b := newBrowser(t, h)
			p := b.submit("/admin/forgot-password", "/admin/forgot-password", url.Values{"email": {email}})
			wantStatus(t, "forgot "+email, p, http.StatusSeeOther)
			if !strings.Contains(b.follow(p).body, "If an account uses that address") {
				t.Errorf("forgot %s: no neutral confirmation", email)
			}
		}
	})

	t.Run("ResetWithBadToken", func(t *testing.T) {
		b := newBrowser(t, h)
		p := b.submit("/admin/reset-password?token=nope", "/admin/reset-password",
			url.Values{"token": {"nope"}, "newPassword": {"another-horse"}, "confirmPassword": {"another-horse"}})
		wantStatus(t, "reset", p, http.StatusBadRequest)
		if !strings.Contains(p.body, "ask for a new link") {
			t.Errorf("no explanation:\n%s", snippet(p.body))
		}
	})

	t.Run("Change", func(t *testing.T) {
		b := newBrowser(t, h)
		b.login(f.alpha.AdminEmail, password)
		old := b.cookies["mais_admin"].Value
		p := b.submit("/admin/account/password", "/admin/account/password", url.Values{"currentPassword": {"wrong"},
			"newPassword": {"another-horse"}, "confirmPassword": {"another-horse"}})
		wantStatus(t, "wrong current password", p, http.StatusBadRequest)
		if !strings.Contains(p.body, `id="f-currentPassword-error"`) {
			t.Error("no error next to the current password")
		}
		p = b.submit("/admin/account/password", "/admin/account/password", url.Values{"currentPassword": {password},
			"newPassword": {"another-horse"}, "confirmPassword": {"another-horse"}})
		wantStatus(t, "change", p, http.StatusSeeOther)
		if b.cookies["mais_admin"].Value == old {
			t.Fatal("the session was not renewed")
		}
		wantStatus(t, "after change", b.get("/admin"), http.StatusOK)
		stale := newBrowser(t, h)
		stale.cookies["mais_admin"] = &http.Cookie{Name: "mais_admin", Value: old}
		wantStatus(t, "old session", stale.get("/admin"), http.StatusSeeOther)
	})
}
