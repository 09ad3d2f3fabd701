package ratelimit

import (
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP returns the IP address a request comes from. X-Forwarded-For is
// believed only when the direct peer is one of trustedProxies, and then only
// up to the first hop, from the right, that is not itself a trusted proxy:
// everything left of that hop was written by the client and may be forged.
// A peer address that does not parse is returned as is.
func ClientIP(r *http.Request, trustedProxies []netip.Prefix) string {
	peer, ok := parseHop(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	client := peer
	if !trusted(client, trustedProxies) {
		return client.String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, ok := parseHop(hops[i])
		if !ok {
			// A trusted proxy would not have written this: keep the last
			// address a trusted proxy vouched for.
			break
		}
		client = hop
		if !trusted(hop, trustedProxies) {
			break
		}
	}
	return client.String()
}

// FromTrustedProxy reports whether the request's direct peer is one of
// trustedProxies. Only such a peer's X-Forwarded-* headers are believed:
// X-Forwarded-For here in ClientIP, X-Forwarded-Proto and X-Forwarded-Host
// in httpx.TrustForwarded.
func FromTrustedProxy(r *http.Request, trustedProxies []netip.Prefix) bool {
	if len(trustedProxies) == 0 {
		return false
	}
	peer, ok := parseHop(r.RemoteAddr)
	return ok && trusted(peer, trustedProxies)
}

// parseHop reads "ip" or "ip:port", IPv6 in brackets with a port.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return netip.Addr{}, false
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		if perr != nil {
			return netip.Addr{}, false
		}
		addr = ap.Addr()
	}
	return addr.Unmap().WithZone(""), true
}

func trusted(addr netip.Addr, proxies []netip.Prefix) bool {
	for _, p := range proxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
