// Package api serves the /v1 JSON API and the health routes. Handlers are
// thin: decode, validate, call a service, encode. Errors go through httpx.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"mais/internal/audit"
	"mais/internal/booking"
	"mais/internal/cache"
	"mais/internal/catalog"
	"mais/internal/identity"
	"mais/internal/ratelimit"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

// Pinger reports whether the store answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Server holds what the handlers need. Fields are set by the composition root.
type Server struct {
	Logger  *slog.Logger
	Store   Pinger
	Tenants *tenant.Resolver
	Catalog catalog.Store
	Cache   cache.Cache
	Booking *booking.Service
	// WebhookSecret verifies Stripe-Signature; empty answers 503.
	WebhookSecret string
	Started       time.Time
	// Draining, when set and true, makes /health/ready answer 503: the
	// process received SIGTERM and the load balancer should stop sending.
	Draining func() bool
	// Extra registers routes owned by other packages (booking, admin, storefront).
	Extra []func(mux *http.ServeMux)

	// Identity logs admins in and verifies their bearer tokens.
	Identity *identity.Service
	// TenantAdmin creates and changes tenants for platform admins.
	TenantAdmin *tenant.Service
	// Limiter counts per-IP requests (see RateLimit) and failed logins.
	Limiter ratelimit.Limiter
	// TrustedProxies are the peers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix

	// SiteConfig manages configuration versions, agents and proposals.
	SiteConfig *siteconfig.Service
	// Audit reads the change log.
	Audit audit.Store
}

// Routes returns the mux with every /v1 and health route.
func (s *Server) Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", s.health)
	mux.HandleFunc("GET /health/ready", s.ready)
	mux.HandleFunc("GET /health/cache", s.cacheHealth)

	mux.Handle("GET /v1/packages", s.withTenant(s.listPackages))
	mux.Handle("GET /v1/packages/{slug}", s.withTenant(s.getPackage))
	mux.Handle("GET /v1/availability", s.withTenant(s.availability))
	mux.Handle("GET /v1/availability/unavailable", s.withTenant(s.unavailableDates))
	mux.Handle("POST /v1/bookings/checkout", s.withTenant(s.checkout))
	mux.HandleFunc("POST /v1/webhooks/stripe", s.stripeWebhook)
	s.registerAdminRoutes(mux)
	s.registerConfigRoutes(mux)
	for _, register := range s.Extra {
		register(mux)
	}
	return mux
}
