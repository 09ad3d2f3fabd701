package tenant_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/tenant"
	"mais/internal/testclock"
)

// countingStore is a real store that counts tenant reads and can be
// switched to answer UNAVAILABLE, as a store in an outage does.
type countingStore struct {
	*sqlstore.Store
	reads atomic.Int64
	down  atomic.Bool
}

func (c *countingStore) read() error {
	c.reads.Add(1)
	if c.down.Load() {
		return apperr.Unavailable(errors.New("connection refused"), "the store is unavailable")
	}
	return nil
}

// counted counts a read of the store and answers get(ctx, arg), or
// UNAVAILABLE while the store is down.
func (c *countingStore) counted(ctx context.Context, arg string, get func(context.Context, string) (tenant.Tenant, error)) (tenant.Tenant, error) {
	if err := c.read(); err != nil {
		return tenant.Tenant{}, err
	}
	return get(ctx, arg)
}

func (c *countingStore) TenantByID(ctx context.Context, id string) (tenant.Tenant, error) {
	return c.counted(ctx, id, c.Store.TenantByID)
}

func (c *countingStore) TenantBySlug(ctx context.Context, slug string) (tenant.Tenant, error) {
	return c.counted(ctx, slug, c.Store.TenantBySlug)
}

func (c *countingStore) TenantByPublicKey(ctx context.Context, key string) (tenant.Tenant, error) {
	return c.counted(ctx, key, c.Store.TenantByPublicKey)
}

func (c *countingStore) TenantByDomain(ctx context.Context, host string) (tenant.Tenant, error) {
	return c.counted(ctx, host, c.Store.TenantByDomain)
}

// storeTenant stores an active tenant with slug and custom domain.
func storeTenant(t *testing.T, s *sqlstore.Store, slug, domain string) tenant.Tenant {
	t.Helper()
	at := time.Date(2028, 11, 4, 12, 0, 0, 0, time.UTC)
	tn, _ := storetest.NewTenant(t, s, slug, at, func(n *tenant.New) { n.Tenant.CustomDomain = domain })
	return tn
}

func wantTenant(t *testing.T, what string, got tenant.Tenant, err error, want tenant.Tenant) {
	t.Helper()
	if err != nil || got.ID != want.ID {
		t.Errorf("%s = %q, %v; want %s", what, got.ID, err, want.ID)
	}
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
}

func TestDirectory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		st := &countingStore{Store: s}
		clock := testclock.Frozen(time.Date(2028, 11, 4, 12, 0, 0, 0, time.UTC))
		d := tenant.NewDirectory(st, clock.Now)
		a := storeTenant(t, s, "alder", "alder.example")
		b := storeTenant(t, s, "birch", "birch.example")

		// Each lookup answers for its own tenant, whatever was asked before.
		for range 2 {
			got, err := d.Resolve(ctx, a.APIKeyPublic)
			wantTenant(t, "A's key", got, err, a)
			got, err = d.Resolve(ctx, b.APIKeyPublic)
			wantTenant(t, "B's key", got, err, b)
			got, err = d.TenantByID(ctx, b.ID)
			wantTenant(t, "B's id", got, err, b)
			got, err = d.SiteBySlug(ctx, a.Slug)
			wantTenant(t, "A's slug", got, err, a)
			got, err = d.SiteByDomain(ctx, b.CustomDomain)
			wantTenant(t, "B's domain", got, err, b)
		}
		if n := st.reads.Load(); n != 5 {
			t.Errorf("%d store reads for 5 lookups asked twice, want 5 (the second round cached)", n)
		}
		// A slug's text is not a key, nor a key's text a slug.
		_, err := d.Resolve(ctx, "alder")
		wantCode(t, "a slug as a key", err, apperr.CodeInvalidTenantKey)
		_, err = d.SiteBySlug(ctx, a.APIKeyPublic)
		wantCode(t, "a key as a slug", err, apperr.CodeNotFound)
		_, err = d.Resolve(ctx, "")
		wantCode(t, "no key", err, apperr.CodeTenantKeyRequired)
		other, _ := tenant.NewKeys("alder")
		_, err = d.Resolve(ctx, other.Public)
		wantCode(t, "an unknown key of A's shape", err, apperr.CodeTenantNotFound)

		// Changes reach the directory through Forget only; Forget drops
		// the key, id, slug and domain answers of that tenant, not B's.
		inactive, moved := false, "alder.example.org"
		if _, err := s.UpdateTenant(ctx, a.ID, tenant.Update{Active: &inactive, CustomDomain: &moved}); err != nil {
			t.Fatal(err)
		}
		got, err := d.Resolve(ctx, a.APIKeyPublic)
		wantTenant(t, "A's key before Forget (cached)", got, err, a)
		d.Forget(a.ID)
		before := st.reads.Load()
		_, err = d.Resolve(ctx, a.APIKeyPublic)
		wantCode(t, "A's key after deactivation", err, apperr.CodeTenantInactive)
		wantCode(t, "A's admins after deactivation", d.CheckActive(ctx, a.ID), apperr.CodeTenantInactive)
		_, err = d.SiteBySlug(ctx, a.Slug)
		wantCode(t, "A's site after deactivation", err, apperr.CodeNotFound)
		_, err = d.SiteByDomain(ctx, a.CustomDomain)
		wantCode(t, "A's old domain", err, apperr.CodeNotFound)
		if n := st.reads.Load() - before; n != 4 {
			t.Errorf("%d store reads after Forget for A's key, id, slug and domain, want 4", n)
		}
		before = st.reads.Load()
		got, err = d.Resolve(ctx, b.APIKeyPublic)
		wantTenant(t, "B's key after A's Forget", got, err, b)
		if n := st.reads.Load() - before; n != 0 {
			t.Errorf("A's Forget cost B %d store reads", n)
		}

		// An unknown domain is remembered until any tenant is forgotten
		// (it may just have been given that domain).
		_, err = d.SiteByDomain(ctx, "new.example")
		wantCode(t, "unknown domain", err, apperr.CodeNotFound)
		domain := "new.example"
		if _, err := s.UpdateTenant(ctx, b.ID, tenant.Update{CustomDomain: &domain}); err != nil {
			t.Fatal(err)
		}
		before = st.reads.Load()
		_, err = d.SiteByDomain(ctx, domain)
		wantCode(t, "unknown domain, remembered", err, apperr.CodeNotFound)
		if n := st.reads.Load() - before; n != 0 {
			t.Errorf("a remembered unknown domain cost %d store reads", n)
		}
		d.Forget(b.ID)
		got, err = d.SiteByDomain(ctx, domain)
		wantTenant(t, "B's new domain after Forget", got, err, b)

		// A rotated key stops resolving once the tenant is forgotten.
		keys, _ := tenant.NewKeys(b.Slug)
		if _, err := s.SetTenantKeys(ctx, b.ID, keys.Public, keys.SecretHash); err != nil {
			t.Fatal(err)
		}
		d.Forget(b.ID)
		_, err = d.Resolve(ctx, b.APIKeyPublic)
		wantCode(t, "B's old key", err, apperr.CodeTenantNotFound)
		got, err = d.Resolve(ctx, keys.Public)
		wantTenant(t, "B's new key", got, err, b)
	})
}

// During a store outage the directory serves its last answers past their
// TTL, asking the store again every StaleRetry, and recovers when it is
// back; a lookup it never answered fails with UNAVAILABLE.
func TestDirectoryOutage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		st := &countingStore{Store: s}
		clock := testclock.Frozen(time.Date(2028, 11, 4, 12, 0, 0, 0, time.UTC))
		d := tenant.NewDirectory(st, clock.Now)
		a := storeTenant(t, s, "alder", "alder.example")
		if _, err := d.Resolve(ctx, a.APIKeyPublic); err != nil {
			t.Fatal(err)
		}
		if _, err := d.SiteBySlug(ctx, "nobody"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("unknown slug: %v", err)
		}

		st.down.Store(true)
		clock.Advance(tenant.DirectoryTTL)
		before := st.reads.Load()
		for range 3 {
			got, err := d.Resolve(ctx, a.APIKeyPublic)
			wantTenant(t, "A's key in the outage", got, err, a)
			_, err = d.SiteBySlug(ctx, "nobody")
			wantCode(t, "unknown slug in the outage", err, apperr.CodeNotFound)
		}
		if n := st.reads.Load() - before; n != 2 {
			t.Errorf("%d store reads in the outage, want 2 (one per lookup, then the stale answer)", n)
		}
		_, err := d.SiteBySlug(ctx, a.Slug)
		wantCode(t, "a lookup never answered, in the outage", err, apperr.CodeUnavailable)

		clock.Advance(tenant.StaleRetry)
		before = st.reads.Load()
		got, err := d.Resolve(ctx, a.APIKeyPublic)
		wantTenant(t, "A's key after StaleRetry", got, err, a)
		if n := st.reads.Load() - before; n != 1 {
			t.Errorf("%d store reads after StaleRetry, want 1", n)
		}

		st.down.Store(false)
		clock.Advance(tenant.StaleRetry)
		got, err = d.SiteBySlug(ctx, a.Slug)
		wantTenant(t, "A's slug after the outage", got, err, a)
	})
}

// TestResolveShared: every request for a key shares the directory's one
// copy of the tenant (no copy per request), and a change is a new copy:
// a request still holding the old one keeps reading the tenant as it was.
func TestResolveShared(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		d := tenant.NewDirectory(s, testclock.Frozen(time.Date(2028, 11, 4, 12, 0, 0, 0, time.UTC)).Now)
		a := storeTenant(t, s, "alder", "alder.example")
		first, err := d.ResolveShared(ctx, a.APIKeyPublic)
		if err != nil {
			t.Fatal(err)
		}
		again, err := d.ResolveShared(ctx, a.APIKeyPublic)
		if err != nil || again != first {
			t.Fatalf("a second request got %p (%v), the first %p", again, err, first)
		}
		oldName := first.Name
		name := "Alder & Ash"
		if _, err := s.UpdateTenant(ctx, a.ID, tenant.Update{Name: &name}); err != nil {
			t.Fatal(err)
		}
		d.Forget(a.ID)
		after, err := d.ResolveShared(ctx, a.APIKeyPublic)
		if err != nil || after == first || after.Name != name {
			t.Fatalf("after the change: %+v %v", after, err)
		}
		if first.Name != oldName {
			t.Fatalf("the copy an earlier request holds changed under it: %q", first.Name)
		}
		if _, err := d.ResolveShared(ctx, ""); !apperr.Is(err, apperr.CodeTenantKeyRequired) {
			t.Fatalf("no key: %v", err)
		}
	})
}
