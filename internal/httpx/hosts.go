package httpx

import (
	"fmt"
	"net"
	"strings"
)

// KnownHosts is the set of host names that are the platform's own
// (MAIS_KNOWN_DOMAINS): a request for any other host is for a tenant's
// custom domain. An entry is an exact name ("mais.example",
// "127.0.0.1") or a wildcard "*.example.com", which matches every name
// one or more labels below example.com (a.example.com, a.b.example.com)
// and not example.com itself: list the apex separately when it is yours
// too. A wildcard needs at least two labels after "*." (or is
// "*.localhost"), so "*.com" cannot make every domain the platform's.
type KnownHosts struct {
	exact    map[string]bool
	suffixes []string // ".example.com"
}

// ParseKnownHosts reads the entries of MAIS_KNOWN_DOMAINS. Names are
// compared without case, port or trailing dot. An entry with "*" anywhere
// but as the whole first label, or a wildcard over a top-level domain, is
// an error naming the entry.
func ParseKnownHosts(entries []string) (KnownHosts, error) {
	k := KnownHosts{exact: make(map[string]bool, len(entries))}
	for _, e := range entries {
		name := CanonicalHost(e)
		rest, wild := strings.CutPrefix(name, "*.")
		if strings.Contains(rest, "*") || rest == "" || strings.Contains(rest, "..") || strings.HasPrefix(rest, ".") {
			return KnownHosts{}, fmt.Errorf("known domain %q: a wildcard may only be a whole first label, as in *.example.com", e)
		}
		if !wild {
			k.exact[name] = true
			continue
		}
		if !strings.Contains(rest, ".") && rest != "localhost" {
			return KnownHosts{}, fmt.Errorf("known domain %q: a wildcard needs at least two labels after it, as in *.example.com", e)
		}
		k.suffixes = append(k.suffixes, "."+rest)
	}
	return k, nil
}

// Match reports whether host (as sent, with or without port) is one of the
// platform's own names.
func (k KnownHosts) Match(host string) bool {
	host = CanonicalHost(host)
	if host == "" {
		return false
	}
	if k.exact[host] {
		return true
	}
	for _, s := range k.suffixes {
		if len(host) > len(s) && strings.HasSuffix(host, s) {
			return true
		}
	}
	return false
}

// CanonicalHost is host without port, surrounding space and trailing dot,
// in lower case: the form host names are compared and stored in.
func CanonicalHost(host string) string {
	// Only a host with a colon can carry a port; asking SplitHostPort about
	// any other costs an error value per request.
	if strings.IndexByte(host, ':') >= 0 {
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
	}
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
}
