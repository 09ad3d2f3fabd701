package identity

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"mais/internal/apperr"
	"mais/internal/notify"
	"mais/internal/ratelimit"
	"mais/internal/textin"
)

// Defaults of Service.
const (
	DefaultSessionTTL = 12 * time.Hour
	DefaultResetTTL   = 30 * time.Minute
)

// Service logs admins in, checks their sessions and changes their passwords.
type Service struct {
	Store Store
	// Hasher is bcrypt (*Hasher) outside tests.
	Hasher PasswordHasher
	// Limiter counts failed logins and password-form requests (see
	// limits.go). Its Allow must be atomic (both ratelimit limiters are).
	Limiter ratelimit.Limiter
	// Tenants refuses the admins of a deactivated tenant, at login and on
	// every request; nil checks nothing.
	Tenants TenantChecker
	// Secret signs session tokens (JWT_SECRET, at least 32 bytes).
	Secret []byte
	// Mailer sends password reset e-mails; nil logs that none was sent.
	Mailer notify.Sender
	// ResetURL is the page a reset link opens; the token is appended as ?token=.
	ResetURL   string
	SessionTTL time.Duration
	ResetTTL   time.Duration
	Logger     *slog.Logger
	Now        func() time.Time

	dummyOnce sync.Once
	dummyHash string
	// sending counts reset e-mails still going out; Wait lets shutdown
	// finish them before the mailer's files or connections go away.
	sending sync.WaitGroup
}

// Wait returns when the password reset e-mails in flight have been sent
// or have failed (each is bounded by resetSendTimeout), or when ctx ends;
// it reports whether all finished.
func (s *Service) Wait(ctx context.Context) bool {
	done := make(chan struct{})
	go func() { s.sending.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}

// Session is a logged-in admin: the bearer token and what it grants.
type Session struct {
	Token     string
	UserID    string
	Role      string
	TenantID  string
	ExpiresAt time.Time
}

// Principal is the admin a request acts for, read from a verified token.
type Principal struct {
	UserID   string
	Email    string
	Role     string
	TenantID string
}

// LoginInput is what a login form sends, with the client's IP.
type LoginInput struct {
	Email    string
	Password string
	IP       string
}

// maxPasswordInput bounds what a login accepts before bcrypt sees it.
const maxPasswordInput = 1024

// Login checks an e-mail and password. Unknown e-mail and wrong password give
// the same INVALID_CREDENTIALS after the same bcrypt work, so neither the
// answer nor its timing tells whether an account exists. Every attempt
// first takes a slot of the failed-login limits (limits.go) and is refused
// with TOO_MANY_REQUESTS before any password is checked when there is none;
// a right password gives its slot back. The right password of a deactivated
// tenant's admin is TENANT_INACTIVE.
func (s *Service) Login(ctx context.Context, in LoginInput) (Session, error) {
	// The text is checked as typed: normalising first would trim a CR or LF
	// away and turn invalid UTF-8 into U+FFFD, hiding both from the check.
	fields := apperr.FieldErrors{}
	textin.Check(fields, "email", in.Email, textin.Line)
	email := NormalizeEmail(in.Email)
	if email == "" || textin.Len(email) > 254 {
		fields.Add("email", "must be an e-mail address of at most 254 characters")
	}
	if in.Password == "" {
		fields.Add("password", "is required")
	} else if len(in.Password) > maxPasswordInput {
		fields.Add("password", "is too long")
	} else {
		textin.Check(fields, "password", in.Password, textin.Line)
	}
	if err := fields.Err(); err != nil {
		return Session{}, err
	}
	if err := s.allowAuthRequest(ctx, in.IP); err != nil {
		return Session{}, err
	}
	attempt, err := s.reserveLogin(ctx, in.IP, email)
	if err != nil {
		return Session{}, err
	}

	u, err := s.Store.UserByEmail(ctx, email)
	if err != nil && !apperr.Is(err, apperr.CodeNotFound) {
		s.release(ctx, attempt)
		return Session{}, err
	}
	found := err == nil
	hash := u.PasswordHash
	if !found {
		hash = s.dummy()
	}
	if !s.hasher().PasswordMatches(hash, in.Password) || !found {
		// The reserved slots stay taken: they are this failure.
		return Session{}, apperr.New(apperr.CodeInvalidCreds, "the e-mail or password is not correct")
	}
	s.release(ctx, attempt)
	s.forget(ctx, loginPairKey(email, in.IP))
	if err := s.checkTenant(ctx, u); err != nil {
		return Session{}, err
	}
	return s.issue(u)
}

// Authenticate turns a bearer token into the principal it was issued to. The
// session must not have been ended by Logout, and the user must still exist
// with the same role, tenant and password; anything else is UNAUTHORIZED. A
// tenant admin whose tenant is deactivated is TENANT_INACTIVE.
func (s *Service) Authenticate(ctx context.Context, token string) (Principal, error) {
	if token == "" {
		return Principal{}, apperr.New(apperr.CodeUnauthorized, "a bearer token is required")
	}
	if len(token) > 4096 {
		return Principal{}, apperr.New(apperr.CodeUnauthorized, "the session token is not valid")
	}
	c, err := parseToken(s.Secret, token, s.now())
	if err != nil {
		return Principal{}, err
	}
	revoked, err := s.Store.SessionRevoked(ctx, c.ID)
	if err != nil {
		return Principal{}, fmt.Errorf("authenticate: revoked sessions: %w", err)
	}
	if revoked {
		return Principal{}, apperr.New(apperr.CodeUnauthorized, "the session has ended; log in again")
	}
	u, err := s.Store.UserByID(ctx, c.Subject)
	if apperr.Is(err, apperr.CodeNotFound) {
		return Principal{}, apperr.New(apperr.CodeUnauthorized, "the session's user no longer exists")
	}
	if err != nil {
		return Principal{}, fmt.Errorf("authenticate: user: %w", err)
	}
	if u.Role != c.Role || u.TenantID != c.TenantID || passwordStamp(s.Secret, u) != c.Stamp {
		return Principal{}, apperr.New(apperr.CodeUnauthorized, "the session has ended; log in again")
	}
	if err := s.checkTenant(ctx, u); err != nil {
		return Principal{}, err
	}
	return Principal{UserID: u.ID, Email: u.Email, Role: u.Role, TenantID: u.TenantID}, nil
}

// Logout ends the session of token for every process sharing the store: its
// id is recorded as revoked until the token would have expired. A token that
// is not a valid, unexpired session of ours is UNAUTHORIZED, and so is one
// already ended, like on every other route. The user and tenant are not
// checked, so the admin of a deactivated tenant can still log out.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" || len(token) > 4096 {
		return apperr.New(apperr.CodeUnauthorized, "the session token is not valid")
	}
	now := s.now()
	c, err := parseToken(s.Secret, token, now)
	if err != nil {
		return err
	}
	revoked, err := s.Store.SessionRevoked(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("logout: revoked sessions: %w", err)
	}
	if revoked {
		return apperr.New(apperr.CodeUnauthorized, "the session has already ended")
	}
	if err := s.Store.RevokeSession(ctx, c.ID, c.ExpiresAt.Time, now); err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	return nil
}

// checkTenant refuses a tenant admin whose tenant is not active.
func (s *Service) checkTenant(ctx context.Context, u User) error {
	if u.Role != RoleTenantAdmin || s.Tenants == nil {
		return nil
	}
	return s.Tenants.CheckActive(ctx, u.TenantID)
}

func (s *Service) issue(u User) (Session, error) {
	now := s.now()
	expires := now.Add(s.sessionTTL())
	tok, err := signToken(s.Secret, u, now, expires)
	if err != nil {
		return Session{}, err
	}
	return Session{Token: tok, UserID: u.ID, Role: u.Role, TenantID: u.TenantID, ExpiresAt: expires.Truncate(time.Second)}, nil
}

// dummy is a hash of a random password at the hasher's cost, compared
// against when the e-mail is unknown so that answer costs the same.
func (s *Service) dummy() string {
	s.dummyOnce.Do(func() {
		h, err := s.hasher().HashPassword("not-a-password-" + time.Now().String())
		if err != nil {
			h = "$2a$12$000000000000000000000u0000000000000000000000000000000"
		}
		s.dummyHash = h
	})
	return s.dummyHash
}

func (s *Service) hasher() PasswordHasher {
	if s.Hasher == nil {
		return Hasher{}
	}
	return s.Hasher
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) sessionTTL() time.Duration {
	if s.SessionTTL > 0 {
		return s.SessionTTL
	}
	return DefaultSessionTTL
}

func (s *Service) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// NormalizeEmail trims and lower-cases an address so one person has one
// account whatever the case or stray spaces they type.
//
// Check the text first (textin): lowering rewrites invalid UTF-8 as U+FFFD
// and trimming drops line breaks at the ends.
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }
