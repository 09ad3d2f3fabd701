package catalog

import (
	"regexp"
	"strings"

	"mais/internal/apperr"
	"mais/internal/siteconfig"
	"mais/internal/textin"
)

// Bounds of catalog input.
const (
	MaxName        = 120
	MaxSlug        = 60
	MaxDescription = 5000
	MaxPriceCents  = 100_000_000 // one million in the currency's main unit
	MaxSortOrder   = 100_000
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// Clean validates a package input and returns it trimmed. The
// description is kept as typed (Markdown); pages show it through
// DescriptionHTML. Creating requires slug, name and price; a patch must name at
// least one field. Every admin surface (JSON API, dashboard) goes through
// here, so the rules live in one place.
func (in PackageInput) Clean(creating bool) (PackageInput, error) {
	fields := apperr.FieldErrors{}
	out := PackageInput{Active: in.Active}
	out.Slug = cleanSlug(fields, in.Slug, creating)
	out.Name = cleanName(fields, in.Name, creating)
	out.Description = cleanDescription(fields, in.Description)
	out.BasePriceCents = checkPrice(fields, "basePriceCents", in.BasePriceCents, creating)
	out.SortOrder = checkSortOrder(fields, in.SortOrder)
	if d := in.DepositPercent; d.Set && d.Value != nil && (*d.Value < 0 || *d.Value > 100) {
		fields.Add("depositPercent", "must be between 0 and 100, or null for the tenant's")
	}
	out.DepositPercent = in.DepositPercent
	out.PhotoURL = cleanPhotoURL(fields, in.PhotoURL)
	if !creating && in == (PackageInput{}) {
		fields.Add("body", "name at least one field to change")
	}
	return out, fields.Err()
}

// Clean validates an add-on input the way PackageInput.Clean does a package.
func (in AddOnInput) Clean(creating bool) (AddOnInput, error) {
	fields := apperr.FieldErrors{}
	out := AddOnInput{Active: in.Active}
	out.Slug = cleanSlug(fields, in.Slug, creating)
	out.Name = cleanName(fields, in.Name, creating)
	out.Description = cleanDescription(fields, in.Description)
	out.PriceCents = checkPrice(fields, "priceCents", in.PriceCents, creating)
	out.SortOrder = checkSortOrder(fields, in.SortOrder)
	out.PhotoURL = cleanPhotoURL(fields, in.PhotoURL)
	if !creating && in == (AddOnInput{}) {
		fields.Add("body", "name at least one field to change")
	}
	return out, fields.Err()
}

// NewPackage is the package a cleaned creating input describes: active
// unless it says otherwise.
func NewPackage(tenantID string, in PackageInput) Package {
	p := Package{TenantID: tenantID, Slug: deref(in.Slug), Name: deref(in.Name), Description: deref(in.Description),
		PhotoURL: deref(in.PhotoURL), Active: true}
	if in.BasePriceCents != nil {
		p.BasePriceCents = *in.BasePriceCents
	}
	if in.Active != nil {
		p.Active = *in.Active
	}
	if in.SortOrder != nil {
		p.SortOrder = *in.SortOrder
	}
	p.DepositPercent = in.DepositPercent.Value
	return p
}

// NewAddOn is the add-on of packageID a cleaned creating input describes.
func NewAddOn(tenantID, packageID string, in AddOnInput) AddOn {
	a := AddOn{TenantID: tenantID, PackageID: packageID, Slug: deref(in.Slug), Name: deref(in.Name),
		Description: deref(in.Description), PhotoURL: deref(in.PhotoURL), Active: true}
	if in.PriceCents != nil {
		a.PriceCents = *in.PriceCents
	}
	if in.Active != nil {
		a.Active = *in.Active
	}
	if in.SortOrder != nil {
		a.SortOrder = *in.SortOrder
	}
	return a
}

// cleanPhotoURL trims a photo URL and checks it is a safe link ("" clears
// the photo).
func cleanPhotoURL(fields apperr.FieldErrors, v *string) *string {
	if v == nil {
		return nil
	}
	u := strings.TrimSpace(*v)
	if textin.Check(fields, "photoUrl", u, textin.Line) && u != "" {
		if err := siteconfig.SafeURL(u); err != nil {
			fields.Add("photoUrl", err.Error())
		}
	}
	return &u
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func cleanSlug(fields apperr.FieldErrors, v *string, required bool) *string {
	if v == nil {
		if required {
			fields.Add("slug", "is required")
		}
		return nil
	}
	s := strings.TrimSpace(*v)
	switch {
	case !textin.Check(fields, "slug", s, textin.Line):
	case s == "" || textin.Len(s) > MaxSlug:
		fields.Add("slug", "must be 1 to 60 characters")
	case !slugPattern.MatchString(s):
		fields.Add("slug", "use lowercase letters, digits and single hyphens")
	}
	return &s
}

func cleanName(fields apperr.FieldErrors, v *string, required bool) *string {
	if v == nil {
		if required {
			fields.Add("name", "is required")
		}
		return nil
	}
	s := strings.TrimSpace(*v)
	if textin.Check(fields, "name", s, textin.Line) && (s == "" || textin.Len(s) > MaxName) {
		fields.Add("name", "must be 1 to 120 characters of plain text")
	}
	return &s
}

func cleanDescription(fields apperr.FieldErrors, v *string) *string {
	if v == nil {
		return nil
	}
	if !textin.Check(fields, "description", *v, textin.Multiline) {
		return nil
	}
	if textin.Len(*v) > MaxDescription {
		fields.Add("description", "must be at most 5000 characters")
		return nil
	}
	s := strings.TrimSpace(*v)
	return &s
}

func checkPrice(fields apperr.FieldErrors, name string, v *int64, required bool) *int64 {
	if v == nil {
		if required {
			fields.Add(name, "is required (whole cents)")
		}
		return nil
	}
	if *v < 0 || *v > MaxPriceCents {
		fields.Add(name, "must be whole cents from 0 to 100000000")
	}
	return v
}

func checkSortOrder(fields apperr.FieldErrors, v *int) *int {
	if v != nil && (*v < -MaxSortOrder || *v > MaxSortOrder) {
		fields.Add("sortOrder", "must be between -100000 and 100000")
	}
	return v
}

// HasControl reports NUL, invalid UTF-8 or control characters (line breaks
// included) in one-line text.
func HasControl(s string) bool { return !textin.Valid(s, textin.Line) }
