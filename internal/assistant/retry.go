package assistant

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Defaults of Retrying.
const (
	DefaultCallTimeout = 60 * time.Second
	DefaultRetryBudget = 30 * time.Second
	DefaultMaxAttempts = 4
)

// Retrying wraps a Provider so that every call has a timeout and failed
// calls are retried within a budget: a retryable failure waits the
// provider's Retry-After when it gave one (and it fits in what is left of
// the budget; otherwise the call fails at once rather than wait past it),
// else an exponential backoff with jitter. A streamed call that already
// passed text on is not retried: the reader has seen half a reply.
type Retrying struct {
	Provider Provider
	// Timeout bounds one attempt (DefaultCallTimeout when 0).
	Timeout time.Duration
	// Budget bounds the time spent waiting between attempts
	// (DefaultRetryBudget when 0).
	Budget time.Duration
	// MaxAttempts bounds the attempts (DefaultMaxAttempts when 0).
	MaxAttempts int
	// Sleep waits d or until ctx ends (tests record the waits); nil
	// sleeps for real.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Name is the wrapped provider's name.
func (r Retrying) Name() string { return r.Provider.Name() }

// Complete calls the provider until it succeeds, the error is final, the
// attempts or the budget run out, or ctx ends.
func (r Retrying) Complete(ctx context.Context, req Request, onText func(string)) (Response, error) {
	timeout := orDuration(r.Timeout, DefaultCallTimeout)
	budget := orDuration(r.Budget, DefaultRetryBudget)
	attempts := r.MaxAttempts
	if attempts <= 0 {
		attempts = DefaultMaxAttempts
	}
	sleep := r.Sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		streamed := false
		var tap func(string)
		if onText != nil {
			tap = func(s string) { streamed = true; onText(s) }
		}
		callCtx, cancel := context.WithTimeout(ctx, timeout)
		resp, err := r.Provider.Complete(callCtx, req, tap)
		timedOut := errors.Is(callCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
		cancel()
		if err == nil {
			return resp, nil
		}
		if ctx.Err() != nil {
			return Response{}, ctx.Err()
		}
		pe, ok := asProviderError(err)
		if !ok {
			pe = &ProviderError{Provider: r.Name(), Err: err}
		}
		if timedOut {
			pe = &ProviderError{Provider: r.Name(), Err: errTimeout{timeout}}
		}
		if !pe.Retryable() || streamed || attempt >= attempts {
			return Response{}, pe
		}
		wait := pe.RetryAfter
		if wait <= 0 {
			wait = backoff(attempt)
		}
		if waited+wait > budget {
			return Response{}, pe
		}
		if err := sleep(ctx, wait); err != nil {
			return Response{}, err
		}
		waited += wait
	}
}

type errTimeout struct{ d time.Duration }

func (e errTimeout) Error() string { return "no answer within " + e.d.String() }

// backoff is 0.5 s, 1 s, 2 s, ... with ±25 % jitter.
func backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << (attempt - 1)
	return d*3/4 + time.Duration(rand.Int64N(int64(d/2)+1))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func orDuration(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// retryAfter reads Retry-After (seconds or an HTTP date) and the
// retry-after-ms some providers send; 0 when absent or unreadable.
func retryAfter(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	if ms := strings.TrimSpace(h.Get("Retry-After-Ms")); ms != "" {
		if f, err := strconv.ParseFloat(ms, 64); err == nil && f > 0 {
			return time.Duration(f * float64(time.Millisecond))
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 {
		return time.Duration(f * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
