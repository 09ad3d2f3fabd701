package identity

import (
	"context"
	"time"

	"mais/internal/apperr"
)

// Failed-login limits: more than MaxFailedLogins failures within
// FailedLoginWindow, from one IP or on one account, refuse further attempts
// until the oldest failure ages out.
const (
	MaxFailedLogins   = 5
	FailedLoginWindow = 15 * time.Minute
)

// Reset-request limits keep the reset form from being used to flood an inbox.
const (
	MaxResetRequestsPerIP      = 10
	MaxResetRequestsPerAccount = 3
	ResetRequestWindow         = time.Hour
)

func loginIPKey(ip string) string         { return "login:ip:" + orUnknown(ip) }
func loginAccountKey(email string) string { return "login:acct:" + email }

func orUnknown(ip string) string {
	if ip == "" {
		return "unknown"
	}
	return ip
}

// checkLocked refuses when any key already holds MaxFailedLogins failures.
// A limiter that cannot answer does not lock anyone out: the limiter given
// by the composition root falls back to in-process counts on its own.
func (s *Service) checkLocked(ctx context.Context, keys []string) error {
	if s.Limiter == nil {
		return nil
	}
	var wait int
	for _, k := range keys {
		r, err := s.Limiter.Peek(ctx, k, MaxFailedLogins, FailedLoginWindow)
		if err != nil {
			s.logger().WarnContext(ctx, "login limiter unavailable", "err", err)
			continue
		}
		if !r.Allowed {
			wait = max(wait, r.RetryAfterSeconds())
		}
	}
	if wait > 0 {
		return tooMany("too many failed logins; try again later", wait)
	}
	return nil
}

// recordFailure counts one failed attempt on every key.
func (s *Service) recordFailure(ctx context.Context, keys []string) {
	if s.Limiter == nil {
		return
	}
	for _, k := range keys {
		if _, err := s.Limiter.Allow(ctx, k, MaxFailedLogins, FailedLoginWindow); err != nil {
			s.logger().WarnContext(ctx, "login limiter unavailable", "err", err)
		}
	}
}

// forget clears an account's failures after a successful login. The IP's
// failures stay: a guesser must not clear them by logging in to an account
// of its own.
func (s *Service) forget(ctx context.Context, key string) {
	if s.Limiter == nil {
		return
	}
	if err := s.Limiter.Reset(ctx, key); err != nil {
		s.logger().WarnContext(ctx, "login limiter unavailable", "err", err)
	}
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
