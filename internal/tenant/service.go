package tenant

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"mais/internal/apperr"
	"mais/internal/identity"
	"mais/internal/textin"
)

// PasswordHasher hashes admin passwords (implemented by identity).
type PasswordHasher interface {
	HashPassword(password string) (string, error)
}

// Invalidator tells every process that a tenant's cached data is stale.
type Invalidator interface {
	InvalidateTenant(ctx context.Context, tenantID string)
}

// Service creates and changes tenants.
type Service struct {
	Store       Store
	Hasher      PasswordHasher
	Invalidator Invalidator
	// DefaultSite returns the first published site configuration of a new tenant.
	DefaultSite func(businessName string) (json.RawMessage, error)
	// Directory, when set, serves Current from memory.
	Directory *Directory
	// IsPlatform reports whether a host is one of the platform's own
	// (MAIS_KNOWN_DOMAINS), which is never a tenant's custom domain; nil
	// refuses none.
	IsPlatform func(host string) bool
	Now        func() time.Time
}

// CreateInput is what an operator gives to create a tenant.
type CreateInput struct {
	Slug              string
	Name              string
	Email             string
	Password          string
	CommissionPercent float64
	TimeZone          string
	// EmailPrivate keeps Email off the storefront until the business saves
	// it in its profile (Tenant.EmailPublic false): a sign-up's e-mail is
	// its login. An operator's tenant shows it from the start.
	EmailPrivate bool
}

// Created is a new tenant with its keys; the secret key is shown only here.
type Created struct {
	Tenant     Tenant
	Keys       Keys
	AdminEmail string
}

// CheckCreate is Create's validation of in, without the store: every
// problem at once, keyed by field (slug, name, email, password,
// commissionPercent, timeZone); empty when Create would accept in (a taken
// slug or e-mail aside). The CLI reports bad flags with it before it opens
// a store.
func CheckCreate(in CreateInput) apperr.FieldErrors {
	// Text first, as typed (NUL, invalid UTF-8, line breaks): the CLI, the
	// API and the dashboard all create tenants through here, and lowering or
	// trimming first would hide invalid bytes and line breaks at the ends.
	fields := apperr.FieldErrors{}
	for _, f := range [][2]string{{"slug", in.Slug}, {"name", in.Name}, {"email", in.Email}, {"timeZone", in.TimeZone}} {
		textin.Check(fields, f[0], f[1], textin.Line)
	}
	if err := ValidateSlug(strings.TrimSpace(strings.ToLower(in.Slug))); err != nil {
		for k, v := range err.(*apperr.Error).Fields {
			fields.Add(k, v)
		}
	}
	if name := strings.TrimSpace(in.Name); name == "" || textin.Len(name) > 120 {
		fields.Add("name", "must be 1 to 120 characters")
	}
	identity.ValidateEmail(fields, "email", identity.NormalizeEmail(in.Email))
	identity.ValidatePassword(fields, "password", in.Password)
	if _, err := ValidateCommission(in.CommissionPercent); err != nil {
		fields.Add("commissionPercent", "must be between 0 and 50")
	}
	if in.TimeZone != "" && !ValidZone(in.TimeZone) {
		fields.Add("timeZone", "must be an IANA time zone such as America/Chicago")
	}
	return fields
}

// Create validates input and stores the tenant, its admin user and its default
// site in one transaction.
func (s *Service) Create(ctx context.Context, in CreateInput) (Created, error) {
	if err := CheckCreate(in).Err(); err != nil {
		return Created{}, err
	}
	in.Slug = strings.TrimSpace(strings.ToLower(in.Slug))
	in.Name = strings.TrimSpace(in.Name)
	email := identity.NormalizeEmail(in.Email)
	bps, _ := ValidateCommission(in.CommissionPercent) // checked above
	if in.TimeZone == "" {
		in.TimeZone = DefaultTimeZone
	}
	keys, err := NewKeys(in.Slug)
	if err != nil {
		return Created{}, err
	}
	hash, err := s.Hasher.HashPassword(in.Password)
	if err != nil {
		return Created{}, err
	}
	site, err := s.DefaultSite(in.Name)
	if err != nil {
		return Created{}, err
	}
	now := s.now()
	t := Tenant{
		ID: uuid.NewString(), Slug: in.Slug, Name: in.Name, Email: email, EmailPublic: !in.EmailPrivate,
		APIKeyPublic: keys.Public, APIKeySecretHash: keys.SecretHash,
		CommissionBps: bps, Active: true, TimeZone: in.TimeZone, HoldMinutes: DefaultHoldMinutes,
		CreatedAt: now, UpdatedAt: now,
	}
	err = s.Store.CreateTenant(ctx, New{
		Tenant: t, AdminUserID: uuid.NewString(), AdminEmail: email, AdminPasswordHash: hash,
		SiteConfigID: uuid.NewString(), SiteConfig: site,
	})
	if err != nil {
		return Created{}, err
	}
	return Created{Tenant: t, Keys: keys, AdminEmail: email}, nil
}

// Update changes a tenant and tells every process to drop cached copies.
func (s *Service) Update(ctx context.Context, id string, u Update) (Tenant, error) {
	fields := apperr.FieldErrors{}
	if u.Name != nil {
		n := strings.TrimSpace(*u.Name)
		if textin.Check(fields, "name", n, textin.Line) && (n == "" || textin.Len(n) > 120) {
			fields.Add("name", "must be 1 to 120 characters")
		}
		u.Name = &n
	}
	if u.CustomDomain != nil {
		d := s.cleanCustomDomain(fields, *u.CustomDomain)
		u.CustomDomain = &d
	}
	if u.TimeZone != nil && textin.Check(fields, "timeZone", *u.TimeZone, textin.Line) {
		if !ValidZone(*u.TimeZone) {
			fields.Add("timeZone", "must be an IANA time zone")
		}
	}
	if u.StripeAccountID != nil {
		a := strings.TrimSpace(*u.StripeAccountID)
		if textin.Check(fields, "stripeAccountId", a, textin.Line) && a != "" && !stripeAccountPattern.MatchString(a) {
			fields.Add("stripeAccountId", "must be a Stripe account id such as acct_1Nv0FGQ9RKHgCVdK, or empty")
		}
		u.StripeAccountID = &a
	}
	if u.CORSOrigins != nil {
		origins := CleanOrigins(fields, *u.CORSOrigins)
		u.CORSOrigins = &origins
	}
	if u.HoldMinutes != nil && (*u.HoldMinutes < MinHoldMinutes || *u.HoldMinutes > MaxHoldMinutes) {
		fields.Add("holdMinutes", fmt.Sprintf("must be between %d and %d", MinHoldMinutes, MaxHoldMinutes))
	}
	if err := fields.Err(); err != nil {
		return Tenant{}, err
	}
	t, err := s.Store.UpdateTenant(ctx, id, u)
	if err != nil {
		return Tenant{}, err
	}
	s.invalidate(ctx, id)
	return t, nil
}

// RotateKeys replaces both keys; the old public key stops working at once.
func (s *Service) RotateKeys(ctx context.Context, id string) (Tenant, Keys, error) {
	t, err := s.Store.TenantByID(ctx, id)
	if err != nil {
		return Tenant{}, Keys{}, err
	}
	keys, err := NewKeys(t.Slug)
	if err != nil {
		return Tenant{}, Keys{}, err
	}
	t, err = s.Store.SetTenantKeys(ctx, id, keys.Public, keys.SecretHash)
	if err != nil {
		return Tenant{}, Keys{}, err
	}
	s.invalidate(ctx, id)
	return t, keys, nil
}

func (s *Service) invalidate(ctx context.Context, id string) {
	if s.Invalidator != nil {
		s.Invalidator.InvalidateTenant(ctx, id)
	}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

var stripeAccountPattern = regexp.MustCompile(`^acct_[A-Za-z0-9]{1,64}$`)

// Defaults of a new tenant.
const (
	// DefaultTimeZone is the zone of a tenant created without one.
	DefaultTimeZone = "America/New_York"
	// DefaultCommissionPercent is the platform's commission on a tenant
	// created without one (docs/API.md §1).
	DefaultCommissionPercent = 10.0
	// DefaultHoldMinutes is how long a new tenant's holds last.
	DefaultHoldMinutes = MinHoldMinutes
)

// Bounds of a tenant's hold length (Update.HoldMinutes), in minutes.
const (
	// MinHoldMinutes: Stripe refuses checkout sessions that expire sooner.
	MinHoldMinutes = 30
	// MaxHoldMinutes: a day; Stripe refuses checkout sessions that last longer.
	MaxHoldMinutes = 24 * 60
)

func validHost(h string) bool {
	if len(h) > 253 || !strings.Contains(h, ".") {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// List returns every tenant, for the platform admin's views.
func (s *Service) List(ctx context.Context) ([]Tenant, error) {
	return s.Store.ListTenants(ctx)
}

// ByID returns one tenant, read from the store (never a cached copy: the
// platform admin's pages show what was just saved, whichever process
// saved it). NOT_FOUND when unknown.
func (s *Service) ByID(ctx context.Context, id string) (Tenant, error) {
	return s.Store.TenantByID(ctx, id)
}

// Current returns tenant id as a request of its own admins sees it: through
// the Directory (kept in process, dropped at once when the tenant changes)
// when the service has one, else from the store. NOT_FOUND when unknown.
func (s *Service) Current(ctx context.Context, id string) (Tenant, error) {
	if s.Directory != nil {
		return s.Directory.TenantByID(ctx, id)
	}
	return s.Store.TenantByID(ctx, id)
}
