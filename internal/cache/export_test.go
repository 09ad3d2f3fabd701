package cache

import "time"

// SetClock replaces the clock of m, so expiry can be tested without sleeping.
func SetClock(m *Memory, now func() time.Time) { m.now = now }

// WithResyncInterval shortens how often a Redis cache compares its mirrored
// generations with Redis.
func WithResyncInterval(d time.Duration) RedisOption {
	return func(c *Redis) { c.resyncInterval = d }
}

// WithOpTimeout changes the timeout of each Redis call; tests on a busy
// machine use a longer one than production.
func WithOpTimeout(d time.Duration) RedisOption {
	return func(c *Redis) { c.opTimeout = d }
}
