package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"mais/internal/cache"
	"mais/internal/catalog"
	"mais/internal/httpx"
	"mais/internal/tenant"
)

// PackageJSON is the public shape of a package (docs/API.md §5).
type PackageJSON struct {
	ID          string `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// DescriptionHTML is the description (Markdown) rendered and
	// sanitised: safe to place in a page as is.
	DescriptionHTML string      `json:"descriptionHtml"`
	BasePriceCents  int64       `json:"basePriceCents"`
	PhotoURL        string      `json:"photoUrl"`
	AddOns          []AddOnJSON `json:"addOns"`
}

// AddOnJSON is the public shape of an add-on.
type AddOnJSON struct {
	ID          string `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// DescriptionHTML: as PackageJSON's.
	DescriptionHTML string `json:"descriptionHtml"`
	PriceCents      int64  `json:"priceCents"`
	PhotoURL        string `json:"photoUrl"` // "" when it has none
}

// NewPackageJSON converts a package for public output.
func NewPackageJSON(p catalog.Package) PackageJSON {
	out := PackageJSON{ID: p.ID, Slug: p.Slug, Name: p.Name, Description: p.Description,
		DescriptionHTML: catalog.DescriptionHTML(p.Description), BasePriceCents: p.BasePriceCents, PhotoURL: p.PhotoURL, AddOns: make([]AddOnJSON, 0, len(p.AddOns))}
	for _, a := range p.AddOns {
		out.AddOns = append(out.AddOns, AddOnJSON{ID: a.ID, Slug: a.Slug, Name: a.Name, Description: a.Description,
			DescriptionHTML: catalog.DescriptionHTML(a.Description), PriceCents: a.PriceCents,
			PhotoURL: a.PhotoURL})
	}
	return out
}

// catalogTTL bounds staleness if an invalidation message is ever lost.
const catalogTTL = 5 * time.Minute

// listPackages answers GET /v1/packages: the packages the published display
// rules show today (booking.VisiblePackages, as the storefront), cached
// per tenant and day since seasonal windows open and close with the date.
func (s *Server) listPackages(w http.ResponseWriter, r *http.Request) error {
	t := requestTenant(r.Context())
	body, err := cache.GetOrLoad(r.Context(), s.Cache, cache.TenantKey(t.ID, "catalog", "packages", s.today(t)), catalogTTL,
		func(ctx context.Context) ([]byte, error) {
			pkgs, err := s.Booking.SellablePackages(ctx, *t)
			if err != nil {
				return nil, err
			}
			out := make([]PackageJSON, 0, len(pkgs))
			for _, p := range pkgs {
				out = append(out, NewPackageJSON(p))
			}
			return json.Marshal(out)
		})
	if err != nil {
		return err
	}
	httpx.WriteJSONBytes(w, http.StatusOK, body)
	return nil
}

// getPackage answers GET /v1/packages/{slug}; a package the display rules
// hide is NOT_FOUND, as it cannot be bought either.
func (s *Server) getPackage(w http.ResponseWriter, r *http.Request) error {
	t := requestTenant(r.Context())
	slug := r.PathValue("slug")
	body, err := cache.GetOrLoad(r.Context(), s.Cache, cache.TenantKey(t.ID, "catalog", "package", s.today(t), slug), catalogTTL,
		func(ctx context.Context) ([]byte, error) {
			p, err := s.Booking.SellablePackage(ctx, *t, slug)
			if err != nil {
				return nil, err
			}
			return json.Marshal(NewPackageJSON(p))
		})
	if err != nil {
		return err
	}
	httpx.WriteJSONBytes(w, http.StatusOK, body)
	return nil
}

// today is the tenant's calendar day on the booking engine's clock.
func (s *Server) today(t *tenant.Tenant) string {
	return s.Booking.Today(*t)
}
