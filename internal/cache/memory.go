package cache

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/sync/singleflight"
)

// DefaultMaxEntries bounds a Memory cache built with a size of zero or less.
const DefaultMaxEntries = 10_000

// entryKey locates a value. The generation is bumped by InvalidateTenant, so
// the tenant's older entries can no longer be found and simply age out of
// the LRU: invalidation costs O(1) whatever the tenant holds.
type entryKey struct {
	tenant string // the key's space: a tenant id, or its availability space
	gen    uint64
	name   string
}

type entry struct {
	value   []byte
	expires time.Time
	// stale marks an expired entry kept as the last good copy; it is no
	// longer counted in Stats.Keys.
	stale bool
}

// Memory is a bounded in-process LRU cache with per-entry expiry.
type Memory struct {
	now func() time.Time

	mu      sync.Mutex
	entries *simplelru.LRU[entryKey, entry]
	gens    map[string]uint64 // current generation per space (see Key.space); absent = 0
	live    map[string]int64  // entries of the current generation, per space
	keys    int64             // sum of live

	hits, misses atomic.Int64
	listeners    listeners
	flights      singleflight.Group
}

var _ Cache = (*Memory)(nil)

// NewMemory returns a cache holding at most maxEntries values
// (DefaultMaxEntries when maxEntries <= 0); the least recently used go first.
func NewMemory(maxEntries int) *Memory {
	if maxEntries <= 0 {
		maxEntries = DefaultMaxEntries
	}
	m := &Memory{
		now:  time.Now,
		gens: make(map[string]uint64),
		live: make(map[string]int64),
	}
	// NewLRU fails only for a size below 1, excluded above.
	m.entries, _ = simplelru.NewLRU(maxEntries, m.evicted)
	return m
}

// Get returns the value of k if present and not expired.
func (m *Memory) Get(_ context.Context, k Key) ([]byte, bool) {
	v, ok, _ := m.lookup(k)
	m.count(ok)
	return v, ok
}

// Set stores a copy of v under k.
func (m *Memory) Set(_ context.Context, k Key, v []byte, ttl time.Duration) {
	if !k.Valid() {
		return
	}
	e := m.newEntry(v, ttl)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.add(entryKey{k.space(), m.gens[k.space()], k.name}, e)
}

// Delete drops k.
func (m *Memory) Delete(_ context.Context, k Key) {
	if !k.Valid() {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries.Remove(entryKey{k.space(), m.gens[k.space()], k.name})
}

// InvalidateTenant makes every entry of the tenant unreachable and runs the
// OnInvalidate callbacks.
func (m *Memory) InvalidateTenant(_ context.Context, tenantID string) {
	if tenantID == "" {
		return
	}
	m.mu.Lock()
	m.bump(tenantID)
	m.bump(datesSpace(tenantID))
	m.mu.Unlock()
	m.listeners.notify(tenantID)
}

// InvalidateAvailability makes the tenant's availability entries
// unreachable; its other entries stay.
func (m *Memory) InvalidateAvailability(_ context.Context, tenantID string) {
	if tenantID == "" {
		return
	}
	m.mu.Lock()
	m.bump(datesSpace(tenantID))
	m.mu.Unlock()
}

// bump moves space to a new generation; mu must be held.
func (m *Memory) bump(space string) {
	m.gens[space]++
	m.keys -= m.live[space]
	delete(m.live, space)
}

// OnInvalidate registers fn to run after every InvalidateTenant.
func (m *Memory) OnInvalidate(fn func(tenantID string)) { m.listeners.add(fn) }

// Stats reports the counters of this cache. Keys counts entries of current
// generations, including expired ones not yet evicted or read.
func (m *Memory) Stats(context.Context) Stats {
	m.mu.Lock()
	keys := m.keys
	m.mu.Unlock()
	return newStats(true, m.hits.Load(), m.misses.Load(), keys)
}

// Close does nothing; it exists to satisfy Cache.
func (m *Memory) Close() error { return nil }

func (m *Memory) count(hit bool) {
	if hit {
		m.hits.Add(1)
	} else {
		m.misses.Add(1)
	}
}

// lookup finds k without counting, and returns the generation it looked at so
// a later store can be dropped if the tenant was invalidated meanwhile.
func (m *Memory) lookup(k Key) ([]byte, bool, uint64) {
	if !k.Valid() {
		return nil, false, 0
	}
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	gen := m.gens[k.space()]
	key := entryKey{k.space(), gen, k.name}
	e, ok := m.entries.Get(key)
	if !ok {
		return nil, false, gen
	}
	if !now.Before(e.expires) {
		// Expired, but kept as the last good copy for a while (see staleValue).
		if !now.Before(e.expires.Add(StaleFor)) {
			m.entries.Remove(key)
		} else if !e.stale {
			m.uncount(key)
			e.stale = true
			m.entries.Add(key, e)
		}
		return nil, false, gen
	}
	return e.value, true, gen
}

// staleValue returns the expired value of k kept as the last good copy, if
// the tenant was not invalidated since it was stored.
func (m *Memory) staleValue(k Key) ([]byte, bool) {
	if !k.Valid() {
		return nil, false
	}
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries.Peek(entryKey{k.space(), m.gens[k.space()], k.name})
	if !ok || !now.Before(e.expires.Add(StaleFor)) {
		return nil, false
	}
	return e.value, true
}

// storeGen stores v only if the tenant is still at generation gen: a value
// loaded before an invalidation must not be served after it.
func (m *Memory) storeGen(k Key, gen uint64, v []byte, ttl time.Duration) {
	if !k.Valid() {
		return
	}
	e := m.newEntry(v, ttl)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gens[k.space()] != gen {
		return
	}
	m.add(entryKey{k.space(), gen, k.name}, e)
}

func (m *Memory) newEntry(v []byte, ttl time.Duration) entry {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	return entry{value: bytes.Clone(v), expires: m.now().Add(ttl)}
}

// add must be called with mu held.
func (m *Memory) add(key entryKey, e entry) {
	if old, ok := m.entries.Peek(key); !ok || old.stale {
		m.live[key.tenant]++
		m.keys++
	}
	m.entries.Add(key, e)
}

// evicted runs inside entries.Add and entries.Remove, so with mu held.
func (m *Memory) evicted(key entryKey, e entry) {
	if m.gens[key.tenant] != key.gen || e.stale {
		return // uncounted when its space was invalidated or it expired
	}
	m.uncount(key)
}

// uncount drops key from the counters of its space; mu must be held.
func (m *Memory) uncount(key entryKey) {
	m.keys--
	if m.live[key.tenant]--; m.live[key.tenant] <= 0 {
		delete(m.live, key.tenant)
	}
}
