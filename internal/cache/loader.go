package cache

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/sync/singleflight"

	"mais/internal/apperr"
)

// maxLoadTime bounds a load started by GetOrLoad when the caller's context has
// no deadline: every caller waiting on the same key depends on it.
const maxLoadTime = 30 * time.Second

// generational is what Memory and Redis offer GetOrLoad beyond Cache: one
// load per key at a time, and stores that are dropped when the tenant was
// invalidated while the value was being loaded.
type generational interface {
	flightGroup() *singleflight.Group
	// peek looks k up without counting a hit or miss. err is set when the
	// cache could not be asked, in which case nothing should be stored.
	peek(ctx context.Context, k Key) (v []byte, ok bool, gen uint64, err error)
	count(hit bool)
	storeAt(ctx context.Context, k Key, gen uint64, v []byte, ttl time.Duration)
	// staleValue returns the last good value of k after it expired (see
	// StaleFor), unless the tenant was invalidated since.
	staleValue(k Key) ([]byte, bool)
}

// GetOrLoad returns the cached value of k, or calls load, stores its result
// for ttl and returns it. Concurrent callers in this process asking for the
// same key share one load. Errors from load are returned and not cached,
// except that when load fails because a dependency is unavailable (an
// UNAVAILABLE apperr or a deadline) the last good value of k, expired up to
// StaleFor ago, is returned instead: reads outlive a store outage. A load
// runs detached from the cancellation of the caller that started it (other
// callers may be waiting for it) but keeps its deadline.
func GetOrLoad(ctx context.Context, c Cache, k Key, ttl time.Duration, load func(ctx context.Context) ([]byte, error)) ([]byte, error) {
	if !k.Valid() {
		return load(ctx)
	}
	g, ok := c.(generational)
	if !ok {
		return getOrLoadPlain(ctx, c, k, ttl, load)
	}

	v, hit, _, peekErr := g.peek(ctx, k)
	g.count(hit)
	if hit {
		return v, nil
	}

	ch := g.flightGroup().DoChan(k.flightKey(), func() (_ any, err error) {
		// DoChan re-panics on a fresh goroutine, where no HTTP recovery
		// middleware could catch it; an error reaches every waiter instead.
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("cache: load of %s panicked: %v", k, r)
			}
		}()
		lctx, cancel := loadContext(ctx)
		defer cancel()
		if peekErr != nil {
			v, lerr := load(lctx)
			return staleOnError(g, k, v, lerr)
		}
		// A load for this key may have finished between our miss and now.
		v, hit, gen, err := g.peek(lctx, k)
		if hit {
			return v, nil
		}
		v, lerr := load(lctx)
		if lerr != nil {
			return staleOnError(g, k, nil, lerr)
		}
		if err == nil {
			g.storeAt(lctx, k, gen, v, ttl)
		}
		return v, nil
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return nil, res.Err
		}
		return res.Val.([]byte), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// staleOnError passes a load's result through, but answers an outage with
// the last good copy when there is one.
func staleOnError(g generational, k Key, v []byte, err error) ([]byte, error) {
	if err == nil || !(apperr.Is(err, apperr.CodeUnavailable) || errors.Is(err, context.DeadlineExceeded)) {
		return v, err
	}
	if old, ok := g.staleValue(k); ok {
		return old, nil
	}
	return nil, err
}

func getOrLoadPlain(ctx context.Context, c Cache, k Key, ttl time.Duration, load func(ctx context.Context) ([]byte, error)) ([]byte, error) {
	if v, ok := c.Get(ctx, k); ok {
		return v, nil
	}
	v, err := load(ctx)
	if err != nil {
		return nil, err
	}
	c.Set(ctx, k, v, ttl)
	return v, nil
}

func loadContext(ctx context.Context) (context.Context, context.CancelFunc) {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(maxLoadTime)
	}
	return context.WithDeadline(context.WithoutCancel(ctx), deadline)
}

func (m *Memory) flightGroup() *singleflight.Group { return &m.flights }

func (m *Memory) peek(_ context.Context, k Key) ([]byte, bool, uint64, error) {
	v, ok, gen := m.lookup(k)
	return v, ok, gen, nil
}

func (m *Memory) storeAt(_ context.Context, k Key, gen uint64, v []byte, ttl time.Duration) {
	m.storeGen(k, gen, v, ttl)
}
