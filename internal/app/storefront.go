package app

import (
	"mais/internal/storefront"
)

// buildStorefront wires the tenant sites, the widget and the mock payment
// page. Their routes join the API's mux; custom domains are routed by Host
// in New.
func (a *App) buildStorefront() error {
	cfg := a.Config
	sc := storefront.Config{
		Logger: a.Logger, Tenants: a.Directory, Sites: a.Store, Catalog: a.Store, Venues: a.Store,
		Booking: a.Booking, Manage: a.Booking, Cache: a.Cache, PublicBaseURL: cfg.PublicBaseURL,
		SuccessURL: cfg.StripeSuccessURL, CancelURL: cfg.StripeCancelURL, Now: a.Now,
		TrustedProxies: cfg.TrustedProxies, DemoSlug: DemoSlug, Signup: cfg.Signup,
	}
	if cfg.RateLimits {
		sc.FormLimiter = a.Limiter
	}
	sf, err := storefront.New(sc)
	if err != nil {
		return err
	}
	a.Storefront = sf
	return nil
}
