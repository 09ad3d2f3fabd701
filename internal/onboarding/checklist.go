package onboarding

import (
	"context"
	"fmt"

	"mais/internal/tenant"
)

// Facts are the parts of a tenant's state the checklist reads from the store.
type Facts struct {
	// HasPackage: the tenant has at least one package.
	HasPackage bool
	// Published: a site version the business made was published (the
	// default site a tenant starts with does not count).
	Published bool
}

// Step is one item of the overview's checklist, ticked from real state.
type Step struct {
	Key   string // profile, package, stripe, publish, domain
	Title string
	Hint  string
	// URL is the dashboard page where the step is done.
	URL  string
	Done bool
}

// Checklist is the start-up list on a new business's overview.
type Checklist struct {
	Steps []Step
	Done  int
}

// Complete is true when every step is done (the overview then hides it).
func (c Checklist) Complete() bool { return c.Done == len(c.Steps) }

// Checklist ticks the steps of t from the store, its Stripe account, its
// profile (Service.ProfileFilled) and its domains (Service.Domains). Each
// step links to the dashboard page where it is done.
func (s *Service) Checklist(ctx context.Context, t tenant.Tenant) (Checklist, error) {
	facts, err := s.Store.ChecklistFacts(ctx, t.ID)
	if err != nil {
		return Checklist{}, fmt.Errorf("checklist: %w", err)
	}
	acct, err := s.Store.StripeAccount(ctx, t.ID)
	if err != nil {
		return Checklist{}, fmt.Errorf("checklist: %w", err)
	}
	// A domain a platform admin set is vouched for (docs/API.md §14).
	domain := t.CustomDomain != ""
	if !domain && s.Domains != nil {
		if domain, err = s.Domains.HasVerified(ctx, t.ID); err != nil {
			return Checklist{}, fmt.Errorf("checklist: domains: %w", err)
		}
	}
	c := Checklist{Steps: []Step{
		{Key: "profile", Title: "Complete your business profile", Hint: "Phone, address and links couples use to reach you.",
			URL: ProfileURL, Done: s.ProfileFilled != nil && s.ProfileFilled(t)},
		{Key: "package", Title: "Add your first package", Hint: "What you sell, with its price and photo.",
			URL: "/admin/packages/new", Done: facts.HasPackage},
		{Key: "stripe", Title: "Connect Stripe", Hint: "Get paid: bookings are paid into your own Stripe account.",
			URL: "/admin/stripe", Done: acct.ID != "" && acct.CanCharge()},
		{Key: "publish", Title: "Publish your site", Hint: "Make the site yours in the editor, then publish it.",
			URL: "/admin/site", Done: facts.Published},
		{Key: "domain", Title: "Use your own domain", Hint: "Optional: serve your site at an address of your own.",
			URL: DomainsURL, Done: domain},
	}}
	for _, st := range c.Steps {
		if st.Done {
			c.Done++
		}
	}
	return c, nil
}

// Pages of other features the checklist links to.
const (
	// ProfileURL is the dashboard's business profile page.
	ProfileURL = "/admin/profile"
	// DomainsURL is the dashboard's custom domains page.
	DomainsURL = "/admin/domains"
)
