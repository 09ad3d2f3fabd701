package cache

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// do runs one Redis call with a timeout, logs its failure, and skips Redis
// for a moment when it keeps failing to answer.
func (c *Redis) do(ctx context.Context, op string, call func(ctx context.Context) error) error {
	if time.Now().UnixNano() < c.downUntil.Load() {
		return errRedisDown
	}
	cctx, cancel := context.WithTimeout(ctx, c.opTimeout)
	defer cancel()
	err := call(cctx)
	var answer redis.Error
	if err == nil || errors.As(err, &answer) { // redis.Nil is an answer too
		c.failures.Store(0)
		if err == nil || errors.Is(err, redis.Nil) {
			return err
		}
	} else if ctx.Err() == nil && c.failures.Add(1) >= downAfter {
		c.failures.Store(0)
		c.downUntil.Store(time.Now().Add(downFor).UnixNano())
	}
	c.errs.report(op, err)
	return err
}

// errorLog logs Redis failures at most once every few seconds: when Redis is
// down every request would otherwise log one.
type errorLog struct {
	log        *slog.Logger
	last       atomic.Int64 // unix nanoseconds of the last line
	suppressed atomic.Int64
}

const errorLogEvery = 5 * time.Second

func (e *errorLog) report(op string, err error) {
	now := time.Now().UnixNano()
	last := e.last.Load()
	if now-last < int64(errorLogEvery) || !e.last.CompareAndSwap(last, now) {
		e.suppressed.Add(1)
		return
	}
	e.log.Warn("cache: redis call failed; serving misses", "op", op, "err", err,
		"suppressed", e.suppressed.Swap(0))
}
