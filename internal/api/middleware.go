package api

import (
	"net/http"

	"mais/internal/httpx"
	"mais/internal/ratelimit"
)

// Per-IP request limits. The public limit leaves room for a widget that
// checks a month of dates as a couple browses; the admin limit for a busy
// dashboard, whose pages (/admin/…, assets aside) count on a limit of
// their own. Failed logins and the password forms of both surfaces have
// their own, much tighter, limits in identity, which stay on when these
// are turned off. Stripe webhooks are exempt: they are signed, and a burst
// of redeliveries must not be refused.
const (
	PublicRequestsPerMinute = 600
	AdminRequestsPerMinute  = 300
)

// The rate classes of the API's route policies (see httpx.Policy).
var (
	PublicRate = httpx.RateClass{Name: "public", PerMinute: PublicRequestsPerMinute}
	AdminRate  = httpx.RateClass{Name: "admin", PerMinute: AdminRequestsPerMinute}
)

// clientIP is the address limits count against (see ratelimit.ClientIP).
func (s *Server) clientIP(r *http.Request) string {
	return ratelimit.ClientIP(r, s.TrustedProxies)
}
