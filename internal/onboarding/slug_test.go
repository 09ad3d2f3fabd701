package onboarding

import (
	"strings"
	"testing"

	"mais/internal/tenant"
)

// TestSlugFor: a business name becomes a valid, unreserved slug: accents
// folded, words joined by single hyphens, apostrophes dropped, at most 40
// characters, "studio" for names without Latin letters or digits.
func TestSlugFor(t *testing.T) {
	for name, want := range map[string]string{
		"Willow & Oak Photography":       "willow-oak-photography",
		"  Café Lumière  ":               "cafe-lumiere",
		"Anna's Weddings":                "annas-weddings",
		"Straße & Søn":                   "strasse-son",
		"ÆTHER--Films!!":                 "aether-films",
		"東京フォト":                          "studio",
		"A":                              "studio",
		"admin":                          "admin-studio",
		"Help":                           "help-studio",
		strings.Repeat("long name ", 10): "long-name-long-name-long-name-long-name",
	} {
		got := SlugFor(name)
		if got != want {
			t.Errorf("SlugFor(%q) = %q, want %q", name, got, want)
		}
		if err := tenant.ValidateSlug(got); err != nil {
			t.Errorf("SlugFor(%q) = %q is not a valid slug: %v", name, got, err)
		}
	}
	for i, want := range map[int]string{1: "base", 2: "base-2", 37: "base-37"} {
		if got := candidate("base", i); got != want {
			t.Errorf("candidate(base, %d) = %q, want %q", i, got, want)
		}
	}
	if got := candidate(strings.Repeat("a", 40), 12); len(got) != 40 || !strings.HasSuffix(got, "-12") {
		t.Errorf("long candidate %q", got)
	}
}
