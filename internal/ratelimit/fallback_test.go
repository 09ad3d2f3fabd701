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

// flakyLimiter fails while down is set and counts the calls it gets.
type flakyLimiter struct {
	down  bool
	calls int
}

func (l *flakyLimiter) Allow(context.Context, string, int, time.Duration) (ratelimit.Result, error) {
	l.calls++
	if l.down {
		return ratelimit.Result{}, errDown
	}
	return ratelimit.Result{Allowed: true, Count: 1, Limit: 10}, nil
}

func (l *flakyLimiter) Peek(ctx context.Context, k string, n int, w time.Duration) (ratelimit.Result, error) {
	return l.Allow(ctx, k, n, w)
}

func (l *flakyLimiter) Release(context.Context, string, string) error { l.calls++; return nil }

func (l *flakyLimiter) Reset(context.Context, string) error { l.calls++; return nil }

// While the shared limiter is failing, it is asked once per cool-off, not
// once per request: a frozen Redis would otherwise cost every request the
// limiter's call timeout. Once a probe succeeds it is asked every time again.
func TestFallbackSkipsAFailingSharedLimiter(t *testing.T) {
	shared := &flakyLimiter{down: true}
	now := time.Date(2027, 3, 10, 15, 0, 0, 0, time.UTC)
	f := &ratelimit.Fallback{Primary: shared, Local: ratelimit.NewMemory(nil), Cooloff: 5 * time.Second,
		Now: func() time.Time { return now }}
	ctx := context.Background()
	for range 100 {
		if r, err := f.Allow(ctx, "k", 1000, time.Minute); err != nil || !r.Allowed {
			t.Fatalf("allow with the shared limiter down: %+v %v", r, err)
		}
	}
	if shared.calls != 1 {
		t.Fatalf("the failing shared limiter was asked %d times in one cool-off, want 1", shared.calls)
	}
	now = now.Add(5 * time.Second)
	f.Allow(ctx, "k", 1000, time.Minute)
	f.Allow(ctx, "k", 1000, time.Minute)
	if shared.calls != 2 {
		t.Fatalf("after the cool-off the shared limiter was asked %d times in all, want 2 (one probe)", shared.calls)
	}
	shared.down = false
	now = now.Add(5 * time.Second)
	for range 3 {
		if r, _ := f.Allow(ctx, "k", 1000, time.Minute); r.Count != 1 {
			t.Fatalf("after recovery the answer came from the local count: %+v", r)
		}
	}
	if shared.calls != 5 {
		t.Errorf("after a successful probe the shared limiter was asked %d times in all, want 5", shared.calls)
	}
}
