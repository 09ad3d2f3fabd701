package siteconfig

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"time"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// DisplayRules say how the storefront lists packages. A package without a
// rule is shown, unfeatured, after the ordered ones.
type DisplayRules struct {
	Packages []PackageRule `json:"packages"`
}

// PackageRule is the display rule of one package, found by slug.
type PackageRule struct {
	PackageSlug string `json:"packageSlug"`
	Hidden      bool   `json:"hidden"`
	// Order places the package: rules with Order > 0 come first, lowest
	// first; 0 keeps the catalog order.
	Order    int  `json:"order"`
	Featured bool `json:"featured"`
	// VisibleFrom and VisibleUntil (YYYY-MM-DD, inclusive, optional) bound a
	// seasonal window outside which the package is hidden.
	VisibleFrom  string `json:"visibleFrom,omitempty"`
	VisibleUntil string `json:"visibleUntil,omitempty"`
}

// IsZero lets a document without rules omit "display" altogether.
func (d DisplayRules) IsZero() bool { return len(d.Packages) == 0 }

// MarshalJSON writes a nil rule list as [].
func (d DisplayRules) MarshalJSON() ([]byte, error) {
	type plain DisplayRules
	if d.Packages == nil {
		d.Packages = []PackageRule{}
	}
	return json.Marshal(plain(d))
}

// Rule returns the rule for slug, if there is one.
func (d DisplayRules) Rule(slug string) (PackageRule, bool) {
	for _, r := range d.Packages {
		if r.PackageSlug == slug {
			return r, true
		}
	}
	return PackageRule{}, false
}

// Apply filters and orders package slugs (given in catalog order) for the
// storefront on the given day (YYYY-MM-DD, in the tenant's time zone).
// It returns the visible slugs in display order and which of them are
// featured. Rules naming packages that are not in slugs are ignored.
func (d DisplayRules) Apply(slugs []string, today string) (visible []string, featured map[string]bool) {
	type entry struct {
		slug  string
		order int
	}
	var shown []entry
	featured = map[string]bool{}
	for _, slug := range slugs {
		r, _ := d.Rule(slug)
		if r.Hidden || !r.inWindow(today) {
			continue
		}
		shown = append(shown, entry{slug, r.Order})
		if r.Featured {
			featured[slug] = true
		}
	}
	// Stable, so equal orders and unordered packages keep catalog order.
	slices.SortStableFunc(shown, func(a, b entry) int {
		switch {
		case a.order > 0 && b.order > 0:
			return a.order - b.order
		case a.order > 0:
			return -1
		case b.order > 0:
			return 1
		}
		return 0
	})
	visible = make([]string, 0, len(shown))
	for _, e := range shown {
		visible = append(visible, e.slug)
	}
	return visible, featured
}

// inWindow compares dates as strings, which is correct for YYYY-MM-DD.
func (r PackageRule) inWindow(today string) bool {
	if r.VisibleFrom != "" && today < r.VisibleFrom {
		return false
	}
	if r.VisibleUntil != "" && today > r.VisibleUntil {
		return false
	}
	return true
}

// Limits of the display rules.
const (
	MaxPackageRules = 200
	MaxRuleOrder    = 10000
	maxSlugLen      = 100
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

func (d DisplayRules) validate(errs apperr.FieldErrors) {
	if len(d.Packages) > MaxPackageRules {
		errs.Add("display.packages", fmt.Sprintf("at most %d rules", MaxPackageRules))
		return
	}
	seen := map[string]bool{}
	for i, r := range d.Packages {
		p := fmt.Sprintf("display.packages.%d", i)
		switch {
		case r.PackageSlug == "":
			errs.Add(p+".packageSlug", "required")
		case textin.Len(r.PackageSlug) > maxSlugLen || !slugPattern.MatchString(r.PackageSlug):
			errs.Add(p+".packageSlug", "must be a package slug (lowercase letters, digits and dashes)")
		case seen[r.PackageSlug]:
			errs.Add(p+".packageSlug", "duplicate rule for this package")
		}
		seen[r.PackageSlug] = true
		if r.Order < 0 || r.Order > MaxRuleOrder {
			errs.Add(p+".order", fmt.Sprintf("must be between 0 and %d", MaxRuleOrder))
		}
		fromOK := validDate(errs, p+".visibleFrom", r.VisibleFrom)
		untilOK := validDate(errs, p+".visibleUntil", r.VisibleUntil)
		if fromOK && untilOK && r.VisibleFrom != "" && r.VisibleUntil != "" && r.VisibleUntil < r.VisibleFrom {
			errs.Add(p+".visibleUntil", "must not be before visibleFrom")
		}
	}
}

// validDate accepts "" (no bound) or a real calendar date.
func validDate(errs apperr.FieldErrors, path, s string) bool {
	if s == "" {
		return true
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		errs.Add(path, "must be a date YYYY-MM-DD")
		return false
	}
	return true
}
