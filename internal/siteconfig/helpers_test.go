package siteconfig_test

import (
	"errors"
	"testing"

	"mais/internal/apperr"
	"mais/internal/siteconfig"
)

// exampleDoc is the docs/API.md §8 document with real values, written in the
// canonical key order so its compact form equals Canonical's output.
const exampleDoc = `{
  "pages": {
    "home": {"enabled": true, "sections": [{"type": "hero", "headline": "Weddings by the lake", "subheadline": "Small ceremonies, long dinners", "ctaText": "Check your date", "backgroundImageUrl": "https://cdn.example.com/hero.jpg"}]},
    "about": {"enabled": true, "sections": [{"type": "text", "headline": "About us", "content": "Two planners, one boathouse.\nWe host twenty weddings a year.", "imageUrl": "https://cdn.example.com/us.jpg", "imagePosition": "left"}]},
    "services": {"enabled": true, "sections": []},
    "faq": {"enabled": true, "sections": [{"type": "faq", "headline": "Questions", "items": [{"question": "Is there parking?", "answer": "Yes, for sixty cars."}]}]},
    "contact": {"enabled": true, "sections": [{"type": "contact", "headline": "Say hello", "email": "hello@lakehouse.example", "phone": "+1 (555) 010-2030", "address": "1 Shore Road, Lakeside", "hours": "Mon-Fri 9-5"}]},
    "gallery": {"enabled": false, "sections": [{"type": "gallery", "headline": "Recent weddings", "images": [{"url": "https://cdn.example.com/g1.jpg", "alt": "Couple on the jetty"}], "instagramHandle": "@lakehouse.weddings"}]},
    "testimonials": {"enabled": false, "sections": [{"type": "testimonials", "headline": "Kind words", "items": [{"quote": "Calm, kind and on time.", "authorName": "Ana and Luis", "rating": 5}]}]}
  },
  "branding": {"primaryColor": "#7b3f4e", "secondaryColor": "#2e3a46", "accentColor": "#abc", "backgroundColor": "#FBF8F4", "fontFamily": "Georgia, serif", "logoUrl": "https://cdn.example.com/logo.png"}
}`

func mustParse(t *testing.T, doc string) siteconfig.Config {
	t.Helper()
	c, err := siteconfig.Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse: %v (fields %v)", err, fieldsOf(err))
	}
	return c
}

func fieldsOf(err error) map[string]string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// wantFieldError fails unless err is a VALIDATION_ERROR that names exactly
// the given path.
func wantFieldError(t *testing.T, err error, path string) {
	t.Helper()
	if got, want := apperr.Code(err), apperr.CodeValidation; got != want {
		t.Fatalf("code = %s (err %v), want %s", got, err, want)
	}
	fields := fieldsOf(err)
	if _, ok := fields[path]; !ok || len(fields) != 1 {
		t.Fatalf("fields = %v, want exactly %q", fields, path)
	}
}
