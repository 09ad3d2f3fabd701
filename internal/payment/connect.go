package payment

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v85"

	"mais/internal/apperr"
)

// This file is Stripe Connect onboarding (docs/API.md §14): a business
// gets an Express account of its own, finishes Stripe's hosted onboarding
// through an Account Link, and account.updated events say when it can take
// charges. The mock preset simulates the same steps on a page of this
// server, so a demo works without Stripe.

// EventAccountUpdated is the Connect event that carries an account's status.
const EventAccountUpdated = "account.updated"

// ConnectAccount is what MAIS keeps of a connected account.
type ConnectAccount struct {
	ID               string
	ChargesEnabled   bool
	DetailsSubmitted bool
}

// AccountRequest opens a connected account for one tenant.
type AccountRequest struct {
	// TenantID is the base of the idempotency key: a retried or concurrent
	// first click gets the same account, never a second one.
	TenantID     string
	BusinessName string
	Email        string
}

// LinkRequest asks for an onboarding link of an account.
type LinkRequest struct {
	AccountID string
	// RefreshURL is opened when the link expired or was used already (it
	// should make a new link); ReturnURL when the business leaves or
	// finishes Stripe's pages. Both absolute.
	RefreshURL, ReturnURL string
}

// Connector opens connected accounts and their onboarding links.
type Connector interface {
	// CreateAccount opens an Express account; idempotent per TenantID.
	CreateAccount(ctx context.Context, req AccountRequest) (ConnectAccount, error)
	// OnboardingLink returns the URL where the business sets its account up.
	OnboardingLink(ctx context.Context, req LinkRequest) (string, error)
	// Local is true for the mock, whose accounts exist only in this server.
	Local() bool
}

// ConnectIdempotencyKey is the key of a tenant's account create call.
func ConnectIdempotencyKey(tenantID string) string { return "mais-connect-account-" + tenantID }

// CreateAccount implements Connector with an Express account that asks
// for card payments and transfers (what destination charges need).
func (s *Stripe) CreateAccount(ctx context.Context, req AccountRequest) (ConnectAccount, error) {
	if req.TenantID == "" {
		return ConnectAccount{}, errors.New("payment: account request without tenant id")
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	p := &stripe.AccountCreateParams{
		Type: stripe.String(string(stripe.AccountTypeExpress)),
		Capabilities: &stripe.AccountCreateCapabilitiesParams{
			CardPayments: &stripe.AccountCreateCapabilitiesCardPaymentsParams{Requested: stripe.Bool(true)},
			Transfers:    &stripe.AccountCreateCapabilitiesTransfersParams{Requested: stripe.Bool(true)},
		},
		Metadata: map[string]string{"tenant_id": req.TenantID},
	}
	if req.Email != "" {
		p.Email = stripe.String(req.Email)
	}
	if req.BusinessName != "" {
		p.BusinessProfile = &stripe.AccountCreateBusinessProfileParams{Name: stripe.String(req.BusinessName)}
	}
	p.SetIdempotencyKey(ConnectIdempotencyKey(req.TenantID))
	acct, err := s.client.V1Accounts.Create(ctx, p)
	if err != nil {
		return ConnectAccount{}, stripeError(err)
	}
	return connectAccount(acct), nil
}

// OnboardingLink implements Connector with an account_onboarding Account Link.
func (s *Stripe) OnboardingLink(ctx context.Context, req LinkRequest) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	link, err := s.client.V1AccountLinks.Create(ctx, &stripe.AccountLinkCreateParams{
		Account:    stripe.String(req.AccountID),
		RefreshURL: stripe.String(req.RefreshURL),
		ReturnURL:  stripe.String(req.ReturnURL),
		Type:       stripe.String(string(stripe.AccountLinkTypeAccountOnboarding)),
	})
	if err != nil {
		return "", stripeError(err)
	}
	return link.URL, nil
}

// Local implements Connector: Stripe's accounts live at Stripe.
func (s *Stripe) Local() bool { return false }

func connectAccount(a *stripe.Account) ConnectAccount {
	return ConnectAccount{ID: a.ID, ChargesEnabled: a.ChargesEnabled, DetailsSubmitted: a.DetailsSubmitted}
}

// MockConnect simulates Connect onboarding: accounts are ids minted here and
// the onboarding link is a page of this server (MockOnboardingPath) where
// the business completes a simulated setup.
type MockConnect struct {
	// BaseURL is the server's public base (PUBLIC_BASE_URL).
	BaseURL string
}

// MockOnboardingPath is the dashboard page of the simulated onboarding.
const MockOnboardingPath = "/admin/stripe/mock-onboarding"

// CreateAccount implements Connector: a fresh id, not yet able to charge.
func (m MockConnect) CreateAccount(_ context.Context, req AccountRequest) (ConnectAccount, error) {
	if req.TenantID == "" {
		return ConnectAccount{}, errors.New("payment: account request without tenant id")
	}
	return ConnectAccount{ID: "acct_mock" + randomHex(8)}, nil
}

// OnboardingLink implements Connector with the simulated onboarding page.
func (m MockConnect) OnboardingLink(_ context.Context, req LinkRequest) (string, error) {
	return strings.TrimRight(m.BaseURL, "/") + MockOnboardingPath + "?account=" + url.QueryEscape(req.AccountID), nil
}

// Local implements Connector.
func (m MockConnect) Local() bool { return true }

// AccountObject is what an account.updated event says of its account.
type AccountObject struct {
	ID               string
	ChargesEnabled   bool
	DetailsSubmitted bool
}

// decodeAccount reads the account of an account.* event.
func decodeAccount(se stripe.Event) (AccountObject, error) {
	if se.Data == nil {
		return AccountObject{}, apperr.Validation("account event without data", map[string]string{"data.object": "required"})
	}
	var obj struct {
		ID               string `json:"id"`
		ChargesEnabled   bool   `json:"charges_enabled"`
		DetailsSubmitted bool   `json:"details_submitted"`
	}
	if err := json.Unmarshal(se.Data.Raw, &obj); err != nil || obj.ID == "" {
		return AccountObject{}, apperr.Validation("account event without an account", map[string]string{"data.object.id": "required"})
	}
	return AccountObject(obj), nil
}

// MarshalAccountEvent encodes an account.updated event the way Stripe
// delivers it, for tests and the load tool.
func MarshalAccountEvent(id string, a AccountObject, created time.Time) []byte {
	type account struct {
		ID               string `json:"id"`
		Object           string `json:"object"`
		ChargesEnabled   bool   `json:"charges_enabled"`
		DetailsSubmitted bool   `json:"details_submitted"`
		Type             string `json:"type"`
	}
	ev := map[string]any{
		"id": id, "object": "event", "api_version": APIVersion, "created": created.Unix(),
		"type": EventAccountUpdated, "livemode": false,
		"data": map[string]any{"object": account{ID: a.ID, Object: "account", ChargesEnabled: a.ChargesEnabled,
			DetailsSubmitted: a.DetailsSubmitted, Type: "express"}},
	}
	b, _ := json.Marshal(ev)
	return b
}
