package identity_test

import (
	"context"
	"crypto/rand"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/redis/go-redis/v9"
	"golang.org/x/crypto/bcrypt"

	"mais/internal/apperr"
	"mais/internal/identity"
	"mais/internal/notify"
	"mais/internal/ratelimit"
	"mais/internal/sqlstore/storetest"
	"mais/internal/testclock"
)

var secret = []byte("0123456789abcdef0123456789abcdef")

type fixture struct {
	svc   *identity.Service
	store *memStore
	clock *testclock.Clock
	mail  *mailbox
}

// newFixture has a platform admin root@example.com and a tenant admin
// owner@alpha.example, both with password "correct-horse".
func newFixture(t testing.TB) fixture {
	t.Helper()
	clk := newClock()
	f := fixture{store: newMemStore(), clock: clk, mail: newMailbox()}
	f.svc = &identity.Service{
		Store: f.store, Hasher: &identity.Hasher{Cost: bcrypt.MinCost}, Limiter: ratelimit.NewMemory(clk.Now),
		Secret: secret, Mailer: f.mail, ResetURL: "http://mais.test/admin/reset-password", Now: clk.Now,
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
	s, err := f.login("  Owner@ALPHA.example ", "correct-horse", "192.0.2.1")
	if err != nil {
		t.Fatalf("login with a differently written e-mail: %v", err)
	}
	if s.Role != identity.RoleTenantAdmin || s.TenantID != "t-alpha" || s.UserID != "u-alpha" {
		t.Errorf("session = %+v", s)
	}
	if got, want := s.ExpiresAt, f.clock.Now().Add(identity.DefaultSessionTTL); !got.Equal(want) {
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

	// Text that is not one line of text is refused as typed, before any
	// normalising could hide it (lowering turns \xff into U+FFFD, trimming
	// drops the line breaks), and it is no failed login: the owner's right
	// password from the same address still works after many of them.
	for name, email := range map[string]string{
		"InvalidUTF8": "owner@alpha.example\xff",
		"LeadingCRLF": "\r\nowner@alpha.example",
		"TrailingLF":  "owner@alpha.example\n",
		"TrailingTab": "owner@alpha.example\t",
		"NUL":         "owner@alpha\x00.example",
	} {
		for range identity.MaxFailedLogins + 1 {
			_, err := f.login(email, "correct-horse", "192.0.2.50")
			var e *apperr.Error
			if !apperr.Is(err, apperr.CodeValidation) || !asErr(err, &e) || e.Fields["email"] == "" {
				t.Fatalf("%s: got %v, want VALIDATION_ERROR naming email", name, err)
			}
		}
	}
	if _, err := f.login("owner@alpha.example", "correct-horse", "192.0.2.50"); err != nil {
		t.Errorf("refused text counted as failed logins: %v", err)
	}
	for name, email := range map[string]string{"InvalidUTF8": "owner@alpha.example\xff", "LeadingCRLF": "\r\nowner@alpha.example"} {
		if err := f.svc.RequestReset(context.Background(), email, "192.0.2.51"); !apperr.Is(err, apperr.CodeValidation) {
			t.Errorf("reset request, %s: got %v, want VALIDATION_ERROR", name, err)
		}
		if _, err := f.svc.CreatePlatformAdmin(context.Background(), email, "correct-horse-battery"); !apperr.Is(err, apperr.CodeValidation) {
			t.Errorf("platform admin, %s: got %v, want VALIDATION_ERROR", name, err)
		}
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
	// Failures spread over addresses never lock the owner out: the account
	// alone refuses nobody (see limits.go).
	t.Run("OtherAddressesDoNotLockTheOwnerOut", func(t *testing.T) {
		f := newFixture(t)
		for i := range identity.MaxFailedLogins {
			ip := "198.51.100." + strconv.Itoa(i+1)
			if _, err := f.login("root@example.com", "wrong", ip); !apperr.Is(err, apperr.CodeInvalidCreds) {
				t.Fatalf("failure %d: got %v", i+1, err)
			}
		}
		if _, err := f.login("root@example.com", "correct-horse", "198.51.100.99"); err != nil {
			t.Fatalf("the owner on another address after %d failures elsewhere: %v", identity.MaxFailedLogins, err)
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
		_, err := f.login("owner@alpha.example", "correct-horse", "203.0.113.7")
		var e *apperr.Error
		if !apperr.Is(err, apperr.CodeTooManyRequests) || !asErr(err, &e) {
			t.Fatalf("sixth attempt from the IP: got %v, want TOO_MANY_REQUESTS", err)
		}
		if got, want := e.RetryAfterSeconds, int(identity.FailedLoginWindow/time.Second); got != want {
			t.Errorf("Retry-After = %d, want %d", got, want)
		}
		if _, err := f.login("owner@alpha.example", "correct-horse", "203.0.113.8"); err != nil {
			t.Fatalf("another IP: %v", err)
		}
		f.clock.Advance(identity.FailedLoginWindow)
		if _, err := f.login("owner@alpha.example", "correct-horse", "203.0.113.7"); err != nil {
			t.Fatalf("the IP after the window: %v", err)
		}
	})
	t.Run("SuccessKeepsTheAddressFailures", func(t *testing.T) {
		f := newFixture(t)
		for range identity.MaxFailedLogins - 1 {
			f.login("root@example.com", "wrong", "203.0.113.1")
		}
		// A right password does not count, and does not clear the address.
		if _, err := f.login("owner@alpha.example", "correct-horse", "203.0.113.1"); err != nil {
			t.Fatal(err)
		}
		f.login("nobody@example.com", "wrong", "203.0.113.1")
		if _, err := f.login("owner@alpha.example", "correct-horse", "203.0.113.1"); !apperr.Is(err, apperr.CodeTooManyRequests) {
			t.Fatalf("IP after five failures: got %v, want TOO_MANY_REQUESTS", err)
		}
	})
	// Past AccountAlarm failures on one account from many addresses, an
	// address that already failed on it gets no second guess; a fresh one
	// (the owner's) still logs in.
	t.Run("DistributedGuessing", func(t *testing.T) {
		f := newFixture(t)
		for i := range identity.AccountAlarm {
			ip := "203.0.113." + strconv.Itoa(i+1)
			if _, err := f.login("root@example.com", "wrong", ip); !apperr.Is(err, apperr.CodeInvalidCreds) {
				t.Fatalf("guess %d: got %v", i+1, err)
			}
		}
		if _, err := f.login("root@example.com", "guess-again", "203.0.113.1"); !apperr.Is(err, apperr.CodeTooManyRequests) {
			t.Errorf("second guess of a guessing address under alarm: got %v, want TOO_MANY_REQUESTS", err)
		}
		if _, err := f.login("root@example.com", "wrong", "203.0.113.200"); !apperr.Is(err, apperr.CodeInvalidCreds) {
			t.Errorf("first guess of a new address: got %v, want INVALID_CREDENTIALS", err)
		}
		if _, err := f.login("root@example.com", "correct-horse", "192.0.2.77"); err != nil {
			t.Errorf("the owner on a clean address under alarm: %v", err)
		}
		if _, err := f.login("owner@alpha.example", "wrong", "203.0.113.1"); !apperr.Is(err, apperr.CodeInvalidCreds) {
			t.Errorf("a guessing address on another account: got %v, want INVALID_CREDENTIALS", err)
		}
	})
}

// countingHasher counts bcrypt work.
type countingHasher struct {
	identity.Hasher
	hashes, checks atomic.Int32
}

func (c *countingHasher) HashPassword(p string) (string, error) {
	c.hashes.Add(1)
	return c.Hasher.HashPassword(p)
}

func (c *countingHasher) PasswordMatches(hash, p string) bool {
	c.checks.Add(1)
	return c.Hasher.PasswordMatches(hash, p)
}

// TestParallelWrongLoginsGetFivePasswordChecks: 20 concurrent wrong logins
// from one address, then the right one. The limit is taken before the
// password is checked, atomically, so at most five passwords are checked and
// the right one, coming after, is refused too. On both limiters.
func TestParallelWrongLoginsGetFivePasswordChecks(t *testing.T) {
	limiters := map[string]func(t *testing.T) ratelimit.Limiter{
		"Memory": func(t *testing.T) ratelimit.Limiter { return ratelimit.NewMemory(nil) },
		"Redis": func(t *testing.T) ratelimit.Limiter {
			opts, err := redis.ParseURL(storetest.RedisURL(t))
			if err != nil {
				t.Fatal(err)
			}
			client := redis.NewClient(opts)
			prefix := "test:identity:" + strings.ToLower(rand.Text()) + ":"
			t.Cleanup(func() {
				keys, _ := client.Keys(context.Background(), prefix+"*").Result()
				if len(keys) > 0 {
					client.Del(context.Background(), keys...)
				}
				client.Close()
			})
			return ratelimit.NewRedis(client, prefix)
		},
	}
	for name, newLimiter := range limiters {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			hasher := &countingHasher{Hasher: identity.Hasher{Cost: bcrypt.MinCost}}
			f.svc.Hasher, f.svc.Limiter = hasher, newLimiter(t)
			const ip = "203.0.113.50"
			start := make(chan struct{})
			var wg sync.WaitGroup
			var invalid, refused atomic.Int32
			for range 20 {
				wg.Go(func() {
					<-start
					_, err := f.svc.Login(context.Background(), identity.LoginInput{Email: "root@example.com", Password: "wrong-horse", IP: ip})
					switch {
					case apperr.Is(err, apperr.CodeInvalidCreds):
						invalid.Add(1)
					case apperr.Is(err, apperr.CodeTooManyRequests):
						refused.Add(1)
					default:
						t.Errorf("parallel wrong login: %v", err)
					}
				})
			}
			close(start)
			wg.Wait()
			if got := hasher.checks.Load(); got > identity.MaxFailedLogins {
				t.Errorf("%d password checks for 20 parallel wrong logins, want at most %d", got, identity.MaxFailedLogins)
			}
			if invalid.Load() != identity.MaxFailedLogins || refused.Load() != 20-identity.MaxFailedLogins {
				t.Errorf("%d INVALID_CREDENTIALS and %d TOO_MANY_REQUESTS, want %d and %d",
					invalid.Load(), refused.Load(), identity.MaxFailedLogins, 20-identity.MaxFailedLogins)
			}
			if _, err := f.login("root@example.com", "correct-horse", ip); !apperr.Is(err, apperr.CodeTooManyRequests) {
				t.Errorf("right password after the guesses: got %v, want TOO_MANY_REQUESTS", err)
			}
			if _, err := f.login("root@example.com", "correct-horse", "192.0.2.200"); err != nil {
				t.Errorf("the owner from another address: %v", err)
			}
		})
	}
}

// TestRightPasswordsDoNotCount: successful logins give their failed-login
// slot back (an office behind one address logs in all day), but still count
// on the per-address password-form limit, since each costs a bcrypt check.
func TestRightPasswordsDoNotCount(t *testing.T) {
	f := newFixture(t)
	for i := range identity.MaxFailedLogins * 2 {
		if _, err := f.login("owner@alpha.example", "correct-horse", "192.0.2.10"); err != nil {
			t.Fatalf("login %d: %v", i+1, err)
		}
	}
	for i := identity.MaxFailedLogins * 2; i < identity.MaxAuthRequestsPerIP; i++ {
		f.login("owner@alpha.example", "correct-horse", "192.0.2.10")
	}
	if _, err := f.login("owner@alpha.example", "correct-horse", "192.0.2.10"); !apperr.Is(err, apperr.CodeTooManyRequests) {
		t.Errorf("login %d within %v: got %v, want TOO_MANY_REQUESTS", identity.MaxAuthRequestsPerIP+1, identity.AuthRequestWindow, err)
	}
	f.clock.Advance(identity.AuthRequestWindow)
	if _, err := f.login("owner@alpha.example", "correct-horse", "192.0.2.10"); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

func TestAuthenticateRefusesBadTokens(t *testing.T) {
	f := newFixture(t)
	s, err := f.login("root@example.com", "correct-horse", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	now := f.clock.Now()
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
		"Expired":            sign(jwt.SigningMethodHS256, secret, with("exp", now.Add(-time.Minute).Unix())),
		"IssuedInTheFuture":  sign(jwt.SigningMethodHS256, secret, with("nbf", now.Add(2*time.Minute).Unix())),
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

	// Another process whose clock runs a few seconds ahead minted it.
	t.Run("FromAProcessSlightlyAhead", func(t *testing.T) {
		c := good()
		c["iat"], c["nbf"] = now.Add(5*time.Second).Unix(), now.Add(5*time.Second).Unix()
		if _, err := f.svc.Authenticate(context.Background(), sign(jwt.SigningMethodHS256, secret, c)); err != nil {
			t.Errorf("token minted 5 s ahead: %v", err)
		}
	})

	t.Run("ExpiresWithTheClock", func(t *testing.T) {
		if _, err := f.svc.Authenticate(context.Background(), s.Token); err != nil {
			t.Fatalf("fresh token: %v", err)
		}
		f.clock.Advance(identity.DefaultSessionTTL + time.Minute)
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
	if err := f.svc.ResetPassword(ctx, token, "brand-new-pass", "192.0.2.1"); err != nil {
		t.Fatalf("reset: %v", err)
	}
	if _, err := f.login("root@example.com", "brand-new-pass", "192.0.2.1"); err != nil {
		t.Errorf("login with the reset password: %v", err)
	}
	if _, err := f.svc.Authenticate(ctx, session.Token); !apperr.Is(err, apperr.CodeUnauthorized) {
		t.Errorf("session from before the reset: got %v, want UNAUTHORIZED", err)
	}
	err := f.svc.ResetPassword(ctx, token, "another-pass", "192.0.2.1")
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
		f.clock.Advance(identity.DefaultResetTTL)
		if err := f.svc.ResetPassword(ctx, token, "too-late-pass", "192.0.2.1"); !apperr.Is(err, apperr.CodeValidation) {
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

// gateMailer holds every message until open is closed.
type gateMailer struct {
	open chan struct{}
	sent chan notify.Message
}

func (g *gateMailer) Send(ctx context.Context, msg notify.Message) error {
	select {
	case <-g.open:
	case <-ctx.Done():
		return ctx.Err()
	}
	g.sent <- msg
	return nil
}

// TestWaitFinishesResetMails: shutdown waits for a reset e-mail still
// going out in the background (the file mailer writes under the data dir
// the store is about to release), and Wait says when it gave up first.
func TestWaitFinishesResetMails(t *testing.T) {
	f := newFixture(t)
	gate := &gateMailer{open: make(chan struct{}), sent: make(chan notify.Message, 1)}
	f.svc.Mailer = gate
	if err := f.svc.RequestReset(context.Background(), "owner@alpha.example", "203.0.113.9"); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithCancel(context.Background())
	cancel()
	if f.svc.Wait(short) {
		t.Fatal("Wait reported done while the e-mail was still held")
	}
	close(gate.open)
	if !f.svc.Wait(context.Background()) {
		t.Fatal("Wait gave up without a deadline")
	}
	select {
	case msg := <-gate.sent:
		if msg.To != "owner@alpha.example" {
			t.Fatalf("reset e-mail to %q", msg.To)
		}
	default:
		t.Fatal("Wait returned before the e-mail was sent")
	}
}
