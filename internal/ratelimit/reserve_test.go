package ratelimit_test

import (
	"sync"
	"testing"
	"time"

	"mais/internal/ratelimit"
)

// eachLimiter runs fn on the in-process limiter and on the Redis one.
func eachLimiter(t *testing.T, fn func(t *testing.T, l ratelimit.Limiter)) {
	t.Run("Memory", func(t *testing.T) { fn(t, ratelimit.NewMemory(nil)) })
	t.Run("Redis", func(t *testing.T) {
		client, prefix := mustRedis(t)
		fn(t, ratelimit.NewRedis(client, prefix))
	})
}

// TestAllowIsAtomic: twenty concurrent hits on a limit of five get exactly
// five allowances, each with an id of its own. This is what makes a limit
// reserved before costly work (a password check) exact.
func TestAllowIsAtomic(t *testing.T) {
	eachLimiter(t, func(t *testing.T, l ratelimit.Limiter) {
		const tries, limit = 20, 5
		var wg sync.WaitGroup
		results := make([]ratelimit.Result, tries)
		start := make(chan struct{})
		for i := range tries {
			wg.Go(func() {
				<-start
				r, err := l.Allow(t.Context(), "login:ip:192.0.2.1", limit, 15*time.Minute)
				if err != nil {
					t.Error(err)
				}
				results[i] = r
			})
		}
		close(start)
		wg.Wait()
		allowed, ids := 0, map[string]bool{}
		for _, r := range results {
			switch {
			case r.Allowed:
				allowed++
				if r.ID == "" || ids[r.ID] {
					t.Errorf("allowed hit without an id of its own: %+v", r)
				}
				ids[r.ID] = true
			case r.ID != "":
				t.Errorf("refused hit has an id: %+v", r)
			}
		}
		if allowed != limit {
			t.Errorf("%d of %d concurrent hits allowed, want exactly %d", allowed, tries, limit)
		}
	})
}

// TestRelease takes back one reserved hit and only that one.
func TestRelease(t *testing.T) {
	eachLimiter(t, func(t *testing.T, l ratelimit.Limiter) {
		ctx := t.Context()
		const limit, window = 2, time.Minute
		first, _ := l.Allow(ctx, "k", limit, window)
		second, _ := l.Allow(ctx, "k", limit, window)
		if !first.Allowed || !second.Allowed {
			t.Fatalf("hits within the limit refused: %+v %+v", first, second)
		}
		if r, _ := l.Allow(ctx, "k", limit, window); r.Allowed {
			t.Fatal("third hit allowed on a limit of 2")
		}
		if err := l.Release(ctx, "k", second.ID); err != nil {
			t.Fatal(err)
		}
		if r, _ := l.Peek(ctx, "k", limit, window); !r.Allowed || r.Count != 1 {
			t.Errorf("after releasing one hit: %+v, want count 1", r)
		}
		for _, id := range []string{"", "no-such-hit", second.ID} {
			if err := l.Release(ctx, "k", id); err != nil {
				t.Errorf("Release(%q): %v", id, err)
			}
		}
		if err := l.Release(ctx, "never-used", first.ID); err != nil {
			t.Errorf("Release on an unknown key: %v", err)
		}
		if r, _ := l.Peek(ctx, "k", limit, window); r.Count != 1 {
			t.Errorf("releasing unknown ids changed the count: %+v", r)
		}
	})
}
