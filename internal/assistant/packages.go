package assistant

import (
	"context"
	"encoding/json"

	"mais/internal/catalog"
)

// CatalogChanges is siteconfig.PackageChanger over the catalog: the
// changes of a package proposal are PackageChanges (never a price), checked
// with the catalog's own input rules and applied as an admin's update.
type CatalogChanges struct {
	Catalog *catalog.Service
}

// CheckPackageChange validates changes for one of the tenant's packages
// without applying them (NOT_FOUND, VALIDATION_ERROR).
func (c CatalogChanges) CheckPackageChange(ctx context.Context, tenantID, packageID string, changes json.RawMessage) error {
	in, err := packageInput(changes)
	if err != nil {
		return err
	}
	if _, err := in.Clean(false); err != nil {
		return err
	}
	_, err = c.Catalog.Package(ctx, tenantID, packageID)
	return err
}

// ApplyPackageChange updates the package.
func (c CatalogChanges) ApplyPackageChange(ctx context.Context, tenantID, packageID string, changes json.RawMessage) error {
	in, err := packageInput(changes)
	if err != nil {
		return err
	}
	_, err = c.Catalog.UpdatePackage(ctx, tenantID, packageID, in)
	return err
}

func packageInput(changes json.RawMessage) (catalog.PackageInput, error) {
	var pc PackageChanges
	if err := decodeInput(changes, &pc); err != nil {
		return catalog.PackageInput{}, err
	}
	return catalog.PackageInput{Name: pc.Name, Description: pc.Description, PhotoURL: pc.PhotoURL, Active: pc.Active}, nil
}
