package siteconfig

import (
	"encoding/json"
	"slices"
	"testing"

	"mais/internal/apperr"
)

func TestWidgetLayout(t *testing.T) {
	if got := (WidgetLayout{}).Layout().Blocks; !slices.Equal(got, DefaultWidgetBlocks) {
		t.Errorf("zero layout blocks %v", got)
	}
	mine := WidgetLayout{Blocks: []string{WidgetDetails, WidgetTestimonials, WidgetCalendar, WidgetAddOns}, HideNotes: true, ShowTestimonials: true}
	if got := mine.Layout(); !slices.Equal(got.Blocks, mine.Blocks) || !got.HideNotes || !got.ShowTestimonials {
		t.Errorf("valid layout changed: %+v", got)
	}
	// An order written before the strip existed keeps its order; the
	// strip comes last and stays off.
	old := WidgetLayout{Blocks: []string{WidgetDetails, WidgetCalendar, WidgetAddOns}}
	if got := old.Layout(); !slices.Equal(got.Blocks, []string{WidgetDetails, WidgetCalendar, WidgetAddOns, WidgetTestimonials}) || got.ShowTestimonials {
		t.Errorf("old order: %+v", got)
	}
	for _, bad := range [][]string{{"calendar"}, {"calendar", "calendar", "details"}, {"addons", "calendar", "testimonials"},
		{"addons", "calendar", "details", "details"}, {"addons", "calendar", "details", "reviews"}} {
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

// TestWidgetLayoutStart: where the widget opens is validated with the
// field named, and a bad start falls back to the default layout.
func TestWidgetLayoutStart(t *testing.T) {
	ok := WidgetLayout{Start: WidgetStartPackage, Package: "full-day", HidePrices: true}
	if got := ok.Layout(); got.StartPackage() != "full-day" || !got.HidePrices {
		t.Errorf("valid start changed: %+v", got)
	}
	if got := (WidgetLayout{Start: WidgetStartList, Package: "full-day"}).StartPackage(); got != "" {
		t.Errorf("list start opens on %q", got)
	}
	for _, c := range []struct {
		l     WidgetLayout
		field string
	}{
		{WidgetLayout{Start: WidgetStartPackage}, "widget.package"},
		{WidgetLayout{Start: WidgetStartPackage, Package: "Full Day!"}, "widget.package"},
		{WidgetLayout{Start: "detail", Package: "full-day"}, "widget.start"},
	} {
		errs := apperr.FieldErrors{}
		c.l.validate(errs)
		if errs[c.field] == "" {
			t.Errorf("%+v: errors %v, want %s", c.l, errs, c.field)
		}
		c.l.HidePrices = true
		if got := c.l.Layout(); got.StartPackage() != "" || got.HidePrices {
			t.Errorf("fallback for %+v: %+v", c.l, got)
		}
	}
}

// TestWidgetLayoutJSON: a document without the new fields reads and
// writes as before; the new fields round-trip.
func TestWidgetLayoutJSON(t *testing.T) {
	var old WidgetLayout
	if err := json.Unmarshal([]byte(`{"blocks":["details","calendar","addons"],"hideNotes":true}`), &old); err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(old); string(b) != `{"blocks":["details","calendar","addons"],"hideNotes":true}` {
		t.Errorf("old document re-encoded as %s", b)
	}
	if old.ShowTestimonials || old.StartPackage() != "" {
		t.Errorf("old document gained new behaviour: %+v", old)
	}
	in := WidgetLayout{ShowTestimonials: true, Start: WidgetStartPackage, Package: "elopement"}
	b, _ := json.Marshal(in)
	var out WidgetLayout
	if err := json.Unmarshal(b, &out); err != nil || out.Start != in.Start || out.Package != in.Package || !out.ShowTestimonials {
		t.Errorf("round trip %s → %+v (%v)", b, out, err)
	}
	if (WidgetLayout{}).IsZero() != true || (WidgetLayout{ShowTestimonials: true}).IsZero() || (WidgetLayout{Start: "list"}).IsZero() {
		t.Error("IsZero")
	}
}
