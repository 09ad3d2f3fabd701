package httpx

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mais/internal/apperr"
	"mais/internal/ratelimit"
)

// EdgeConfig is what every request goes through before its route.
type EdgeConfig struct {
	Logger *slog.Logger
	// TrustedProxies are the peers whose X-Forwarded-* headers are believed
	// (see TrustForwarded).
	TrustedProxies []netip.Prefix
	// PublicBaseURL on https turns on Strict-Transport-Security.
	PublicBaseURL string
	// Deadline bounds every request's context (see Deadline); 0 means none.
	Deadline time.Duration
	// MaxBody caps every request body (see LimitBody); 0 means no cap.
	MaxBody int64
	// InFlight, if set, counts the requests being handled.
	InFlight *InFlight
	// Report, if set, is told about every request answered 5xx or that
	// panicked (error reporting), after the answer is written.
	Report func(Failure)
}

// Edge is the one handler every request enters by: it counts the request
// in flight, believes X-Forwarded-* only from trusted proxies, gives the
// request an id (X-Request-Id) and a deadline, refuses a URL that is not
// text and a body above the cap, sets the security headers, recovers a
// panic into a 500 and logs the request. It is one handler rather than a
// stack of ten so that a request costs one wrapped writer and one request
// copy; each step is documented at the function of the same name.
func Edge(cfg EdgeConfig, mux *Mux) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &edge{cfg: cfg, mux: mux, hsts: strings.HasPrefix(strings.ToLower(cfg.PublicBaseURL), "https://")}
}

type edge struct {
	cfg  EdgeConfig
	mux  *Mux
	hsts bool
}

// Header values shared by every response (see corsAnyOrigin).
var (
	hstsValues     = []string{hstsValue}
	nosniffValues  = []string{"nosniff"}
	referrerValues = []string{"strict-origin-when-cross-origin"}
	coopValues     = []string{"same-origin"}
	permsValues    = []string{"camera=(), microphone=(), geolocation=(), payment=(self)"}
	denyValues     = []string{"DENY"}
	pageCSPValues  = []string{pageCSP}
	widgetCSPVals  = []string{widgetCSP}
	apiCSPValues   = []string{apiCSP}
	noStoreValues  = []string{"no-store"}
	jsonTypeValues = []string{"application/json; charset=utf-8"}
)

func (e *edge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if e.cfg.InFlight != nil {
		e.cfg.InFlight.n.Add(1)
		defer e.cfg.InFlight.n.Add(-1)
	}
	trustForwarded(r, e.cfg.TrustedProxies)
	start := time.Now()
	ew := &edgeWriter{ResponseWriter: w}
	h := w.Header()
	if e.hsts {
		h["Strict-Transport-Security"] = hstsValues
	}
	ew.ctx.id = requestID(r.Header.Get("X-Request-Id"), &ew.idBuf)
	ew.idValue[0] = ew.ctx.id
	h["X-Request-Id"] = ew.idValue[:1:1]
	ew.ctx.Context = r.Context()
	if e.cfg.Deadline > 0 {
		// No timer unless someone waits (see requestCtx.Done).
		ew.ctx.deadline = start.Add(e.cfg.Deadline)
		defer ew.ctx.release()
	}
	r = r.WithContext(&ew.ctx)
	defer e.finish(ew, r, start)
	if !cleanURL(r) {
		e.badURL(ew, r)
		return
	}
	if max := e.cfg.MaxBody; max > 0 {
		if r.ContentLength > max {
			ew.Header().Set("Connection", "close")
			Error(ew, r, e.cfg.Logger, e.tooLarge(r, max))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(ew, r.Body, max)
		}
	}
	e.mux.ServeHTTP(ew, r)
}

// tooLarge is the 413 of a body declared past max, naming the route's
// BodyField when it has one.
func (e *edge) tooLarge(r *http.Request, max int64) error {
	err := apperr.New(apperr.CodePayloadTooLarge, "the body is larger than %s bytes", strconv.FormatInt(max, 10))
	if field := e.mux.PolicyOf(r).BodyField; field != "" {
		err.Fields = map[string]string{field: "is too large: the whole request may carry at most " + strconv.FormatInt(max, 10) + " bytes"}
	}
	return err
}

// finish recovers a panic into a logged 500 (one bad request never takes
// the process down) and logs the request: at debug level, server errors at
// warn.
func (e *edge) finish(ew *edgeWriter, r *http.Request, start time.Time) {
	v := recover()
	if v != nil {
		if v == http.ErrAbortHandler {
			panic(v)
		}
		Error(ew, r, e.cfg.Logger, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
	}
	e.report(ew, r, v)
	level := slog.LevelDebug
	if ew.status >= 500 {
		level = slog.LevelWarn
	}
	if e.cfg.Logger.Enabled(r.Context(), level) {
		e.cfg.Logger.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", ew.status,
			"duration", time.Since(start), "requestId", ew.ctx.id)
	}
}

// badURL answers a URL that is not text (see CheckURL): the envelope on a
// JSON route, plain text elsewhere.
func (e *edge) badURL(w http.ResponseWriter, r *http.Request) {
	err := apperr.Validation("the address holds characters that are not allowed", URLProblems(r.URL))
	if e.mux.PolicyOf(r).JSON {
		Error(w, r, e.cfg.Logger, err)
		return
	}
	w.Header()["Cache-Control"] = noStoreValues
	http.Error(w, "Bad request: the address holds characters that are not allowed.", http.StatusBadRequest)
}

// cleanURL is the fast test that a URL holds nothing URLProblems would
// name: printable ASCII only, and no escapes in the query. Anything else
// gets the full check.
func cleanURL(r *http.Request) bool {
	if !printableASCII(r.URL.Path) || strings.IndexByte(r.URL.RawQuery, '%') >= 0 || !printableASCII(r.URL.RawQuery) {
		return len(URLProblems(r.URL)) == 0
	}
	return true
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// requestID keeps a sane id sent by a trusted edge, so logs line up across
// hops, and otherwise makes one in buf.
func requestID(sent string, buf *[24]byte) string {
	if saneID(sent) {
		return sent
	}
	// An id must be unique, not secret: the runtime's per-thread generator
	// behind math/rand/v2 gives 96 random bits without a system call or a
	// lock, which crypto/rand cannot promise on every kernel.
	var b [12]byte
	binary.LittleEndian.PutUint64(b[:8], mrand.Uint64())
	binary.LittleEndian.PutUint32(b[8:], mrand.Uint32())
	hex.Encode(buf[:], b[:])
	return string(buf[:])
}

// trustForwarded makes X-Forwarded-Proto and X-Forwarded-Host mean what a
// trusted proxy says, and nothing when anyone else sends them. From a peer
// in trustedProxies (MAIS_TRUSTED_PROXIES, the same test as ratelimit.ClientIP
// applies to X-Forwarded-For), the last value of each header — the one
// the nearest proxy wrote — is kept, and a sane X-Forwarded-Host becomes
// r.Host. From any other peer the headers are removed before any handler
// runs, so sitemaps, robots.txt, redirects and cookie flags downstream can
// read them without checking who sent them.
func trustForwarded(r *http.Request, trustedProxies []netip.Prefix) {
	if len(trustedProxies) == 0 || !ratelimit.FromTrustedProxy(r, trustedProxies) {
		for _, h := range forwardedHeaders {
			delete(r.Header, h)
		}
		return
	}
	if proto := lastValue(r.Header.Values("X-Forwarded-Proto")); proto != "" {
		r.Header.Set("X-Forwarded-Proto", strings.ToLower(proto))
	}
	if host := lastValue(r.Header.Values("X-Forwarded-Host")); saneHost(host) {
		r.Host = host
	}
}

var forwardedHeaders = [...]string{"X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded"}

// requestCtx carries the request id; it lives inside the edgeWriter so the
// id costs no allocation of its own.
type requestCtx struct {
	context.Context
	id string
	// tenantID and err are noted for the failure report (failure.go);
	// tenant is the tenant a surface kept for its handlers (KeepTenant).
	tenantID string
	tenant   any
	err      error
	// deadline, if set, is the request's (see deadline.go); timed is the
	// context.WithDeadline made by the first Done, once.
	deadline time.Time
	once     sync.Once
	timed    atomic.Pointer[timedCtx]
}

func (c *requestCtx) Value(key any) any {
	switch key {
	case requestIDKey{}:
		return c.id
	case requestCtxKey{}:
		return c
	}
	return c.valueOf(key)
}

// edgeWriter records the status for the access log and sets the security
// headers when the handler writes its header: a page gets pageCSP, a
// Frameable route's answer a policy that lets any site frame it, anything
// else apiCSP. Headers the handler set itself are kept.
type edgeWriter struct {
	http.ResponseWriter
	status    int
	frameable bool
	ctx       requestCtx
	idBuf     [24]byte
	idValue   [1]string
}

func (w *edgeWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		w.setSecurityHeaders()
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *edgeWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer (Flush,
// deadlines).
func (w *edgeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *edgeWriter) setSecurityHeaders() {
	h := w.Header()
	setDefaultValues(h, "X-Content-Type-Options", nosniffValues)
	setDefaultValues(h, "Referrer-Policy", referrerValues)
	setDefaultValues(h, "Cross-Origin-Opener-Policy", coopValues)
	setDefaultValues(h, "Permissions-Policy", permsValues)
	csp := apiCSPValues
	switch {
	case w.frameable:
		csp = widgetCSPVals
	case len(h["Content-Type"]) > 0 && strings.HasPrefix(h["Content-Type"][0], "text/html"):
		csp = pageCSPValues
	}
	setDefaultValues(h, "Content-Security-Policy", csp)
	if !w.frameable && !strings.Contains(h["Content-Security-Policy"][0], "frame-ancestors *") {
		// For browsers that predate frame-ancestors; a handler's own
		// X-Frame-Options (SAMEORIGIN for a storefront page) stands.
		setDefaultValues(h, "X-Frame-Options", denyValues)
	}
}

// setDefaultValues sets key (canonical) to the shared values unless the
// handler set it.
func setDefaultValues(h http.Header, key string, values []string) {
	if v := h[key]; len(v) == 0 || v[0] == "" {
		h[key] = values
	}
}
