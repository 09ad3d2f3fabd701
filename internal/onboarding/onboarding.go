// Package onboarding is how a business starts on MAIS by itself (docs/API.md
// §14): it signs up (a tenant, its admin and its default site in one
// transaction, then a session), connects its own Stripe account through
// Stripe Connect onboarding, and follows a checklist on its overview until
// its site is ready to sell.
package onboarding

import (
	"context"
	"log/slog"
	"time"

	"mais/internal/identity"
	"mais/internal/payment"
	"mais/internal/ratelimit"
	"mais/internal/tenant"
)

// Store is what onboarding needs of storage (sqlstore/onboarding.go).
type Store interface {
	// StripeAccount is the tenant's connected account as MAIS knows it:
	// its tenants.stripe_account_id, and the status recorded for that
	// account (Known false when none is).
	StripeAccount(ctx context.Context, tenantID string) (Account, error)
	// SaveStripeAccount makes a the tenant's account (tenants.stripe_account_id
	// and its status row) in one transaction with an audit entry. When the
	// tenant has an account already, nothing changes and that one is returned.
	SaveStripeAccount(ctx context.Context, tenantID string, a Account) (Account, error)
	// ApplyAccountEvent records the event once by its id and sets the
	// status of every tenant whose account is ev.Account.ID, unless a newer
	// status is recorded. Outcome "ignored" (no tenant has the account;
	// nothing stored), "duplicate" (seen before) or "applied".
	ApplyAccountEvent(ctx context.Context, ev AccountEvent) (string, error)
	// ChecklistFacts reads what the checklist ticks from the store.
	ChecklistFacts(ctx context.Context, tenantID string) (Facts, error)
}

// Users is what sign-up needs of identity.
type Users interface {
	EmailTaken(ctx context.Context, email string) (bool, error)
	// SessionFor starts a session for the user of email, as a login would.
	SessionFor(ctx context.Context, email string) (identity.Session, error)
}

// Domains tells whether a tenant has a verified custom domain
// (internal/domains); nil reads the tenant's customDomain.
type Domains interface {
	HasVerified(ctx context.Context, tenantID string) (bool, error)
}

// Service runs sign-up, Connect onboarding and the checklist.
type Service struct {
	Store   Store
	Tenants *tenant.Service
	Users   Users
	// Limiter counts sign-ups per client address (an atomic Allow).
	Limiter ratelimit.Limiter
	// Connect opens connected accounts (Stripe, or the mock preset's).
	Connect payment.Connector
	// Domains ticks the checklist's custom domain when the tenant has a
	// verified one; a customDomain a platform admin set ticks it too.
	Domains Domains
	// ProfileFilled ticks the checklist's profile: the business gave a
	// way to reach it beyond its sign-up name and e-mail (docs/API.md §14).
	// nil: never ticked.
	ProfileFilled func(t tenant.Tenant) bool
	// Open is MAIS_SIGNUP=open; closed, sign-up is NOT_FOUND.
	Open bool
	// PublicBaseURL builds the onboarding link's return and refresh pages.
	PublicBaseURL string
	Logger        *slog.Logger
	Now           func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func (s *Service) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}
