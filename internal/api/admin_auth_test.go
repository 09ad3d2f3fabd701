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
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		r := do(f.h, "POST", "/v1/admin/login", nil, `{"email":"  `+strings.ToUpper(f.a.AdminEmail)+` ","password":"correct-horse"}`)
		expect(t, "tenant admin, e-mail in capitals", r, 200, "")
		var s struct {
			Token, Role, TenantID string
			ExpiresAt             time.Time
		}
		r.json(t, &s)
		if s.Role != "TENANT_ADMIN" || s.TenantID != f.a.Tenant.ID || s.Token == "" || s.ExpiresAt.Before(a.Now()) {
			t.Errorf("session: %s", r.body)
		}
		r = do(f.h, "POST", "/v1/admin/login", nil, `{"email":"`+platformEmail+`","password":"correct-horse"}`)
		expect(t, "platform admin", r, 200, "")
		if strings.Contains(string(r.body), "tenantId") || !strings.Contains(string(r.body), `"role":"PLATFORM_ADMIN"`) {
			t.Errorf("platform session: %s", r.body)
		}

		unknown := doFrom(f.h, "198.51.100.1:1", "POST", "/v1/admin/login", nil, `{"email":"nobody@example.com","password":"correct-horse"}`)
		wrong := doFrom(f.h, "198.51.100.2:1", "POST", "/v1/admin/login", nil, `{"email":"`+f.a.AdminEmail+`","password":"wrong-horse"}`)
		expect(t, "unknown e-mail", unknown, 401, "INVALID_CREDENTIALS")
		expect(t, "wrong password", wrong, 401, "INVALID_CREDENTIALS")
		strip := func(b []byte) string { s := string(b); return s[:strings.Index(s, `"requestId"`)] }
		if strip(unknown.body) != strip(wrong.body) {
			t.Errorf("answers differ:\n%s\n%s", unknown.body, wrong.body)
		}
		expect(t, "empty body", do(f.h, "POST", "/v1/admin/login", nil, ``), 400, "VALIDATION_ERROR")
		expect(t, "missing password", do(f.h, "POST", "/v1/admin/login", nil, `{"email":"a@b.c"}`), 400, "VALIDATION_ERROR")
	})
}

func TestAdminTokensAndRoles(t *testing.T) {
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
				r := do(f.h, route.method, route.path, header, `{}`)
				expect(t, name+" "+route.method+" "+route.path, r, 401, "UNAUTHORIZED")
			}
			wrongRole := map[string]string{identity.RoleTenantAdmin: f.platform, identity.RolePlatformAdmin: f.alpha}[route.role]
			if wrongRole != "" {
				expect(t, "wrong role "+route.method+" "+route.path, f.as(wrongRole, route.method, route.path, `{}`), 403, "FORBIDDEN")
			}
		}

		t.Run("Expired", func(t *testing.T) {
			a.Identity.Now = func() time.Time { return a.Now().Add(identity.DefaultSessionTTL + time.Minute) }
			defer func() { a.Identity.Now = a.Now }()
			for _, route := range adminRoutes {
				r := f.as(f.alpha, route.method, route.path, `{}`)
				expect(t, "expired "+route.method+" "+route.path, r, 401, "UNAUTHORIZED")
			}
		})
	})
}

func TestLoginLockoutHTTP(t *testing.T) {
	a := apptest.New(t, "sqlite", nil)
	f := newAdminFixture(t, a)
	var mu sync.Mutex
	now := a.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	limiter := ratelimit.NewMemory(clock)
	a.API.Limiter, a.Identity.Limiter, a.Identity.Now = limiter, limiter, clock

	const peer = "203.0.113.9:4000"
	login := func(password string) reply {
		return doFrom(f.h, peer, "POST", "/v1/admin/login", nil, `{"email":"`+f.a.AdminEmail+`","password":"`+password+`"}`)
	}
	for i := 1; i <= 5; i++ {
		expect(t, "failure "+strconv.Itoa(i), login("wrong-horse"), 401, "INVALID_CREDENTIALS")
	}
	r := login("wrong-horse")
	expect(t, "sixth failed login", r, 429, "TOO_MANY_REQUESTS")
	if got := r.header.Get("Retry-After"); got != "900" {
		t.Errorf("Retry-After = %q, want 900", got)
	}
	expect(t, "right password while locked", login("correct-horse"), 429, "TOO_MANY_REQUESTS")

	mu.Lock()
	now = now.Add(identity.FailedLoginWindow)
	mu.Unlock()
	expect(t, "right password after the window", login("correct-horse"), 200, "")
}

func TestPasswordRoutesHTTP(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		mail := &capture{}
		a.Identity.Mailer = mail

		t.Run("Change", func(t *testing.T) {
			expect(t, "wrong current", f.as(f.bravo, "POST", "/v1/admin/password", `{"currentPassword":"nope","newPassword":"battery-staple"}`), 400, "VALIDATION_ERROR")
			expect(t, "too short", f.as(f.bravo, "POST", "/v1/admin/password", `{"currentPassword":"correct-horse","newPassword":"short"}`), 400, "VALIDATION_ERROR")
			r := f.as(f.bravo, "POST", "/v1/admin/password", `{"currentPassword":"correct-horse","newPassword":"battery-staple"}`)
			expect(t, "change", r, 200, "")
			var s struct{ Token string }
			r.json(t, &s)
			expect(t, "old token after a change", f.as(f.bravo, "GET", "/v1/admin/me", ""), 401, "UNAUTHORIZED")
			expect(t, "new token", f.as(s.Token, "GET", "/v1/admin/me", ""), 200, "")
			loginToken(t, f.h, f.b.AdminEmail, "battery-staple")
		})

		t.Run("Reset", func(t *testing.T) {
			unknown := doFrom(f.h, "198.51.100.20:1", "POST", "/v1/admin/password/forgot", nil, `{"email":"nobody@example.com"}`)
			known := doFrom(f.h, "198.51.100.21:1", "POST", "/v1/admin/password/forgot", nil, `{"email":"`+strings.ToUpper(f.a.AdminEmail)+`"}`)
			expect(t, "forgot unknown", unknown, 202, "")
			expect(t, "forgot known", known, 202, "")
			if string(unknown.body) != string(known.body) {
				t.Errorf("forgot answers differ: %s vs %s", unknown.body, known.body)
			}
			token := mail.token(t, f.a.AdminEmail)
			if mail.count() != 1 {
				t.Errorf("%d e-mails sent, want 1 (none for the unknown address)", mail.count())
			}
			expect(t, "weak new password", do(f.h, "POST", "/v1/admin/password/reset", nil, `{"token":"`+token+`","newPassword":"short"}`), 400, "VALIDATION_ERROR")
			expect(t, "reset", do(f.h, "POST", "/v1/admin/password/reset", nil, `{"token":"`+token+`","newPassword":"reset-password-1"}`), 200, "")
			expect(t, "token reused", do(f.h, "POST", "/v1/admin/password/reset", nil, `{"token":"`+token+`","newPassword":"reset-password-2"}`), 400, "VALIDATION_ERROR")
			expect(t, "old session after reset", f.as(f.alpha, "GET", "/v1/admin/me", ""), 401, "UNAUTHORIZED")
			loginToken(t, f.h, f.a.AdminEmail, "reset-password-1")

			expect(t, "forgot again", doFrom(f.h, "198.51.100.22:1", "POST", "/v1/admin/password/forgot", nil, `{"email":"`+platformEmail+`"}`), 202, "")
			late := mail.token(t, platformEmail)
			a.Identity.Now = func() time.Time { return a.Now().Add(identity.DefaultResetTTL + time.Second) }
			defer func() { a.Identity.Now = a.Now }()
			expect(t, "expired token", do(f.h, "POST", "/v1/admin/password/reset", nil, `{"token":"`+late+`","newPassword":"reset-password-3"}`), 400, "VALIDATION_ERROR")
		})
	})
}
