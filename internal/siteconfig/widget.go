package siteconfig

import (
	"fmt"
	"slices"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// Blocks of the widget's booking step, in their default order.
const (
	WidgetAddOns   = "addons"   // the package's extras
	WidgetCalendar = "calendar" // the date
	WidgetDetails  = "details"  // name, e-mail, phone, venue, notes
	// WidgetTestimonials is a strip of the site's client quotes, shown
	// only when ShowTestimonials is set and the site has some.
	WidgetTestimonials = "testimonials"
)

// DefaultWidgetBlocks is the order of a widget without a layout. A stored
// order written before the testimonials strip existed lists only the
// first three; the strip then comes last.
var DefaultWidgetBlocks = []string{WidgetAddOns, WidgetCalendar, WidgetDetails, WidgetTestimonials}

// Where the widget opens (WidgetLayout.Start).
const (
	WidgetStartList    = "list"    // the package list (the default)
	WidgetStartPackage = "package" // the booking step of WidgetLayout.Package
)

// WidgetLayout is the "widget" section of the site document: the order of
// the blocks of the booking step, and what the widget leaves out. The zero
// value is the default layout (every block, in the default order, prices,
// extras and a notes field shown).
type WidgetLayout struct {
	// Blocks orders the booking step's blocks: every one of addons,
	// calendar and details exactly once and testimonials at most once (last
	// when missing), or empty for the default order.
	Blocks []string `json:"blocks,omitempty"`
	// HidePrices leaves prices off the package list and the extras (the
	// total to pay is always shown before paying).
	HidePrices bool `json:"hidePrices,omitempty"`
	// HideAddOns leaves the extras out: widget bookings are the package alone.
	HideAddOns bool `json:"hideAddOns,omitempty"`
	// HideNotes leaves the notes field out of the details.
	HideNotes bool `json:"hideNotes,omitempty"`
	// ShowTestimonials shows the testimonials strip (off by default, so
	// documents written before it existed look as they did).
	ShowTestimonials bool `json:"showTestimonials,omitempty"`
	// Start is where /widget opens: "list" (or empty) the package list,
	// "package" straight at the booking step of Package, which must be an
	// active package (the widget shows the list when it is not).
	Start string `json:"start,omitempty"`
	// Package is the slug of the package Start "package" opens on.
	Package string `json:"package,omitempty"`
}

// IsZero lets a document without a widget section omit it.
func (w WidgetLayout) IsZero() bool {
	return len(w.Blocks) == 0 && !w.HidePrices && !w.HideAddOns && !w.HideNotes && !w.ShowTestimonials &&
		w.Start == "" && w.Package == ""
}

// StartPackage is the slug of the package the widget opens on, or "" when
// it opens on the package list.
func (w WidgetLayout) StartPackage() string {
	if w.Start == WidgetStartPackage {
		return w.Package
	}
	return ""
}

// Order is w's block order with every block in it: the default order when
// w has none, the testimonials strip appended when w's order predates it.
func (w WidgetLayout) Order() []string {
	if len(w.Blocks) == 0 {
		return slices.Clone(DefaultWidgetBlocks)
	}
	out := slices.Clone(w.Blocks)
	if !slices.Contains(out, WidgetTestimonials) {
		out = append(out, WidgetTestimonials)
	}
	return out
}

// Layout is the layout the widget renders: w itself, or the default when
// w cannot be used (a document written by another version of MAIS, or
// one that never passed validation): a bad layout never breaks booking.
func (w WidgetLayout) Layout() WidgetLayout {
	errs := apperr.FieldErrors{}
	w.validate(errs)
	if len(errs) > 0 {
		return WidgetLayout{Blocks: slices.Clone(DefaultWidgetBlocks)}
	}
	w.Blocks = w.Order()
	return w
}

func (w WidgetLayout) validate(errs apperr.FieldErrors) {
	switch w.Start {
	case "", WidgetStartList:
	case WidgetStartPackage:
		if w.Package == "" {
			errs.Add("widget.package", "required when the widget opens on a package")
		}
	default:
		errs.Add("widget.start", fmt.Sprintf("must be %q or %q", WidgetStartList, WidgetStartPackage))
	}
	if w.Package != "" && (textin.Len(w.Package) > maxSlugLen || !slugPattern.MatchString(w.Package)) {
		errs.Add("widget.package", "must be a package slug: lowercase letters, digits and hyphens")
	}
	if len(w.Blocks) == 0 {
		return
	}
	if n := len(w.Blocks); n != len(DefaultWidgetBlocks) && n != len(DefaultWidgetBlocks)-1 {
		errs.Add("widget.blocks", fmt.Sprintf("must list %v, each once, in the order to show them", DefaultWidgetBlocks))
		return
	}
	seen := map[string]bool{}
	for i, b := range w.Blocks {
		if !slices.Contains(DefaultWidgetBlocks, b) || seen[b] {
			errs.Add(fmt.Sprintf("widget.blocks.%d", i), fmt.Sprintf("must be one of %v, each once", DefaultWidgetBlocks))
		}
		seen[b] = true
	}
	for _, b := range DefaultWidgetBlocks[:len(DefaultWidgetBlocks)-1] {
		if !seen[b] {
			errs.Add("widget.blocks", fmt.Sprintf("must include %q", b))
		}
	}
}
