package booking

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"time"

	"mais/internal/apperr"
	"mais/internal/cache"
	"mais/internal/catalog"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

// VisiblePackages applies a tenant's display rules to its active packages
// (given in catalog order) on the day today (YYYY-MM-DD in the tenant's
// zone): a hidden package, or one outside its date window, is left out; the
// rest come in display order with the set of featured slugs. The
// storefront, the public package routes and checkout all decide with this
// one function, so what is not shown cannot be bought either — and what
// is shown is what is charged: a rule's custom description replaces the
// catalog's (escaped: it is plain text), a promotion in its window sells
// at its price (RegularPriceCents keeps the catalog's), and Group names
// the package's tier group.
func VisiblePackages(rules siteconfig.DisplayRules, pkgs []catalog.Package, today string) ([]catalog.Package, map[string]bool) {
	slugs := make([]string, len(pkgs))
	bySlug := make(map[string]catalog.Package, len(pkgs))
	for i, p := range pkgs {
		slugs[i] = p.Slug
		bySlug[p.Slug] = p
	}
	visible, featured := rules.Apply(slugs, today)
	out := make([]catalog.Package, 0, len(visible))
	for _, slug := range visible {
		p := bySlug[slug]
		if r, ok := rules.Rule(slug); ok {
			if r.Description != "" {
				// The catalog's form: text safe to place in HTML as is.
				p.Description = html.EscapeString(r.Description)
			}
			if promo, on := r.PromotionOn(today); on {
				p.RegularPriceCents, p.BasePriceCents, p.PromotionLabel = p.BasePriceCents, int64(promo.PriceCents), promo.Label
			}
			if _, known := rules.GroupOrder(r.Group); known {
				p.Group = r.Group
			}
		}
		out = append(out, p)
	}
	return out, featured
}

// displayTTL bounds staleness of cached display rules if an invalidation
// message is lost; publishing a version invalidates the tenant at once.
const displayTTL = 5 * time.Minute

// displayRules returns the tenant's published display rules, through the
// cache. Without a site reader, or without a published version, there are
// no rules and every active package is shown.
func (s *Service) displayRules(ctx context.Context, tenantID string) (siteconfig.DisplayRules, error) {
	var doc struct {
		Display siteconfig.DisplayRules `json:"display"`
	}
	if s.Sites == nil {
		return doc.Display, nil
	}
	load := func(ctx context.Context) ([]byte, error) {
		v, err := s.Sites.PublishedVersion(ctx, tenantID)
		if apperr.Is(err, apperr.CodeNotFound) {
			return []byte(`{}`), nil
		}
		if err != nil {
			return nil, fmt.Errorf("published site of %s: %w", tenantID, err)
		}
		return v.Config, nil
	}
	var body []byte
	var err error
	if s.Cache != nil {
		body, err = cache.GetOrLoad(ctx, s.Cache, cache.TenantKey(tenantID, "display", "published"), displayTTL, load)
	} else {
		body, err = load(ctx)
	}
	if err != nil {
		return doc.Display, err
	}
	// Stored configurations were validated when written.
	if err := json.Unmarshal(body, &doc); err != nil {
		return doc.Display, fmt.Errorf("decode display rules of %s: %w", tenantID, err)
	}
	return doc.Display, nil
}

// SellablePackages lists the packages the public may see and buy today, in
// display order (GET /v1/packages).
func (s *Service) SellablePackages(ctx context.Context, t tenant.Tenant) ([]catalog.Package, error) {
	pkgs, err := s.Catalog.ListPackages(ctx, t.ID, true)
	if err != nil {
		return nil, err
	}
	rules, err := s.displayRules(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	visible, _ := VisiblePackages(rules, pkgs, Today(s.now(), t.Location()))
	return visible, nil
}

// SellablePackage finds an active package by slug that the display rules
// show today; a hidden one is NOT_FOUND, as an unknown one.
func (s *Service) SellablePackage(ctx context.Context, t tenant.Tenant, slug string) (catalog.Package, error) {
	p, err := s.Catalog.PackageBySlug(ctx, t.ID, slug, true)
	if err != nil {
		return p, err
	}
	return s.asDisplayed(ctx, t, p)
}

// asDisplayed is p as the display rules show and sell it today (custom
// description, promotion price); NOT_FOUND when they hide it.
func (s *Service) asDisplayed(ctx context.Context, t tenant.Tenant, p catalog.Package) (catalog.Package, error) {
	rules, err := s.displayRules(ctx, t.ID)
	if err != nil {
		return p, err
	}
	visible, _ := VisiblePackages(rules, []catalog.Package{p}, Today(s.now(), t.Location()))
	if len(visible) == 0 {
		return p, apperr.NotFound("package")
	}
	return visible[0], nil
}
