package siteconfig_test

import (
	"strings"
	"testing"

	"mais/internal/siteconfig"
)

// TestDocumentTextIsCheckedByTextin: one-line fields refuse line and
// paragraph separators as well as control characters, multi-line fields
// refuse NUL, and lengths (URLs included) are counted in characters.
func TestDocumentTextIsCheckedByTextin(t *testing.T) {
	headline := `"headline": "Weddings by the lake"`
	with := func(old, new string) string {
		if !strings.Contains(exampleDoc, old) {
			t.Fatalf("example document lacks %s", old)
		}
		return strings.Replace(exampleDoc, old, new, 1)
	}
	_, err := siteconfig.Parse([]byte(with(headline, `"headline": "Weddings\u2028by the lake"`)))
	wantFieldError(t, err, "pages.home.sections.0.headline")

	_, err = siteconfig.Parse([]byte(with(`We host twenty weddings a year.`, `We host\u0000 twenty.`)))
	wantFieldError(t, err, "pages.about.sections.0.content")

	mustParse(t, with(headline, `"headline": "`+strings.Repeat("Ñ", siteconfig.MaxHeadline)+`"`))
	mustParse(t, with(`"https://cdn.example.com/hero.jpg"`, `"https://cdn.example.com/`+strings.Repeat("ñ", 2000)+`"`))
}
