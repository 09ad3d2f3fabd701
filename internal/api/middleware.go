package api

import (
	"net/http"
	"strings"
	"time"

	"mais/internal/apperr"
	"mais/internal/httpx"
	"mais/internal/ratelimit"
)

// Per-IP request limits. The public limit leaves room for a widget that
// checks a month of dates as a couple browses; the admin limit for a busy
// dashboard, whose pages (/admin/…, assets aside) count on a limit of
// their own. Failed logins and the password forms of both surfaces have
// their own, much tighter, limits in identity, which stay on when these
// are turned off.
const (
	PublicRequestsPerMinute = 600
	AdminRequestsPerMinute  = 300
)

// RateLimit refuses requests beyond the per-IP limits of the /v1 and
// dashboard routes with 429 TOO_MANY_REQUESTS and Retry-After. Stripe
// webhooks are exempt: they are signed, and a burst of redeliveries must
// not be refused. If the limiter
// cannot answer, the request goes through: losing Redis costs shared
// counters, never availability.
func (s *Server) RateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		class, limit := limitClass(r.URL.Path)
		if limit == 0 || s.Limiter == nil || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		res, err := s.Limiter.Allow(r.Context(), "req:"+class+":"+s.clientIP(r), limit, time.Minute)
		if err != nil {
			s.Logger.WarnContext(r.Context(), "rate limiter unavailable", "err", err)
			next.ServeHTTP(w, r)
			return
		}
		if !res.Allowed {
			httpx.Error(w, r, s.Logger, &apperr.Error{Code: apperr.CodeTooManyRequests,
				Message: "too many requests from this address; slow down", RetryAfterSeconds: res.RetryAfterSeconds()})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limitClass names the limit a path falls under; 0 means none.
func limitClass(path string) (string, int) {
	switch {
	case strings.HasPrefix(path, "/admin/assets/"):
		return "", 0
	case path == "/admin" || strings.HasPrefix(path, "/admin/"):
		return "dashboard", AdminRequestsPerMinute
	case !strings.HasPrefix(path, "/v1/"):
		return "", 0
	case strings.HasPrefix(path, "/v1/webhooks/"):
		return "", 0
	case strings.HasPrefix(path, "/v1/admin/"):
		return "admin", AdminRequestsPerMinute
	default:
		return "public", PublicRequestsPerMinute
	}
}

// clientIP is the address limits count against (see ratelimit.ClientIP).
func (s *Server) clientIP(r *http.Request) string {
	return ratelimit.ClientIP(r, s.TrustedProxies)
}
