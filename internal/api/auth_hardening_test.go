package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/identity"
)

// countingHasher counts the bcrypt work of the app's identity service.
type countingHasher struct {
	identity.PasswordHasher
	hashes, checks atomic.Int32
}

func (c *countingHasher) HashPassword(p string) (string, error) {
	c.hashes.Add(1)
	return c.PasswordHasher.HashPassword(p)
}

func (c *countingHasher) PasswordMatches(hash, p string) bool {
	c.checks.Add(1)
	return c.PasswordHasher.PasswordMatches(hash, p)
}

func countHashing(a *app.App) *countingHasher {
	c := &countingHasher{PasswordHasher: a.Identity.Hasher}
	a.Identity.Hasher = c
	return c
}

// TestParallelWrongLoginsHTTP: 20 concurrent wrong logins from one address
// get at most five password checks; the right password after them is 429.
func TestParallelWrongLoginsHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		hasher := countHashing(a)
		const peer = "203.0.113.40:1"
		body := `{"email":"` + f.a.AdminEmail + `","password":"wrong-horse"}`
		var wg sync.WaitGroup
		start := make(chan struct{})
		statuses := make([]int, 20)
		for i := range statuses {
			wg.Go(func() {
				<-start
				statuses[i] = doFrom(t, f.h, peer, "POST", "/v1/admin/login", nil, body).Status
			})
		}
		close(start)
		wg.Wait()
		if n := hasher.checks.Load(); n > identity.MaxFailedLogins {
			t.Errorf("%d password checks for 20 parallel wrong logins, want at most %d (statuses %v)", n, identity.MaxFailedLogins, statuses)
		}
		if n := countOf(statuses, 401); n != identity.MaxFailedLogins || countOf(statuses, 429) != 20-n {
			t.Errorf("statuses %v, want %d × 401 and the rest 429", statuses, identity.MaxFailedLogins)
		}
		right := doFrom(t, f.h, peer, "POST", "/v1/admin/login", nil, `{"email":"`+f.a.AdminEmail+`","password":"correct-horse"}`)
		apptest.Expect(t, "right password after the guesses", right, 429, "TOO_MANY_REQUESTS")
		// Their failures do not lock the owner out elsewhere.
		r := doFrom(t, f.h, "198.51.100.40:1", "POST", "/v1/admin/login", nil, `{"email":"`+f.a.AdminEmail+`","password":"correct-horse"}`)
		apptest.Expect(t, "owner on another address", r, 200, "")
	})
}

func countOf(list []int, v int) int {
	n := 0
	for _, x := range list {
		if x == v {
			n++
		}
	}
	return n
}

// TestOwnerNotLockedOutHTTP: five wrong passwords from one address, then as
// many from others, never lock the account for its owner elsewhere.
func TestOwnerNotLockedOutHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		guess := `{"email":"` + f.a.AdminEmail + `","password":"wrong-horse"}`
		for i := range identity.MaxFailedLogins {
			apptest.Expect(t, "guess", doFrom(t, f.h, "203.0.113.41:1", "POST", "/v1/admin/login", nil, guess), 401, "INVALID_CREDENTIALS")
			apptest.Expect(t, "guess elsewhere", doFrom(t, f.h, "203.0.113."+string(rune('a'+i))+":1", "POST", "/v1/admin/login", nil, guess), 401, "")
		}
		apptest.Expect(t, "sixth guess from the address", doFrom(t, f.h, "203.0.113.41:1", "POST", "/v1/admin/login", nil, guess), 429, "TOO_MANY_REQUESTS")
		r := doFrom(t, f.h, "192.0.2.41:1", "POST", "/v1/admin/login", nil, `{"email":"`+f.a.AdminEmail+`","password":"correct-horse"}`)
		apptest.Expect(t, "the owner on their own address", r, 200, "")
	})
}

// TestPasswordResetIsNotACPUWeapon: a made-up reset token costs no bcrypt
// hash, and the unauthenticated password forms of both surfaces are limited
// per address (429 with Retry-After).
func TestPasswordResetIsNotACPUWeapon(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		h := a.Handler()
		hasher := countHashing(a)
		const peer = "203.0.113.42:1"
		reset := `{"token":"` + strings.Repeat("ab", 32) + `","newPassword":"brand-new-pass"}`
		for i := range identity.MaxAuthRequestsPerIP {
			if r := doFrom(t, h, peer, "POST", "/v1/admin/password/reset", nil, reset); r.Status != 400 {
				t.Fatalf("made-up token %d: %d %s", i+1, r.Status, r.Body)
			}
		}
		if n := hasher.hashes.Load(); n != 0 {
			t.Errorf("%d bcrypt hashes for %d made-up reset tokens, want 0", n, identity.MaxAuthRequestsPerIP)
		}
		r := doFrom(t, h, peer, "POST", "/v1/admin/password/reset", nil, reset)
		apptest.Expect(t, "reset over the limit", r, 429, "TOO_MANY_REQUESTS")
		if r.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		// The limit is the address's, on every password form of both
		// surfaces: login and forgot here, the dashboard's forms too.
		apptest.Expect(t, "login from the address", doFrom(t, h, peer, "POST", "/v1/admin/login", nil, `{"email":"x@example.com","password":"x"}`), 429, "TOO_MANY_REQUESTS")
		apptest.Expect(t, "forgot from the address", doFrom(t, h, peer, "POST", "/v1/admin/password/forgot", nil, `{"email":"x@example.com"}`), 429, "TOO_MANY_REQUESTS")
		if r := doFrom(t, h, "198.51.100.42:1", "POST", "/v1/admin/password/reset", nil, reset); r.Status != 400 {
			t.Errorf("another address: %d %s, want 400", r.Status, r.Body)
		}
	})
}

// TestLogoutHTTP: after POST /v1/admin/logout the token is dead on every
// admin route, as a Bearer token and as the dashboard cookie.
func TestLogoutHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		other := loginToken(t, f.h, f.a.AdminEmail, "correct-horse")
		apptest.Expect(t, "no token", apptest.Do(t, f.h, "POST", "/v1/admin/logout", nil, ""), 401, "UNAUTHORIZED")
		apptest.Expect(t, "garbage token", f.as("not-a-jwt", "POST", "/v1/admin/logout", ""), 401, "UNAUTHORIZED")
		apptest.Expect(t, "before logout", f.as(f.alpha, "GET", "/v1/admin/bookings", ""), 200, "")
		apptest.Expect(t, "logout", f.as(f.alpha, "POST", "/v1/admin/logout", ""), 204, "")
		for _, route := range adminRoutes {
			apptest.Expect(t, "after logout "+route.method+" "+route.path, f.as(f.alpha, route.method, route.path, `{}`), 401, "UNAUTHORIZED")
		}
		apptest.Expect(t, "logout again", f.as(f.alpha, "POST", "/v1/admin/logout", ""), 401, "UNAUTHORIZED")
		req := dashboardRequest("GET", "/admin/bookings", f.alpha)
		if r := apptest.Serve(t, f.h, req); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/login") {
			t.Errorf("dashboard with the logged-out token as cookie: %d → %q, want a redirect to the login page", r.Status, r.Header.Get("Location"))
		}
		apptest.Expect(t, "the user's other session", f.as(other, "GET", "/v1/admin/bookings", ""), 200, "")
		apptest.Expect(t, "platform logout", f.as(f.platform, "POST", "/v1/admin/logout", ""), 204, "")
		apptest.Expect(t, "platform after logout", f.as(f.platform, "GET", "/v1/admin/tenants", ""), 401, "UNAUTHORIZED")
	})
}

// dashboardRequest is a browser request carrying token as the session cookie.
func dashboardRequest(method, path, token string) *http.Request {
	req, _ := http.NewRequest(method, "http://localhost"+path, nil)
	req.RemoteAddr = "192.0.2.1:1"
	req.AddCookie(&http.Cookie{Name: "mais_admin", Value: token})
	return req
}

// TestDeactivatedTenantHTTP: a deactivated tenant's admin is refused with
// 403 TENANT_INACTIVE at login and on every route a tenant admin may call
// (every operation of the OpenAPI document open to TENANT_ADMIN, which a
// test keeps equal to the routes the server registers) and every dashboard
// page; a platform admin still manages the tenant and reactivates it.
func TestDeactivatedTenantHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		routes := tenantAdminOperations(t, f.h)
		if len(routes) < 20 {
			t.Fatalf("only %d tenant-admin operations found in the OpenAPI document", len(routes))
		}
		apptest.Expect(t, "deactivate", f.as(f.platform, "PATCH", "/v1/admin/tenants/"+f.a.Tenant.ID, `{"active":false}`), 200, "")

		login := func(password string) apptest.Reply {
			return doFrom(t, f.h, "192.0.2.43:1", "POST", "/v1/admin/login", nil, `{"email":"`+f.a.AdminEmail+`","password":"`+password+`"}`)
		}
		apptest.Expect(t, "login with the right password", login("correct-horse"), 403, "TENANT_INACTIVE")
		apptest.Expect(t, "login with a wrong password", login("wrong-horse"), 401, "INVALID_CREDENTIALS")
		for _, route := range routes {
			apptest.Expect(t, route[0]+" "+route[1], f.as(f.alpha, route[0], route[1], `{}`), 403, "TENANT_INACTIVE")
		}
		r := apptest.Serve(t, f.h, dashboardRequest("GET", "/admin/bookings", f.alpha))
		if r.Status != 403 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.Body), "deactivated") {
			t.Errorf("dashboard page: %d %q, want an HTML 403 saying the business is deactivated", r.Status, r.Header.Get("Content-Type"))
		}
		apptest.Expect(t, "another tenant", f.as(f.bravo, "GET", "/v1/admin/bookings", ""), 200, "")
		apptest.Expect(t, "platform reads the tenant", f.as(f.platform, "GET", "/v1/admin/tenants/"+f.a.Tenant.ID, ""), 200, "")
		apptest.Expect(t, "platform reactivates", f.as(f.platform, "PATCH", "/v1/admin/tenants/"+f.a.Tenant.ID, `{"active":true}`), 200, "")
		apptest.Expect(t, "the old session after reactivation", f.as(f.alpha, "GET", "/v1/admin/bookings", ""), 200, "")
		apptest.Expect(t, "login after reactivation", login("correct-horse"), 200, "")
	})
}

// tenantAdminOperations lists, from the served OpenAPI document, every
// operation open to TENANT_ADMIN but logout (which a deactivated tenant's
// admin may still use), with "x" for each path parameter.
func tenantAdminOperations(t *testing.T, h http.Handler) [][2]string {
	t.Helper()
	r := apptest.Do(t, h, "GET", "/v1/openapi.json", nil, "")
	var doc struct {
		Paths map[string]map[string]struct {
			Roles []string `json:"x-roles"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(r.Body, &doc); err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for path, item := range doc.Paths {
		for method, op := range item {
			if !slices.Contains(op.Roles, identity.RoleTenantAdmin) || path == "/v1/admin/logout" {
				continue
			}
			out = append(out, [2]string{strings.ToUpper(method), wildcard.ReplaceAllString(path, "x")})
		}
	}
	return out
}
