package tenant

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// MaxCORSOrigins bounds a tenant's list of browser origins.
const MaxCORSOrigins = 20

// AllowsOrigin reports whether a web page at origin may call the tenant's
// public API from a browser: any origin when the tenant keeps no list
// (the default), else only the origins listed, compared exactly in their
// canonical form (scheme://host[:port], lower case).
func (t Tenant) AllowsOrigin(origin string) bool {
	if len(t.CORSOrigins) == 0 {
		return true
	}
	o, ok := canonicalOrigin(origin)
	if !ok {
		return false
	}
	return slices.Contains(t.CORSOrigins, o)
}

// CleanOrigins checks a tenant's origin list, field "corsOrigins": each an
// https origin (http only for localhost and 127.0.0.1, for development),
// without path, query or credentials; at most MaxCORSOrigins; blank lines
// dropped and duplicates merged. An empty result means any origin.
func CleanOrigins(fields apperr.FieldErrors, list []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, raw := range list {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		if !textin.Check(fields, "corsOrigins", raw, textin.Line) {
			return nil
		}
		o, ok := canonicalOrigin(raw)
		if !ok {
			fields.Add("corsOrigins", fmt.Sprintf("%q is not an origin such as https://www.example.com (no path)", raw))
			return nil
		}
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	if len(out) > MaxCORSOrigins {
		fields.Add("corsOrigins", fmt.Sprintf("at most %d origins", MaxCORSOrigins))
		return nil
	}
	return out
}

// canonicalOrigin is origin as scheme://host[:port] in lower case, without
// a default port, or false when it is not a web origin.
func canonicalOrigin(origin string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(origin))
	if err != nil || u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") || u.Opaque != "" {
		return "", false
	}
	scheme, host, port := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()
	local := host == "localhost" || host == "127.0.0.1"
	if host == "" || !(scheme == "https" || scheme == "http" && local) || (!local && !validHost(host)) {
		return "", false
	}
	if port == "443" && scheme == "https" || port == "80" && scheme == "http" {
		port = ""
	}
	if port != "" {
		host = net.JoinHostPort(host, port)
	}
	return scheme + "://" + host, true
}
