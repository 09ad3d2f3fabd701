// Package api serves the /v1 JSON API and the health routes. Handlers are
// thin: decode, validate, call a service, encode; they return their error
// and httpx.JSON answers it with the envelope.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"sync/atomic"
	"time"

	"mais/internal/assistant"
	"mais/internal/audit"
	"mais/internal/booking"
	"mais/internal/cache"
	"mais/internal/catalog"
	"mais/internal/domains"
	"mais/internal/httpx"
	"mais/internal/identity"
	"mais/internal/media"
	"mais/internal/onboarding"
	"mais/internal/ratelimit"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

// Pinger reports whether the store answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Server holds what the handlers need. The composition root fills every
// field at once; nothing changes a Server after it is built.
type Server struct {
	Logger  *slog.Logger
	Store   Pinger
	Tenants *tenant.Directory
	Catalog *catalog.Service
	Cache   cache.Cache
	Booking *booking.Service
	// WebhookSecret verifies Stripe-Signature; empty answers 503.
	WebhookSecret string
	Started       time.Time
	// Draining, when set and true, makes /health/ready answer 503: the
	// process received SIGTERM and the load balancer should stop sending.
	Draining func() bool

	// Identity logs admins in and verifies their bearer tokens.
	Identity *identity.Service
	// TenantAdmin creates and changes tenants for platform admins.
	TenantAdmin *tenant.Service
	// Limiter counts agent requests and failed logins (per-IP request
	// limits are route policies, applied by httpx.Mux).
	Limiter ratelimit.Limiter
	// TrustedProxies are the peers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix

	// SiteConfig manages configuration versions, agents and proposals.
	SiteConfig *siteconfig.Service
	// Audit reads the change log.
	Audit audit.Store
	// Assistant runs the admins' conversations with the model (off: 503).
	Assistant *assistant.Service
	// Domains adds and verifies the tenants' custom domains.
	Domains *domains.Service
	// Onboarding is sign-up and Stripe Connect onboarding (docs/API.md §14).
	Onboarding *onboarding.Service
	// Media is the tenants' photo libraries.
	Media *media.Service

	health1s atomic.Pointer[healthSecond] // see healthBody
}

// Route policies of the API. Every /v1 and health route answers on custom
// domains too and gets its edge errors as JSON; the widget's key-scoped
// routes may be called from any origin.
var (
	healthPolicy  = httpx.Policy{Shared: true, JSON: true}
	publicPolicy  = httpx.Policy{Shared: true, JSON: true, CORS: true, Rate: PublicRate}
	webhookPolicy = httpx.Policy{Shared: true, JSON: true} // signed; a burst of redeliveries must pass
	adminPolicy   = httpx.Policy{Shared: true, JSON: true, Rate: AdminRate}
	agentPolicy   = httpx.Policy{Shared: true, JSON: true, Rate: PublicRate}
	// unknownPolicy is that of /v1 paths with no route: no CORS, so a
	// preflight to an admin path is never answered.
	unknownPolicy = httpx.Policy{Shared: true, JSON: true, Rate: PublicRate}
)

// json adapts h: a returned error is answered with the JSON envelope.
func (s *Server) json(h httpx.HandlerFunc) http.Handler { return httpx.JSON(s.Logger, h) }

// Register adds every /v1 and health route to m, each with its policy,
// and the JSON 404/405 answers for unknown /v1 and health paths.
func (s *Server) Register(m *httpx.Mux) {
	m.Handle("GET /health", healthPolicy, s.json(s.health))
	m.Handle("GET /health/ready", healthPolicy, s.json(s.ready))
	m.Handle("GET /health/cache", healthPolicy, s.json(s.cacheHealth))
	m.Fallback("/health/", healthPolicy, nil)

	m.Handle("GET /v1/packages", publicPolicy, s.json(s.withTenant(s.listPackages)))
	m.Handle("GET /v1/packages/{slug}", publicPolicy, s.json(s.withTenant(s.getPackage)))
	m.Handle("GET /v1/availability", publicPolicy, s.json(s.withTenant(s.availability)))
	m.Handle("GET /v1/availability/unavailable", publicPolicy, s.json(s.withTenant(s.unavailableDates)))
	m.Handle("POST /v1/bookings/checkout", publicPolicy, s.json(s.withTenant(s.checkout)))
	m.Handle("GET /v1/config", publicPolicy, s.json(s.withTenant(s.publicConfig)))
	m.Handle("GET /v1/openapi.json", publicPolicy, s.json(s.openAPI))
	m.Handle("POST /v1/webhooks/stripe", webhookPolicy, s.json(s.stripeWebhook))
	m.Fallback("/v1/", unknownPolicy, nil)

	s.registerAdminRoutes(m)
	s.registerProfileRoutes(m)
	s.registerAgentRoutes(m)
}
