package tenant

import (
	"context"
	"fmt"
	"sync"
	"time"

	"mais/internal/apperr"
)

// Resolver turns a public key into an active tenant on every public request.
// Resolved tenants are kept in process for a short TTL; Forget drops a
// tenant at once when it changes (wired to cache invalidation messages, so
// other processes drop it too).
type Resolver struct {
	store Store
	ttl   time.Duration
	now   func() time.Time

	mu    sync.RWMutex
	byKey map[string]resolved
	byID  map[string]resolved
}

type resolved struct {
	tenant  Tenant
	expires time.Time
}

// staleRetry is how long an expired resolution is served again while the
// store is unavailable, before the store is asked anew.
const staleRetry = 5 * time.Second

// maxResolved bounds the map; past it the map is cleared rather than grown,
// which only costs a few store reads.
const maxResolved = 10000

// NewResolver returns a resolver over store with the given TTL.
func NewResolver(store Store, ttl time.Duration) *Resolver {
	return &Resolver{store: store, ttl: ttl, now: time.Now, byKey: make(map[string]resolved), byID: make(map[string]resolved)}
}

// SetClock replaces the resolver's clock (the app's injected clock).
func (r *Resolver) SetClock(now func() time.Time) { r.now = now }

// Resolve implements docs/API.md §4: a missing, malformed, unknown or inactive
// key is an *apperr.Error with the contract's code.
func (r *Resolver) Resolve(ctx context.Context, key string) (Tenant, error) {
	if key == "" {
		return Tenant{}, apperr.New(apperr.CodeTenantKeyRequired, "the X-Tenant-Key header is required")
	}
	t, err := r.cached(ctx, r.byKey, key, func(ctx context.Context, key string) (Tenant, error) {
		if _, err := ParsePublicKey(key); err != nil {
			return Tenant{}, err
		}
		t, err := r.store.TenantByPublicKey(ctx, key)
		if apperr.Is(err, apperr.CodeNotFound) {
			return Tenant{}, apperr.New(apperr.CodeTenantNotFound, "no tenant has this key")
		}
		return t, err
	})
	if err != nil {
		return Tenant{}, err
	}
	return checkActive(t)
}

// TenantByID returns a tenant by id, active or not, through the same
// short-lived cache (webhooks and the outbox find tenants by id).
func (r *Resolver) TenantByID(ctx context.Context, id string) (Tenant, error) {
	return r.cached(ctx, r.byID, id, r.store.TenantByID)
}

// CheckActive returns nil when tenant id is active, else TENANT_INACTIVE: a
// deactivated tenant's admins are refused at login and on every request
// (docs/API.md §7). A tenant that no longer exists counts as inactive. It
// reads through the same short-lived cache as TenantByID, and a
// deactivation takes effect at once because tenant.Service invalidates the
// tenant, which reaches Forget in every process.
func (r *Resolver) CheckActive(ctx context.Context, id string) error {
	t, err := r.TenantByID(ctx, id)
	if apperr.Is(err, apperr.CodeNotFound) {
		return apperr.New(apperr.CodeTenantInactive, "this business's account no longer exists")
	}
	if err != nil {
		return fmt.Errorf("check tenant %s: %w", id, err)
	}
	if !t.Active {
		return apperr.New(apperr.CodeTenantInactive,
			"this business's account is deactivated; the platform's administrators can reactivate it")
	}
	return nil
}

// cached serves key from m while its entry is fresh, else loads and keeps it.
func (r *Resolver) cached(ctx context.Context, m map[string]resolved, key string, load func(context.Context, string) (Tenant, error)) (Tenant, error) {
	now := r.now()
	r.mu.RLock()
	hit, ok := m[key]
	r.mu.RUnlock()
	if ok && now.Before(hit.expires) {
		return hit.tenant, nil
	}
	t, err := load(ctx, key)
	expires := now.Add(r.ttl)
	if err != nil {
		if !ok || !apperr.Is(err, apperr.CodeUnavailable) {
			return Tenant{}, err
		}
		// The store is down: keep serving the last answer, asking the
		// store again every few seconds rather than on every request.
		t, expires = hit.tenant, now.Add(staleRetry)
	}
	r.mu.Lock()
	if len(m) >= maxResolved {
		clear(m)
	}
	m[key] = resolved{tenant: t, expires: expires}
	r.mu.Unlock()
	return t, nil
}

// Forget drops every cached resolution of tenantID.
func (r *Resolver) Forget(tenantID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.byID, tenantID)
	for k, v := range r.byKey {
		if v.tenant.ID == tenantID {
			delete(r.byKey, k)
		}
	}
}

func checkActive(t Tenant) (Tenant, error) {
	if !t.Active {
		return Tenant{}, apperr.New(apperr.CodeTenantInactive, "this tenant is not active")
	}
	return t, nil
}
