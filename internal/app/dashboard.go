package app

import (
	"mais/internal/dashboard"
	"mais/internal/storefront"
	"mais/internal/tenant"
)

// buildDashboard wires the admin web UI on the same services as the JSON
// admin API. Draft previews are rendered by a second storefront handler that
// reads the draft in place of the published site and caches nothing.
func (a *App) buildDashboard() error {
	cfg := a.Config
	preview, err := storefront.New(storefront.Config{
		Logger: a.Logger, Tenants: a.Directory, Sites: dashboard.DraftSites(a.Store), Catalog: a.Store,
		Booking: a.Booking, Cache: dashboard.NoCache{}, PublicBaseURL: cfg.PublicBaseURL,
		SuccessURL: cfg.StripeSuccessURL, CancelURL: cfg.StripeCancelURL, Now: a.Now,
	})
	if err != nil {
		return err
	}
	d, err := dashboard.New(dashboard.Config{
		Logger: a.Logger, Identity: a.Identity, Tenants: a.Tenants, SiteConfig: a.SiteConfig, Bookings: a.Booking, Money: a.Booking, Mails: a.Booking,
		Catalog: a.Catalog, Audit: a.Store, Domains: a.Domains, Preview: preview, Onboarding: a.Onboarding, Assistant: a.Assistant,
		EmbedSnippet:  func(t tenant.Tenant) string { return storefront.EmbedSnippet(cfg.PublicBaseURL, t) },
		PublicBaseURL: cfg.PublicBaseURL, DataDir: cfg.DataDir, Media: a.Media, Secret: cfg.JWTSecret,
		TrustedProxies: cfg.TrustedProxies, Now: a.Now,
	})
	if err != nil {
		return err
	}
	a.Dashboard = d
	return nil
}
