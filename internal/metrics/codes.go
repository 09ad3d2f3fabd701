package metrics

import (
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// codeKey is one (method, status) pair of a route.
type codeKey struct {
	method string
	status int
}

// codeCache maps a route's (method, status) pairs to their counters. Reads
// are a lock-free map lookup (the map is replaced, never changed); a new
// pair copies the map under a lock. A route sees a handful of pairs, so the
// copies stop after its first few requests.
type codeCache struct {
	m  atomic.Pointer[map[codeKey]prometheus.Counter]
	mu sync.Mutex
}

func newCodeCache() *codeCache {
	c := &codeCache{}
	empty := map[codeKey]prometheus.Counter{}
	c.m.Store(&empty)
	return c
}

// maxCodePairs bounds a route's pairs: methods come from clients, and a
// client sending made-up methods must not grow the series without end.
const maxCodePairs = 64

func (c *codeCache) get(r *Route, method string, status int) prometheus.Counter {
	k := codeKey{method, status}
	if ctr, ok := (*c.m.Load())[k]; ok {
		return ctr
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old := *c.m.Load()
	if ctr, ok := old[k]; ok {
		return ctr
	}
	if len(old) >= maxCodePairs {
		k.method = "OTHER"
		if ctr, ok := old[k]; ok {
			return ctr
		}
	}
	ctr := r.m.requests.WithLabelValues(r.route, k.method, statusText(status))
	next := make(map[codeKey]prometheus.Counter, len(old)+1)
	for kk, v := range old {
		next[kk] = v
	}
	next[k] = ctr
	c.m.Store(&next)
	return ctr
}
