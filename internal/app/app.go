// Package app is the composition root: it turns a Config into a running
// MAIS — store, cache, services, HTTP server, background workers — and stops
// it cleanly. cmd/mais and the end-to-end tests both start MAIS through it.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"mais/internal/api"
	"mais/internal/booking"
	"mais/internal/cache"
	"mais/internal/config"
	"mais/internal/dashboard"
	"mais/internal/httpx"
	"mais/internal/identity"
	"mais/internal/notify"
	"mais/internal/ratelimit"
	"mais/internal/siteconfig"
	"mais/internal/sqlstore"
	"mais/internal/storefront"
	"mais/internal/tenant"
)

// App is one running MAIS process.
type App struct {
	Config   config.Config
	Logger   *slog.Logger
	Store    *sqlstore.Store
	Cache    cache.Cache
	Resolver *tenant.Resolver
	Tenants  *tenant.Service
	Hasher   identity.Hasher
	API      *api.Server
	Bus      *booking.Bus
	Booking  *booking.Service
	Outbox   *booking.Outbox
	Sweeper  *booking.Sweeper
	// Mailer sends every e-mail of the process (outbox, password resets).
	Mailer notify.Sender
	// SiteConfig manages configuration versions, agents and proposals.
	SiteConfig *siteconfig.Service
	// Identity logs admins in; Limiter counts failed logins and per-IP requests.
	Identity *identity.Service
	Limiter  ratelimit.Limiter
	// Storefront serves tenant sites, the widget and the mock payment page.
	Storefront *storefront.Handler
	// Dashboard serves the admin web UI (/admin) and uploaded photos (/uploads).
	Dashboard *dashboard.Handler
	// Now is the one clock of the process: every "today", "past", month and
	// stored timestamp comes from it (WithClock; time.Now by default).
	Now func() time.Time

	// writes is the store for admin writers: it invalidates caches itself.
	writes invalidatingStore

	handler http.Handler
	server  *http.Server
	wg      sync.WaitGroup
	stop    context.CancelFunc
}

// Option changes how New builds the App.
type Option func(*App)

// WithClock makes now the clock of every service (tests fix the date).
func WithClock(now func() time.Time) Option {
	return func(a *App) { a.Now = now }
}

// New opens and migrates the store and wires every service.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger, opts ...Option) (*App, error) {
	store, err := sqlstore.Open(ctx, cfg.DatabaseURL, sqlstore.Options{DataDir: cfg.DataDir, MaxConns: cfg.DBMaxConns})
	if err != nil {
		return nil, err
	}
	applied, err := store.Migrate(ctx)
	if err != nil {
		store.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if len(applied) > 0 {
		logger.Info("migrations applied", "store", store.Kind(), "files", applied)
	}
	a := &App{Config: cfg, Logger: logger, Store: store, Hasher: identity.Hasher{}, Now: time.Now}
	for _, opt := range opts {
		opt(a)
	}
	store.SetClock(a.Now)
	if cfg.RedisURL != "" {
		rc, err := cache.NewRedis(ctx, cfg.RedisURL, 10000, logger, cache.WithPrefix(cfg.RedisPrefix))
		if err != nil {
			store.Close()
			return nil, fmt.Errorf("redis: %w", err)
		}
		a.Cache = rc
	} else {
		a.Cache = cache.NewMemory(50000)
	}
	a.writes = invalidatingStore{Store: store, cache: a.Cache}
	a.Resolver = tenant.NewResolver(store, 30*time.Second)
	a.Cache.OnInvalidate(a.Resolver.Forget)
	a.Tenants = &tenant.Service{Store: store, Hasher: &a.Hasher, Invalidator: a.Cache, DefaultSite: DefaultSite, Now: a.Now}

	if err := a.buildBooking(ctx); err != nil {
		store.Close()
		return nil, err
	}
	a.API = &api.Server{Logger: logger, Store: store, Tenants: a.Resolver, Catalog: a.writes, Cache: a.Cache,
		Booking: a.Booking, WebhookSecret: cfg.StripeWebhookSecret, Started: time.Now()}
	a.SiteConfig = &siteconfig.Service{Store: store, Invalidator: a.Cache, ProposalTTL: cfg.ProposalTTL, Now: a.Now}
	a.API.SiteConfig, a.API.Audit = a.SiteConfig, store
	a.buildIdentity()
	if err := a.buildStorefront(); err != nil {
		store.Close()
		return nil, err
	}
	if err := a.buildDashboard(); err != nil {
		store.Close()
		return nil, err
	}
	mux := a.API.Routes()
	var h http.Handler = httpx.LimitBody(maxRequestBody, logger,
		a.Storefront.Hosts(cfg.KnownDomains, api.JSONFallback(mux, a.API)))
	if cfg.RateLimits {
		h = a.API.RateLimit(h)
	}
	a.handler = httpx.TrustForwarded(cfg.TrustedProxies, httpx.StrictTransport(cfg.PublicBaseURL,
		httpx.WithRequestID(httpx.SecurityHeaders(httpx.Recover(logger, httpx.AccessLog(logger, httpx.CORS(h)))))))
	return a, nil
}

// DefaultSite is the published configuration every new tenant starts with.
func DefaultSite(businessName string) (json.RawMessage, error) {
	return siteconfig.Canonical(siteconfig.Default(businessName)), nil
}

// Handler is the whole HTTP surface, for tests and benchmarks.
func (a *App) Handler() http.Handler { return a.handler }

// Start listens on addr (":0" picks a port) and serves in the background;
// it returns the bound address.
func (a *App) Start(ctx context.Context, addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	a.server = &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn),
	}
	workCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	a.stop = stop
	a.startWorkers(workCtx)
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		if err := a.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.Logger.Error("http server", "err", err)
		}
	}()
	return ln.Addr().String(), nil
}

// startWorkers runs background loops (hold sweeper, e-mail outbox).
func (a *App) startWorkers(ctx context.Context) {
	for _, run := range []func(context.Context){a.Sweeper.Run, a.Outbox.Run} {
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			run(ctx)
		}()
	}
}

// Run serves on the configured port until ctx ends, then shuts down.
func (a *App) Run(ctx context.Context) error {
	addr, err := a.Start(ctx, ":"+strconv.Itoa(a.Config.Port))
	if err != nil {
		return err
	}
	a.Logger.Info("listening", "addr", addr, "config", a.Config.Summary())
	<-ctx.Done()
	a.Logger.Info("shutting down")
	return a.Shutdown(context.Background())
}

// Shutdown stops accepting requests, finishes those in flight (bounded by
// the configured timeout), stops workers and closes the store.
func (a *App) Shutdown(ctx context.Context) error {
	var err error
	if a.server != nil {
		sctx, cancel := context.WithTimeout(ctx, a.Config.ShutdownTimeout)
		err = a.server.Shutdown(sctx)
		cancel()
	}
	if a.stop != nil {
		a.stop()
	}
	a.wg.Wait()
	a.Cache.Close()
	if cerr := a.Store.Close(); err == nil {
		err = cerr
	}
	return err
}
