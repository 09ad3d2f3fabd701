package domains

import (
	"context"
	"fmt"
	"strings"

	"mais/internal/apperr"
)

// The served-names rule (docs/API.md §14). A TXT record at
// _mais-verify.X proves that the business writes X's DNS, and www.X lives
// in that DNS: a verified X serves X and www.X, as Let's Encrypt issues a
// certificate for *.X on the strength of one record at _acme-challenge.X.
// The reverse does not hold: whoever proved www.X may not control X (a
// delegated or shared zone), so a verified www.X serves www.X only. A name
// someone verified exactly always goes to that tenant, before any apex.

// wwwPrefix is the one label a verified apex also serves.
const wwwPrefix = "www."

// Served lists the host names a verified domain stored as name serves:
// name itself and, unless name begins with "www.", www.name.
func Served(name string) []string {
	if strings.HasPrefix(name, wwwPrefix) {
		return []string{name}
	}
	return []string{name, wwwPrefix + name}
}

// Covering lists the stored names whose verification serves host (stored
// form: lowercase ASCII, no port or trailing dot), most specific first:
// host itself and, for "www.X", X (unless X itself begins with "www.",
// which serves only itself).
func Covering(host string) []string {
	if apex, ok := strings.CutPrefix(host, wwwPrefix); ok && strings.Contains(apex, ".") && !strings.HasPrefix(apex, wwwPrefix) {
		return []string{host, apex}
	}
	return []string{host}
}

// Owner is the id of the tenant a host is served for: the tenant that
// verified the first of Covering(host). NOT_FOUND when none did; a store
// outage is returned as is.
func (s *Service) Owner(ctx context.Context, host string) (string, error) {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	for _, name := range Covering(host) {
		id, err := s.Store.VerifiedOwner(ctx, name)
		if err == nil {
			return id, nil
		}
		if !apperr.Is(err, apperr.CodeNotFound) {
			return "", err
		}
	}
	return "", apperr.NotFound("domain")
}

// Custom reports whether host is a tenant's served domain and not one of
// the platform's own hosts: the HTTP port sends such a request to HTTPS
// (MAIS_TLS=auto, internal/tlsauto). It is asked on every request there,
// a bot's made-up Host included, so it goes through Site's cache when set;
// a deactivated business's domain then counts as none (its site is a 404
// on either port).
func (s *Service) Custom(ctx context.Context, host string) (bool, error) {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if s.IsPlatform != nil && s.IsPlatform(host) {
		return false, nil
	}
	if s.Site != nil {
		for _, name := range Covering(host) {
			err := s.Site(ctx, name)
			if err == nil {
				return true, nil
			}
			if !apperr.Is(err, apperr.CodeNotFound) {
				return false, err
			}
		}
		return false, nil
	}
	_, err := s.Owner(ctx, host)
	switch {
	case err == nil:
		return true, nil
	case apperr.Is(err, apperr.CodeNotFound):
		return false, nil
	}
	return false, err
}

// ServedNames is what the dashboard shows under a domain: the names it
// serves now (Served), in the stored form, leaving out a www. name that a
// tenant verified as a domain of its own (that card shows it, or it is
// another business's). Nil for a domain not yet verified.
func (s *Service) ServedNames(ctx context.Context, d Domain) ([]string, error) {
	if !d.Verified {
		return nil, nil
	}
	var out []string
	for _, name := range Served(d.Name) {
		if name != d.Name {
			_, err := s.Store.VerifiedOwner(ctx, name)
			if err == nil {
				continue
			}
			if !apperr.Is(err, apperr.CodeNotFound) {
				return nil, err
			}
		}
		out = append(out, name)
	}
	return out, nil
}

// heldAbove is CONFLICT when another tenant's verified apex already serves
// name (a www. name): one host belongs to one business.
func (s *Service) heldAbove(ctx context.Context, tenantID, name string) error {
	for _, above := range Covering(name)[1:] {
		owner, err := s.Store.VerifiedOwner(ctx, above)
		switch {
		case apperr.Is(err, apperr.CodeNotFound):
		case err != nil:
			return err
		case owner != tenantID:
			return fmt.Errorf("domains: %s: %w", name, apperr.Conflict(
				"another business has verified %s, which serves %s; ask the platform's support if it is yours", above, name))
		}
	}
	return nil
}
