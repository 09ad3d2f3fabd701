// Package cache is the application cache of MAIS: tenant resolution, catalog
// reads, availability ranges and rendered pages.
//
// Every entry belongs to a tenant. A Key can only be built with TenantKey, so
// a value that is not scoped to a tenant cannot be stored by mistake, and a
// tenant's entries can be dropped at once with InvalidateTenant. Two
// implementations exist: Memory for a single process and Redis for several
// processes sharing one Redis, which tell each other about invalidations.
//
// Values are byte slices owned by the cache once stored: callers must not
// modify a slice returned by Get or GetOrLoad.
package cache

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultTTL is used when Set is given a TTL of zero or less. Entries always
// expire, so values written under an old tenant generation never linger.
const DefaultTTL = 5 * time.Minute

// StaleFor is how long after its expiry a value is still kept as the last
// good copy: GetOrLoad serves it when reloading fails because the store is
// unavailable, so cached pages outlive an outage instead of turning into
// errors after their TTL.
const StaleFor = 24 * time.Hour

// Key names one cached value of one tenant. The zero Key is invalid.
type Key struct {
	tenantID string
	name     string
	// sp is the key's space (see space), worked out once when the key is
	// built rather than at every lookup.
	sp string
}

// TenantKey builds the key of a value of tenantID; parts are joined with ':'
// ("catalog", "packages" → "catalog:packages").
func TenantKey(tenantID string, parts ...string) Key {
	return Key{tenantID: tenantID, name: strings.Join(parts, ":"), sp: tenantID}
}

// AvailabilityKey builds the key of a value that depends on the tenant's
// bookings and holds (taken days, calendars, booking pages with a month
// grid). InvalidateAvailability drops these and only these; InvalidateTenant
// drops them too.
func AvailabilityKey(tenantID string, parts ...string) Key {
	return Key{tenantID: tenantID, name: strings.Join(parts, ":"), sp: datesSpace(tenantID)}
}

// space is the namespace a key's generation is kept under: the tenant id,
// or "<tenant>:a" for availability keys. A tenant id has no ':', so the
// two can never meet.
func (k Key) space() string { return k.sp }

func datesSpace(tenantID string) string { return tenantID + ":a" }

// TenantID returns the tenant the key belongs to.
func (k Key) TenantID() string { return k.tenantID }

// Name returns the key without its tenant.
func (k Key) Name() string { return k.name }

// Valid reports whether the key can be used. The tenant id must be non-empty
// and free of ':' — Redis keys are built as "<tenant>:<generation>:<name>",
// and a colon in the tenant id would let two tenants' keys collide.
// Get treats an invalid key as a miss; Set and Delete ignore it.
func (k Key) Valid() bool {
	return validTenant(k.tenantID)
}

func (k Key) String() string { return k.tenantID + ":" + k.name }

// flightKey identifies the key among concurrent loads in one process.
func (k Key) flightKey() string { return k.space() + "\x00" + k.name }

func validTenant(id string) bool {
	return id != "" && !strings.Contains(id, ":")
}

// Stats are the counters of GET /health/cache (docs/API.md §10). Hits and misses
// count Get calls of this process since start.
type Stats struct {
	Connected     bool   `json:"connected"`
	Hits          int64  `json:"hits"`
	Misses        int64  `json:"misses"`
	Keys          int64  `json:"keys"`
	TotalRequests int64  `json:"totalRequests"`
	HitRate       string `json:"hitRate"`
	// Efficiency is the verdict on HitRate, one of the Efficiency* values.
	Efficiency string `json:"efficiency"`
}

// Efficiency verdicts of Stats. A rate measured over fewer than
// EfficiencyMinRequests lookups says nothing yet (a process just started,
// or one that hardly serves), so it is "warming", not judged.
const (
	EfficiencyOptimal = "optimal" // at least 80 % of lookups hit
	EfficiencyGood    = "good"    // 50 % to 80 %
	EfficiencyPoor    = "poor"    // under 50 %: TTLs too short or invalidation too broad
	EfficiencyWarming = "warming" // too few lookups to judge
	EfficiencyOffline = "offline" // the shared cache cannot be reached; nothing is cached

	EfficiencyMinRequests = 100
)

// efficiency judges hits out of total lookups.
func efficiency(connected bool, hits, total int64) string {
	switch {
	case !connected:
		return EfficiencyOffline
	case total < EfficiencyMinRequests:
		return EfficiencyWarming
	case hits*100 >= total*80:
		return EfficiencyOptimal
	case hits*100 >= total*50:
		return EfficiencyGood
	}
	return EfficiencyPoor
}

func newStats(connected bool, hits, misses, keys int64) Stats {
	total := hits + misses
	rate := 0.0
	if total > 0 {
		rate = float64(hits) * 100 / float64(total)
	}
	return Stats{
		Connected:     connected,
		Hits:          hits,
		Misses:        misses,
		Keys:          keys,
		TotalRequests: total,
		HitRate:       strconv.FormatFloat(rate, 'f', 1, 64) + "%",
		Efficiency:    efficiency(connected, hits, total),
	}
}

// Cache stores byte values under tenant-scoped keys.
type Cache interface {
	// Get returns the value of k, or false when it is absent, expired or the
	// cache cannot be reached.
	Get(ctx context.Context, k Key) ([]byte, bool)
	// Set stores a copy of v under k for ttl (DefaultTTL when ttl <= 0).
	Set(ctx context.Context, k Key, v []byte, ttl time.Duration)
	// Delete drops k here and in every other process sharing the cache. A
	// GetOrLoad of k already loading may store its older value afterwards;
	// InvalidateTenant has no such race and suits writes better.
	Delete(ctx context.Context, k Key)
	// InvalidateTenant drops every entry of the tenant, here and in every
	// other process sharing the cache.
	InvalidateTenant(ctx context.Context, tenantID string)
	// OnInvalidate registers fn to run whenever a tenant is invalidated
	// (locally or by another process), so typed caches kept elsewhere can
	// drop their copies. fn must return quickly: it runs on the invalidating
	// goroutine or on the goroutine that receives invalidation messages.
	OnInvalidate(fn func(tenantID string))
	// Stats reports the counters of GET /health/cache.
	Stats(ctx context.Context) Stats
	Close() error
}

// availabilityInvalidator is a cache that can drop a tenant's availability
// values alone (Memory and Redis).
type availabilityInvalidator interface {
	InvalidateAvailability(ctx context.Context, tenantID string)
}

// InvalidateAvailability drops the tenant's availability values (see
// AvailabilityKey) here and in every process sharing the cache, and leaves
// its catalog, configuration and pages without dates alone: a hold or a
// booking changes only those. It does not run OnInvalidate callbacks. A
// cache without the finer drop invalidates the whole tenant.
func InvalidateAvailability(ctx context.Context, c Cache, tenantID string) {
	if ai, ok := c.(availabilityInvalidator); ok {
		ai.InvalidateAvailability(ctx, tenantID)
		return
	}
	c.InvalidateTenant(ctx, tenantID)
}

// Values of Status.
const (
	StatusOK       = "ok"       // the shared cache answers
	StatusDegraded = "degraded" // configured but unreachable: misses and in-process limits
	StatusOff      = "off"      // no shared cache configured: in-process only
)

// Status says whether c's shared backend answers now, for /health/ready.
func Status(ctx context.Context, c Cache) string {
	r, ok := c.(interface{ Reachable(context.Context) bool })
	if !ok {
		return StatusOff
	}
	if r.Reachable(ctx) {
		return StatusOK
	}
	return StatusDegraded
}

// listeners holds the OnInvalidate callbacks of one cache.
type listeners struct {
	mu  sync.RWMutex
	fns []func(tenantID string)
}

func (l *listeners) add(fn func(string)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fns = append(l.fns, fn)
}

func (l *listeners) notify(tenantID string) {
	l.mu.RLock()
	fns := l.fns
	l.mu.RUnlock()
	for _, fn := range fns {
		fn(tenantID)
	}
}
