package siteconfig

import (
	"fmt"
	"slices"

	"mais/internal/apperr"
)

// Blocks of the widget's booking step, in their default order.
const (
	WidgetAddOns   = "addons"   // the package's extras
	WidgetCalendar = "calendar" // the date
	WidgetDetails  = "details"  // name, e-mail, phone, venue, notes
)

// DefaultWidgetBlocks is the order of a widget without a layout.
var DefaultWidgetBlocks = []string{WidgetAddOns, WidgetCalendar, WidgetDetails}

// WidgetLayout is the "widget" section of the site document: the order of
// the blocks of the booking step, and what the widget leaves out. The zero
// value is the default layout (every block, in the default order, prices,
// extras and a notes field shown).
type WidgetLayout struct {
	// Blocks orders the booking step's blocks: every one of addons,
	// calendar and details exactly once, or empty for the default order.
	Blocks []string `json:"blocks,omitempty"`
	// HidePrices leaves prices off the package list and the extras (the
	// total to pay is always shown before paying).
	HidePrices bool `json:"hidePrices,omitempty"`
	// HideAddOns leaves the extras out: widget bookings are the package alone.
	HideAddOns bool `json:"hideAddOns,omitempty"`
	// HideNotes leaves the notes field out of the details.
	HideNotes bool `json:"hideNotes,omitempty"`
}

// IsZero lets a document without a widget section omit it.
func (w WidgetLayout) IsZero() bool {
	return len(w.Blocks) == 0 && !w.HidePrices && !w.HideAddOns && !w.HideNotes
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
	if len(w.Blocks) == 0 {
		w.Blocks = slices.Clone(DefaultWidgetBlocks)
	}
	return w
}

func (w WidgetLayout) validate(errs apperr.FieldErrors) {
	if len(w.Blocks) == 0 {
		return
	}
	if len(w.Blocks) != len(DefaultWidgetBlocks) {
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
}
