// Package app is the composition root: it turns a Config into a running
// MAIS — store, cache, services, HTTP server, background workers — and stops
// it cleanly. cmd/mais and the end-to-end tests both start MAIS through it.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"mais/internal/api"
	"mais/internal/assistant"
	"mais/internal/booking"
	"mais/internal/cache"
	"mais/internal/catalog"
	"mais/internal/config"
	"mais/internal/dashboard"
	"mais/internal/domains"
	"mais/internal/errreport"
	"mais/internal/httpx"
	"mais/internal/identity"
	"mais/internal/logx"
	"mais/internal/media"
	"mais/internal/metrics"
	"mais/internal/notify"
	"mais/internal/onboarding"
	"mais/internal/ratelimit"
	"mais/internal/siteconfig"
	"mais/internal/sqlstore"
	"mais/internal/storefront"
	"mais/internal/tenant"
	"mais/internal/tlsauto"
	"mais/internal/tracing"
)

// App is one running MAIS process.
type App struct {
	Config    config.Config
	Logger    *slog.Logger
	Store     *sqlstore.Store
	Cache     cache.Cache
	Directory *tenant.Directory
	Tenants   *tenant.Service
	Hasher    identity.Hasher
	API       *api.Server
	Bus       *booking.Bus
	Booking   *booking.Service
	Outbox    *booking.Outbox
	Sweeper   *booking.Sweeper
	// Reminders queues balance and event reminders (one process per hour, each once per booking).
	Reminders *booking.Reminders
	// Catalog is the admins' front door to packages and add-ons.
	Catalog *catalog.Service
	// Mailer sends every e-mail of the process (outbox, password resets).
	Mailer notify.Sender
	// SiteConfig manages configuration versions, agents and proposals.
	SiteConfig *siteconfig.Service
	// Identity logs admins in; Limiter counts failed logins and per-IP requests.
	Identity *identity.Service
	Limiter  ratelimit.Limiter
	// Storefront serves tenant sites, the widget and the mock payment page.
	Storefront *storefront.Handler
	// Assistant is the agent-first admin's assistant (docs/API.md §12),
	// behind the JSON routes and the dashboard's panel.
	Assistant *assistant.Service
	// Dashboard serves the admin web UI (/admin) and uploaded photos (/uploads).
	Dashboard *dashboard.Handler
	// Media is each tenant's photo library (uploads, renditions, blobs).
	Media *media.Service
	// Onboarding is sign-up, Stripe Connect onboarding and the checklist.
	Onboarding *onboarding.Service
	// Metrics are served at /metrics (ops.go).
	Metrics *metrics.Metrics
	// reporter sends failures to Sentry; nil without SENTRY_DSN.
	reporter *errreport.Reporter
	// tracer sends spans over OTLP; nil without an endpoint.
	tracer *tracing.Tracer
	// Now is the one clock of the process: every "today", "past", month and
	// stored timestamp comes from it (WithClock; time.Now by default).
	Now func() time.Time

	// DrainDelay is how long Shutdown keeps serving, with /health/ready
	// answering 503, before it stops accepting connections: the time a load
	// balancer needs to notice (MAIS_DRAIN_DELAY; 0 by default).
	DrainDelay time.Duration
	// StoreStartWait bounds how long New waits for a PostgreSQL that does
	// not answer yet (default 60 s).
	StoreStartWait time.Duration

	handler  http.Handler
	server   *http.Server
	wg       sync.WaitGroup
	stop     context.CancelFunc
	draining atomic.Bool
	inflight httpx.InFlight
	// cutRequests cancels the context of every request still running when
	// the shutdown timeout ends, so they answer 503 before the store closes.
	cutRequests context.CancelFunc

	// Domains are the tenants' own domains, verified through the DNS;
	// tlsServer, certs and httpsAddr serve HTTPS with MAIS_TLS=auto
	// (domains.go).
	Domains   *domains.Service
	tlsServer *http.Server
	certs     *tlsauto.Manager
	httpsAddr string
}

// Option changes how New builds the App.
type Option func(*App)

// WithClock makes now the clock of every service (tests fix the date).
func WithClock(now func() time.Time) Option {
	return func(a *App) { a.Now = now }
}

// WithStoreStartWait bounds how long New waits for PostgreSQL to answer.
func WithStoreStartWait(d time.Duration) Option {
	return func(a *App) { a.StoreStartWait = d }
}

// Timeouts of a request's life. Each store call has its own, shorter
// deadline (sqlstore.DefaultCallTimeout, DefaultTxTimeout).
const (
	// requestDeadline bounds the context of every request: a handler's
	// dependencies give up, and the client gets a 503, well before
	// writeTimeout cuts the connection with no answer at all.
	requestDeadline = 30 * time.Second
	writeTimeout    = 60 * time.Second
	// cutGrace is how long requests still running at the end of the
	// shutdown timeout get, once their contexts are canceled, to answer.
	cutGrace = 5 * time.Second
	// defaultStoreStartWait is how long a starting process waits for a
	// PostgreSQL that does not answer yet (a deploy during an outage).
	defaultStoreStartWait = 60 * time.Second
)

// New opens and migrates the store and wires every service.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger, opts ...Option) (*App, error) {
	// One line per repeated warning or error per window, not per request:
	// an outage must not bury the log.
	logger = slog.New(logx.WithRequestID(logx.Collapse(logger.Handler(), logx.DefaultWindow), httpx.RequestID))
	a := &App{Config: cfg, Logger: logger, Hasher: identity.Hasher{}, Now: time.Now, StoreStartWait: defaultStoreStartWait}
	for _, opt := range opts {
		opt(a)
	}
	store, err := OpenStore(ctx, cfg, logger, a.StoreStartWait)
	if err != nil {
		return nil, err
	}
	a.Store = store
	store.SetClock(a.Now)
	if cfg.OTLPEndpoint != "" {
		if a.tracer, err = tracing.New(ctx, cfg.OTLPEndpoint, Version); err != nil {
			store.Close()
			return nil, err
		}
	}
	if cfg.RedisURL != "" {
		// Redis down at start is not fatal: the cache serves misses and
		// limits count in process until it answers (see /health/ready).
		rc, err := cache.NewRedis(ctx, cfg.RedisURL, 10000, logger, cache.WithPrefix(cfg.RedisPrefix))
		if err != nil {
			store.Close()
			return nil, fmt.Errorf("redis: %w", err)
		}
		a.Cache = rc
	} else {
		a.Cache = cache.NewMemory(50000)
	}
	a.Catalog = &catalog.Service{Store: store, Venue: store, Invalidator: a.Cache}
	a.Directory = tenant.NewDirectory(store, a.Now)
	a.Cache.OnInvalidate(a.Directory.Forget)
	a.Tenants = &tenant.Service{Store: store, Hasher: &a.Hasher, Invalidator: a.Cache, DefaultSite: siteconfig.DefaultSite,
		Directory: a.Directory, Now: a.Now}
	if err := a.buildDomains(); err != nil {
		store.Close()
		return nil, err
	}

	if err := a.buildBooking(ctx); err != nil {
		store.Close()
		return nil, err
	}
	if err := a.buildOps(); err != nil {
		store.Close()
		return nil, err
	}
	a.SiteConfig = &siteconfig.Service{Store: store, Invalidator: a.Cache, ProposalTTL: cfg.ProposalTTL, Now: a.Now, Logger: logger}
	a.buildIdentity()
	a.buildOnboarding()
	if err := a.buildMedia(); err != nil {
		store.Close()
		return nil, err
	}
	if a.Assistant, err = a.buildAssistant(cfg, logger, store); err != nil {
		store.Close()
		return nil, err
	}
	if err := a.buildStorefront(); err != nil {
		store.Close()
		return nil, err
	}
	if err := a.buildDashboard(); err != nil {
		store.Close()
		return nil, err
	}
	a.API = &api.Server{Logger: logger, Store: store, Tenants: a.Directory, Catalog: a.Catalog, Cache: a.Cache,
		Booking: a.Booking, WebhookSecret: cfg.StripeWebhookSecret, Started: time.Now(), Draining: a.draining.Load,
		Identity: a.Identity, TenantAdmin: a.Tenants, Limiter: a.Limiter, TrustedProxies: cfg.TrustedProxies,
		SiteConfig: a.SiteConfig, Audit: store, Domains: a.Domains, Assistant: a.Assistant, Onboarding: a.Onboarding}
	a.API.Media = a.Media
	known, err := httpx.ParseKnownHosts(cfg.KnownDomains)
	if err != nil {
		return nil, fmt.Errorf("MAIS_KNOWN_DOMAINS: %w", err)
	}
	a.handler = a.routes(known)
	return a, nil
}

// routes builds the one mux of the process: every surface registers its
// routes on it with their policies, and everything else is a JSON 404 (or
// the tenant's site, on a custom domain). The edge wraps it.
func (a *App) routes(known httpx.KnownHosts) http.Handler {
	cfg := a.Config
	mc := httpx.MuxConfig{Logger: a.Logger, TrustedProxies: cfg.TrustedProxies,
		TenantSite: a.Storefront.TenantSite(known), CORSOrigin: a.API.CORSOrigin}
	if cfg.Metrics {
		mc.Observe = a.observeRoute
	}
	if cfg.RateLimits {
		mc.Limiter = a.Limiter
	}
	m := httpx.NewMux(mc)
	a.API.Register(m)
	a.Storefront.Register(m)
	a.Dashboard.Register(m)
	if cfg.Metrics {
		// Shared: a scraper reaches the process by its address, which is
		// not one of the platform's names (MAIS_METRICS_TOKEN guards it).
		m.Handle("GET /metrics", httpx.Policy{Shared: true}, a.Metrics.Handler(cfg.MetricsToken))
	}
	m.Fallback("/", httpx.Policy{JSON: true}, nil)
	edge := httpx.Edge(httpx.EdgeConfig{Logger: a.Logger, TrustedProxies: cfg.TrustedProxies, PublicBaseURL: cfg.PublicBaseURL,
		Deadline: requestDeadline, MaxBody: maxRequestBody, InFlight: &a.inflight, Report: a.reportFailure}, m)
	if a.tracer != nil {
		// Only when tracing: naming the span routes the request once more.
		return a.tracer.Handler(edge, func(r *http.Request) string { _, p := m.Handler(r); return p })
	}
	return edge
}

// OpenStore opens the store cfg names and applies pending migrations:
// all that `mais migrate` needs, and the first step of New. It touches
// nothing else (no Redis, no mail), so it works while they are down.
// startWait bounds the wait for a PostgreSQL that does not answer yet (0:
// the default).
func OpenStore(ctx context.Context, cfg config.Config, logger *slog.Logger, startWait time.Duration) (*sqlstore.Store, error) {
	if startWait <= 0 {
		startWait = defaultStoreStartWait
	}
	store, err := sqlstore.Open(ctx, cfg.DatabaseURL, sqlstore.Options{DataDir: cfg.DataDir, MaxConns: cfg.DBMaxConns,
		StartWait: startWait, Logger: logger})
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
	return store, nil
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
	reqCtx, cut := context.WithCancel(context.WithoutCancel(ctx))
	a.cutRequests = cut
	a.server = &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return reqCtx },
	}
	if err := a.startTLS(ctx, ln.Addr().String()); err != nil {
		ln.Close()
		return "", err
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

// startWorkers runs background loops (hold sweeper, e-mail outbox, reminders).
func (a *App) startWorkers(ctx context.Context) {
	for _, run := range []func(context.Context){a.Sweeper.Run, a.Outbox.Run, a.Reminders.Run} {
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

// Shutdown stops the process in an order that never answers a request
// with "database is closed":
//
//  1. /health/ready answers 503 (draining), for DrainDelay while the
//     server still accepts connections, so a load balancer stops sending;
//  2. the server stops accepting and lets requests in flight finish, for
//     at most the configured shutdown timeout;
//  3. requests still running then have their contexts canceled — their
//     store calls end and they answer 503 UNAVAILABLE — and get cutGrace
//     to do so before their connections are closed;
//  4. background workers stop; the cache and, last, the store close.
func (a *App) Shutdown(ctx context.Context) error {
	a.draining.Store(true)
	var err error
	if a.server != nil {
		if a.DrainDelay > 0 {
			a.Logger.Info("draining: /health/ready answers 503", "for", a.DrainDelay)
			select {
			case <-time.After(a.DrainDelay):
			case <-ctx.Done():
			}
		}
		sctx, cancel := context.WithTimeout(ctx, a.Config.ShutdownTimeout)
		err = a.server.Shutdown(sctx)
		cancel()
		a.stopTLS(ctx, a.Config.ShutdownTimeout)
		if err != nil {
			a.Logger.Warn("shutdown timeout passed; cutting the requests still running", "requests", a.inflight.Count())
		}
	}
	if a.cutRequests != nil {
		a.cutRequests()
		gctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cutGrace)
		if !a.inflight.Wait(gctx) {
			a.Logger.Warn("requests still running after they were cut", "requests", a.inflight.Count())
		}
		cancel()
		if a.server != nil {
			a.server.Close()
		}
	}
	if a.stop != nil {
		a.stop()
	}
	a.wg.Wait()
	if a.Identity != nil {
		// Reset e-mails go out in the background (see RequestPasswordReset);
		// the file mailer writes under the data dir the store may release.
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.Config.ShutdownTimeout)
		if !a.Identity.Wait(wctx) {
			a.Logger.Warn("password reset e-mails still sending at shutdown")
		}
		cancel()
	}
	a.flushReports()
	if a.tracer != nil {
		tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), tracing.ExportTimeout)
		a.tracer.Shutdown(tctx)
		cancel()
	}
	a.Cache.Close()
	if cerr := a.Store.Close(); err == nil {
		err = cerr
	}
	return err
}
