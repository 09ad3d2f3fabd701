package identity

import (
	"context"
	"time"

	"mais/internal/apperr"
)

// Failed-login limits. Every login attempt takes a slot on three keys
// before its password is checked, with one atomic Allow each, and gives the
// slots back when the password was right; so N concurrent wrong guesses
// from one address get at most MaxFailedLogins password checks, never N.
//
//   - the address (login:ip): MaxFailedLogins failures within
//     FailedLoginWindow, whatever the accounts, then TOO_MANY_REQUESTS
//     until the oldest ages out (docs/API.md §7);
//   - the account on that address (login:pair): MaxFailedLogins too, so
//     the owner's own typos are counted where they were made;
//   - the account alone (login:acct), the guard against guessing spread
//     over many addresses. It never refuses an address by itself: past
//     AccountAlarm failures within the window it only cuts the allowance
//     on the account of an address that has already failed on it from
//     MaxFailedLogins to one. An address with no failure on the account —
//     the owner on their own network — is never refused because of other
//     addresses' failures, however many there are, while a botnet gets one
//     guess per address per window instead of five.
//
// A wrong current password in ChangePassword counts on its own key per
// user (only that user's sessions can reach it).
const (
	MaxFailedLogins   = 5
	FailedLoginWindow = 15 * time.Minute
	AccountAlarm      = 20
)

// Password-form limits. Every login, reset request and reset from one
// address counts, right or wrong, because each may cost a bcrypt hash; the
// reset form may not be used to flood an inbox either.
const (
	MaxAuthRequestsPerIP       = 30
	AuthRequestWindow          = time.Minute
	MaxResetRequestsPerIP      = 10
	MaxResetRequestsPerAccount = 3
	ResetRequestWindow         = time.Hour
)

func loginIPKey(ip string) string         { return "login:ip:" + orUnknown(ip) }
func loginAccountKey(email string) string { return "login:acct:" + email }
func loginPairKey(email, ip string) string {
	return "login:pair:" + orUnknown(ip) + ":" + email
}
func passwordChangeKey(userID string) string { return "pwchange:" + userID }

func orUnknown(ip string) string {
	if ip == "" {
		return "unknown"
	}
	return ip
}

// attempt holds the slots one password check reserved: kept when the
// password was wrong (they are the failure), released when it was right.
type attempt []slot

type slot struct{ key, id string }

// reserveLogin takes a slot on the address, the account and the pair
// (see the limits above), or refuses with TOO_MANY_REQUESTS having taken
// none.
func (s *Service) reserveLogin(ctx context.Context, ip, email string) (attempt, error) {
	var a attempt
	if ok, wait := s.reserve(ctx, &a, loginIPKey(ip), MaxFailedLogins); !ok {
		return nil, tooMany("too many failed logins from this address; try again later", wait)
	}
	pairLimit := MaxFailedLogins
	if ok, _ := s.reserve(ctx, &a, loginAccountKey(email), AccountAlarm); !ok {
		pairLimit = 1
	}
	if ok, wait := s.reserve(ctx, &a, loginPairKey(email, ip), pairLimit); !ok {
		s.release(ctx, a)
		return nil, tooMany("too many failed logins; try again later", wait)
	}
	return a, nil
}

// reserve takes one slot on key within FailedLoginWindow and adds it to a.
// A limiter that cannot answer does not lock anyone out: the limiter the
// composition root gives falls back to in-process counts on its own.
func (s *Service) reserve(ctx context.Context, a *attempt, key string, limit int) (ok bool, retryAfter int) {
	if s.Limiter == nil {
		return true, 0
	}
	r, err := s.Limiter.Allow(ctx, key, limit, FailedLoginWindow)
	if err != nil {
		s.logger().WarnContext(ctx, "login limiter unavailable", "err", err)
		return true, 0
	}
	if !r.Allowed {
		return false, r.RetryAfterSeconds()
	}
	*a = append(*a, slot{key: key, id: r.ID})
	return true, 0
}

// release gives back the slots of an attempt that was not a failure.
func (s *Service) release(ctx context.Context, a attempt) {
	for _, sl := range a {
		if err := s.Limiter.Release(ctx, sl.key, sl.id); err != nil {
			s.logger().WarnContext(ctx, "login limiter unavailable", "err", err)
		}
	}
}

// forget clears the failures of key: the owner's typos on the address they
// just logged in from, or an account whose password was just reset. The
// address's own failures stay: a guesser must not clear them by logging in
// to an account of its own.
func (s *Service) forget(ctx context.Context, key string) {
	if s.Limiter == nil {
		return
	}
	if err := s.Limiter.Reset(ctx, key); err != nil {
		s.logger().WarnContext(ctx, "login limiter unavailable", "err", err)
	}
}

// allowAuthRequest counts one password-form request from ip.
func (s *Service) allowAuthRequest(ctx context.Context, ip string) error {
	return s.allowRequest(ctx, "auth:ip:"+orUnknown(ip), MaxAuthRequestsPerIP, AuthRequestWindow)
}

// allowRequest counts a hit on a request limit (not a failure limit).
func (s *Service) allowRequest(ctx context.Context, key string, limit int, window time.Duration) error {
	if s.Limiter == nil {
		return nil
	}
	r, err := s.Limiter.Allow(ctx, key, limit, window)
	if err != nil {
		s.logger().WarnContext(ctx, "limiter unavailable", "err", err)
		return nil
	}
	if !r.Allowed {
		return tooMany("too many requests; try again later", r.RetryAfterSeconds())
	}
	return nil
}

func tooMany(msg string, retryAfter int) error {
	return &apperr.Error{Code: apperr.CodeTooManyRequests, Message: msg, RetryAfterSeconds: retryAfter}
}
