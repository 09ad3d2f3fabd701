package api

import (
	"bytes"
	"encoding/json"

	"mais/internal/catalog"
)

// catalogBodyLimit bounds the body of a package or add-on request.
const catalogBodyLimit = 64 << 10

// packageBody is the JSON of POST and PATCH /v1/admin/packages: nil means
// "not given", so PATCH changes only what it names.
type packageBody struct {
	Slug           *string `json:"slug"`
	Name           *string `json:"name"`
	Description    *string `json:"description" text:"multiline"`
	BasePriceCents *int64  `json:"basePriceCents"`
	PhotoURL       *string `json:"photoUrl"`
	Active         *bool   `json:"active"`
	SortOrder      *int    `json:"sortOrder"`
	// DepositPercent: absent leaves it, null returns to the tenant's.
	DepositPercent optionalPercent `json:"depositPercent"`
}

// optionalPercent tells an absent member (Set false) from null (Value nil).
type optionalPercent catalog.DepositOverride

// UnmarshalJSON is called only for a member that is present.
func (o *optionalPercent) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		o.Value = nil
		return nil
	}
	var v int
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	o.Value = &v
	return nil
}

// addOnBody is the JSON of POST and PATCH .../addons.
type addOnBody struct {
	Slug        *string `json:"slug"`
	Name        *string `json:"name"`
	Description *string `json:"description" text:"multiline"`
	PriceCents  *int64  `json:"priceCents"`
	Active      *bool   `json:"active"`
	SortOrder   *int    `json:"sortOrder"`
	PhotoURL    *string `json:"photoUrl"` // "" removes the photo
}

// input is the body as the catalog service takes it; the service applies
// the catalog's rules (the dashboard's too).
func (b packageBody) input() catalog.PackageInput {
	return catalog.PackageInput{Slug: b.Slug, Name: b.Name, Description: b.Description, BasePriceCents: b.BasePriceCents,
		PhotoURL: b.PhotoURL, Active: b.Active, SortOrder: b.SortOrder, DepositPercent: catalog.DepositOverride(b.DepositPercent)}
}

func (b addOnBody) input() catalog.AddOnInput {
	return catalog.AddOnInput{Slug: b.Slug, Name: b.Name, Description: b.Description, PriceCents: b.PriceCents,
		Active: b.Active, SortOrder: b.SortOrder, PhotoURL: b.PhotoURL}
}
