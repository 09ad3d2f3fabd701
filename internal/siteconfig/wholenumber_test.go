package siteconfig_test

import (
	"testing"

	"mais/internal/siteconfig"
)

// TestParseWholeNumberReason: an integer field of the document given a
// string, a fraction or a number past its range says "must be a whole
// number", as the API's decoder does — not "must be a number".
func TestParseWholeNumberReason(t *testing.T) {
	const path = "pages.home.sections.0.items.0.rating"
	for _, rating := range []string{`"5"`, `4.5`, `1e40`} {
		doc := `{"pages":{"home":{"enabled":true,"sections":[{"type":"testimonials","headline":"h","items":[{"quote":"q","authorName":"a","rating":` + rating + `}]}]}}}`
		_, err := siteconfig.Parse([]byte(doc))
		wantFieldError(t, err, path)
		if got := fieldsOf(err)[path]; got != "must be a whole number" {
			t.Errorf("rating %s: reason %q, want %q", rating, got, "must be a whole number")
		}
	}
}
