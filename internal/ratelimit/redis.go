package ratelimit

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// callTimeout bounds each Redis call of the limiter.
const callTimeout = 250 * time.Millisecond

// slidingLog keeps a key's accepted hits in a sorted set scored by the time in
// microseconds. It reads the clock of the Redis server, so app servers whose
// clocks disagree still share one window.
//
// KEYS[1] the key; ARGV[1] window in µs, ARGV[2] limit, ARGV[3] "1" to record
// a hit, ARGV[4] the hit's unique member (its id, for Release). Returns
// {allowed, count, retry µs}. Redis runs a script atomically, so check and
// count are one step for every process sharing the server.
const slidingLog = `
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  if ARGV[3] == '1' then
    redis.call('ZADD', KEYS[1], now, ARGV[4])
    redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000))
    count = count + 1
  end
  return {1, count, 0}
end
local edge = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return {0, count, tonumber(edge[2]) + window - now}
`

// Redis is a Limiter shared by every process using the same Redis server.
type Redis struct {
	client *redis.Client
	prefix string
	script *redis.Script
}

var _ Limiter = (*Redis)(nil)

// NewRedis returns a limiter storing its logs under prefix ("mais:rl:" when
// empty) on client. The client should have ContextTimeoutEnabled set (as the
// cache's client has) so that the limiter's call timeout bounds every read.
// Redis 5 or later is needed (the script reads the server clock before
// writing).
func NewRedis(client *redis.Client, prefix string) *Redis {
	if prefix == "" {
		prefix = "mais:rl:"
	}
	return &Redis{client: client, prefix: prefix, script: redis.NewScript(slidingLog)}
}

// Allow counts one hit on key if fewer than limit hits are within window.
func (l *Redis) Allow(ctx context.Context, key string, limit int, window time.Duration) (Result, error) {
	return l.run(ctx, key, limit, window, true)
}

// Peek reports the hits on key within window without adding one.
func (l *Redis) Peek(ctx context.Context, key string, limit int, window time.Duration) (Result, error) {
	return l.run(ctx, key, limit, window, false)
}

// Release takes back the hit Allow recorded as id.
func (l *Redis) Release(ctx context.Context, key, id string) error {
	if id == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	if err := l.client.ZRem(ctx, l.prefix+key, id).Err(); err != nil {
		return fmt.Errorf("ratelimit: release %s: %w", key, err)
	}
	return nil
}

// Reset forgets the hits on key.
func (l *Redis) Reset(ctx context.Context, key string) error {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	if err := l.client.Del(ctx, l.prefix+key).Err(); err != nil {
		return fmt.Errorf("ratelimit: reset %s: %w", key, err)
	}
	return nil
}

func (l *Redis) run(ctx context.Context, key string, limit int, window time.Duration, record bool) (Result, error) {
	if err := checkArgs(limit, window); err != nil {
		return Result{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	rec := "0"
	if record {
		rec = "1"
	}
	// Every hit is a member of its own, even two in the same microsecond.
	id := rand.Text()
	vals, err := l.script.Run(ctx, l.client, []string{l.prefix + key},
		window.Microseconds(), limit, rec, id).Int64Slice()
	if err != nil {
		return Result{}, fmt.Errorf("ratelimit: %s: %w", key, err)
	}
	if len(vals) != 3 {
		return Result{}, fmt.Errorf("ratelimit: %s: script returned %d values", key, len(vals))
	}
	res := Result{
		Allowed:    vals[0] == 1,
		Count:      int(vals[1]),
		Limit:      limit,
		RetryAfter: time.Duration(vals[2]) * time.Microsecond,
	}
	if record && res.Allowed {
		res.ID = id
	}
	return res, nil
}
