// Package ratelimit counts requests per key (an IP, an account) in a sliding
// window: failed logins, and per-IP limits on public and admin routes.
//
// The window is a sliding log: every accepted hit is remembered with its time,
// and a key is within its limit when fewer than limit hits are younger than
// the window. That is exact — "5 per 15 minutes" means no 15-minute span ever
// holds 6 — at the price of storing up to limit timestamps per key, which is
// small for the limits MAIS uses. Refused hits are not recorded, so a client
// that keeps knocking is let in again as soon as its oldest hit ages out.
//
// Memory keeps the log in process; Redis keeps it in a sorted set so that
// several server processes share one count.
package ratelimit

import (
	"context"
	"errors"
	"time"
)

// Result describes a key after a hit (Allow) or without one (Peek).
type Result struct {
	Allowed bool
	// Count is the number of hits in the window, the new one included.
	Count int
	Limit int
	// RetryAfter is how long until a hit would be allowed; zero when Allowed.
	RetryAfter time.Duration
	// ID names the hit Allow recorded, for Release; empty when no hit was
	// recorded (refused, or Peek).
	ID string
}

// RetryAfterSeconds is RetryAfter rounded up to whole seconds, at least 1,
// for the Retry-After header of a 429.
func (r Result) RetryAfterSeconds() int {
	s := int((r.RetryAfter + time.Second - 1) / time.Second)
	return max(s, 1)
}

// Limiter counts hits per key in a sliding window.
type Limiter interface {
	// Allow counts one hit on key within window and says whether it is within
	// limit. A refused hit is not counted. Check and count are one atomic
	// step: of any number of concurrent calls on a key, at most limit are
	// allowed within a window.
	Allow(ctx context.Context, key string, limit int, window time.Duration) (Result, error)
	// Peek reports the current count without adding a hit; Allowed says
	// whether a hit now would be. Peek then Allow is not atomic: to guard
	// costly work, reserve with Allow first and Release what turned out not
	// to count (a failed-login limit reserves before the password check and
	// releases when the password was right).
	Peek(ctx context.Context, key string, limit int, window time.Duration) (Result, error)
	// Release takes back the hit Allow recorded as id (Result.ID). An id
	// that is empty, unknown or already aged out is no error.
	Release(ctx context.Context, key, id string) error
	// Reset forgets every hit of key.
	Reset(ctx context.Context, key string) error
}

var errBadLimit = errors.New("ratelimit: limit and window must be positive")

func checkArgs(limit int, window time.Duration) error {
	if limit <= 0 || window <= 0 {
		return errBadLimit
	}
	return nil
}
