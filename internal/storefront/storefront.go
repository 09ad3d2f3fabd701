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
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"mais/internal/apperr"
	"mais/internal/assets"
	"mais/internal/booking"
	"mais/internal/cache"
	"mais/internal/catalog"
	"mais/internal/httpx"
	"mais/internal/ratelimit"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
	"mais/internal/view"
)

// Tenants finds the tenant of a request (tenant.Directory): by id (a
// checkout's booking), by public key (the widget's ?key=), and the active
// tenant of a slug or custom domain (NOT_FOUND for an inactive one).
type Tenants interface {
	TenantByID(ctx context.Context, id string) (tenant.Tenant, error)
	Resolve(ctx context.Context, key string) (tenant.Tenant, error)
	SiteBySlug(ctx context.Context, slug string) (tenant.Tenant, error)
	SiteByDomain(ctx context.Context, host string) (tenant.Tenant, error)
}

// Catalog reads a tenant's packages.
type Catalog interface {
	ListPackages(ctx context.Context, tenantID string, activeOnly bool) ([]catalog.Package, error)
}

// Venues lists a tenant's venues for the booking form (catalog.VenueStore).
type Venues interface {
	ListVenues(ctx context.Context, tenantID string) ([]catalog.Venue, error)
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
	Tenants Tenants
	Sites   siteconfig.Reader
	Catalog Catalog
	// Venues, when set, offers the tenant's venues in the booking form.
	Venues  Venues
	Booking Booker
	// Manage serves the couple's manage page /b/{token}; nil: NOT_FOUND.
	Manage Manager
	Cache  cache.Cache
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

	// DemoSlug is the demo tenant the platform's front door links to, when
	// it exists; Signup adds a link to /signup (MAIS_SIGNUP=open).
	DemoSlug string
	Signup   bool
}

// Handler serves the storefront routes.
type Handler struct {
	cfg     Config
	log     *slog.Logger
	assets  *assets.Set
	tmpl    *view.Set
	pageTTL time.Duration
	// pageCSP and widgetCSP are the policies of framed-by-self pages and of
	// the widget, which any site may frame, as header values.
	pageCSP, widgetCSP []string
	// pages remembers decoded cached pages (see serveCached).
	pages cache.Decoded[cachedPage]
	// origins refuses form posts other sites make (booking forms, the mock
	// payment page's buttons).
	origins *http.CrossOriginProtection
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
	tmpl, err := parseTemplates(assets, cfg.PublicBaseURL)
	if err != nil {
		return nil, err
	}
	h := &Handler{cfg: cfg, log: cfg.Logger, assets: assets, tmpl: tmpl,
		pageTTL: cfg.PageTTL}
	if h.pageTTL <= 0 {
		h.pageTTL = 60 * time.Second
	}
	csp := contentPolicy(cfg.PublicBaseURL)
	h.pageCSP = []string{csp.Set("frame-ancestors", "'self'").String()}
	h.widgetCSP = []string{csp.Set("frame-ancestors", "*").String()}
	if h.origins, err = crossOrigin(cfg.PublicBaseURL); err != nil {
		return nil, err
	}
	return h, nil
}

// crossOrigin refuses POSTs a browser says come from another site
// (Sec-Fetch-Site, else Origin against Host). The platform's own base is
// trusted as well, for a proxy that rewrites Host; a custom domain posts
// to itself, which is same-origin. A request that names no origin at all
// is not a browser's and, holding no cookie, can do nothing a script could
// not do directly: it passes.
func crossOrigin(publicBase string) (*http.CrossOriginProtection, error) {
	c := http.NewCrossOriginProtection()
	if u, err := url.Parse(publicBase); err == nil && u.Scheme != "" && u.Host != "" {
		if err := c.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return nil, fmt.Errorf("storefront: trusted origin: %w", err)
		}
	}
	return c, nil
}

// checkOrigin is FORBIDDEN for a POST another site made.
func (h *Handler) checkOrigin(r *http.Request, what string) error {
	if h.origins.Check(r) != nil {
		return apperr.New(apperr.CodeForbidden, "cross-site %s refused", what)
	}
	return nil
}

// Register adds the storefront routes of the platform's own hosts to m.
// Each route states its policy here: the widget's pages (errors included)
// may be framed by any site, every other page by its own site only; the
// assets, the widget and the mock checkout answer on custom domains too.
func (h *Handler) Register(m *httpx.Mux) {
	site := httpx.Policy{}
	shared := httpx.Policy{Shared: true}
	widget := httpx.Policy{Shared: true, Frameable: true}
	m.Handle("GET /assets/{hash}/{name}", shared, h.assets)
	m.Handle("GET /{$}", site, h.page(false, h.frontDoor))
	m.Handle("GET /t/{slug}", site, h.page(false, h.slugSite))
	m.Handle("GET /t/{slug}/{rest...}", site, h.page(false, h.slugSite))
	m.Handle("POST /t/{slug}/{rest...}", site, h.page(false, h.slugSite))
	m.Handle("GET /widget", widget, h.page(true, h.widget))
	m.Handle("POST /widget", widget, h.page(true, h.widget))
	m.Handle("GET /widget/embed.js", widget, http.HandlerFunc(h.embedScript))
	m.Handle("GET /widget/theme.css", widget, h.page(true, h.widgetTheme))
	m.Handle("GET /checkout/mock/{session}", shared, h.page(false, h.mockCheckout))
	m.Handle("POST /checkout/mock/{session}/pay", shared, h.page(false, h.mockPay))
	m.Handle("POST /checkout/mock/{session}/cancel", shared, h.page(false, h.mockCancel))
	// The couple's manage page: the link in every e-mail is on the
	// platform's base, and like the checkout pages it answers on any host;
	// limited per address, since a token is what it guards.
	manage := httpx.Policy{Rate: manageRate, Shared: true}
	m.Handle("GET /b/{token}", manage, h.page(false, h.managePage))
	m.Handle("POST /b/{token}/pay", manage, h.page(false, h.managePay))
	m.Handle("POST /b/{token}/move", manage, h.page(false, h.manageMove))
	m.Handle("POST /b/{token}/cancel", manage, h.page(false, h.manageCancel))
}

// TenantSite returns the httpx.MuxConfig.TenantSite of the process: a
// request whose Host is not one of the platform's own (known: exact names
// and *.wildcards, compared without port and case) is for a tenant's
// custom domain, and gets that tenant's site on every route that is not
// Shared.
func (h *Handler) TenantSite(known httpx.KnownHosts) func(w http.ResponseWriter, r *http.Request) bool {
	domain := h.page(false, h.domainSite)
	return func(w http.ResponseWriter, r *http.Request) bool {
		if httpx.CanonicalHost(r.Host) == "" || known.Match(r.Host) {
			return false
		}
		domain.ServeHTTP(w, r)
		return true
	}
}

// contentPolicy is the CSP of storefront pages, without frame-ancestors
// (set per route). Tenant images are https URLs on any host; scripts and
// styles are our own files only. Forms may lead to the payment provider
// (any https host) and to the platform's own base, where the mock payment
// page lives.
func contentPolicy(publicBase string) httpx.CSP {
	// Uploaded photos and the mock payment page live on the platform's own
	// base, which in development is plain http.
	platform := ""
	if u, err := url.Parse(publicBase); err == nil && u.Scheme == "http" && u.Host != "" {
		platform = "http://" + u.Host
	}
	return httpx.PageCSP.Add("img-src", platform).Set("connect-src", "'self'").
		Set("form-action", "'self'", "https:", platform).Without("frame-ancestors")
}
