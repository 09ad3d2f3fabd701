package tenant

import (
	"context"
	"crypto/subtle"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"mais/internal/apperr"
)

// Directory finds the tenant of a request by its public key (the API and
// the widget), its id (sessions, webhooks, the outbox), its slug or its
// custom domain (the sites). Answers are kept in process for DirectoryTTL,
// in a bounded LRU per kind of lookup (keyed by the text alone, which
// hashes faster than a compound key on every request). Forget drops a
// tenant's answers at once, and is wired to the cache's invalidation
// messages so every process forgets when tenant.Service (or any other
// writer) invalidates the tenant.
//
// While the store is unavailable an answer that outlived its TTL is served
// again, and the store asked anew only every StaleRetry: a running site
// stays up through a database outage. Unknown slugs and domains are
// remembered as well (a bot trying random Host headers costs a few store
// reads, not one per request); unknown keys and ids are not.
type Directory struct {
	store Store
	now   func() time.Time

	mu      sync.Mutex
	answers [lookupKinds]*simplelru.LRU[string, answer]
	// gens counts the Forget calls of each tenant; an answer about a
	// tenant holds the count it was loaded under and is void once the
	// count moves on. misses does the same for remembered unknowns, which
	// every Forget voids (the tenant may just have taken that domain).
	gens   map[string]uint64
	misses uint64
	// forgets counts every Forget: a load that raced one is answered but
	// not kept, since it may have read the row before the change.
	forgets uint64
}

const (
	// DirectoryTTL is how long an answer is reused without asking the store.
	DirectoryTTL = 30 * time.Second
	// StaleRetry is how often the store is asked again, while it is
	// unavailable, for an answer that outlived its TTL.
	StaleRetry = 5 * time.Second
	// directorySize bounds the answers kept of each kind; the least
	// recently used go.
	directorySize = 10_000
)

// by names the column a lookup goes through; a key never answers for a
// slug of the same text, or the other way round.
type by uint8

const (
	byKey by = iota
	byID
	bySlug
	byDomain
	lookupKinds
)

type lookup struct {
	by    by
	value string
}

// answer is one lookup's result. t is shared by every request the answer
// serves and never changed after the load (a change loads a new one).
type answer struct {
	t       *Tenant
	found   bool
	gen     uint64
	expires time.Time
}

// NewDirectory returns an empty directory over store; now is the app's
// clock (nil: time.Now).
func NewDirectory(store Store, now func() time.Time) *Directory {
	if now == nil {
		now = time.Now
	}
	d := &Directory{store: store, now: now, gens: make(map[string]uint64)}
	// NewLRU fails only for a size below 1.
	for i := range d.answers {
		d.answers[i], _ = simplelru.NewLRU[string, answer](directorySize, nil)
	}
	return d
}

// Resolve implements docs/API.md §4: the active tenant of a public key. A
// missing, malformed, unknown or inactive key is an *apperr.Error with the
// code the API answers (TENANT_KEY_REQUIRED, INVALID_TENANT_KEY,
// TENANT_NOT_FOUND, TENANT_INACTIVE).
func (d *Directory) Resolve(ctx context.Context, key string) (Tenant, error) {
	t, err := d.ResolveShared(ctx, key)
	if err != nil {
		return Tenant{}, err
	}
	return *t, nil
}

// ResolveShared is Resolve answering the directory's own copy of the
// tenant, which every request for that key shares until the tenant
// changes: the caller must not modify it. The API's tenant middleware
// keeps it for the request's handlers without a copy of its own.
func (d *Directory) ResolveShared(ctx context.Context, key string) (*Tenant, error) {
	if key == "" {
		return nil, apperr.New(apperr.CodeTenantKeyRequired, "the X-Tenant-Key header is required")
	}
	a, err := d.find(ctx, lookup{byKey, key}, func(ctx context.Context, key string) (Tenant, error) {
		// Parsed on a miss only: a cached key was well formed.
		if _, err := ParsePublicKey(key); err != nil {
			return Tenant{}, err
		}
		return d.store.TenantByPublicKey(ctx, key)
	})
	switch {
	case apperr.Is(err, apperr.CodeNotFound):
		return nil, apperr.New(apperr.CodeTenantNotFound, "no tenant has this key")
	case err != nil:
		return nil, err
	case !a.t.Active:
		return nil, apperr.New(apperr.CodeTenantInactive, "this tenant is not active")
	}
	return a.t, nil
}

// TenantByID returns a tenant by id, active or not (webhooks and the outbox
// find tenants by id). NOT_FOUND when unknown.
func (d *Directory) TenantByID(ctx context.Context, id string) (Tenant, error) {
	a, err := d.find(ctx, lookup{byID, id}, d.store.TenantByID)
	if err != nil {
		return Tenant{}, err
	}
	return *a.t, nil
}

// CheckActive returns nil when tenant id is active, else TENANT_INACTIVE: a
// deactivated tenant's admins are refused at login and on every request
// (docs/API.md §7). A tenant that no longer exists counts as inactive. A
// deactivation takes effect at once: tenant.Service invalidates the
// tenant, which reaches Forget in every process.
func (d *Directory) CheckActive(ctx context.Context, id string) error {
	t, err := d.TenantByID(ctx, id)
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

// AuthenticateSecret returns the tenant whose current secret key is
// secret (docs/API.md §7: "Authorization: Bearer sk_live_…" on the tenant
// admin routes). A malformed, unknown or rotated-away key is UNAUTHORIZED,
// the same answer for each so a caller learns nothing about which slugs
// exist; a deactivated tenant's key is TENANT_INACTIVE. The tenant row is
// found by the slug the key names and held in the directory like a site
// lookup; a rotation invalidates the tenant, so the old key fails at once
// in every process.
func (d *Directory) AuthenticateSecret(ctx context.Context, secret string) (Tenant, error) {
	refused := apperr.New(apperr.CodeUnauthorized, "this secret key is not valid; it may have been rotated")
	slug, ok := ParseSecretKey(secret)
	if !ok {
		return Tenant{}, refused
	}
	a, err := d.find(ctx, lookup{bySlug, slug}, func(ctx context.Context, v string) (Tenant, error) {
		t, err := d.store.TenantBySlug(ctx, v)
		if apperr.Is(err, apperr.CodeNotFound) {
			return Tenant{}, errMiss
		}
		return t, err
	})
	if err != nil {
		return Tenant{}, fmt.Errorf("authenticate secret key: %w", err)
	}
	want := HashSecret(secret)
	if !a.found || subtle.ConstantTimeCompare([]byte(want), []byte(a.t.APIKeySecretHash)) != 1 {
		return Tenant{}, refused
	}
	if !a.t.Active {
		return Tenant{}, apperr.New(apperr.CodeTenantInactive,
			"this business's account is deactivated; the platform's administrators can reactivate it")
	}
	return *a.t, nil
}

// SiteBySlug returns the active tenant whose site is at /t/{slug}; NOT_FOUND
// ("site") for an unknown or deactivated one: a site never reveals that a
// deactivated business exists.
func (d *Directory) SiteBySlug(ctx context.Context, slug string) (Tenant, error) {
	if slug == "" || len(slug) > 64 {
		return Tenant{}, apperr.NotFound("site")
	}
	return d.site(ctx, lookup{bySlug, slug}, d.store.TenantBySlug)
}

// SiteByDomain is SiteBySlug for a custom domain, given in the canonical
// form domains are stored in (lowercase, no port, no trailing dot).
func (d *Directory) SiteByDomain(ctx context.Context, host string) (Tenant, error) {
	if host == "" || len(host) > 253 {
		return Tenant{}, apperr.NotFound("site")
	}
	return d.site(ctx, lookup{byDomain, host}, d.store.TenantByDomain)
}

func (d *Directory) site(ctx context.Context, l lookup, load func(context.Context, string) (Tenant, error)) (Tenant, error) {
	a, err := d.find(ctx, l, func(ctx context.Context, v string) (Tenant, error) {
		t, err := load(ctx, v)
		if apperr.Is(err, apperr.CodeNotFound) {
			return Tenant{}, errMiss
		}
		return t, err
	})
	if err != nil {
		return Tenant{}, err
	}
	if !a.found || !a.t.Active {
		return Tenant{}, apperr.NotFound("site")
	}
	return *a.t, nil
}

// errMiss is returned by a loader whose "not found" is worth remembering.
var errMiss = apperr.NotFound("tenant")

// Forget drops every answer about tenantID, and every remembered unknown
// slug or domain. Wire it to cache.Cache.OnInvalidate.
func (d *Directory) Forget(tenantID string) {
	d.mu.Lock()
	d.gens[tenantID]++
	d.misses++
	d.forgets++
	d.mu.Unlock()
}

// find returns the fresh answer for l, else loads it. A loader's errMiss is
// kept as an answer with found false; any other error is returned, except
// UNAVAILABLE while an older answer exists, which is served again.
func (d *Directory) find(ctx context.Context, l lookup, load func(context.Context, string) (Tenant, error)) (answer, error) {
	now := d.now()
	d.mu.Lock()
	last, ok := d.answers[l.by].Get(l.value)
	ok = ok && d.valid(last)
	forgets := d.forgets
	d.mu.Unlock()
	if ok && now.Before(last.expires) {
		return last, nil
	}
	t, err := load(ctx, l.value)
	a := answer{t: &t, found: true, expires: now.Add(DirectoryTTL)}
	switch {
	case err == errMiss:
		a = answer{expires: now.Add(DirectoryTTL)}
	case err != nil && ok && apperr.Is(err, apperr.CodeUnavailable):
		// The store is down: the last answer is better than an error,
		// asked again in a few seconds rather than on every request.
		a = last
		a.expires = now.Add(StaleRetry)
	case err != nil:
		return answer{}, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.forgets != forgets {
		return a, nil
	}
	if a.found {
		a.gen = d.gens[a.t.ID]
	} else {
		a.gen = d.misses
	}
	d.answers[l.by].Add(l.value, a)
	return a, nil
}

// valid reports whether no Forget has voided a since it was loaded; d.mu
// is held.
func (d *Directory) valid(a answer) bool {
	if a.found {
		return a.gen == d.gens[a.t.ID]
	}
	return a.gen == d.misses
}
