package siteconfig_test

import (
	"reflect"
	"strings"
	"testing"

	"mais/internal/siteconfig"
)

func TestDisplayRulesApply(t *testing.T) {
	catalog := []string{"elopement", "half-day", "full-day", "weekend"}
	tests := []struct {
		name         string
		rules        []siteconfig.PackageRule
		today        string
		wantVisible  []string
		wantFeatured map[string]bool
	}{
		{
			name:         "NoRulesKeepsCatalog",
			today:        "2025-06-01",
			wantVisible:  catalog,
			wantFeatured: map[string]bool{},
		},
		{
			name: "OrderedFirstThenCatalogOrder",
			rules: []siteconfig.PackageRule{
				{PackageSlug: "weekend", Order: 2},
				{PackageSlug: "full-day", Order: 1},
			},
			today:        "2025-06-01",
			wantVisible:  []string{"full-day", "weekend", "elopement", "half-day"},
			wantFeatured: map[string]bool{},
		},
		{
			name: "EqualOrderKeepsCatalogOrder",
			rules: []siteconfig.PackageRule{
				{PackageSlug: "weekend", Order: 1},
				{PackageSlug: "half-day", Order: 1},
			},
			today:        "2025-06-01",
			wantVisible:  []string{"half-day", "weekend", "elopement", "full-day"},
			wantFeatured: map[string]bool{},
		},
		{
			name: "HiddenAndFeatured",
			rules: []siteconfig.PackageRule{
				{PackageSlug: "elopement", Hidden: true, Featured: true},
				{PackageSlug: "full-day", Featured: true},
				{PackageSlug: "deleted-package", Order: 1, Featured: true},
			},
			today:        "2025-06-01",
			wantVisible:  []string{"half-day", "full-day", "weekend"},
			wantFeatured: map[string]bool{"full-day": true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := siteconfig.DisplayRules{Packages: tt.rules}
			visible, featured := d.Apply(catalog, tt.today)
			if !reflect.DeepEqual(visible, tt.wantVisible) {
				t.Errorf("visible = %v, want %v", visible, tt.wantVisible)
			}
			if !reflect.DeepEqual(featured, tt.wantFeatured) {
				t.Errorf("featured = %v, want %v", featured, tt.wantFeatured)
			}
		})
	}
}

func TestDisplayRulesSeasonalWindow(t *testing.T) {
	d := siteconfig.DisplayRules{Packages: []siteconfig.PackageRule{
		{PackageSlug: "winter", VisibleFrom: "2025-12-01", VisibleUntil: "2026-02-28", Featured: true},
		{PackageSlug: "early-bird", VisibleUntil: "2025-03-31"},
		{PackageSlug: "new-season", VisibleFrom: "2025-09-01"},
	}}
	slugs := []string{"winter", "early-bird", "new-season"}
	tests := []struct {
		today string
		want  []string
	}{
		{"2025-03-31", []string{"early-bird"}},
		{"2025-04-01", []string{}},
		{"2025-09-01", []string{"new-season"}},
		{"2025-11-30", []string{"new-season"}},
		{"2025-12-01", []string{"winter", "new-season"}},
		{"2026-02-28", []string{"winter", "new-season"}},
		{"2026-03-01", []string{"new-season"}},
	}
	for _, tt := range tests {
		t.Run(tt.today, func(t *testing.T) {
			visible, featured := d.Apply(slugs, tt.today)
			if !reflect.DeepEqual(visible, tt.want) {
				t.Errorf("visible = %v, want %v", visible, tt.want)
			}
			if got, want := featured["winter"], len(visible) > 0 && visible[0] == "winter"; got != want {
				t.Errorf("winter featured = %v, want %v", got, want)
			}
		})
	}
}

func TestDisplayRulesDocument(t *testing.T) {
	c := mustParse(t, `{"pages":{"home":{"enabled":true}},"display":{"packages":[
		{"packageSlug":"full-day","order":1,"featured":true,"visibleFrom":"2025-05-01","visibleUntil":"2025-09-30"},
		{"packageSlug":"elopement","hidden":true}]}}`)
	if got, want := len(c.Display.Packages), 2; got != want {
		t.Fatalf("%d rules, want %d", got, want)
	}
	r, ok := c.Display.Rule("full-day")
	if !ok || r.Order != 1 || !r.Featured || r.VisibleUntil != "2025-09-30" {
		t.Errorf("rule = %+v, %v", r, ok)
	}
	doc := string(siteconfig.Canonical(c))
	want := `"display":{"packages":[{"packageSlug":"full-day","hidden":false,"order":1,"featured":true,"visibleFrom":"2025-05-01","visibleUntil":"2025-09-30"},{"packageSlug":"elopement","hidden":true,"order":0,"featured":false}]}`
	if !strings.Contains(doc, want) {
		t.Errorf("canonical form %s lacks %s", doc, want)
	}
}
