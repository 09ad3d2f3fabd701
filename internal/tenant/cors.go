package tenant

import (
	"fmt"
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
// scheme://host[:port] with a port of 1–65535 and no path, query or
// credentials; an internationalised host is kept as punycode (the form a
// browser's Origin header carries); at most MaxCORSOrigins; blank lines
// dropped (the dashboard's one-origin-a-line box; the JSON API refuses
// them before) and duplicates merged. An empty result means any origin.
// The reason names the origin and says exactly what is wrong with it.
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
		o, why := parseOrigin(raw)
		if why != "" {
			fields.Add("corsOrigins", fmt.Sprintf("%q %s; an origin is scheme://host[:port] only, such as https://www.example.com", raw, why))
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
	o, why := parseOrigin(origin)
	return o, why == ""
}
