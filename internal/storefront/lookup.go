package storefront

import (
	"context"
	"net"
	"strings"
	"sync"
	"time"

	"mais/internal/apperr"
	"mais/internal/tenant"
)

// lookupTTL bounds how long a slug or domain answer is reused; changes to a
// tenant also drop its entries at once through Forget.
const lookupTTL = 30 * time.Second

// staleRetry is how long a lookup answer that outlived its TTL is served
// again, while the store is unavailable, before the store is asked anew.
const staleRetry = 5 * time.Second

// maxLookups bounds each map; past it the map is cleared rather than grown.
// Unknown hosts are remembered too, so a bot trying random Host headers
// costs a few store reads, not one per request.
const maxLookups = 10000

type lookupEntry struct {
	t       tenant.Tenant
	found   bool
	expires time.Time
}

// tenantLookup finds the tenant of a slug or a custom domain, keeping recent
// answers in process.
type tenantLookup struct {
	store TenantStore
	now   func() time.Time

	mu       sync.Mutex
	bySlug   map[string]lookupEntry
	byDomain map[string]lookupEntry
}

func newTenantLookup(store TenantStore, now func() time.Time) *tenantLookup {
	return &tenantLookup{store: store, now: now, bySlug: map[string]lookupEntry{}, byDomain: map[string]lookupEntry{}}
}

// find returns the tenant, or NOT_FOUND for an unknown or inactive
// one: a storefront never reveals that a deactivated business exists.
func (l *tenantLookup) find(ctx context.Context, table map[string]lookupEntry, key string,
	load func(context.Context, string) (tenant.Tenant, error)) (tenant.Tenant, error) {
	now := l.now()
	l.mu.Lock()
	e, ok := table[key]
	l.mu.Unlock()
	if !ok || !now.Before(e.expires) {
		t, err := load(ctx, key)
		switch {
		case apperr.Is(err, apperr.CodeNotFound):
			e = lookupEntry{expires: now.Add(lookupTTL)}
		case err != nil && ok && apperr.Is(err, apperr.CodeUnavailable):
			// The store is down: the last answer is better than an error
			// page. Asked again in a few seconds, not on every request.
			e.expires = now.Add(staleRetry)
		case err != nil:
			return tenant.Tenant{}, err
		default:
			e = lookupEntry{t: t, found: true, expires: now.Add(lookupTTL)}
		}
		l.mu.Lock()
		if len(table) >= maxLookups {
			clear(table)
		}
		table[key] = e
		l.mu.Unlock()
	}
	if !e.found || !e.t.Active {
		return tenant.Tenant{}, apperr.NotFound("site")
	}
	return e.t, nil
}

func (l *tenantLookup) slug(ctx context.Context, slug string) (tenant.Tenant, error) {
	if slug == "" || len(slug) > 64 {
		return tenant.Tenant{}, apperr.NotFound("site")
	}
	return l.find(ctx, l.bySlug, slug, l.store.TenantBySlug)
}

func (l *tenantLookup) domain(ctx context.Context, host string) (tenant.Tenant, error) {
	if host == "" || len(host) > 253 {
		return tenant.Tenant{}, apperr.NotFound("site")
	}
	return l.find(ctx, l.byDomain, host, l.store.TenantByDomain)
}

// Forget drops what is known about tenantID, and every remembered unknown
// domain (a tenant may just have been given one of them).
func (l *tenantLookup) Forget(tenantID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, table := range []map[string]lookupEntry{l.bySlug, l.byDomain} {
		for k, e := range table {
			if !e.found || e.t.ID == tenantID {
				delete(table, k)
			}
		}
	}
}

// CanonicalHost lowercases a Host header and strips its port and any
// trailing dot, the form custom domains are stored in.
func CanonicalHost(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
}
