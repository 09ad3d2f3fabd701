package config

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// LetsEncryptProduction is the default ACME directory of MAIS_TLS=auto.
const LetsEncryptProduction = "https://acme-v02.api.letsencrypt.org/directory"

// TLS is how MAIS serves HTTPS and checks custom domains (docs/API.md §14).
type TLS struct {
	// Auto serves HTTPS on HTTPSPort with certificates obtained on demand
	// over ACME for verified domains (MAIS_TLS=auto; "" or "off": HTTP only).
	Auto bool
	// HTTPSPort is the HTTPS port (MAIS_HTTPS_PORT, default 443); the HTTP
	// port (PORT) answers ACME's HTTP-01 challenges as well.
	HTTPSPort int
	// ACMECA is the ACME directory URL (MAIS_ACME_CA, default Let's Encrypt
	// production); ACMECARoot a PEM file of roots trusted for talking to it
	// (MAIS_ACME_CA_ROOT, a private CA; empty: the system's).
	ACMECA     string
	ACMECARoot string
	// ACMEEmail is the ACME account's contact (MAIS_ACME_EMAIL, optional).
	ACMEEmail string
	// DNSResolver is the "host:port" TXT lookups of domain verification go
	// to (MAIS_DNS_RESOLVER); empty: the system's resolver.
	DNSResolver string
}

// loadTLS reads MAIS_TLS, MAIS_HTTPS_PORT, MAIS_ACME_CA, MAIS_ACME_CA_ROOT,
// MAIS_ACME_EMAIL and MAIS_DNS_RESOLVER; an error names the variable.
func loadTLS(getenv func(string) string) (TLS, error) {
	t := TLS{HTTPSPort: 443, ACMECA: strings.TrimSpace(getenv("MAIS_ACME_CA")),
		ACMECARoot: strings.TrimSpace(getenv("MAIS_ACME_CA_ROOT")), ACMEEmail: strings.TrimSpace(getenv("MAIS_ACME_EMAIL")),
		DNSResolver: strings.TrimSpace(getenv("MAIS_DNS_RESOLVER"))}
	switch mode := strings.ToLower(strings.TrimSpace(getenv("MAIS_TLS"))); mode {
	case "", "off":
	case "auto":
		t.Auto = true
	default:
		return TLS{}, fmt.Errorf("MAIS_TLS must be auto or off, got %q", mode)
	}
	if p := strings.TrimSpace(getenv("MAIS_HTTPS_PORT")); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 65535 {
			return TLS{}, fmt.Errorf("MAIS_HTTPS_PORT must be a port number, got %q", p)
		}
		t.HTTPSPort = n
	}
	if t.ACMECA == "" {
		t.ACMECA = LetsEncryptProduction
	}
	if !strings.HasPrefix(t.ACMECA, "https://") {
		return TLS{}, fmt.Errorf("MAIS_ACME_CA must be an https:// directory URL, got %q", t.ACMECA)
	}
	if t.DNSResolver != "" {
		if _, _, err := net.SplitHostPort(t.DNSResolver); err != nil {
			return TLS{}, fmt.Errorf("MAIS_DNS_RESOLVER must be host:port such as 1.1.1.1:53, got %q", t.DNSResolver)
		}
	}
	return t, nil
}

// summary is the TLS setting as the start-up line shows it.
func (t TLS) summary() string {
	if !t.Auto {
		return "off"
	}
	return fmt.Sprintf("auto on :%d, ACME %s", t.HTTPSPort, t.ACMECA)
}
