package siteconfig_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"mais/internal/siteconfig"
)

func TestDefault(t *testing.T) {
	for _, name := range []string{"Maple & Vine Events", "", strings.Repeat("Long Name ", 40)} {
		c := siteconfig.Default(name)
		if err := c.Validate(); err != nil {
			t.Fatalf("Default(%.20q) is invalid: %v (%v)", name, err, fieldsOf(err))
		}
		again, err := siteconfig.Parse(siteconfig.Canonical(c))
		if err != nil {
			t.Fatalf("Parse(Canonical(Default(%.20q))): %v (%v)", name, err, fieldsOf(err))
		}
		if !siteconfig.Equal(c, again) {
			t.Errorf("Default(%.20q) does not survive a round trip", name)
		}
	}

	c := siteconfig.Default("Maple & Vine Events")
	if got, want := strings.Join(c.EnabledPages(), ","), "home,about,services,faq,contact"; got != want {
		t.Errorf("enabled pages = %s, want %s", got, want)
	}
	faq, ok := c.Pages.FAQ.Sections[0].(siteconfig.FAQSection)
	if !ok || len(faq.Items) < 4 || len(faq.Items) > 5 {
		t.Errorf("faq section = %#v, want 4 or 5 questions", c.Pages.FAQ.Sections[0])
	}
	doc := string(siteconfig.Canonical(c))
	if !strings.Contains(doc, "Maple \\u0026 Vine Events") {
		t.Errorf("default site does not mention the business name: %s", doc)
	}
	if strings.Contains(strings.ToLower(doc), "lorem") {
		t.Error("default site contains placeholder text")
	}
}

// TestDefaultBrandingContrast checks WCAG AA (4.5:1) for every brand color
// against the background and against white text on a button.
func TestDefaultBrandingContrast(t *testing.T) {
	b := siteconfig.Default("x").Branding
	for _, fg := range []string{b.PrimaryColor, b.SecondaryColor, b.AccentColor} {
		for _, bg := range []string{b.BackgroundColor, "#ffffff"} {
			if got := contrast(t, fg, bg); got < 4.5 {
				t.Errorf("contrast %s on %s = %.2f, want at least 4.5", fg, bg, got)
			}
		}
	}
}

func TestBrandingResolved(t *testing.T) {
	got := siteconfig.Branding{PrimaryColor: "#000"}.Resolved()
	def := siteconfig.Default("x").Branding
	if got.PrimaryColor != "#000" {
		t.Errorf("primary = %s, want the tenant's #000", got.PrimaryColor)
	}
	if got.BackgroundColor != def.BackgroundColor || got.FontFamily != def.FontFamily {
		t.Errorf("resolved = %+v, want defaults for empty fields", got)
	}
}

func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 {
		t.Fatalf("color %q is not #rrggbb", hex)
	}
	var lin [3]float64
	for i := range lin {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatalf("color %q: %v", hex, err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2]
}
