package storetest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultRedisURL is used when MAIS_TEST_REDIS_URL is unset.
const DefaultRedisURL = "redis://127.0.0.1:6379/0"

// RedisURL returns the Redis named by MAIS_TEST_REDIS_URL after checking it
// answers. In CI an unreachable Redis fails the test; elsewhere it skips
// with the reason.
func RedisURL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv("MAIS_TEST_REDIS_URL")
	if url == "" {
		url = DefaultRedisURL
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		tb.Fatalf("MAIS_TEST_REDIS_URL: %v", err)
	}
	c := redis.NewClient(opts)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("Redis is required in CI but unreachable at %s: %v", url, err)
		}
		tb.Skipf("Redis unreachable at %s (%v); set MAIS_TEST_REDIS_URL or start it — this test runs in CI", url, err)
	}
	return url
}
