// Package storefront serves what couples see: each tenant's server-rendered
// website (at /t/{slug}/… and on its custom domain), the booking flow on it,
// the embeddable booking widget, and the mock payment page.
//
// Pages are rendered from the published site configuration with
// html/template, cached per tenant for at most a minute and dropped at once
// when the tenant's cache is invalidated. Booking goes through
// booking.Service only; this package adds forms and HTML around it.
package storefront

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"mais/internal/assets"
	"mais/internal/booking"
	"mais/internal/cache"
	"mais/internal/catalog"
	"mais/internal/ratelimit"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

// TenantStore finds tenants for the storefront.
type TenantStore interface {
	TenantByID(ctx context.Context, id string) (tenant.Tenant, error)
	TenantBySlug(ctx context.Context, slug string) (tenant.Tenant, error)
	TenantByDomain(ctx context.Context, host string) (tenant.Tenant, error)
}

// KeyResolver turns a public API key into its tenant (the widget's ?key=).
type KeyResolver interface {
	Resolve(ctx context.Context, key string) (tenant.Tenant, error)
}

// Catalog reads a tenant's packages.
type Catalog interface {
	ListPackages(ctx context.Context, tenantID string, activeOnly bool) ([]catalog.Package, error)
}

// Booker is the part of booking.Service the storefront drives.
type Booker interface {
	Unavailable(ctx context.Context, t tenant.Tenant, from, to string) ([]booking.UnavailableDay, error)
	Checkout(ctx context.Context, t tenant.Tenant, in booking.CheckoutInput) (booking.CheckoutResult, error)
	PayMock(ctx context.Context, sessionID string) (booking.Booking, booking.Outcome, error)
	CancelMock(ctx context.Context, sessionID string) (booking.Booking, error)
	SessionBooking(ctx context.Context, sessionID string) (booking.Booking, error)
}

// Config is what the storefront needs; the composition root fills it.
type Config struct {
	Logger  *slog.Logger
	Tenants TenantStore
	Keys    KeyResolver
	Sites   siteconfig.Reader
	Catalog Catalog
	Booking Booker
	Cache   cache.Cache
	// PublicBaseURL is the platform's own absolute base (sitemaps, embed
	// snippets).
	PublicBaseURL string
	// SuccessURL and CancelURL mirror the booking service's overrides, so
	// the mock payment page returns where a real provider would.
	SuccessURL, CancelURL string
	// PageTTL bounds how long a rendered page is reused (default 60 s).
	PageTTL time.Duration
	// FormLimiter counts booking form posts per client address (storefront
	// and widget), as the API's per-IP limits do; nil turns it off
	// (MAIS_RATE_LIMITS=off).
	FormLimiter ratelimit.Limiter
	// TrustedProxies are the peers whose X-Forwarded-For names the client.
	TrustedProxies []netip.Prefix
	Now            func() time.Time
}

// Handler serves the storefront routes.
type Handler struct {
	cfg     Config
	log     *slog.Logger
	assets  *assets.Set
	tmpl    *templates
	lookup  *tenantLookup
	pageTTL time.Duration
	csp     string
	gzip    gzipPool
}

// New parses the templates and loads the assets; a broken template is an
// error here, at start-up, never on a request.
func New(cfg Config) (*Handler, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	assets, err := loadAssets()
	if err != nil {
		return nil, err
	}
	tmpl, err := parseTemplates(assets)
	if err != nil {
		return nil, err
	}
	h := &Handler{cfg: cfg, log: cfg.Logger, assets: assets, tmpl: tmpl,
		lookup: newTenantLookup(cfg.Tenants, cfg.Now), pageTTL: cfg.PageTTL}
	if h.pageTTL <= 0 {
		h.pageTTL = 60 * time.Second
	}
	h.csp = contentPolicy(cfg.PublicBaseURL)
	return h, nil
}

// Forget drops cached tenant lookups of tenantID; wire it to
// cache.Cache.OnInvalidate so every process forgets at once.
func (h *Handler) Forget(tenantID string) { h.lookup.Forget(tenantID) }

// Register adds the storefront routes of the platform's own hosts to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.Handle("GET /assets/{hash}/{name}", h.assets)
	mux.HandleFunc("GET /t/{slug}", h.slugSite)
	mux.HandleFunc("GET /t/{slug}/{rest...}", h.slugSite)
	mux.HandleFunc("POST /t/{slug}/{rest...}", h.slugSite)
	mux.HandleFunc("GET /widget", h.widget)
	mux.HandleFunc("POST /widget", h.widget)
	mux.HandleFunc("GET /widget/embed.js", h.embedScript)
	mux.HandleFunc("GET /widget/theme.css", h.widgetTheme)
	mux.HandleFunc("GET /checkout/mock/{session}", h.mockCheckout)
	mux.HandleFunc("POST /checkout/mock/{session}/pay", h.mockPay)
	mux.HandleFunc("POST /checkout/mock/{session}/cancel", h.mockCancel)
}

// Hosts routes by Host: the platform's own hosts (known, compared without
// port and case) go to platform; any other host is a tenant's custom domain
// and gets that tenant's site, except the shared paths (API, health, assets,
// uploads, checkout, widget) which go to platform whatever the host.
func (h *Handler) Hosts(known []string, platform http.Handler) http.Handler {
	knownSet := make(map[string]bool, len(known))
	for _, k := range known {
		knownSet[CanonicalHost(k)] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := CanonicalHost(r.Host)
		if host == "" || knownSet[host] || sharedPath(r.URL.Path) {
			platform.ServeHTTP(w, r)
			return
		}
		h.domainSite(w, r, host)
	})
}

func sharedPath(p string) bool {
	for _, prefix := range []string{"/v1/", "/assets/", "/checkout/", "/widget/", "/health/", "/uploads/"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return p == "/health" || p == "/widget"
}

// contentPolicy is the CSP of storefront pages, without frame-ancestors.
// Tenant images are https URLs on any host; scripts and styles are our own
// files only. Forms may lead to the payment provider (any https host) and
// to the platform's own base, where the mock payment page lives.
func contentPolicy(publicBase string) string {
	// Uploaded photos and the mock payment page live on the platform's own
	// base, which in development is plain http.
	platform := ""
	if u, err := url.Parse(publicBase); err == nil && u.Scheme == "http" && u.Host != "" {
		platform = " http://" + u.Host
	}
	return "default-src 'self'; img-src 'self' https: data:" + platform + "; style-src 'self'; script-src 'self'; " +
		"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self' https:" + platform
}
