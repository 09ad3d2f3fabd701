package api

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"

	"mais/internal/apperr"
	"mais/internal/catalog"
	"mais/internal/siteconfig"
)

// Bounds of catalog input.
const (
	maxCatalogName   = 120
	maxCatalogSlug   = 60
	maxDescription   = 5000
	maxPriceCents    = 100_000_000 // one million in the currency's main unit
	maxSortOrderAbs  = 100_000
	catalogBodyLimit = 64 << 10
)

var catalogSlugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// descriptionPolicy keeps the little formatting a package description needs
// (paragraphs, emphasis, lists, links) and drops everything else: scripts,
// styles, event handlers, images, javascript: URLs. It is read-only after
// construction and safe for concurrent use.
var descriptionPolicy = newDescriptionPolicy()

func newDescriptionPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "blockquote")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return p
}

// packageBody is the JSON of POST and PATCH /v1/admin/packages: nil means
// "not given", so PATCH changes only what it names.
type packageBody struct {
	Slug           *string `json:"slug"`
	Name           *string `json:"name"`
	Description    *string `json:"description"`
	BasePriceCents *int64  `json:"basePriceCents"`
	PhotoURL       *string `json:"photoUrl"`
	Active         *bool   `json:"active"`
	SortOrder      *int    `json:"sortOrder"`
}

// addOnBody is the JSON of POST and PATCH .../addons.
type addOnBody struct {
	Slug        *string `json:"slug"`
	Name        *string `json:"name"`
	Description *string `json:"description"`
	PriceCents  *int64  `json:"priceCents"`
	Active      *bool   `json:"active"`
	SortOrder   *int    `json:"sortOrder"`
}

// input validates and cleans the body; creating requires slug, name and price.
func (b packageBody) input(creating bool) (catalog.PackageInput, error) {
	fields := apperr.FieldErrors{}
	in := catalog.PackageInput{Active: b.Active}
	in.Slug = cleanSlug(fields, b.Slug, creating)
	in.Name = cleanName(fields, b.Name, creating)
	in.Description = cleanDescription(fields, b.Description)
	in.BasePriceCents = checkPrice(fields, "basePriceCents", b.BasePriceCents, creating)
	in.SortOrder = checkSortOrder(fields, b.SortOrder)
	if b.PhotoURL != nil {
		u := strings.TrimSpace(*b.PhotoURL)
		if u != "" {
			if err := siteconfig.SafeURL(u); err != nil {
				fields.Add("photoUrl", err.Error())
			}
		}
		in.PhotoURL = &u
	}
	if !creating && b == (packageBody{}) {
		fields.Add("body", "name at least one field to change")
	}
	return in, fields.Err()
}

func (b addOnBody) input(creating bool) (catalog.AddOnInput, error) {
	fields := apperr.FieldErrors{}
	in := catalog.AddOnInput{Active: b.Active}
	in.Slug = cleanSlug(fields, b.Slug, creating)
	in.Name = cleanName(fields, b.Name, creating)
	in.Description = cleanDescription(fields, b.Description)
	in.PriceCents = checkPrice(fields, "priceCents", b.PriceCents, creating)
	in.SortOrder = checkSortOrder(fields, b.SortOrder)
	if !creating && b == (addOnBody{}) {
		fields.Add("body", "name at least one field to change")
	}
	return in, fields.Err()
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
	case s == "" || len(s) > maxCatalogSlug:
		fields.Add("slug", "must be 1 to 60 characters")
	case !catalogSlugPattern.MatchString(s):
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
	if s == "" || utf8.RuneCountInString(s) > maxCatalogName || hasControl(s) {
		fields.Add("name", "must be 1 to 120 characters of plain text")
	}
	return &s
}

// cleanDescription sanitises rich text: the stored description is an HTML
// fragment that is safe to place in a page as is.
func cleanDescription(fields apperr.FieldErrors, v *string) *string {
	if v == nil {
		return nil
	}
	if !utf8.ValidString(*v) || utf8.RuneCountInString(*v) > maxDescription {
		fields.Add("description", "must be at most 5000 characters")
		return nil
	}
	s := strings.TrimSpace(descriptionPolicy.Sanitize(*v))
	return &s
}

func checkPrice(fields apperr.FieldErrors, name string, v *int64, required bool) *int64 {
	if v == nil {
		if required {
			fields.Add(name, "is required (whole cents)")
		}
		return nil
	}
	if *v < 0 || *v > maxPriceCents {
		fields.Add(name, "must be whole cents from 0 to 100000000")
	}
	return v
}

func checkSortOrder(fields apperr.FieldErrors, v *int) *int {
	if v != nil && (*v < -maxSortOrderAbs || *v > maxSortOrderAbs) {
		fields.Add("sortOrder", "must be between -100000 and 100000")
	}
	return v
}

// hasControl reports control characters or invalid UTF-8 in one-line text.
func hasControl(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	return strings.ContainsFunc(s, unicode.IsControl)
}
