package siteconfig_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"mais/internal/apperr"
	"mais/internal/siteconfig"
)

func TestParseRoundTrip(t *testing.T) {
	c := mustParse(t, exampleDoc)

	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(exampleDoc)); err != nil {
		t.Fatal(err)
	}
	if got, want := string(siteconfig.Canonical(c)), compact.String(); got != want {
		t.Fatalf("Canonical differs from the input\n got: %s\nwant: %s", got, want)
	}

	hero, ok := c.Pages.Home.Sections[0].(siteconfig.HeroSection)
	if !ok {
		t.Fatalf("home section 0 is %T, want HeroSection", c.Pages.Home.Sections[0])
	}
	if got, want := hero.BackgroundImageURL, "https://cdn.example.com/hero.jpg"; got != want {
		t.Errorf("backgroundImageUrl = %q, want %q", got, want)
	}
	tm := c.Pages.Testimonials.Sections[0].(siteconfig.TestimonialsSection)
	if got, want := tm.Items[0].Rating, 5; got != want {
		t.Errorf("rating = %d, want %d", got, want)
	}
	if c.Pages.Gallery.Enabled {
		t.Error("gallery enabled, want disabled")
	}
}

func TestParseFillsMissingPagesAndLists(t *testing.T) {
	c := mustParse(t, `{"pages":{"home":{"enabled":true,"sections":[{"type":"faq","headline":"Q"}]}},"branding":{}}`)
	if c.Pages.About.Enabled {
		t.Error("absent about page is enabled")
	}
	got := string(siteconfig.Canonical(c))
	for _, want := range []string{`"about":{"enabled":false,"sections":[]}`, `"items":[]`, `"branding":{}`} {
		if !strings.Contains(got, want) {
			t.Errorf("canonical form %s lacks %s", got, want)
		}
	}
	if strings.Contains(got, `"display"`) {
		t.Errorf("canonical form %s has display without rules", got)
	}
}

func TestParseRejectsShape(t *testing.T) {
	home := func(section string) string {
		return `{"pages":{"home":{"enabled":true,"sections":[` + section + `]}}}`
	}
	tests := []struct {
		name, doc, path string
	}{
		{"UnknownTopLevel", `{"pages":{"home":{"enabled":true}},"theme":"dark"}`, "theme"},
		{"UnknownPage", `{"pages":{"home":{"enabled":true},"blog":{"enabled":true}}}`, "pages.blog"},
		{"UnknownPageField", `{"pages":{"home":{"enabled":true,"title":"x"}}}`, "pages.home.title"},
		{"UnknownSectionField", home(`{"type":"hero","headline":"h","ctaText":"c","colour":"red"}`), "pages.home.sections.0.colour"},
		{"FieldOfOtherKind", home(`{"type":"cta","headline":"h","ctaText":"c","content":"x"}`), "pages.home.sections.0.content"},
		{"WrongCase", home(`{"type":"hero","Headline":"h","ctaText":"c"}`), "pages.home.sections.0.Headline"},
		{"UnknownSectionType", home(`{"type":"video","url":"https://x.example"}`), "pages.home.sections.0.type"},
		{"MissingSectionType", home(`{"headline":"h"}`), "pages.home.sections.0.type"},
		{"SectionTypeNotString", home(`{"type":7}`), "pages.home.sections.0.type"},
		{"SectionNotObject", home(`"hero"`), "pages.home.sections.0"},
		{"SectionNull", home(`null`), "pages.home.sections.0"},
		{"EnabledNotBool", `{"pages":{"home":{"enabled":"yes"}}}`, "pages.home.enabled"},
		{"SectionsNotArray", `{"pages":{"home":{"enabled":true,"sections":{}}}}`, "pages.home.sections"},
		{"HeadlineNotString", home(`{"type":"hero","headline":5,"ctaText":"c"}`), "pages.home.sections.0.headline"},
		{"RatingString", home(`{"type":"testimonials","headline":"h","items":[{"quote":"q","authorName":"a","rating":"5"}]}`), "pages.home.sections.0.items.0.rating"},
		{"RatingFraction", home(`{"type":"testimonials","headline":"h","items":[{"quote":"q","authorName":"a","rating":4.5}]}`), "pages.home.sections.0.items.0.rating"},
		{"RatingHuge", home(`{"type":"testimonials","headline":"h","items":[{"quote":"q","authorName":"a","rating":1e40}]}`), "pages.home.sections.0.items.0.rating"},
		{"UnknownBrandingField", `{"pages":{"home":{"enabled":true}},"branding":{"textColor":"#000"}}`, "branding.textColor"},
		{"UnknownRuleField", `{"pages":{"home":{"enabled":true}},"display":{"packages":[{"packageSlug":"a","pinned":true}]}}`, "display.packages.0.pinned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := siteconfig.Parse([]byte(tt.doc))
			wantFieldError(t, err, tt.path)
		})
	}
}

func TestParseReportsEveryShapeProblem(t *testing.T) {
	_, err := siteconfig.Parse([]byte(`{"pages":{"home":{"enabled":true,"x":1}},"y":2}`))
	fields := fieldsOf(err)
	if _, ok := fields["pages.home.x"]; !ok {
		t.Errorf("fields %v lack pages.home.x", fields)
	}
	if _, ok := fields["y"]; !ok {
		t.Errorf("fields %v lack y", fields)
	}
}

func TestParseRejectsMalformedDocument(t *testing.T) {
	tests := []struct {
		name, doc, wantMessage string
	}{
		{"Syntax", `{"pages": {`, "not valid JSON"},
		{"BadToken", `{"pages": nope}`, "not valid JSON"},
		{"Empty", ``, "empty document"},
		{"Trailing", `{"pages":{"home":{"enabled":true}}} {}`, "after the document"},
		{"Array", `[]`, "must be a JSON object"},
		{"Null", `null`, "must be a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := siteconfig.Parse([]byte(tt.doc))
			if got, want := apperr.Code(err), apperr.CodeValidation; got != want {
				t.Fatalf("code = %s (%v), want %s", got, err, want)
			}
			if !strings.Contains(err.Error(), tt.wantMessage) {
				t.Errorf("error %q does not mention %q", err, tt.wantMessage)
			}
		})
	}
}

func TestParseRejectsOversizedDocument(t *testing.T) {
	doc := `{"pages":{"home":{"enabled":true}},"branding":{"fontFamily":"` + strings.Repeat("a", siteconfig.MaxDocumentSize) + `"}}`
	_, err := siteconfig.Parse([]byte(doc))
	if got, want := apperr.Code(err), apperr.CodePayloadTooLarge; got != want {
		t.Fatalf("code = %s, want %s", got, want)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(exampleDoc))
	f.Add(siteconfig.Canonical(siteconfig.Default("Fuzz")))
	f.Add([]byte(`{"pages":{"home":{"enabled":true,"sections":[{"type":"gallery","headline":"g","images":[{"url":"https://a.b/c","alt":"x"}]}]}}}`))
	f.Add([]byte(`{"display":{"packages":[{"packageSlug":"a","order":1,"visibleFrom":"2025-01-01"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := siteconfig.Parse(data)
		if err != nil {
			return
		}
		// A document that parsed must survive its own canonical form.
		again, err := siteconfig.Parse(siteconfig.Canonical(c))
		if err != nil {
			t.Fatalf("canonical form of an accepted document is refused: %v (%v)", err, fieldsOf(err))
		}
		if !siteconfig.Equal(c, again) {
			t.Fatalf("canonical round trip changed the config")
		}
	})
}
