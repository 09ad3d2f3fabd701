package identity

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"mais/internal/apperr"
	"mais/internal/notify"
	"mais/internal/ratelimit"
)

// Defaults of Service.
const (
	DefaultSessionTTL = 12 * time.Hour
	DefaultResetTTL   = 30 * time.Minute
)

// Service logs admins in, checks their sessions and changes their passwords.
type Service struct {
	Store  Store
	Hasher *Hasher
	// Limiter counts failed logins per IP and per account (see limits.go).
	Limiter ratelimit.Limiter
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
// answer nor its timing tells whether an account exists. Too many failures
// from the IP or on the account give TOO_MANY_REQUESTS before any password
// is checked.
func (s *Service) Login(ctx context.Context, in LoginInput) (Session, error) {
	email := NormalizeEmail(in.Email)
	fields := apperr.FieldErrors{}
	if email == "" || len(email) > 254 {
		fields.Add("email", "must be an e-mail address of at most 254 characters")
	}
	if in.Password == "" {
		fields.Add("password", "is required")
	} else if len(in.Password) > maxPasswordInput {
		fields.Add("password", "is too long")
	}
	if err := fields.Err(); err != nil {
		return Session{}, err
	}
	keys := []string{loginIPKey(in.IP), loginAccountKey(email)}
	if err := s.checkLocked(ctx, keys); err != nil {
		return Session{}, err
	}

	u, err := s.Store.UserByEmail(ctx, email)
	if err != nil && !apperr.Is(err, apperr.CodeNotFound) {
		return Session{}, err
	}
	found := err == nil
	hash := u.PasswordHash
	if !found {
		hash = s.dummy()
	}
	if !s.hasher().PasswordMatches(hash, in.Password) || !found {
		s.recordFailure(ctx, keys)
		return Session{}, apperr.New(apperr.CodeInvalidCreds, "the e-mail or password is not correct")
	}
	s.forget(ctx, loginAccountKey(email))
	return s.issue(u)
}

// Authenticate turns a bearer token into the principal it was issued to. The
// user must still exist with the same role, tenant and password; anything
// else is UNAUTHORIZED.
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
	u, err := s.Store.UserByID(ctx, c.Subject)
	if apperr.Is(err, apperr.CodeNotFound) {
		return Principal{}, apperr.New(apperr.CodeUnauthorized, "the session's user no longer exists")
	}
	if err != nil {
		return Principal{}, err
	}
	if u.Role != c.Role || u.TenantID != c.TenantID || passwordStamp(s.Secret, u) != c.Stamp {
		return Principal{}, apperr.New(apperr.CodeUnauthorized, "the session has ended; log in again")
	}
	return Principal{UserID: u.ID, Email: u.Email, Role: u.Role, TenantID: u.TenantID}, nil
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

func (s *Service) hasher() *Hasher {
	if s.Hasher == nil {
		return &Hasher{}
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
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }
