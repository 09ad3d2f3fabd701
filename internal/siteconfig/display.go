package siteconfig

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// DisplayRules say how the storefront lists packages. A package without a
// rule is shown, unfeatured, after the ordered ones.
type DisplayRules struct {
	Packages []PackageRule `json:"packages"`
	// Groups are the named tiers the services page lists packages under,
	// lowest Order first ("Elopements", "Full-day"); a package names its
	// group in its rule. Packages without a group follow, under no heading.
	Groups []TierGroup `json:"groups,omitempty"`
}

// TierGroup is one named group of packages on the services page.
type TierGroup struct {
	Name  string `json:"name"`
	Order int    `json:"order"`
}

// Promotion is a seasonal price: from From to Until (YYYY-MM-DD in the
// tenant's zone, inclusive) the package is shown AND sold at PriceCents
// with Label next to it; outside the window nothing of it shows. The day
// that counts is the day of the checkout, not the event date.
type Promotion struct {
	PriceCents int    `json:"priceCents"`
	Label      string `json:"label"`
	From       string `json:"from"`
	Until      string `json:"until"`
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
	// Description, when set, replaces the catalog description on the
	// storefront, the widget and the public API (plain text).
	Description string `json:"description,omitempty"`
	// Group names one of DisplayRules.Groups ("" none).
	Group string `json:"group,omitempty"`
	// Promotion is the seasonal price; the zero value is none.
	Promotion Promotion `json:"promotion,omitzero"`
}

// PromotionOn returns the rule's promotion when today (YYYY-MM-DD) is
// inside its window.
func (r PackageRule) PromotionOn(today string) (Promotion, bool) {
	p := r.Promotion
	if p == (Promotion{}) || today < p.From || today > p.Until {
		return Promotion{}, false
	}
	return p, true
}

// GroupOrder is the position of group name (its Order, then its place in
// the list), and false for "" or an unknown name.
func (d DisplayRules) GroupOrder(name string) (int, bool) {
	for _, g := range d.Groups {
		if g.Name == name && name != "" {
			return g.Order, true
		}
	}
	return 0, false
}

// IsZero lets a document without rules omit "display" altogether.
func (d DisplayRules) IsZero() bool { return len(d.Packages) == 0 && len(d.Groups) == 0 }

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
	MaxPackageRules   = 200
	MaxRuleOrder      = 10000
	maxSlugLen        = 100
	MaxGroups         = 20
	MaxGroupName      = 60
	MaxRuleText       = 2000 // a custom description
	MaxPromotionLabel = 60
	MaxPromotionCents = 100_000_000 // as catalog.MaxPriceCents
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

func (d DisplayRules) validate(errs apperr.FieldErrors) {
	if len(d.Packages) > MaxPackageRules {
		errs.Add("display.packages", fmt.Sprintf("at most %d rules", MaxPackageRules))
		return
	}
	if len(d.Groups) > MaxGroups {
		errs.Add("display.groups", fmt.Sprintf("at most %d groups", MaxGroups))
		return
	}
	groups := map[string]bool{}
	for i, g := range d.Groups {
		p := fmt.Sprintf("display.groups.%d", i)
		switch {
		case !textin.Check(errs, p+".name", g.Name, textin.Line):
		case strings.TrimSpace(g.Name) != g.Name || g.Name == "" || textin.Len(g.Name) > MaxGroupName:
			errs.Add(p+".name", fmt.Sprintf("must be 1 to %d characters without surrounding spaces", MaxGroupName))
		case groups[g.Name]:
			errs.Add(p+".name", "duplicate group name")
		}
		groups[g.Name] = true
		if g.Order < 0 || g.Order > MaxRuleOrder {
			errs.Add(p+".order", fmt.Sprintf("must be between 0 and %d", MaxRuleOrder))
		}
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
		if textin.Check(errs, p+".description", r.Description, textin.Multiline) && textin.Len(r.Description) > MaxRuleText {
			errs.Add(p+".description", fmt.Sprintf("at most %d characters", MaxRuleText))
		}
		if r.Group != "" && !groups[r.Group] {
			errs.Add(p+".group", "must name one of display.groups")
		}
		if pr := r.Promotion; pr != (Promotion{}) {
			if pr.PriceCents < 0 || pr.PriceCents > MaxPromotionCents {
				errs.Add(p+".promotion.priceCents", "must be a price in cents from 0 to 100000000")
			}
			if textin.Check(errs, p+".promotion.label", pr.Label, textin.Line) && (pr.Label == "" || textin.Len(pr.Label) > MaxPromotionLabel) {
				errs.Add(p+".promotion.label", fmt.Sprintf("must be 1 to %d characters, such as \"Spring offer\"", MaxPromotionLabel))
			}
			from := pr.From != "" && validDate(errs, p+".promotion.from", pr.From)
			until := pr.Until != "" && validDate(errs, p+".promotion.until", pr.Until)
			if pr.From == "" {
				errs.Add(p+".promotion.from", "required: the first day of the promotion")
			}
			if pr.Until == "" {
				errs.Add(p+".promotion.until", "required: the last day of the promotion")
			}
			if from && until && pr.Until < pr.From {
				errs.Add(p+".promotion.until", "must not be before from")
			}
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
