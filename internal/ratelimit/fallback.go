package ratelimit

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"
)

// Fallback asks Primary (Redis, shared by every process) and, when it
// fails, Local (this process). Failed logins stay limited per process while
// Redis is away instead of not at all.
//
// A failure also opens a circuit: for Cooloff, Primary is not asked at all,
// then one call probes it. A frozen Redis (one that accepts connections but
// never answers) would otherwise cost every request the limiter's whole
// call timeout.
type Fallback struct {
	Primary, Local Limiter
	Logger         *slog.Logger
	// Cooloff is how long Primary is skipped after a failure; 5 s when zero.
	Cooloff time.Duration
	// Now is the clock of the circuit; time.Now when nil.
	Now func() time.Time

	lastWarn atomic.Int64 // unix seconds of the last warning
	// openUntil is when, in unix nanoseconds, Primary may be asked again;
	// zero while the circuit is closed.
	openUntil atomic.Int64
}

// Allow counts a hit on Primary, else on Local.
func (f *Fallback) Allow(ctx context.Context, key string, limit int, window time.Duration) (Result, error) {
	if f.primaryUp() {
		r, err := f.Primary.Allow(ctx, key, limit, window)
		if err == nil {
			f.succeeded()
			return r, nil
		}
		f.failed(ctx, err)
	}
	return f.Local.Allow(ctx, key, limit, window)
}

// Peek reads the count of Primary, else of Local.
func (f *Fallback) Peek(ctx context.Context, key string, limit int, window time.Duration) (Result, error) {
	if f.primaryUp() {
		r, err := f.Primary.Peek(ctx, key, limit, window)
		if err == nil {
			f.succeeded()
			return r, nil
		}
		f.failed(ctx, err)
	}
	return f.Local.Peek(ctx, key, limit, window)
}

// Release goes to both: the hit was recorded by whichever answered.
func (f *Fallback) Release(ctx context.Context, key, id string) error {
	f.Local.Release(ctx, key, id)
	if f.primaryUp() {
		if err := f.Primary.Release(ctx, key, id); err != nil {
			f.failed(ctx, err)
		}
	}
	return nil
}

// Reset clears key on both.
func (f *Fallback) Reset(ctx context.Context, key string) error {
	f.Local.Reset(ctx, key)
	if f.primaryUp() {
		if err := f.Primary.Reset(ctx, key); err != nil {
			f.failed(ctx, err)
		}
	}
	return nil
}

// primaryUp says whether to ask Primary: yes while the circuit is closed;
// once it has been open for Cooloff, yes for exactly one caller, the probe,
// which reopens it for another Cooloff until it succeeds.
func (f *Fallback) primaryUp() bool {
	until := f.openUntil.Load()
	if until == 0 {
		return true
	}
	now := f.now()
	return now.UnixNano() >= until && f.openUntil.CompareAndSwap(until, now.Add(f.cooloff()).UnixNano())
}

func (f *Fallback) succeeded() { f.openUntil.Store(0) }

func (f *Fallback) failed(ctx context.Context, err error) {
	f.openUntil.Store(f.now().Add(f.cooloff()).UnixNano())
	f.warn(ctx, err)
}

func (f *Fallback) cooloff() time.Duration {
	if f.Cooloff > 0 {
		return f.Cooloff
	}
	return 5 * time.Second
}

func (f *Fallback) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// warn logs at most once a minute: an outage must not flood the log.
func (f *Fallback) warn(ctx context.Context, err error) {
	if f.Logger == nil {
		return
	}
	now := f.now().Unix()
	last := f.lastWarn.Load()
	if now-last >= 60 && f.lastWarn.CompareAndSwap(last, now) {
		f.Logger.WarnContext(ctx, "shared rate limits unavailable; counting in this process", "err", err)
	}
}
