package storefront_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"mais/internal/booking"
	"mais/internal/cache"
	"mais/internal/catalog"
	"mais/internal/httpx"
	"mais/internal/payment"
	"mais/internal/siteconfig"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/storefront"
	"mais/internal/tenant"
	"mais/internal/testclock"
)

// sites is a siteconfig.Reader whose published configuration a test can
// change, standing in for the publish workflow.
type sites struct {
	mu  sync.Mutex
	cfg map[string]siteconfig.Config
}

func (s *sites) set(tenantID string, c siteconfig.Config) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg[tenantID] = c
}

func (s *sites) PublishedVersion(_ context.Context, tenantID string) (siteconfig.Version, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return siteconfig.Version{ID: "v1", TenantID: tenantID, Status: siteconfig.StatusPublished,
		Config: siteconfig.Canonical(s.cfg[tenantID])}, nil
}

func (s *sites) VersionByID(ctx context.Context, tenantID, _ string) (siteconfig.Version, error) {
	return s.PublishedVersion(ctx, tenantID)
}

type env struct {
	store   *sqlstore.Store
	cache   *cache.Memory
	sites   *sites
	booking *booking.Service
	h       *storefront.Handler
	srv     http.Handler
	tenant  tenant.Tenant
	keys    tenant.Keys
	pkg     catalog.Package
	now     time.Time
}

// fixedNow is a Monday; the tenant's calendar opens on the 1st of June.
var fixedNow = time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)

// newEnv builds the storefront on a fresh SQLite store; opts change its
// Config before it is built.
func newEnv(t testing.TB, opts ...func(*storefront.Config)) *env {
	t.Helper()
	ctx := context.Background()
	s := storetest.SQLite(t)
	clock := testclock.Frozen(fixedNow)
	s.SetClock(clock.Now)
	e := &env{store: s, cache: cache.NewMemory(1000), sites: &sites{cfg: map[string]siteconfig.Config{}}, now: fixedNow}
	e.tenant, e.keys = createTenant(t, s, "willow", "Willow & Pine")
	cfg := siteconfig.Default(e.tenant.Name)
	e.sites.set(e.tenant.ID, cfg)
	pkg, err := s.CreatePackage(ctx, catalog.Package{TenantID: e.tenant.ID, Slug: "classic", Name: "Classic Wedding",
		Description: "Eight hours of coverage.", BasePriceCents: 420000, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAddOn(ctx, catalog.AddOn{TenantID: e.tenant.ID, PackageID: pkg.ID, Slug: "album",
		Name: "Heirloom album", PriceCents: 90000, Active: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePackage(ctx, catalog.Package{TenantID: e.tenant.ID, Slug: "elopement", Name: "Elopement",
		Description: "Two hours.", BasePriceCents: 150000, Active: true, SortOrder: 1}); err != nil {
		t.Fatal(err)
	}
	e.pkg, _ = s.PackageBySlug(ctx, e.tenant.ID, "classic", true)

	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.booking = &booking.Service{Store: s, Catalog: s, Venues: s, Tenants: s, Payments: payment.NewMock("http://mais.test"),
		Bus: booking.NewBus(logger), Logger: logger, Now: clock.Now, PublicBaseURL: "http://mais.test"}
	e.booking.Bus.Subscribe(func(ctx context.Context, ev booking.Event) { e.cache.InvalidateTenant(ctx, ev.TenantID) })
	tenants := tenant.NewDirectory(s, clock.Now)
	e.cache.OnInvalidate(tenants.Forget)
	sc := storefront.Config{
		Logger: logger, Tenants: tenants, Sites: e.sites, Catalog: s, Venues: s,
		Booking: e.booking, Cache: e.cache, PublicBaseURL: "http://mais.test", Now: clock.Now,
	}
	for _, opt := range opts {
		opt(&sc)
	}
	h, err := storefront.New(sc)
	if err != nil {
		t.Fatal(err)
	}
	e.h = h
	mux := httpx.NewMux(httpx.MuxConfig{TenantSite: h.TenantSite(knownHosts(t, "mais.test", "localhost", "*.platform.test"))})
	mux.Handle("GET /v1/ping", httpx.Policy{Shared: true}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "api") }))
	h.Register(mux)
	mux.Fallback("/", httpx.Policy{}, http.NotFoundHandler())
	e.srv = mux
	return e
}

func createTenant(t testing.TB, s *sqlstore.Store, slug, name string) (tenant.Tenant, tenant.Keys) {
	t.Helper()
	return storetest.NewTenant(t, s, slug, fixedNow, func(n *tenant.New) { n.Tenant.Name, n.Tenant.CommissionBps = name, 1000 })
}

// do sends a request to the whole storefront as a browser on host would.
func (e *env) do(t testing.TB, method, host, target string, form url.Values, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, target, body)
	r.Host = host
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Origin", "http://"+host)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	e.srv.ServeHTTP(w, r)
	return w
}

func (e *env) get(t testing.TB, target string) *httptest.ResponseRecorder {
	t.Helper()
	return e.do(t, http.MethodGet, "mais.test", target, nil)
}
