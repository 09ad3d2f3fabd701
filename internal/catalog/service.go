package catalog

import "context"

// Invalidator tells every process that a tenant's cached answers and pages
// are stale (cache.Cache does, with Redis across processes).
type Invalidator interface {
	InvalidateTenant(ctx context.Context, tenantID string)
}

// Service is the one front door to a tenant's catalog for its admins (JSON
// API and dashboard): every write is validated here (PackageInput.Clean,
// AddOnInput.Clean), stored with its audit row, and — when it succeeded —
// drops the tenant's cached answers and pages, so no writer can forget it.
// Public readers (storefront, booking) read the Store directly.
type Service struct {
	Store       Store
	Venue       VenueStore
	Invalidator Invalidator
}

// Packages lists every package of the tenant, inactive ones included, in
// display order with their add-ons.
func (s *Service) Packages(ctx context.Context, tenantID string) ([]Package, error) {
	return s.Store.ListPackages(ctx, tenantID, false)
}

// Package returns one package of the tenant by id, inactive or not; an id
// of another tenant is NOT_FOUND.
func (s *Service) Package(ctx context.Context, tenantID, id string) (Package, error) {
	return s.Store.PackageByID(ctx, tenantID, id, false)
}

// CreatePackage validates in (slug, name and price required) and stores a
// new package, active unless in says otherwise. A taken slug is a CONFLICT
// naming "slug"; bad input a VALIDATION_ERROR naming the fields.
func (s *Service) CreatePackage(ctx context.Context, tenantID string, in PackageInput) (Package, error) {
	clean, err := in.Clean(true)
	if err == nil {
		err = ownPhoto(tenantID, clean.PhotoURL)
	}
	if err != nil {
		return Package{}, err
	}
	p, err := s.Store.CreatePackage(ctx, NewPackage(tenantID, clean))
	return p, s.changed(ctx, tenantID, err)
}

// UpdatePackage validates the fields in names and applies them.
func (s *Service) UpdatePackage(ctx context.Context, tenantID, id string, in PackageInput) (Package, error) {
	clean, err := in.Clean(false)
	if err == nil {
		err = ownPhoto(tenantID, clean.PhotoURL)
	}
	if err != nil {
		return Package{}, err
	}
	p, err := s.Store.UpdatePackage(ctx, tenantID, id, clean)
	return p, s.changed(ctx, tenantID, err)
}

// SetPhoto makes url — an address this platform gave to an uploaded file,
// or "" to take the photo off — the package's photo. It is not validated as
// typed input is: the caller made it.
func (s *Service) SetPhoto(ctx context.Context, tenantID, id, url string) (Package, error) {
	if err := ownPhoto(tenantID, &url); err != nil {
		return Package{}, err
	}
	p, err := s.Store.UpdatePackage(ctx, tenantID, id, PackageInput{PhotoURL: &url})
	return p, s.changed(ctx, tenantID, err)
}

// DeletePackage removes a package and its add-ons.
func (s *Service) DeletePackage(ctx context.Context, tenantID, id string) error {
	return s.changed(ctx, tenantID, s.Store.DeletePackage(ctx, tenantID, id))
}

// CreateAddOn validates in (slug, name and price required) and adds it to
// one package of the tenant (NOT_FOUND when it is not the tenant's).
func (s *Service) CreateAddOn(ctx context.Context, tenantID, packageID string, in AddOnInput) (AddOn, error) {
	clean, err := in.Clean(true)
	if err == nil {
		err = ownPhoto(tenantID, clean.PhotoURL)
	}
	if err != nil {
		return AddOn{}, err
	}
	a, err := s.Store.CreateAddOn(ctx, NewAddOn(tenantID, packageID, clean))
	return a, s.changed(ctx, tenantID, err)
}

// UpdateAddOn validates the fields in names and applies them to one add-on.
func (s *Service) UpdateAddOn(ctx context.Context, tenantID, packageID, id string, in AddOnInput) (AddOn, error) {
	clean, err := in.Clean(false)
	if err == nil {
		err = ownPhoto(tenantID, clean.PhotoURL)
	}
	if err != nil {
		return AddOn{}, err
	}
	a, err := s.Store.UpdateAddOn(ctx, tenantID, packageID, id, clean)
	return a, s.changed(ctx, tenantID, err)
}

// DeleteAddOn removes one add-on of one package.
func (s *Service) DeleteAddOn(ctx context.Context, tenantID, packageID, id string) error {
	return s.changed(ctx, tenantID, s.Store.DeleteAddOn(ctx, tenantID, packageID, id))
}

// changed drops the tenant's caches after a successful write and passes
// err through.
func (s *Service) changed(ctx context.Context, tenantID string, err error) error {
	if err == nil && s.Invalidator != nil {
		s.Invalidator.InvalidateTenant(ctx, tenantID)
	}
	return err
}
