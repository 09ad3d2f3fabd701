package ratelimit_test

import (
	"context"
	"crypto/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"mais/internal/ratelimit"
)

// mustRedis returns a client of the test Redis and a prefix of its own whose
// keys are deleted when the test ends. Without Redis the test fails in CI and
// is skipped elsewhere.
func mustRedis(t *testing.T) (*redis.Client, string) {
	t.Helper()
	url := os.Getenv("MAIS_TEST_REDIS_URL")
	if url == "" {
		url = "redis://127.0.0.1:6379/0"
	}
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	client := redis.NewClient(opt)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		client.Close()
		if os.Getenv("CI") != "" {
			t.Fatalf("redis at %s unreachable: %v", url, err)
		}
		t.Skipf("redis at %s unreachable (start one or set MAIS_TEST_REDIS_URL): %v", url, err)
	}
	prefix := "test:rl:" + strings.ToLower(rand.Text()) + ":"
	t.Cleanup(func() {
		ctx := context.Background()
		iter := client.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			client.Del(ctx, iter.Val())
		}
		client.Close()
	})
	return client, prefix
}

func TestRedisLimit(t *testing.T) {
	client, prefix := mustRedis(t)
	l := ratelimit.NewRedis(client, prefix)
	ctx := t.Context()
	const limit, window = 3, time.Second

	for i := 1; i <= limit; i++ {
		r, err := l.Allow(ctx, "ip", limit, window)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Allowed || r.Count != i || r.Limit != limit {
			t.Fatalf("hit %d: %+v, want allowed with count %d", i, r, i)
		}
	}
	r, err := l.Allow(ctx, "ip", limit, window)
	if err != nil {
		t.Fatal(err)
	}
	if r.Allowed || r.Count != limit || r.RetryAfter <= 0 || r.RetryAfter > window {
		t.Fatalf("hit %d: %+v, want refused with 0 < RetryAfter <= %v", limit+1, r, window)
	}
	if p, _ := l.Peek(ctx, "ip", limit, window); p.Allowed || p.Count != limit {
		t.Errorf("Peek at the limit: %+v", p)
	}

	time.Sleep(r.RetryAfter + 20*time.Millisecond)
	if r, err := l.Allow(ctx, "ip", limit, window); err != nil || !r.Allowed {
		t.Errorf("after RetryAfter: %+v, %v; want allowed", r, err)
	}
	if ttl := client.PTTL(ctx, prefix+"ip").Val(); ttl <= 0 || ttl > window {
		t.Errorf("key TTL = %v, want within the window so idle keys vanish", ttl)
	}
}

func TestRedisSharedBetweenProcesses(t *testing.T) {
	client, prefix := mustRedis(t)
	a := ratelimit.NewRedis(client, prefix)
	// A second client stands for a second server process.
	other := redis.NewClient(client.Options())
	defer other.Close()
	b := ratelimit.NewRedis(other, prefix)
	ctx := t.Context()

	a.Allow(ctx, "login:ip", 2, time.Minute)
	b.Allow(ctx, "login:ip", 2, time.Minute)
	r, err := a.Allow(ctx, "login:ip", 2, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if r.Allowed || r.Count != 2 {
		t.Errorf("third hit across two limiters: %+v, want refused with count 2", r)
	}
	if r, _ := b.Peek(ctx, "login:ip", 2, time.Minute); r.Allowed {
		t.Error("b does not see a's hits")
	}
}

func TestRedisPeekAndReset(t *testing.T) {
	client, prefix := mustRedis(t)
	l := ratelimit.NewRedis(client, prefix)
	ctx := t.Context()
	for range 5 {
		if r, err := l.Peek(ctx, "acct", 1, time.Minute); err != nil || !r.Allowed || r.Count != 0 {
			t.Fatalf("Peek: %+v, %v; want allowed with count 0", r, err)
		}
	}
	if n := client.Exists(ctx, prefix+"acct").Val(); n != 0 {
		t.Error("Peek created a key")
	}
	l.Allow(ctx, "acct", 1, time.Minute)
	if r, _ := l.Allow(ctx, "acct", 1, time.Minute); r.Allowed {
		t.Fatal("second hit allowed with a limit of 1")
	}
	if err := l.Reset(ctx, "acct"); err != nil {
		t.Fatal(err)
	}
	if r, _ := l.Allow(ctx, "acct", 1, time.Minute); !r.Allowed || r.Count != 1 {
		t.Errorf("after Reset: %+v, want allowed with count 1", r)
	}
}

func TestRedisSlidingWindow(t *testing.T) {
	client, prefix := mustRedis(t)
	l := ratelimit.NewRedis(client, prefix)
	ctx := t.Context()
	const window = 600 * time.Millisecond
	start := time.Now()
	l.Allow(ctx, "k", 2, window)
	afterFirst := time.Now()
	time.Sleep(300 * time.Millisecond)
	l.Allow(ctx, "k", 2, window)
	beforeThird := time.Now()
	r, _ := l.Allow(ctx, "k", 2, window)
	afterThird := time.Now()

	// Only the first hit has to age out, so RetryAfter is the window minus
	// the time since that hit, not a full window.
	lo := window - afterThird.Sub(start)
	hi := window - beforeThird.Sub(afterFirst)
	if r.Allowed || r.RetryAfter < lo || r.RetryAfter > hi {
		t.Errorf("%+v, want refused with RetryAfter in [%v, %v]", r, lo, hi)
	}
}

func TestRedisDown(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", ContextTimeoutEnabled: true})
	defer client.Close()
	l := ratelimit.NewRedis(client, "x:")
	start := time.Now()
	if _, err := l.Allow(t.Context(), "k", 1, time.Minute); err == nil {
		t.Error("no error without Redis")
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("Allow took %v without Redis, want the call timeout", took)
	}
}
