// Package tenant holds the businesses that use MAIS: who they are, how their
// API keys look, how their secrets are kept, and how a public key becomes a
// tenant on every request.
package tenant

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// Tenant is one business with its own storefront, catalog and bookings.
type Tenant struct {
	ID               string
	Slug             string
	Name             string
	Email            string
	Phone            string // with the next three, the rest of the Profile; "" = not given
	Address          string
	InstagramHandle  string
	Website          string
	APIKeyPublic     string
	APIKeySecretHash string
	// CommissionBps is the platform commission in basis points (1250 = 12.5 %).
	CommissionBps   int
	Active          bool
	EmailPublic     bool // the storefront may show Email (Profile.EmailPublic)
	CustomDomain    string
	TimeZone        string
	HoldMinutes     int
	StripeAccountID string
	// SecretsSealed is the column kept for the tenant's own sealed
	// credentials (TENANT_SECRETS_ENCRYPTION_KEY); nothing is sealed yet.
	// Never sent to clients.
	SecretsSealed    string
	GoogleCalendarID string
	// How the business sells (docs/API.md §11; see Settings).
	DepositPercent       int
	BalanceDueDays       int
	BookingHorizonDays   int
	FreeCancellationDays int
	DepositRefundable    bool
	RescheduleCutoffDays int
	Currency             string
	Locale               string
	// CORSOrigins are the web origins whose pages may call the tenant's
	// public API from a browser; empty: any (see AllowsOrigin).
	CORSOrigins []string
	CreatedAt   time.Time
	UpdatedAt   time.Time

	zone *time.Location
}

// Location is the tenant's time zone; a booking date is a calendar day there.
// time.LoadLocation reads the zone database on every call, so a tenant
// loaded by the store carries its zone already (WithZone).
func (t Tenant) Location() *time.Location {
	if t.zone != nil && t.zone.String() == t.TimeZone {
		return t.zone
	}
	loc, err := time.LoadLocation(t.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// ValidZone reports whether name is an IANA time zone of a place
// ("Area/Location", or UTC). "" and "Local" load too, but mean the
// server's zone, not one a business is in; the legacy abbreviations
// ("EST", "MST7MDT", "CET") load as well, but name no place and some keep
// no daylight saving, so a business in New York choosing "EST" would see
// its dates an hour off all summer.
func ValidZone(name string) bool {
	if name != "UTC" && !strings.Contains(name, "/") {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// WithZone returns t with its time zone loaded once.
func (t Tenant) WithZone() Tenant {
	t.zone = nil
	t.zone = t.Location()
	return t
}

// CommissionPercent is the commission as the API shows it.
func (t Tenant) CommissionPercent() float64 { return float64(t.CommissionBps) / 100 }

// New describes a tenant to create together with its first admin user and
// its published default site, all in one transaction.
type New struct {
	Tenant            Tenant
	AdminUserID       string
	AdminEmail        string
	AdminPasswordHash string
	SiteConfigID      string
	SiteConfig        json.RawMessage
}

// Update carries the fields a platform admin may change; nil means unchanged.
type Update struct {
	Name            *string
	Active          *bool
	CommissionBps   *int
	CustomDomain    *string
	TimeZone        *string
	HoldMinutes     *int
	StripeAccountID *string
	// CORSOrigins replaces the origin list (empty: any origin).
	CORSOrigins *[]string
}

// Store is what this package needs from storage.
type Store interface {
	CreateTenant(ctx context.Context, n New) error
	TenantByID(ctx context.Context, id string) (Tenant, error)
	TenantBySlug(ctx context.Context, slug string) (Tenant, error)
	TenantByPublicKey(ctx context.Context, key string) (Tenant, error)
	TenantByDomain(ctx context.Context, host string) (Tenant, error)
	ListTenants(ctx context.Context) ([]Tenant, error)
	UpdateTenant(ctx context.Context, id string, u Update) (Tenant, error)
	SetTenantKeys(ctx context.Context, id, publicKey, secretHash string) (Tenant, error)
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// reserved are slugs that would collide with platform routes or hosts.
var reserved = map[string]bool{
	"admin": true, "api": true, "www": true, "app": true, "t": true, "v1": true,
	"health": true, "widget": true, "static": true, "assets": true, "checkout": true,
	"login": true, "logout": true, "dashboard": true, "platform": true, "mail": true,
	"support": true, "help": true, "status": true, "docs": true, "_domain": true,
}

// ValidateSlug checks a tenant slug: lowercase words joined by single
// hyphens, 2–40 characters, not reserved.
func ValidateSlug(slug string) error {
	switch {
	case textin.Len(slug) < 2 || textin.Len(slug) > 40:
		return apperr.Validation("invalid slug", map[string]string{"slug": "must be 2 to 40 characters"})
	case !slugPattern.MatchString(slug):
		return apperr.Validation("invalid slug", map[string]string{"slug": "use lowercase letters, digits and single hyphens"})
	case reserved[slug]:
		return apperr.Validation("invalid slug", map[string]string{"slug": "is reserved"})
	}
	return nil
}

// ValidateCommission checks a commission percentage (0–50) and returns basis points.
func ValidateCommission(percent float64) (int, error) {
	if percent < 0 || percent > 50 || percent != percent {
		return 0, apperr.Validation("invalid commission", map[string]string{"commissionPercent": "must be between 0 and 50"})
	}
	bps := int(percent*100 + 0.5)
	return bps, nil
}
