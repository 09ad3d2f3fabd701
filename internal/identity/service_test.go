package identity_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"mais/internal/apperr"
	"mais/internal/identity"
	"mais/internal/ratelimit"
)

var secret = []byte("0123456789abcdef0123456789abcdef")

type fixture struct {
	svc   *identity.Service
	store *memStore
	clock *clock
	mail  *mailbox
}

// newFixture has a platform admin root@example.com and a tenant admin
// owner@alpha.example, both with password "correct-horse".
func newFixture(t testing.TB) fixture {
	t.Helper()
	clk := newClock()
	f := fixture{store: newMemStore(), clock: clk, mail: newMailbox()}
	f.svc = &identity.Service{
		Store: f.store, Hasher: &identity.Hasher{Cost: bcrypt.MinCost}, Limiter: ratelimit.NewMemory(clk.now),
		Secret: secret, Mailer: f.mail, ResetURL: "http://mais.test/admin/reset-password", Now: clk.now,
	}
	for _, u := range []identity.User{
		{ID: "u-root", Email: "root@example.com", Role: identity.RolePlatformAdmin},
		{ID: "u-alpha", Email: "owner@alpha.example", Role: identity.RoleTenantAdmin, TenantID: "t-alpha"},
	} {
		u.PasswordHash, _ = f.svc.Hasher.HashPassword("correct-horse")
		if err := f.store.CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f fixture) login(email, password, ip string) (identity.Session, error) {
	return f.svc.Login(context.Background(), identity.LoginInput{Email: email, Password: password, IP: ip})
}

func TestLogin(t *testing.T) {
	f := newFixture(t)
	s, err := f.login("  Owner@ALPHA.example\t", "correct-horse", "192.0.2.1")
	if err != nil {
		t.Fatalf("login with a differently written e-mail: %v", err)
	}
	if s.Role != identity.RoleTenantAdmin || s.TenantID != "t-alpha" || s.UserID != "u-alpha" {
		t.Errorf("session = %+v", s)
	}
	if got, want := s.ExpiresAt, f.clock.now().Add(identity.DefaultSessionTTL); !got.Equal(want) {
		t.Errorf("expires %v, want %v", got, want)
	}
	p, err := f.svc.Authenticate(context.Background(), s.Token)
	if err != nil {
		t.Fatal(err)
	}
	if p.UserID != "u-alpha" || p.TenantID != "t-alpha" || p.Role != identity.RoleTenantAdmin || p.Email != "owner@alpha.example" {
		t.Errorf("principal = %+v", p)
	}

	var messages []string
	for name, in := range map[string][2]string{
		"UnknownEmail":  {"nobody@example.com", "correct-horse"},
		"WrongPassword": {"owner@alpha.example", "wrong-horse"},
	} {
		_, err := f.login(in[0], in[1], "192.0.2."+string(rune('2'+len(messages))))
		if !apperr.Is(err, apperr.CodeInvalidCreds) {
			t.Fatalf("%s: got %v, want INVALID_CREDENTIALS", name, err)
		}
		messages = append(messages, err.Error())
	}
	if messages[0] != messages[1] {
		t.Errorf("unknown e-mail and wrong password answer differently: %q vs %q", messages[0], messages[1])
	}

	_, err = f.login("", "", "192.0.2.9")
	var e *apperr.Error
	if !apperr.Is(err, apperr.CodeValidation) || !asErr(err, &e) || e.Fields["email"] == "" || e.Fields["password"] == "" {
		t.Errorf("empty input: got %v, want VALIDATION_ERROR naming email and password", err)
	}
}

func asErr(err error, target **apperr.Error) bool {
	e, ok := err.(*apperr.Error)
	*target = e
	return ok
}

func TestLoginLockout(t *testing.T) {
	t.Run("PerAccount", func(t *testing.T) {
		f := newFixture(t)
		for i := range identity.MaxFailedLogins {
			// A new IP each time: only the account counts.
			ip := "198.51.100." + string(rune('1'+i))
			if _, err := f.login("root@example.com", "wrong", ip); !apperr.Is(err, apperr.CodeInvalidCreds) {
				t.Fatalf("failure %d: got %v", i+1, err)
			}
		}
		_, err := f.login("root@example.com", "correct-horse", "198.51.100.99")
		var e *apperr.Error
		if !apperr.Is(err, apperr.CodeTooManyRequests) || !asErr(err, &e) {
			t.Fatalf("sixth attempt, right password: got %v, want TOO_MANY_REQUESTS", err)
		}
		if got, want := e.RetryAfterSeconds, int(identity.FailedLoginWindow/time.Second); got != want {
			t.Errorf("Retry-After = %d, want %d", got, want)
		}
		f.clock.advance(identity.FailedLoginWindow)
		if _, err := f.login("root@example.com", "correct-horse", "198.51.100.99"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})

	t.Run("PerIP", func(t *testing.T) {
		f := newFixture(t)
		for i := range identity.MaxFailedLogins {
			email := "guess" + string(rune('a'+i)) + "@example.com"
			if _, err := f.login(email, "wrong", "203.0.113.7"); !apperr.Is(err, apperr.CodeInvalidCreds) {
				t.Fatalf("failure %d: got %v", i+1, err)
			}
		}
		if _, err := f.login("owner@alpha.example", "correct-horse", "203.0.113.7"); !apperr.Is(err, apperr.CodeTooManyRequests) {
			t.Fatalf("sixth attempt from the IP: got %v, want TOO_MANY_REQUESTS", err)
		}
		if _, err := f.login("owner@alpha.example", "correct-horse", "203.0.113.8"); err != nil {
			t.Fatalf("another IP: %v", err)
		}
	})

	t.Run("SuccessClearsAccountNotIP", func(t *testing.T) {
		f := newFixture(t)
		for range identity.MaxFailedLogins - 1 {
			f.login("root@example.com", "wrong", "203.0.113.1")
		}
		if _, err := f.login("root@example.com", "correct-horse", "203.0.113.2"); err != nil {
			t.Fatal(err)
		}
		// The account starts afresh: four failures from elsewhere are allowed.
		for i := range identity.MaxFailedLogins - 1 {
			if _, err := f.login("root@example.com", "wrong", "203.0.113.3"); !apperr.Is(err, apperr.CodeInvalidCreds) {
				t.Fatalf("failure %d after a success: got %v", i+1, err)
			}
		}
		// The first IP still holds its four failures: one more, then locked.
		f.login("nobody@example.com", "wrong", "203.0.113.1")
		if _, err := f.login("owner@alpha.example", "correct-horse", "203.0.113.1"); !apperr.Is(err, apperr.CodeTooManyRequests) {
			t.Fatalf("IP after five failures: got %v, want TOO_MANY_REQUESTS", err)
		}
	})
}

func TestAuthenticateRefusesBadTokens(t *testing.T) {
	f := newFixture(t)
	s, err := f.login("root@example.com", "correct-horse", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	now := f.clock.now()
	sign := func(method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		tok, err := jwt.NewWithClaims(method, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	good := func() jwt.MapClaims {
		parsed, _, err := jwt.NewParser().ParseUnverified(s.Token, jwt.MapClaims{})
		if err != nil {
			t.Fatal(err)
		}
		return parsed.Claims.(jwt.MapClaims)
	}
	with := func(k string, v any) jwt.MapClaims { c := good(); c[k] = v; return c }
	parts := strings.Split(s.Token, ".")
	flip := func(s string) string {
		b := []byte(s)
		if b[5] == 'A' {
			b[5] = 'B'
		} else {
			b[5] = 'A'
		}
		return string(b)
	}

	tests := map[string]string{
		"Empty":              "",
		"Garbage":            "not.a.token",
		"TamperedSignature":  parts[0] + "." + parts[1] + "." + flip(parts[2]),
		"TamperedPayload":    parts[0] + "." + flip(parts[1]) + "." + parts[2],
		"WrongSecret":        sign(jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), good()),
		"AlgNone":            sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, good()),
		"HS512":              sign(jwt.SigningMethodHS512, secret, good()),
		"WrongAudience":      sign(jwt.SigningMethodHS256, secret, with("aud", "someone-else")),
		"WrongIssuer":        sign(jwt.SigningMethodHS256, secret, with("iss", "evil")),
		"NoExpiry":           sign(jwt.SigningMethodHS256, secret, with("exp", nil)),
		"Expired":            sign(jwt.SigningMethodHS256, secret, with("exp", now.Add(-time.Second).Unix())),
		"RoleEscalated":      sign(jwt.SigningMethodHS256, secret, with("role", identity.RoleTenantAdmin)),
		"UnknownUser":        sign(jwt.SigningMethodHS256, secret, with("sub", "u-ghost")),
		"TenantSwapped":      sign(jwt.SigningMethodHS256, secret, with("tid", "t-alpha")),
		"PasswordStampWrong": sign(jwt.SigningMethodHS256, secret, with("pws", "000000000000000000000000")),
	}
	for name, tok := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := f.svc.Authenticate(context.Background(), tok); !apperr.Is(err, apperr.CodeUnauthorized) {
				t.Errorf("got %v, want UNAUTHORIZED", err)
			}
		})
	}

	t.Run("ExpiresWithTheClock", func(t *testing.T) {
		if _, err := f.svc.Authenticate(context.Background(), s.Token); err != nil {
			t.Fatalf("fresh token: %v", err)
		}
		f.clock.advance(identity.DefaultSessionTTL + time.Second)
		_, err := f.svc.Authenticate(context.Background(), s.Token)
		if !apperr.Is(err, apperr.CodeUnauthorized) || !strings.Contains(err.Error(), "expired") {
			t.Errorf("after the TTL: got %v, want UNAUTHORIZED saying expired", err)
		}
	})
}

func TestChangePassword(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	old, err := f.login("owner@alpha.example", "correct-horse", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}

	_, err = f.svc.ChangePassword(ctx, "u-alpha", "wrong-horse", "battery-staple")
	var e *apperr.Error
	if !apperr.Is(err, apperr.CodeValidation) || !asErr(err, &e) || e.Fields["currentPassword"] == "" {
		t.Fatalf("wrong current password: got %v, want VALIDATION_ERROR on currentPassword", err)
	}
	_, err = f.svc.ChangePassword(ctx, "u-alpha", "correct-horse", "short")
	if !apperr.Is(err, apperr.CodeValidation) || !asErr(err, &e) || e.Fields["newPassword"] == "" {
		t.Fatalf("short new password: got %v, want VALIDATION_ERROR on newPassword", err)
	}
	_, err = f.svc.ChangePassword(ctx, "u-alpha", "correct-horse", "correct-horse")
	if !apperr.Is(err, apperr.CodeValidation) {
		t.Fatalf("same password: got %v, want VALIDATION_ERROR", err)
	}

	fresh, err := f.svc.ChangePassword(ctx, "u-alpha", "correct-horse", "battery-staple")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(ctx, old.Token); !apperr.Is(err, apperr.CodeUnauthorized) {
		t.Errorf("token from before the change: got %v, want UNAUTHORIZED", err)
	}
	if _, err := f.svc.Authenticate(ctx, fresh.Token); err != nil {
		t.Errorf("token from the change: %v", err)
	}
	if _, err := f.login("owner@alpha.example", "battery-staple", "192.0.2.1"); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
	if _, err := f.login("owner@alpha.example", "correct-horse", "192.0.2.1"); !apperr.Is(err, apperr.CodeInvalidCreds) {
		t.Errorf("login with the old password: got %v", err)
	}
}

func TestPasswordReset(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()

	if err := f.svc.RequestReset(ctx, "nobody@example.com", "192.0.2.1"); err != nil {
		t.Fatalf("unknown e-mail must answer like a known one: %v", err)
	}
	if err := f.svc.RequestReset(ctx, " ROOT@example.com ", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	var token string
	select {
	case msg := <-f.mail.sent:
		if msg.To != "root@example.com" {
			t.Fatalf("mail to %q, want root@example.com (and none to the unknown address)", msg.To)
		}
		_, after, ok := strings.Cut(msg.TextBody, "http://mais.test/admin/reset-password?token=")
		if !ok {
			t.Fatalf("no link in %q", msg.TextBody)
		}
		token = strings.Fields(after)[0]
	case <-time.After(5 * time.Second):
		t.Fatal("no reset e-mail sent")
	}
	if _, ok := f.store.tokens[token]; ok {
		t.Error("the store holds the token itself; it must hold only its hash")
	}

	session, _ := f.login("root@example.com", "correct-horse", "192.0.2.1")
	if err := f.svc.ResetPassword(ctx, token, "brand-new-pass"); err != nil {
		t.Fatalf("reset: %v", err)
	}
	if _, err := f.login("root@example.com", "brand-new-pass", "192.0.2.1"); err != nil {
		t.Errorf("login with the reset password: %v", err)
	}
	if _, err := f.svc.Authenticate(ctx, session.Token); !apperr.Is(err, apperr.CodeUnauthorized) {
		t.Errorf("session from before the reset: got %v, want UNAUTHORIZED", err)
	}
	err := f.svc.ResetPassword(ctx, token, "another-pass")
	var e *apperr.Error
	if !apperr.Is(err, apperr.CodeValidation) || !asErr(err, &e) || e.Fields["token"] == "" {
		t.Errorf("second use: got %v, want VALIDATION_ERROR on token", err)
	}

	t.Run("Expired", func(t *testing.T) {
		if err := f.svc.RequestReset(ctx, "owner@alpha.example", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		msg := <-f.mail.sent
		_, after, _ := strings.Cut(msg.TextBody, "?token=")
		token := strings.Fields(after)[0]
		f.clock.advance(identity.DefaultResetTTL)
		if err := f.svc.ResetPassword(ctx, token, "too-late-pass"); !apperr.Is(err, apperr.CodeValidation) {
			t.Errorf("expired token: got %v, want VALIDATION_ERROR", err)
		}
	})

	t.Run("RequestsAreLimited", func(t *testing.T) {
		var err error
		for range identity.MaxResetRequestsPerAccount + 1 {
			err = f.svc.RequestReset(ctx, "nobody-else@example.com", "192.0.2.50")
		}
		if !apperr.Is(err, apperr.CodeTooManyRequests) {
			t.Errorf("after %d requests: got %v, want TOO_MANY_REQUESTS", identity.MaxResetRequestsPerAccount+1, err)
		}
	})
}
