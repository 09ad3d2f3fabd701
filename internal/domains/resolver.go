package domains

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"mais/internal/apperr"
)

// LookupTimeout bounds one TXT lookup, retries of the resolver included.
const LookupTimeout = 5 * time.Second

// Resolver looks TXT records up. The answers of a name that does not exist
// or has no TXT record are (nil, nil); a resolver that cannot answer is
// UNAVAILABLE.
type Resolver interface {
	LookupTXT(ctx context.Context, name string) ([]string, error)
}

// NetResolver asks the DNS through Go's resolver: the system's
// (/etc/resolv.conf) when Server is empty, else the one at Server
// ("host:port", MAIS_DNS_RESOLVER), over UDP and TCP as the answer needs.
type NetResolver struct {
	Server string
}

// LookupTXT implements Resolver with LookupTimeout.
func (r NetResolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, LookupTimeout)
	defer cancel()
	res := net.DefaultResolver
	if r.Server != "" {
		server := r.Server
		res = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, server)
		}}
	}
	txt, err := res.LookupTXT(ctx, name)
	var dnsErr *net.DNSError
	switch {
	case err == nil:
		return txt, nil
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return nil, nil
	default:
		return nil, apperr.Unavailable(fmt.Errorf("lookup TXT %s: %w", name, err),
			"the DNS lookup did not answer; please try again in a minute")
	}
}
