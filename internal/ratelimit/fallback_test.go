package ratelimit_test

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

func (d *downLimiter) Release(context.Context, string, string) error { d.calls++; return errDown }

func (d *downLimiter) Reset(context.Context, string) error { d.calls++; return errDown }

func TestFallbackCountsLocallyWhenSharedIsDown(t *testing.T) {
	down := &downLimiter{}
	f := &ratelimit.Fallback{Primary: down, Local: ratelimit.NewMemory(nil), Logger: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	var first ratelimit.Result
	for i := 1; i <= 3; i++ {
		r, err := f.Allow(ctx, "k", 3, time.Minute)
		if err != nil || !r.Allowed {
			t.Fatalf("hit %d: %+v %v", i, r, err)
		}
		if i == 1 {
			first = r
		}
	}
	if r, err := f.Allow(ctx, "k", 3, time.Minute); err != nil || r.Allowed {
		t.Fatalf("fourth hit with the shared limiter down: %+v %v; want refused by the local count", r, err)
	}
	if r, _ := f.Peek(ctx, "k", 3, time.Minute); r.Allowed {
		t.Error("peek does not see the local count")
	}
	// A hit reserved while the shared limiter is down is given back locally.
	if err := f.Release(ctx, "k", first.ID); err != nil {
		t.Fatal(err)
	}
	if r, _ := f.Peek(ctx, "k", 3, time.Minute); !r.Allowed || r.Count != 2 {
		t.Errorf("after releasing a hit: %+v, want count 2", r)
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
