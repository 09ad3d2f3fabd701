package api

import (
	"net/http"
	"time"

	"mais/internal/catalog"
	"mais/internal/httpx"
)

// AdminPackageJSON is a package as its tenant admin sees it, inactive
// packages and add-ons included.
type AdminPackageJSON struct {
	ID             string           `json:"id"`
	Slug           string           `json:"slug"`
	Name           string           `json:"name"`
	Description    string           `json:"description"`
	BasePriceCents int64            `json:"basePriceCents"`
	PhotoURL       string           `json:"photoUrl"`
	Active         bool             `json:"active"`
	SortOrder      int              `json:"sortOrder"`
	DepositPercent *int             `json:"depositPercent"` // null: the tenant's
	AddOns         []AdminAddOnJSON `json:"addOns"`
	CreatedAt      time.Time        `json:"createdAt"`
	UpdatedAt      time.Time        `json:"updatedAt"`
}

// AdminAddOnJSON is an add-on as its tenant admin sees it.
type AdminAddOnJSON struct {
	ID          string `json:"id"`
	PackageID   string `json:"packageId"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	PriceCents  int64  `json:"priceCents"`
	Active      bool   `json:"active"`
	SortOrder   int    `json:"sortOrder"`
	PhotoURL    string `json:"photoUrl"`
}

func newAdminPackageJSON(p catalog.Package) AdminPackageJSON {
	out := AdminPackageJSON{ID: p.ID, Slug: p.Slug, Name: p.Name, Description: p.Description, BasePriceCents: p.BasePriceCents,
		PhotoURL: p.PhotoURL, Active: p.Active, SortOrder: p.SortOrder, DepositPercent: p.DepositPercent, AddOns: make([]AdminAddOnJSON, 0, len(p.AddOns)),
		CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC()}
	for _, a := range p.AddOns {
		out.AddOns = append(out.AddOns, newAdminAddOnJSON(a))
	}
	return out
}

func newAdminAddOnJSON(a catalog.AddOn) AdminAddOnJSON {
	return AdminAddOnJSON{ID: a.ID, PackageID: a.PackageID, Slug: a.Slug, Name: a.Name, Description: a.Description,
		PriceCents: a.PriceCents, Active: a.Active, SortOrder: a.SortOrder, PhotoURL: a.PhotoURL}
}

func (s *Server) adminListPackages(w http.ResponseWriter, r *http.Request) error {
	pkgs, err := s.Catalog.Packages(r.Context(), tenantOf(r))
	if err != nil {
		return err
	}
	out := make([]AdminPackageJSON, 0, len(pkgs))
	for _, p := range pkgs {
		out = append(out, newAdminPackageJSON(p))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) adminGetPackage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Catalog.Package(r.Context(), tenantOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newAdminPackageJSON(p))
	return nil
}

func (s *Server) adminCreatePackage(w http.ResponseWriter, r *http.Request) error {
	var body packageBody
	if err := httpx.Decode(w, r, catalogBodyLimit, &body); err != nil {
		return err
	}
	p, err := s.Catalog.CreatePackage(r.Context(), tenantOf(r), body.input())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, newAdminPackageJSON(p))
	return nil
}

func (s *Server) adminUpdatePackage(w http.ResponseWriter, r *http.Request) error {
	var body packageBody
	if err := httpx.Decode(w, r, catalogBodyLimit, &body); err != nil {
		return err
	}
	p, err := s.Catalog.UpdatePackage(r.Context(), tenantOf(r), r.PathValue("id"), body.input())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newAdminPackageJSON(p))
	return nil
}

func (s *Server) adminDeletePackage(w http.ResponseWriter, r *http.Request) error {
	if err := s.Catalog.DeletePackage(r.Context(), tenantOf(r), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) adminCreateAddOn(w http.ResponseWriter, r *http.Request) error {
	var body addOnBody
	if err := httpx.Decode(w, r, catalogBodyLimit, &body); err != nil {
		return err
	}
	a, err := s.Catalog.CreateAddOn(r.Context(), tenantOf(r), r.PathValue("id"), body.input())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, newAdminAddOnJSON(a))
	return nil
}

func (s *Server) adminUpdateAddOn(w http.ResponseWriter, r *http.Request) error {
	var body addOnBody
	if err := httpx.Decode(w, r, catalogBodyLimit, &body); err != nil {
		return err
	}
	a, err := s.Catalog.UpdateAddOn(r.Context(), tenantOf(r), r.PathValue("id"), r.PathValue("addOnId"), body.input())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newAdminAddOnJSON(a))
	return nil
}

func (s *Server) adminDeleteAddOn(w http.ResponseWriter, r *http.Request) error {
	if err := s.Catalog.DeleteAddOn(r.Context(), tenantOf(r), r.PathValue("id"), r.PathValue("addOnId")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
