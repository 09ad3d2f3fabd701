package siteconfig_test

import (
	"reflect"
	"testing"

	"mais/internal/siteconfig"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *siteconfig.Config)
		want   []siteconfig.Change
	}{
		{
			name:   "Unchanged",
			mutate: func(c *siteconfig.Config) {},
			want:   nil,
		},
		{
			name: "HeadlineChanged",
			mutate: func(c *siteconfig.Config) {
				edit(c.Pages.Home.Sections, 0, func(s *siteconfig.HeroSection) { s.Headline = "Weddings in the hills" })
			},
			want: []siteconfig.Change{{
				Path: "pages.home.sections.0.headline", Kind: siteconfig.ChangeChanged,
				Before: "Weddings by the lake", After: "Weddings in the hills",
			}},
		},
		{
			name: "OptionalFieldCleared",
			mutate: func(c *siteconfig.Config) {
				edit(c.Pages.Home.Sections, 0, func(s *siteconfig.HeroSection) { s.Subheadline = "" })
			},
			want: []siteconfig.Change{{
				Path: "pages.home.sections.0.subheadline", Kind: siteconfig.ChangeRemoved,
				Before: "Small ceremonies, long dinners",
			}},
		},
		{
			name: "SectionAppended",
			mutate: func(c *siteconfig.Config) {
				c.Pages.Services.Sections = append(c.Pages.Services.Sections, siteconfig.CTASection{Headline: "Ready?", CTAText: "Book"})
			},
			want: []siteconfig.Change{{
				Path: "pages.services.sections.0", Kind: siteconfig.ChangeAdded,
				After: map[string]any{"type": "cta", "headline": "Ready?", "ctaText": "Book"},
			}},
		},
		{
			name: "SectionTypeReplaced",
			mutate: func(c *siteconfig.Config) {
				c.Pages.FAQ.Sections[0] = siteconfig.CTASection{Headline: "Questions", CTAText: "Ask us"}
			},
			want: []siteconfig.Change{{
				Path: "pages.faq.sections.0", Kind: siteconfig.ChangeChanged,
				Before: map[string]any{"type": "faq", "headline": "Questions", "items": []any{
					map[string]any{"question": "Is there parking?", "answer": "Yes, for sixty cars."},
				}},
				After: map[string]any{"type": "cta", "headline": "Questions", "ctaText": "Ask us"},
			}},
		},
		{
			name: "DocumentOrder",
			mutate: func(c *siteconfig.Config) {
				c.Branding.PrimaryColor = "#000"
				c.Pages.Gallery.Enabled = true
				edit(c.Pages.Testimonials.Sections, 0, func(s *siteconfig.TestimonialsSection) { s.Items[0].Rating = 4 })
			},
			want: []siteconfig.Change{
				{Path: "pages.gallery.enabled", Kind: siteconfig.ChangeChanged, Before: false, After: true},
				{Path: "pages.testimonials.sections.0.items.0.rating", Kind: siteconfig.ChangeChanged, Before: int64(5), After: int64(4)},
				{Path: "branding.primaryColor", Kind: siteconfig.ChangeChanged, Before: "#7b3f4e", After: "#000"},
			},
		},
		{
			name: "DisplayRulesAdded",
			mutate: func(c *siteconfig.Config) {
				c.Display.Packages = []siteconfig.PackageRule{{PackageSlug: "full-day", Featured: true}}
			},
			want: []siteconfig.Change{{
				Path: "display", Kind: siteconfig.ChangeAdded,
				After: map[string]any{"packages": []any{
					map[string]any{"packageSlug": "full-day", "hidden": false, "order": int64(0), "featured": true},
				}},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mustParse(t, exampleDoc)
			b := mustParse(t, exampleDoc)
			tt.mutate(&b)
			got := siteconfig.Diff(a, b)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Diff =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

func TestDiffRemovedItems(t *testing.T) {
	a := mustParse(t, exampleDoc)
	b := mustParse(t, exampleDoc)
	b.Pages.About.Sections = nil

	got := siteconfig.Diff(a, b)
	if len(got) != 1 {
		t.Fatalf("Diff = %#v, want one change", got)
	}
	if got, want := got[0].Path, "pages.about.sections.0"; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
	if got, want := got[0].Kind, siteconfig.ChangeRemoved; got != want {
		t.Errorf("kind = %q, want %q", got, want)
	}
	if got[0].After != nil {
		t.Errorf("after = %#v, want nil", got[0].After)
	}
}
