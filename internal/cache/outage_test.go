package cache_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"mais/internal/apperr"
	"mais/internal/cache"
	"mais/internal/testclock"
)

// A hold changes a tenant's availability, not its catalog or pages without
// dates (issue 11): InvalidateAvailability drops the one and keeps the
// other, and runs no OnInvalidate callback (the tenant lookups stay).
func TestInvalidateAvailabilityKeepsTheRest(t *testing.T) {
	each(t, func(t *testing.T, c cache.Cache, _ func(time.Duration)) {
		ctx := t.Context()
		var calls atomic.Int32
		c.OnInvalidate(func(string) { calls.Add(1) })
		catalog, taken := cache.TenantKey("a", "catalog"), cache.AvailabilityKey("a", "taken", "2028-11")
		other := cache.AvailabilityKey("b", "taken", "2028-11")
		for _, k := range []cache.Key{catalog, taken, other} {
			c.Set(ctx, k, []byte("v"), time.Minute)
		}
		cache.InvalidateAvailability(ctx, c, "a")
		if _, ok := c.Get(ctx, taken); ok {
			t.Error("availability survived InvalidateAvailability")
		}
		for _, k := range []cache.Key{catalog, other} {
			if _, ok := c.Get(ctx, k); !ok {
				t.Errorf("%s lost by InvalidateAvailability(a)", k)
			}
		}
		if n := calls.Load(); n != 0 {
			t.Errorf("OnInvalidate ran %d times for an availability change", n)
		}
		c.Set(ctx, taken, []byte("v"), time.Minute)
		c.InvalidateTenant(ctx, "a")
		for _, k := range []cache.Key{catalog, taken} {
			if _, ok := c.Get(ctx, k); ok {
				t.Errorf("%s survived InvalidateTenant", k)
			}
		}
	})
}

// While the store is unavailable GetOrLoad serves the last good copy of an
// expired value; other errors, and a tenant invalidated since, still fail.
func TestGetOrLoadServesStaleOnOutage(t *testing.T) {
	each(t, func(t *testing.T, c cache.Cache, pass func(time.Duration)) {
		ctx := t.Context()
		k := cache.TenantKey("a", "page")
		ttl := 200 * time.Millisecond
		load := func(v []byte, err error) func(context.Context) ([]byte, error) {
			return func(context.Context) ([]byte, error) { return v, err }
		}
		if _, err := cache.GetOrLoad(ctx, c, k, ttl, load([]byte("good"), nil)); err != nil {
			t.Fatal(err)
		}
		pass(ttl + 50*time.Millisecond)
		down := apperr.Unavailable(errors.New("connection refused"), "down")
		got, err := cache.GetOrLoad(ctx, c, k, ttl, load(nil, down))
		if err != nil || string(got) != "good" {
			t.Fatalf("during an outage: %q, %v; want the last good copy", got, err)
		}
		if _, err := cache.GetOrLoad(ctx, c, k, ttl, load(nil, apperr.NotFound("page"))); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("NOT_FOUND after expiry: err = %v, want it passed through", err)
		}
		c.InvalidateTenant(ctx, "a")
		if _, err := cache.GetOrLoad(ctx, c, k, ttl, load(nil, down)); !apperr.Is(err, apperr.CodeUnavailable) {
			t.Errorf("after an invalidation: err = %v, want UNAVAILABLE (no stale copy)", err)
		}
	})
}

// each runs fn on a Memory cache (with a clock moved by pass) and on a Redis
// cache (pass sleeps).
func each(t *testing.T, fn func(t *testing.T, c cache.Cache, pass func(time.Duration))) {
	t.Run("memory", func(t *testing.T) {
		m := cache.NewMemory(100)
		clock := testclock.Frozen(time.Date(2028, 11, 4, 12, 0, 0, 0, time.UTC))
		cache.SetClock(m, clock.Now)
		fn(t, m, clock.Advance)
	})
	t.Run("redis", func(t *testing.T) {
		fn(t, mustOpenRedis(t, testPrefix()), time.Sleep)
	})
}

// Another process drops its availability copies on a peer's
// InvalidateAvailability, and keeps its catalog.
func TestRedisAvailabilityReachesOtherProcess(t *testing.T) {
	prefix := testPrefix()
	a, b := mustOpenRedis(t, prefix), mustOpenRedis(t, prefix)
	ctx := t.Context()
	catalog, taken := cache.TenantKey("t", "catalog"), cache.AvailabilityKey("t", "taken")
	a.Set(ctx, catalog, []byte("c"), time.Minute)
	a.Set(ctx, taken, []byte("d"), time.Minute)
	for _, k := range []cache.Key{catalog, taken} {
		if _, ok := b.Get(ctx, k); !ok {
			t.Fatalf("b misses %s", k)
		}
	}
	cache.InvalidateAvailability(ctx, a, "t")
	if _, ok := eventually(t, 2*time.Second, func() bool { _, ok := b.Get(ctx, taken); return !ok }); !ok {
		t.Error("b still serves availability invalidated by a")
	}
	if _, ok := b.Get(ctx, catalog); !ok {
		t.Error("b lost the catalog on an availability change")
	}
}

// A cache started while Redis was down starts sharing once Redis answers,
// with no restart of the process.
func TestRedisStartedDownConnectsLater(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, err := cache.NewRedis(t.Context(), "redis://"+addr, 10, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("NewRedis while Redis is down: %v", err)
	}
	defer c.Close()
	mr := miniredis.NewMiniRedis()
	if err := mr.StartAddr(addr); err != nil {
		t.Fatal(err)
	}
	defer mr.Close()
	if _, ok := eventually(t, 5*time.Second, func() bool { return cache.Status(t.Context(), c) == cache.StatusOK }); !ok {
		t.Fatal("the cache never saw Redis come back")
	}
	k := cache.TenantKey("t", "x")
	if _, ok := eventually(t, 5*time.Second, func() bool {
		c.Set(t.Context(), k, []byte("v"), time.Minute)
		return mr.Exists("mais:c:t:0:x")
	}); !ok {
		t.Errorf("values are not shared after Redis came back; keys: %v", mr.Keys())
	}
}
