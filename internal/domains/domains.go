// Package domains holds a tenant's own domains (docs/API.md §14): the
// business adds a host name, is shown a TXT record to create, and MAIS looks
// the record up before the domain serves the business's storefront. Only a
// verified domain is ever answered for (tenant.Directory asks the store for
// verified domains only), and once verified a domain belongs to one tenant.
package domains

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"mais/internal/apperr"
)

// Domain is one host name a tenant claims or owns.
type Domain struct {
	TenantID string
	// Name is the ASCII (punycode) form, lowercase, without a trailing dot.
	Name string
	// Token is the secret half of the TXT value; "" for a domain a platform
	// admin set, which needs no proof.
	Token      string
	Verified   bool
	CreatedAt  time.Time
	VerifiedAt *time.Time
}

// TXTPrefix is the label under which the proof record lives.
const TXTPrefix = "_mais-verify."

// TXTName is the record the business creates: "_mais-verify.<domain>".
func (d Domain) TXTName() string { return TXTPrefix + d.Name }

// TXTValue is the text that record must hold: "mais-verify=<token>".
func (d Domain) TXTValue() string {
	if d.Token == "" {
		return ""
	}
	return "mais-verify=" + d.Token
}

// Display is the name as people read it (Unicode for an IDN).
func (d Domain) Display() string {
	if u, err := idna.Display.ToUnicode(d.Name); err == nil {
		return u
	}
	return d.Name
}

// MaxPerTenant bounds the domains (claimed or verified) of one tenant.
const MaxPerTenant = 10

// labelRule says what labelPattern asks, in words.
const labelRule = "each part between dots must be letters, digits or hyphens, 1 to 63 long, not starting or ending with a hyphen"

var labelPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)

// profile maps and checks a name the way a browser does before a lookup
// (UTS #46, with the bidi rule and DNS lengths).
var profile = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.VerifyDNSLength(true),
	idna.StrictDomainName(true), idna.Transitional(false))

// Normalize turns what a person typed or pasted ("Fotos.Example.com.",
// "https://münchen-fotos.de/über?x=1", "www.example.com:8443") into the
// stored form ("xn--mnchen-fotos-…"): the scheme, path, query,
// fragment, port and trailing dot are dropped (see hostOf), the rest is
// lowercased and mapped to ASCII. Only what is not a host name at all is a
// VALIDATION_ERROR on field "domain": IP addresses, e-mail addresses,
// single labels, "localhost", ".local" and the like, numeric top-level
// labels and isPlatform hosts. The API and the dashboard both add domains
// through Service.Add, so this is the one rule for both.
func Normalize(raw string, isPlatform func(host string) bool) (string, error) {
	bad := func(msg string) error {
		return apperr.Validation("invalid domain", map[string]string{"domain": msg})
	}
	s := hostOf(raw)
	if _, err := netip.ParseAddr(s); err == nil {
		return "", bad("must be a host name, not an IP address")
	}
	switch {
	case s == "":
		return "", bad("is required")
	case len(s) > 253:
		return "", bad("must be at most 253 characters")
	case strings.Contains(s, "*"):
		return "", bad("must be one host name such as www.example.com: a wildcard (*) cannot be verified, so add each name your site answers on")
	case strings.Contains(s, "@") && strings.Contains(s[:strings.LastIndex(s, "@")], ":"):
		return "", bad("must be the host name alone, such as photos.example.com, without a user name or password")
	case strings.Contains(s, "@"):
		return "", bad("must be a host name such as photos.example.com, not an e-mail address")
	case strings.ContainsAny(s, ":[] \t"):
		return "", bad("must be a host name only, such as photos.example.com")
	}
	ascii, err := profile.ToASCII(s)
	if err != nil {
		return "", bad("is not a valid host name: " + idnaReason(err))
	}
	ascii = strings.ToLower(ascii)
	labels := strings.Split(ascii, ".")
	if len(labels) < 2 {
		return "", bad("must have a dot, such as photos.example.com")
	}
	for _, l := range labels {
		if !labelPattern.MatchString(l) {
			return "", bad(labelRule)
		}
	}
	if ps, _ := publicsuffix.PublicSuffix(ascii); ps == ascii {
		return "", bad("is an ending many owners share, like co.uk; add your own domain, such as photos.yourstudio." + ascii)
	}
	tld := labels[len(labels)-1]
	if strings.Trim(tld, "0123456789") == "" {
		return "", bad("must end in a real top-level domain, not a number")
	}
	switch tld {
	// The special-use names of RFC 6761 and RFC 9476, and the private
	// suffixes RFC 6762 (appendix G) found in use on home and office
	// networks (localhost.localdomain, router.lan, nas.home).
	case "localhost", "local", "internal", "invalid", "test", "example", "onion", "alt", "arpa",
		"localdomain", "lan", "home", "corp", "intranet", "private", "domain":
		return "", bad("must be a public domain; ." + tld + " names are not reachable on the internet")
	}
	if isPlatform != nil && isPlatform(ascii) {
		return "", bad("is one of the platform's own host names")
	}
	return ascii, nil
}

// schemePattern is a URL scheme as RFC 3986 spells it ("https", "HTTP").
var schemePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*$`)

// hostOf is the host part of what was typed: spaces trimmed, then any
// "scheme://", everything from the first "/", "?" or "#", a ":port" and a
// trailing dot dropped. An IPv6 address keeps its colons (without brackets)
// so Normalize can name it; user info ("user@") is kept so an e-mail
// address is refused rather than read as its domain.
func hostOf(raw string) string {
	s := strings.TrimSpace(raw)
	if i := strings.Index(s, "://"); i > 0 && schemePattern.MatchString(s[:i]) {
		s = s[i+len("://"):]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if h, port, err := net.SplitHostPort(s); err == nil && strings.Trim(port, "0123456789") == "" {
		s = h
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	return strings.TrimSuffix(s, ".")
}

// idnaReason keeps the idna error short for the person reading it, and
// says a character a host cannot hold as the character, not its code
// ("disallowed rune U+0021").
func idnaReason(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	if strings.HasPrefix(msg, "invalid label") {
		return labelRule
	}
	if code, ok := strings.CutPrefix(msg, "disallowed rune U+"); ok {
		if n, err := strconv.ParseUint(code, 16, 32); err == nil {
			return fmt.Sprintf("it holds %q, which a host name cannot; use letters, digits, hyphens and dots", string(rune(n)))
		}
	}
	return msg
}

// Store is what this package needs from storage. Every method but
// VerifiedOwner is scoped by tenant.
type Store interface {
	// AddDomain stores a claim; CONFLICT when this tenant has it already,
	// when another tenant has verified it, or past MaxPerTenant.
	AddDomain(ctx context.Context, d Domain, max int) error
	// TenantDomains lists a tenant's domains by name (never nil).
	TenantDomains(ctx context.Context, tenantID string) ([]Domain, error)
	// TenantDomain is one of them; NOT_FOUND otherwise.
	TenantDomain(ctx context.Context, tenantID, name string) (Domain, error)
	// MarkDomainVerified records the proof; CONFLICT when another tenant
	// verified it first.
	MarkDomainVerified(ctx context.Context, tenantID, name string, at time.Time) (Domain, error)
	// DeleteDomain removes a tenant's domain (and the platform-set
	// customDomain when it is that one); NOT_FOUND otherwise.
	DeleteDomain(ctx context.Context, tenantID, name string) error
	// VerifiedOwner is the tenant id a verified domain belongs to;
	// NOT_FOUND when none.
	VerifiedOwner(ctx context.Context, name string) (string, error)
}

// Invalidator tells every process that a tenant's cached data is stale
// (tenant.Directory forgets its host answers on it).
type Invalidator interface {
	InvalidateTenant(ctx context.Context, tenantID string)
}
