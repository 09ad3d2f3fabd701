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
type Fallback struct {
	Primary, Local Limiter
	Logger         *slog.Logger
	lastWarn       atomic.Int64 // unix seconds of the last warning
}

// Allow counts a hit on Primary, else on Local.
func (f *Fallback) Allow(ctx context.Context, key string, limit int, window time.Duration) (Result, error) {
	r, err := f.Primary.Allow(ctx, key, limit, window)
	if err != nil {
		f.warn(ctx, err)
		return f.Local.Allow(ctx, key, limit, window)
	}
	return r, nil
}

// Peek reads the count of Primary, else of Local.
func (f *Fallback) Peek(ctx context.Context, key string, limit int, window time.Duration) (Result, error) {
	r, err := f.Primary.Peek(ctx, key, limit, window)
	if err != nil {
		f.warn(ctx, err)
		return f.Local.Peek(ctx, key, limit, window)
	}
	return r, nil
}

// Release goes to both: the hit was recorded by whichever answered.
func (f *Fallback) Release(ctx context.Context, key, id string) error {
	f.Local.Release(ctx, key, id)
	if err := f.Primary.Release(ctx, key, id); err != nil {
		f.warn(ctx, err)
	}
	return nil
}

// Reset clears key on both.
func (f *Fallback) Reset(ctx context.Context, key string) error {
	f.Local.Reset(ctx, key)
	if err := f.Primary.Reset(ctx, key); err != nil {
		f.warn(ctx, err)
	}
	return nil
}

// warn logs at most once a minute: an outage must not flood the log.
func (f *Fallback) warn(ctx context.Context, err error) {
	if f.Logger == nil {
		return
	}
	now := time.Now().Unix()
	last := f.lastWarn.Load()
	if now-last >= 60 && f.lastWarn.CompareAndSwap(last, now) {
		f.Logger.WarnContext(ctx, "shared rate limits unavailable; counting in this process", "err", err)
	}
}
