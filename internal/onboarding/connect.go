package onboarding

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"mais/internal/apperr"
	"mais/internal/payment"
	"mais/internal/tenant"
)

// Account is a tenant's connected Stripe account as MAIS knows it.
//
// How the status is known: an account opened here through onboarding has
// one from the start (what Stripe answered, then every account.updated
// event). An account a platform admin set by hand (PATCH
// /v1/admin/tenants/{id} stripeAccountId) has none until Stripe sends an
// account.updated for it: the operator vouches for it, as for a custom
// domain it sets, so checkout keeps charging through it meanwhile. Setting
// another account id makes the status unknown again.
type Account struct {
	// ID is tenants.stripe_account_id; "" when the tenant has no account
	// (the platform charges alone, as before Connect).
	ID               string
	ChargesEnabled   bool
	DetailsSubmitted bool
	// Known is true when a status is recorded for this account.
	Known bool
	// StatusAt is when the status was true, in Unix seconds (the event's
	// created time); an older event never overwrites it.
	StatusAt int64
}

// CanCharge says whether checkout may charge through the account: with no
// account, an account of unknown status, or one Stripe said takes charges.
func (a Account) CanCharge() bool { return a.ID == "" || !a.Known || a.ChargesEnabled }

// AccountEvent is one account.updated event to record and apply.
type AccountEvent struct {
	EventID string
	Payload []byte
	Account payment.AccountObject
	// Created is the event's created time, in Unix seconds.
	Created int64
}

// Outcomes of an account.updated event, as the webhook answers them.
const (
	OutcomeApplied   = "applied"
	OutcomeDuplicate = "duplicate"
	OutcomeIgnored   = "ignored"
)

// StripeStatus returns the tenant's account and its status.
func (s *Service) StripeStatus(ctx context.Context, tenantID string) (Account, error) {
	return s.Store.StripeAccount(ctx, tenantID)
}

// ConnectStripe returns the URL where the business sets its Stripe
// account up. The first call opens an Express account for the tenant
// (idempotent per tenant at Stripe, and recorded once here); every call
// makes a fresh Account Link, which Stripe lets be used once. A tenant
// whose account a platform admin set gets a link for that account.
//
// Errors: UNAVAILABLE when Stripe cannot be reached or refuses.
func (s *Service) ConnectStripe(ctx context.Context, t tenant.Tenant) (string, error) {
	a, err := s.Store.StripeAccount(ctx, t.ID)
	if err != nil {
		return "", err
	}
	if a.ID == "" {
		opened, err := s.Connect.CreateAccount(ctx, payment.AccountRequest{TenantID: t.ID, BusinessName: t.Name, Email: t.Email})
		if err != nil {
			return "", s.providerFailure(ctx, t.ID, "open your account", err)
		}
		a, err = s.Store.SaveStripeAccount(ctx, t.ID, Account{ID: opened.ID, ChargesEnabled: opened.ChargesEnabled,
			DetailsSubmitted: opened.DetailsSubmitted, Known: true, StatusAt: s.now().Unix()})
		if err != nil {
			return "", err
		}
		// Checkout reads the account id from the tenant (destination charges).
		if s.Tenants != nil && s.Tenants.Invalidator != nil {
			s.Tenants.Invalidator.InvalidateTenant(ctx, t.ID)
		}
		s.logger().InfoContext(ctx, "stripe account opened", "tenant", t.ID, "account", a.ID)
	}
	base := strings.TrimRight(s.PublicBaseURL, "/")
	link, err := s.Connect.OnboardingLink(ctx, payment.LinkRequest{AccountID: a.ID,
		RefreshURL: base + RefreshPath, ReturnURL: base + ReturnPath})
	if err != nil {
		return "", s.providerFailure(ctx, t.ID, "give an onboarding link", err)
	}
	return link, nil
}

// Dashboard pages the onboarding link comes back to.
const (
	// ReturnPath shows the status when the business leaves Stripe's pages.
	ReturnPath = "/admin/stripe?return=1"
	// RefreshPath makes a new link when one expired or was used.
	RefreshPath = "/admin/stripe/refresh"
)

func (s *Service) providerFailure(ctx context.Context, tenantID, what string, err error) error {
	var pe *payment.ProviderError
	if !errors.As(err, &pe) {
		return fmt.Errorf("stripe connect: %s: %w", what, err)
	}
	s.logger().WarnContext(ctx, "stripe connect failed", "tenant", tenantID, "step", what, "err", err)
	return apperr.Unavailable(err, "Stripe could not %s right now; please try again in a minute", what)
}

// AccountUpdated applies a verified account.updated event (docs/API.md §6,
// §14) exactly once: the event id is recorded with the status change in
// one transaction, a redelivery is a duplicate, an older event never
// overwrites a newer status, and an account no tenant has is ignored
// (nothing stored).
func (s *Service) AccountUpdated(ctx context.Context, ev payment.Event, payload []byte) (string, error) {
	if ev.ID == "" || ev.Account.ID == "" {
		return "", apperr.Validation("the event has no id or no account id", nil)
	}
	out, err := s.Store.ApplyAccountEvent(ctx, AccountEvent{EventID: ev.ID, Payload: payload, Account: ev.Account, Created: ev.Created})
	if err != nil {
		return "", fmt.Errorf("account.updated %s: %w", ev.ID, err)
	}
	if out == OutcomeApplied {
		s.logger().InfoContext(ctx, "stripe account updated", "account", ev.Account.ID, "event", ev.ID,
			"chargesEnabled", ev.Account.ChargesEnabled, "detailsSubmitted", ev.Account.DetailsSubmitted)
	}
	return out, nil
}

// CompleteMockOnboarding finishes the simulated onboarding of the mock
// preset (MockConnect): the account can take charges, recorded through the
// same path as an account.updated event. NOT_FOUND with real Stripe, or
// for a tenant that has not started onboarding.
func (s *Service) CompleteMockOnboarding(ctx context.Context, tenantID string) (Account, error) {
	if s.Connect == nil || !s.Connect.Local() {
		return Account{}, apperr.NotFound("simulated onboarding")
	}
	a, err := s.Store.StripeAccount(ctx, tenantID)
	if err != nil {
		return Account{}, err
	}
	if a.ID == "" {
		return Account{}, apperr.NotFound("Stripe account")
	}
	ev := AccountEvent{EventID: "mock_account_" + a.ID, Payload: []byte("{}"), Created: s.now().Unix(),
		Account: payment.AccountObject{ID: a.ID, ChargesEnabled: true, DetailsSubmitted: true}}
	if _, err := s.Store.ApplyAccountEvent(ctx, ev); err != nil {
		return Account{}, fmt.Errorf("mock onboarding: %w", err)
	}
	return s.Store.StripeAccount(ctx, tenantID)
}

// CheckCharges refuses a checkout of t while its account cannot take
// charges (docs/API.md §14): UNAVAILABLE with a sentence for the couple.
// The mock preset charges nobody, so it is never refused.
func (s *Service) CheckCharges(ctx context.Context, t tenant.Tenant) error {
	if t.StripeAccountID == "" || s.Connect == nil || s.Connect.Local() {
		return nil
	}
	a, err := s.Store.StripeAccount(ctx, t.ID)
	if err != nil {
		return err
	}
	if !a.CanCharge() {
		return apperr.New(apperr.CodeUnavailable, "%s cannot take payments online yet (its Stripe account is still being set up); please try again later or contact them directly", t.Name)
	}
	return nil
}
