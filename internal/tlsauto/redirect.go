package tlsauto

import (
	"net"
	"net/http"
	"strconv"
	"strings"
)

// acmeChallengePath is where ACME's HTTP-01 checks ask (RFC 8555 §8.3);
// they must be answered on HTTP, never redirected.
const acmeChallengePath = "/.well-known/acme-challenge/"

// toHTTPS sends a request on the HTTP port for a tenant's served domain
// (Config.Custom) to the same host, path and query over HTTPS with 308,
// which keeps the method and body. ACME challenges and /health (a load
// balancer's probe) stay on HTTP, and so does every other host: the
// platform's own keep answering there. A failed Custom lookup serves the
// request on HTTP rather than failing it.
func (m *Manager) toHTTPS(next http.Handler) http.Handler {
	if m.custom == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasPrefix(p, acmeChallengePath) || p == "/health" || strings.HasPrefix(p, "/health/") {
			next.ServeHTTP(w, r)
			return
		}
		host := hostOnly(r.Host)
		custom, err := m.custom(r.Context(), host)
		if err != nil {
			m.logger.WarnContext(r.Context(), "https redirect: domain lookup failed; served on http", "host", host, "err", err)
		}
		if !custom {
			next.ServeHTTP(w, r)
			return
		}
		target := "https://" + host
		if m.httpsPort != 443 {
			target += ":" + strconv.Itoa(m.httpsPort)
		}
		http.Redirect(w, r, target+r.URL.RequestURI(), http.StatusPermanentRedirect)
	})
}

// hostOnly is the Host header without its port or trailing dot, lowercase.
func hostOnly(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	return strings.TrimSuffix(strings.ToLower(host), ".")
}
