package cache

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/singleflight"
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
}

// GetOrLoad returns the cached value of k, or calls load, stores its result
// for ttl and returns it. Concurrent callers in this process asking for the
// same key share one load. Errors from load are returned and not cached. A
// load runs detached from the cancellation of the caller that started it
// (other callers may be waiting for it) but keeps its deadline.
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
			return load(lctx)
		}
		// A load for this key may have finished between our miss and now.
		v, hit, gen, err := g.peek(lctx, k)
		if hit {
			return v, nil
		}
		v, lerr := load(lctx)
		if lerr != nil {
			return nil, lerr
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
