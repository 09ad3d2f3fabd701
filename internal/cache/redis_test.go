package cache_test

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"mais/internal/cache"
)

// testRedisURL is the Redis the tests use; each test works under its own
// random prefix, so tests and parallel runs do not see each other's keys.
func testRedisURL() string {
	if u := os.Getenv("MAIS_TEST_REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

func testPrefix() string { return "test:" + strings.ToLower(rand.Text()) + ":" }

// mustOpenRedis returns a Redis cache under prefix, closed when the test
// ends. Without Redis the test fails in CI and is skipped elsewhere.
func mustOpenRedis(tb testing.TB, prefix string, opts ...cache.RedisOption) *cache.Redis {
	tb.Helper()
	// A generous timeout: a shared test machine can stall a call for longer
	// than the production 200 ms, which would turn into a spurious miss.
	opts = append([]cache.RedisOption{cache.WithPrefix(prefix), cache.WithOpTimeout(2 * time.Second)}, opts...)
	c, err := cache.NewRedis(context.Background(), testRedisURL(), 100, slog.New(slog.NewTextHandler(tlogWriter{tb}, nil)), opts...)
	if err == nil && !c.Reachable(context.Background()) {
		c.Close()
		err = errors.New("no answer to PING")
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("redis at %s unreachable: %v", testRedisURL(), err)
		}
		tb.Skipf("redis at %s unreachable (start one or set MAIS_TEST_REDIS_URL): %v", testRedisURL(), err)
	}
	tb.Cleanup(func() {
		deleteKeys(tb, c, prefix)
		if err := c.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return c
}

func deleteKeys(tb testing.TB, c *cache.Redis, prefix string) {
	tb.Helper()
	ctx := context.Background()
	iter := c.Client().Scan(ctx, 0, prefix+"*", 1000).Iterator()
	for iter.Next(ctx) {
		c.Client().Del(ctx, iter.Val())
	}
	if err := iter.Err(); err != nil {
		tb.Errorf("clean up %s*: %v", prefix, err)
	}
}

// eventually polls cond every 10 ms for up to limit and reports how long it
// took to hold.
func eventually(t *testing.T, limit time.Duration, cond func() bool) (time.Duration, bool) {
	t.Helper()
	start := time.Now()
	for time.Since(start) < limit {
		if cond() {
			return time.Since(start), true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return limit, cond()
}

func TestRedis(t *testing.T) {
	testBehaviour(t, func(t *testing.T) cache.Cache { return mustOpenRedis(t, testPrefix()) })
}

// Two Redis caches on one server stand for two server processes.
func TestRedisSharedBetweenProcesses(t *testing.T) {
	prefix := testPrefix()
	a, b := mustOpenRedis(t, prefix), mustOpenRedis(t, prefix)
	ctx := t.Context()
	k := cache.TenantKey("t1", "catalog")

	a.Set(ctx, k, []byte("v1"), time.Minute)
	if got, ok := b.Get(ctx, k); !ok || string(got) != "v1" {
		t.Fatalf("b.Get = %q, %v; want the value a set", got, ok)
	}
	// b now holds v1 in its local copy; a's overwrite must reach it.
	a.Set(ctx, k, []byte("v2"), time.Minute)
	if took, ok := eventually(t, time.Second, func() bool {
		got, _ := b.Get(ctx, k)
		return string(got) == "v2"
	}); !ok {
		t.Errorf("b still served the old value %v after a's Set", took)
	}
}

func TestRedisInvalidationReachesOtherProcess(t *testing.T) {
	prefix := testPrefix()
	a, b := mustOpenRedis(t, prefix), mustOpenRedis(t, prefix)
	ctx := t.Context()
	var mu sync.Mutex
	var seen []string
	b.OnInvalidate(func(id string) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, id)
	})

	k1, k2 := cache.TenantKey("t1", "page", "home"), cache.TenantKey("t2", "page", "home")
	a.Set(ctx, k1, []byte("old"), time.Minute)
	a.Set(ctx, k2, []byte("other"), time.Minute)
	if _, ok := b.Get(ctx, k1); !ok { // into b's local copy
		t.Fatal("b misses a's value")
	}

	a.InvalidateTenant(ctx, "t1")
	took, ok := eventually(t, time.Second, func() bool {
		_, hit := b.Get(ctx, k1)
		mu.Lock()
		defer mu.Unlock()
		return !hit && len(seen) == 1 && seen[0] == "t1"
	})
	if !ok {
		t.Fatalf("b still hits t1 or missed the callback after 1 s (callbacks %v)", seen)
	}
	t.Logf("invalidation reached the other process in %v", took)
	if _, ok := b.Get(ctx, k2); !ok {
		t.Error("invalidating t1 dropped t2 in b")
	}
	if _, ok := a.Get(ctx, k1); ok {
		t.Error("a still hits the tenant it invalidated")
	}
}

func TestRedisDeleteReachesOtherProcess(t *testing.T) {
	prefix := testPrefix()
	a, b := mustOpenRedis(t, prefix), mustOpenRedis(t, prefix)
	ctx := t.Context()
	k := cache.TenantKey("t1", "availability", "2026-06")
	a.Set(ctx, k, []byte("v"), time.Minute)
	if _, ok := b.Get(ctx, k); !ok {
		t.Fatal("b misses a's value")
	}
	a.Delete(ctx, k)
	if _, ok := eventually(t, time.Second, func() bool {
		_, hit := b.Get(ctx, k)
		return !hit
	}); !ok {
		t.Error("b still serves a key a deleted")
	}
}

// A notice lost (here: a generation bumped behind the caches' back) is caught
// up by the periodic comparison with Redis.
func TestRedisResyncCatchesLostNotice(t *testing.T) {
	prefix := testPrefix()
	c := mustOpenRedis(t, prefix, cache.WithResyncInterval(100*time.Millisecond))
	ctx := t.Context()
	invalidated := make(chan string, 1)
	c.OnInvalidate(func(id string) { invalidated <- id })

	k := cache.TenantKey("t1", "x")
	c.Set(ctx, k, []byte("v"), time.Minute)
	if err := c.Client().Incr(ctx, prefix+"g:t1").Err(); err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-invalidated:
		if id != "t1" {
			t.Errorf("callback for %q, want t1", id)
		}
	case <-time.After(time.Second):
		t.Fatal("no callback within 1 s of a silent generation change")
	}
	if _, ok := c.Get(ctx, k); ok {
		t.Error("value of the old generation still served")
	}
}

func TestRedisStatsKeys(t *testing.T) {
	c := mustOpenRedis(t, testPrefix())
	ctx := t.Context()
	for _, name := range []string{"a", "b", "c"} {
		c.Set(ctx, cache.TenantKey("t1", name), []byte("v"), time.Minute)
	}
	c.Set(ctx, cache.TenantKey("t2", "a"), []byte("v"), time.Minute)
	if got, want := c.Stats(ctx).Keys, int64(4); got != want {
		t.Errorf("Keys = %d, want %d", got, want)
	}
}

// A process must start while Redis is down (issue 11): the cache starts
// degraded, serves misses quickly and says so through Reachable.
func TestNewRedisUnreachableStartsDegraded(t *testing.T) {
	start := time.Now()
	c, err := cache.NewRedis(t.Context(), "redis://127.0.0.1:1/0", 10, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("NewRedis without a server: %v, want a degraded cache", err)
	}
	defer c.Close()
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("NewRedis took %v to start degraded", took)
	}
	if cache.Status(t.Context(), c) != cache.StatusDegraded {
		t.Errorf("Status = %q, want degraded", cache.Status(t.Context(), c))
	}
	start = time.Now()
	if _, ok := c.Get(t.Context(), cache.TenantKey("t", "k")); ok {
		t.Error("hit without a server")
	}
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("a miss took %v while Redis is down", took)
	}
	if _, err := cache.NewRedis(t.Context(), "http://user:secret@x", 10, nil); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("bad URL: err = %v, want an error without the password", err)
	}
}

func TestRedisDownServesMisses(t *testing.T) {
	mr := miniredis.RunT(t)
	c, err := cache.NewRedis(t.Context(), "redis://"+mr.Addr(), 10, slog.New(slog.DiscardHandler),
		cache.WithLocalTTL(time.Millisecond), cache.WithResyncInterval(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := t.Context()
	k := cache.TenantKey("t1", "x")
	c.Set(ctx, k, []byte("v"), time.Minute)
	time.Sleep(5 * time.Millisecond) // past the local TTL
	if _, ok := c.Get(ctx, k); !ok {
		t.Fatal("miss while Redis is up")
	}

	mr.Close()
	time.Sleep(5 * time.Millisecond)
	if _, ok := c.Get(ctx, k); ok {
		t.Error("hit while Redis is down")
	}
	for range 3 {
		c.Get(ctx, cache.TenantKey("t2", "x"))
	}
	// Redis keeps failing: requests stop paying a timeout each.
	start := time.Now()
	for range 10 {
		c.Get(ctx, cache.TenantKey("t3", "x"))
	}
	if took := time.Since(start); took > 50*time.Millisecond {
		t.Errorf("10 Gets with Redis down took %v", took)
	}
	c.Set(ctx, k, []byte("w"), time.Minute)
	c.Delete(ctx, k)
	c.InvalidateTenant(ctx, "t1")
	v, err := cache.GetOrLoad(ctx, c, k, time.Minute, func(context.Context) ([]byte, error) { return []byte("db"), nil })
	if err != nil || string(v) != "db" {
		t.Errorf("GetOrLoad = %q, %v; want the loaded value", v, err)
	}
	if s := c.Stats(ctx); s.Connected {
		t.Error("Stats says connected while Redis is down")
	}

	// The invalidation Redis refused is written once it is back.
	if err := mr.Restart(); err != nil {
		t.Fatal(err)
	}
	if _, ok := eventually(t, 2*time.Second, func() bool {
		gen, _ := mr.Get("mais:g:t1")
		return gen == "1"
	}); !ok {
		t.Error("invalidation made while Redis was down never reached it")
	}
	if _, ok := eventually(t, time.Second, func() bool {
		_, hit := c.Get(ctx, k)
		return !hit && c.Stats(ctx).Connected
	}); !ok {
		t.Error("stale value served after Redis came back")
	}
}

// tlogWriter sends the cache's log lines to the test log.
type tlogWriter struct{ tb testing.TB }

func (w tlogWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
