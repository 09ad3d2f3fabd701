// Package tlsauto serves HTTPS with certificates obtained on demand over
// ACME (MAIS_TLS=auto, docs/API.md §14) through certmagic: a certificate is
// asked for during the first TLS handshake for a host, only when Allowed
// says the host is the platform's or a tenant's verified domain, and kept
// in the store (Storage) so every process serves it and only one obtains
// it.
package tlsauto

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/caddyserver/certmagic"
)

// Config is what New needs.
type Config struct {
	// CA is the ACME directory URL; CARootFile, when set, a PEM file of the
	// roots trusted for the connection to it (a private or test CA).
	CA, CARootFile string
	// Email is the ACME account's contact; may be empty.
	Email string
	// HTTPPort and HTTPSPort are the ports this process listens on; the
	// ACME server's HTTP-01 and TLS-ALPN-01 checks reach it there (through
	// the standard ports 80 and 443 in production).
	HTTPPort, HTTPSPort int
	Storage             certmagic.Storage
	// Allowed is the on-demand decision: nil for a host MAIS may obtain a
	// certificate for, an error naming why not otherwise.
	Allowed func(ctx context.Context, host string) error
	// Custom reports whether host is a tenant's served domain rather than
	// one of the platform's own hosts; HTTPHandler sends such requests to
	// HTTPS. Nil: the HTTP port redirects nothing.
	Custom func(ctx context.Context, host string) (bool, error)
	Logger *slog.Logger
}

// ObtainTimeout bounds one certificate order, challenges included.
const ObtainTimeout = 90 * time.Second

// Manager holds the certificates of the process.
type Manager struct {
	cache  *certmagic.Cache
	config *certmagic.Config
	issuer *certmagic.ACMEIssuer
	// custom and httpsPort drive the HTTP → HTTPS redirect (toHTTPS).
	custom    func(ctx context.Context, host string) (bool, error)
	httpsPort int
	logger    *slog.Logger
}

// New builds the manager; nothing is asked of the CA until a handshake
// needs a certificate.
func New(c Config) (*Manager, error) {
	if c.Storage == nil || c.Allowed == nil {
		return nil, errors.New("tlsauto: Storage and Allowed are required")
	}
	var roots *x509.CertPool
	if c.CARootFile != "" {
		pem, err := os.ReadFile(c.CARootFile)
		if err != nil {
			return nil, fmt.Errorf("tlsauto: MAIS_ACME_CA_ROOT: %w", err)
		}
		roots = x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("tlsauto: MAIS_ACME_CA_ROOT %s holds no PEM certificate", c.CARootFile)
		}
	}
	logger := zapLogger(c.Logger)
	m := &Manager{custom: c.Custom, httpsPort: c.HTTPSPort, logger: c.Logger}
	if m.logger == nil {
		m.logger = slog.New(slog.DiscardHandler)
	}
	m.cache = certmagic.NewCache(certmagic.CacheOptions{
		GetConfigForCert: func(certmagic.Certificate) (*certmagic.Config, error) { return m.config, nil },
		Logger:           logger,
	})
	m.config = certmagic.New(m.cache, certmagic.Config{
		Storage: c.Storage,
		Logger:  logger,
		// Let's Encrypt no longer runs OCSP; stapling would only add calls.
		OCSP:     certmagic.OCSPConfig{DisableStapling: true},
		OnDemand: &certmagic.OnDemandConfig{DecisionFunc: c.Allowed},
	})
	m.issuer = certmagic.NewACMEIssuer(m.config, certmagic.ACMEIssuer{
		CA: c.CA, Email: c.Email, Agreed: true, TrustedRoots: roots,
		// The listeners are ours: certmagic sees the ports in use and
		// answers the challenges through TLSConfig and HTTPHandler.
		AltHTTPPort: c.HTTPPort, AltTLSALPNPort: c.HTTPSPort,
		CertObtainTimeout: ObtainTimeout, Logger: logger,
	})
	m.config.Issuers = []certmagic.Issuer{m.issuer}
	return m, nil
}

// TLSConfig is the server's TLS configuration: certificates on demand,
// HTTP/2 and HTTP/1.1, and the acme-tls/1 protocol of TLS-ALPN-01.
func (m *Manager) TLSConfig() *tls.Config {
	tc := m.config.TLSConfig()
	tc.NextProtos = append([]string{"h2", "http/1.1"}, tc.NextProtos...)
	tc.MinVersion = tls.VersionTLS12
	return tc
}

// HTTPHandler answers ACME HTTP-01 challenges (started by any process on
// the store) on the HTTP port, sends a tenant's served domain to HTTPS
// (toHTTPS), and passes everything else to next.
func (m *Manager) HTTPHandler(next http.Handler) http.Handler {
	return m.issuer.HTTPChallengeHandler(m.toHTTPS(next))
}

// Stop ends the cache's background maintenance (renewals).
func (m *Manager) Stop() { m.cache.Stop() }
