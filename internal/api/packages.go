package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"mais/internal/cache"
	"mais/internal/catalog"
	"mais/internal/httpx"
)

// PackageJSON is the public shape of a package (contract §5).
type PackageJSON struct {
	ID             string      `json:"id"`
	Slug           string      `json:"slug"`
	Name           string      `json:"name"`
	Description    string      `json:"description"`
	BasePriceCents int64       `json:"basePriceCents"`
	PhotoURL       string      `json:"photoUrl"`
	AddOns         []AddOnJSON `json:"addOns"`
}

// AddOnJSON is the public shape of an add-on.
type AddOnJSON struct {
	ID          string `json:"id"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	PriceCents  int64  `json:"priceCents"`
}

// NewPackageJSON converts a package for public output.
func NewPackageJSON(p catalog.Package) PackageJSON {
	out := PackageJSON{ID: p.ID, Slug: p.Slug, Name: p.Name, Description: p.Description,
		BasePriceCents: p.BasePriceCents, PhotoURL: p.PhotoURL, AddOns: make([]AddOnJSON, 0, len(p.AddOns))}
	for _, a := range p.AddOns {
		out.AddOns = append(out.AddOns, AddOnJSON{ID: a.ID, Slug: a.Slug, Name: a.Name, Description: a.Description, PriceCents: a.PriceCents})
	}
	return out
}

// catalogTTL bounds staleness if an invalidation message is ever lost.
const catalogTTL = 5 * time.Minute

func (s *Server) listPackages(w http.ResponseWriter, r *http.Request) {
	t := TenantFrom(r.Context())
	body, err := cache.GetOrLoad(r.Context(), s.Cache, cache.TenantKey(t.ID, "catalog", "packages"), catalogTTL,
		func(ctx context.Context) ([]byte, error) {
			pkgs, err := s.Catalog.ListPackages(ctx, t.ID, true)
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
		httpx.Error(w, r, s.Logger, err)
		return
	}
	httpx.WriteJSONBytes(w, http.StatusOK, body)
}

func (s *Server) getPackage(w http.ResponseWriter, r *http.Request) {
	t := TenantFrom(r.Context())
	slug := r.PathValue("slug")
	body, err := cache.GetOrLoad(r.Context(), s.Cache, cache.TenantKey(t.ID, "catalog", "package", slug), catalogTTL,
		func(ctx context.Context) ([]byte, error) {
			p, err := s.Catalog.PackageBySlug(ctx, t.ID, slug, true)
			if err != nil {
				return nil, err
			}
			return json.Marshal(NewPackageJSON(p))
		})
	if err != nil {
		httpx.Error(w, r, s.Logger, err)
		return
	}
	httpx.WriteJSONBytes(w, http.StatusOK, body)
}
