package domains

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"mais/internal/apperr"
)

// Service is the tenant admin's front door to custom domains: add, verify
// through the DNS, list, delete.
type Service struct {
	Store       Store
	Resolver    Resolver
	Invalidator Invalidator
	// IsPlatform reports whether a host is one of the platform's own
	// (MAIS_KNOWN_DOMAINS); such a host is never a tenant's.
	IsPlatform func(host string) bool
	// Site, if set, finds the active tenant a verified domain (stored
	// form) serves through a cache that remembers unknown names too
	// (tenant.Directory.SiteByDomain): NOT_FOUND when none. Custom, asked
	// on every request to the HTTP port, uses it instead of the store.
	Site func(ctx context.Context, name string) error
	Now  func() time.Time
	// Logger receives the service's warnings; nil discards them.
	Logger *slog.Logger
}

// Check is the outcome of one verification attempt, as the dashboard says it.
type Check string

const (
	// CheckFound: the record holds the expected value; the domain is verified.
	CheckFound Check = "found"
	// CheckNotFound: no TXT record at the name yet (DNS changes take minutes).
	CheckNotFound Check = "not_found"
	// CheckWrongValue: TXT records exist at the name, none with our value.
	CheckWrongValue Check = "wrong_value"
)

// Add claims raw (see Normalize) for tenantID with a fresh token; the
// domain serves nothing until Verify finds the record. CONFLICT when the
// tenant has it already or another tenant verified it, or verified the
// apex that serves it (see Served).
func (s *Service) Add(ctx context.Context, tenantID, raw string) (Domain, error) {
	name, err := Normalize(raw, s.IsPlatform)
	if err != nil {
		return Domain{}, err
	}
	if err := s.heldAbove(ctx, tenantID, name); err != nil {
		return Domain{}, err
	}
	token, err := newToken()
	if err != nil {
		return Domain{}, err
	}
	d := Domain{TenantID: tenantID, Name: name, Token: token, CreatedAt: s.now().UTC()}
	if err := s.Store.AddDomain(ctx, d, MaxPerTenant); err != nil {
		return Domain{}, err
	}
	return d, nil
}

// List is the tenant's domains by name.
func (s *Service) List(ctx context.Context, tenantID string) ([]Domain, error) {
	return s.Store.TenantDomains(ctx, tenantID)
}

// Verify looks the domain's TXT record up and, when it holds the expected
// value, marks the domain verified and invalidates the tenant so every
// process serves the site on it at once. A domain already verified is
// answered as found without a lookup. NOT_FOUND for a domain the tenant
// has not added; UNAVAILABLE when the resolver does not answer; CONFLICT
// when another tenant verified it (or the apex that serves it) first.
func (s *Service) Verify(ctx context.Context, tenantID, raw string) (Domain, Check, error) {
	d, err := s.Store.TenantDomain(ctx, tenantID, lookupName(raw))
	if err != nil || d.Verified {
		return d, CheckFound, err
	}
	txt, err := s.Resolver.LookupTXT(ctx, d.TXTName())
	if err != nil {
		return d, "", err
	}
	switch {
	case len(txt) == 0:
		return d, CheckNotFound, nil
	case !slices.ContainsFunc(txt, func(v string) bool { return strings.TrimSpace(v) == d.TXTValue() }):
		return d, CheckWrongValue, nil
	}
	if err := s.heldAbove(ctx, tenantID, d.Name); err != nil {
		return d, "", err
	}
	d, err = s.Store.MarkDomainVerified(ctx, tenantID, d.Name, s.now().UTC())
	if err != nil {
		return d, "", err
	}
	s.invalidate(ctx, tenantID)
	if s.Logger != nil {
		s.Logger.InfoContext(ctx, "domain verified", "tenant", tenantID, "domain", d.Name)
	}
	return d, CheckFound, nil
}

// Delete removes a tenant's domain; its site stops answering there at
// once. NOT_FOUND for a domain the tenant does not have.
func (s *Service) Delete(ctx context.Context, tenantID, raw string) error {
	if err := s.Store.DeleteDomain(ctx, tenantID, lookupName(raw)); err != nil {
		return err
	}
	s.invalidate(ctx, tenantID)
	return nil
}

// HasVerified reports whether the tenant owns at least one verified domain
// (the overview checklist's "custom domain" item).
func (s *Service) HasVerified(ctx context.Context, tenantID string) (bool, error) {
	list, err := s.Store.TenantDomains(ctx, tenantID)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(list, func(d Domain) bool { return d.Verified }), nil
}

// Allowed reports whether MAIS may obtain a certificate for host: one of
// the platform's own hosts, or a name a verified tenant domain serves
// (Owner: the domain itself, and www. of a verified apex). It is the
// on-demand TLS decision (internal/tlsauto); an unknown host is an error
// naming it, a store outage is returned as is.
func (s *Service) Allowed(ctx context.Context, host string) error {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if s.IsPlatform != nil && s.IsPlatform(host) {
		return nil
	}
	if _, err := s.Owner(ctx, host); err != nil {
		if apperr.Is(err, apperr.CodeNotFound) {
			return fmt.Errorf("domains: %s is not a verified domain", host)
		}
		return err
	}
	return nil
}

// lookupName is the stored form of a name from a URL path: Normalize's,
// or the text lowercased when it does not normalise (then nothing matches
// and the answer is NOT_FOUND, as for any unknown domain).
func lookupName(raw string) string {
	if n, err := Normalize(raw, nil); err == nil {
		return n
	}
	return strings.ToLower(raw)
}

func (s *Service) invalidate(ctx context.Context, tenantID string) {
	if s.Invalidator != nil {
		s.Invalidator.InvalidateTenant(ctx, tenantID)
	}
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// newToken is 16 random bytes in hex: unguessable, so only someone who
// can write the domain's DNS can verify it.
func newToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("domains: token: %w", err)
	}
	return hex.EncodeToString(b), nil
}
