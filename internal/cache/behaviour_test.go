package cache_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mais/internal/cache"
)

// testBehaviour checks what every Cache implementation must do. newCache
// returns a fresh, empty cache.
func testBehaviour(t *testing.T, newCache func(t *testing.T) cache.Cache) {
	t.Run("TenantIsolation", func(t *testing.T) {
		c := newCache(t)
		ctx := t.Context()
		c.Set(ctx, cache.TenantKey("a", "catalog"), []byte("A"), time.Minute)
		c.Set(ctx, cache.TenantKey("b", "catalog"), []byte("B"), time.Minute)
		for tenant, want := range map[string]string{"a": "A", "b": "B"} {
			got, ok := c.Get(ctx, cache.TenantKey(tenant, "catalog"))
			if !ok || string(got) != want {
				t.Errorf("Get(%s) = %q, %v; want %q, true", tenant, got, ok, want)
			}
		}
		if _, ok := c.Get(ctx, cache.TenantKey("c", "catalog")); ok {
			t.Error("tenant c sees a value it never stored")
		}
	})

	t.Run("InvalidateTenantLeavesOthers", func(t *testing.T) {
		c := newCache(t)
		ctx := t.Context()
		var mu sync.Mutex
		var invalidated []string
		c.OnInvalidate(func(id string) {
			mu.Lock()
			defer mu.Unlock()
			invalidated = append(invalidated, id)
		})
		for _, tenant := range []string{"a", "b"} {
			c.Set(ctx, cache.TenantKey(tenant, "x"), []byte(tenant), time.Minute)
			c.Set(ctx, cache.TenantKey(tenant, "y"), []byte(tenant), time.Minute)
		}
		c.InvalidateTenant(ctx, "a")
		for _, name := range []string{"x", "y"} {
			if _, ok := c.Get(ctx, cache.TenantKey("a", name)); ok {
				t.Errorf("a:%s survived InvalidateTenant(a)", name)
			}
			if _, ok := c.Get(ctx, cache.TenantKey("b", name)); !ok {
				t.Errorf("b:%s lost by InvalidateTenant(a)", name)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if got, want := fmt.Sprint(invalidated), "[a]"; got != want {
			t.Errorf("OnInvalidate saw %s, want %s", got, want)
		}

		// The tenant is usable again after the invalidation.
		c.Set(ctx, cache.TenantKey("a", "x"), []byte("new"), time.Minute)
		if got, ok := c.Get(ctx, cache.TenantKey("a", "x")); !ok || string(got) != "new" {
			t.Errorf("after re-Set: Get = %q, %v; want \"new\", true", got, ok)
		}
	})

	t.Run("Delete", func(t *testing.T) {
		c := newCache(t)
		ctx := t.Context()
		c.Set(ctx, cache.TenantKey("a", "x"), []byte("1"), time.Minute)
		c.Set(ctx, cache.TenantKey("a", "y"), []byte("2"), time.Minute)
		c.Delete(ctx, cache.TenantKey("a", "x"))
		if _, ok := c.Get(ctx, cache.TenantKey("a", "x")); ok {
			t.Error("deleted key still found")
		}
		if _, ok := c.Get(ctx, cache.TenantKey("a", "y")); !ok {
			t.Error("Delete dropped a neighbour")
		}
	})

	t.Run("TTLExpiry", func(t *testing.T) {
		c := newCache(t)
		ctx := t.Context()
		k := cache.TenantKey("a", "short")
		c.Set(ctx, k, []byte("v"), 100*time.Millisecond)
		if _, ok := c.Get(ctx, k); !ok {
			t.Fatal("value missing right after Set")
		}
		time.Sleep(250 * time.Millisecond)
		if _, ok := c.Get(ctx, k); ok {
			t.Error("value still served after its TTL")
		}
	})

	t.Run("InvalidKey", func(t *testing.T) {
		c := newCache(t)
		ctx := t.Context()
		for _, k := range []cache.Key{{}, cache.TenantKey("", "x"), cache.TenantKey("a:b", "x")} {
			c.Set(ctx, k, []byte("v"), time.Minute)
			if _, ok := c.Get(ctx, k); ok {
				t.Errorf("invalid key %q was stored", k)
			}
			c.Delete(ctx, k)
		}
		if got := c.Stats(ctx).Keys; got != 0 {
			t.Errorf("Keys = %d after only invalid Sets, want 0", got)
		}
	})

	t.Run("SetCopiesValue", func(t *testing.T) {
		c := newCache(t)
		ctx := t.Context()
		v := []byte("abc")
		c.Set(ctx, cache.TenantKey("a", "x"), v, time.Minute)
		v[0] = 'X'
		if got, _ := c.Get(ctx, cache.TenantKey("a", "x")); string(got) != "abc" {
			t.Errorf("Get = %q after the caller changed its slice, want \"abc\"", got)
		}
	})

	t.Run("Stats", func(t *testing.T) {
		c := newCache(t)
		ctx := t.Context()
		k := cache.TenantKey("a", "x")
		c.Set(ctx, k, []byte("v"), time.Minute)
		for range 3 {
			c.Get(ctx, k)
		}
		c.Get(ctx, cache.TenantKey("a", "absent"))
		s := c.Stats(ctx)
		if !s.Connected || s.Hits != 3 || s.Misses != 1 || s.TotalRequests != 4 || s.HitRate != "75.0%" || s.Keys != 1 {
			t.Errorf("Stats = %+v, want connected, 3 hits, 1 miss, 4 requests, 75.0%%, 1 key", s)
		}
	})

	t.Run("GetOrLoadLoadsOnce", func(t *testing.T) {
		c := newCache(t)
		k := cache.TenantKey("a", "hot")
		var loads atomic.Int32
		release := make(chan struct{})
		load := func(context.Context) ([]byte, error) {
			loads.Add(1)
			<-release
			return []byte("loaded"), nil
		}
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		for range 100 {
			wg.Go(func() {
				v, err := cache.GetOrLoad(t.Context(), c, k, time.Minute, load)
				if err == nil && string(v) != "loaded" {
					err = fmt.Errorf("got %q", v)
				}
				errs <- err
			})
		}
		time.Sleep(50 * time.Millisecond) // let the callers pile up on the load
		close(release)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := loads.Load(); got != 1 {
			t.Errorf("load ran %d times for 100 concurrent callers, want 1", got)
		}
		if v, ok := c.Get(t.Context(), k); !ok || string(v) != "loaded" {
			t.Errorf("Get after GetOrLoad = %q, %v; want stored value", v, ok)
		}
	})

	t.Run("GetOrLoadErrorNotCached", func(t *testing.T) {
		c := newCache(t)
		k := cache.TenantKey("a", "flaky")
		boom := errors.New("boom")
		if _, err := cache.GetOrLoad(t.Context(), c, k, time.Minute, func(context.Context) ([]byte, error) {
			return nil, boom
		}); !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		v, err := cache.GetOrLoad(t.Context(), c, k, time.Minute, func(context.Context) ([]byte, error) {
			return []byte("ok"), nil
		})
		if err != nil || string(v) != "ok" {
			t.Errorf("second GetOrLoad = %q, %v; want a fresh load", v, err)
		}
	})

	t.Run("GetOrLoadInvalidatedDuringLoad", func(t *testing.T) {
		c := newCache(t)
		k := cache.TenantKey("a", "racy")
		_, err := cache.GetOrLoad(t.Context(), c, k, time.Minute, func(ctx context.Context) ([]byte, error) {
			// A write commits and invalidates while the old value is loading.
			c.InvalidateTenant(ctx, "a")
			return []byte("stale"), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := c.Get(t.Context(), k); ok {
			t.Errorf("value loaded before the invalidation is served after it: %q", v)
		}
	})

	t.Run("GetOrLoadPanic", func(t *testing.T) {
		c := newCache(t)
		_, err := cache.GetOrLoad(t.Context(), c, cache.TenantKey("a", "p"), time.Minute, func(context.Context) ([]byte, error) {
			panic("bad loader")
		})
		if err == nil {
			t.Error("a panicking load returned no error")
		}
	})

	t.Run("GetOrLoadCallerGivesUp", func(t *testing.T) {
		c := newCache(t)
		k := cache.TenantKey("a", "slow")
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		defer cancel()
		done := make(chan struct{})
		_, err := cache.GetOrLoad(ctx, c, k, time.Minute, func(ctx context.Context) ([]byte, error) {
			defer close(done)
			time.Sleep(60 * time.Millisecond)
			return []byte("late"), ctx.Err()
		})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want deadline exceeded", err)
		}
		<-done
	})
}
