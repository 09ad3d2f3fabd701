// Package catalog holds what a tenant sells: packages and their add-ons.
package catalog

import (
	"context"
	"time"
)

// Package is a bookable offer such as "Full-day coverage".
type Package struct {
	ID             string
	TenantID       string
	Slug           string
	Name           string
	Description    string
	BasePriceCents int64
	PhotoURL       string
	Active         bool
	SortOrder      int
	// DepositPercent is the package's own deposit percent (0–100); nil
	// takes the tenant's (docs/API.md §11).
	DepositPercent *int
	AddOns         []AddOn
	// Set by the published display rules (booking.VisiblePackages), never
	// stored: RegularPriceCents is the catalog price while a seasonal
	// promotion sells the package at BasePriceCents under PromotionLabel
	// (0 and "" otherwise); Group is the tier group it is listed under.
	RegularPriceCents int64
	PromotionLabel    string
	Group             string
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// AddOn is an extra sold with one package, such as "Second photographer".
type AddOn struct {
	ID          string
	TenantID    string
	PackageID   string
	Slug        string
	Name        string
	Description string
	PriceCents  int64
	Active      bool
	SortOrder   int
	PhotoURL    string // https URL or an uploaded photo's path; "" none
}

// PackageInput creates a package or, with nil fields left alone, patches one.
type PackageInput struct {
	Slug           *string
	Name           *string
	Description    *string
	BasePriceCents *int64
	PhotoURL       *string
	Active         *bool
	SortOrder      *int
	DepositPercent DepositOverride
}

// DepositOverride changes a package's own deposit percent: Set false
// leaves it; Set with a nil Value returns the package to the tenant's.
type DepositOverride struct {
	Set   bool
	Value *int
}

// AddOnInput creates an add-on or patches one.
type AddOnInput struct {
	Slug        *string
	Name        *string
	Description *string
	PriceCents  *int64
	Active      *bool
	SortOrder   *int
	PhotoURL    *string
}

// Store is what catalog needs from storage. Every method takes the tenant id;
// an id or slug of another tenant is NOT_FOUND. Writes are audited under the
// actor carried by ctx (audit.WithActor).
type Store interface {
	// ListPackages returns packages in display order with their add-ons;
	// with activeOnly, inactive packages and add-ons are left out.
	ListPackages(ctx context.Context, tenantID string, activeOnly bool) ([]Package, error)
	PackageBySlug(ctx context.Context, tenantID, slug string, activeOnly bool) (Package, error)
	PackageByID(ctx context.Context, tenantID, id string, activeOnly bool) (Package, error)
	CreatePackage(ctx context.Context, p Package) (Package, error)
	UpdatePackage(ctx context.Context, tenantID, id string, in PackageInput) (Package, error)
	DeletePackage(ctx context.Context, tenantID, id string) error
	CreateAddOn(ctx context.Context, a AddOn) (AddOn, error)
	UpdateAddOn(ctx context.Context, tenantID, packageID, id string, in AddOnInput) (AddOn, error)
	DeleteAddOn(ctx context.Context, tenantID, packageID, id string) error
}
