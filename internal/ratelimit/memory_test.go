package ratelimit_test

import (
	"testing"
	"time"

	"mais/internal/ratelimit"
	"mais/internal/testclock"
)

// newClock is a hand-moved time source.
func newClock() *testclock.Clock {
	return testclock.Frozen(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
}

func TestMemoryLimit(t *testing.T) {
	clk := newClock()
	m := ratelimit.NewMemory(clk.Now)
	ctx := t.Context()
	const limit, window = 5, 15 * time.Minute

	for i := 1; i <= limit; i++ {
		r, err := m.Allow(ctx, "ip:1.2.3.4", limit, window)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Allowed || r.Count != i || r.Limit != limit || r.RetryAfter != 0 {
			t.Fatalf("hit %d: %+v, want allowed with count %d", i, r, i)
		}
		clk.Advance(time.Minute)
	}
	// Hits at 0, 1, 2, 3, 4 min; now 5 min: the first ages out at 15 min.
	r, _ := m.Allow(ctx, "ip:1.2.3.4", limit, window)
	if r.Allowed || r.Count != limit {
		t.Fatalf("6th hit: %+v, want refused with count %d", r, limit)
	}
	if got, want := r.RetryAfter, 10*time.Minute; got != want {
		t.Errorf("RetryAfter = %v, want %v", got, want)
	}
	if got, want := r.RetryAfterSeconds(), 600; got != want {
		t.Errorf("RetryAfterSeconds = %d, want %d", got, want)
	}
	if r, _ := m.Allow(ctx, "ip:5.6.7.8", limit, window); !r.Allowed || r.Count != 1 {
		t.Errorf("another key: %+v, want its own count", r)
	}

	// The refused hit was not recorded: at 15 min exactly one slot frees.
	clk.Advance(10*time.Minute - time.Nanosecond)
	if r, _ := m.Allow(ctx, "ip:1.2.3.4", limit, window); r.Allowed {
		t.Fatalf("allowed just before the oldest hit aged out: %+v", r)
	}
	clk.Advance(time.Nanosecond)
	if r, _ := m.Allow(ctx, "ip:1.2.3.4", limit, window); !r.Allowed || r.Count != limit {
		t.Fatalf("at 15 min: %+v, want allowed with count %d", r, limit)
	}
	if r, _ := m.Allow(ctx, "ip:1.2.3.4", limit, window); r.Allowed || r.RetryAfter != time.Minute {
		t.Errorf("right after: %+v, want refused for 1m (until the 1-min hit ages out)", r)
	}
}

func TestMemoryPeek(t *testing.T) {
	clk := newClock()
	m := ratelimit.NewMemory(clk.Now)
	ctx := t.Context()
	if r, _ := m.Peek(ctx, "acct", 2, time.Minute); !r.Allowed || r.Count != 0 {
		t.Fatalf("Peek on a new key: %+v", r)
	}
	for range 3 {
		m.Peek(ctx, "acct", 2, time.Minute)
	}
	m.Allow(ctx, "acct", 2, time.Minute)
	if r, _ := m.Peek(ctx, "acct", 2, time.Minute); !r.Allowed || r.Count != 1 {
		t.Fatalf("Peek after one hit: %+v, want allowed with count 1", r)
	}
	clk.Advance(10 * time.Second)
	m.Allow(ctx, "acct", 2, time.Minute)
	r, _ := m.Peek(ctx, "acct", 2, time.Minute)
	if r.Allowed || r.Count != 2 || r.RetryAfter != 50*time.Second {
		t.Errorf("Peek at the limit: %+v, want refused, count 2, retry 50s", r)
	}
}

func TestMemoryReset(t *testing.T) {
	m := ratelimit.NewMemory(nil)
	ctx := t.Context()
	m.Allow(ctx, "k", 1, time.Hour)
	if r, _ := m.Allow(ctx, "k", 1, time.Hour); r.Allowed {
		t.Fatal("second hit allowed with a limit of 1")
	}
	if err := m.Reset(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if r, _ := m.Allow(ctx, "k", 1, time.Hour); !r.Allowed {
		t.Error("hit refused after Reset")
	}
}

func TestMemorySweep(t *testing.T) {
	clk := newClock()
	m := ratelimit.NewMemory(clk.Now)
	ctx := t.Context()
	for _, ip := range []string{"a", "b", "c"} {
		m.Allow(ctx, ip, 10, time.Minute)
	}
	m.Allow(ctx, "long", 10, time.Hour)
	clk.Advance(2 * time.Minute)
	m.Peek(ctx, "anything", 10, time.Minute)
	if got, want := m.Len(), 1; got != want {
		t.Errorf("keys after their windows passed = %d, want %d (only the hour-long one)", got, want)
	}
}

func TestBadArguments(t *testing.T) {
	m := ratelimit.NewMemory(nil)
	for _, tt := range []struct {
		limit  int
		window time.Duration
	}{{0, time.Minute}, {5, 0}, {-1, time.Minute}} {
		if _, err := m.Allow(t.Context(), "k", tt.limit, tt.window); err == nil {
			t.Errorf("Allow(limit %d, window %v) gave no error", tt.limit, tt.window)
		}
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want int
	}{
		{time.Millisecond, 1},
		{time.Second, 1},
		{time.Second + time.Millisecond, 2},
		{90 * time.Second, 90},
	}
	for _, tt := range tests {
		if got := (ratelimit.Result{RetryAfter: tt.in}).RetryAfterSeconds(); got != tt.want {
			t.Errorf("RetryAfterSeconds(%v) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
