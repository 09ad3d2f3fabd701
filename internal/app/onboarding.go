package app

import (
	"mais/internal/onboarding"
	"mais/internal/payment"
	"mais/internal/tenant"
)

// buildOnboarding wires sign-up (MAIS_SIGNUP), Stripe Connect onboarding
// and the overview checklist. With real payments the Connect calls go
// through the same Stripe client as checkout (timeouts, tracing); the mock
// preset simulates onboarding on a dashboard page. It also makes checkout
// refuse a tenant whose account cannot take charges, and hands the
// webhook's account.updated events from booking to onboarding.
func (a *App) buildOnboarding() {
	var connector payment.Connector = payment.MockConnect{BaseURL: a.Config.PublicBaseURL}
	if st, ok := a.Booking.Payments.(*payment.Stripe); ok {
		connector = st
	}
	a.Onboarding = &onboarding.Service{Store: a.Store, Tenants: a.Tenants, Users: a.Identity, Limiter: a.Limiter,
		Connect: connector, Open: a.Config.Signup, PublicBaseURL: a.Config.PublicBaseURL, Logger: a.Logger, Now: a.Now}
	a.Onboarding.ProfileFilled = func(t tenant.Tenant) bool {
		p := t.Profile()
		return p.Phone != "" || p.Address != "" || p.InstagramHandle != "" || p.Website != ""
	}
	if a.Domains != nil {
		a.Onboarding.Domains = a.Domains
	}
	a.Booking.Charges = a.Onboarding
	a.Booking.Accounts = a.Onboarding
}
