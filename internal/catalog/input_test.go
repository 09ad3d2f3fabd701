package catalog_test

import (
	"strings"
	"testing"

	"mais/internal/apperr"
	"mais/internal/catalog"
)

func ptr[T any](v T) *T { return &v }

func TestPackageInputClean(t *testing.T) {
	tests := []struct {
		name     string
		in       catalog.PackageInput
		creating bool
		field    string // the field refused, "" for none
	}{
		{"OK", catalog.PackageInput{Slug: ptr("full-day"), Name: ptr("Full day"), BasePriceCents: ptr(int64(150000))}, true, ""},
		{"ErrSlugRequired", catalog.PackageInput{Name: ptr("Full day"), BasePriceCents: ptr(int64(1))}, true, "slug"},
		{"ErrSlugShape", catalog.PackageInput{Slug: ptr("Full Day"), Name: ptr("x"), BasePriceCents: ptr(int64(1))}, true, "slug"},
		{"ErrPriceNegative", catalog.PackageInput{Slug: ptr("a"), Name: ptr("x"), BasePriceCents: ptr(int64(-1))}, true, "basePriceCents"},
		{"ErrScriptPhoto", catalog.PackageInput{PhotoURL: ptr("javascript:alert(1)")}, false, "photoUrl"},
		{"ErrControlInName", catalog.PackageInput{Name: ptr("bad\x00name")}, false, "name"},
		{"ErrEmptyPatch", catalog.PackageInput{}, false, "body"},
		{"ErrNULInDescription", catalog.PackageInput{Description: ptr("one\x00two")}, false, "description"},
		{"ErrEscapeInDescription", catalog.PackageInput{Description: ptr("one\x1b[2Jtwo")}, false, "description"},
		{"ErrInvalidUTF8InDescription", catalog.PackageInput{Description: ptr("one\xfftwo")}, false, "description"},
		{"ErrLineBreakInName", catalog.PackageInput{Name: ptr("Full\r\nday")}, false, "name"},
		{"ErrNULInPhoto", catalog.PackageInput{PhotoURL: ptr("https://example.com/a\x00.jpg")}, false, "photoUrl"},
		{"NameOf120Characters", catalog.PackageInput{Name: ptr(strings.Repeat("Ñ", 120))}, false, ""},
		{"ErrNameOf121Characters", catalog.PackageInput{Name: ptr(strings.Repeat("Ñ", 121))}, false, "name"},
		{"DescriptionWithLineBreaks", catalog.PackageInput{Description: ptr("<p>one</p>\r\n\t<p>two</p>")}, false, ""},
		{"PatchOneField", catalog.PackageInput{Active: ptr(false)}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.in.Clean(tt.creating)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Clean: %v", err)
				}
				return
			}
			e, ok := err.(*apperr.Error)
			if !ok || e.Code != apperr.CodeValidation || e.Fields[tt.field] == "" {
				t.Fatalf("Clean: %v, want a validation error on %s", err, tt.field)
			}
		})
	}
}

// TestDescriptionKeptAsTyped: the description is stored as the business
// typed it (Markdown), only trimmed; pages render it (TestDescriptionHTML).
func TestDescriptionKeptAsTyped(t *testing.T) {
	typed := "**Eight hours**\n\n- two photographers\n> a quote <script>x</script>"
	out, err := catalog.PackageInput{Description: ptr(" " + typed + "\n ")}.Clean(false)
	if err != nil {
		t.Fatal(err)
	}
	if got := *out.Description; got != typed {
		t.Fatalf("description %q, want %q", got, typed)
	}
}
