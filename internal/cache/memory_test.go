package cache_test

import (
	"testing"
	"time"

	"mais/internal/cache"
	"mais/internal/testclock"
)

func TestMemory(t *testing.T) {
	testBehaviour(t, func(*testing.T) cache.Cache { return cache.NewMemory(100) })
}

func TestMemoryExpiryClock(t *testing.T) {
	m := cache.NewMemory(10)
	clock := testclock.Frozen(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	cache.SetClock(m, clock.Now)
	ctx := t.Context()
	k := cache.TenantKey("a", "x")
	m.Set(ctx, k, []byte("v"), time.Minute)

	clock.Advance(time.Minute - time.Nanosecond)
	if _, ok := m.Get(ctx, k); !ok {
		t.Fatal("expired before its TTL")
	}
	clock.Advance(time.Nanosecond)
	if _, ok := m.Get(ctx, k); ok {
		t.Fatal("served at its TTL")
	}
	if got := m.Stats(ctx).Keys; got != 0 {
		t.Errorf("Keys = %d after the expired entry was read, want 0", got)
	}
}

func TestMemoryDefaultTTL(t *testing.T) {
	m := cache.NewMemory(10)
	clock := testclock.Frozen(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	cache.SetClock(m, clock.Now)
	k := cache.TenantKey("a", "x")
	m.Set(t.Context(), k, []byte("v"), 0)
	clock.Advance(cache.DefaultTTL - time.Second)
	if _, ok := m.Get(t.Context(), k); !ok {
		t.Fatal("a TTL of 0 expired before DefaultTTL")
	}
	clock.Advance(time.Second)
	if _, ok := m.Get(t.Context(), k); ok {
		t.Fatal("a TTL of 0 never expires")
	}
}

func TestMemoryLRUBound(t *testing.T) {
	m := cache.NewMemory(3)
	ctx := t.Context()
	for _, name := range []string{"1", "2", "3"} {
		m.Set(ctx, cache.TenantKey("a", name), []byte(name), time.Minute)
	}
	m.Get(ctx, cache.TenantKey("a", "1")) // 2 is now the least recently used
	m.Set(ctx, cache.TenantKey("b", "4"), []byte("4"), time.Minute)

	for name, want := range map[string]bool{"1": true, "2": false, "3": true} {
		if _, ok := m.Get(ctx, cache.TenantKey("a", name)); ok != want {
			t.Errorf("a:%s present = %v, want %v", name, ok, want)
		}
	}
	if got, want := m.Stats(ctx).Keys, int64(3); got != want {
		t.Errorf("Keys = %d, want %d", got, want)
	}
}

func TestMemoryKeysAfterInvalidation(t *testing.T) {
	m := cache.NewMemory(4)
	ctx := t.Context()
	for _, name := range []string{"1", "2", "3"} {
		m.Set(ctx, cache.TenantKey("a", name), nil, time.Minute)
	}
	m.Set(ctx, cache.TenantKey("b", "1"), nil, time.Minute)
	m.Set(ctx, cache.TenantKey("b", "1"), nil, time.Minute) // overwrite, not a new key
	if got, want := m.Stats(ctx).Keys, int64(4); got != want {
		t.Fatalf("Keys = %d, want %d", got, want)
	}
	m.InvalidateTenant(ctx, "a")
	if got, want := m.Stats(ctx).Keys, int64(1); got != want {
		t.Fatalf("Keys after invalidating a = %d, want %d", got, want)
	}
	// New entries push out a's unreachable ones without being miscounted.
	for _, name := range []string{"2", "3", "4", "5"} {
		m.Set(ctx, cache.TenantKey("b", name), nil, time.Minute)
	}
	if got, want := m.Stats(ctx).Keys, int64(4); got != want {
		t.Errorf("Keys after refilling = %d, want %d", got, want)
	}
	m.Delete(ctx, cache.TenantKey("b", "5"))
	if got, want := m.Stats(ctx).Keys, int64(3); got != want {
		t.Errorf("Keys after Delete = %d, want %d", got, want)
	}
}

func TestMemoryStatsEmpty(t *testing.T) {
	s := cache.NewMemory(1).Stats(t.Context())
	if s.HitRate != "0.0%" || s.TotalRequests != 0 || !s.Connected {
		t.Errorf("Stats = %+v, want connected, no requests, 0.0%%", s)
	}
}
