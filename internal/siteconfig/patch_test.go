package siteconfig_test

import (
	"strings"
	"testing"

	"mais/internal/apperr"
	"mais/internal/siteconfig"
)

func TestApplyPatch(t *testing.T) {
	tests := []struct {
		name  string
		patch string
		check func(t *testing.T, c siteconfig.Config)
	}{
		{
			name:  "ReplaceHeadline",
			patch: `[{"op":"replace","path":"/pages/home/sections/0/headline","value":"Weddings in the hills"}]`,
			check: func(t *testing.T, c siteconfig.Config) {
				if got, want := c.Pages.Home.Sections[0].(siteconfig.HeroSection).Headline, "Weddings in the hills"; got != want {
					t.Errorf("headline = %q, want %q", got, want)
				}
			},
		},
		{
			name:  "AppendSection",
			patch: `[{"op":"add","path":"/pages/home/sections/-","value":{"type":"cta","headline":"Ready?","ctaText":"Book"}}]`,
			check: func(t *testing.T, c siteconfig.Config) {
				if got, want := len(c.Pages.Home.Sections), 2; got != want {
					t.Fatalf("home has %d sections, want %d", got, want)
				}
				if got, want := c.Pages.Home.Sections[1].Kind(), siteconfig.KindCTA; got != want {
					t.Errorf("section 1 kind = %q, want %q", got, want)
				}
			},
		},
		{
			name:  "InsertSectionFirst",
			patch: `[{"op":"add","path":"/pages/home/sections/0","value":{"type":"cta","headline":"Ready?","ctaText":"Book"}}]`,
			check: func(t *testing.T, c siteconfig.Config) {
				if got, want := c.Pages.Home.Sections[0].Kind(), siteconfig.KindCTA; got != want {
					t.Errorf("section 0 kind = %q, want %q", got, want)
				}
				if got, want := c.Pages.Home.Sections[1].Kind(), siteconfig.KindHero; got != want {
					t.Errorf("section 1 kind = %q, want %q", got, want)
				}
			},
		},
		{
			name:  "RemoveSection",
			patch: `[{"op":"remove","path":"/pages/about/sections/0"}]`,
			check: func(t *testing.T, c siteconfig.Config) {
				if got := len(c.Pages.About.Sections); got != 0 {
					t.Errorf("about has %d sections, want 0", got)
				}
			},
		},
		{
			name:  "AddAbsentOptionalField",
			patch: `[{"op":"remove","path":"/branding/logoUrl"},{"op":"add","path":"/branding/logoUrl","value":"https://cdn.example.com/new.png"}]`,
			check: func(t *testing.T, c siteconfig.Config) {
				if got, want := c.Branding.LogoURL, "https://cdn.example.com/new.png"; got != want {
					t.Errorf("logoUrl = %q, want %q", got, want)
				}
			},
		},
		{
			name: "TestThenReplace",
			patch: `[{"op":"test","path":"/pages/testimonials/sections/0/items/0/rating","value":5},
				{"op":"replace","path":"/pages/testimonials/enabled","value":true}]`,
			check: func(t *testing.T, c siteconfig.Config) {
				if !c.Pages.Testimonials.Enabled {
					t.Error("testimonials not enabled")
				}
			},
		},
		{
			name:  "TestObject",
			patch: `[{"op":"test","path":"/pages/faq/sections/0/items/0","value":{"answer":"Yes, for sixty cars.","question":"Is there parking?"}}]`,
			check: func(t *testing.T, c siteconfig.Config) {},
		},
		{
			name:  "AddDisplayRules",
			patch: `[{"op":"add","path":"/display","value":{"packages":[{"packageSlug":"full-day","featured":true}]}}]`,
			check: func(t *testing.T, c siteconfig.Config) {
				if r, ok := c.Display.Rule("full-day"); !ok || !r.Featured {
					t.Errorf("rule = %+v, %v; want featured full-day", r, ok)
				}
			},
		},
		{
			name:  "ReplaceWholeDocument",
			patch: `[{"op":"replace","path":"","value":{"pages":{"home":{"enabled":true,"sections":[]}}}}]`,
			check: func(t *testing.T, c siteconfig.Config) {
				if c.Pages.About.Enabled || len(c.Pages.Home.Sections) != 0 {
					t.Errorf("config = %s, want the replacement", siteconfig.Canonical(c))
				}
			},
		},
		{
			name:  "Empty",
			patch: `[]`,
			check: func(t *testing.T, c siteconfig.Config) {
				if !siteconfig.Equal(c, mustParse(t, exampleDoc)) {
					t.Error("empty patch changed the config")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := mustParse(t, exampleDoc)
			before := string(siteconfig.Canonical(base))
			got, err := siteconfig.ApplyPatch(base, []byte(tt.patch))
			if err != nil {
				t.Fatalf("ApplyPatch: %v (fields %v)", err, fieldsOf(err))
			}
			tt.check(t, got)
			if string(siteconfig.Canonical(base)) != before {
				t.Error("ApplyPatch modified its base")
			}
		})
	}
}

func TestApplyPatchReplaceHeadlineDiff(t *testing.T) {
	base := mustParse(t, exampleDoc)
	got, err := siteconfig.ApplyPatch(base, []byte(`[{"op":"replace","path":"/pages/home/sections/0/headline","value":"New"}]`))
	if err != nil {
		t.Fatal(err)
	}
	changes := siteconfig.Diff(base, got)
	if len(changes) != 1 || changes[0].Path != "pages.home.sections.0.headline" {
		t.Fatalf("Diff = %#v, want only the headline", changes)
	}
}

func TestApplyPatchRejects(t *testing.T) {
	tests := []struct {
		name, patch, path string
	}{
		{"NotArray", `{"op":"add"}`, "patch"},
		{"NotJSON", `[{"op":`, "patch"},
		{"OpNotObject", `["add"]`, "patch.0"},
		{"MissingOp", `[{"path":"/pages"}]`, "patch.0.op"},
		{"UnknownOp", `[{"op":"merge","path":"/pages","value":{}}]`, "patch.0.op"},
		{"MoveUnsupported", `[{"op":"move","from":"/a","path":"/b"}]`, "patch.0.op"},
		{"MissingPath", `[{"op":"remove"}]`, "patch.0.path"},
		{"PointerWithoutSlash", `[{"op":"replace","path":"pages/home/enabled","value":true}]`, "patch.0.path"},
		{"BadEscape", `[{"op":"add","path":"/pages/a~2b","value":1}]`, "patch.0.path"},
		{"TrailingTilde", `[{"op":"add","path":"/pages/a~","value":1}]`, "patch.0.path"},
		{"MissingValue", `[{"op":"add","path":"/branding/logoUrl"}]`, "patch.0.value"},
		{"TestFailed", `[{"op":"test","path":"/pages/home/sections/0/headline","value":"Something else"}]`, "patch.0.value"},
		{"TestTypeMismatch", `[{"op":"test","path":"/pages/testimonials/sections/0/items/0/rating","value":"5"}]`, "patch.0.value"},
		{"TestMissingPath", `[{"op":"test","path":"/pages/nope","value":1}]`, "patch.0.path"},
		{"RemoveMissing", `[{"op":"remove","path":"/pages/home/nope"}]`, "patch.0.path"},
		{"ReplaceMissing", `[{"op":"replace","path":"/pages/home/nope","value":1}]`, "patch.0.path"},
		{"ReplaceAbsentOptional", `[{"op":"replace","path":"/display","value":{}}]`, "patch.0.path"},
		{"IndexOutOfRange", `[{"op":"replace","path":"/pages/home/sections/1","value":{}}]`, "patch.0.path"},
		{"AddPastEnd", `[{"op":"add","path":"/pages/home/sections/2","value":{}}]`, "patch.0.path"},
		{"LeadingZeroIndex", `[{"op":"remove","path":"/pages/home/sections/00"}]`, "patch.0.path"},
		{"NegativeIndex", `[{"op":"remove","path":"/pages/home/sections/-1"}]`, "patch.0.path"},
		{"DashOutsideAdd", `[{"op":"replace","path":"/pages/home/sections/-","value":{}}]`, "patch.0.path"},
		{"IntoScalar", `[{"op":"add","path":"/pages/home/enabled/x","value":1}]`, "patch.0.path"},
		{"MissingParent", `[{"op":"add","path":"/pages/blog/enabled","value":true}]`, "patch.0.path"},
		{"RemoveRoot", `[{"op":"remove","path":""}]`, "patch.0.path"},
		{"SecondOpBad", `[{"op":"replace","path":"/pages/about/enabled","value":false},{"op":"remove","path":"/nope"}]`, "patch.1.path"},

		// The result is parsed, so config rules apply with config paths.
		{"ResultHomeDisabled", `[{"op":"replace","path":"/pages/home/enabled","value":false}]`, "pages.home.enabled"},
		{"ResultUnsafeURL", `[{"op":"replace","path":"/pages/home/sections/0/backgroundImageUrl","value":"javascript:alert(1)"}]`, "pages.home.sections.0.backgroundImageUrl"},
		{"ResultUnknownField", `[{"op":"add","path":"/pages/home/sections/0/colour","value":"red"}]`, "pages.home.sections.0.colour"},
		{"ResultUnknownSectionType", `[{"op":"add","path":"/pages/home/sections/-","value":{"type":"video"}}]`, "pages.home.sections.1.type"},
		// ~1 decodes to "/" and ~01 to "~1", as RFC 6901 orders it.
		{"EscapedSlash", `[{"op":"add","path":"/pages/a~1b","value":{}}]`, "pages.a/b"},
		{"EscapedTilde", `[{"op":"add","path":"/pages/a~01","value":{}}]`, "pages.a~1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := siteconfig.ApplyPatch(mustParse(t, exampleDoc), []byte(tt.patch))
			wantFieldError(t, err, tt.path)
		})
	}
}

func TestApplyPatchLimits(t *testing.T) {
	ops := strings.Repeat(`{"op":"test","path":"/pages/home/enabled","value":true},`, siteconfig.MaxPatchOps+1)
	_, err := siteconfig.ApplyPatch(mustParse(t, exampleDoc), []byte("["+strings.TrimSuffix(ops, ",")+"]"))
	wantFieldError(t, err, "patch")

	_, err = siteconfig.ApplyPatch(mustParse(t, exampleDoc), make([]byte, siteconfig.MaxDocumentSize+1))
	if got, want := apperr.Code(err), apperr.CodePayloadTooLarge; got != want {
		t.Errorf("code = %s, want %s", got, want)
	}
}

func FuzzApplyPatch(f *testing.F) {
	f.Add([]byte(`[{"op":"replace","path":"/pages/home/sections/0/headline","value":"x"}]`))
	f.Add([]byte(`[{"op":"add","path":"/pages/home/sections/-","value":{"type":"cta","headline":"h","ctaText":"c"}}]`))
	f.Add([]byte(`[{"op":"remove","path":"/pages/about/sections/0"},{"op":"test","path":"/pages/a~1b","value":null}]`))
	base, err := siteconfig.Parse([]byte(exampleDoc))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, patch []byte) {
		got, err := siteconfig.ApplyPatch(base, patch)
		if err != nil {
			if apperr.Code(err) == apperr.CodeInternal {
				t.Fatalf("internal error for a client patch: %v", err)
			}
			return
		}
		if err := got.Validate(); err != nil {
			t.Fatalf("patched config is invalid: %v", err)
		}
	})
}
