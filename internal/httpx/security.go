package httpx

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"mais/internal/apperr"
)

// Content security policies. Pages load scripts only from this origin and
// never inline, so an injected <script> does not run. Inline style is
// allowed because tenant branding sets colours in style attributes; images
// come from wherever tenants host their photos (https only).
const (
	pageCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; " +
		"img-src 'self' https: data:; font-src 'self' https://fonts.gstatic.com data:; connect-src 'self'; " +
		"object-src 'none'; base-uri 'self'; form-action 'self' https://checkout.stripe.com; frame-ancestors 'none'"
	// widgetCSP is pageCSP for the booking widget, which any site may embed.
	widgetCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; " +
		"img-src 'self' https: data:; font-src 'self' https://fonts.gstatic.com data:; connect-src 'self'; " +
		"object-src 'none'; base-uri 'self'; form-action 'self' https://checkout.stripe.com; frame-ancestors *"
	// apiCSP is for everything that is not a page: nothing may load or frame it.
	apiCSP = "default-src 'none'; frame-ancestors 'none'"
)

// SecurityHeaders sets the security headers on every response, chosen when
// the handler writes its header: a page gets pageCSP, the booking widget
// (/widget…) one that lets any site frame it, anything else apiCSP. Headers
// the handler set itself are kept.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&securityWriter{ResponseWriter: w, widget: IsWidgetPath(r.URL.Path)}, r)
	})
}

// hstsValue keeps browsers on https for a year. It has no
// includeSubDomains: the header also goes out on tenants' custom domains,
// whose other subdomains (mail, shop) are theirs and not ours to pin.
const hstsValue = "max-age=31536000"

// StrictTransport adds Strict-Transport-Security to every response, errors
// and redirects included, when the platform is published on https
// (publicBaseURL); over plain http it returns next unchanged. The header is
// set before next runs, so no handler can forget it.
func StrictTransport(publicBaseURL string, next http.Handler) http.Handler {
	if !strings.HasPrefix(strings.ToLower(publicBaseURL), "https://") {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", hstsValue)
		next.ServeHTTP(w, r)
	})
}

// IsWidgetPath reports whether path serves the embeddable booking widget.
func IsWidgetPath(path string) bool {
	return path == "/widget" || strings.HasPrefix(path, "/widget/") || strings.HasPrefix(path, "/widget.")
}

type securityWriter struct {
	http.ResponseWriter
	widget      bool
	wroteHeader bool
}

func (s *securityWriter) WriteHeader(code int) {
	if !s.wroteHeader {
		s.wroteHeader = true
		s.setHeaders()
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *securityWriter) Write(b []byte) (int, error) {
	if !s.wroteHeader {
		s.WriteHeader(http.StatusOK)
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer (Flush,
// deadlines).
func (s *securityWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// setHeaders fills in every security header the handler did not set
// itself: a handler that knows better (a storefront page that may be framed
// by its own site) keeps its choice.
func (s *securityWriter) setHeaders() {
	h := s.Header()
	setDefault(h, "X-Content-Type-Options", "nosniff")
	setDefault(h, "Referrer-Policy", "strict-origin-when-cross-origin")
	setDefault(h, "Cross-Origin-Opener-Policy", "same-origin")
	setDefault(h, "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(self)")
	csp := apiCSP
	switch {
	case s.widget:
		csp = widgetCSP
	case strings.HasPrefix(h.Get("Content-Type"), "text/html"):
		csp = pageCSP
	}
	setDefault(h, "Content-Security-Policy", csp)
	if !s.widget && !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors *") {
		// For browsers that predate frame-ancestors; a handler's own
		// X-Frame-Options (SAMEORIGIN for a storefront page) stands.
		setDefault(h, "X-Frame-Options", "DENY")
	}
}

func setDefault(h http.Header, key, value string) {
	if h.Get(key) == "" {
		h.Set(key, value)
	}
}

// isPublicCORSPath reports the key-scoped routes the booking widget calls from
// other sites. They carry no cookies or credentials, so any origin may call
// them; the admin API gets no CORS headers at all and stays same-origin.
func isPublicCORSPath(path string) bool {
	for _, p := range []string{"/v1/packages", "/v1/availability", "/v1/bookings", "/v1/config", "/v1/openapi.json"} {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// CORS answers preflights and sets Access-Control-* headers for the public
// widget routes.
func CORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isPublicCORSPath(r.URL.Path) || r.Header.Get("Origin") == "" {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", "X-Request-Id, Retry-After")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Content-Type, X-Tenant-Key, X-Request-Id")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// LimitBody caps every request body at max bytes, whatever the handler
// does with it. A declared Content-Length above the cap is refused with 413
// PAYLOAD_TOO_LARGE before the handler runs; a longer body without one fails
// the handler's read.
func LimitBody(max int64, logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			w.Header().Set("Connection", "close")
			Error(w, r, logger, apperr.New(apperr.CodePayloadTooLarge, "the body is larger than %s bytes", strconv.FormatInt(max, 10)))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, max)
		}
		next.ServeHTTP(w, r)
	})
}
