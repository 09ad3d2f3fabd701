package siteconfig

import (
	"slices"
	"testing"

	"mais/internal/apperr"
)

func TestWidgetLayout(t *testing.T) {
	if got := (WidgetLayout{}).Layout().Blocks; !slices.Equal(got, DefaultWidgetBlocks) {
		t.Errorf("zero layout blocks %v", got)
	}
	mine := WidgetLayout{Blocks: []string{WidgetDetails, WidgetCalendar, WidgetAddOns}, HideNotes: true}
	if got := mine.Layout(); !slices.Equal(got.Blocks, mine.Blocks) || !got.HideNotes {
		t.Errorf("valid layout changed: %+v", got)
	}
	for _, bad := range [][]string{{"calendar"}, {"calendar", "calendar", "details"}, {"addons", "calendar", "testimonials"}} {
		errs := apperr.FieldErrors{}
		l := WidgetLayout{Blocks: bad, HidePrices: true}
		if l.validate(errs); len(errs) == 0 {
			t.Errorf("%v accepted", bad)
		}
		// A stored layout this binary cannot use falls back to the default.
		if got := l.Layout(); !slices.Equal(got.Blocks, DefaultWidgetBlocks) || got.HidePrices {
			t.Errorf("fallback for %v: %+v", bad, got)
		}
	}
}
