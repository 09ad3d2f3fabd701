package app

import (
	"context"

	"mais/internal/cache"
	"mais/internal/catalog"
	"mais/internal/sqlstore"
)

// invalidatingStore is the store as the admin API and dashboard write to it:
// every catalog write that succeeds drops the tenant's cached
// answers and pages (in every process, with Redis). Putting this here, not
// in each handler, means no writer can forget it.
type invalidatingStore struct {
	*sqlstore.Store
	cache cache.Cache
}

func (s invalidatingStore) changed(ctx context.Context, tenantID string, err error) {
	if err == nil {
		s.cache.InvalidateTenant(ctx, tenantID)
	}
}

func (s invalidatingStore) CreatePackage(ctx context.Context, p catalog.Package) (catalog.Package, error) {
	out, err := s.Store.CreatePackage(ctx, p)
	s.changed(ctx, p.TenantID, err)
	return out, err
}

func (s invalidatingStore) UpdatePackage(ctx context.Context, tenantID, id string, in catalog.PackageInput) (catalog.Package, error) {
	out, err := s.Store.UpdatePackage(ctx, tenantID, id, in)
	s.changed(ctx, tenantID, err)
	return out, err
}

func (s invalidatingStore) DeletePackage(ctx context.Context, tenantID, id string) error {
	err := s.Store.DeletePackage(ctx, tenantID, id)
	s.changed(ctx, tenantID, err)
	return err
}

func (s invalidatingStore) CreateAddOn(ctx context.Context, a catalog.AddOn) (catalog.AddOn, error) {
	out, err := s.Store.CreateAddOn(ctx, a)
	s.changed(ctx, a.TenantID, err)
	return out, err
}

func (s invalidatingStore) UpdateAddOn(ctx context.Context, tenantID, packageID, id string, in catalog.AddOnInput) (catalog.AddOn, error) {
	out, err := s.Store.UpdateAddOn(ctx, tenantID, packageID, id, in)
	s.changed(ctx, tenantID, err)
	return out, err
}

func (s invalidatingStore) DeleteAddOn(ctx context.Context, tenantID, packageID, id string) error {
	err := s.Store.DeleteAddOn(ctx, tenantID, packageID, id)
	s.changed(ctx, tenantID, err)
	return err
}
