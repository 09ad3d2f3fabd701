// Package dashboard is the admin web UI: server-rendered pages for tenant
// admins (bookings, catalog, blackouts, site editor, versions, proposals,
// audit log, agents) and platform admins (tenants).
//
// It holds no business rules of its own. Every read and write goes through
// the same services and stores as the JSON admin API (identity, tenant,
// catalog, booking, siteconfig, audit), with the tenant taken from the
// session and nowhere else. What it adds is HTML: forms, a cookie session
// (forms from other sites refused by http.CrossOriginProtection), photo
// uploads and a preview of draft sites.
package dashboard

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"mais/internal/assets"
	"mais/internal/audit"
	"mais/internal/booking"
	"mais/internal/catalog"
	"mais/internal/domains"
	"mais/internal/httpx"
	"mais/internal/identity"
	"mais/internal/media"
	"mais/internal/onboarding"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
	pageset "mais/internal/view"
)

// Bookings is what the dashboard asks of the booking service
// (*booking.Service): the same methods the JSON admin API calls.
type Bookings interface {
	Booking(ctx context.Context, tenantID, id string) (booking.Booking, error)
	ListBookings(ctx context.Context, tenantID string, f booking.ListFilter) ([]booking.Booking, error)
	// Totals sums payments made in [from, to), the balances owed (overdue
	// before today in loc) and the holds live now.
	Totals(ctx context.Context, tenantID string, from, to time.Time, loc *time.Location) (booking.Totals, error)
	ListBlackouts(ctx context.Context, tenantID, from, to string) ([]booking.Blackout, error)
	CreateBlackout(ctx context.Context, tenantID, date, reason string) (booking.Blackout, error)
	DeleteBlackout(ctx context.Context, tenantID, id string) error
	CancelHold(ctx context.Context, tenantID, bookingID string) (booking.Booking, error)
}

// PreviewSite is a storefront whose published configuration is replaced by
// the draft the request carries (see DraftSites). It registers the
// storefront routes on a mux of the dashboard's own.
type PreviewSite interface {
	Register(m *httpx.Mux)
}

// Config is what the dashboard needs; the composition root fills it.
type Config struct {
	Logger     *slog.Logger
	Identity   *identity.Service
	Tenants    *tenant.Service
	SiteConfig *siteconfig.Service
	Bookings   Bookings
	// Money is the booking page's money actions (bookingmoney.go); nil
	// shows the page without them.
	Money BookingMoney
	// Mails previews the booking e-mails (emails.go); nil: no preview.
	Mails   MailPreviewer
	Catalog *catalog.Service
	Audit   audit.Store
	// Assistant feeds the assistant panel (assistant.go); nil: the panel
	// says the assistant is off.
	Assistant Assistant
	// Preview renders draft sites; nil turns the preview off.
	Preview PreviewSite
	// Onboarding is sign-up, the Stripe page and the overview's checklist.
	Onboarding *onboarding.Service
	// EmbedSnippet returns the widget snippet a tenant pastes into its site.
	EmbedSnippet func(t tenant.Tenant) string
	// Domains are the tenant's own domains (domains.go).
	Domains *domains.Service
	// PublicBaseURL is the platform's absolute base: cookies are Secure
	// when it is https, and uploaded photos get absolute URLs under it.
	PublicBaseURL string
	// DataDir holds the photos uploaded before the library, served
	// read-only from DataDir/uploads/{tenantID}.
	DataDir string
	// Media is the tenants' photo libraries: every upload goes there.
	Media *media.Service
	// Secret (JWT_SECRET) keys the flash cookie.
	Secret         []byte
	TrustedProxies []netip.Prefix
	Now            func() time.Time
}

// Handler serves /admin/… and /uploads/….
type Handler struct {
	cfg     Config
	log     *slog.Logger
	assets  *assets.Set
	pages   *pageset.Set
	preview *httpx.Mux
	uploads string // the legacy uploads directory
	secure  bool
	flash   *flashBox
	// origins refuses POSTs other sites make (guard, public, logout).
	origins *http.CrossOriginProtection
}

// New parses the templates and loads the assets; a broken template is an
// error here, at start-up, never on a request.
func New(cfg Config) (*Handler, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if len(cfg.Secret) < 32 {
		return nil, fmt.Errorf("dashboard: the secret must be at least 32 bytes")
	}
	assets, err := loadAssets()
	if err != nil {
		return nil, err
	}
	pages, err := parsePages(assets, cfg.PublicBaseURL)
	if err != nil {
		return nil, err
	}
	origins, err := crossOrigin(cfg.PublicBaseURL)
	if err != nil {
		return nil, err
	}
	h := &Handler{cfg: cfg, log: cfg.Logger, assets: assets, pages: pages,
		uploads: filepath.Join(cfg.DataDir, "uploads"),
		secure:  strings.HasPrefix(cfg.PublicBaseURL, "https://"),
		flash:   newFlashBox(cfg.Secret), origins: origins}
	if cfg.Preview != nil {
		h.preview = httpx.NewMux(httpx.MuxConfig{Logger: cfg.Logger})
		cfg.Preview.Register(h.preview)
	}
	return h, nil
}

// RequestsPerMinute is the per-IP limit of the dashboard's pages (assets
// aside), counted apart from the admin API's.
const RequestsPerMinute = 300

// Route policies of the dashboard: pages count against the dashboard's
// limit; uploaded photos are served on custom domains too.
var (
	pagePolicy   = httpx.Policy{Rate: httpx.RateClass{Name: "dashboard", PerMinute: RequestsPerMinute}}
	assetPolicy  = httpx.Policy{}
	uploadPolicy = httpx.Policy{Shared: true}
)

// Register adds the dashboard's routes to m, each with its policy.
func (h *Handler) Register(m *httpx.Mux) {
	m.Handle("GET /admin/assets/{hash}/{name}", assetPolicy, h.assets)
	m.Handle("GET /uploads/{tenant}/{file}", uploadPolicy, http.HandlerFunc(h.serveUpload))
	m.Fallback("/admin/", pagePolicy, http.HandlerFunc(h.notFound))

	m.Handle("GET /admin/login", pagePolicy, h.public(h.loginPage))
	m.Handle("POST /admin/login", pagePolicy, h.public(h.login))
	m.Handle("POST /admin/logout", pagePolicy, http.HandlerFunc(h.logout))
	m.Handle("GET /admin/forgot-password", pagePolicy, h.public(h.forgotPage))
	m.Handle("POST /admin/forgot-password", pagePolicy, h.public(h.forgot))
	m.Handle("GET /admin/reset-password", pagePolicy, h.public(h.resetPage))
	m.Handle("POST /admin/reset-password", pagePolicy, h.public(h.reset))
	m.Handle("GET /admin/account/password", pagePolicy, h.anyAdmin(h.passwordPage))
	m.Handle("POST /admin/account/password", pagePolicy, h.anyAdmin(h.changePassword))

	m.Handle("GET /admin", pagePolicy, h.anyAdmin(h.home))
	m.Handle("GET /admin/{$}", pagePolicy, h.anyAdmin(h.home))
	h.registerTenantRoutes(m)
	h.registerOnboardingRoutes(m)
	h.registerAssistantRoutes(m)
	h.registerPlatformRoutes(m)
}

func (h *Handler) registerTenantRoutes(m *httpx.Mux) {
	tr := func(pattern string, fn pageFunc) { m.Handle(pattern, pagePolicy, h.tenantAdmin(fn)) }
	tr("GET /admin/bookings", h.bookingList)
	tr("GET /admin/bookings/calendar", h.bookingCalendar)
	tr("GET /admin/bookings/{id}", h.bookingDetail)
	tr("POST /admin/bookings/{id}/release", h.bookingRelease)
	tr("POST /admin/bookings/{id}/refund", h.bookingRefund)
	tr("POST /admin/bookings/{id}/cancel", h.bookingCancel)
	tr("POST /admin/bookings/{id}/reschedule", h.bookingReschedule)
	tr("POST /admin/bookings/{id}/resend", h.bookingResend)

	tr("GET /admin/packages", h.packageList)
	tr("GET /admin/packages/new", h.packageNew)
	tr("POST /admin/packages/new", h.packageCreate)
	tr("GET /admin/packages/{id}", h.packageEdit)
	tr("POST /admin/packages/{id}", h.packageUpdate)
	h.registerMediaRoutes(tr)
	tr("POST /admin/packages/{id}/delete", h.packageDelete)
	tr("POST /admin/packages/{id}/photo", h.packagePhoto)
	tr("POST /admin/packages/{id}/photo/remove", h.packagePhotoRemove)
	tr("POST /admin/packages/{id}/addons", h.addOnCreate)
	tr("POST /admin/packages/{id}/addons/{addOnId}", h.addOnUpdate)
	tr("POST /admin/packages/{id}/addons/{addOnId}/delete", h.addOnDelete)
	tr("POST /admin/packages/{id}/addons/{addOnId}/photo", h.addOnPhoto)
	tr("POST /admin/packages/{id}/addons/{addOnId}/photo/remove", h.addOnPhotoRemove)

	tr("GET /admin/blackouts", h.blackoutList)
	tr("POST /admin/blackouts", h.blackoutCreate)
	tr("POST /admin/blackouts/{id}/delete", h.blackoutDelete)
	tr("GET /admin/venues", h.venueList)
	tr("POST /admin/venues", h.venueCreate)
	tr("POST /admin/venues/{id}/delete", h.venueDelete)

	tr("GET /admin/site", h.siteOverview)
	tr("GET /admin/site/pages/{page}", h.sitePageEdit)
	tr("POST /admin/site/pages/{page}", h.sitePageSave)
	tr("POST /admin/site/pages/{page}/preview", h.sitePageLivePreview)
	tr("GET /admin/site/branding", h.brandingEdit)
	tr("POST /admin/site/branding", h.brandingSave)
	tr("GET /admin/preview/{id}/{page}", h.previewVersion)
	tr("GET /admin/site/display", h.displayEdit)
	tr("POST /admin/site/display", h.displaySave)
	tr("POST /admin/site/display/preview", h.displayLivePreview)
	tr("GET /admin/site/widget", h.widgetEdit)
	tr("POST /admin/site/widget", h.widgetSave)
	tr("POST /admin/site/widget/preview", h.widgetLivePreview)
	tr("GET /admin/site/widget/preview/{id}", h.widgetPreview)
	tr("GET /admin/site/widget/preview/{id}/theme.css", h.widgetPreviewTheme)

	tr("GET /admin/versions", h.versionList)
	tr("GET /admin/versions/{id}", h.versionDetail)
	tr("POST /admin/versions/{id}/publish", h.versionPublish)
	tr("POST /admin/versions/{id}/rollback", h.versionRollback)

	tr("GET /admin/proposals", h.proposalList)
	tr("GET /admin/proposals/{id}", h.proposalDetail)
	tr("POST /admin/proposals/{id}/approve", h.proposalApprove)
	tr("POST /admin/proposals/{id}/reject", h.proposalReject)

	tr("GET /admin/audit", h.auditList)
	tr("GET /admin/agents", h.agentList)
	tr("POST /admin/agents", h.agentCreate)
	tr("POST /admin/agents/{id}/revoke", h.agentRevoke)
	tr("GET /admin/embed", h.embedPage)
	h.registerDomainRoutes(tr)
	tr("POST /admin/embed/origins", h.embedOrigins)
	h.registerProfileRoutes(tr)
	tr("GET /admin/settings", h.settingsPage)
	tr("POST /admin/settings", h.settingsSave)
	tr("GET /admin/emails", h.emailList)
	tr("GET /admin/emails/{kind}", h.emailHTML)
}

func (h *Handler) registerPlatformRoutes(m *httpx.Mux) {
	pr := func(pattern string, fn pageFunc) { m.Handle(pattern, pagePolicy, h.platformAdmin(fn)) }
	pr("GET /admin/platform", h.tenantList)
	pr("GET /admin/platform/tenants/new", h.tenantNew)
	pr("POST /admin/platform/tenants/new", h.tenantCreate)
	pr("GET /admin/platform/tenants/{id}", h.tenantEdit)
	pr("POST /admin/platform/tenants/{id}", h.tenantUpdate)
	pr("POST /admin/platform/tenants/{id}/active", h.tenantSetActive)
	pr("POST /admin/platform/tenants/{id}/rotate-keys", h.tenantRotateKeys)
}

// home sends each role to its start page.
func (h *Handler) home(w http.ResponseWriter, r *http.Request, s *session) error {
	if s.P.Role == identity.RolePlatformAdmin {
		http.Redirect(w, r, "/admin/platform", http.StatusSeeOther)
		return nil
	}
	return h.overview(w, r, s)
}

// publicURL is the absolute address of a path on the platform's own host.
func (h *Handler) publicURL(path string) string {
	return strings.TrimRight(h.cfg.PublicBaseURL, "/") + path
}

// storefrontURL is the public address of a tenant's site.
func (h *Handler) storefrontURL(t tenant.Tenant) string {
	return h.publicURL("/t/" + url.PathEscape(t.Slug))
}

func (h *Handler) now() time.Time { return h.cfg.Now() }
