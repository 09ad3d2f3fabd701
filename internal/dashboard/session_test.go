package dashboard_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/identity"
)

// eachStore runs fn on a fixture over SQLite and over PostgreSQL, in
// parallel (as apptest.Each).
func eachStore(t *testing.T, fn func(t *testing.T, f fixture)) {
	eachKind(t, func(t *testing.T, kind string) {
		t.Parallel()
		fn(t, newFixture(t, kind, nil))
	})
}

// eachKind runs fn in a subtest per store kind ("sqlite", "postgres"), for
// tests that build their own fixture.
func eachKind(t *testing.T, fn func(t *testing.T, kind string)) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) { fn(t, kind) })
	}
}

// bearerGet calls the JSON API with token as a Bearer token.
func bearerGet(t *testing.T, a *app.App, path, token string) int {
	t.Helper()
	return apptest.Do(t, a.Handler(), http.MethodGet, path, apptest.Bearer(token), "").Status
}

// TestLogoutEndsTheSession: a cookie captured before logout does not work
// afterwards, neither on the dashboard nor as a Bearer token on the API.
func TestLogoutEndsTheSession(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, f fixture) {
		b := newBrowser(t, f.app.Handler())
		b.login(f.alpha.AdminEmail, password)
		captured := *b.cookies["mais_admin"]
		if got := bearerGet(t, f.app, "/v1/admin/me", captured.Value); got != http.StatusOK {
			t.Fatalf("the session cookie as a Bearer token before logout: %d", got)
		}
		wantStatus(t, "logout", b.submit("/admin", "/admin/logout", nil), http.StatusSeeOther)

		thief := newBrowser(t, f.app.Handler())
		thief.cookies["mais_admin"] = &captured
		p := thief.get("/admin/bookings")
		if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/admin/login") {
			t.Errorf("captured cookie after logout: %d → %q, want the login page", p.status, p.header.Get("Location"))
		}
		if got := bearerGet(t, f.app, "/v1/admin/me", captured.Value); got != http.StatusUnauthorized {
			t.Errorf("captured cookie as a Bearer token after logout: %d, want 401", got)
		}
	})
}

var tenantRoute = regexp.MustCompile(`\{[^}]*\}`)

// tenantPages lists the tenant-admin routes dashboard.go registers (the
// tr("METHOD /path", …) calls), with "x" for each wildcard, plus the pages
// open to every admin.
func tenantPages(t *testing.T) [][2]string {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "dashboard.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := [][2]string{{"GET", "/admin"}, {"GET", "/admin/account/password"}, {"POST", "/admin/account/password"}}
	ast.Inspect(file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 2 {
			return true
		}
		if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "tr" {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		pattern, _ := strconv.Unquote(lit.Value)
		method, path, _ := strings.Cut(pattern, " ")
		out = append(out, [2]string{method, tenantRoute.ReplaceAllString(path, "x")})
		return true
	})
	if len(out) < 30 {
		t.Fatalf("only %d tenant pages found in dashboard.go", len(out))
	}
	return out
}

// TestDeactivatedTenantPages: once a platform admin deactivates a tenant,
// its admin gets a 403 page saying so on every dashboard page, GET or POST,
// and at the login form; the page still lets them log out. The platform
// admin keeps managing the tenant and reactivates it.
func TestDeactivatedTenantPages(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, f fixture) {
		a := f.app
		owner := newBrowser(t, a.Handler())
		owner.login(f.alpha.AdminEmail, password)
		if _, err := a.CreatePlatformAdmin(context.Background(), "root@mais.example", password); err != nil {
			t.Fatal(err)
		}
		platform := newBrowser(t, a.Handler())
		platform.login("root@mais.example", password)
		tenantPage := "/admin/platform/tenants/" + f.alpha.Tenant.ID
		wantStatus(t, "deactivate", platform.submit(tenantPage, tenantPage+"/active", url.Values{"active": {"false"}}), http.StatusSeeOther)

		for _, page := range tenantPages(t) {
			var p answer
			if page[0] == http.MethodGet {
				p = owner.get(page[1])
			} else {
				p = owner.post(page[1], url.Values{})
			}
			if p.status != http.StatusForbidden || !strings.Contains(p.body, "deactivated") ||
				!strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
				t.Errorf("%s %s: %d, want a 403 page saying the business is deactivated\n%s", page[0], page[1], p.status, snippet(p.body))
			}
		}
		again := newBrowser(t, a.Handler())
		again.get("/admin/login")
		p := again.submit("/admin/login", "/admin/login", url.Values{"email": {f.alpha.AdminEmail}, "password": {password}})
		if p.status != http.StatusForbidden || !strings.Contains(p.body, "deactivated") {
			t.Errorf("login form: %d, want 403 saying the business is deactivated\n%s", p.status, snippet(p.body))
		}
		bravo := newBrowser(t, a.Handler())
		bravo.login(f.bravo.AdminEmail, password)
		wantStatus(t, "another tenant's bookings", bravo.get("/admin/bookings"), http.StatusOK)

		// The 403 page's log-out button works.
		captured := *owner.cookies["mais_admin"]
		wantStatus(t, "log out from the 403 page", owner.submit("/admin/bookings", "/admin/logout", nil), http.StatusSeeOther)
		if owner.cookies["mais_admin"] != nil {
			t.Error("session cookie kept after logout")
		}

		wantStatus(t, "platform sees the tenant", platform.get(tenantPage), http.StatusOK)
		wantStatus(t, "reactivate", platform.submit(tenantPage, tenantPage+"/active", url.Values{"active": {"true"}}), http.StatusSeeOther)
		if got, err := a.Tenants.Store.TenantByID(context.Background(), f.alpha.Tenant.ID); err != nil || !got.Active {
			t.Fatalf("not reactivated: %v", err)
		}
		owner.login(f.alpha.AdminEmail, password)
		wantStatus(t, "bookings after reactivation", owner.get("/admin/bookings"), http.StatusOK)
		if got := bearerGet(t, a, "/v1/admin/me", captured.Value); got != http.StatusUnauthorized {
			t.Errorf("the session logged out from the 403 page, after reactivation: %d, want 401", got)
		}
	})
}

// TestPasswordFormsAreLimited: the login, forgotten-password and reset
// forms count against one per-address limit; past it each answers 429 with
// Retry-After, as a page.
func TestPasswordFormsAreLimited(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	b := newBrowser(t, f.app.Handler())
	reset := url.Values{"token": {strings.Repeat("ab", 32)}, "newPassword": {"brand-new-pass"}, "confirmPassword": {"brand-new-pass"}}
	for i := range identity.MaxAuthRequestsPerIP {
		if p := b.post("/admin/reset-password", reset); p.status != http.StatusBadRequest {
			t.Fatalf("made-up token %d: %d\n%s", i+1, p.status, snippet(p.body))
		}
	}
	for _, form := range []struct {
		path   string
		values url.Values
	}{
		{"/admin/reset-password", reset},
		{"/admin/login", url.Values{"email": {f.alpha.AdminEmail}, "password": {password}}},
		{"/admin/forgot-password", url.Values{"email": {f.alpha.AdminEmail}}},
	} {
		p := b.post(form.path, form.values)
		if p.status != http.StatusTooManyRequests || p.header.Get("Retry-After") == "" ||
			!strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
			t.Errorf("%s over the limit: %d (Retry-After %q), want a 429 page with Retry-After\n%s",
				form.path, p.status, p.header.Get("Retry-After"), snippet(p.body))
		}
	}
}
