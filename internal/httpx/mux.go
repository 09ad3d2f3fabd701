package httpx

import (
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"mais/internal/apperr"
	"mais/internal/ratelimit"
)

// RateClass is a per-IP request limit: requests of every route of the
// class, from one client address, count against PerMinute.
type RateClass struct {
	Name      string
	PerMinute int
}

// Policy is what the edge does around one route, declared where the route
// is registered (never worked out again from the path).
type Policy struct {
	// Rate is the per-IP limit the route counts against; the zero class
	// is none. OPTIONS requests are never counted.
	Rate RateClass
	// CORS lets browsers call the route without credentials (the
	// widget's key-scoped API) from the origins MuxConfig.CORSOrigin
	// allows (every origin without it); preflights of its path are
	// answered too.
	CORS bool
	// Frameable lets any site frame the answer (the booking widget); any
	// other answer may not be framed unless its handler says otherwise.
	Frameable bool
	// Shared routes answer on tenants' custom domains as on the platform's
	// own hosts (API, health, assets, uploads, checkout, widget); on a
	// custom domain every other route is the tenant's site instead.
	Shared bool
	// JSON routes get the edge's own errors (a URL that is not text) as
	// the JSON envelope instead of plain text.
	JSON bool
	// BodyField is the request field a body past the edge's cap is blamed
	// on ("file" for an upload), so that 413 names it like every other
	// size refusal; "" names none.
	BodyField string
}

// MuxConfig is what the Mux needs to apply policies.
type MuxConfig struct {
	Logger *slog.Logger
	// Limiter counts the requests of routes with a Rate; nil turns per-IP
	// limits off (MAIS_RATE_LIMITS=off).
	Limiter ratelimit.Limiter
	// TrustedProxies are the peers whose X-Forwarded-For names the client.
	TrustedProxies []netip.Prefix
	// TenantSite serves r, and reports true, when r's Host is a tenant's
	// custom domain; a route that is not Shared then answers from it. Nil
	// means every host is the platform's.
	TenantSite func(w http.ResponseWriter, r *http.Request) bool
	// Observe, if set, gives each registered pattern ("GET /v1/packages")
	// the observer its answered requests are reported to (metrics by
	// route pattern, never by raw path).
	Observe func(pattern string) RouteObserver
	// CORSOrigin decides, for a request with an Origin header on a CORS
	// route, the Access-Control-Allow-Origin to answer ("*" or the origin
	// itself), or false when the origin may not call it: the request is
	// then refused with 403 FORBIDDEN before its handler runs. Preflights
	// carry no credentials or tenant key, so they are answered for any
	// origin and the decision is made on the request itself. Nil: "*".
	CORSOrigin func(r *http.Request) (allow string, ok bool)
}

// RouteObserver is told about every request a route answered: its method,
// status (500 for a panic) and time taken.
type RouteObserver interface {
	Done(method string, status int, elapsed time.Duration)
}

// Mux is the one router of the process: an http.ServeMux whose routes
// carry their Policy.
type Mux struct {
	cfg MuxConfig
	mux *http.ServeMux
	// probe holds the same routes without the fallbacks, to tell a 404
	// from a 405 when a fallback answers.
	probe     *http.ServeMux
	policies  map[string]Policy
	preflight map[string]bool
}

// NewMux returns an empty Mux.
func NewMux(cfg MuxConfig) *Mux {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Mux{cfg: cfg, mux: http.NewServeMux(), probe: http.NewServeMux(),
		policies: map[string]Policy{}, preflight: map[string]bool{}}
}

// ServeHTTP routes r.
func (m *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request) { m.mux.ServeHTTP(w, r) }

// Handle registers h for pattern ("GET /v1/packages/{slug}") under p. A
// CORS route also answers the preflights of its path.
func (m *Mux) Handle(pattern string, p Policy, h http.Handler) {
	m.mux.Handle(pattern, m.route(pattern, p, h))
	m.probe.Handle(pattern, http.NotFoundHandler())
	m.policies[pattern] = p
	if !p.CORS {
		return
	}
	path := pattern
	if _, rest, ok := strings.Cut(pattern, " "); ok {
		path = rest
	}
	if !m.preflight[path] {
		m.preflight[path] = true
		m.mux.Handle("OPTIONS "+path, m.route("OPTIONS "+path, p, http.HandlerFunc(m.notFound)))
	}
}

// Fallback registers h for everything under prefix ("/admin/") that no
// route matches, under p. A nil h answers the JSON envelope: 405 with
// Allow when another method has a route there, else 404.
func (m *Mux) Fallback(prefix string, p Policy, h http.Handler) {
	if h == nil {
		h = http.HandlerFunc(m.notFound)
	}
	m.mux.Handle(prefix, m.route(prefix, p, h))
	m.policies[prefix] = p
}

// Handler is the handler and pattern that would serve r (see
// http.ServeMux.Handler).
func (m *Mux) Handler(r *http.Request) (http.Handler, string) { return m.mux.Handler(r) }

// PolicyOf is the policy of the route that would serve r. It routes r a
// second time, so it is for rare paths only (an edge error).
func (m *Mux) PolicyOf(r *http.Request) Policy {
	_, pattern := m.mux.Handler(r)
	return m.policies[pattern]
}

// notFound answers 404, or 405 with Allow when only the method is wrong.
func (m *Mux) notFound(w http.ResponseWriter, r *http.Request) {
	h, pattern := m.probe.Handler(r)
	if pattern == "" {
		probe := &statusProbe{header: http.Header{}}
		h.ServeHTTP(probe, r)
		if probe.status == http.StatusMethodNotAllowed {
			if allow := probe.header.Get("Allow"); allow != "" {
				w.Header().Set("Allow", allow)
			}
			Error(w, r, m.cfg.Logger, apperr.New(apperr.CodeMethodNotAllowed, "%s is not allowed on %s", r.Method, r.URL.Path))
			return
		}
	}
	Error(w, r, m.cfg.Logger, apperr.New(apperr.CodeNotFound, "no route for %s %s", r.Method, r.URL.Path))
}

// statusProbe records what the probe mux would answer.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(code int)        { p.status = code }

// route is one registered handler with its policy. A struct, not a
// closure: applying the policy costs no allocation of its own.
type route struct {
	m   *Mux
	p   Policy
	h   http.Handler
	obs RouteObserver
}

func (m *Mux) route(pattern string, p Policy, h http.Handler) *route {
	rt := &route{m: m, p: p, h: h}
	if m.cfg.Observe != nil {
		rt.obs = m.cfg.Observe(pattern)
	}
	return rt
}

// observe reports the answered request to the route's observer. A panic
// is a 500 (the edge answers it so) and goes on up to the edge.
func (rt *route) observe(w http.ResponseWriter, r *http.Request, start time.Time) {
	if v := recover(); v != nil {
		rt.obs.Done(r.Method, http.StatusInternalServerError, time.Since(start))
		panic(v)
	}
	status := http.StatusOK
	if ew, ok := w.(*edgeWriter); ok && ew.status != 0 {
		status = ew.status
	}
	rt.obs.Done(r.Method, status, time.Since(start))
}

// CORS header values, shared by every response (a header map holds them
// without copying; cap == len, so an Add copies instead of writing here).
var (
	corsAnyOrigin     = []string{"*"}
	corsExposeHeaders = []string{"X-Request-Id, Retry-After"}
	corsMethods       = []string{"GET, POST, OPTIONS"}
	corsHeaders       = []string{"Content-Type, X-Tenant-Key, X-Request-Id"}
	corsMaxAge        = []string{"600"}
)

func (rt *route) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p, cfg := &rt.p, &rt.m.cfg
	if rt.obs != nil {
		defer rt.observe(w, r, time.Now())
	}
	if !p.Shared && cfg.TenantSite != nil && cfg.TenantSite(w, r) {
		return
	}
	if p.Frameable {
		if ew, ok := w.(*edgeWriter); ok {
			ew.frameable = true
		}
	}
	if p.CORS && r.Header.Get("Origin") != "" {
		h := w.Header()
		h["Access-Control-Allow-Origin"] = corsAnyOrigin
		h["Access-Control-Expose-Headers"] = corsExposeHeaders
		preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
		if !preflight && cfg.CORSOrigin != nil {
			h.Add("Vary", "Origin")
			allow, ok := cfg.CORSOrigin(r)
			if !ok {
				delete(h, "Access-Control-Allow-Origin")
				Error(w, r, cfg.Logger, apperr.New(apperr.CodeForbidden,
					"this business does not let pages at %s call its API from a browser", r.Header.Get("Origin")))
				return
			}
			if allow != "*" {
				h.Set("Access-Control-Allow-Origin", allow)
			}
		}
		if preflight {
			h["Access-Control-Allow-Methods"] = corsMethods
			h["Access-Control-Allow-Headers"] = corsHeaders
			h["Access-Control-Max-Age"] = corsMaxAge
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	if p.Rate.PerMinute > 0 && cfg.Limiter != nil && r.Method != http.MethodOptions {
		res, err := cfg.Limiter.Allow(r.Context(), "req:"+p.Rate.Name+":"+ratelimit.ClientIP(r, cfg.TrustedProxies), p.Rate.PerMinute, time.Minute)
		switch {
		case err != nil:
			// Losing Redis costs shared counters, never availability.
			cfg.Logger.WarnContext(r.Context(), "rate limiter unavailable", "err", err)
		case !res.Allowed:
			Error(w, r, cfg.Logger, &apperr.Error{Code: apperr.CodeTooManyRequests,
				Message: "too many requests from this address; slow down", RetryAfterSeconds: res.RetryAfterSeconds()})
			return
		}
	}
	rt.h.ServeHTTP(w, r)
}
