package api_test

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/identity"
	"mais/internal/ratelimit"
)

// adminRoutes are the admin routes behind a token, with the role they need.
var adminRoutes = []struct {
	method, path, role string
}{
	{"GET", "/v1/admin/me", ""},
	{"POST", "/v1/admin/password", ""},
	{"GET", "/v1/admin/bookings", identity.RoleTenantAdmin},
	{"GET", "/v1/admin/blackouts", identity.RoleTenantAdmin},
	{"POST", "/v1/admin/blackouts", identity.RoleTenantAdmin},
	{"DELETE", "/v1/admin/blackouts/x", identity.RoleTenantAdmin},
	{"GET", "/v1/admin/packages", identity.RoleTenantAdmin},
	{"POST", "/v1/admin/packages", identity.RoleTenantAdmin},
	{"GET", "/v1/admin/packages/x", identity.RoleTenantAdmin},
	{"PATCH", "/v1/admin/packages/x", identity.RoleTenantAdmin},
	{"DELETE", "/v1/admin/packages/x", identity.RoleTenantAdmin},
	{"POST", "/v1/admin/packages/x/addons", identity.RoleTenantAdmin},
	{"PATCH", "/v1/admin/packages/x/addons/y", identity.RoleTenantAdmin},
	{"DELETE", "/v1/admin/packages/x/addons/y", identity.RoleTenantAdmin},
	{"GET", "/v1/admin/tenants", identity.RolePlatformAdmin},
	{"POST", "/v1/admin/tenants", identity.RolePlatformAdmin},
	{"GET", "/v1/admin/tenants/x", identity.RolePlatformAdmin},
	{"PATCH", "/v1/admin/tenants/x", identity.RolePlatformAdmin},
	{"POST", "/v1/admin/tenants/x/rotate-keys", identity.RolePlatformAdmin},
}

func TestAdminLoginHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		r := apptest.Do(t, f.h, "POST", "/v1/admin/login", nil, `{"email":"  `+strings.ToUpper(f.a.AdminEmail)+` ","password":"correct-horse"}`)
		apptest.Expect(t, "tenant admin, e-mail in capitals", r, 200, "")
		var s struct {
			Token, Role, TenantID string
			ExpiresAt             time.Time
		}
		r.JSON(t, &s)
		if s.Role != "TENANT_ADMIN" || s.TenantID != f.a.Tenant.ID || s.Token == "" || s.ExpiresAt.Before(a.Now()) {
			t.Errorf("session: %s", r.Body)
		}
		r = apptest.Do(t, f.h, "POST", "/v1/admin/login", nil, `{"email":"`+platformEmail+`","password":"correct-horse"}`)
		apptest.Expect(t, "platform admin", r, 200, "")
		if strings.Contains(string(r.Body), "tenantId") || !strings.Contains(string(r.Body), `"role":"PLATFORM_ADMIN"`) {
			t.Errorf("platform session: %s", r.Body)
		}

		unknown := doFrom(t, f.h, "198.51.100.1:1", "POST", "/v1/admin/login", nil, `{"email":"nobody@example.com","password":"correct-horse"}`)
		wrong := doFrom(t, f.h, "198.51.100.2:1", "POST", "/v1/admin/login", nil, `{"email":"`+f.a.AdminEmail+`","password":"wrong-horse"}`)
		apptest.Expect(t, "unknown e-mail", unknown, 401, "INVALID_CREDENTIALS")
		apptest.Expect(t, "wrong password", wrong, 401, "INVALID_CREDENTIALS")
		strip := func(b []byte) string { s := string(b); return s[:strings.Index(s, `"requestId"`)] }
		if strip(unknown.Body) != strip(wrong.Body) {
			t.Errorf("answers differ:\n%s\n%s", unknown.Body, wrong.Body)
		}
		apptest.Expect(t, "empty body", apptest.Do(t, f.h, "POST", "/v1/admin/login", nil, ``), 400, "VALIDATION_ERROR")
		apptest.Expect(t, "missing password", apptest.Do(t, f.h, "POST", "/v1/admin/login", nil, `{"email":"a@b.c"}`), 400, "VALIDATION_ERROR")
	})
}

func TestAdminTokensAndRoles(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		parts := strings.Split(f.alpha, ".")
		sig := []byte(parts[2])
		sig[3] ^= 1
		forged, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
			"sub": "someone", "role": "PLATFORM_ADMIN", "iss": "mais", "aud": "mais-admin",
			"exp": a.Now().Add(time.Hour).Unix(), "iat": a.Now().Unix(),
		}).SignedString([]byte("a-guessed-secret-a-guessed-secret"))
		if err != nil {
			t.Fatal(err)
		}
		badHeaders := map[string]map[string]string{
			"NoHeader":          nil,
			"NotBearer":         {"Authorization": "Basic " + f.alpha},
			"EmptyBearer":       {"Authorization": "Bearer "},
			"Malformed":         {"Authorization": "Bearer not-a-jwt"},
			"TamperedSignature": {"Authorization": "Bearer " + parts[0] + "." + parts[1] + "." + string(sig)},
			"TamperedClaims":    {"Authorization": "Bearer " + parts[0] + "." + strings.TrimRight(parts[1], "=") + "x." + parts[2]},
			"WrongSecret":       {"Authorization": "Bearer " + forged},
		}
		for _, route := range adminRoutes {
			for name, header := range badHeaders {
				r := apptest.Do(t, f.h, route.method, route.path, header, `{}`)
				apptest.Expect(t, name+" "+route.method+" "+route.path, r, 401, "UNAUTHORIZED")
			}
			wrongRole := map[string]string{identity.RoleTenantAdmin: f.platform, identity.RolePlatformAdmin: f.alpha}[route.role]
			if wrongRole != "" {
				apptest.Expect(t, "wrong role "+route.method+" "+route.path, f.as(wrongRole, route.method, route.path, `{}`), 403, "FORBIDDEN")
			}
		}

		t.Run("Expired", func(t *testing.T) {
			a.Identity.Now = func() time.Time { return a.Now().Add(identity.DefaultSessionTTL + time.Minute) }
			defer func() { a.Identity.Now = a.Now }()
			for _, route := range adminRoutes {
				r := f.as(f.alpha, route.method, route.path, `{}`)
				apptest.Expect(t, "expired "+route.method+" "+route.path, r, 401, "UNAUTHORIZED")
			}
		})
	})
}

func TestLoginLockoutHTTP(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	f := newAdminFixture(t, a)
	var mu sync.Mutex
	now := a.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	limiter := ratelimit.NewMemory(clock)
	a.API.Limiter, a.Identity.Limiter, a.Identity.Now = limiter, limiter, clock

	const peer = "203.0.113.9:4000"
	login := func(password string) apptest.Reply {
		return doFrom(t, f.h, peer, "POST", "/v1/admin/login", nil, `{"email":"`+f.a.AdminEmail+`","password":"`+password+`"}`)
	}
	for i := 1; i <= 5; i++ {
		apptest.Expect(t, "failure "+strconv.Itoa(i), login("wrong-horse"), 401, "INVALID_CREDENTIALS")
	}
	r := login("wrong-horse")
	apptest.Expect(t, "sixth failed login", r, 429, "TOO_MANY_REQUESTS")
	if got := r.Header.Get("Retry-After"); got != "900" {
		t.Errorf("Retry-After = %q, want 900", got)
	}
	apptest.Expect(t, "right password while locked", login("correct-horse"), 429, "TOO_MANY_REQUESTS")

	mu.Lock()
	now = now.Add(identity.FailedLoginWindow)
	mu.Unlock()
	apptest.Expect(t, "right password after the window", login("correct-horse"), 200, "")
}

func TestPasswordRoutesHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		mail := &capture{}
		a.Identity.Mailer = mail

		t.Run("Change", func(t *testing.T) {
			apptest.Expect(t, "wrong current", f.as(f.bravo, "POST", "/v1/admin/password", `{"currentPassword":"nope","newPassword":"battery-staple"}`), 400, "VALIDATION_ERROR")
			apptest.Expect(t, "too short", f.as(f.bravo, "POST", "/v1/admin/password", `{"currentPassword":"correct-horse","newPassword":"short"}`), 400, "VALIDATION_ERROR")
			r := f.as(f.bravo, "POST", "/v1/admin/password", `{"currentPassword":"correct-horse","newPassword":"battery-staple"}`)
			apptest.Expect(t, "change", r, 200, "")
			var s struct{ Token string }
			r.JSON(t, &s)
			apptest.Expect(t, "old token after a change", f.as(f.bravo, "GET", "/v1/admin/me", ""), 401, "UNAUTHORIZED")
			apptest.Expect(t, "new token", f.as(s.Token, "GET", "/v1/admin/me", ""), 200, "")
			loginToken(t, f.h, f.b.AdminEmail, "battery-staple")
		})

		t.Run("Reset", func(t *testing.T) {
			unknown := doFrom(t, f.h, "198.51.100.20:1", "POST", "/v1/admin/password/forgot", nil, `{"email":"nobody@example.com"}`)
			known := doFrom(t, f.h, "198.51.100.21:1", "POST", "/v1/admin/password/forgot", nil, `{"email":"`+strings.ToUpper(f.a.AdminEmail)+`"}`)
			apptest.Expect(t, "forgot unknown", unknown, 202, "")
			apptest.Expect(t, "forgot known", known, 202, "")
			if string(unknown.Body) != string(known.Body) {
				t.Errorf("forgot answers differ: %s vs %s", unknown.Body, known.Body)
			}
			token := mail.token(t, f.a.AdminEmail)
			if mail.count() != 1 {
				t.Errorf("%d e-mails sent, want 1 (none for the unknown address)", mail.count())
			}
			apptest.Expect(t, "weak new password", apptest.Do(t, f.h, "POST", "/v1/admin/password/reset", nil, `{"token":"`+token+`","newPassword":"short"}`), 400, "VALIDATION_ERROR")
			apptest.Expect(t, "reset", apptest.Do(t, f.h, "POST", "/v1/admin/password/reset", nil, `{"token":"`+token+`","newPassword":"reset-password-1"}`), 200, "")
			apptest.Expect(t, "token reused", apptest.Do(t, f.h, "POST", "/v1/admin/password/reset", nil, `{"token":"`+token+`","newPassword":"reset-password-2"}`), 400, "VALIDATION_ERROR")
			apptest.Expect(t, "old session after reset", f.as(f.alpha, "GET", "/v1/admin/me", ""), 401, "UNAUTHORIZED")
			loginToken(t, f.h, f.a.AdminEmail, "reset-password-1")

			apptest.Expect(t, "forgot again", doFrom(t, f.h, "198.51.100.22:1", "POST", "/v1/admin/password/forgot", nil, `{"email":"`+platformEmail+`"}`), 202, "")
			late := mail.token(t, platformEmail)
			a.Identity.Now = func() time.Time { return a.Now().Add(identity.DefaultResetTTL + time.Second) }
			defer func() { a.Identity.Now = a.Now }()
			apptest.Expect(t, "expired token", apptest.Do(t, f.h, "POST", "/v1/admin/password/reset", nil, `{"token":"`+late+`","newPassword":"reset-password-3"}`), 400, "VALIDATION_ERROR")
		})
	})
}
