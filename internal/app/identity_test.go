package app

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"mais/internal/ratelimit"
)

// downLimiter is a shared limiter whose Redis has gone away.
type downLimiter struct{ calls int }

var errDown = errors.New("redis: connection refused")

func (d *downLimiter) Allow(context.Context, string, int, time.Duration) (ratelimit.Result, error) {
	d.calls++
	return ratelimit.Result{}, errDown
}

func (d *downLimiter) Peek(context.Context, string, int, time.Duration) (ratelimit.Result, error) {
	d.calls++
	return ratelimit.Result{}, errDown
}

func (d *downLimiter) Reset(context.Context, string) error { d.calls++; return errDown }

func TestFallbackLimiterCountsLocallyWhenSharedIsDown(t *testing.T) {
	down := &downLimiter{}
	f := &fallbackLimiter{primary: down, local: ratelimit.NewMemory(nil), logger: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	for i := 1; i <= 3; i++ {
		r, err := f.Allow(ctx, "k", 3, time.Minute)
		if err != nil || !r.Allowed {
			t.Fatalf("hit %d: %+v %v", i, r, err)
		}
	}
	if r, err := f.Allow(ctx, "k", 3, time.Minute); err != nil || r.Allowed {
		t.Fatalf("fourth hit with the shared limiter down: %+v %v; want refused by the local count", r, err)
	}
	if r, _ := f.Peek(ctx, "k", 3, time.Minute); r.Allowed {
		t.Error("peek does not see the local count")
	}
	if err := f.Reset(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if r, _ := f.Peek(ctx, "k", 3, time.Minute); !r.Allowed {
		t.Error("reset did not clear the local count")
	}
	if down.calls == 0 {
		t.Error("the shared limiter was never asked")
	}
}
